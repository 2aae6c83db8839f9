"""/owner settings: the modal, its validation, and every change recorded."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.models.views import View

from bot.app import Services
from bot.ports import FixedClock
from handlers.slack.owner.settings_modal import SETTINGS_MODAL, VALUE
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.e2e.conversation import team_of
from tests.e2e.owner.helpers import channel, owner, rendered, setting_changes
from tests.slack_fixtures import CLIENT_DEV, SHARED_CHANNEL, VENDOR_DEV

VALID = {
    "sla_minutes": "120",
    "business_hours": "mon-fri 8:30-16:30",
    "timezone": "Europe/Amsterdam",
    "holidays": "2026-12-25, 2026-12-24",
    "digest_time": "Friday 15:00",
    "auto_capture": "off",
    "leads_channel_id": "C0LEADS",
}


def state(**fields: str | None) -> dict[str, dict[str, dict[str, Any]]]:
    """The modal's state as Slack sends it on submission."""
    values: dict[str, dict[str, dict[str, Any]]] = {}
    for name, value in {**VALID, **fields}.items():
        if name == "auto_capture":
            entry = {
                "type": "static_select",
                "selected_option": {"value": value, "text": {"type": "plain_text", "text": "x"}},
            }
        elif name == "leads_channel_id":
            entry = {"type": "conversations_select", "selected_conversation": value}
        else:
            entry = {"type": "plain_text_input", "value": value}
        values[name] = {VALUE: entry}
    return values


async def submit(sender: SignedSender, user: str = VENDOR_DEV, **fields: str | None) -> Any:
    result = await sender.view_submission(
        SETTINGS_MODAL,
        user_id=user,
        team_id=team_of(user),  # a Slack Connect member's payload carries their own team
        private_metadata=SHARED_CHANNEL,
        values=state(**fields),
    )
    assert result.status == 200, result.body
    return result


async def test_settings_opens_a_modal_with_the_channel_settings(
    sender: SignedSender, slack: SlackStandIn
) -> None:
    result = await owner(sender, "settings", VENDOR_DEV)
    assert result.body == ""  # acked empty; the modal is the answer
    opened = slack.calls_to("views.open")
    assert len(opened) == 1
    view = opened[0].params["view"]
    assert View(**view).to_dict()  # slack_sdk validates it against Slack's limits
    assert view["callback_id"] == SETTINGS_MODAL
    assert view["private_metadata"] == SHARED_CHANNEL
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert set(blocks) == set(VALID)
    assert blocks["sla_minutes"]["element"]["initial_value"] == "240"
    assert blocks["business_hours"]["element"]["initial_value"] == "Mon-Fri 09:00-17:00"
    assert blocks["timezone"]["element"]["initial_value"] == "UTC"
    assert blocks["digest_time"]["element"]["initial_value"] == "Mon 09:00"
    assert blocks["auto_capture"]["element"]["initial_option"]["value"] == "default"
    assert blocks["leads_channel_id"]["element"]["type"] == "conversations_select"


async def test_a_valid_submission_updates_the_channel_and_records_each_change(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await owner(sender, "", VENDOR_DEV)  # the channel exists with the defaults
    result = await submit(sender)
    assert result.body == ""  # the modal closes

    row = await channel(services)
    assert row.sla_minutes == 120
    assert row.business_hours == "Mon-Fri 08:30-16:30"  # canonical form
    assert row.timezone == "Europe/Amsterdam"
    assert row.holidays == ["2026-12-24", "2026-12-25"]
    assert row.digest_time == "Fri 15:00"
    assert row.auto_capture is False
    assert row.leads_channel_id == "C0LEADS"

    changes = {c.field: (c.old_value, c.new_value) for c in await setting_changes(services)}
    assert changes == {
        "sla_minutes": ("240", "120"),
        "business_hours": ("Mon-Fri 09:00-17:00", "Mon-Fri 08:30-16:30"),
        "timezone": ("UTC", "Europe/Amsterdam"),
        "holidays": (None, "2026-12-24, 2026-12-25"),
        "digest_time": ("Mon 09:00", "Fri 15:00"),
        "auto_capture": ("default", "off"),
        "leads_channel_id": (None, "C0LEADS"),
    }
    assert {(c.changed_by, c.changed_at) for c in await setting_changes(services)} == {
        (VENDOR_DEV, clock.now())
    }
    told = slack.ephemeral_messages(SHARED_CHANNEL, VENDOR_DEV)
    assert len(told) == 1
    assert "the timezone: UTC → Europe/Amsterdam" in told[0]["text"]

    history = rendered(await owner(sender, "history", VENDOR_DEV))
    assert "changed the response target (business minutes): 240 → 120" in history
    assert "changed the leads channel: none → <#C0LEADS>" in history

    # Submitting the same again changes nothing and records nothing.
    await submit(sender)
    assert len(await setting_changes(services)) == 7


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("timezone", "Mars/Olympus_Mons", "is not a known timezone"),
        ("timezone", "", "Required"),
        ("business_hours", "Mon-Fri 17:00-09:00", "Opening time 17:00 must be before"),
        ("business_hours", "weekdays", "Mon-Fri 09:00-17:00"),
        ("sla_minutes", "0", "whole business minutes from 1"),
        ("sla_minutes", "4h", "e.g. 240 for 4 hours"),
        ("holidays", "25/12/2026", "ISO dates"),
        ("digest_time", "Someday 25:00", "e.g. Mon 09:00"),
    ],
)
async def test_an_invalid_field_is_refused_in_the_modal_naming_the_field_and_the_fix(
    sender: SignedSender, services: Services, field: str, value: str, says: str
) -> None:
    await owner(sender, "", VENDOR_DEV)
    result = await submit(sender, **{field: value})
    assert result.json["response_action"] == "errors"
    assert list(result.json["errors"]) == [field]
    assert says in result.json["errors"][field]
    row = await channel(services)
    assert (row.timezone, row.sla_minutes, row.business_hours) == (
        "UTC",
        240,
        "Mon-Fri 09:00-17:00",
    )
    assert await setting_changes(services) == []


async def test_several_invalid_fields_are_all_named(sender: SignedSender) -> None:
    result = await submit(sender, timezone="Nowhere", business_hours="24/7", sla_minutes="-5")
    assert set(result.json["errors"]) == {"timezone", "business_hours", "sla_minutes"}


async def test_a_client_member_cannot_save_settings_even_by_submitting_the_form(
    sender: SignedSender, services: Services
) -> None:
    result = await submit(sender, user=CLIENT_DEV)
    assert result.json["response_action"] == "errors"
    assert "Only the vendor team" in next(iter(result.json["errors"].values()))
    assert await setting_changes(services) == []
