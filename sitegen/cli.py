"""The command line: python build.py <command> [options].

Exit status: 0 done; 1 the site has problems (each printed as file:line: what);
2 the command line itself was wrong; 3 a package the generator needs is not installed
for the Python running it.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import re
import shlex
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sitegen.core.folders import OutputRefused, absolute, refuse_output
from sitegen.core.installation import EXIT_NOT_INSTALLED, SystemLibraryMissing, missing_package, report_not_installed
from sitegen.core.problems import BuildFailed, Problem, did_you_mean
from sitegen.inputs.config import CONFIG_NAME

if TYPE_CHECKING:
    from sitegen.inputs.config import SiteConfig
    from sitegen.model.site import Site
    from sitegen.templating.template_catalogs import CatalogFile

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_PORT_BUSY = 4  # serve: the port is taken
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as a shell reports it
EXIT_BROKEN_PIPE = 141  # the reader of stdout went away: 128 + SIGPIPE
# The options that name folders: made absolute here, once, so nothing below the command line sees a relative path.
PATH_ARGUMENTS = ("site", "out", "root", "folder")
SERVERS = ("nginx", "caddy")


def make_parser(default_site: Path) -> argparse.ArgumentParser:
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "sitegen"
    typed = {"build.py": "build.py", "sitegen": "sitegen", "__main__.py": "python -m sitegen"}.get(program, "sitegen")
    parser = argparse.ArgumentParser(prog=typed, description="Build the multilingual static site.")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks for unexpected errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("--site", type=Path, default=default_site, help="the site folder, holding site.toml (default: %(default)s)")
        return sub

    build = command("build", "build the site into the output folder")
    build.add_argument("--out", type=Path, default=None, help="the output folder (default: output/ in the site folder)")
    build.add_argument("--strict", action="store_true", help="treat warnings (a stale catalog, say) as errors")
    build.add_argument("--clean", action="store_true", help="render everything, ignoring what the last build made")
    build.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="processes to render pages in (default: %(default)s, one per core)")
    add_verbosity(build)
    build.add_argument(
        "--offline",
        action="store_true",
        help="build a copy to open from disk, whose links name index.html, into output-offline/ and output-offline.zip",
    )

    status = command("status", "how complete each language is: interface strings and pages; with a language, what is left to do in it")
    status.add_argument("language", nargs="?", help="list what is left to translate in this language, each at its file and line")
    status.add_argument("--diff", nargs=2, metavar=("LANGUAGE", "NAME"), help="show how a page's source changed since its translation was made")
    status.add_argument("--json", action="store_true", help="print the report as JSON")
    status.add_argument("--fail-under", type=percent, metavar="PERCENT", help="exit 1 if a language's strings or pages are less translated than this")

    translated = command("translated", "mark translations as up to date with their source pages")
    translated.add_argument("language", help="the translation's language, e.g. es")
    translated.add_argument("names", nargs="*", metavar="NAME", help="pages, by name: invitation, news/ilps-call")
    translated.add_argument("--all", action="store_true", help="every page of the language")

    new_language = command("new-language", "add a language: list it in site.toml and create its catalog (or make what one listed by hand lacks)")
    new_language.add_argument("code", help="a language identifier Babel knows, e.g. fr or pt_BR")

    check = command("check", "build into a temporary folder and check links, anchors, images, metadata, alternates and HTML")
    check.add_argument("--fail-under", type=percent, default=0.0, metavar="PERCENT", help="also fail if a language is less translated than this (default: 0)")
    check.add_argument("--strict", action="store_true", help="treat build warnings as errors")

    catalogs = command("catalogs", "extract the templates' strings and update every language's catalog")
    catalogs.add_argument("--check", action="store_true", help="change nothing; exit 1 listing each catalog that is not up to date")

    command("glossary", "write locales/<language>/glossary.tbx from locales/glossary.csv, for each language it has terms for (TBX, as Weblate imports it)")

    segments = command("segments", "write each page's segments as a template and update the catalogs of the pages translated by segments")
    segments.add_argument("--language", help="start translating pages by segments in this language (with --page)")
    segments.add_argument("--page", action="append", default=[], metavar="NAME", help="a page to translate by segments, by name: invitation (repeatable)")

    new = commands.add_parser("new", help="start another conference's site in a new folder", description="start another conference's site in a new folder")
    new.add_argument("folder", type=Path, help="the new site's folder (new or empty)")
    new.add_argument("--name", default=None, help="the conference's name (default: 'The conference', an example to change in site.toml later)")
    new.add_argument(
        "--languages",
        "--language",
        dest="languages",
        default="en",
        metavar="CODES",
        help="the site's languages as Babel names them, separated by commas, the source language first: en,fr (default: %(default)s)",
    )

    server = command("server-config", "print the rules for a web server (nginx or caddy), made from site.toml, to include in its configuration")
    server.add_argument("server", choices=SERVERS, help="the web server: %(choices)s")
    server.add_argument("--root", type=Path, default=None, help="where the output folder is on the server (default: the site's output/)")
    server.add_argument("--listen", default=None, help="what to listen on: nginx's listen value (default: 80), Caddy's site address (default: base_url's host)")

    serve = command("serve", "build, serve on 127.0.0.1, and rebuild and reload on every change")
    serve.add_argument("--out", type=Path, default=None, help="the output folder (default: output/ in the site folder)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default: %(default)s; 0 picks a free one)")
    add_verbosity(serve)
    return parser


def percent(text: str) -> float:
    """A bar for --fail-under: a number from 0 to 100 (a language is never more than 100 % translated)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number: give a percentage from 0 to 100") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not a percentage from 0 to 100")
    return value


