"""Slack event ids already handled: claimed in the same transaction as the event's writes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedEvent
from storage.queries.upsert import insert_ignore


async def claim_event(
    *, session: AsyncSession, workspace_id: int, event_id: str, now: datetime
) -> bool:
    """True the first time an event id is seen; False for a redelivery."""
    inserted = await insert_ignore(
        session=session,
        model=ProcessedEvent,
        values={"workspace_id": workspace_id, "event_id": event_id, "received_at": now},
        keys=["workspace_id", "event_id"],
    )
    return inserted is not None
