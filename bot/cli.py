"""The `ownerbot` command line (DESIGN.md, "Contracts"). Fixable errors exit 2 with one line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence

from pydantic import ValidationError
from sqlalchemy.engine import make_url

from bot.settings import Settings, load_settings

EXIT_USAGE = 2


class CliError(Exception):
    """A problem the person can fix; printed as one line, exit status 2."""


def _settings() -> Settings:
    try:
        return load_settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']).upper()} {err['msg']}" for err in exc.errors()
        )
        raise CliError(f"invalid settings: {problems}") from None


def _safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is reported as such, never echoed with a secret
        return "<unparseable DATABASE_URL>"


def cmd_migrate(_args: argparse.Namespace) -> int:
    from storage.migrate import migrate_url

    settings = _settings()
    asyncio.run(migrate_url(settings.database_url))
    print(f"ownerbot: database {_safe_url(settings.database_url)} is at the newest schema")
    return 0


def cmd_run(_args: argparse.Namespace) -> int:
    from bot.runner import run_bot

    settings = _settings()
    missing = settings.missing_for_run()
    if missing:
        raise CliError(
            f"cannot start: {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set "
            "(put them in the environment or .env; see .env.example)"
        )
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Alembic narrates every schema check at INFO; the bot's own log says what matters.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return asyncio.run(run_bot(settings))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ownerbot",
        description="Accountable owners, response times and a weekly digest for client channels.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    run = sub.add_parser("run", help="run the bot and its scheduler (HTTP or Socket Mode)")
    run.set_defaults(handler=cmd_run)
    migrate = sub.add_parser("migrate", help="bring the database to the newest schema")
    migrate.set_defaults(handler=cmd_migrate)
    from bot.cli_digest import add_digest_commands  # here: it imports this module

    add_digest_commands(sub)
    from bot.cli_privacy import add_privacy_commands

    add_privacy_commands(sub)
    from bot.demo.cli import add_demo_command

    add_demo_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except CliError as exc:
        print(f"ownerbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
