"""The /owner settings modal: built from the channel's settings, read back on submission."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.channel_settings import ChannelSettings, SettingsInput, auto_capture_word

SETTINGS_MODAL = "owner_settings"
VALUE = "value"  # every input's action_id; each block_id is the setting's field name
_AUTO = {
    "default": "Default: on when the channel has client members",
    "on": "On: capture questions asked in the channel",
    "off": "Off: only /ask and :question: create questions",
}


def _text(field: str, label: str, value: str, hint: str, optional: bool = False) -> InputBlock:
    return InputBlock(
        block_id=field,
        label=PlainTextObject(text=label),
        element=PlainTextInputElement(action_id=VALUE, initial_value=value or None, max_length=500),
        hint=PlainTextObject(text=hint),
        optional=optional,
    )


def settings_modal(channel_id: str, current: ChannelSettings) -> View:
    auto = auto_capture_word(current.auto_capture)
    options = [Option(value=key, text=label) for key, label in _AUTO.items()]
    leads = ConversationSelectElement(
        action_id=VALUE,
        initial_conversation=current.leads_channel_id,
        filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
        placeholder=PlainTextObject(text="No leads channel"),
    )
    return View(
        type="modal",
        callback_id=SETTINGS_MODAL,
        private_metadata=channel_id,
        title=PlainTextObject(text="Channel settings"),
        submit=PlainTextObject(text="Save"),
        close=PlainTextObject(text="Cancel"),
        blocks=[
            _text(
                "sla_minutes",
                "First-response target (business minutes)",
                str(current.sla_minutes),
                "240 is 4 business hours.",
            ),
            _text(
                "business_hours",
                "Business hours",
                current.business_hours,
                "Days and hours, e.g. Mon-Fri 09:00-17:00 or Mon,Wed,Fri 08:30-16:00.",
            ),
            _text(
                "timezone",
                "Timezone",
                current.timezone,
                "An IANA name, e.g. Europe/Amsterdam, America/New_York or UTC.",
            ),
            _text(
                "holidays",
                "Holidays",
                ", ".join(current.holidays),
                "ISO dates separated by commas, e.g. 2026-12-25, 2026-12-26.",
                optional=True,
            ),
            _text(
                "digest_time",
                "Weekly digest day and time",
                current.digest_time,
                "A weekday and a time in the channel's timezone, e.g. Mon 09:00.",
            ),
            InputBlock(
                block_id="auto_capture",
                label=PlainTextObject(text="Auto-capture questions"),
                element=StaticSelectElement(
                    action_id=VALUE,
                    options=options,
                    initial_option=next(o for o in options if o.value == auto),
                ),
            ),
            InputBlock(
                block_id="leads_channel_id",
                label=PlainTextObject(text="Leads channel"),
                element=leads,
                hint=PlainTextObject(text="Where overdue questions and the portfolio digest go."),
                optional=True,
            ),
        ],
    )


def _state(values: dict[str, Any], field: str) -> dict[str, Any]:
    field_state = values.get(field)
    entry = field_state.get(VALUE) if isinstance(field_state, dict) else None
    return entry if isinstance(entry, dict) else {}


def submitted(view: dict[str, Any]) -> SettingsInput:
    """The modal's fields as typed (validation is bot.domain.channel_settings')."""
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    values = values if isinstance(values, dict) else {}

    def text(field: str) -> str:
        return str(_state(values, field).get("value") or "")

    option = _state(values, "auto_capture").get("selected_option") or {}
    leads = _state(values, "leads_channel_id").get("selected_conversation")
    return SettingsInput(
        sla_minutes=text("sla_minutes"),
        business_hours=text("business_hours"),
        timezone=text("timezone"),
        holidays=text("holidays"),
        digest_time=text("digest_time"),
        auto_capture=str(option.get("value") or "default") if isinstance(option, dict) else "",
        leads_channel_id=str(leads) if isinstance(leads, str) else None,
    )
