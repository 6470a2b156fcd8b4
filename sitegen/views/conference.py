"""What templates see of the conference, in one language: its facts, who takes part, and its event data.

Templates see them as ``conference`` and ``participation`` (views.DATA_VIEWS); a template
that does not read one is not given it, and its pages do not depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from babel import Locale

from sitegen.core.dates import format_day_range
from sitegen.core.digest import shared
from sitegen.core.language_marks import InLanguage
from sitegen.core.memo import per_latest
from sitegen.formats.metadata import event_data
from sitegen.inputs.config import Localized
from sitegen.inputs.languages import collation_key, describe_language
from sitegen.inputs.participation import Organisation

if TYPE_CHECKING:
    from sitegen.model.site import Site


@shared
@dataclass(frozen=True)
class ConferenceView:
    """The conference's facts in one language; an empty text is not known yet."""

    name: str
    organizer: str
    dates: str  # "1–3 March 2013", as the language writes a range of days
    start: str  # ISO dates
    end: str
    phase: str  # upcoming, ongoing or past, on the build date
    city: str  # '' until known: templates show it as to be announced
    country: str  # the country's name in the language
    venue: str
    contact_email: str
    website: str  # as the documents write it
    website_url: str  # a link to it
    in_default_language: tuple[str, ...] = ()  # the texts above that show the default language's, for want of this one's (each an InLanguage)


@dataclass(frozen=True)
class OrganisationView:
    name: str
    country: str
    country_in_name: bool = False  # the name says the country already ("Independent Unions of Kazakhstan"): not said twice


@shared
@dataclass(frozen=True)
class ParticipationView:
    """The participation data with country names in the language, sorted in its order."""

    preparatory_group: tuple[OrganisationView, ...]
    confirmed: tuple[OrganisationView, ...]
    registered_countries: int
    not_yet_registered: tuple[str, ...]


def website_url(website: str) -> str:
    """A link to the website the documents name ("www.minersconference.org" → "http://www.minersconference.org/")."""
    if not website:
        return ""
    return website if "://" in website else f"http://{website.rstrip('/')}/"


@per_latest
def conference_view(site: Site, language: str) -> ConferenceView:
    """The conference's facts in one language; a text site.toml gives only in the default language is that one, marked with it."""
    model, config = site.conference, site.config
    facts = model.facts
    texts = {name: in_language(getattr(facts, name), language) for name in ("name", "organizer", "city", "venue")}
    return ConferenceView(
        **texts,
        dates=format_day_range(facts.start, facts.end, config.date_locale(language)),
        start=facts.start.isoformat(),
        end=facts.end.isoformat(),
        phase=model.phase.name,
        country=Locale.parse(language).territories.get(facts.country, facts.country),
        contact_email=facts.contact_email,
        website=facts.website,
        website_url=website_url(facts.website),
        in_default_language=tuple(name for name, text in texts.items() if isinstance(text, InLanguage)),
    )


def in_language(texts: Localized, language: str) -> str:
    """A language's text of a site.toml table by language; the default language's where it has none, as an InLanguage.

    An InLanguage is a plain string to feeds, calendars and structured data,
    and marked with its language where a template writes it (language_marks.py).
    """
    text = texts.get(language)
    if not text or texts.by_language.get(language) or language == texts.default_language:
        return text
    source = describe_language(texts.default_language)
    return InLanguage(text, source.tag, source.direction)


@per_latest
def participation_view(site: Site, language: str) -> ParticipationView | None:
    """Who prepares the conference and who registered, in one language (None where the site has no data/participation.yaml)."""
    participation, default_language = site.conference.participation, site.config.default_language
    if participation is None:
        return None
    territories = Locale.parse(language).territories

    def organisations(group: tuple[Organisation, ...]) -> tuple[OrganisationView, ...]:
        rows = []
        for organisation in group:
            name, country = organisation.name_in(language, default_language), territories.get(organisation.country, organisation.country)
            rows.append(OrganisationView(name, country, collation_key(country)[0] in collation_key(name)[0]))  # accents and case aside
        return tuple(sorted(rows, key=lambda row: (collation_key(row.country), collation_key(row.name))))

    return ParticipationView(
        preparatory_group=organisations(participation.preparatory_group),
        confirmed=organisations(participation.confirmed),
        registered_countries=participation.registered_countries,
        not_yet_registered=tuple(sorted((territories.get(code, code) for code in participation.not_yet_registered), key=collation_key)),
    )


def conference_event(site: Site, language: str, url: str, description: str) -> dict[str, Any] | None:
    """schema.org Event data for the conference's home page in one language; None once its days are past.

    schema.org reads an Event without a status as held as scheduled, and a
    site built after the days cannot know that it was: it says nothing.
    """
    if site.conference.phase.name == "past":
        return None
    facts, view = site.conference.facts, conference_view(site, language)
    return event_data(
        name=view.name,
        start=view.start,
        end=view.end,
        city=view.city,
        country=facts.country,
        country_name=view.country,
        venue=view.venue,
        organizer=view.organizer,
        description=description,
        language_tag=describe_language(language).tag,
        url=url,
    )
