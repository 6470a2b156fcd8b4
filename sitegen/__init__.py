"""A static, multilingual website generator: Markdown and Jinja2 in, one site per language out."""

__version__ = "0.1.0"
