"""People and their sides: the database doubles as the cache of the directory's answers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Person
from storage.queries.upsert import insert_ignore


async def person(*, session: AsyncSession, workspace_id: int, user_id: str) -> Person | None:
    result = await session.execute(
        select(Person).where(
            col(Person.workspace_id) == workspace_id, col(Person.slack_user_id) == user_id
        )
    )
    return result.scalars().first()


async def save_person(
    *, session: AsyncSession, workspace_id: int, user_id: str, values: dict[str, Any]
) -> Person:
    """Insert or refresh a person; an override already set by a vendor member is kept."""
    inserted = await insert_ignore(
        session=session,
        model=Person,
        values={"workspace_id": workspace_id, "slack_user_id": user_id, **values},
        keys=["workspace_id", "slack_user_id"],
    )
    if inserted is None:
        await session.execute(
            update(Person)
            .where(col(Person.workspace_id) == workspace_id, col(Person.slack_user_id) == user_id)
            .values(**values)
        )
    found = await person(session=session, workspace_id=workspace_id, user_id=user_id)
    assert found is not None
    await session.refresh(found)
    return found
