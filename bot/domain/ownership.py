"""Accountable roles: who may change them, who may hold them, what each is accountable for.

Pure rules (DESIGN.md "Who uses it"): a vendor member may change everything; a client member may
name the client lead and nothing else; a guest is a client member (sides.decide_side says so).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from bot.domain.sides import Side

Role = Literal["owner", "backup", "client_lead"]
ROLES: tuple[Role, ...] = get_args(Role)
Phase = Literal["presale", "project", "maintenance"]
PHASES: tuple[Phase, ...] = get_args(Phase)

# What a person asks to do with /owner.
Action = Literal[
    "view",
    "set_owner",
    "set_backup",
    "set_client_lead",
    "handover",
    "edit_role",
    "settings",
    "history",
]
CLIENT_ACTIONS: frozenset[Action] = frozenset({"view", "set_client_lead"})

ROLE_LABELS: Mapping[Role, str] = {
    "owner": "Vendor owner",
    "backup": "Backup",
    "client_lead": "Client lead",
}
ROLE_SIDE: Mapping[Role, Side] = {"owner": "vendor", "backup": "vendor", "client_lead": "client"}

DEFAULT_RESPONSIBILITIES: Mapping[Role, str] = {
    "owner": (
        "Answers every client question within the response target, or makes sure someone does; "
        "is prompted for each new question and reminded before the target passes."
    ),
    "backup": (
        "Covers for the owner: hears about every question that passes its response target, "
        "and answers when the owner is away."
    ),
    "client_lead": (
        "Speaks for the client: routes the client team's questions, answers the vendor's "
        "questions, and confirms when a question is resolved."
    ),
}
MAX_RESPONSIBILITIES = 500


def may(side: Side, action: Action) -> bool:
    """Whether a member of `side` may do `action`."""
    return side == "vendor" or action in CLIENT_ACTIONS


ROLE_ACTIONS: Mapping[Role, Action] = {
    "owner": "set_owner",
    "backup": "set_backup",
    "client_lead": "set_client_lead",
}


def role_action(role: Role) -> Action:
    return ROLE_ACTIONS[role]


# Why a person cannot take a role; None when they can.
Refusal = Literal[
    "not_found",
    "deleted",
    "bot",
    "wrong_side",
    "not_member",
    "already_holds",
    "owner_as_backup",
    "too_long",
]


@dataclass(frozen=True)
class Candidate:
    """The person named for a role, as far as the rules care."""

    user_id: str
    side: Side
    is_bot: bool = False
    deleted: bool = False
    in_channel: bool | None = None  # None: the platform could not say


def refusal(
    role: Role, candidate: Candidate | None, holders: Mapping[Role, str | None]
) -> Refusal | None:
    """Why `candidate` cannot become `role` given the current `holders` ({role: user}), or None.

    Bots and deactivated accounts are never accountable; the vendor roles need a vendor member and
    the client lead a client member, and a member of the channel (someone outside it could neither
    follow its questions nor may read them); the backup must be someone other than the owner
    (escalating to the same person would reach nobody new). Naming the current holder again
    changes nothing.
    """
    if candidate is None:
        return "not_found"
    if candidate.is_bot:
        return "bot"
    if candidate.deleted:
        return "deleted"
    if candidate.side != ROLE_SIDE[role]:
        return "wrong_side"
    if candidate.in_channel is False:
        return "not_member"
    if holders.get(role) == candidate.user_id:
        return "already_holds"
    if role == "backup" and holders.get("owner") == candidate.user_id:
        return "owner_as_backup"
    return None


def handover_refusal(
    candidate: Candidate | None,
    holders: Mapping[Role, str | None],
    phase: Phase | None,
    current_phase: str,
) -> Refusal | None:
    """Like `refusal` for the owner role, except that a hand-over to the current owner is a
    change of phase (presale → project → maintenance) and allowed when the phase changes."""
    why = refusal("owner", candidate, holders)
    if why == "already_holds" and phase is not None and phase != current_phase:
        return None
    return why


def vacates_backup(new_owner: str, holders: Mapping[Role, str | None]) -> bool:
    """When the backup becomes the owner, the backup role falls vacant (it cannot be both)."""
    return holders.get("backup") == new_owner


def parse_phase(text: str) -> Phase | None:
    word = text.strip().lower()
    for phase in PHASES:
        if word == phase:
            return phase
    return None


def parse_role(text: str) -> Role | None:
    """A role as people type it: owner, backup, client / client-lead / lead."""
    word = text.strip().lower().replace("-", "_")
    aliases: Mapping[str, Role] = {
        "owner": "owner",
        "backup": "backup",
        "client": "client_lead",
        "client_lead": "client_lead",
        "lead": "client_lead",
    }
    return aliases.get(word)


def responsibilities(role: Role, custom: str | None) -> str:
    """The text a role holds: what a vendor member wrote, else the default."""
    return custom.strip() if custom and custom.strip() else DEFAULT_RESPONSIBILITIES[role]


@dataclass(frozen=True)
class AssignmentFact:
    """One stored change of a role (oldest first when given to `holders`)."""

    role: str
    user_id: str | None
    kind: str  # set | handover | role (responsibilities edited)
    responsibilities: str | None
    assigned_at: datetime


@dataclass(frozen=True)
class Holder:
    role: Role
    user_id: str | None
    since: datetime | None  # when the current person took the role
    responsibilities: str  # effective text
    custom: bool  # whether a vendor member edited the text


def holders(facts: Iterable[AssignmentFact]) -> dict[Role, Holder]:
    """Every role's current holder from the history, oldest fact first.

    The latest fact per role decides the person and the text; `since` is when that person's
    unbroken tenure began (a hand-over to the same person for a new phase does not reset it)."""
    user: dict[str, str | None] = {}
    since: dict[str, datetime | None] = {}
    text: dict[str, str | None] = {}
    for fact in facts:
        if fact.role not in ROLES:
            continue
        if fact.user_id != user.get(fact.role) or fact.role not in user:
            since[fact.role] = fact.assigned_at if fact.user_id else None
        user[fact.role] = fact.user_id
        text[fact.role] = fact.responsibilities
    return {
        role: Holder(
            role=role,
            user_id=user.get(role),
            since=since.get(role),
            responsibilities=responsibilities(role, text.get(role)),
            custom=bool(text.get(role) and (text.get(role) or "").strip()),
        )
        for role in ROLES
    }


SlaState = Literal["on track", "due soon", "breached"]
DUE_SOON_SHARE = 0.75  # the owner's first reminder comes at 75 % of the target


def sla_state(elapsed_business_minutes: float, target_minutes: float) -> SlaState:
    """An open question's standing against its first-response target."""
    if elapsed_business_minutes >= target_minutes:
        return "breached"
    if elapsed_business_minutes >= DUE_SOON_SHARE * target_minutes:
        return "due soon"
    return "on track"
