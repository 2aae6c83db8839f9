"""Sides, decided in DESIGN.md's order: override, Slack Connect, guest, default vendor."""

from __future__ import annotations

import pytest

from bot.domain.sides import Side, SideSource, decide_side, other_side

HOME = "T0VENDOR"
OTHER = "T0CLIENT"


@pytest.mark.parametrize(
    ("author_team", "restricted", "ultra", "override", "expected"),
    [
        # Each branch on its own.
        (HOME, False, False, None, ("vendor", "default")),
        (OTHER, False, False, None, ("client", "connect")),
        (HOME, True, False, None, ("client", "guest")),
        (HOME, False, True, None, ("client", "guest")),
        (HOME, False, False, "client", ("client", "override")),
        # The order: an override beats everything.
        (OTHER, False, False, "vendor", ("vendor", "override")),
        (HOME, True, True, "vendor", ("vendor", "override")),
        (OTHER, True, False, "client", ("client", "override")),
        # Slack Connect is checked before guest status.
        (OTHER, True, False, None, ("client", "connect")),
        (OTHER, False, True, None, ("client", "connect")),
        # An unknown team says nothing: fall through to guest, then vendor.
        (None, False, False, None, ("vendor", "default")),
        ("", False, False, None, ("vendor", "default")),
        (None, True, False, None, ("client", "guest")),
    ],
)
def test_decide_side(
    author_team: str | None,
    restricted: bool,
    ultra: bool,
    override: Side | None,
    expected: tuple[Side, SideSource],
) -> None:
    decided = decide_side(
        installing_team=HOME,
        author_team=author_team,
        is_restricted=restricted,
        is_ultra_restricted=ultra,
        override=override,
    )
    assert decided == expected


def test_defaults_are_a_full_member_without_override() -> None:
    assert decide_side(installing_team=HOME, author_team=HOME) == ("vendor", "default")


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="installing_team"):
        decide_side(installing_team="", author_team=HOME)
    with pytest.raises(ValueError, match="override must be 'vendor' or 'client'"):
        decide_side(installing_team=HOME, author_team=HOME, override="guest")  # type: ignore[arg-type]


def test_other_side() -> None:
    assert other_side("vendor") == "client"
    assert other_side("client") == "vendor"
    with pytest.raises(ValueError, match="side must be"):
        other_side("bot")  # type: ignore[arg-type]
