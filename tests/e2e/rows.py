"""Reading what the app stored, for end-to-end assertions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import SQLModel, col, select

from bot.app import Services
from storage.models import MessageActivity, Person, Question, Response


async def all_rows(services: Services, model: type[SQLModel]) -> list[Any]:
    async with services.sessions() as session:
        result = await session.execute(select(model).order_by(col(model.id)))  # type: ignore[attr-defined]
        return list(result.scalars().all())


async def questions(services: Services) -> list[Question]:
    return await all_rows(services, Question)


async def only_question(services: Services) -> Question:
    found = await questions(services)
    assert len(found) == 1, f"expected one question, found {len(found)}: {found}"
    return found[0]


async def responses(services: Services) -> list[Response]:
    return await all_rows(services, Response)


async def activity(services: Services) -> list[MessageActivity]:
    return await all_rows(services, MessageActivity)


async def person(services: Services, user_id: str) -> Person:
    people = [p for p in await all_rows(services, Person) if p.slack_user_id == user_id]
    assert len(people) == 1
    return people[0]


def at(ts: str) -> datetime:
    return datetime.fromtimestamp(float(ts), UTC)