def add_verbosity(parser: argparse.ArgumentParser) -> None:
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    loudness.add_argument("-v", "--verbose", action="store_true", help="also print every file written")


def main(argv: list[str] | None = None, default_site: Path | None = None, *, one_shot: bool = False) -> int:
    """Run one command; return the process exit status.

    ``one_shot``: the process ends with the command (entry()).
    """
    parser = make_parser(default_site or Path.cwd())
    args = parser.parse_args(argv)
    if one_shot and args.command == "build":
        # The model is kept whole until the process ends, and reference counting frees what the build drops: the
        # cyclic collector only walks the model again and again, 0.2 s of a 1 s one-page build at 5,000 pages.
        # A worker of the pool collects as usual (scheduler.py). A preview (serve) runs build after build: it collects.
        gc.disable()
    for name in PATH_ARGUMENTS:
        if getattr(args, name, None) is not None:
            setattr(args, name, absolute(getattr(args, name)))
    global _AS_TYPED
    _AS_TYPED = _typed_command(parser.prog, args, absolute(default_site or Path.cwd()))
    try:
        status = run_command(args)
        sys.stdout.flush()  # a reader that went away shows here, not as the interpreter's last words
        sys.stderr.flush()
        return status
    except BrokenPipeError:  # from the command or from what it says of its failure ('2>&1 | head')
        return reader_gone()
    except KeyboardInterrupt:  # Ctrl-C once the command was done, while its last lines went out: nothing is half made
        return EXIT_INTERRUPTED


def entry(default_site: Path | None = None) -> NoReturn:
    """The command line's way in (``sitegen``, ``build.py``): main(), then out of the process at once.

    Everything is written and flushed by then; what the interpreter would do
    next is free the site model object by object, 0.2 s of a 1.5 s build at
    5,000 pages, for nothing. Tests call main(), which returns.
    """
    status = main(default_site=default_site, one_shot=True)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        status = reader_gone()
    os._exit(status)


