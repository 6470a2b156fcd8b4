"""What the command line does besides building: the preview, the checker, the translators' commands and a new site."""
