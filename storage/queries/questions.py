"""Questions and the replies in their threads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, func, literal, or_, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Question, Response
from storage.queries.upsert import insert_ignore


async def by_id(*, session: AsyncSession, workspace_id: int, question_id: int) -> Question | None:
    result = await session.execute(
        select(Question).where(
            col(Question.id) == question_id, col(Question.workspace_id) == workspace_id
        )
    )
    return result.scalars().first()


# Read for every reply in a question's thread and every reaction, edit and deletion: built once,
# values bound at execution.
_BY_ROOT = select(Question).where(
    col(Question.channel_id) == bindparam("channel"), col(Question.root_ts) == bindparam("ts")
)
_BY_MESSAGE = select(Question).where(
    col(Question.channel_id) == bindparam("channel"),
    or_(col(Question.root_ts) == bindparam("ts"), col(Question.message_ts) == bindparam("ts")),
)


async def by_root(*, session: AsyncSession, channel_id: int, root_ts: str) -> Question | None:
    result = await session.execute(_BY_ROOT, {"channel": channel_id, "ts": root_ts})
    return result.scalars().first()


async def by_message(*, session: AsyncSession, channel_id: int, ts: str) -> Question | None:
    """The question whose thread root or marked message is `ts`."""
    result = await session.execute(_BY_MESSAGE, {"channel": channel_id, "ts": ts})
    return result.scalars().first()


async def joinable(
    *, session: AsyncSession, channel_id: int, asker_user_id: str, since: datetime
) -> Question | None:
    """The asker's latest captured question still unanswered, last added to at or after `since`."""
    last = func.coalesce(col(Question.last_joined_at), col(Question.asked_at))
    result = await session.execute(
        select(Question)
        .where(
            col(Question.channel_id) == channel_id,
            col(Question.asker_user_id) == asker_user_id,
            col(Question.source) == "auto",
            col(Question.withdrawn_at).is_(None),
            col(Question.resolved_at).is_(None),
            col(Question.first_response_at).is_(None),
            col(Question.peer_answered_at).is_(None),
            last >= since,
        )
        .order_by(col(Question.asked_at).desc())
        .limit(1)
    )
    return result.scalars().first()


async def insert_id(*, session: AsyncSession, values: dict[str, Any]) -> int | None:
    """Insert a question unless its (channel, root) exists; the new row's id, or None."""
    return await insert_ignore(
        session=session, model=Question, values=values, keys=["channel_id", "root_ts"]
    )


async def set_fields(
    *, session: AsyncSession, question_id: int, where: Any = None, **values: Any
) -> bool:
    """Update one question; with `where`, only when that condition holds (compare-and-set)."""
    statement = update(Question).where(col(Question.id) == question_id)
    if where is not None:
        statement = statement.where(where)
    result: Any = await session.execute(statement.values(**values))
    return bool(result.rowcount)


# A Core UPDATE (on the table, not the mapped class): the ORM's bulk UPDATE, which also keeps
# the session's loaded questions in step, cost more CPU than the statement. For sessions that
# hold no question objects.
_TABLE: Any = Question.__table__  # type: ignore[attr-defined]
_ATTACH_POST = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("question"), _TABLE.c.workspace_id == bindparam("workspace"))
    .values(root_ts=bindparam("ts"), message_ts=bindparam("ts"))
)


async def attach_post(
    *, session: AsyncSession, workspace_id: int, question_id: int, ts: str
) -> None:
    """The bot's post of a question becomes its thread."""
    await session.execute(
        _ATTACH_POST, {"question": question_id, "workspace": workspace_id, "ts": ts}
    )


async def open_in_channel(
    *, session: AsyncSession, channel_id: int, asker_user_id: str | None = None
) -> list[Question]:
    """Questions neither answered nor resolved nor withdrawn, oldest first."""
    statement = select(Question).where(
        col(Question.channel_id) == channel_id,
        col(Question.withdrawn_at).is_(None),
        col(Question.resolved_at).is_(None),
        col(Question.first_response_at).is_(None),
    )
    if asker_user_id is not None:
        statement = statement.where(col(Question.asker_user_id) == asker_user_id)
    result = await session.execute(statement.order_by(col(Question.asked_at)))
    return list(result.scalars().all())


async def unresolved(
    *, session: AsyncSession, channel_id: int, asker_user_id: str | None = None, limit: int = 20
) -> list[Question]:
    """Questions not yet resolved nor withdrawn (answered or not), oldest first."""
    statement = select(Question).where(
        col(Question.channel_id) == channel_id,
        col(Question.resolved_at).is_(None),
        col(Question.withdrawn_at).is_(None),
    )
    if asker_user_id is not None:
        statement = statement.where(col(Question.asker_user_id) == asker_user_id)
    result = await session.execute(statement.order_by(col(Question.asked_at)).limit(limit))
    return list(result.scalars().all())


