"""One way to write a file outside the output: in one rename, so that nothing a person edits is ever left half-written."""

from __future__ import annotations

import os

import pytest

from sitegen.core import files
from sitegen.core.files import write_atomically


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
