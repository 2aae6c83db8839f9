"""What a person is told after an /owner command: help, refusals and confirmations (ephemeral)."""

from __future__ import annotations

from typing import Any

from bot.domain.ownership import Refusal, Role
from bot.services.handover import HandoverResult
from bot.services.ownership import RoleChange
from handlers.slack.owner.parse import SYNTAX, UsageError
from handlers.slack.owner.text import person, role_name
from handlers.slack.safe_text import defuse

HELP = "\n".join(
    [
        "*/owner* shows and changes who is accountable in this channel.",
        "• `/owner` shows the card: vendor owner, backup, client lead, phase, open questions, "
        "response time",
        *(f"• {syntax} {what}" for syntax, what in SYNTAX.values()),
        "Vendor members may change everything; anyone on the client side may name the client "
        "lead. `/owner help` shows this again.",
    ]
)
NOT_HERE = (
    "`/owner` works in a client channel: open the channel you share with the client and type "
    "`/owner` there to see or change who is accountable for it."
)
MEMBERS_ONLY = (
    "Only members of this channel can see or change who is accountable for it. Join the "
    "channel first."
)
VENDOR_ONLY = (
    "Only the vendor team can do that. As a member of the client team you can name your "
    "client lead: `/owner client @name`."
)


def ephemeral(text: str, **extra: Any) -> dict[str, Any]:
    return {"response_type": "ephemeral", "text": text, **extra}


def usage(error: UsageError) -> dict[str, Any]:
    # It quotes what was typed, cut short: escaped, so no fragment can pair with a later ">".
    escaped = error.problem.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    problem = defuse(escaped)  # and a bare "@channel" keyword loses its force too
    if error.verb is None:
        return ephemeral(f"{problem}\n\n{HELP}")
    return ephemeral(f"{problem}\n{right_syntax(error.verb)} `/owner help` lists every command.")


def right_syntax(verb: str) -> str:
    syntax, what = SYNTAX[verb]
    return f"Usage: {syntax} {what}."


def _refused(refusal: Refusal | None, role: Role, user_id: str | None, verb: str) -> str:
    who = person(user_id)
    vendor_role = role != "client_lead"
    texts: dict[str, str] = {
        "not_found": (
            f"I could not find {who} in Slack. If they are in another organisation, make sure "
            "they are in this channel and pick them from Slack's suggestions as you type @."
        ),
        "deleted": f"{who}'s account is deactivated: name someone who is still here.",
        "bot": f"{who} is a bot: an accountable role needs a person.",
        "wrong_side": (
            f"{who} is on the client side: the {role_name(role)} must be from the vendor team. "
            f"To make them the client lead, use `/owner client {who}`."
            if vendor_role
            else f"{who} is on the vendor team: the client lead must be from the client's side."
        ),
        "not_member": (
            f"{who} is not a member of this channel: invite them first, then name them (the "
            f"{role_name(role)} must be able to read the channel's questions)."
        ),
        "already_holds": f"{who} is already the {role_name(role)}: nothing changed.",
        "owner_as_backup": (
            f"{who} is the vendor owner: the backup must be someone else, so that an overdue "
            "question reaches a second person."
        ),
        "too_long": "That is too long: keep a role's responsibilities under 500 characters.",
    }
    text = texts.get(refusal or "", "That did not work.")
    if verb == "handover" and refusal == "already_holds":
        text += " To move to another phase, add it: `/owner handover @name maintenance`."
    return f"{text}\n{right_syntax(verb)}"


def role_reply(change: RoleChange, verb: str) -> dict[str, Any]:
    if change.outcome == "forbidden":
        return ephemeral(VENDOR_ONLY)
    if change.outcome == "refused":
        return ephemeral(_refused(change.refusal, change.role, change.user_id, verb))
    if verb == "role":
        return ephemeral(
            f":white_check_mark: Saved what the {role_name(change.role)} is accountable for. "
            "`/owner` shows it."
        )
    was = f" (before: {person(change.previous_user_id)})" if change.previous_user_id else ""
    text = f":white_check_mark: {person(change.user_id)} is now the {role_name(change.role)}{was}."
    if change.vacated_backup:
        text += " They were the backup, so there is no backup now: `/owner backup @name`."
    return ephemeral(text)


def handover_reply(result: HandoverResult, user_id: str) -> dict[str, Any]:
    if result.outcome == "forbidden":
        return ephemeral(VENDOR_ONLY)
    if result.outcome == "refused" or result.summary is None:
        return ephemeral(_refused(result.refusal, "owner", user_id, "handover"))
    summary = result.summary
    count = len(result.reassigned)
    questions = f"{count} open question{'s' if count != 1 else ''}"
    text = (
        f":handshake: Handed over to {person(summary.new_owner)}, phase {summary.phase}. "
        f"{questions} now assigned to them; the summary is posted here and sent to them."
    )
    if result.vacated_backup:
        text += " They were the backup, so there is no backup now: `/owner backup @name`."
    return ephemeral(text)
