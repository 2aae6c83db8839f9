"""The /owner card: the accountable people, their roles, the phase and recent responsiveness."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.domain.ownership import ROLE_LABELS, ROLES, Holder
from bot.services.owner_card import OwnerCard
from handlers.slack.format import business_duration, slack_date
from handlers.slack.owner.text import NOT_NAMED, duration, preview

HOW_TO_NAME = {
    "owner": "a vendor member names one with `/owner set @name`",
    "backup": "a vendor member names one with `/owner backup @name`",
    "client_lead": "anyone on the client side names one with `/owner client @name`",
}


def _holder(holder: Holder, timezone: str) -> SectionBlock:
    label = ROLE_LABELS[holder.role]
    if holder.user_id is None:
        head = f"*{label}:* {NOT_NAMED}: {HOW_TO_NAME[holder.role]}"
    else:
        since = f" · since {slack_date(holder.since, timezone)}" if holder.since else ""
        head = f"*{label}:* <@{holder.user_id}>{since}"
    return SectionBlock(
        text=MarkdownTextObject(text=f"{head}\n_{preview(holder.responsibilities, 500)}_")
    )


def _responsiveness(card: OwnerCard) -> str:
    if card.median_minutes is None:
        median = "no answered questions yet"
    else:
        answered = f"{card.answered} answered question{'s' if card.answered != 1 else ''}"
        median = f"{duration(card.median_minutes)} in business hours ({answered})"
    opened = f"{card.open_questions} open question{'s' if card.open_questions != 1 else ''}"
    return (
        f"*Phase:* {card.phase} · *{opened}* · *Median first response, last 4 weeks:* {median}"
        f" · *Target:* {business_duration(card.sla_minutes)}"
    )


def card_message(card: OwnerCard) -> dict[str, Any]:
    """Keyword arguments for an ephemeral ack: fallback text and blocks."""
    blocks: list[Block] = [HeaderBlock(text="Who is accountable here")]
    blocks += [_holder(card.holders[role], card.timezone) for role in ROLES]
    blocks.append(SectionBlock(text=MarkdownTextObject(text=_responsiveness(card))))
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Vendor members change these with `/owner set`, `backup`, `handover`, "
                    "`role` and `settings`; `/owner help` lists them all."
                )
            ]
        )
    )
    owner = card.holders["owner"].user_id
    lead = card.holders["client_lead"].user_id
    text = (
        f"Vendor owner: {f'<@{owner}>' if owner else NOT_NAMED} · "
        f"client lead: {f'<@{lead}>' if lead else NOT_NAMED} · phase {card.phase} · "
        f"{card.open_questions} open"
    )
    return {"response_type": "ephemeral", "text": text, "blocks": blocks}
