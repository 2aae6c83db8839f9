"""New channel messages stored together with the lookup saying which of them can concern a
question (bot/services/messages.py): for a lone message, in one statement.

Each statement costs several hand-offs to the database driver's thread (aiosqlite) or a round
trip (asyncpg); a lone message, the common case outside bursts, was two statements.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import MessageActivity
from storage.queries import activity, questions
from storage.queries.upsert import dialect_of, insert_ignoring

Key = tuple[int, str]

_LONE: dict[str, Any] = {}


def _lone_statement(dialect: str) -> Any:
    """INSERT … ON CONFLICT DO NOTHING RETURNING (channel, ts, is a question thread, has a
    joinable question): nothing comes back for a message already stored."""
    statement = _LONE.get(dialect)
    if statement is None:
        keys = ["channel_id", "ts"]
        statement = _LONE[dialect] = insert_ignoring(
            dialect, MessageActivity, keys, keys
        ).returning(questions.IS_QUESTION_THREAD, questions.HAS_JOINABLE_QUESTION)
    return statement


async def store_and_look_up(
    *, session: AsyncSession, rows: list[dict[str, Any]], join_window: timedelta
) -> tuple[set[Key], set[Key], set[Key]]:
    """Store messages' metadata (MessageActivity columns; `thread_ts` only for replies). Returns
    the (channel id, ts) of those not stored before; of the replies among them, the (channel id,
    thread ts) that are question threads; of the top-level ones, the (channel id, user id) that
    may have a question to join (asked or last joined within `join_window` of the message)."""
    if len(rows) == 1:
        return await _store_one(session, rows[0], join_window)
    stored = await activity.store_messages(session=session, rows=rows)
    new = [row for row in rows if (row["channel_id"], row["ts"]) in stored]
    top_level = [row for row in new if row["thread_ts"] is None]
    threads, askers = await questions.concerned(
        session=session,
        threads={(row["channel_id"], row["thread_ts"]) for row in new if row["thread_ts"]},
        askers={(row["channel_id"], row["user_id"]) for row in top_level},
        since=min((row["posted_at"] for row in top_level), default=rows[0]["posted_at"])
        - join_window,
    )
    return stored, threads, askers


async def _store_one(
    session: AsyncSession, row: dict[str, Any], join_window: timedelta
) -> tuple[set[Key], set[Key], set[Key]]:
    reply = row["thread_ts"] is not None
    lookup = {
        "channel": row["channel_id"],
        # A NULL key matches nothing: a reply looks up its thread, a top-level message its author.
        "thread": row["thread_ts"] if reply else None,
        "asker": None if reply else row["user_id"],
        "since": row["posted_at"] - join_window,
    }
    found = (await session.execute(_lone_statement(dialect_of(session)), row | lookup)).first()
    if found is None:
        return set(), set(), set()
    channel, ts, is_question_thread, has_joinable = found
    key = (int(channel), str(ts))
    return (
        {key},
        {(key[0], row["thread_ts"])} if is_question_thread else set(),
        {(key[0], row["user_id"])} if has_joinable else set(),
    )
