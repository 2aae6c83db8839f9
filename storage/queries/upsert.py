"""INSERT … ON CONFLICT DO NOTHING on both backends: the basis of every idempotent write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

# Built once per (dialect, table, conflict keys, returned columns), values passed as parameters:
# building an INSERT and deriving its cache key each time cost more CPU than running it.
_statements: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], Any] = {}


def dialect_of(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind is not None else "sqlite"


def insert_ignoring(
    dialect: str, model: type[SQLModel], keys: Sequence[str], returning: Sequence[str] = ("id",)
) -> Any:
    """INSERT INTO model's table ON CONFLICT (keys) DO NOTHING RETURNING `returning`, with no
    values: execute it with a row (a dict) or rows (a list of dicts) as parameters."""
    table: Any = model.__table__  # type: ignore[attr-defined]
    key = (dialect, table.name, tuple(keys), tuple(returning))
    statement = _statements.get(key)
    if statement is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        columns: list[ColumnElement[Any]] = [table.c[name] for name in returning]
        statement = _statements[key] = (
            insert(table).on_conflict_do_nothing(index_elements=list(keys)).returning(*columns)
        )
    return statement


async def insert_ignore(
    *, session: AsyncSession, model: type[SQLModel], values: dict[str, Any], keys: Sequence[str]
) -> int | None:
    """Insert a row unless one with the same `keys` exists; the new row's id, or None if it did."""
    statement = insert_ignoring(dialect_of(session), model, keys)
    result = await session.execute(statement, values)
    row = result.first()
    return None if row is None else int(row[0])
