"""One way to write a file outside the output: in one rename, so that nothing a person edits is ever left half-written."""

from __future__ import annotations

import os

import pytest

from sitegen.core import files
from sitegen.core.files import write_atomically
from sitegen.core.problems import Problem


def test_a_write_interrupted_before_its_rename_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    catalog = tmp_path / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_bytes(b'msgid "Menu"\nmsgstr "Men\xc3\xba"\n')

    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(catalog, b"half")
    assert catalog.read_bytes() == b'msgid "Menu"\nmsgstr "Men\xc3\xba"\n'
    assert sorted(path.name for path in catalog.parent.iterdir()) == ["messages.po"]


def test_a_write_keeps_the_file_s_permissions_and_writes_through_a_link(tmp_path):
    real = tmp_path / "shared" / "site.toml"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o664)
    link = tmp_path / "site.toml"
    link.symlink_to(real)
    write_atomically(link, b"new")
    assert link.is_symlink(), "the link stays a link"
    assert real.read_text(encoding="utf-8") == "new"
    assert oct(real.stat().st_mode & 0o777) == oct(0o664)


def test_a_write_makes_the_folder_it_needs(tmp_path):
    target = tmp_path / ".cache" / "sitegen" / "pages.pickle"
    write_atomically(target, b"data")
    assert target.read_bytes() == b"data"
    assert os.listdir(target.parent) == ["pages.pickle"]


def test_a_large_cache_is_written_straight_into_the_file_in_one_rename(tmp_path):
    import pickle

    target = tmp_path / "pages.pickle"
    value = {"content/en/index.md": ("a page", 3)}
    write_atomically(target, lambda file: pickle.dump(value, file))
    assert pickle.loads(target.read_bytes()) == value
    assert os.listdir(tmp_path) == ["pages.pickle"]


def test_the_site_walk_gives_each_folders_files_by_name_then_its_folders_and_refuses_links_out(tmp_path):
    site = tmp_path / "site"
    for name in ("b.md", "a.md", "z/2.md", "z/1.md", "m/x/deep.md", "m/top.md", ".hidden.md", ".git/inside.md", "photo.jpg"):
        (site / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "content" / name).write_text(name, encoding="utf-8")
    (tmp_path / "outside.md").write_text("outside", encoding="utf-8")
    (site / "content" / "link-out.md").symlink_to(tmp_path / "outside.md")
    (site / "content" / "link-in.md").symlink_to(site / "content" / "a.md")
    (site / "content" / "folder-link").symlink_to(site / "content" / "z")
    problems: list[Problem] = []
    walked = list(files.site_files(site / "content", site, problems))
    assert [file.name for file in walked] == [
        "a.md",
        "b.md",
        "link-in.md",
        "photo.jpg",
        ".git/inside.md",
        "m/top.md",
        "m/x/deep.md",
        "z/1.md",
        "z/2.md",
    ]
    assert [file.path for file in walked] == list(files.iter_site_files(site / "content", site, []))
    assert walked[2].stat.st_size == len("a.md"), "a link to a file inside the site is read as that file"
    assert [(problem.path, problem.message.split(":")[0]) for problem in problems] == [
        ("content/folder-link", "is a link to a folder"),
        ("content/link-out.md", "is a link to a file outside the site"),
    ]
    assert [file.name for file in files.site_files(site / "content", site, [], ".md")] == [name for name in (f.name for f in walked) if name.endswith(".md")]


def test_links_that_lead_nowhere_are_left_out_with_a_warning_and_never_stop_the_walk(tmp_path):
    from sitegen.core.incremental import input_stats

    site = tmp_path / "site"
    content = site / "content"
    content.mkdir(parents=True)
    (content / "a.md").write_text("a", encoding="utf-8")
    for name, target in (
        ("loop.md", "loop.md"),
        (".loop.md", ".loop.md"),
        ("x.md", "y.md"),
        ("y.md", "x.md"),
        ("through.md", "a.md/x"),
        ("gone.md", "nowhere.md"),
    ):
        (content / name).symlink_to(target)
    problems: list[Problem] = []
    assert [file.name for file in files.site_files(content, site, problems)] == ["a.md"]
    assert [(problem.path, problem.is_warning) for problem in problems] == [
        (f"content/{name}", True) for name in ("gone.md", "loop.md", "through.md", "x.md", "y.md")
    ], "each named, not left out without a word (a hidden file is passed over, as every hidden file)"
    assert problems[0].message.startswith("is a link to 'nowhere.md', which is no file")
    assert list(input_stats(site)) == ["content/a.md"]
