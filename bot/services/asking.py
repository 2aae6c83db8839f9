"""`/ask`: store the question before the ack, then attach the bot's post as its thread root."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from bot.app import Services
from bot.events import AskCommand, Author, Tenant
from bot.ports import Directory
from bot.services.context import calendar, channel_key, channel_row, workspace_id
from bot.services.context import row_id as _id
from bot.services.people import PersonView, person_for
from bot.services.questions import mark_resolved, may_resolve
from storage.models import Channel, Question
from storage.queries import ownership, questions, reminders

PENDING = "pending:"


@dataclass(frozen=True)
class QuestionCard:
    """What the channel is shown about a question: who asked, who answers, by when."""

    question_id: int
    channel_id: str
    asker_user_id: str
    addressee_user_id: str | None
    direction: str
    text: str
    asked_at: datetime
    owner_user_id: str | None
    client_lead_user_id: str | None
    assignee_user_id: str | None
    sla_minutes: int
    respond_by: datetime
    timezone: str
    root_ts: str | None  # None until the bot's post exists


async def record_ask(services: Services, directory: Directory, command: AskCommand) -> int:
    """Store the question (one INSERT: the ack waits for it); its id. Everything shown about it
    is read after the ack (`question_card`)."""
    asker = await person_for(services, directory, command.tenant, command.asker)
    direction = "client" if asker.side == "client" else "vendor"
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, command.tenant, now)
        channel_id = await channel_key(session, services.settings, ws, command.channel_id, now)
        # Slack's trigger ids are long; a digest keeps the placeholder within the ts column.
        digest = hashlib.sha256(command.request_key.encode()).hexdigest()[:24]
        root = PENDING + digest
        created = await questions.insert_id(
            session=session,
            values={
                "workspace_id": ws,
                "channel_id": channel_id,
                "root_ts": root,
                "direction": direction,
                "source": command.source,
                "asker_user_id": asker.user_id,
                "addressee_user_id": command.addressee_user_id,
                "text": command.text,
                "asked_at": command.at,
            },
        )
        if created is not None:
            return created
        # The same command delivered again: the question it stored the first time.
        question = await questions.by_root(session=session, channel_id=channel_id, root_ts=root)
        assert question is not None
        return _id(question)


async def question_card(
    services: Services, tenant: Tenant, question_id: int
) -> QuestionCard | None:
    """What the channel is shown about a stored question; None if it is not this tenant's."""
    now = services.clock.now()
    async with services.sessions() as session:
        ws = await workspace_id(session, tenant, now)
        found = await reminders.question_with_channel(
            session=session, question_id=question_id, workspace_id=ws
        )
        if found is None:
            return None
        question, channel = found
        roles = await ownership.current_roles(session=session, channel_id=_id(channel))
        await session.commit()
    return card(question, channel, roles)


def card(question: Question, channel: Channel, roles: dict[str, str | None]) -> QuestionCard:
    start = question.asked_at
    cal = calendar(channel)
    return QuestionCard(
        question_id=_id(question),
        channel_id=channel.slack_channel_id,
        asker_user_id=question.asker_user_id,
        addressee_user_id=question.addressee_user_id,
        direction=question.direction,
        text=question.text or "",
        asked_at=start,
        owner_user_id=roles.get("owner"),
        client_lead_user_id=roles.get("client_lead"),
        assignee_user_id=question.assignee_user_id,
        sla_minutes=channel.sla_minutes,
        respond_by=cal.add_business_minutes(start, channel.sla_minutes),
        timezone=channel.timezone,
        root_ts=None if question.root_ts.startswith(PENDING) else question.root_ts,
    )


async def attach_post(services: Services, tenant: Tenant, question_id: int, ts: str) -> None:
    """The bot's post exists: it becomes the thread where answers are counted."""
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, services.clock.now())
        await questions.attach_post(
            session=session, workspace_id=ws, question_id=question_id, ts=ts
        )


async def unposted(services: Services, tenant: Tenant, channel_id: str) -> list[QuestionCard]:
    """Questions stored but never posted (the bot was not in the channel): post them on join."""
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        pending = await questions.pending_posts(session=session, channel_id=_id(channel))
        roles = await ownership.current_roles(session=session, channel_id=_id(channel))
    return [card(q, channel, roles) for q in pending]


@dataclass(frozen=True)
class ResolveResult:
    resolved: Question | None
    candidates: list[Question]
    allowed: bool = True


async def resolve_by_id(
    services: Services, directory: Directory, tenant: Tenant, user: Author, question_id: int
) -> ResolveResult:
    """The Resolve button: the asker or a vendor member; within the clicker's workspace only."""
    person = await person_for(services, directory, tenant, user)
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        question = await questions.by_id(session=session, workspace_id=ws, question_id=question_id)
        if question is None:
            return ResolveResult(None, [], allowed=False)
        if not may_resolve(question, person):
            return ResolveResult(None, [question], allowed=False)
        await mark_resolved(session, question, person.user_id, now)
    return ResolveResult(question, [])


async def resolve_in_channel(
    services: Services, directory: Directory, tenant: Tenant, channel_id: str, user: Author
) -> ResolveResult:
    """`/ask resolve`: the asker's one open question; otherwise the candidates to choose from."""
    person = await person_for(services, directory, tenant, user)
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        own = await questions.unresolved(
            session=session, channel_id=_id(channel), asker_user_id=person.user_id
        )
        if len(own) == 1:
            await mark_resolved(session, own[0], person.user_id, now)
            return ResolveResult(own[0], [])
        candidates = own or (
            await questions.unresolved(session=session, channel_id=_id(channel))
            if _vendor(person)
            else []
        )
    return ResolveResult(None, candidates)


def _vendor(person: PersonView) -> bool:
    return person.side == "vendor"
