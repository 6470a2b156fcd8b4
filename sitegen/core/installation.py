"""What the generator needs installed, and what to say when the Python running it lacks it.

Only the standard library here: this module speaks when the libraries are missing
(``python3 build.py build`` outside the virtual environment).
"""

from __future__ import annotations

import contextlib
import shlex
import sys
from pathlib import Path

EXIT_NOT_INSTALLED = 3


class SystemLibraryMissing(Exception):
    """What the site asks for needs a library of the system, which pip cannot install: the message says which, and how."""


# What the generator imports (or asks the version of), by import or distribution name → the package to install.
PACKAGES = {
    "babel": "babel",
    "jinja2": "jinja2",
    "markdown": "markdown",
    "markupsafe": "markupsafe",
    "nh3": "nh3",
    "weasyprint": "weasyprint",
    "PIL": "pillow",
    "pillow": "pillow",
    "yaml": "pyyaml",
    "pyyaml": "pyyaml",
    "tzdata": "tzdata",
    "watchfiles": "watchfiles",
}


def missing_package(exc: BaseException) -> str | None:
    """The package a failed import or version look-up shows to be missing, or None if it is not one the generator needs."""
    # importlib.metadata costs 15 ms to import, at every command: a PackageNotFoundError means it was imported.
    metadata = sys.modules.get("importlib.metadata")
    if isinstance(exc, ModuleNotFoundError):
        name = (exc.name or "").partition(".")[0]
    elif metadata is not None and isinstance(exc, metadata.PackageNotFoundError):
        name = exc.name
    else:
        return None
    return PACKAGES.get(name) or PACKAGES.get(name.lower())


def report_not_installed(package: str, generator_dir: Path) -> int:
    """Say which package is missing and how to run the generator with its environment; the exit status."""
    if not (generator_dir / "Makefile").is_file():
        # An installed generator (pip install), not a checkout: its environment is the one to complete.
        print(f"error: the Python package '{package}' is not installed for {sys.executable}, the Python running the generator.", file=sys.stderr)
        print(f"Install it into that environment: {shlex.join([sys.executable, '-m', 'pip', 'install', package])}", file=sys.stderr)
        return EXIT_NOT_INSTALLED
    venv_python = generator_dir / ".venv" / "bin" / "python"
    with contextlib.suppress(ValueError):  # outside the current folder: its whole path
        venv_python = venv_python.relative_to(Path.cwd())
    script = sys.argv[0] if sys.argv and sys.argv[0] else str(generator_dir / "build.py")
    again = shlex.join([str(venv_python), script, *sys.argv[1:]])
    print(f"error: the Python package '{package}' is not installed for {sys.executable}, the Python running the generator.", file=sys.stderr)
    print(
        f"Run 'make build' in {generator_dir} (it sets up .venv/ with every package needed, then builds), or run the command with .venv's Python:",
        file=sys.stderr,
    )
    print(f"  {again}", file=sys.stderr)
    return EXIT_NOT_INSTALLED
