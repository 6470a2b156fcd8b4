"""Text formats from plain values: Atom feeds, iCalendar, sitemaps, the Content-Security-Policy, schema.org event data. They know no site, only the values they are given."""
