"""What a person is told after asking to resolve a question."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ButtonElement, MarkdownTextObject, SectionBlock

from bot.services.asking import ResolveResult
from handlers.slack.blocks import RESOLVE_ACTION
from handlers.slack.safe_text import defuse


def resolve_reply(result: ResolveResult) -> dict[str, Any]:
    """Keyword arguments for an ephemeral ack/respond."""
    if result.resolved is not None:
        return {"response_type": "ephemeral", "text": ":white_check_mark: Resolved. Thank you!"}
    if not result.allowed:
        return {
            "response_type": "ephemeral",
            "text": "Only the person who asked, or the vendor team, can resolve this question.",
        }
    if not result.candidates:
        return {
            "response_type": "ephemeral",
            "text": "There is no open question of yours in this channel to resolve.",
        }
    blocks: list[Any] = [SectionBlock(text=MarkdownTextObject(text="Which question is resolved?"))]
    for question in result.candidates[:10]:
        preview = defuse((question.text or "(no text)")[:150])
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=f"> {preview}", verbatim=True),
                accessory=ButtonElement(
                    text="Resolve", action_id=RESOLVE_ACTION, value=str(question.id)
                ),
            )
        )
    return {"response_type": "ephemeral", "text": "Which question is resolved?", "blocks": blocks}
