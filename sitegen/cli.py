"""The command line: python build.py <command> [options]."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from .problems import BuildFailed

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def make_parser(default_site: Path) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the multilingual static site.")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks for errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into the output folder")
    build.add_argument("--site", type=Path, default=default_site, help="the site folder (holding site.toml); default: %(default)s")
    build.add_argument("--out", type=Path, default=None, help="the output folder; default: output/ in the site folder")
    build.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show Python tracebacks for errors")

    catalogs = commands.add_parser("catalogs", help="extract the templates' strings and update every language's catalog")
    catalogs.add_argument("--site", type=Path, default=default_site)

    serve = commands.add_parser("serve", help="build, then serve the output folder on 127.0.0.1")
    serve.add_argument("--site", type=Path, default=default_site)
    serve.add_argument("--out", type=Path, default=None)
    serve.add_argument("--port", type=int, default=8000)
    return parser


def main(argv: list[str] | None = None, default_site: Path | None = None) -> int:
    """Run one command; return the process exit status."""
    parser = make_parser(default_site or Path.cwd())
    args = parser.parse_args(argv)
    out_dir = getattr(args, "out", None) or args.site / "output"
    try:
        if args.command == "build":
            return run_build(args.site, out_dir)
        if args.command == "catalogs":
            return run_catalogs(args.site)
        if args.command == "serve":
            status = run_build(args.site, out_dir)
            if status == EXIT_OK:
                from .preview import serve

                serve(out_dir, args.port)
            return status
    except BuildFailed as failure:
        return report_failure(failure)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: say what, not a traceback
        if args.debug:
            raise
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("This is a bug in the generator; run again with --debug for the traceback.", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_USAGE


def run_build(site_dir: Path, out_dir: Path) -> int:
    from .pipeline import build_site

    result = build_site(site_dir, out_dir)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    print(
        f"Built {result.pages} pages ({result.files} files) in {result.languages} languages "
        f"into {out_dir} in {result.seconds:.2f} s"
        + (f", {len(result.warnings)} warnings" if result.warnings else "")
        + "."
    )
    return EXIT_OK


def run_catalogs(site_dir: Path) -> int:
    from .config import load_config
    from .messages import update_catalogs

    written = update_catalogs(site_dir, load_config(site_dir))
    for name in written:
        print(f"updated {name}")
    if not written:
        print("Catalogs already up to date.")
    return EXIT_OK


def report_failure(failure: BuildFailed) -> int:
    for problem in failure.problems:
        print(problem, file=sys.stderr)
    count = len(failure.problems)
    print(f"Build failed: {count} error{'s' if count != 1 else ''}; the output folder was not changed.", file=sys.stderr)
    return EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
