"""Block Kit for questions, built with slack_sdk's models so Slack's limits are checked."""

from __future__ import annotations

from collections.abc import Mapping

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.services.asking import QuestionCard
from handlers.slack.format import business_duration, chunks, slack_date
from handlers.slack.safe_text import defuse

RESOLVE_ACTION = "question_resolve"
ASK_MODAL = "ask_modal"
ASK_BLOCK = "question"
ASK_INPUT = "text"
SECTION_LIMIT = 3000
MAX_TEXT_BLOCKS = 40  # leaves room for the header, context and actions within Slack's 50


def question_post(
    card: QuestionCard, names: Mapping[str, str] | None = None
) -> tuple[str, list[Block]]:
    """The channel post that becomes the question's thread: (fallback text, blocks).

    `names` turns people mentioned in the asker's text into plain names: quoting someone's
    question must not ping everyone it mentions a second time."""
    text = defuse(card.text, names)
    if card.direction == "client":
        head = f":question: *Question from <@{card.asker_user_id}>*"
        who = card.owner_user_id
        due = "First response promised"
        missing = "No vendor owner yet: a vendor member can name one with `/owner set @name`."
    else:
        target = card.addressee_user_id or card.client_lead_user_id
        head = f":question: *<@{card.asker_user_id}> asks the client team*" + (
            f" (for <@{target}>)" if target else ""
        )
        who = card.client_lead_user_id
        due = "A reply would help"
        missing = "No client lead yet: anyone on the client side can name one with `/owner client`."
    body: list[Block] = [SectionBlock(text=MarkdownTextObject(text=head))]
    body += [
        SectionBlock(text=MarkdownTextObject(text=part, verbatim=True))
        for part in chunks(_quote(text), SECTION_LIMIT, MAX_TEXT_BLOCKS)
    ]
    accountable = f"Accountable: <@{who}>" if who else missing
    promise = (
        f"{due} within {business_duration(card.sla_minutes)} "
        f"(by {slack_date(card.respond_by, card.timezone)}). Answer in this thread."
    )
    body.append(ContextBlock(elements=[MarkdownTextObject(text=f"{accountable} · {promise}")]))
    body.append(
        ActionsBlock(
            elements=[
                ButtonElement(text="Resolve", action_id=RESOLVE_ACTION, value=str(card.question_id))
            ]
        )
    )
    fallback = f"Question from <@{card.asker_user_id}>: {next(iter(chunks(text, 300, 1)), '')}"
    return fallback, body


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in (text or " ").splitlines() or [" "])


def ask_modal(channel_id: str) -> View:
    return View(
        type="modal",
        callback_id=ASK_MODAL,
        private_metadata=channel_id,
        title=PlainTextObject(text="Ask a question"),
        submit=PlainTextObject(text="Ask"),
        close=PlainTextObject(text="Cancel"),
        blocks=[
            InputBlock(
                block_id=ASK_BLOCK,
                label=PlainTextObject(text="Your question"),
                element=PlainTextInputElement(action_id=ASK_INPUT, multiline=True, max_length=3000),
                hint=PlainTextObject(text="It is posted in the channel; answers go to its thread."),
            )
        ],
    )
