"""A connection goes back to the pool with no transaction open (storage/db.py): on SQLite the
pool's own rollback on return is replaced by one that runs only when a transaction is open."""

from __future__ import annotations

from sqlalchemy import func, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from storage.models import Workspace

RAW_INSERT = (
    "INSERT INTO workspace (enterprise_id, team_id, name, installed_at) "
    "VALUES ('', 'T0RAW', '', '2026-11-18 10:00:00+00:00')"
)


def _insert_behind_sqlalchemys_back(connection: Connection) -> None:
    """Straight through the driver: SQLAlchemy's Connection does not know a transaction began."""
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(RAW_INSERT)
    cursor.close()


async def _raw_rows(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = select(func.count()).where(col(Workspace.team_id) == "T0RAW")
        return int((await connection.execute(count)).scalar_one())


async def test_a_transaction_left_open_is_rolled_back_on_return(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        await connection.run_sync(_insert_behind_sqlalchemys_back)
    # The pool hands the same connection out again: had it kept its transaction, it would see
    # its own uncommitted row (and hold SQLite's write lock).
    assert await _raw_rows(engine) == 0
    async with engine.begin() as connection:
        await connection.execute(text(RAW_INSERT.replace("T0RAW", "T0NEXT")))
