"""python -m sitegen: the sitegen command, for an environment whose scripts folder is not on PATH."""

from sitegen.cli import entry

if __name__ == "__main__":
    entry()
