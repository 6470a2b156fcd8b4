"""Reading and checking a site's files: site.toml, the pages, the data files, photographs, static files, the schedule, and the languages Babel knows. Each key is declared once (core.schema)."""
