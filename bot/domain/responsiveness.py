"""A channel's recent responsiveness, for the /owner card and the App Home (pure).

Client questions only, withdrawn ones excluded; first response and SLA as DESIGN.md defines them:
business minutes from the question to its first response, and compliance = first-answered within
the target ÷ (first-answered + open past the target).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.business_time import BusinessCalendar
from bot.domain.stats import median, ratio

RECENT = timedelta(weeks=4)


@dataclass(frozen=True)
class QuestionTimes:
    asked_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None = None


def first_response_minutes(
    calendar: BusinessCalendar, questions: Iterable[QuestionTimes]
) -> list[float]:
    """Business minutes to the first response of each answered question."""
    return [
        calendar.business_minutes(q.asked_at, q.first_response_at)
        for q in questions
        if q.first_response_at is not None
    ]


def median_first_response(
    calendar: BusinessCalendar, questions: Iterable[QuestionTimes]
) -> float | None:
    return median(first_response_minutes(calendar, questions))


def compliance(
    calendar: BusinessCalendar, target: float, questions: Iterable[QuestionTimes], now: datetime
) -> float | None:
    """Share of measurable questions first answered within `target` business minutes; None when
    none is measurable yet (all open and still within the target, or no questions)."""
    met = breached = 0
    for q in questions:
        if q.first_response_at is not None:
            if calendar.business_minutes(q.asked_at, q.first_response_at) <= target:
                met += 1
            else:
                breached += 1
        elif q.resolved_at is None and calendar.business_minutes(q.asked_at, now) >= target:
            breached += 1
    return ratio(met, met + breached)
