"""The `sop` command: check, scaffold, build, serve and print SOP data sets.

Entry point only: each subcommand parses its options and calls into the stage modules.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sop.errors import SopError

DEFAULT_DATA = Path("sop_data")
log = logging.getLogger("sop")


def cmd_check(args: argparse.Namespace) -> int:
    """Validate a data set and print every problem."""
    from sop.dataset import load

    data = load(args.data)
    print(f"{args.data}: {len(data.sops)} SOP, {len(data.decrees)} keputusan: OK")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Scaffold a new, valid SOP file."""
    from sop.scaffold import ask_missing, write_new_sop

    answers = ask_missing(args, interactive=sys.stdin.isatty() and not args.yes)
    path = write_new_sop(Path(args.data), answers)
    print(f"Created {path}; edit it, then run: sop check --data {args.data}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema files that editors use."""
    from sop.schema import write_schemas

    for path in write_schemas():
        print(f"wrote {path}")
    return 0


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="data folder (default: %(default)s)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sop", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug messages")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="validate a data set and list every problem")
    _add_data(check)
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="create a new SOP file from a few answers")
    _add_data(new)
    new.add_argument("--id", help="stable slug, e.g. cuti-dosen")
    new.add_argument("--judul", help="title of the SOP")
    new.add_argument("--nomor", help="SOP number")
    new.add_argument("--unit", help="id of the owning unit")
    new.add_argument("--pelaksana", help="actor ids for the columns, comma separated")
    new.add_argument("--keputusan", help="id of the decree that will put it in force")
    new.add_argument("--yes", action="store_true", help="never ask; fail on missing answers")
    new.set_defaults(func=cmd_new)

    schema = sub.add_parser("schema", help="regenerate the JSON Schema files in schema/")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except SopError as exc:
        report = getattr(exc, "report", None)
        print(report() if callable(report) else f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
