"""An open question as an accountable person is shown it: its age and standing in business time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.ownership import SlaState, sla_state
from bot.services.asking import PENDING
from bot.services.context import calendar
from bot.services.context import row_id as _id
from storage.models import Channel, Question


@dataclass(frozen=True)
class OpenItem:
    question_id: int
    channel_id: str  # Slack's id
    root_ts: str | None  # None while the /ask post is pending
    asker_user_id: str
    assignee_user_id: str | None
    text: str
    asked_at: datetime
    business_minutes: float  # open for, in the channel's business time
    sla_minutes: int
    state: SlaState


def open_item(question: Question, channel: Channel, now: datetime) -> OpenItem:
    elapsed = calendar(channel).business_minutes(question.asked_at, now)
    return OpenItem(
        question_id=_id(question),
        channel_id=channel.slack_channel_id,
        root_ts=None if question.root_ts.startswith(PENDING) else question.root_ts,
        asker_user_id=question.asker_user_id,
        assignee_user_id=question.assignee_user_id,
        text=question.text or "",
        asked_at=question.asked_at,
        business_minutes=elapsed,
        sla_minutes=channel.sla_minutes,
        state=sla_state(elapsed, channel.sla_minutes),
    )
