"""Each schema is declared once: the checkers and the key tables of docs/site-folder.md come from the same fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.core.schema import declared_keys, markdown_table
from sitegen.inputs.config import CONFERENCE_KEYS, TOP_KEYS, Conference, SiteConfig
from sitegen.inputs.content import FRONT_MATTER_KEYS, Page
from sitegen.inputs.documents import DOCUMENT_KEYS, VERSION_KEYS, Document, Version
from sitegen.inputs.participation import FIELDS, Participation

README = (Path(__file__).resolve().parent.parent / "docs" / "site-folder.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("schema", "prefix"), [(SiteConfig, ""), (Conference, "conference."), (Page, ""), (Participation, ""), (Document, ""), (Version, "versions[].")]
)
def test_the_readme_shows_each_schema_as_declared(schema, prefix):
    assert markdown_table(schema, prefix) in README, (
        f"docs/site-folder.md's table for {schema.__name__} is out of date; it should be:\n{markdown_table(schema, prefix)}"
    )


def test_the_checkers_know_exactly_the_declared_keys():
    assert (
        list(TOP_KEYS)
        == list(declared_keys(SiteConfig))
        == ["base_url", "default_language", "languages", "conference", "allow_raw_html", "source_url", "date_locales"]
    )
    assert list(CONFERENCE_KEYS) == list(declared_keys(Conference))
    assert list(FIELDS) == list(declared_keys(Participation))
    assert list(DOCUMENT_KEYS) == list(declared_keys(Document)) and list(VERSION_KEYS) == list(declared_keys(Version))
    assert set(FRONT_MATTER_KEYS) == set(declared_keys(Page)) and "body" not in FRONT_MATTER_KEYS, "only front matter, not what the build adds"


def test_every_declared_key_says_what_it_means():
    assert all(spec.meaning for schema in (SiteConfig, Conference, Page, Participation, Document, Version) for spec in declared_keys(schema).values())
