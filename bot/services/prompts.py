"""The owner prompt: a DM per new client question, and what its buttons do.

`prompt_for_question` is called after a question is created (once the handler has acked) and
after a hand-over, for each open question the new owner inherits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.app import Services
from bot.domain.reminders import tomorrows_opening
from bot.events import Author, Tenant
from bot.ports import Directory, Messenger, OwnerPrompt, QuestionFacts
from bot.services.asking import PENDING
from bot.services.context import calendar, workspace_id
from bot.services.context import row_id as _id
from bot.services.people import rights_of
from bot.services.questions import mark_resolved
from storage.models import Channel, Question
from storage.queries import ownership
from storage.queries import reminders as store

log = logging.getLogger(__name__)

TAKE, RESOLVE, SNOOZE_HOUR, SNOOZE_TOMORROW = "take", "resolve", "snooze_1h", "snooze_tomorrow"
ACTIONS = (TAKE, RESOLVE, SNOOZE_HOUR, SNOOZE_TOMORROW)
SNOOZE_HOUR_LENGTH = timedelta(hours=1)

NOT_VENDOR = "Only the vendor team can take, resolve or snooze a client question."
NOT_FOUND = "I can't find that question in this workspace any more."
CLOSED = "This question is already resolved or withdrawn: there is nothing left to do."
ANSWERED = "This question already has a response, so there is nothing to snooze."


def prompt_recipient(
    direction: str, assignee_user_id: str | None, owner_user_id: str | None
) -> str | None:
    """Who is prompted about a new question: its assignee, else the channel's owner; nobody for
    a question to the client."""
    return (assignee_user_id or owner_user_id) if direction == "client" else None


async def prompt_for_question(services: Services, messenger: Messenger, question_id: int) -> None:
    """DM the question's assignee, else the channel's owner, about an open client question."""
    now = services.clock.now()
    async with services.sessions() as session:
        found = await store.question_with_channel(session=session, question_id=question_id)
        if found is None:
            log.warning("owner prompt: question %s not found", question_id)
            return
        question, channel = found
        if question.direction != "client" or _state(question) is not None:
            return
        roles = await ownership.current_roles(session=session, channel_id=_id(channel))
        owner = roles.get("owner")
        recipient = prompt_recipient(question.direction, question.assignee_user_id, owner)
        if recipient is None:
            # Nobody to prompt: the channel's onboarding message asks for an owner.
            log.info(
                "owner prompt: question %s has no assignee and its channel no owner", question_id
            )
            return
        handovers = await store.latest_owner_handovers(session=session, channel_ids=[_id(channel)])
    handover = handovers.get(_id(channel))
    handed_over = handover is not None and question.asked_at < handover.assigned_at
    note = OwnerPrompt(
        question=facts(question, channel, now),
        owner_user_id=owner,
        assignee_user_id=question.assignee_user_id,
        reason="handover" if handed_over else "new",
    )
    if await messenger.direct(recipient, note) is None:
        log.warning("owner prompt for question %s could not reach %s", question_id, recipient)


@dataclass(frozen=True)
class PromptOutcome:
    """What a button did: `prompt` is the prompt as it now stands (to redraw the DM), `notice`
    what to tell the clicker privately (a refusal, or why nothing happened)."""

    done: bool
    prompt: OwnerPrompt | None = None
    notice: str | None = None


async def act_on_prompt(
    services: Services,
    directory: Directory,
    tenant: Tenant,
    user: Author,
    question_id: int,
    action: str,
) -> PromptOutcome:
    """I'll take it · Resolve · Snooze 1 h · Snooze until tomorrow's opening, by a vendor
    member of the workspace the question belongs to."""
    if action not in ACTIONS:
        raise ValueError(f"unknown prompt action {action!r}")
    # A privileged action: the clicker's side is asked afresh (a removed person loses it at once).
    if await rights_of(services, directory, tenant, user) != "vendor":
        return PromptOutcome(False, notice=NOT_VENDOR)
    person = user
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        found = await store.question_with_channel(
            session=session, question_id=question_id, workspace_id=ws
        )
        if found is None:
            return PromptOutcome(False, notice=NOT_FOUND)
        question, channel = found
        notice = None
        status: str | None = None
        snoozed_until = None
        if question.resolved_at is not None or question.withdrawn_at is not None:
            done, notice = False, CLOSED
        elif action == TAKE:
            done = await store.take(
                session=session, question_id=question_id, user_id=person.user_id, now=now
            )
            status = "taken"
        elif action == RESOLVE:
            done = await mark_resolved(session, question, person.user_id, now)
            status = "resolved"
        elif question.first_response_at is not None:
            done, notice = False, ANSWERED
        else:
            snoozed_until = (
                now + SNOOZE_HOUR_LENGTH
                if action == SNOOZE_HOUR
                else tomorrows_opening(calendar(channel), now)
            )
            done = await store.snooze(session=session, question_id=question_id, until=snoozed_until)
            status = "snoozed"
        roles = await ownership.current_roles(session=session, channel_id=_id(channel))
        refreshed = await store.question_with_channel(session=session, question_id=question_id)
    current = refreshed[0] if refreshed is not None else question
    prompt = OwnerPrompt(
        question=facts(current, channel, now),
        owner_user_id=roles.get("owner"),
        assignee_user_id=current.assignee_user_id,
        status=(status if done else None) or _state(current),
        status_by=person.user_id if done else None,
        snoozed_until=snoozed_until if done else None,
    )
    return PromptOutcome(done, prompt=prompt, notice=notice)


def _state(question: Question) -> str | None:
    """Why a question needs no prompting any more, or None while it is open."""
    if question.resolved_at is not None:
        return "resolved"
    if question.withdrawn_at is not None or question.first_response_at is not None:
        return "closed"
    return None


def facts(question: Question, channel: Channel, now: datetime) -> QuestionFacts:
    cal = calendar(channel)
    return QuestionFacts(
        question_id=_id(question),
        channel_id=channel.slack_channel_id,
        thread_ts=None if question.root_ts.startswith(PENDING) else question.root_ts,
        asker_user_id=question.asker_user_id,
        text=question.text,
        direction=question.direction,
        asked_at=question.asked_at,
        respond_by=cal.add_business_minutes(question.asked_at, channel.sla_minutes),
        sla_minutes=channel.sla_minutes,
        timezone=channel.timezone,
        elapsed_minutes=cal.business_minutes(question.asked_at, now),
    )
