"""The async engine: the driver is chosen from a plain URL, SQLite gets WAL and foreign keys."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry, PoolResetState

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


def async_url(url: str | URL) -> URL:
    """`sqlite:///x.db` → aiosqlite, `postgresql://…` → asyncpg; an explicit driver is kept."""
    parsed = make_url(url)
    if "+" not in parsed.drivername:
        driver = _ASYNC_DRIVERS.get(parsed.drivername)
        if driver is None:
            raise ValueError(
                f"unsupported database: {parsed.drivername} (use SQLite or PostgreSQL)"
            )
        parsed = parsed.set(drivername=driver)
    return parsed


def create_engine(url: str | URL, **kwargs: Any) -> AsyncEngine:
    target = async_url(url)
    if target.get_backend_name() == "sqlite":
        # One writer at a time: wait for the lock rather than fail with "database is locked".
        kwargs.setdefault("connect_args", {"timeout": 30})
        kwargs.setdefault("pool_reset_on_return", None)
        engine = create_async_engine(target, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if kwargs["pool_reset_on_return"] is None:  # unless the caller chose a reset
            event.listen(engine.sync_engine, "reset", _rollback_if_open)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    # Fail fast when the database is unreachable: Slack wants an answer within 3 seconds.
    kwargs.setdefault("pool_timeout", 5)
    kwargs.setdefault("connect_args", {"timeout": 2})
    return create_async_engine(target, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
    finally:
        cursor.close()


def _rollback_if_open(_dbapi: Any, record: ConnectionPoolEntry, state: PoolResetState) -> None:
    """The pool's reset on return, minus the rollback of a transaction that is not open. The
    default rolls back every connection taken back, even after a commit, and with aiosqlite each
    rollback is a hand-off to its thread and back, ~0.1 ms of the 2 ms a lone message costs (docs/
    benchmarks.md). sqlite3 knows whether a transaction is open."""
    if not state.asyncio_safe or state.transaction_was_reset:
        return  # as the default: no loop to run it on, or the connection already rolled back
    if record.driver_connection is None or record.driver_connection.in_transaction:
        record.dbapi_connection.rollback()  # type: ignore[union-attr]


def is_unavailable(error: BaseException) -> bool:
    """Whether an error means the database could not be reached (rather than a bug or bad data)."""
    if isinstance(error, OperationalError | InterfaceError | ConnectionError | TimeoutError):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    cause = error.__cause__ or error.__context__
    return isinstance(cause, OSError | ConnectionError | TimeoutError)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