def run_command(args: argparse.Namespace) -> int:
    """The command, with every way it can end turned into what is printed and an exit status."""
    try:
        if args.command != "new" and not (args.site / CONFIG_NAME).is_file():
            # Before anything is made there: a lock file left in a folder that is no site was published from content/.
            raise BuildFailed([Problem(CONFIG_NAME, None, f"not found in {args.site}: is this a site folder?")])
        if args.command in ("build", "serve"):
            refused = refuse_output(args.site, output_dir(args))
            if refused:
                raise OutputRefused(refused)
        return COMMANDS[args.command](args)
    except BrokenPipeError:
        raise
    except BuildFailed as failure:
        return report_failure(failure, args.command)
    except OutputRefused as refused:
        print(f"error: {refused}. Nothing was changed.", file=sys.stderr)
        return EXIT_USAGE
    except SystemLibraryMissing as missing:
        print(f"error: {missing}.", file=sys.stderr)
        if args.command in ("build", "serve"):
            print("Nothing was built; the output folder was not changed.", file=sys.stderr)
        return EXIT_NOT_INSTALLED
    except KeyboardInterrupt:
        if args.command == "build":
            print("Interrupted: the output folder was not changed.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except PermissionError as exc:  # a file or folder chmod-ed, or owned by another user: the system's refusal, where it happened
        named = Path(exc.filename) if exc.filename else None
        shown = named.relative_to(args.site).as_posix() if named and named.is_absolute() and named.is_relative_to(args.site) else str(named or "?")
        return report_failure(BuildFailed([Problem(shown, None, exc.strerror or "permission denied")]), args.command)
    except Exception as exc:
        package = missing_package(exc)
        if package is not None:  # imported late, by the command that needs it
            return report_not_installed(package, Path(__file__).resolve().parent.parent)
        if args.debug:
            traceback.print_exc()
        else:
            print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
            print("This is a bug in the generator; run again with --debug for the traceback.", file=sys.stderr)
        return EXIT_PROBLEMS


# How the person typed the command ('sitegen', 'python -m sitegen' or 'python build.py', and --site if they gave another folder):
# the commands messages suggest ('run python build.py catalogs') are said that way, so they work as shown.
_AS_TYPED = ("python build.py", "")


def _typed_command(program: str, args: argparse.Namespace, default_site: Path) -> tuple[str, str]:
    site = getattr(args, "site", None)
    where = ""
    if site is not None and site != default_site:
        shown = os.path.relpath(site) if site.is_relative_to(Path.cwd()) else str(site)
        where = f" --site {shlex.quote(shown)}"
    return (program if program in ("sitegen", "python -m sitegen") else "python build.py"), where


def as_typed(text: object) -> str:
    """A message with the commands it suggests written as this command line was typed."""
    program, where = _AS_TYPED
    return re.sub(r"'python build\.py ([^']*)'", lambda match: f"'{program} {match[1]}{where}'", str(text))


def reader_gone() -> int:
    """stdout's reader closed the pipe (``| head``): stop quietly, as a program killed by SIGPIPE does."""
    with contextlib.suppress(OSError):
        # Python flushes both streams once more on its way out; let that go nowhere instead of failing again
        # (with '2>&1 | head' stderr is the same closed pipe).
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            os.dup2(devnull, stream.fileno())
    return EXIT_BROKEN_PIPE


def output_dir(args: argparse.Namespace) -> Path:
    if args.out is not None:
        return args.out
    return args.site / ("output-offline" if getattr(args, "offline", False) else "output")


def run_build(args: argparse.Namespace, resident=None, on_swapped=None) -> int:
    from sitegen.build.pipeline import build_site

    out_dir = output_dir(args)
    from sitegen.core.progress import NORMAL, QUIET, VERBOSE, Progress

    offline = getattr(args, "offline", False)
    level = QUIET if getattr(args, "quiet", False) else VERBOSE if getattr(args, "verbose", False) else NORMAL
    result = build_site(
        args.site,
        out_dir,
        strict=getattr(args, "strict", False),
        offline=offline,
        clean=getattr(args, "clean", False),
        progress=Progress(level),
        # The preview server has threads of its own: no forking there.
        jobs=getattr(args, "jobs", 1),
        resident=resident,
        on_swapped=on_swapped,
    )
    for warning in result.warnings:
        print(as_typed(warning), file=sys.stderr)
    print_examples_note(args.site)
    if not offline:
        print_deploy_notes(args.site)
    if level == QUIET:
        return EXIT_OK
    print(
        f"Built {counted(result.pages, 'page')} ({counted(result.files, 'file')}) in {counted(result.languages, 'language')} "
        f"into {out_dir} in {result.seconds:.2f} s: {result.written} written, {result.unchanged} unchanged"
        + (f", {counted(len(result.warnings), 'warning')}" if result.warnings else "")
        + "."
    )
    if offline:
        print(f"Packed it as {out_dir.with_name(out_dir.name + '.zip')}: unzip it anywhere and open index.html.")
    return EXIT_OK


def counted(number: int, noun: str) -> str:
    """'1 language', '5 languages': the summary line reads as English."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def print_examples_note(site_dir: Path) -> None:
    """One line naming the values of site.toml still as ``sitegen new`` wrote them as examples, if any are."""
    from sitegen.commands.new_site import examples_left

    # base_url's example is told by the placeholder note of every reserved name (print_deploy_notes).
    left = [(key, line) for key, line in examples_left(site_dir) if key != "base_url"]
    if left:
        keys = ", ".join(f"{key} (line {line})" for key, line in left)
        print(f"note: {CONFIG_NAME} still holds the starter's example values of {keys}: put the conference's own there before publishing.", file=sys.stderr)


def print_deploy_notes(site_dir: Path) -> None:
    """What a maintainer must do beyond uploading output/: for a sub-path, the domain's robots.txt."""
    from sitegen.inputs.config import load_config
    from sitegen.outputs.hosting import hosting_of, placeholder_note, robots_note

    hosting = hosting_of(load_config(site_dir))
    placeholder = placeholder_note(hosting)
    if placeholder:
        print(f"note: {placeholder}.", file=sys.stderr)
    note = robots_note(hosting)
    if note:
        print(
            f"note: the site is served under {hosting.prefix}, and crawlers read only {hosting.root_url}robots.txt: add this line to that file: {note}",
            file=sys.stderr,
        )


def run_server_config(args: argparse.Namespace) -> int:
    from sitegen.inputs.config import load_config
    from sitegen.outputs.hosting import hosting_of
    from sitegen.outputs.hosting.caddy import render_caddy
    from sitegen.outputs.hosting.nginx import render_nginx

    hosting = hosting_of(load_config(args.site))
    root = str((args.root or args.site / "output").absolute())
    if args.server == "nginx":
        print(render_nginx(hosting, root, args.listen or "80"), end="")
    else:
        print(render_caddy(hosting, root, args.listen), end="")
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from sitegen.build.pipeline import Resident, quick_build
    from sitegen.commands.preview import PortBusy, serve

    resident = Resident()  # the site's caches and last manifest, kept in memory from one rebuild to the next
    out_dir = output_dir(args)
    try:
        serve(
            args.site,
            out_dir,
            args.port,
            build=lambda on_swapped: run_build(args, resident, on_swapped),
            quick=lambda names: quick_build(args.site, resident, names),
        )
    except PortBusy as busy:
        print(
            f"error: port {busy.port} on 127.0.0.1 is in use by another program (another preview?). "
            f"Stop it, or pick another port: --port {busy.port + 1} (or --port 0 for any free one).",
            file=sys.stderr,
        )
        return EXIT_PORT_BUSY
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from sitegen.core.dates import build_date
    from sitegen.core.problems import stop_if_errors
    from sitegen.i18n.status import format_table, to_json
    from sitegen.model.site import load_site

    site, problems = load_site(args.site, today=build_date())
    stop_if_errors(problems)
    assert site is not None
    if args.diff:
        return print_source_diff(site, *args.diff)
    if args.language:
        return print_todo(site, args.language)
    report = site.status_report()
    if args.json:
        print(json.dumps(to_json(report), ensure_ascii=False, indent=2))
    else:
        print(format_table(report))
    if args.fail_under is not None:
        reasons = report.below(args.fail_under)
        for reason in reasons:
            print(reason, file=sys.stderr)
        if reasons:
            return EXIT_PROBLEMS
    return EXIT_OK


def print_todo(site: Site, language: str) -> int:
    from sitegen.commands.todo import language_todo

    if language not in site.config.languages:
        raise BuildFailed([Problem(CONFIG_NAME, None, f"'{language}' is not one of the site's languages {site.config.languages}")])
    if language == site.config.default_language:
        print(f"{language} is the source language: nothing to translate.")
        return EXIT_OK
    todo = language_todo(site, language)
    for item in todo:
        print(as_typed(item))
    print(f"{counted(len(todo), 'thing')} left to translate in {language}." if todo else f"Nothing left to translate in {language}.")
    return EXIT_OK


def print_source_diff(site: Site, language: str, name: str) -> int:
    from sitegen.i18n.source_diff import source_diff

    source = site.config.default_language
    page = site.written.pages.get(language, {}).get(name)
    if name not in site.written.pages[source]:
        raise BuildFailed([Problem(f"content/{source}", None, f"has no page '{name}'" + did_you_mean(name, site.written.pages[source]))])
    if (language, name) in site.segments.counts:
        print(f"{name} is translated by segments in {language}: each changed segment is fuzzy in its catalog, with its old original as '#| msgid'.")
        print(as_typed(f"See them with 'python build.py status {language}'."))
        return EXIT_OK
    if page is None:
        print(f"content/{language}/{name}.md does not exist yet: translate content/{source}/{name}.md whole.")
        return EXIT_OK
    if site.freshness.of(language, name) != "outdated":
        print(f"content/{language}/{name}.md is up to date with its source: nothing changed since it was translated.")
        return EXIT_OK
    found = source_diff(site.site_dir, source, language, name, page.source_hash)
    print(found.note, file=sys.stderr)
    print(found.diff, end="")
    return EXIT_OK


def run_translated(args: argparse.Namespace) -> int:
    from sitegen.commands.edits import mark_translated
    from sitegen.inputs.config import load_config

    config = load_config(args.site)
    names = list(args.names)
    if args.all:
        source = args.site / "content" / config.default_language
        names = sorted(path.relative_to(source).with_suffix("").as_posix() for path in source.rglob("*.md"))
        names = [name for name in names if (args.site / "content" / args.language / f"{name}.md").is_file()]
    elif not names:
        print("translated: name the pages (e.g. invitation news/ilps-call), or give --all", file=sys.stderr)
        return EXIT_USAGE
    changed = mark_translated(args.site, config, args.language, names)
    for source in changed:
        print(f"marked {source} as translating the current source")
    if not changed:
        print("Already marked as current.")
    return EXIT_OK


def run_new_language(args: argparse.Namespace) -> int:
    from sitegen.commands.edits import add_language

    added = add_language(args.site, args.code)
    if added.listed_before and not added.written:
        has = f"it has its catalog, {added.catalog}" if added.catalog else "it is the source language, which needs no catalog"
        print(f"{args.code} is already listed in {CONFIG_NAME}, and nothing it needs was missing: {has}.")
        return EXIT_OK
    if added.listed_before:
        print(f"{args.code} is already listed in {CONFIG_NAME}; made {', '.join(added.written)}.")
    else:
        for name in added.written:
            print(f"updated {name}")
        print(f"Added '{args.code}'.", end=" ")
    print("The next build makes a full site for it, every page marked as not yet translated.")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    import tempfile

    from sitegen.build.render import render_site
    from sitegen.build.writer import write_site
    from sitegen.commands.checker import check_site, find_html_checker, validate_html

    rendered = render_site(args.site, strict=args.strict)
    site = rendered.site
    for warning in rendered.warnings:
        print(as_typed(warning), file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="sitegen-check-") as temporary:
        out_dir = Path(temporary) / "site"
        write_site(rendered.files, out_dir)
        problems = check_site(out_dir, site.config.base_url, site.languages[site.config.default_language].tag, source_language_texts_by_tag(site))
        pages = sum(1 for file in rendered.files if file.path.endswith(".html"))
        print(f"Checked {pages} pages: links, anchors, images, titles, languages, descriptions, alternates, texts shown in the source language.")
        checker = find_html_checker(args.site)
        if checker:
            problems += validate_html(out_dir, checker)
            print("Validated the HTML with the Nu Html Checker.")
        else:
            print("Skipped HTML validation: it needs java and vnu.jar (npm ci, or set VNU_JAR).")
    problems += [Problem("site.toml", None, f"translation: {reason}") for reason in site.status_report().below(args.fail_under)]
    for problem in problems:
        print(as_typed(problem), file=sys.stderr)
    if problems:
        print(f"Check failed: {counted(len(problems), 'problem')}.", file=sys.stderr)
        return EXIT_PROBLEMS
    print("Check passed.")
    return EXIT_OK


def source_language_texts_by_tag(site: Site) -> dict[str, tuple[str, ...]]:
    """What the pages of each language (by its tag) show in the source language, to be found marked so."""
    from sitegen.i18n.fallbacks import source_language_texts

    facts = site.conference.facts
    localized = [texts for texts in (facts.name, facts.organizer, facts.city, facts.venue)]
    found = {}
    for code, language in site.languages.items():
        # From site.toml itself, not from the views that mark them: a text they failed to mark is found too.
        in_default = (texts.get(code) for texts in localized if not texts.by_language.get(code))
        found[language.tag] = source_language_texts(site.catalogs.get(code), in_default)
    return found


def run_glossary(args: argparse.Namespace) -> int:
    from sitegen.core.files import write_atomically
    from sitegen.core.problems import stop_if_errors
    from sitegen.i18n.glossary import GLOSSARY, glossary_tbx, load_glossary
    from sitegen.inputs.config import load_config

    config = load_config(args.site)
    glossary, problems = load_glossary(args.site, config)
    stop_if_errors(problems)
    if glossary is None:
        raise BuildFailed(
            [Problem(GLOSSARY, None, f"no glossary: write {GLOSSARY}, a header row of language codes ({','.join(config.languages)}) and a row per term")]
        )
    written = False
    for language in glossary.languages:
        if language == glossary.source_language:
            continue
        path = args.site / "locales" / language / "glossary.tbx"
        content = glossary_tbx(glossary, language)
        if path.is_file() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, content)
        print(f"wrote {path.relative_to(args.site).as_posix()} ({counted(sum(1 for term in glossary.terms if language in term.forms), 'term')})")
        written = True
    if not written:
        print("Glossary files already up to date.")
    return EXIT_OK


