"""The App Home tab: the viewer's open questions, then the channels they answer for."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.services.home import ChannelHealth, HomeView
from handlers.slack.owner.questions import question_line

MAX_BLOCKS = 100  # Slack's limit for a Home tab
HEALTH_ICON = {
    "green": ":large_green_circle:",
    "amber": ":large_orange_circle:",
    "red": ":red_circle:",
}


def _channel_line(health: ChannelHealth) -> str:
    share = (
        "no measurable questions" if health.compliance is None else f"SLA {health.compliance:.0%}"
    )
    why = f" · {'; '.join(health.reasons)}" if health.reasons else ""
    return (
        f"{HEALTH_ICON.get(health.status, '')} <#{health.channel_id}> · {health.role} · "
        f"{health.open_questions} open · {share} (last 4 weeks){why}"
    )


def home_view(home: HomeView) -> View:
    blocks: list[Block] = [HeaderBlock(text="Your open questions")]
    if home.questions:
        blocks += [
            SectionBlock(text=MarkdownTextObject(text=question_line(q, with_channel=True)))
            for q in home.questions
        ]
        if home.more_questions:
            note = f"Showing the oldest {len(home.questions)}; answer those first to see more."
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    else:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text="Nothing is waiting for you. :tada:"))
        )
    blocks += [DividerBlock(), HeaderBlock(text="Your channels")]
    if home.channels:
        blocks += [
            SectionBlock(text=MarkdownTextObject(text=_channel_line(c))) for c in home.channels
        ]
        if home.more_channels:
            note = f"…and {home.more_channels} more channels."
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    else:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text="You are not the owner or backup of any channel yet. In a client "
                    "channel, `/owner` shows who is."
                )
            )
        )
    assert len(blocks) <= MAX_BLOCKS
    return View(type="home", blocks=blocks)
