"""The `sop` command: check, scaffold, build, serve and print SOP data sets.

Entry point only: each subcommand parses its options and calls into the stage modules.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sop import messages
from sop.clock import build_date
from sop.errors import SopError
from sop.messages import msg
from sop.yamlio import CONTROL

if TYPE_CHECKING:
    from sop.dataset import DataSet

DEFAULT_DATA = Path("sop_data")
log = logging.getLogger("sop")


def cmd_check(args: argparse.Namespace) -> int:
    """Validate a data set and print every problem; with --due, list reviews that are due."""
    from sop.dataset import load

    data = load(args.data)
    print(msg("cli.check_ok", data=args.data, sops=len(data.sops), decrees=len(data.decrees)))
    return _print_due(data, args.today) if args.due else 0


def _print_due(data: DataSet, today: dt.date | None) -> int:
    """List SOPs due for review; exit 1 when any is overdue (for a scheduled CI job)."""
    from sop.revisions import due

    today = today or build_date()
    found = due(data, today)
    for item in found:
        state = msg("cli.due_overdue") if item.overdue else msg("cli.due_soon")
        print(
            f"{state:9} {item.review.isoformat()}  {item.sop.id}  {item.sop.nomor}  "
            f"{item.sop.judul}"
        )
    overdue = sum(item.overdue for item in found)
    print(msg("cli.due_summary", n=len(found), by=today + dt.timedelta(days=30), overdue=overdue))
    return 1 if overdue else 0


def cmd_revise(args: argparse.Namespace) -> int:
    """Freeze the version in force and open the next version as a draft."""
    from sop.dataset import load
    from sop.revisions import revise

    data = load(args.data)
    frozen, source = revise(data, args.id, args.ringkasan, args.today or build_date())
    print(msg("cli.revised", frozen=frozen, source=source, versi=data.sops[args.id].versi + 1,
              data_opt=_data_option(args.data)))
    return 0


def cmd_tinjau(args: argparse.Namespace) -> int:
    """Record a periodic review of the version in force (fingerprint and PDFs unchanged)."""
    from sop.dataset import load
    from sop.revisions import fingerprint, record_review, review_date

    tanggal = args.tanggal or args.today or build_date()
    source, sop = record_review(load(args.data), args.id, tanggal, args.hasil, args.berikutnya)
    last = sop.tinjauan[-1]
    print(msg("cli.reviewed", tanggal=last.tanggal, source=source, hasil=last.hasil,
              berikutnya=review_date(sop), versi=sop.versi, fingerprint=fingerprint(sop)))
    return 0


def _data_option(data: Path) -> str:
    """' --data DIR' when the data folder is not the default one (for the next commands)."""
    return "" if Path(data) == DEFAULT_DATA else f" --data {data}"


def cmd_new(args: argparse.Namespace) -> int:
    """Scaffold a new, valid SOP file."""
    from sop.scaffold import ask_missing, decree_hint, write_new_sop

    answers = ask_missing(args, interactive=not args.yes)  # a pipe answers like a terminal
    path = write_new_sop(Path(args.data), answers)
    print(msg("cli.new_created", path=path, id=answers.id, data_opt=_data_option(args.data)))
    hint = decree_hint(Path(args.data), answers)
    if hint:
        print(hint)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import existing SOP documents (.docx, .pdf, .doc) as draft data files."""
    from sop.importer import import_files

    report = import_files(args.files, args.data)
    print(report.text())
    return 1 if report.failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site and every PDF; the previous site stays in place if anything fails."""
    from sop.site.build import publish

    started = time.monotonic()
    result = publish(args.data, args.site_dir, strict=True, drafts=args.drafts,
                     engine=args.engine)
    preview = msg("cli.preview_note") if args.drafts else ""
    if not result.ran:
        print(msg("cli.up_to_date", site=args.site_dir, data=args.data, preview=preview,
                  seconds=f"{time.monotonic() - started:.1f}"))
        return 0
    print(msg("cli.built", site=args.site_dir, data=args.data, engine=result.engine,
              pages=result.pages, pdfs=result.pdfs, preview=preview,
              seconds=f"{time.monotonic() - started:.0f}"))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview the site with live reload while editing the data."""
    from sop.site.preview import serve

    serve(args.data, args.dev_addr, drafts=args.drafts, engine=args.engine)
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    """Print one SOP (or a whole decree book) as PDF."""
    from sop.names import web_address_problem
    from sop.pdf import write_pdf_command

    problem = web_address_problem(args.site_url) if args.site_url else None
    if problem:
        raise SopError(msg("cli.site_url", problem=problem))
    path = write_pdf_command(
        args.data, args.id, out=args.out, resmi=args.resmi, site_url=args.site_url
    )
    print(msg("cli.wrote", path=path))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema files that editors use."""
    from sop.schema import write_schemas

    for path in write_schemas():
        print(msg("cli.wrote", path=path))
    return 0


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help=msg("help.data")
    )


def _add_drafts(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--drafts",
        action="store_true",
        help=msg("help.drafts"),
    )


def _add_engine(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=("mkdocs", "zensical"),
        help=msg("help.engine"),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sop", description=msg("help.sop"))
    parser.add_argument("-v", "--verbose", action="store_true", help=msg("help.verbose"))
    parser.add_argument(
        "--lang",
        choices=messages.LANGUAGES,
        help=msg("help.lang"),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help=msg("help.check"))
    _add_data(check)
    check.add_argument(
        "--due",
        action="store_true",
        help=msg("help.due"),
    )
    check.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    check.set_defaults(func=cmd_check)

    revise = sub.add_parser("revise", help=msg("help.revise"))
    _add_data(revise)
    revise.add_argument("id", help=msg("help.id"))
    revise.add_argument("--ringkasan", "-m", required=True, help=msg("help.ringkasan"))
    revise.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    revise.set_defaults(func=cmd_revise)

    tinjau = sub.add_parser(
        "tinjau", help=msg("help.tinjau")
    )
    _add_data(tinjau)
    tinjau.add_argument("id", help=msg("help.id"))
    tinjau.add_argument("--tanggal", type=_date, help=msg("help.tanggal"))
    tinjau.add_argument(
        "--hasil", help=msg("help.hasil")
    )
    tinjau.add_argument(
        "--berikutnya", type=_date, help=msg("help.berikutnya")
    )
    tinjau.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    tinjau.set_defaults(func=cmd_tinjau)

    new = sub.add_parser("new", help=msg("help.new"))
    _add_data(new)
    new.add_argument("--id", help=msg("help.new_id"))
    new.add_argument("--judul", help=msg("help.judul"))
    new.add_argument("--nomor", help=msg("help.nomor"))
    new.add_argument("--unit", help=msg("help.unit"))
    new.add_argument("--pelaksana", help=msg("help.pelaksana"))
    new.add_argument("--keputusan", help=msg("help.keputusan"))
    new.add_argument("--yes", action="store_true", help=msg("help.yes"))
    new.set_defaults(func=cmd_new)

    imp = sub.add_parser("import", help=msg("help.import"))
    _add_data(imp)
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help=msg("help.files"))
    imp.set_defaults(func=cmd_import)

    build = sub.add_parser("build", help=msg("help.build"))
    _add_data(build)
    build.add_argument(
        "--site",
        dest="site_dir",
        type=Path,
        default=Path("site"),
        help=msg("help.site"),
    )
    _add_drafts(build)
    _add_engine(build)
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser("serve", help=msg("help.serve"))
    _add_data(serve)
    serve.add_argument(
        "--addr",
        dest="dev_addr",
        default="127.0.0.1:8000",
        help=msg("help.addr"),
    )
    _add_drafts(serve)
    _add_engine(serve)
    serve.set_defaults(func=cmd_serve)

    pdf = sub.add_parser("pdf", help=msg("help.pdf"))
    _add_data(pdf)
    pdf.add_argument("id", help=msg("help.pdf_id"))
    pdf.add_argument("--out", type=Path, help=msg("help.out"))
    pdf.add_argument(
        "--resmi", action="store_true", help=msg("help.resmi")
    )
    pdf.add_argument(
        "--site-url",
        help=msg("help.site_url"),
    )
    pdf.set_defaults(func=cmd_pdf)

    schema = sub.add_parser("schema", help=msg("help.schema"))
    schema.set_defaults(func=cmd_schema)
    return parser


class _Neutralised(io.TextIOBase):
    """Standard output or error that writes control characters as visible escapes (`\\x1b`):
    no title, file name or message from the data can drive the terminal it is printed on."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(CONTROL.sub(lambda m: repr(m.group())[1:-1], text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: the build stops and cleans up; the old site stays."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _date(text: str) -> dt.date:
    """A date option: YYYY-MM-DD, or an argparse error in the user's language."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(msg("schema.bad_date", value=repr(text))) from None


def main(argv: Sequence[str] | None = None) -> int:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Neutralised(out), _Neutralised(err)
    own_words = vars(argparse)["_"]
    vars(argparse)["_"] = messages.argparse_text  # usage, option groups, argparse's errors
    try:
        return _main(sys.argv[1:] if argv is None else list(argv))
    finally:
        sys.stdout, sys.stderr = out, err
        vars(argparse)["_"] = own_words
        messages.set_language(None)


def _lang_option(argv: Sequence[str]) -> str | None:
    """The language `--lang` asks for, read before the options are parsed, so that the help
    and argparse's own errors already speak it."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _not_a_dirty_build_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns on each incremental rebuild of `sop serve` that the navigation may be
    inaccurate; the preview rewrites the navigation itself, so the warning only alarms."""
    return "'dirty' build" not in record.getMessage()


def _main(argv: Sequence[str]) -> int:
    messages.set_language(_lang_option(argv))
    args = build_parser().parse_args(argv)
    messages.set_language(args.lang)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    level = logging.DEBUG if args.verbose else logging.INFO
    logging.basicConfig(level=level, format="%(message)s")
    for noisy in ("weasyprint", "fontTools", "mkdocs.plugins.mkdocs_macros", "MARKDOWN",
                  "mkdocs.commands.build"):  # MkDocs' progress lines, in English, repeat ours
        logging.getLogger(noisy).setLevel(level if args.verbose else logging.WARNING)
    logging.getLogger("mkdocs.commands.build").addFilter(_not_a_dirty_build_warning)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except SopError as exc:
        report = getattr(exc, "report", None)
        print(report() if callable(report) else msg("cli.error", text=exc), file=sys.stderr)
        return 1
    except OSError as exc:  # a folder or disk problem outside the build's own handling
        where = f" {exc.filename}" if exc.filename else ""
        text = msg("cli.cannot_write", where=where, reason=exc.strerror or exc)
        print(msg("cli.error", text=text), file=sys.stderr)
        return 1
    except Terminated:
        print(msg("cli.terminated"), file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print(msg("cli.interrupted"), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
