"""Recording questions, replies, reactions, edits and deletions (DESIGN.md, "Definitions").

Each reaction, edit and deletion is one transaction that first claims Slack's event id, so a
redelivery changes nothing. New messages are stored in batches (bot/services/messages.py), where
the (channel, ts) key makes the same message seen twice count once; their question logic is
`apply_top_level` and `apply_reply` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.app import Services
from bot.domain.questions import is_acknowledgement, joined_text, looks_like_question
from bot.events import Author, MessageDeleted, MessageEdited, MessagePosted, ReactionAdded
from bot.ports import Directory
from bot.services.context import channel_key, workspace_id
from bot.services.context import row_id as _id
from bot.services.people import PersonView, asker_side, person_for
from storage.models import Channel, Question
from storage.queries import activity, events, questions

JOIN_WINDOW = timedelta(minutes=5)
QUESTION_REACTIONS = {"question", "grey_question"}
ACK_REACTIONS = {"eyes"}
RESOLVE_REACTIONS = {"white_check_mark", "heavy_check_mark", "ballot_box_with_check"}


@dataclass(frozen=True)
class Outcome:
    """What an event did, for the handler to render and for tests to read."""

    kind: str  # duplicate | ignored | activity | created | joined | response | peer | ack | ...
    question_id: int | None = None


async def _claim(session: AsyncSession, ws: int, event_id: str | None, services: Services) -> bool:
    if event_id is None:
        return True
    return await events.claim_event(
        session=session, workspace_id=ws, event_id=event_id, now=services.clock.now()
    )


async def apply_top_level(
    session: AsyncSession,
    ws: int,
    channel: Channel,
    author: PersonView,
    event: MessagePosted,
    *,
    may_join: bool = True,
) -> Outcome:
    """A new top-level message (its metadata already stored): joined to the asker's question of
    a moment ago, captured as a question, or only activity. `may_join=False`: a lookup in this
    transaction already found no question of the author's to join."""
    if channel.auto_capture is False:
        return Outcome("activity")
    earlier = None
    if may_join:
        earlier = await questions.joinable(
            session=session,
            channel_id=_id(channel),
            asker_user_id=author.user_id,
            since=event.at - JOIN_WINDOW,
        )
    if earlier is not None and earlier.asked_at <= event.at:
        await questions.set_fields(
            session=session,
            question_id=_id(earlier),
            text=joined_text(earlier.text, event.text),
            last_joined_at=event.at,
        )
        return Outcome("joined", earlier.id)
    # Auto-capture: client members' questions. Vendor questions to the client come by /ask.
    if author.side != "client" or not looks_like_question(event.text):
        return Outcome("activity")
    created = await questions.insert_id(
        session=session,
        values={
            "workspace_id": ws,
            "channel_id": _id(channel),
            "root_ts": event.ts,
            "message_ts": event.ts,
            "direction": "client",
            "source": "auto",
            "asker_user_id": author.user_id,
            "text": event.text,
            "asked_at": event.at,
        },
    )
    return Outcome("created", created) if created else Outcome("duplicate")


async def apply_reply(
    session: AsyncSession, channel: Channel, author: PersonView, event: MessagePosted
) -> Outcome:
    """A new thread reply (its metadata already stored): a response, a peer answer or an
    acknowledgement when the thread is a question's."""
    assert event.thread_ts is not None
    question = await questions.by_root(
        session=session, channel_id=_id(channel), root_ts=event.thread_ts
    )
    if question is None or question.withdrawn_at is not None:
        return Outcome("activity")
    if author.user_id == question.asker_user_id:
        return Outcome("activity", question.id)
    if author.side != asker_side(question.direction):
        if is_acknowledgement(event.text):
            await _acknowledge(session, question, author.user_id, event)
            return Outcome("ack", question.id)
        kind = "response"
    else:
        kind = "peer"
    await questions.insert_response(
        session=session,
        values={
            "workspace_id": question.workspace_id,
            "question_id": question.id,
            "message_ts": event.ts,
            "user_id": author.user_id,
            "side": author.side,
            "kind": kind,
            "posted_at": event.at,
        },
    )
    await _recompute_answers(session, _id(question))
    return Outcome(kind, question.id)


async def _acknowledge(
    session: AsyncSession, question: Question, user_id: str, event: MessagePosted | ReactionAdded
) -> None:
    # Keep the earliest acknowledgement even when events arrive out of order.
    await questions.set_fields(
        session=session,
        question_id=_id(question),
        where=or_(
            col(Question.acknowledged_at).is_(None), col(Question.acknowledged_at) > event.at
        ),
        acknowledged_at=event.at,
        acknowledged_by=user_id,
    )


async def _recompute_answers(session: AsyncSession, question_id: int) -> None:
    first = await questions.earliest_response(
        session=session, question_id=question_id, kind="response"
    )
    peer = await questions.earliest_response(session=session, question_id=question_id, kind="peer")
    await questions.set_fields(
        session=session,
        question_id=question_id,
        first_response_at=first.posted_at if first else None,
        first_response_by=first.user_id if first else None,
        first_response_ts=first.message_ts if first else None,
        peer_answered_at=peer.posted_at if peer else None,
        peer_answered_by=peer.user_id if peer else None,
    )


