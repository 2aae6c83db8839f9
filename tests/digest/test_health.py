"""Health: red, amber or green, each flag with its reason (bot/domain/health.py)."""

from __future__ import annotations

import pytest

from bot.domain.health import Health, assess, fell_weeks_running


def health(**kw: object) -> Health:
    values: dict[str, object] = {
        "owner": "UOWN", "client_lead": "ULEAD", "compliance": 1.0,
        "active_client_members": [3, 3, 3, 3],
    }  # fmt: skip
    values.update(kw)
    return assess(**values)  # type: ignore[arg-type]


def test_green_has_no_reasons() -> None:
    assert health() == Health("green", ())
    assert health(compliance=None).status == "green"  # nothing measurable: no flag
    assert health(compliance=0.8).status == "green"


@pytest.mark.parametrize(
    ("changes", "status", "reasons"),
    [
        ({"owner": None}, "red", ["no owner named"]),
        ({"client_lead": None}, "red", ["no client lead named"]),
        ({"compliance": 0.4}, "red", ["SLA compliance 40% (below 50%)"]),
        ({"compliance": 0.5}, "amber", ["SLA compliance 50% (below 80%)"]),
        ({"compliance": 0.79}, "amber", ["SLA compliance 79% (below 80%)"]),
        # Rounding never shows a figure at the threshold it is below.
        ({"compliance": 0.4999}, "red", ["SLA compliance 49.99% (below 50%)"]),
        ({"compliance": 0.799}, "amber", ["SLA compliance 79.9% (below 80%)"]),
        (
            {"active_client_members": [0, 9, 6, 4, 3]},
            "amber",
            ["active client members fell three weeks running (9 → 6 → 4 → 3)"],
        ),
        (
            {"owner": None, "client_lead": "", "compliance": 0.6,
             "active_client_members": [4, 3, 2, 1]},
            "red",
            ["no owner named", "no client lead named", "SLA compliance 60% (below 80%)",
             "active client members fell three weeks running (4 → 3 → 2 → 1)"],
        ),
    ],
)  # fmt: skip
def test_flags_and_their_reasons(
    changes: dict[str, object], status: str, reasons: list[str]
) -> None:
    result = health(**changes)
    assert result.status == status
    assert list(result.reasons) == reasons
    assert result.as_dict() == {"status": status, "reasons": reasons}


@pytest.mark.parametrize(
    ("counts", "fell"),
    [
        ([4, 3, 2, 1], True),
        ([9, 9, 4, 3, 2, 1], True),  # only the last four count
        ([4, 3, 2, 2], False),  # level is not falling
        ([4, 3, 3, 1], False),
        ([3, 2, 1], False),  # three weeks of data cannot show three falls
        ([1, 2, 3, 4], False),
        ([], False),
    ],
)
def test_fell_three_weeks_running(counts: list[int], fell: bool) -> None:
    assert fell_weeks_running(counts) is fell
