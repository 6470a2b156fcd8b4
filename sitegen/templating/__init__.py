"""The Jinja2 environment and its rendering, Markdown's own extensions for marks and comments, figures, and the catalogs extracted from the templates."""
