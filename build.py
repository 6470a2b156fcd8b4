#!/usr/bin/env python3
"""Build the conference site: python build.py build (see python build.py --help)."""

import sys
from pathlib import Path

from sitegen.cli import main

if __name__ == "__main__":
    sys.exit(main(default_site=Path(__file__).resolve().parent))
