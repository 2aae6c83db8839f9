"""`ownerbot forget-user U… [--team T…]` and `ownerbot purge`: privacy on request and on schedule.

Both read DATABASE_URL like the bot does and refuse a database that is not migrated.
"""

from __future__ import annotations

import argparse
import asyncio
import re
from typing import TYPE_CHECKING

from bot.cli import CliError, _settings

if TYPE_CHECKING:
    from bot.services.privacy import Forgotten
    from bot.settings import Settings

_USER_ID = re.compile(r"[UW][A-Z0-9]{2,31}")


def add_privacy_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forget = sub.add_parser(
        "forget-user",
        help="remove a person's personal data, keeping the anonymous counts",
        description="Removes the person's name, the text of their questions, mentions of them, "
        "and their Slack id (replaced by an anonymous token in every row, so every figure stays).",
    )
    forget.add_argument("user", metavar="U…", help="the person's Slack user id")
    forget.add_argument("--team", metavar="T…", help="only in this workspace (default: in all)")
    forget.add_argument(
        "--dry-run", action="store_true", help="say what would change, change nothing"
    )
    forget.set_defaults(handler=cmd_forget_user)

    purge = sub.add_parser(
        "purge",
        help="remove question text older than QUESTION_RETENTION_DAYS (the bot does it daily)",
    )
    purge.set_defaults(handler=cmd_purge)


def cmd_forget_user(args: argparse.Namespace) -> int:
    user = str(args.user).strip()
    if not _USER_ID.fullmatch(user):
        raise CliError(f"{user!r} is not a Slack user id (like U0123ABCD)")
    settings = _settings()
    report = asyncio.run(_forget(settings, user, args.team, commit=not args.dry_run))
    where = f" in team {args.team}" if args.team else ""
    if not report:
        print(f"ownerbot: nothing is stored about {user}{where}")
        return 0
    verb = "would replace" if args.dry_run else "replaced"
    for done in report:
        print(_describe(done, user, verb))
    if args.dry_run:
        print("ownerbot: dry run, nothing changed")
    return 0


def _describe(done: Forgotten, user: str, verb: str) -> str:
    team = done.team_id + (f" (enterprise {done.enterprise_id})" if done.enterprise_id else "")
    lines = [f"{team}: {verb} {user} with {done.token} in {done.rows} row(s)"]
    lines += [f"  {name}: {count}" for name, count in sorted(done.changed.items())]
    for channel, role in done.roles_held:
        lines.append(f"  note: they held the {role} role in {channel}: name someone else there")
    return "\n".join(lines)


async def _forget(
    settings: Settings, user: str, team: str | None, *, commit: bool
) -> list[Forgotten]:
    from bot.app import build_services
    from bot.cli_digest import _require_migrated
    from bot.services.privacy import forget_user

    services = build_services(settings)
    try:
        await _require_migrated(services)
        return await forget_user(services, user, team, commit=commit)
    finally:
        await services.close()


def cmd_purge(_args: argparse.Namespace) -> int:
    settings = _settings()
    purged = asyncio.run(_purge(settings))
    print(
        f"ownerbot: purged the text of {purged} question(s) asked more than "
        f"{settings.question_retention_days} days ago"
    )
    return 0


async def _purge(settings: Settings) -> int:
    from bot.app import build_services
    from bot.cli_digest import _require_migrated
    from bot.services.privacy import purge_question_texts

    services = build_services(settings)
    try:
        await _require_migrated(services)
        return await purge_question_texts(services)
    finally:
        await services.close()
