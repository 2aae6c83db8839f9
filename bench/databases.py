"""Fresh databases for benchmarks: a SQLite file in a folder, or a new PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import create_engine


def _server_url(name: str) -> tuple[str, str]:
    base = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    admin = make_url(base).render_as_string(hide_password=False)
    return admin, make_url(base).set(database=name).render_as_string(hide_password=False)


async def fresh_database(backend: str, folder: Path, label: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / (label + '.db')}"
    name = f"ownerbot_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin, url = _server_url(name)
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()
    return url


async def drop(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin, _ = _server_url(parsed.database or "")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    await engine.dispose()
