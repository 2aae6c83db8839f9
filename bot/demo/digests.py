"""The weekly digests and the portfolio digest, as the demo shows them.

The digest sweep (bot.jobs.digest_sweep), run by the player with the other scheduler jobs, posts
each channel's digest at its digest time and the portfolio digest in the leads channel; the demo
shows those posts as the stand-in recorded them. The figures themselves come from
`build_digests`, the same call `ownerbot digest --json` makes: that is what `--json` prints, and
what the demo shows when the sweep posted nothing."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.app import Services
from bot.cli_digest import render_text
from bot.demo import cast
from bot.demo.player import TENANT, Shown
from bot.demo.render import Names
from bot.demo.script import local
from bot.services.digest import build_digests

_ID = re.compile(r"\b([UC]0[A-Z0-9]+)\b")
_RISK = {"red": 0, "amber": 1, "green": 2}


def digest_time(channel: str, day: int) -> datetime:
    """Monday `day` November 2026, 09:00 in the channel's timezone: when its digest is due."""
    return local(cast.room(channel).timezone, 2026, 11, day, 9, 0)


async def week_digests(
    services: Services, channels: Sequence[str], week: str, day: int
) -> list[dict[str, Any]]:
    """Each channel's digest of `week`, as it stood at its posting time on Monday `day`."""
    digests = []
    for channel in channels:
        (digest,) = await build_digests(
            services, TENANT, [channel], week=week, as_of=digest_time(channel, day)
        )
        digests.append(digest)
    return digests


def posted(shown: Sequence[Shown], channel: str) -> list[Shown]:
    """The digest sweep's top-level posts in a channel."""
    return [
        s for s in shown if s.job == "digest_sweep" and s.channel == channel and s.kind == "post"
    ]


def with_names(text: str, names: Names) -> str:
    """User and channel ids in a text replaced by @Name and #name."""

    def name(match: re.Match[str]) -> str:
        found = match.group(1)
        if found in names.users:
            return names.user(found)
        if found in names.channels:
            return names.channel(found)
        return found

    return _ID.sub(name, text)


def text_lines(digest: dict[str, Any], names: Names) -> list[str]:
    """A digest as `ownerbot digest` prints it, with names for ids."""
    return with_names(render_text(digest), names).split("\n")


def portfolio_lines(digests: Sequence[dict[str, Any]], names: Names) -> list[str]:
    """Every channel ranked by risk (red first), with the reasons."""
    ranked = sorted(
        digests,
        key=lambda d: (_RISK.get(d["health"]["status"], 3), -(d["questions"]["open"] or 0)),
    )
    lines = []
    for n, digest in enumerate(ranked, 1):
        health = digest["health"]
        reasons = "; ".join(health["reasons"]) or "on track"
        q = digest["questions"]
        lines.append(
            f"{n}. {names.channel(digest['channel'])}: {health['status'].upper()} ({reasons}) · "
            f"{q['asked']} asked, {q['open']} open"
        )
    return lines


def key_figures(digest: dict[str, Any]) -> str:
    """The figures a reader checks first, in one line (the tests read it back)."""
    q, first, sla = digest["questions"], digest["first_response"], digest["sla"]
    median = first["median_business_minutes"]
    compliance = sla["compliance"]
    reasons = "; ".join(digest["health"]["reasons"])
    return (
        f"asked {q['asked']} · answered {q['answered']} · open {q['open']} · "
        f"median first response {_number(median)} business minutes · "
        f"SLA compliance {'n/a' if compliance is None else f'{compliance:.0%}'} · "
        f"health {digest['health']['status']}" + (f" ({reasons})" if reasons else "")
    )


def _number(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f}".removesuffix(".0")
