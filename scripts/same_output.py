"""Show that two versions of the generator build byte-identical sites.

    python scripts/same_output.py [REF]     (default REF: HEAD)

Builds, with the generator as committed at REF (checked out in a temporary git
worktree) and with the generator in this working tree: the conference site,
the sample sites of tests/sites/, and a benchmark corpus (5 languages × 60
articles, large enough for the process pool), each online and offline, with the
same SOURCE_DATE_EPOCH. Then compares the output trees file by file and prints
every difference. Exit status 0 when every tree is identical.

A refactoring that claims to change nothing runs this against the commit
before it.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE_PARTS = ("site.toml", "babel.cfg", "content", "templates", "locales", "static", "data")
EPOCH = "1700000000"  # 2023-11-14: the conference is past, as it is for any build today


def copy_conference_site(into: Path) -> Path:
    into.mkdir(parents=True)
    for name in SITE_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, into / name)
        elif source.is_file():
            shutil.copy2(source, into / name)
    return into


def sites_to_build(root: Path) -> dict[str, Path]:
    sites = {"conference": copy_conference_site(root / "conference")}
    for name in ("minimal", "multilingual"):
        shutil.copytree(REPO / "tests" / "sites" / name, root / name)
        sites[name] = root / name
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--langs", "5", "--pages", "60", str(root / "corpus")], check=True, capture_output=True)
    sites["corpus"] = root / "corpus"
    return sites


def build(generator: Path, site: Path, out: Path, *options: str) -> None:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, str(generator / "build.py"), "build", "-q", "--clean", "--site", str(site), "--out", str(out), *options]
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        sys.exit(f"{generator.name}: building {site.name} {' '.join(options)} failed:\n{result.stdout}{result.stderr}")


def differences(left: Path, right: Path) -> list[str]:
    found = []
    comparison = filecmp.dircmp(left, right)
    found += [f"only in the old build: {left / name}" for name in comparison.left_only]
    found += [f"only in the new build: {right / name}" for name in comparison.right_only]
    _, mismatch, errors = filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)
    found += [f"differs: {(left / name).relative_to(left)}" for name in mismatch + errors]
    for name in comparison.common_dirs:
        found += differences(left / name, right / name)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ref", nargs="?", default="HEAD")
    ref = parser.parse_args().ref
    with tempfile.TemporaryDirectory(prefix="same-output-") as temporary:
        root = Path(temporary)
        old = root / "old-generator"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(old), ref], check=True, capture_output=True)
        try:
            sites = sites_to_build(root / "sites")
            failed = 0
            for name, site in sites.items():
                for options in ((), ("--offline",), ("-j", "2")):
                    label = f"{name} {' '.join(options)}".strip()
                    # Each generator gets its own copy: the build's caches live in the site folder.
                    trees = []
                    for generator in (old, REPO):
                        copy = root / "copies" / generator.name / label.replace(" ", "_")
                        shutil.copytree(site, copy)
                        build(generator, copy, copy.parent / f"{copy.name}-out", *options)
                        trees.append(copy.parent / f"{copy.name}-out")
                    found = differences(*trees)
                    files = sum(1 for path in trees[1].rglob("*") if path.is_file())
                    print(f"{label}: {files} files, {'identical' if not found else f'{len(found)} differences'}")
                    for line in found[:20]:
                        print(f"    {line}")
                    failed += bool(found)
            print(f"\n{'every tree is identical' if not failed else f'{failed} trees differ'} (generator at {ref} against the working tree)")
            return 1 if failed else 0
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old)], capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
