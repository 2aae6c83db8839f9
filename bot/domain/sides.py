"""Which side of the engagement a person is on (DESIGN.md "Definitions": Side)."""

from __future__ import annotations

from typing import Literal, get_args

Side = Literal["vendor", "client"]
SideSource = Literal["override", "connect", "guest", "default"]
SIDES: tuple[Side, ...] = get_args(Side)


def decide_side(
    *,
    installing_team: str,
    author_team: str | None,
    is_restricted: bool = False,
    is_ultra_restricted: bool = False,
    override: Side | None = None,
) -> tuple[Side, SideSource]:
    """The person's side and the rule that decided it, checked in DESIGN's order.

    1. an override set by a vendor member; 2. Slack Connect: the author's team is known and is not
    the installing team; 3. a guest account (restricted or ultra-restricted); 4. vendor.
    """
    if not installing_team:
        raise ValueError("installing_team is required: sides are relative to the installing team")
    if override is not None:
        if override not in SIDES:
            raise ValueError(f"override must be 'vendor' or 'client', got {override!r}")
        return override, "override"
    # An unknown team (None or "") says nothing: treating it as foreign would make every
    # message with a missing field a client message.
    if author_team and author_team != installing_team:
        return "client", "connect"
    if is_restricted or is_ultra_restricted:
        return "client", "guest"
    return "vendor", "default"


def other_side(side: Side) -> Side:
    """The side opposite `side`."""
    if side == "vendor":
        return "client"
    if side == "client":
        return "vendor"
    raise ValueError(f"side must be 'vendor' or 'client', got {side!r}")
