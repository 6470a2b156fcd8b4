#!/usr/bin/env python3
"""Build the conference site: python build.py build (see python build.py --help)."""

import sys
from pathlib import Path

if __name__ == "__main__":
    try:
        from sitegen.cli import entry
    except ImportError as exc:  # a Python without the generator's packages: not the virtual environment
        from sitegen.core.installation import missing_package, report_not_installed

        package = missing_package(exc)
        if package is None:
            raise
        sys.exit(report_not_installed(package, Path(__file__).resolve().parent))
    entry(default_site=Path(__file__).resolve().parent)
