"""Alembic's head must be exactly the models' schema, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import storage.models  # noqa: F401
from storage.db import create_engine
from storage.migrate import current_revision, head_revision, is_up_to_date, upgrade_head


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, SQLModel.metadata))


async def test_upgrade_head_gives_exactly_the_models_schema(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        assert await current_revision(engine) is None
        assert not await is_up_to_date(engine)

        await upgrade_head(engine)

        assert await current_revision(engine) == head_revision()
        assert await is_up_to_date(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_diff) == []
            tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        assert set(SQLModel.metadata.tables) <= tables
    finally:
        await engine.dispose()


async def test_upgrade_is_idempotent(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_head(engine)  # already at head: nothing to do, no error
        assert await is_up_to_date(engine)
    finally:
        await engine.dispose()


async def test_a_schema_drift_is_detected(empty_database_url: str) -> None:
    """The comparison above can fail: a table missing from the database shows up as a diff."""
    engine = create_engine(empty_database_url)
    try:
        await upgrade_head(engine)
        async with engine.begin() as conn:
            await conn.exec_driver_sql("DROP TABLE processed_event")
        async with engine.connect() as conn:
            diff = await conn.run_sync(_diff)
        assert any(op[0] == "add_table" and op[1].name == "processed_event" for op in diff)
    finally:
        await engine.dispose()
