"""Relative links, made through a cache and shared by the pages of a section, are the links made one by one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.model.urls import relative_url


def link_made_alone(from_file: str, to_file: str, explicit_index: bool) -> str:
    """The link from one file to another, by comparing their folders part by part."""
    target, _, fragment = to_file.partition("#")
    if not explicit_index and (target == "index.html" or target.endswith("/index.html")):
        target = target[: -len("index.html")]
    from_parts, to_parts = from_file.split("/")[:-1], target.split("/")
    common = 0
    while common < len(from_parts) and common < len(to_parts) - 1 and from_parts[common] == to_parts[common]:
        common += 1
    link = "../" * (len(from_parts) - common) + "/".join(to_parts[common:])
    return (link or "./") + (f"#{fragment}" if fragment else "")


FOLDERS = st.lists(st.sampled_from(["es", "a", "ab", "noticias", "b"]), max_size=4)
FILES = st.sampled_from(["index.html", "404.html", "feed.xml", "site.css"])


@settings(max_examples=500, deadline=None)
@given(FOLDERS, FILES, FOLDERS, FILES, st.sampled_from(["", "#aims"]), st.booleans())
def test_a_link_from_a_folder_is_the_link_made_alone(from_folders, from_name, to_folders, to_name, fragment, explicit_index):
    from_file, to_file = "/".join([*from_folders, from_name]), "/".join([*to_folders, to_name]) + fragment
    assert relative_url(from_file, to_file, explicit_index=explicit_index) == link_made_alone(from_file, to_file, explicit_index)


def test_a_link_to_an_anchor_of_another_page_keeps_its_fragment_in_every_style():
    """The speakers' links (programme.py: people/index.html#person-…) are the caller that needs fragments."""
    from sitegen.model.urls import ABSOLUTE, FROM_ROOT, ON_DISK, RELATIVE, Linker

    target = "es/programa/people/index.html#person-ivan-petrov"
    links = {
        style: Linker("es/programa/reports/index.html", "https://example.org/conference/", style)(target) for style in (RELATIVE, ON_DISK, FROM_ROOT, ABSOLUTE)
    }
    assert links == {
        RELATIVE: "../people/#person-ivan-petrov",
        ON_DISK: "../people/index.html#person-ivan-petrov",
        FROM_ROOT: "/conference/es/programa/people/#person-ivan-petrov",
        ABSOLUTE: "https://example.org/conference/es/programa/people/#person-ivan-petrov",
    }
    assert relative_url("es/index.html", "es/index.html#top") == "./#top"
