"""The portfolio digest for a leads channel: every client channel reporting to it, riskiest first
(the order comes with the note), each with its health, the reasons and a link to the channel.

A large portfolio stays within Slack's limits: the first PORTFOLIO_SHOWN channels are listed
(the red and amber ones come first, so they are the ones shown), the rest are counted by status.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import Block, DividerBlock

from bot.ports import PortfolioNote
from handlers.slack.format import slack_date
from handlers.slack.render.digest import (
    MAX_BLOCKS,
    STATUS,
    context,
    duration,
    fallback,
    header,
    percent,
    plural,
    sections,
)

PORTFOLIO_SHOWN = 60
_ORDER = ("red", "amber", "green")


def portfolio_message(note: PortfolioNote) -> tuple[str, list[Block]]:
    channels = list(note.channels)
    counts = Counter(_status(c) for c in channels)
    tally = " · ".join(
        f"{STATUS[s][0]} {counts[s]} {STATUS[s][1].lower()}" for s in _ORDER if counts[s]
    )
    blocks: list[Block] = [
        header(f"Portfolio digest · {note.week}"),
        context(
            plural(len(channels), "client channel"),
            tally,
            f"as of {slack_date(note.as_of, 'UTC')}",
        ),
    ]
    if not channels:
        blocks += sections(["No client channel reports to this channel yet."])
    shown = channels[:PORTFOLIO_SHOWN]
    for status in _ORDER:
        group = [c for c in shown if _status(c) == status]
        if not group:
            continue
        emoji, word = STATUS[status]
        lines = [f"{emoji} *{word}* ({counts[status]})"]
        lines += [_line(c) for c in group]
        blocks += [DividerBlock(), *sections(lines)]
    rest = channels[PORTFOLIO_SHOWN:]
    if rest:
        left = Counter(_status(c) for c in rest)
        by_status = ", ".join(f"{left[s]} {STATUS[s][1].lower()}" for s in _ORDER if left[s])
        blocks.append(
            context(
                f"and {len(rest):,} more channels ({by_status}), each with its own weekly digest"
            )
        )
    worst = channels[0] if channels else None
    text = f"Portfolio digest for {note.week}: {plural(len(channels), 'client channel')}"
    if counts["red"]:
        text += f", {counts['red']} at risk"
    if worst is not None and _status(worst) != "green":
        text += f" (first: <#{worst['channel']}>)"
    return fallback(text), blocks[:MAX_BLOCKS]


def _status(figures: Mapping[str, Any]) -> str:
    status = str(figures["health"]["status"])
    return status if status in STATUS else "green"


def _line(figures: Mapping[str, Any]) -> str:
    sla = figures["sla"]
    q = figures["questions"]
    part = figures["participation"]
    facts = [f"SLA {percent(sla['compliance'])}" if sla["compliance"] is not None else "SLA n/a"]
    facts.append(f"{len(figures.get('open_questions') or [])} open")
    median = figures["first_response"]["median_business_minutes"]
    if median is not None:
        facts.append(f"median first response {duration(median)}")
    facts.append(f"{q['asked']} asked")
    facts.append(f"{part['active_client_members']}/{part['client_members']} client members active")
    line = f"• <#{figures['channel']}> — {' · '.join(facts)}"
    reasons = figures["health"].get("reasons") or []
    if reasons:
        line += "\n      _" + "; ".join(reasons) + "_"
    return line
