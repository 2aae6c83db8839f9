"""Fixtures for digest tests: a database seeded with the hand-computed scenario."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.digest.scenario import seed_scenario
from tests.digest.seed import Seed


@pytest.fixture
async def scenario(engine: AsyncEngine) -> AsyncEngine:
    seed = Seed(installed_at=datetime(2026, 10, 1, tzinfo=UTC))
    seed_scenario(seed)
    async with engine.begin() as conn:
        await seed.write(conn)
    return engine
