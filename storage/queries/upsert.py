"""INSERT … ON CONFLICT DO NOTHING on both backends: the basis of every idempotent write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel


async def insert_ignore(
    *, session: AsyncSession, model: type[SQLModel], values: dict[str, Any], keys: Sequence[str]
) -> int | None:
    """Insert a row unless one with the same `keys` exists; the new row's id, or None if it did."""
    table: Any = model.__table__  # type: ignore[attr-defined]
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(table).values(**values).on_conflict_do_nothing(index_elements=list(keys))
    ).returning(table.c.id)
    result = await session.execute(statement)
    row = result.first()
    return None if row is None else int(row[0])
