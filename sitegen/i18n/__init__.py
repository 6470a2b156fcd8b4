"""Translation: catalogs and their plural forms, PO files as gettext's tools write them, pages cut into segments and put together again, and each translation's state."""
