"""Purging question text and forgetting a person: the only writes that remove what was stored.

Every function is scoped by workspace: forgetting U123 in one workspace leaves another
workspace's U123 (a different person) alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col, select

from storage.models import (
    ChannelMember,
    DigestRun,
    MessageActivity,
    OwnershipAssignment,
    Person,
    Question,
    Response,
    SettingChange,
    Workspace,
)

# Every column that holds a person's Slack user id, table by table (Person's own id is handled
# with the rest of the person's row). tests/security/test_privacy.py checks this list against
# the models, so a new column cannot be forgotten.
USER_COLUMNS: dict[type[SQLModel], tuple[str, ...]] = {
    Question: (
        "asker_user_id",
        "addressee_user_id",
        "acknowledged_by",
        "first_response_by",
        "peer_answered_by",
        "resolved_by",
        "assignee_user_id",
    ),
    Response: ("user_id",),
    OwnershipAssignment: ("user_id", "previous_user_id", "assigned_by"),
    MessageActivity: ("user_id",),
    ChannelMember: ("user_id",),
    SettingChange: ("changed_by",),
    Person: ("override_by",),
}


async def purge_question_texts(
    *, session: AsyncSession, asked_before: datetime, now: datetime, workspace_id: int | None = None
) -> int:
    """Set the text of questions asked before `asked_before` to NULL (stamped `text_purged_at`);
    how many were purged. Questions with no text left are not touched again."""
    statement = (
        update(Question)
        .where(col(Question.asked_at) < asked_before, col(Question.text).is_not(None))
        .values(text=None, text_purged_at=now)
    )
    if workspace_id is not None:
        statement = statement.where(col(Question.workspace_id) == workspace_id)
    result: Any = await session.execute(statement)
    return int(result.rowcount or 0)


async def workspaces_knowing(
    *, session: AsyncSession, user_id: str, team_id: str | None = None
) -> list[tuple[int, str, str]]:
    """(workspace id, team id, enterprise id) of each workspace (of `team_id`'s, when given) that
    has a person row for `user_id`, or any row naming them as an asker, replier or member."""
    places = select(col(Workspace.id), col(Workspace.team_id), col(Workspace.enterprise_id))
    if team_id is not None:
        places = places.where(col(Workspace.team_id) == team_id)
    found = []
    for ws, team, enterprise in (await session.execute(places.order_by(col(Workspace.id)))).all():
        if ws is not None and await _mentions_anywhere(session, ws, user_id):
            found.append((int(ws), str(team), str(enterprise)))
    return found


def _in_workspace(model: type[SQLModel], workspace_id: int) -> Any:
    column: Any = model.__table__.c.workspace_id  # type: ignore[attr-defined]
    return column == workspace_id


async def _mentions_anywhere(session: AsyncSession, workspace_id: int, user_id: str) -> bool:
    checks: list[tuple[type[SQLModel], str]] = [(Person, "slack_user_id")]
    checks += [(model, name) for model, names in USER_COLUMNS.items() for name in names]
    for model, name in checks:
        table: Any = model.__table__  # type: ignore[attr-defined]
        hit = await session.scalar(
            select(table.c.id)
            .where(_in_workspace(model, workspace_id), table.c[name] == user_id)
            .limit(1)
        )
        if hit is not None:
            return True
    return False


async def drop_own_question_texts(
    *, session: AsyncSession, workspace_id: int, user_id: str, now: datetime
) -> int:
    """The text of every question the person asked, set to NULL; how many had text."""
    result: Any = await session.execute(
        update(Question)
        .where(
            col(Question.workspace_id) == workspace_id,
            col(Question.asker_user_id) == user_id,
            col(Question.text).is_not(None),
        )
        .values(text=None, text_purged_at=now)
    )
    return int(result.rowcount or 0)


async def texts_mentioning(
    *, session: AsyncSession, workspace_id: int, user_id: str
) -> list[tuple[int, str]]:
    """(question id, text) of the questions whose text mentions the person (<@U…>)."""
    result = await session.execute(
        select(col(Question.id), col(Question.text)).where(
            col(Question.workspace_id) == workspace_id,
            col(Question.text).contains(f"<@{user_id}"),
        )
    )
    return [(int(q), str(text)) for q, text in result.all() if q is not None and text is not None]


async def responsibilities_mentioning(
    *, session: AsyncSession, workspace_id: int, user_id: str
) -> list[tuple[int, str]]:
    """(assignment id, text) of role descriptions that mention the person."""
    result = await session.execute(
        select(col(OwnershipAssignment.id), col(OwnershipAssignment.responsibilities)).where(
            col(OwnershipAssignment.workspace_id) == workspace_id,
            col(OwnershipAssignment.responsibilities).contains(f"<@{user_id}"),
        )
    )
    return [(int(a), str(text)) for a, text in result.all() if a is not None and text is not None]


async def set_question_text(*, session: AsyncSession, question_id: int, text: str) -> None:
    await session.execute(update(Question).where(col(Question.id) == question_id).values(text=text))


async def set_responsibilities(*, session: AsyncSession, assignment_id: int, text: str) -> None:
    await session.execute(
        update(OwnershipAssignment)
        .where(col(OwnershipAssignment.id) == assignment_id)
        .values(responsibilities=text)
    )


async def replace_user_id(
    *, session: AsyncSession, workspace_id: int, user_id: str, token: str
) -> dict[str, int]:
    """Every user-id column of the workspace's rows that says `user_id` now says `token`;
    {"table.column": rows changed} for the columns that changed."""
    changed: dict[str, int] = {}
    for model, names in USER_COLUMNS.items():
        table: Any = model.__table__  # type: ignore[attr-defined]
        for name in names:
            result: Any = await session.execute(
                update(table)
                .where(_in_workspace(model, workspace_id), table.c[name] == user_id)
                .values({name: token})
            )
            if result.rowcount:
                changed[f"{table.name}.{name}"] = int(result.rowcount)
    return changed


async def anonymise_person(
    *, session: AsyncSession, workspace_id: int, user_id: str, token: str
) -> int:
    """The person's row keeps their side (the counts need it) and loses their id and name."""
    result: Any = await session.execute(
        update(Person)
        .where(col(Person.workspace_id) == workspace_id, col(Person.slack_user_id) == user_id)
        .values(slack_user_id=token, display_name="")
    )
    return int(result.rowcount or 0)


async def digest_figures(
    *, session: AsyncSession, workspace_id: int
) -> Sequence[tuple[int, dict[str, Any]]]:
    """(digest run id, figures) of the workspace's digests that kept their figures."""
    result = await session.execute(
        select(col(DigestRun.id), col(DigestRun.figures)).where(
            col(DigestRun.workspace_id) == workspace_id
        )
    )
    return [(int(r), f) for r, f in result.all() if r is not None and isinstance(f, dict)]


async def set_digest_figures(
    *, session: AsyncSession, run_id: int, figures: dict[str, Any]
) -> None:
    await session.execute(
        update(DigestRun).where(col(DigestRun.id) == run_id).values(figures=figures)
    )