async def record_edit(services: Services, event: MessageEdited) -> Outcome:
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, event.tenant, now)
        if not await _claim(session, ws, event.event_id, services):
            return Outcome("duplicate")
        channel_id = await channel_key(session, services.settings, ws, event.channel_id, now)
        question = await questions.by_message(session=session, channel_id=channel_id, ts=event.ts)
        if question is None or question.source in {"ask", "modal"}:
            return Outcome("activity")
        if question.text_purged_at is not None:
            # Purged (retention, forget-user): an edit must not bring the text back.
            return Outcome("activity")
        await questions.set_fields(session=session, question_id=_id(question), text=event.text)
        return Outcome("edited", question.id)


async def record_deletion(services: Services, event: MessageDeleted) -> Outcome:
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, event.tenant, now)
        if not await _claim(session, ws, event.event_id, services):
            return Outcome("duplicate")
        channel_id = await channel_key(session, services.settings, ws, event.channel_id, now)
        await activity.mark_activity_deleted(
            session=session, channel_id=channel_id, ts=event.ts, at=event.at
        )
        question = await questions.by_message(session=session, channel_id=channel_id, ts=event.ts)
        if question is not None:
            await questions.set_fields(
                session=session,
                question_id=_id(question),
                where=col(Question.withdrawn_at).is_(None),
                withdrawn_at=event.at,
            )
            return Outcome("withdrawn", question.id)
        replies = await questions.responses_at(
            session=session, workspace_id=ws, channel_id=channel_id, ts=event.ts
        )
        for reply in replies:
            await questions.mark_response_deleted(
                session=session, response_id=_id(reply), at=event.at
            )
            await _recompute_answers(session, reply.question_id)
        return Outcome("reply_deleted" if replies else "activity")


async def record_reaction(
    services: Services, directory: Directory, event: ReactionAdded
) -> Outcome:
    name = event.reaction.split("::")[0]  # skin tones arrive as "eyes::skin-tone-2"
    if name not in QUESTION_REACTIONS | ACK_REACTIONS | RESOLVE_REACTIONS:
        return Outcome("ignored")
    reactor = await person_for(services, directory, event.tenant, event.reactor)
    if reactor.is_bot:
        return Outcome("ignored")
    marked_author = None
    if name in QUESTION_REACTIONS and event.item_author:
        marked_author = await person_for(
            services, directory, event.tenant, Author(user_id=event.item_author)
        )
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, event.tenant, now)
        channel_id = await channel_key(session, services.settings, ws, event.channel_id, now)
        question = await questions.by_message(
            session=session, channel_id=channel_id, ts=event.item_ts
        )
        # Most reactions change nothing: those are answered from the read alone. The event id is
        # claimed only by one that acts, so that a redelivery of it cannot act twice.
        ignored = _ignored_reaction(name, question, reactor, marked_author)
        if ignored is not None:
            return ignored
        if not await _claim(session, ws, event.event_id, services):
            return Outcome("duplicate")
        if name in QUESTION_REACTIONS:
            assert marked_author is not None
            created = await questions.insert_id(
                session=session,
                values={
                    "workspace_id": ws,
                    "channel_id": channel_id,
                    "root_ts": event.item_ts,
                    "message_ts": event.item_ts,
                    "direction": marked_author.side,
                    "source": "reaction",
                    "asker_user_id": marked_author.user_id,
                    # Timed from the message it marks, not from the reaction.
                    "asked_at": _ts_time(event.item_ts),
                },
            )
            return Outcome("created", created) if created else Outcome("duplicate")
        assert question is not None
        if name in ACK_REACTIONS:
            await _acknowledge(session, question, reactor.user_id, event)
            return Outcome("ack", question.id)
        await mark_resolved(session, question, reactor.user_id, event.at)
        return Outcome("resolved", question.id)


def _ignored_reaction(
    name: str, question: Question | None, reactor: PersonView, marked_author: PersonView | None
) -> Outcome | None:
    """The outcome of a reaction that changes nothing; None for one that acts."""
    if name in QUESTION_REACTIONS:
        if question is not None or marked_author is None or marked_author.is_bot:
            return Outcome("ignored", question.id if question else None)
        return None
    if question is None or question.withdrawn_at is not None:
        return Outcome("ignored")
    if name in ACK_REACTIONS:
        acts = reactor.side != asker_side(question.direction)  # the other side acknowledges
    else:
        acts = may_resolve(question, reactor)
    return None if acts else Outcome("ignored", question.id)


def may_resolve(question: Question, person: PersonView) -> bool:
    """DESIGN.md: the asker or the vendor side may resolve."""
    return person.user_id == question.asker_user_id or person.side == "vendor"


async def mark_resolved(
    session: AsyncSession, question: Question, user_id: str, at: datetime
) -> bool:
    return await questions.set_fields(
        session=session,
        question_id=_id(question),
        where=col(Question.resolved_at).is_(None),
        resolved_at=at,
        resolved_by=user_id,
    )


def _ts_time(ts: str) -> datetime:
    return datetime.fromtimestamp(float(ts), UTC)
