"""Shared fixtures. Storage and end-to-end tests take `database_url` (or `engine`, `services`)
and run once per backend: SQLite, and PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Services, build_services
from bot.ports import FixedClock
from bot.settings import Settings, load_settings
from storage.db import create_engine
from tests.databases import DatabaseFactory, backends, factories

pytest_plugins = ["tests.slack_fixtures"]

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


@pytest.fixture(scope="session")
def database_factories(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, DatabaseFactory]]:
    with factories(Path(tmp_path_factory.mktemp("databases"))) as made:
        yield made


@pytest.fixture(params=backends())
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_factory(
    backend: str, database_factories: dict[str, DatabaseFactory]
) -> DatabaseFactory:
    return database_factories[backend]


@pytest.fixture
def database_url(database_factory: DatabaseFactory) -> Iterator[str]:
    """A fresh, migrated database of the current backend, dropped afterwards."""
    url = database_factory.migrated()
    yield url
    database_factory.drop(url)


@pytest.fixture
def empty_database_url(database_factory: DatabaseFactory) -> Iterator[str]:
    """A fresh database with no tables at all."""
    url = database_factory.empty()
    yield url
    database_factory.drop(url)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(database_url)
    yield eng
    await eng.dispose()


@pytest.fixture
def clock() -> FixedClock:
    # A Wednesday mid-morning in UTC: inside default business hours.
    return FixedClock(datetime(2026, 11, 18, 10, 0, tzinfo=UTC))


@pytest.fixture
def settings(database_url: str) -> Settings:
    # env_file=None: tests never read a developer's .env.
    return load_settings(
        env_file=None,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_app_token=None,
        database_url=database_url,
    )


@pytest.fixture
async def services(settings: Settings, clock: FixedClock) -> AsyncIterator[Services]:
    svc = build_services(settings, clock=clock)
    yield svc
    await svc.close()
