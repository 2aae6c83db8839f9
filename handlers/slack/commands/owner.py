"""/owner [set|backup|client|handover|role|history|settings|help] …: who is accountable here.

Changes are stored before the ack; posting (hand-over summary, the settings modal) happens after.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.events import Author, Tenant
from bot.services.handover import hand_over
from bot.services.owner_card import owner_card
from bot.services.owner_history import history
from bot.services.ownership import assign_role, edit_responsibilities
from bot.services.settings_change import current_settings
from handlers.slack.channel_members import channel_members
from handlers.slack.directory import SlackDirectory
from handlers.slack.failures import attempt
from handlers.slack.owner.card import card_message
from handlers.slack.owner.handover_post import announce_handover
from handlers.slack.owner.history import history_message
from handlers.slack.owner.parse import ROLE_OF, OwnerCommand, UsageError, in_conversation, parse
from handlers.slack.owner.replies import (
    HELP,
    MEMBERS_ONLY,
    NOT_HERE,
    VENDOR_ONLY,
    ephemeral,
    handover_reply,
    role_reply,
    usage,
)
from handlers.slack.owner.settings_modal import settings_modal
from handlers.slack.translate import maybe_id, slack_id, tenant


async def owner_command(
    ack: AsyncAck,
    body: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
    services: Services,
) -> None:
    user_id = slack_id(body.get("user_id"), "user_id")
    if not in_conversation(body):
        await ack(**ephemeral(NOT_HERE))
        return
    try:
        command = parse(str(body.get("text") or ""))
    except UsageError as error:
        await ack(**usage(error))
        return
    slack_id(body.get("channel_id"), "channel_id")
    actor = Author(user_id=user_id, team_id=maybe_id(body.get("user_team")))
    members = None
    if command.verb != "help":
        # A channel's card, history and roles are for its members: Slack lets a person preview a
        # public channel (and type there) without joining it. (None: Slack could not say.)
        members = await channel_members(client, str(body["channel_id"]))
        if members is not None and user_id not in members:
            await ack(**ephemeral(MEMBERS_ONLY))
            return
    await _run(command, ack, body, client, services, tenant(context), actor, members)


async def _run(
    command: OwnerCommand,
    ack: AsyncAck,
    body: dict[str, Any],
    client: AsyncWebClient,
    services: Services,
    where: Tenant,
    actor: Author,
    members: frozenset[str] | None,
) -> None:
    channel_id = str(body["channel_id"])
    directory = SlackDirectory(client)
    if command.verb == "card":
        await ack(**card_message(await owner_card(services, where, channel_id)))
    elif command.verb == "help":
        await ack(**ephemeral(HELP))
    elif command.verb in ROLE_OF and command.user_id:
        role = ROLE_OF[command.verb]
        change = await assign_role(
            services, directory, where, channel_id, actor, role, command.user_id, members=members
        )
        await ack(**role_reply(change, command.verb))
    elif command.verb == "role" and command.role:
        change = await edit_responsibilities(
            services, directory, where, channel_id, actor, command.role, command.text
        )
        await ack(**role_reply(change, "role"))
    elif command.verb == "history":
        found = await history(services, directory, where, channel_id, actor)
        await ack(**(history_message(found) if found.allowed else ephemeral(VENDOR_ONLY)))
    elif command.verb == "settings":
        current = await current_settings(services, directory, where, channel_id, actor)
        if current.settings is None:
            await ack(**ephemeral(VENDOR_ONLY))
            return
        await ack()
        view = settings_modal(channel_id, current.settings)
        opening = client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=view)
        services.background.spawn(
            attempt("views.open", opening, channel=channel_id, user=actor.user_id, view="settings")
        )
    elif command.verb == "handover" and command.user_id:
        result = await hand_over(
            services,
            directory,
            where,
            channel_id,
            actor,
            command.user_id,
            command.phase,
            members=members,
        )
        await ack(**handover_reply(result, command.user_id))
        if result.summary is not None:
            services.background.spawn(announce_handover(services, client, result))
    else:  # pragma: no cover - parse() returns only the verbs above
        await ack(**ephemeral(HELP))
