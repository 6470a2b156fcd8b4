"""Markdown: the site's renderer gives exactly Python-Markdown's HTML, only faster."""

from __future__ import annotations

import pytest
from corpus import page_body
from helpers import REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from sitegen.inputs.content import read_page
from sitegen.templating.markup import MarkdownRenderer


def stock_inline(renderer: MarkdownRenderer) -> MarkdownRenderer:
    """The same renderer with Python-Markdown's own inline processor, which tries every pattern everywhere,
    its own block processors, which search every block, and every heading's id read through the toc extension's functions."""
    renderer._md.treeprocessors.register(InlineProcessor(renderer._md), "inline", 20)
    renderer._md.treeprocessors["sitegen_heading_ids"].plain_text_directly = False  # type: ignore[attr-defined] # every heading read as the toc extension reads it
    for processor in renderer._md.parser.blockprocessors:
        processor.__dict__.pop("test", None)
        processor.__dict__.pop("run", None)
    return renderer


def both_ways(text: str, allow_raw_html: bool = False) -> tuple:
    ours = MarkdownRenderer(allow_raw_html=allow_raw_html).render(text, "news/page")
    stock = stock_inline(MarkdownRenderer(allow_raw_html=allow_raw_html)).render(text, "news/page")
    return ours, stock


def test_the_stock_renderer_is_really_a_different_processor():
    assert type(MarkdownRenderer()._md.treeprocessors["inline"]) is not InlineProcessor
    assert type(stock_inline(MarkdownRenderer())._md.treeprocessors["inline"]) is InlineProcessor
    guarded = [processor for processor in MarkdownRenderer()._md.parser.blockprocessors if {"test", "run"} & processor.__dict__.keys()]
    assert len(guarded) == 7
    assert not [processor for processor in stock_inline(MarkdownRenderer())._md.parser.blockprocessors if {"test", "run"} & processor.__dict__.keys()]
    assert MarkdownRenderer()._md.treeprocessors["sitegen_heading_ids"].plain_text_directly  # type: ignore[attr-defined]
    assert not stock_inline(MarkdownRenderer())._md.treeprocessors["sitegen_heading_ids"].plain_text_directly  # type: ignore[attr-defined]


@pytest.mark.parametrize("source", sorted((REPO / "content").rglob("*.md")), ids=lambda path: path.relative_to(REPO / "content").as_posix())
def test_every_page_of_the_site_renders_as_python_markdown_renders_it(source):
    page = read_page(source, REPO, source.relative_to(REPO / "content").parts[0], [])
    assert page is not None
    ours, stock = both_ways(page.body)
    assert ours == stock


def test_benchmark_pages_render_as_python_markdown_renders_them():
    import random

    for number in range(20):
        body = page_body(random.Random(number), number, 100)
        ours, stock = both_ways(body)
        assert ours == stock


# Every character an inline pattern starts with, and the blocks around them.
PIECES = st.sampled_from(
    [
        "`",
        "``",
        "\\",
        "\\`",
        "[",
        "]",
        "(",
        ")",
        "![",
        "[^1]",
        "[^1]: note",
        "<",
        ">",
        "<http://a.b>",
        "<a@b.c>",
        "<b>",
        "</b>",
        "&",
        "&amp;",
        "&#42;",
        "*",
        "**",
        "_",
        "__",
        "  \n",
        "\n",
        "\n\n",
        "# ",
        "- ",
        "1. ",
        "> ",
        "| a | b |\n|---|---|\n",
        "[x]: http://x",
        "[x]",
        "[x][]",
        "![i](p.png)",
        "[l](page.md#a)",
        " ",
        "word",
        "é",
        "e\u0301",
        # what the block processors look for: headings, rules, quotes, tables, notes and references at a line's start or inside it
        "#",
        "\n#",
        "###",
        "\n=",
        "\n-",
        "\n==\n",
        "---",
        "\n***\n",
        "_ _ _",
        "   >",
        "|",
        "a|b\n-|-\n",
        "\n[^n]: x",
        "[r]: /u",
        "]:",
    ]
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40), allow_raw_html=st.booleans())
def test_any_markdown_renders_as_python_markdown_renders_it(pieces, allow_raw_html):
    ours, stock = both_ways("".join(pieces), allow_raw_html)
    assert ours == stock
