"""A generator of realistic history for scale benchmarks: many client channels, weeks of messages,
questions and answers, written with bulk inserts (chunks of executemany) on SQLite or PostgreSQL."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import (
    Channel,
    ChannelMember,
    MessageActivity,
    OwnershipAssignment,
    Question,
    Response,
    Workspace,
)

TIMEZONES = ["Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "UTC"]
CHUNK = 20_000


@dataclass(frozen=True)
class Shape:
    channels: int = 1000
    weeks: int = 52
    messages_per_channel_week: int = 38  # 1,000 × 52 × 38 ≈ 2 million
    questions_per_channel_week: int = 2  # 1,000 × 52 × 2 ≈ 100,000
    last_monday: datetime = datetime(2026, 11, 16, tzinfo=UTC)  # history ends here (W46 done)

    @property
    def first_monday(self) -> datetime:
        return self.last_monday - timedelta(weeks=self.weeks)


async def _bulk(engine: AsyncEngine, model: Any, rows: Iterator[dict[str, Any]]) -> int:
    table = model.__table__
    written = 0
    chunk: list[dict[str, Any]] = []
    async with engine.begin() as conn:
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                await conn.execute(insert(table), chunk)
                written += len(chunk)
                chunk = []
        if chunk:
            await conn.execute(insert(table), chunk)
            written += len(chunk)
    return written


def _ts(moment: datetime, serial: int) -> str:
    return f"{int(moment.timestamp())}.{serial % 1_000_000:06d}"


async def generate(engine: AsyncEngine, shape: Shape, seed: int = 7) -> dict[str, int]:
    """Write the history; returns the row counts."""
    rng = random.Random(seed)
    start = shape.first_monday
    async with engine.begin() as conn:
        result = await conn.execute(
            insert(Workspace.__table__).returning(Workspace.__table__.c.id),  # type: ignore[attr-defined]
            [{"team_id": "T0BENCH", "enterprise_id": "", "name": "bench", "installed_at": start}],
        )
        workspace = int(result.scalar_one())
    channel_rows = [
        {
            "workspace_id": workspace,
            "slack_channel_id": f"C{index:08d}",
            "name": f"client-{index}",
            "timezone": TIMEZONES[index % len(TIMEZONES)],
            "business_hours": "Mon-Fri 09:00-17:00",
            "holidays": [],
            "sla_minutes": 240,
            "digest_time": "Mon 09:00",
            "phase": "project",
            "bot_is_member": True,
            "created_at": start,
        }
        for index in range(shape.channels)
    ]
    counts = {"channel": await _bulk(engine, Channel, iter(channel_rows))}
    channel_ids = list(range(1, shape.channels + 1))  # fresh database: ids follow insertion

    def vendors(channel: int) -> list[str]:
        return [f"UV{channel:05d}{n}" for n in range(4)]

    def clients(channel: int) -> list[str]:
        return [f"UC{channel:05d}{n}" for n in range(6)]

    counts["channel_member"] = await _bulk(
        engine,
        ChannelMember,
        (
            {
                "workspace_id": workspace,
                "channel_id": c,
                "user_id": u,
                "side": side,
                "joined_at": start,
            }
            for c in channel_ids
            for side, people in (("vendor", vendors(c)), ("client", clients(c)))
            for u in people
        ),
    )
    counts["ownership_assignment"] = await _bulk(
        engine,
        OwnershipAssignment,
        (
            {
                "workspace_id": workspace,
                "channel_id": c,
                "role": role,
                "user_id": user,
                "kind": "set",
                "assigned_by": vendors(c)[0],
                "assigned_at": start,
            }
            for c in channel_ids
            for role, user in (
                ("owner", vendors(c)[0]),
                ("backup", vendors(c)[1]),
                ("client_lead", clients(c)[0]),
            )
        ),
    )

    def messages() -> Iterator[dict[str, Any]]:
        serial = 0
        for c in channel_ids:
            for week in range(shape.weeks):
                monday = start + timedelta(weeks=week)
                for _ in range(shape.messages_per_channel_week):
                    serial += 1
                    client = rng.random() < 0.45
                    at = monday + timedelta(minutes=rng.randrange(5 * 24 * 60))
                    yield {
                        "workspace_id": workspace,
                        "channel_id": c,
                        "user_id": rng.choice(clients(c) if client else vendors(c)),
                        "side": "client" if client else "vendor",
                        "ts": _ts(at, serial),
                        "thread_ts": None,
                        "posted_at": at,
                        "deleted_at": None,
                    }

    counts["message_activity"] = await _bulk(engine, MessageActivity, messages())

    answered: list[tuple[int, int, datetime, str, str]] = []

    def questions() -> Iterator[dict[str, Any]]:
        serial = 10_000_000
        question_id = 0
        for c in channel_ids:
            for week in range(shape.weeks):
                monday = start + timedelta(weeks=week)
                for _ in range(shape.questions_per_channel_week):
                    serial += 1
                    question_id += 1
                    at = monday + timedelta(minutes=rng.randrange(5 * 24 * 60))
                    roll = rng.random()
                    first = at + timedelta(minutes=rng.randrange(5, 600)) if roll < 0.9 else None
                    if first is not None:
                        answered.append(
                            (
                                question_id,
                                c,
                                first,
                                _ts(first, serial),
                                vendors(c)[rng.randrange(4)],
                            )
                        )
                    yield {
                        "workspace_id": workspace,
                        "channel_id": c,
                        "root_ts": _ts(at, serial),
                        "message_ts": _ts(at, serial),
                        "direction": "client" if roll < 0.95 else "vendor",
                        "source": "auto",
                        "asker_user_id": clients(c)[rng.randrange(6)],
                        "text": "How do we rotate the API key?",
                        "asked_at": at,
                        "first_response_at": first,
                        "first_response_by": answered[-1][4] if first else None,
                        "first_response_ts": answered[-1][3] if first else None,
                        "resolved_at": (first + timedelta(hours=2))
                        if first and roll < 0.5
                        else None,
                        "reminder_stage": 0,
                    }

    counts["question"] = await _bulk(engine, Question, questions())
    counts["response"] = await _bulk(
        engine,
        Response,
        (
            {
                "workspace_id": workspace,
                "question_id": q,
                "message_ts": ts,
                "user_id": who,
                "side": "vendor",
                "kind": "response",
                "posted_at": at,
            }
            for q, _c, at, ts, who in answered
        ),
    )
    return counts
