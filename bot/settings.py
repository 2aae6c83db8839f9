"""Settings: the environment contract of DESIGN.md, read only when `load_settings()` runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, cast

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SLACK_API_URL = "https://slack.com/api/"

# Values copied from .env.example that nobody replaced: refuse them rather than fail at Slack.
_PLACEHOLDERS = {"changeme", "xoxb-your-bot-token", "xapp-your-app-token", "your-signing-secret"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = SLACK_API_URL
    database_url: str = "sqlite:///ownerbot.db"
    port: int = Field(default=3000, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    default_timezone: str = "UTC"
    default_business_hours: str = "Mon-Fri 09:00-17:00"
    default_sla_minutes: int = Field(default=240, gt=0)
    default_digest_time: str = "Mon 09:00"
    # Question text is kept this long (DESIGN.md: purged after the retention period).
    question_retention_days: int = Field(default=365, ge=1)

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token")
    @classmethod
    def _no_placeholder(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if value.strip().lower() in _PLACEHOLDERS:
            raise ValueError("is still the placeholder from .env.example")
        return value.strip()

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        # slack_sdk joins the method name onto the base: it must end with a slash.
        return value if value.endswith("/") else value + "/"

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    def missing_for_run(self) -> list[str]:
        """Names of the settings `ownerbot run` cannot start without."""
        missing = []
        if not self.slack_bot_token:
            missing.append("SLACK_BOT_TOKEN")
        if not self.socket_mode and not self.slack_signing_secret:
            missing.append("SLACK_SIGNING_SECRET")
        return missing


def load_settings(env_file: Path | str | None = ".env", **overrides: object) -> Settings:
    """Build settings from the environment (and `.env` when present); overrides win."""
    factory = cast(Any, Settings)  # pydantic-settings takes _env_file at construction
    return cast(Settings, factory(_env_file=env_file, **overrides))