def run_catalogs(args: argparse.Namespace) -> int:
    from sitegen.inputs.config import load_config
    from sitegen.inputs.schedule import load_schedule
    from sitegen.templating.template_catalogs import changed_catalogs, planned_catalogs, update_catalogs

    config = load_config(args.site)
    schedule, problems = load_schedule(args.site, config)
    if any(not problem.is_warning for problem in problems):
        raise BuildFailed(problems)  # its texts cannot be extracted from a schedule that does not read
    if args.check:
        stale = [(file, "catalogs") for file in changed_catalogs(args.site, planned_catalogs(args.site, config, schedule))]
        stale += [(file, "segments") for file in stale_page_catalogs(args.site, config)]
        for file, command in stale:
            print(as_typed(f"{file.relative}: not up to date: run 'python build.py {command}'"), file=sys.stderr)
        if stale:
            return EXIT_PROBLEMS
        print("Catalogs up to date.")
        return EXIT_OK
    written = update_catalogs(args.site, config, schedule)
    for name in written:
        print(f"updated {name}")
    if not written:
        print("Catalogs already up to date.")
    return EXIT_OK


def stale_page_catalogs(site_dir: Path, config: SiteConfig) -> list[CatalogFile]:
    """The page templates and page catalogs 'segments' would change, for a site that translates pages by segments."""
    from sitegen.commands.segment_catalogs import planned_segment_catalogs
    from sitegen.i18n.segment_pages import segment_template_path
    from sitegen.inputs.content import load_content
    from sitegen.templating.template_catalogs import changed_catalogs

    if not (site_dir / segment_template_path("x")).parent.is_dir():
        return []  # no page is translated by segments: there is nothing to keep up to date
    content, problems = load_content(site_dir, config)
    if any(not problem.is_warning for problem in problems):
        raise BuildFailed(problems)  # segments cannot be cut from pages that do not read
    return changed_catalogs(site_dir, planned_segment_catalogs(site_dir, config, content.pages[config.default_language]))


