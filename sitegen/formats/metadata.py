"""What machines read in a page's head: schema.org structured data and Open Graph."""

from __future__ import annotations

import functools

from babel import Locale
from babel.core import get_global


@functools.cache
def og_locale(code: str) -> str:
    """Open Graph writes locales as language_TERRITORY ("es_ES"); Babel knows the likely territory."""
    locale = Locale.parse(code)
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = get_global("likely_subtags").get(locale.language)  # "es" → "es_Latn_ES"
    return f"{locale.language}_{likely.split('_')[-1]}" if likely else code


def event_data(
    *,
    name: str,
    start: str,
    end: str,
    city: str,
    country: str,
    country_name: str,
    venue: str,
    organizer: str,
    description: str,
    language_tag: str,
    url: str,
) -> dict:
    """schema.org Event data for the conference, in one language (JSON-LD).

    The place is said as far as it is known: the venue, else the city, else
    the country alone; an unknown city is left out, never guessed.
    """
    address = {"@type": "PostalAddress", "addressCountry": country}
    if city:
        address["addressLocality"] = city
    place = {"@type": "Place", "name": venue or city or country_name, "address": address}
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": name,
        "startDate": start,
        "endDate": end,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": place,
        "organizer": {"@type": "Organization", "name": organizer},  # no url: this site is not the organiser's
        "description": description,
        "inLanguage": language_tag,
        "url": url,
    }
