"""Clean databases for tests: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set.

A migrated template is built once per session per backend; every test gets its own copy (a file
copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL), so tests never see each other's rows.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import async_url, create_engine
from storage.migrate import migrate_url

_counter = itertools.count()


def backends() -> list[str]:
    return ["sqlite", "postgres"] if os.environ.get("TEST_DATABASE_URL") else ["sqlite"]


def _pg_admin_url() -> str:
    return async_url(os.environ["TEST_DATABASE_URL"]).render_as_string(hide_password=False)


def _pg_url_for(name: str) -> str:
    return make_url(_pg_admin_url()).set(database=name).render_as_string(hide_password=False)


async def _pg_execute(*statements: str) -> None:
    # CREATE/DROP DATABASE cannot run in a transaction: use autocommit.
    engine = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            for statement in statements:
                await conn.execute(text(statement))
    finally:
        await engine.dispose()


class DatabaseFactory:
    """Hands out fresh databases of one backend, migrated or empty."""

    def __init__(self, backend: str, workdir: Path) -> None:
        self.backend = backend
        self.workdir = workdir
        self._template: str | None = None
        self._created: list[str] = []
        self._prefix = f"ownerbot_t{os.getpid()}"

    def _new_name(self) -> str:
        return f"{self._prefix}_{next(_counter)}"

    def empty(self) -> str:
        name = self._new_name()
        if self.backend == "sqlite":
            return f"sqlite:///{self.workdir / (name + '.db')}"
        asyncio.run(_pg_execute(f'CREATE DATABASE "{name}" TEMPLATE template0'))
        self._created.append(name)
        return _pg_url_for(name)

    def migrated(self) -> str:
        if self._template is None:
            self._template = self.empty()
            asyncio.run(migrate_url(self._template))
        if self.backend == "sqlite":
            source = Path(make_url(self._template).database or "")
            target = self.workdir / (self._new_name() + ".db")
            shutil.copyfile(source, target)
            return f"sqlite:///{target}"
        name = self._new_name()
        template = make_url(self._template).database
        asyncio.run(_pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        self._created.append(name)
        return _pg_url_for(name)

    def drop(self, url: str) -> None:
        if self.backend == "postgres":
            name = make_url(url).database
            asyncio.run(_pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self._created.remove(name)  # type: ignore[arg-type]

    def close(self) -> None:
        if self.backend == "postgres":
            names = list(self._created)
            asyncio.run(
                _pg_execute(*[f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)' for n in names])
            )
            self._created.clear()


@contextmanager
def factories(workdir: Path) -> Iterator[dict[str, DatabaseFactory]]:
    made = {backend: DatabaseFactory(backend, workdir / backend) for backend in backends()}
    for factory in made.values():
        factory.workdir.mkdir(parents=True, exist_ok=True)
    try:
        yield made
    finally:
        for factory in made.values():
            factory.close()
