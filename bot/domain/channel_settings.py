"""Validating a channel's settings as a person types them (the /owner settings modal).

Each field's error says what is wrong and how to write it right; valid values come back in their
canonical form (e.g. 'mon-fri 9:00-17:00' → 'Mon-Fri 09:00-17:00').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from zoneinfo import available_timezones

from bot.domain.business_time import DAY_NAMES, format_business_hours, parse_business_hours
from bot.domain.localtime import load_zone

MAX_SLA_MINUTES = 43_200  # 90 eight-hour business days
MAX_HOLIDAYS = 100
AUTO_CAPTURE = {"default": None, "on": True, "off": False}
_DIGEST = re.compile(r"([A-Za-z]{3,9})\s+(\d{1,2}):(\d{2})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class ChannelSettings:
    sla_minutes: int
    business_hours: str
    timezone: str
    holidays: tuple[str, ...]
    digest_time: str
    auto_capture: bool | None
    leads_channel_id: str | None

    def as_text(self) -> dict[str, str | None]:
        """Each field as the history shows it."""
        return {
            "sla_minutes": str(self.sla_minutes),
            "business_hours": self.business_hours,
            "timezone": self.timezone,
            "holidays": ", ".join(self.holidays) or None,
            "digest_time": self.digest_time,
            "auto_capture": auto_capture_word(self.auto_capture),
            "leads_channel_id": self.leads_channel_id,
        }


def auto_capture_word(value: bool | None) -> str:
    return {None: "default", True: "on", False: "off"}[value]


@dataclass(frozen=True)
class SettingsInput:
    """The modal's fields as typed."""

    sla_minutes: str
    business_hours: str
    timezone: str
    holidays: str
    digest_time: str
    auto_capture: str
    leads_channel_id: str | None


def validate(raw: SettingsInput) -> tuple[ChannelSettings | None, dict[str, str]]:
    """(settings, {}) when every field is valid, else (None, {field: what to fix})."""
    errors: dict[str, str] = {}
    sla = _sla(raw.sla_minutes, errors)
    hours = _hours(raw.business_hours, errors)
    zone = _timezone(raw.timezone, errors)
    holidays = _holidays(raw.holidays, errors)
    digest = _digest(raw.digest_time, errors)
    if raw.auto_capture not in AUTO_CAPTURE:
        errors["auto_capture"] = "Choose on, off, or default (on when the channel has clients)."
    leads = (raw.leads_channel_id or "").strip() or None
    if leads is not None and not re.fullmatch(r"[CG][A-Z0-9]{2,31}", leads):
        errors["leads_channel_id"] = "Pick a channel from the list, or leave it empty."
    if errors:
        return None, errors
    return ChannelSettings(
        sla_minutes=sla,
        business_hours=hours,
        timezone=zone,
        holidays=holidays,
        digest_time=digest,
        auto_capture=AUTO_CAPTURE[raw.auto_capture],
        leads_channel_id=leads,
    ), {}


def _sla(text: str, errors: dict[str, str]) -> int:
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_SLA_MINUTES:
        errors["sla_minutes"] = (
            f"Enter whole business minutes from 1 to {MAX_SLA_MINUTES}, e.g. 240 for 4 hours."
        )
        return 0
    return int(value)


def _hours(text: str, errors: dict[str, str]) -> str:
    try:
        return format_business_hours(parse_business_hours(text))
    except ValueError as error:
        reason = str(error).split(";")[0]
        specific = "" if reason.startswith("business hours look like") else reason + ". "
        errors["business_hours"] = (
            specific[:1].upper()
            + specific[1:]
            + "Write days and hours like Mon-Fri 09:00-17:00 or Mon,Wed,Fri 08:30-16:00."
        )
        return ""


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def canonical_timezone(text: str) -> str | None:
    """The IANA name as written in the tz database (case-insensitive match), or None."""
    name = text.strip()
    zones = _known_zones()
    if not name or name.startswith(("/", ".")):
        return None
    if zones and name not in zones:
        name = next((zone for zone in zones if zone.lower() == name.lower()), "")
    if not name:
        return None
    try:
        load_zone(name)
    except ValueError:
        return None
    return name


def _timezone(text: str, errors: dict[str, str]) -> str:
    name = canonical_timezone(text)
    if name is None:
        what = f"'{text.strip()[:40]}' is not a known timezone" if text.strip() else "Required"
        errors["timezone"] = f"{what}: use an IANA name like Europe/Amsterdam or UTC."
        return ""
    return name


def _holidays(text: str, errors: dict[str, str]) -> tuple[str, ...]:
    items = [item for item in re.split(r"[,\s]+", text.strip()) if item]
    days: set[date] = set()
    for item in items:
        try:
            if not _ISO_DATE.fullmatch(item):
                raise ValueError(item)
            days.add(date.fromisoformat(item))
        except ValueError:
            errors["holidays"] = (
                f"'{item[:20]}' is not a date: write ISO dates separated by commas, "
                "e.g. 2026-12-25, 2026-12-26."
            )
            return ()
    if len(days) > MAX_HOLIDAYS:
        errors["holidays"] = f"At most {MAX_HOLIDAYS} holidays; remove past ones first."
        return ()
    return tuple(day.isoformat() for day in sorted(days))


def parse_digest_time(text: str) -> tuple[int, int, int]:
    """(weekday 0=Monday, hour, minute) of a spec like 'Mon 09:00'; ValueError otherwise."""
    match = _DIGEST.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"digest time looks like 'Mon 09:00'; got {text!r}")
    word, hour, minute = match[1].lower(), int(match[2]), int(match[3])
    days = [n for n, full in enumerate(_FULL_DAYS) if full.startswith(word)]
    if len(days) != 1 or hour > 23 or minute > 59:
        raise ValueError(f"digest time looks like 'Mon 09:00'; got {text!r}")
    return days[0], hour, minute


def _digest(text: str, errors: dict[str, str]) -> str:
    try:
        day, hour, minute = parse_digest_time(text)
    except ValueError:
        errors["digest_time"] = "Write a weekday and a time, e.g. Mon 09:00 or Friday 15:30."
        return ""
    return f"{DAY_NAMES[day]} {hour:02d}:{minute:02d}"
