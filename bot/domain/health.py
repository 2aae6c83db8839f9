"""A channel's health in one word, and why (DESIGN.md "Definitions": Health).

Red when the channel has no owner or no client lead, or SLA compliance is below 50 %; amber when
compliance is below 80 % or the active client members fell three weeks running; else green.
Every flag comes with a short sentence saying why, red ones first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Status = Literal["green", "amber", "red"]

RED_BELOW = 0.5
AMBER_BELOW = 0.8
DECLINE_WEEKS = 3  # "fell three weeks running": four weekly counts, each below the one before


@dataclass(frozen=True)
class Health:
    status: Status
    reasons: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "reasons": list(self.reasons)}


def assess(
    *,
    owner: str | None,
    client_lead: str | None,
    compliance: float | None,
    active_client_members: Sequence[int],
) -> Health:
    """The health of a channel.

    `compliance` is the SLA compliance (0..1, None when nothing was measurable: no flag);
    `active_client_members` the weekly counts, oldest first, ending with the digest's week.
    """
    red: list[str] = []
    amber: list[str] = []
    if not owner:
        red.append("no owner named")
    if not client_lead:
        red.append("no client lead named")
    if compliance is not None:
        if compliance < RED_BELOW:
            red.append(f"SLA compliance {_percent(compliance, RED_BELOW)} (below 50%)")
        elif compliance < AMBER_BELOW:
            amber.append(f"SLA compliance {_percent(compliance, AMBER_BELOW)} (below 80%)")
    if fell_weeks_running(active_client_members):
        recent = " → ".join(str(n) for n in active_client_members[-(DECLINE_WEEKS + 1) :])
        amber.append(f"active client members fell three weeks running ({recent})")
    if red:
        return Health("red", tuple(red + amber))
    if amber:
        return Health("amber", tuple(amber))
    return Health("green")


def fell_weeks_running(counts: Sequence[int], weeks: int = DECLINE_WEEKS) -> bool:
    """Whether the last `weeks` + 1 counts strictly decrease (w-3 > w-2 > w-1 > w for three)."""
    if weeks < 1:
        raise ValueError(f"weeks must be >= 1, got {weeks}")
    recent = list(counts[-(weeks + 1) :])
    if len(recent) < weeks + 1:
        return False
    return all(earlier > later for earlier, later in zip(recent, recent[1:], strict=False))


def _percent(value: float, limit: float) -> str:
    """`value` as a percentage, with just enough decimals not to round up to `limit`."""
    shown = f"{value * 100:.0f}"
    for decimals in range(1, 4):
        if float(shown) < limit * 100:
            break
        shown = f"{value * 100:.{decimals}f}"
    return f"{shown}%"
