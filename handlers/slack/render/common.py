"""Pieces every prompt and reminder shares: the quoted question, its promise, its buttons."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from bot.domain.reminders import percent_of_target
from bot.ports import QuestionFacts
from handlers.slack.format import business_duration, chunks, slack_date
from handlers.slack.safe_text import defuse

PROMPT_OPEN = "prompt_open"
PROMPT_TAKE = "prompt_take"
PROMPT_RESOLVE = "prompt_resolve"
PROMPT_SNOOZE = "prompt_snooze"
# The snooze menu's option values are "<question id>:<choice>".
SNOOZE_HOUR = "1h"
SNOOZE_TOMORROW = "tomorrow"

QUOTE_LIMIT = 1500  # a DM shows the question, not an essay: the thread has the rest
MARKED = "_(a message marked with :question: — open the thread to read it)_"


def quote(facts: QuestionFacts) -> SectionBlock:
    """The question's text, defused (no pings), quoted and trimmed."""
    if not facts.text:
        return SectionBlock(text=MarkdownTextObject(text=MARKED))
    text = next(iter(chunks(defuse(facts.text), QUOTE_LIMIT, 1)), "")
    lines = "\n".join("> " + line for line in text.splitlines() or [" "])
    return SectionBlock(text=MarkdownTextObject(text=lines, verbatim=True))


def preview(facts: QuestionFacts, limit: int = 120) -> str:
    """A short plain preview for fallback (notification) text."""
    if not facts.text:
        return "a message marked with :question:"
    text = " ".join(defuse(facts.text).split())
    return f"“{text[: limit - 1]}…”" if len(text) > limit else f"“{text}”"


def where(facts: QuestionFacts) -> str:
    return f"<@{facts.asker_user_id}>'s question in <#{facts.channel_id}>"


def promise(facts: QuestionFacts) -> str:
    return (
        f"Target: first response within {business_duration(facts.sla_minutes)}, "
        f"by {slack_date(facts.respond_by, facts.timezone)}"
    )


def progress(facts: QuestionFacts) -> str:
    percent = percent_of_target(facts.elapsed_minutes, facts.sla_minutes)
    return f"{percent} % of the target used"


def context(*parts: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=" · ".join(p for p in parts if p))])


def open_button(link: str) -> ButtonElement:
    return ButtonElement(text="Open thread", action_id=PROMPT_OPEN, url=link)


def action_buttons(
    facts: QuestionFacts, link: str, *, take: bool = True, act: bool = True
) -> ActionsBlock:
    """Open thread · I'll take it · Resolve · Snooze (1 hour, or until tomorrow's opening)."""
    elements: list[ButtonElement | StaticSelectElement] = [open_button(link)]
    value = str(facts.question_id)
    if act and take:
        elements.append(
            ButtonElement(text="I'll take it", action_id=PROMPT_TAKE, value=value, style="primary")
        )
    if act:
        elements.append(ButtonElement(text="Resolve", action_id=PROMPT_RESOLVE, value=value))
        elements.append(
            StaticSelectElement(
                placeholder=PlainTextObject(text="Snooze"),
                action_id=PROMPT_SNOOZE,
                options=[
                    Option(text=PlainTextObject(text="1 hour"), value=f"{value}:{SNOOZE_HOUR}"),
                    Option(
                        text=PlainTextObject(text="Until tomorrow's opening"),
                        value=f"{value}:{SNOOZE_TOMORROW}",
                    ),
                ],
            )
        )
    return ActionsBlock(block_id=f"prompt:{value}", elements=elements)


def section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))


Blocks = list[Block]
