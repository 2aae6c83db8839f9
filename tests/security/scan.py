"""Reading every stored value of every table, for tests that look for what must not be there."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import SQLModel

from bot.app import Services


async def stored_values(services: Services) -> list[tuple[str, str, Any, str]]:
    """(table, column, row id, value as text) for every text-like value in the database:
    strings as they are, JSON documents serialised."""
    found = []
    async with services.sessions() as session:
        for table in SQLModel.metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = (await session.execute(table.select())).mappings().all()
            for row in rows:
                for name, value in row.items():
                    if isinstance(value, str):
                        found.append((table.name, name, row.get("id"), value))
                    elif isinstance(value, dict | list):
                        found.append((table.name, name, row.get("id"), json.dumps(value)))
    return found


async def where_found(services: Services, needle: str) -> list[str]:
    """'table.column' of every stored value containing `needle` (case-insensitive)."""
    wanted = needle.lower()
    return sorted(
        {f"{t}.{c}" for t, c, _, value in await stored_values(services) if wanted in value.lower()}
    )