async def pending_posts(*, session: AsyncSession, channel_id: int) -> list[Question]:
    """/ask questions stored but not yet posted (the post failed, e.g. the bot was not invited)."""
    result = await session.execute(
        select(Question)
        .where(
            col(Question.channel_id) == channel_id,
            col(Question.root_ts).startswith("pending:"),
            col(Question.withdrawn_at).is_(None),
        )
        .order_by(col(Question.asked_at))
    )
    return list(result.scalars().all())


async def insert_response(*, session: AsyncSession, values: dict[str, Any]) -> bool:
    inserted = await insert_ignore(
        session=session, model=Response, values=values, keys=["question_id", "message_ts"]
    )
    return inserted is not None


async def responses_at(
    *, session: AsyncSession, workspace_id: int, channel_id: int, ts: str
) -> list[Response]:
    """Replies with this ts in this channel's question threads (for deletions)."""
    result = await session.execute(
        select(Response)
        .join(Question, col(Question.id) == col(Response.question_id))
        .where(
            col(Response.workspace_id) == workspace_id,
            col(Question.channel_id) == channel_id,
            col(Response.message_ts) == ts,
        )
    )
    return list(result.scalars().all())


async def mark_response_deleted(*, session: AsyncSession, response_id: int, at: datetime) -> None:
    await session.execute(
        update(Response).where(col(Response.id) == response_id).values(deleted_at=at)
    )


async def earliest_response(
    *, session: AsyncSession, question_id: int, kind: str
) -> Response | None:
    """The earliest live reply of a kind; recomputed, so late and deleted replies stay right."""
    result = await session.execute(
        select(Response)
        .where(
            col(Response.question_id) == question_id,
            col(Response.kind) == kind,
            col(Response.deleted_at).is_(None),
        )
        .order_by(col(Response.posted_at), col(Response.message_ts))
        .limit(1)
    )
    return result.scalars().first()


def _thread_part(channels: Any, roots: Any) -> Any:
    return select(literal("thread"), col(Question.channel_id), col(Question.root_ts)).where(
        channels, roots
    )


def _asker_part(channels: Any, askers: Any, since: Any) -> Any:
    last = func.coalesce(col(Question.last_joined_at), col(Question.asked_at))
    return select(literal("asker"), col(Question.channel_id), col(Question.asker_user_id)).where(
        channels,
        askers,
        col(Question.source) == "auto",
        col(Question.withdrawn_at).is_(None),
        col(Question.resolved_at).is_(None),
        last >= since,
    )


# Built once, values bound at execution: a batch of messages binds lists, which SQLAlchemy
# expands into its IN lists when it runs the statement.
_SINCE = bindparam("since", type_=Question.__table__.c.asked_at.type)  # type: ignore[attr-defined]
_THREADS = _thread_part(
    col(Question.channel_id).in_(bindparam("thread_channels", expanding=True)),
    col(Question.root_ts).in_(bindparam("roots", expanding=True)),
)
_ASKERS = _asker_part(
    col(Question.channel_id).in_(bindparam("asker_channels", expanding=True)),
    col(Question.asker_user_id).in_(bindparam("askers", expanding=True)),
    _SINCE,
)
_LOOKUPS = {
    (True, False): _THREADS,
    (False, True): _ASKERS,
    (True, True): union_all(_THREADS, _ASKERS),
}

# The same lookups for one new message, as EXISTS expressions that the statement storing it
# returns beside it (storage/queries/incoming.py); bound as `channel`, `thread`, `asker`, `since`.
_ONE_CHANNEL = col(Question.channel_id) == bindparam("channel")
IS_QUESTION_THREAD = exists(
    _thread_part(_ONE_CHANNEL, col(Question.root_ts) == bindparam("thread"))
)
HAS_JOINABLE_QUESTION = exists(
    _asker_part(_ONE_CHANNEL, col(Question.asker_user_id) == bindparam("asker"), _SINCE)
)


async def concerned(
    *,
    session: AsyncSession,
    threads: set[tuple[int, str]],
    askers: set[tuple[int, str]],
    since: datetime,
) -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    """In one statement: which of these (channel id, thread ts) are question threads, and which
    of these (channel id, user id) may have a question `joinable` would find from `since` on (a
    superset: `joinable` decides)."""
    if not threads and not askers:
        return set(), set()
    params: dict[str, Any] = {"since": since} if askers else {}
    params["thread_channels"] = sorted({channel for channel, _ in threads})
    params["roots"] = sorted({ts for _, ts in threads})
    params["asker_channels"] = sorted({channel for channel, _ in askers})
    params["askers"] = sorted({user for _, user in askers})
    rows = await session.execute(_LOOKUPS[(bool(threads), bool(askers))], params)
    found = {(str(kind), int(channel), str(key)) for kind, channel, key in rows}
    return (
        {(channel, key) for kind, channel, key in found if kind == "thread"} & threads,
        {(channel, key) for kind, channel, key in found if kind == "asker"} & askers,
    )