def run_segments(args: argparse.Namespace) -> int:
    from sitegen.commands.segment_catalogs import check_request, update_segment_catalogs
    from sitegen.inputs.config import load_config
    from sitegen.inputs.content import load_content

    config = load_config(args.site)
    content, problems = load_content(args.site, config)
    sources = content.pages[config.default_language]
    problems += check_request(config, sources, args.language, args.page)
    if any(not problem.is_warning for problem in problems):
        raise BuildFailed(problems)  # segments cannot be cut from pages that do not read
    start = {(args.language, name) for name in args.page}
    written = update_segment_catalogs(args.site, config, sources, start)
    for name in written:
        print(f"updated {name}")
    for language, name in sorted(start):
        if name in content.pages[language]:
            print(f"note: content/{language}/{name}.md translates this page in Markdown, and is used until you delete it")
    if not written:
        print("Page catalogs already up to date.")
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from sitegen.commands.new_site import DEFAULT_NAME, language_list_problems, write_new_site

    languages = [code.strip() for code in args.languages.split(",")]
    problems = language_list_problems(languages)
    if problems:
        print(f"error: --languages {args.languages}: {'; '.join(problems)}. Nothing was written.", file=sys.stderr)
        return EXIT_USAGE
    if args.name is not None and not args.name.strip():
        print("error: --name is empty: give the conference's name, or leave --name out and put it in site.toml later. Nothing was written.", file=sys.stderr)
        return EXIT_USAGE
    written = write_new_site(args.folder, name=DEFAULT_NAME if args.name is None else args.name, languages=languages)
    print(f"Started a site in {args.folder}: {len(written)} files ({', '.join(written)}).")
    print(f"Build it with: sitegen build --site {args.folder}   (then fill in {args.folder / 'site.toml'})")
    return EXIT_OK


COMMANDS = {
    "new": run_new,
    "build": run_build,
    "serve": run_serve,
    "status": run_status,
    "translated": run_translated,
    "new-language": run_new_language,
    "catalogs": run_catalogs,
    "glossary": run_glossary,
    "segments": run_segments,
    "check": run_check,
    "server-config": run_server_config,
}


def report_failure(failure: BuildFailed, command: str) -> int:
    for problem in failure.problems:
        print(as_typed(problem), file=sys.stderr)
    count = len(failure.problems)
    errors = counted(count, "error")
    if command in ("build", "serve"):
        print(f"Build failed: {errors}; the output folder was not changed.", file=sys.stderr)
    else:
        print(f"{command} failed: {errors}; nothing was changed.", file=sys.stderr)
    return EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
