"""Claims on the weekly digests (digest_run) and the leads' portfolios (portfolio_run).

A unit of work is one channel-week (or one leads channel-week). A sweep claims it *before* posting
by inserting its row (the unique constraint decides who won; a loser inserts nothing), takes over
a claim left behind by a crash or a failure with a compare-and-set UPDATE, and marks the row with
the posted `ts` afterwards, again only while it still holds the claim.

Every function is ONE statement however many units it handles: rows that differ per unit travel
as a single JSON parameter (as in storage/queries/digest.py), so a sweep over 1,000 channels
sends as many statements as a sweep over 10.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    column,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import FromClause
from sqlalchemy.types import TypeEngine
from sqlmodel import col

from storage.models import Channel, DigestRun, PortfolioRun, Workspace
from storage.types import UTCDateTime

CLAIMED = "claimed"
POSTED = "posted"
FAILED = "failed"


@dataclass(frozen=True)
class RunTable:
    """A table of claims: its model, the column naming the unit besides the week, and the
    columns of its unique constraint."""

    model: Any
    key: str
    unique: tuple[str, ...]

    @property
    def table(self) -> Any:
        return self.model.__table__


DIGESTS = RunTable(DigestRun, "channel_id", ("channel_id", "week"))
PORTFOLIOS = RunTable(
    PortfolioRun, "leads_channel_id", ("workspace_id", "leads_channel_id", "week")
)


@dataclass(frozen=True)
class Unit:
    """One unit to claim: the channel row id (digests) or the leads channel's Slack id
    (portfolios), in a workspace, for a week."""

    workspace_id: int
    key: int | str
    week: str


@dataclass(frozen=True)
class Run:
    """A claim row as a sweep reads it."""

    id: int
    workspace_id: int
    key: int | str
    week: str
    status: str
    claimed_at: datetime
    claimed_by: str
    attempts: int
    posted_ts: str | None

    @property
    def unit(self) -> Unit:
        return Unit(self.workspace_id, self.key, self.week)


@dataclass(frozen=True)
class Outcome:
    """What became of a claimed unit: posted (`ts`) or failed (`error`)."""

    run_id: int
    ts: str | None = None
    error: str | None = None
    figures: dict[str, Any] | None = None


@dataclass(frozen=True)
class ScheduledChannel:
    """A channel as the digest sweep needs it: its workspace, timezone, digest time and leads."""

    id: int
    workspace_id: int
    team_id: str
    enterprise_id: str
    slack_channel_id: str
    timezone: str
    digest_time: str
    leads_channel_id: str | None
    bot_is_member: bool
    created_at: datetime


def _scheduled(statement: Any) -> Any:
    return statement.join(Workspace, col(Workspace.id) == col(Channel.workspace_id)).order_by(
        col(Channel.workspace_id), col(Channel.slack_channel_id)
    )


_CHANNEL_COLUMNS = (
    col(Channel.id),
    col(Channel.workspace_id),
    col(Workspace.team_id),
    col(Workspace.enterprise_id),
    col(Channel.slack_channel_id),
    col(Channel.timezone),
    col(Channel.digest_time),
    col(Channel.leads_channel_id),
    col(Channel.bot_is_member),
    col(Channel.created_at),
)


async def scheduled_channels(
    *, session: AsyncSession, team_id: str | None = None, enterprise_id: str = ""
) -> list[ScheduledChannel]:
    """Every channel of every workspace (of one, with `team_id` and `enterprise_id`), with what
    scheduling its digest needs."""
    statement = _scheduled(select(*_CHANNEL_COLUMNS))
    if team_id is not None:
        statement = statement.where(
            col(Workspace.team_id) == team_id, col(Workspace.enterprise_id) == enterprise_id
        )
    result = await session.execute(statement)
    return [ScheduledChannel(*row) for row in result.all()]


async def scheduled_channel(
    *, session: AsyncSession, workspace_id: int, slack_channel_id: str
) -> ScheduledChannel | None:
    result = await session.execute(
        _scheduled(select(*_CHANNEL_COLUMNS)).where(
            col(Channel.workspace_id) == workspace_id,
            col(Channel.slack_channel_id) == slack_channel_id,
        )
    )
    row = result.first()
    return None if row is None else ScheduledChannel(*row)


def _run_columns(spec: RunTable) -> tuple[Any, ...]:
    t = spec.table
    return (
        t.c.id,
        t.c.workspace_id,
        t.c[spec.key],
        t.c.week,
        t.c.status,
        t.c.claimed_at,
        t.c.claimed_by,
        t.c.attempts,
        t.c.posted_ts,
    )


def _runs(rows: Sequence[Any]) -> list[Run]:
    return [Run(*row) for row in rows]


async def runs(
    *,
    session: AsyncSession,
    spec: RunTable,
    workspace_ids: Collection[int],
    keys: Collection[int | str],
    weeks: Collection[str],
) -> list[Run]:
    """The claims on any of `keys` for any of `weeks` (a superset of the units asked about)."""
    if not keys or not weeks:
        return []
    t = spec.table
    result = await session.execute(
        select(*_run_columns(spec)).where(
            t.c.workspace_id.in_(sorted(set(workspace_ids))),
            t.c[spec.key].in_(sorted(set(keys), key=str)),
            t.c.week.in_(sorted(set(weeks))),
        )
    )
    return _runs(result.all())


def _json_rows(
    session: AsyncSession, name: str, rows: Sequence[dict[str, Any]], types: dict[str, Any]
) -> FromClause:
    """`rows` as a table built from ONE JSON parameter; `types` maps each column to Integer,
    String or JSON."""
    assert session.bind is not None
    if session.bind.dialect.name == "postgresql":
        pg: dict[Any, TypeEngine[Any]] = {Integer: Integer(), String: String(), JSON: JSONB()}
        return (
            func.jsonb_to_recordset(bindparam(name, list(rows), type_=JSONB))
            .table_valued(*(column(key, pg[kind]) for key, kind in types.items()))
            .render_derived(name=name, with_types=True)
        )
    each = func.json_each(bindparam(name, json.dumps(list(rows)), type_=String)).table_valued(
        "value"
    )
    return select(
        *(func.json_extract(each.c.value, f"$.{key}").label(key) for key in types)
    ).subquery(name)


def _insert(session: AsyncSession) -> Any:
    assert session.bind is not None
    return postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert


async def claim(
    *, session: AsyncSession, spec: RunTable, units: Sequence[Unit], by: str, now: datetime
) -> list[Run]:
    """Insert a claim for each unit that has none; the rows this call inserted (the units it
    won). A unit someone else holds, posted or failed is left alone."""
    if not units:
        return []
    t = spec.table
    key_type = Integer if spec.key == "channel_id" else String
    wanted = _json_rows(
        session,
        "units",
        [{"workspace_id": u.workspace_id, "key": u.key, "week": u.week} for u in units],
        {"workspace_id": Integer, "key": key_type, "week": String},
    )
    source = select(
        wanted.c.workspace_id,
        wanted.c.key,
        wanted.c.week,
        bindparam("status", CLAIMED, type_=String),
        bindparam("claimed_at", now, type_=UTCDateTime()),
        bindparam("claimed_by", by, type_=String),
        bindparam("attempts", 1, type_=Integer),
    ).where(true())  # SQLite needs a WHERE in INSERT … SELECT … ON CONFLICT
    statement = (
        _insert(session)(t)
        .from_select(
            ["workspace_id", spec.key, "week", "status", "claimed_at", "claimed_by", "attempts"],
            source,
        )
        .on_conflict_do_nothing(index_elements=list(spec.unique))
        .returning(*_run_columns(spec))
    )
    result = await session.execute(statement)
    return _runs(result.all())


async def take_over(
    *,
    session: AsyncSession,
    spec: RunTable,
    run_ids: Collection[int],
    by: str,
    now: datetime,
    stale_before: datetime,
    max_attempts: int | None,
) -> list[Run]:
    """Claim again, in one compare-and-set UPDATE, each of `run_ids` that is a claim older than
    `stale_before` never marked posted (its sweep died), or a failure with fewer than
    `max_attempts` attempts (None: any failure). The rows taken over; another sweep that read
    the same rows and comes second takes none of them."""
    if not run_ids:
        return []
    t = spec.table
    failed = t.c.status == FAILED
    if max_attempts is not None:
        failed = and_(failed, t.c.attempts < max_attempts)
    statement = (
        update(t)
        .where(
            t.c.id.in_(sorted(set(run_ids))),
            or_(
                and_(
                    t.c.status == CLAIMED,
                    t.c.posted_ts.is_(None),
                    t.c.claimed_at < stale_before,
                ),
                failed,
            ),
        )
        .values(status=CLAIMED, claimed_by=by, claimed_at=now, attempts=t.c.attempts + 1)
        .returning(*_run_columns(spec))
    )
    result = await session.execute(statement)
    return _runs(result.all())


async def record(
    *, session: AsyncSession, spec: RunTable, outcomes: Sequence[Outcome], by: str, now: datetime
) -> int:
    """Mark each claim posted (with its ts and figures) or failed (with the error), only where
    `by` still holds it. The number of rows marked."""
    if not outcomes:
        return 0
    t = spec.table
    done = _json_rows(
        session,
        "outcomes",
        [{"id": o.run_id, "ts": o.ts, "error": o.error, "figures": o.figures} for o in outcomes],
        {"id": Integer, "ts": String, "error": String, "figures": JSON},
    )
    posted = done.c.ts.is_not(None)
    assert session.bind is not None
    figures: Any = done.c.figures
    if session.bind.dialect.name == "postgresql":
        figures = cast(figures, JSON)
    statement = (
        update(t)
        .where(
            t.c.id == cast(done.c.id, Integer),
            t.c.status == CLAIMED,
            t.c.claimed_by == by,
        )
        .values(
            status=case((posted, POSTED), else_=FAILED),
            posted_ts=done.c.ts,
            posted_at=case((posted, bindparam("now", now, type_=UTCDateTime())), else_=None),
            last_error=case((posted, None), else_=done.c.error),
            figures=case((posted, figures), else_=t.c.figures),
        )
    )
    result: Any = await session.execute(statement)
    return int(result.rowcount or 0)


async def run_of(*, session: AsyncSession, spec: RunTable, unit: Unit) -> Run | None:
    """The claim on one unit, if any."""
    t = spec.table
    result = await session.execute(
        select(*_run_columns(spec)).where(
            t.c.workspace_id == unit.workspace_id,
            t.c[spec.key] == unit.key,
            t.c.week == unit.week,
        )
    )
    row = result.first()
    return None if row is None else Run(*row)
