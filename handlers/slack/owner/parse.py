"""Reading `/owner …` as typed (mentions arrive escaped: <@U123|name>) into one command."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from bot.domain.ownership import PHASES, Phase, Role, parse_phase, parse_role

Verb = Literal["card", "help", "set", "backup", "client", "handover", "history", "settings", "role"]
_USER = re.compile(r"<@([UW][A-Z0-9]{2,31})(?:\|[^>]*)?>")
ROLE_OF: dict[str, Role] = {"set": "owner", "backup": "backup", "client": "client_lead"}

# Each subcommand's syntax and what it does, for help and for wrong-usage replies.
SYNTAX: dict[str, tuple[str, str]] = {
    "set": ("`/owner set @name`", "names the vendor owner"),
    "backup": ("`/owner backup @name`", "names the backup"),
    "client": ("`/owner client @name`", "names the client lead"),
    "handover": (
        "`/owner handover @name [" + "|".join(PHASES) + "]`",
        "hands the channel over, with its open questions (and moves it to the phase given)",
    ),
    "role": (
        "`/owner role owner|backup|client <text>`",
        "sets what a role is accountable for (`default` restores the standard text)",
    ),
    "history": ("`/owner history`", "lists every change, newest first"),
    "settings": (
        "`/owner settings`",
        "opens the channel's settings: response target, business hours, timezone, holidays, "
        "digest, auto-capture, leads channel",
    ),
}


@dataclass(frozen=True)
class OwnerCommand:
    verb: Verb
    user_id: str | None = None
    phase: Phase | None = None
    role: Role | None = None
    text: str | None = None


class UsageError(ValueError):
    """Wrong usage: `problem` says what was wrong, `verb` which syntax to show (None: all)."""

    def __init__(self, problem: str, verb: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.verb = verb


def in_conversation(body: dict[str, Any]) -> bool:
    """A channel or private channel, not a DM or a group DM."""
    channel = str(body.get("channel_id") or "")
    name = str(body.get("channel_name") or "")
    return (
        channel.startswith(("C", "G"))
        and name not in {"directmessage", "privategroup"}
        and not name.startswith("mpdm-")
    )


def parse(text: str) -> OwnerCommand:
    words = text.split()
    if not words:
        return OwnerCommand("card")
    verb, rest = words[0].lower(), words[1:]
    if verb in {"help", "?"}:
        return OwnerCommand("help")
    if verb in {"history", "settings"}:
        if rest:
            raise UsageError(f"`/owner {verb}` takes nothing after it.", verb)
        return OwnerCommand(verb)  # type: ignore[arg-type]
    if verb in ROLE_OF:
        user = _person(rest, verb)
        if len(rest) > 1:
            raise UsageError("Name one person, and nothing after them.", verb)
        return OwnerCommand(verb, user_id=user)  # type: ignore[arg-type]
    if verb == "handover":
        user = _person(rest, verb)
        if len(rest) > 2:
            raise UsageError("Name one person and, if the phase changes, the new phase.", verb)
        phase = None
        if len(rest) == 2:
            phase = parse_phase(rest[1])
            if phase is None:
                raise UsageError(f"`{rest[1][:30]}` is not a phase: use {', '.join(PHASES)}.", verb)
        return OwnerCommand("handover", user_id=user, phase=phase)
    if verb == "role":
        return _role(text.split(None, 2)[1:])
    raise UsageError(f"`/owner {verb[:30]}` is not something I know.")


def _person(rest: list[str], verb: str) -> str:
    if not rest:
        raise UsageError("Say who: mention the person with @.", verb)
    match = _USER.fullmatch(rest[0])
    if match is None:
        hint = (
            "pick them from the list Slack suggests as you type @, so the name becomes a mention"
            if rest[0].startswith("@")
            else "mention them with @"
        )
        raise UsageError(f"`{rest[0][:40]}` is not a person: {hint}.", verb)
    return match.group(1)


def _role(parts: list[str]) -> OwnerCommand:
    role = parse_role(parts[0]) if parts else None
    if role is None:
        raise UsageError("Say which role: owner, backup or client.", "role")
    text = parts[1].strip() if len(parts) > 1 else ""
    if not text:
        raise UsageError("Say what the role is accountable for after its name.", "role")
    return OwnerCommand("role", role=role, text=None if text.lower() == "default" else text)
