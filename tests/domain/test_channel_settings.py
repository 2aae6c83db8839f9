"""Channel settings as typed in the /owner settings modal: canonical values, or a fix per field."""

from __future__ import annotations

import pytest

from bot.domain.channel_settings import SettingsInput, parse_digest_time, validate

GOOD = SettingsInput(
    sla_minutes="240",
    business_hours="Mon-Fri 09:00-17:00",
    timezone="UTC",
    holidays="",
    digest_time="Mon 09:00",
    auto_capture="default",
    leads_channel_id=None,
)


def with_(**fields: str | None) -> SettingsInput:
    return SettingsInput(**{**GOOD.__dict__, **fields})


def test_valid_input_comes_back_canonical() -> None:
    settings, errors = validate(
        with_(
            sla_minutes=" 90 ",
            business_hours="sun-thu 8:00-16:00",
            timezone="asia/jerusalem",
            holidays="2026-12-25 2026-12-24,2026-12-25",
            digest_time="friday 7:30",
            auto_capture="off",
            leads_channel_id="G0LEADS",
        )
    )
    assert errors == {}
    assert settings is not None
    assert settings.sla_minutes == 90
    assert settings.business_hours == "Sun-Thu 08:00-16:00"
    assert settings.timezone == "Asia/Jerusalem"
    assert settings.holidays == ("2026-12-24", "2026-12-25")
    assert settings.digest_time == "Fri 07:30"
    assert settings.auto_capture is False
    assert settings.leads_channel_id == "G0LEADS"
    assert settings.as_text()["holidays"] == "2026-12-24, 2026-12-25"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sla_minutes", "0"),
        ("sla_minutes", "43201"),
        ("sla_minutes", "2.5"),
        ("business_hours", "Mon-Fri 18:00-02:00"),
        ("business_hours", "Mon-Fri"),
        ("timezone", "Europe/Atlantis"),
        ("timezone", "../../etc/passwd"),
        ("timezone", "/usr/share/zoneinfo/UTC"),
        ("holidays", "2026-02-30"),
        ("holidays", "next friday"),
        ("digest_time", "Mon"),
        ("digest_time", "Mo 09:00"),  # too short to be sure
        ("digest_time", "Tue 24:00"),
        ("auto_capture", "sometimes"),
        ("leads_channel_id", "#leads"),
    ],
)
def test_each_invalid_field_is_named_with_a_fix(field: str, value: str) -> None:
    settings, errors = validate(with_(**{field: value}))
    assert settings is None
    assert list(errors) == [field]
    assert len(errors[field]) < 150  # Slack shows these under the field


def test_digest_time() -> None:
    assert parse_digest_time("Mon 09:00") == (0, 9, 0)
    assert parse_digest_time("sunday 23:59") == (6, 23, 59)
    with pytest.raises(ValueError):
        parse_digest_time("T 09:00")
