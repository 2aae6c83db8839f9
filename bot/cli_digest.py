"""`ownerbot digest` and `ownerbot export` (DESIGN.md "Command line"): figures from the database.

Both read DATABASE_URL like the bot does and refuse a database that is not migrated. Fixable
problems (an unknown channel, a bad week or time) exit 2 with one line, like every command.
Heavy modules are imported when a command runs, so `ownerbot --help` stays fast.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from bot.cli import CliError, _settings

if TYPE_CHECKING:
    from bot.app import Services
    from bot.events import Tenant
    from bot.services.digest_on_demand import ManualPost
    from bot.settings import Settings

EXPORT_COLUMNS = {
    "questions": [
        "team", "channel", "week", "direction", "asked_at", "first_response_at",
        "first_response_business_minutes", "first_response_wall_minutes", "peer_answered_at",
        "resolved_at", "withdrawn",
    ],
    "participation": ["team", "channel", "week", "user", "side", "messages", "questions"],
}  # fmt: skip


def add_digest_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    digest = sub.add_parser(
        "digest",
        help="one channel's weekly digest (text, or the JSON object with --json)",
        description="One channel's digest for one ISO week, as it stood at --as-of.",
    )
    digest.add_argument("--channel", required=True, metavar="C…", help="the Slack channel id")
    digest.add_argument(
        "--week", metavar="YYYY-Www", help="ISO week, e.g. 2026-W47 (default: the last complete "
        "week in the channel's timezone)"
    )  # fmt: skip
    digest.add_argument(
        "--as-of", metavar="ISO-8601", help="the moment the figures are taken, with an offset, "
        "e.g. 2026-11-23T09:00:00Z (default: now)"
    )  # fmt: skip
    digest.add_argument("--json", action="store_true", help="print the digest --json object")
    digest.add_argument(
        "--post", action="store_true", help="post it in the channel now (once per channel-week: "
        "never a second post of a digest the bot already posted); needs SLACK_BOT_TOKEN"
    )  # fmt: skip
    digest.add_argument("--team", metavar="T…", help="the workspace, when several know the channel")
    digest.set_defaults(handler=cmd_digest)

    export = sub.add_parser(
        "export",
        help="questions or participation figures as CSV or JSON (no message text)",
        description="Figures only: no message or question text is ever exported.",
    )
    export.add_argument("what", choices=sorted(EXPORT_COLUMNS))
    export.add_argument(
        "--since", required=True, metavar="YYYY-MM-DD", help="first day (in each channel's "
        "timezone)"
    )  # fmt: skip
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--team", metavar="T…", help="only this workspace")
    export.set_defaults(handler=cmd_export)


# -- digest ------------------------------------------------------------------------------------


def cmd_digest(args: argparse.Namespace) -> int:
    if args.post:
        return _cmd_post(args)
    week = _week(args.week)
    as_of = _as_of(args.as_of)
    settings = _settings()
    digest = asyncio.run(_digest(settings, args.channel, args.team, week, as_of))
    print(json.dumps(digest, indent=2, ensure_ascii=False) if args.json else render_text(digest))
    return 0


def _week(text: str | None) -> str | None:
    if text is None:
        return None
    from bot.domain.weeks import parse_iso_week

    try:
        year, week = parse_iso_week(text)
    except ValueError as exc:
        raise CliError(f"--week: {exc}") from None
    return f"{year}-W{week:02d}"


def _as_of(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CliError(
            f"--as-of {text!r} is not an ISO-8601 time like 2026-11-23T09:00:00Z"
        ) from None
    if moment.tzinfo is None:
        raise CliError(f"--as-of {text!r} needs an offset, e.g. 2026-11-23T09:00:00Z or +01:00")
    return moment


async def _digest(
    settings: Settings, channel: str, team: str | None, week: str | None, as_of: datetime | None
) -> dict[str, Any]:
    from bot.app import build_services
    from bot.services.digest import UnknownChannel, build_digest

    services = build_services(settings)
    try:
        await _require_migrated(services)
        tenant = await _tenant(services, channel, team)
        try:
            return await build_digest(services, tenant, channel, week, as_of)
        except UnknownChannel:  # pragma: no cover - found a moment ago
            raise CliError(f"unknown channel {channel} in team {tenant.team_id}") from None
    finally:
        await services.close()


async def _tenant(services: Services, channel: str, team: str | None) -> Tenant:
    """The one workspace that knows `channel` (the one named with --team)."""
    from bot.services.digest import tenants_of_channel

    tenants = await tenants_of_channel(services, channel)
    if team is not None:
        tenants = [t for t in tenants if t.team_id == team]
    where = f" in team {team}" if team else ""
    if not tenants:
        raise CliError(f"unknown channel {channel}{where}: ownerbot has recorded nothing there")
    if len(tenants) > 1:
        teams = ", ".join(t.team_id for t in tenants)
        raise CliError(f"channel {channel} is known to several workspaces ({teams}): pass --team")
    return tenants[0]


# -- digest --post -----------------------------------------------------------------------------

EXIT_NOT_POSTED = 1


def _cmd_post(args: argparse.Namespace) -> int:
    """Post one channel-week's digest through the sweep's claim: it is never posted twice."""
    if args.as_of is not None:
        raise CliError(
            "--as-of cannot be used with --post: a posted digest shows the week as it stands "
            "when it is posted"
        )
    week = _week(args.week)
    settings = _settings()
    if not settings.slack_bot_token:
        raise CliError(
            "posting needs the running bot's token: set SLACK_BOT_TOKEN (and SLACK_API_URL for "
            "a Web API other than Slack's) in the environment or .env"
        )
    # The outcome is this command's to say, in one line: the service's own logs stay quiet.
    logging.basicConfig(level=logging.CRITICAL)
    result = asyncio.run(_post(settings, args.channel, args.team, week))
    ok = result.status in {"posted", "found", "already_posted"}
    if args.json:
        print(json.dumps(_post_json(result), indent=2))
        return 0 if ok else EXIT_NOT_POSTED
    where = f"the digest of {result.channel} for {result.week}"
    if result.status == "posted":
        print(f"posted {where} (ts {result.ts})")
    elif result.status == "found":
        print(f"{where} had been posted by an earlier attempt (ts {result.ts}): recorded it")
    elif result.status == "already_posted":
        print(f"{where} was already posted (ts {result.ts}): not posting it again")
    elif result.status == "busy":
        since = f" since {result.claimed_at.isoformat()}" if result.claimed_at else ""
        print(
            f"ownerbot: {where} is being posted by another ownerbot (claimed{since}): not "
            "posting it; try again in a few minutes",
            file=sys.stderr,
        )
        return EXIT_NOT_POSTED
    else:
        print(
            f"ownerbot: could not post {where}: {result.error} (run this again to retry)",
            file=sys.stderr,
        )
        return EXIT_NOT_POSTED
    return 0


async def _post(settings: Settings, channel: str, team: str | None, week: str | None) -> ManualPost:
    from bot.app import build_services
    from bot.services.digest import UnknownChannel
    from bot.services.digest_on_demand import WeekNotOver, post_digest
    from handlers.slack import build_client
    from handlers.slack.messenger import SlackMessenger

    services = build_services(settings)
    try:
        await _require_migrated(services)
        tenant = await _tenant(services, channel, team)
        publisher = SlackMessenger(build_client(services))
        try:
            return await post_digest(services, publisher, tenant, channel, week)
        except WeekNotOver as exc:
            raise CliError(str(exc)) from None
        except UnknownChannel:  # pragma: no cover - found a moment ago
            raise CliError(f"unknown channel {channel}") from None
    finally:
        await services.close()


def _post_json(result: ManualPost) -> dict[str, Any]:
    return {
        "channel": result.channel,
        "week": result.week,
        "status": result.status,
        "ts": result.ts,
        "error": result.error,
    }


async def _require_migrated(services: Services) -> None:
    from storage.migrate import is_up_to_date

    if not await is_up_to_date(services.engine):
        raise CliError(
            "the database is not migrated to the newest schema: run `ownerbot migrate` first"
        )


def render_text(digest: dict[str, Any]) -> str:
    """The digest as a readable plain-text summary."""
    tz = digest["timezone"]
    q, first, sla = digest["questions"], digest["first_response"], digest["sla"]
    part, own, health = digest["participation"], digest["ownership"], digest["health"]
    verdict = health["status"].upper()
    if health["reasons"]:
        verdict += ": " + "; ".join(health["reasons"])
    lines = [
        f"Digest of {digest['channel']}, week {digest['week']} ({tz}), "
        f"as of {_local(digest['as_of'], tz)}",
        f"Health: {verdict}",
        "",
        f"Questions: {q['asked']} asked ({q['by_client']} by the client, {q['by_vendor']} by "
        f"the vendor), {q['withdrawn']} withdrawn",
        f"  client questions: {q['answered']} answered ({q['peer_answered']} by a peer), "
        f"{q['resolved']} resolved, {q['open']} open",
        f"First response: median {_minutes(first['median_business_minutes'])} business "
        f"minutes, p90 {_minutes(first['p90_business_minutes'])}; median wall time "
        f"{_minutes(first['median_wall_minutes'])} minutes",
        f"SLA ({sla['target_business_minutes']} business minutes): {sla['met']} met, "
        f"{sla['breached']} breached, compliance {_percent(sla['compliance'])}",
        f"Participation: {part['active_client_members']} of {part['client_members']} client "
        f"members active; {part['client_messages']} client messages "
        f"({_percent(part['client_share'])} of all)",
        "  client's median response to vendor questions: "
        f"{_minutes(part['client_median_response_business_minutes'])} business minutes",
        f"Ownership: owner {own['owner'] or 'none'}, backup {own['backup'] or 'none'}, "
        f"client lead {own['client_lead'] or 'none'}; {own['handovers']} hand-over(s) this week",
        f"  first answered by the owner {own['first_answered_by_owner']}, the backup "
        f"{own['first_answered_by_backup']}, other vendor members "
        f"{own['first_answered_by_other_vendor']}",
        f"Self-sufficiency: {_percent(digest['self_sufficiency'])}",
    ]
    open_questions = digest.get("open_questions", [])
    lines.append(f"Open questions: {len(open_questions) or 'none'}")
    for item in open_questions:
        late = ", past the target" if item["past_target"] else ""
        lines.append(
            f"  - {item['direction']} question by {item['asker']}, asked "
            f"{_local(item['asked_at'], tz)}, waiting "
            f"{_minutes(item['waiting_business_minutes'])} business minutes{late}"
        )
    lines.append("Trend:")
    lines.append("  week      asked  answered  median  compliance  active")
    for week in digest.get("trend", []):
        lines.append(
            f"  {week['week']}  {week['asked']:>5}  {week['answered']:>8}  "
            f"{_minutes(week['median_business_minutes']):>6}  "
            f"{_percent(week['compliance']):>10}  {week['active_client_members']:>6}"
        )
    return "\n".join(lines)


def _local(iso: str, timezone: str) -> str:
    from bot.domain.localtime import load_zone

    return datetime.fromisoformat(iso).astimezone(load_zone(timezone)).strftime("%a %d %b %H:%M")


def _minutes(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f}".removesuffix(".0")


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


# -- export ------------------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    try:
        since = date.fromisoformat(args.since.strip())
    except ValueError:
        raise CliError(f"--since {args.since!r} is not a date like 2026-11-01") from None
    settings = _settings()
    rows = asyncio.run(_export(settings, args.what, since, args.team))
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    writer = csv.DictWriter(sys.stdout, fieldnames=EXPORT_COLUMNS[args.what], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_value(value) for key, value in row.items()})
    return 0


async def _export(
    settings: Settings, what: str, since: date, team: str | None
) -> list[dict[str, Any]]:
    from bot.app import build_services
    from bot.services.digest import export_participation, export_questions

    services = build_services(settings)
    try:
        await _require_migrated(services)
        if what == "questions":
            return await export_questions(services, since, team)
        return await export_participation(services, since, team)
    finally:
        await services.close()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
