"""The hand-over summary, posted in the channel and sent to the new owner."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.services.handover import HandoverSummary
from handlers.slack.format import business_duration
from handlers.slack.owner.history import by_lines
from handlers.slack.owner.questions import question_line
from handlers.slack.owner.text import duration, person


def _digest(digest: tuple[str, dict[str, Any]] | None) -> str:
    if digest is None:
        return "*Last digest:* none yet for this channel."
    week, figures = digest
    facts = []
    counts = figures.get("questions")
    if isinstance(counts, dict):
        for key in ("asked", "answered", "open"):
            if isinstance(counts.get(key), int):
                facts.append(f"{counts[key]} {key}")
    first = figures.get("first_response")
    median = first.get("median_business_minutes") if isinstance(first, dict) else None
    if isinstance(median, int | float):
        facts.append(f"median first response {duration(median)}")
    sla = figures.get("sla")
    share = sla.get("compliance") if isinstance(sla, dict) else None
    if isinstance(share, int | float):
        facts.append(f"SLA compliance {share:.0%}")
    health = figures.get("health")
    status = health.get("status") if isinstance(health, dict) else None
    if isinstance(status, str):
        facts.append(f"health {status[:10]}")
    return f"*Last digest ({week[:10]}):* " + (" · ".join(facts) or "no figures recorded")


def handover_message(summary: HandoverSummary) -> tuple[str, list[Block]]:
    """(fallback text, blocks) of the summary."""
    phase = summary.phase
    if summary.previous_phase != phase:
        phase = f"{summary.previous_phase} → {summary.phase}"
    head = (
        f":handshake: *Hand-over:* {person(summary.new_owner)} is now the vendor owner of "
        f"<#{summary.channel_id}>, taking over from {person(summary.previous_owner)} "
        f"(by <@{summary.by}>). Phase: {phase}."
    )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=head))]
    total = summary.open_total
    if total:
        title = f"*Open questions ({total}), oldest first*"
        lines = [f"{n}. {question_line(q)}" for n, q in enumerate(summary.open_questions, 1)]
        parts = by_lines([title, *lines])
        blocks += [SectionBlock(text=MarkdownTextObject(text=part)) for part in parts[:20]]
        if total > len(summary.open_questions):
            more = total - len(summary.open_questions)
            blocks.append(
                ContextBlock(elements=[MarkdownTextObject(text=f"…and {more} more open.")])
            )
    else:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="*Open questions:* none.")))
    facts = (
        f"*Response target:* {business_duration(summary.sla_minutes)} · "
        f"*Client lead:* {person(summary.client_lead)} · *Backup:* {person(summary.backup)}"
    )
    blocks.append(SectionBlock(text=MarkdownTextObject(text=facts)))
    blocks.append(SectionBlock(text=MarkdownTextObject(text=_digest(summary.digest))))
    text = (
        f"Hand-over: <@{summary.new_owner}> is now the vendor owner, with {total} open "
        f"question{'s' if total != 1 else ''}."
    )
    return text, blocks
