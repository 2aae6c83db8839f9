"""`ownerbot demo [--db PATH] [--json] [--interactive]` (DESIGN.md "The demo").

The heavy modules (the app, the stand-in, the database) are imported when the command runs, so
`ownerbot --help` stays fast."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from bot.demo.render import Style


def add_demo_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser(
        "demo",
        help="play a sample engagement through the real app: no Slack account needed",
        description="Four weeks of two client channels, played through ownerbot's own Slack app "
        "against a local stand-in of Slack, on a temporary SQLite database; prints what people "
        "would see. Reads no tokens or settings from the environment or .env.",
    )
    demo.add_argument(
        "--db", metavar="PATH", type=Path, help="keep the SQLite database at PATH (a new file)"
    )
    demo.add_argument(
        "--json",
        action="store_true",
        help="print only the digests: a JSON array, one `ownerbot digest --json` object per "
        "client channel (week 48)",
    )
    demo.add_argument(
        "--interactive",
        action="store_true",
        help="a shell on stdin: type as anyone in the demo channels and see what the bot does",
    )
    demo.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    return demo_main(args, stdin=sys.stdin, stdout=sys.stdout)


def demo_main(args: argparse.Namespace, *, stdin: TextIO, stdout: TextIO) -> int:
    from bot.cli import CliError

    if args.interactive and (args.json or args.db):
        raise CliError("--interactive plays on its own temporary database and takes no --json/--db")
    if args.db is not None and Path(args.db).expanduser().exists():
        raise CliError(f"--db {args.db} already exists: the demo plays into a new database file")
    style = _style(stdout)
    if args.interactive:
        from bot.demo.shell import run_shell

        asyncio.run(run_shell(stdin, stdout, echo=not _is_tty(stdin), style=style))
        return 0
    from bot.demo.run import run_demo

    asyncio.run(run_demo(stdout, database=args.db, as_json=args.json, style=style))
    return 0


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _style(out: TextIO) -> Style:
    from bot.demo.render import PLAIN, Style

    if _is_tty(out) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb":
        return Style.ansi()
    return PLAIN
