"""The environment contract (DESIGN.md, "Contracts"): bot/settings.py and .env.example."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import _PLACEHOLDERS, SLACK_API_URL, Settings, load_settings
from storage.db import async_url

REPO = Path(__file__).resolve().parent.parent
ENV_EXAMPLE = REPO / ".env.example"

FIELDS = sorted(Settings.model_fields)
ENV_NAMES = [name.upper() for name in FIELDS]
SECRETS = ["slack_bot_token", "slack_signing_secret", "slack_app_token"]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No setting leaks in from the machine running the tests, nor from a .env in the cwd."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def example_lines() -> list[str]:
    return ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()


def example_values() -> dict[str, str]:
    values = {}
    for line in example_lines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, sep, value = line.partition("=")
            assert sep, f".env.example: not NAME=value: {line!r}"
            assert name not in values, f".env.example sets {name} twice"
            values[name] = value
    return values


# -- .env.example ------------------------------------------------------------------------------


def test_env_example_names_every_setting_and_nothing_else() -> None:
    assert sorted(example_values()) == sorted(ENV_NAMES)


def test_every_variable_in_env_example_has_a_comment_above_it() -> None:
    lines = example_lines()
    for i, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            assert i > 0 and lines[i - 1].startswith("# "), f"no comment above {line!r}"


def test_env_example_secrets_are_placeholders_settings_refuse() -> None:
    values = example_values()
    for field in SECRETS:
        assert values[field.upper()].lower() in _PLACEHOLDERS, field
    with pytest.raises(ValidationError) as caught:
        load_settings(env_file=ENV_EXAMPLE)
    refused = {str(error["loc"][0]) for error in caught.value.errors()}
    assert refused == set(SECRETS)


def test_env_example_values_are_the_defaults() -> None:
    real = {field: f"real-{field}" for field in SECRETS}
    from_example = load_settings(env_file=ENV_EXAMPLE, **real)
    defaults = load_settings(env_file=None, **real)
    assert from_example == defaults


# -- defaults ----------------------------------------------------------------------------------


def test_defaults_match_design_md() -> None:
    settings = load_settings(env_file=None)
    assert settings.slack_bot_token is None
    assert settings.slack_signing_secret is None
    assert settings.slack_app_token is None
    assert settings.slack_api_url == SLACK_API_URL == "https://slack.com/api/"
    assert settings.database_url.startswith("sqlite:///")
    assert settings.port == 3000
    assert settings.log_level == "INFO"
    assert settings.default_timezone == "UTC"
    assert settings.default_business_hours == "Mon-Fri 09:00-17:00"
    assert settings.default_sla_minutes == 240
    assert settings.default_digest_time == "Mon 09:00"
    assert settings.question_retention_days == 365
    assert settings.socket_mode is False


def test_the_default_database_is_a_sqlite_file_on_aiosqlite() -> None:
    url = async_url(load_settings(env_file=None).database_url)
    assert url.drivername == "sqlite+aiosqlite"
    assert url.database and url.database.endswith(".db")


# -- database URLs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plain", "driver"),
    [
        ("sqlite:///x", "sqlite+aiosqlite"),
        ("sqlite:////var/lib/ownerbot/ownerbot.db", "sqlite+aiosqlite"),
        ("sqlite://", "sqlite+aiosqlite"),
        ("postgresql://bot:pw@db.internal:5432/ownerbot", "postgresql+asyncpg"),
        ("postgres://bot:pw@db.internal/ownerbot", "postgresql+asyncpg"),
        ("postgresql+asyncpg://bot@localhost/ownerbot", "postgresql+asyncpg"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite"),
    ],
)
def test_plain_urls_get_the_async_driver(plain: str, driver: str) -> None:
    url = async_url(plain)
    assert url.drivername == driver
    if "db.internal" in plain:
        assert url.host == "db.internal" and url.database == "ownerbot" and url.password == "pw"


def test_an_unsupported_database_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported database"):
        async_url("mysql://bot@localhost/ownerbot")


# -- where settings come from ------------------------------------------------------------------


ENVIRONMENT = {
    "SLACK_BOT_TOKEN": "xoxb-1-real",
    "SLACK_SIGNING_SECRET": "s3cr3t",
    "SLACK_APP_TOKEN": "xapp-1-real",
    "SLACK_API_URL": "http://127.0.0.1:8765/api",
    "DATABASE_URL": "postgresql://bot@db/ownerbot",
    "PORT": "8080",
    "LOG_LEVEL": "debug",
    "DEFAULT_TIMEZONE": "Europe/Amsterdam",
    "DEFAULT_BUSINESS_HOURS": "Mon-Thu 08:30-16:30",
    "DEFAULT_SLA_MINUTES": "120",
    "DEFAULT_DIGEST_TIME": "Fri 15:00",
    "QUESTION_RETENTION_DAYS": "90",
}
EXPECTED = {
    "slack_bot_token": "xoxb-1-real",
    "slack_signing_secret": "s3cr3t",
    "slack_app_token": "xapp-1-real",
    "slack_api_url": "http://127.0.0.1:8765/api/",  # a trailing slash is added
    "database_url": "postgresql://bot@db/ownerbot",
    "port": 8080,
    "log_level": "DEBUG",  # case-insensitive
    "default_timezone": "Europe/Amsterdam",
    "default_business_hours": "Mon-Thu 08:30-16:30",
    "default_sla_minutes": 120,
    "default_digest_time": "Fri 15:00",
    "question_retention_days": 90,
}


def test_the_test_tables_cover_every_setting() -> None:
    assert sorted(ENVIRONMENT) == ENV_NAMES
    assert sorted(EXPECTED) == FIELDS


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(env_file=None)
    assert settings.model_dump() == EXPECTED
    assert settings.socket_mode is True


def test_a_dotenv_file_is_read(tmp_path: Path) -> None:
    env_file = tmp_path / "custom.env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in ENVIRONMENT.items()), encoding="utf-8")
    assert load_settings(env_file=env_file).model_dump() == EXPECTED


def test_dotenv_in_the_working_directory_is_read_by_default(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\nPORT=4000\n")
    settings = load_settings()
    assert settings.slack_bot_token == "xoxb-from-dotenv"
    assert settings.port == 4000


def test_no_dotenv_is_fine(tmp_path: Path) -> None:
    assert not (tmp_path / ".env").exists()
    assert load_settings().slack_bot_token is None


def test_the_environment_wins_over_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\n")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-environment")
    assert load_settings().slack_bot_token == "xoxb-from-environment"


def test_env_file_none_ignores_dotenv(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\n")
    assert load_settings(env_file=None).slack_bot_token is None


def test_overrides_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "8080")
    assert load_settings(env_file=None, port=9090).port == 9090


# -- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize("field", SECRETS)
@pytest.mark.parametrize("placeholder", sorted(_PLACEHOLDERS))
def test_placeholders_are_refused(
    monkeypatch: pytest.MonkeyPatch, field: str, placeholder: str
) -> None:
    monkeypatch.setenv(field.upper(), f"  {placeholder.upper()} ")
    with pytest.raises(ValidationError, match="placeholder"):
        load_settings(env_file=None)


@pytest.mark.parametrize("field", SECRETS)
def test_blank_secrets_count_as_unset(monkeypatch: pytest.MonkeyPatch, field: str) -> None:
    monkeypatch.setenv(field.upper(), "   ")
    assert getattr(load_settings(env_file=None), field) is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORT", "0"),
        ("PORT", "70000"),
        ("PORT", "http"),
        ("LOG_LEVEL", "LOUD"),
        ("DEFAULT_SLA_MINUTES", "0"),
    ],
)
def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        load_settings(env_file=None)


def test_what_run_needs() -> None:
    assert load_settings(env_file=None).missing_for_run() == [
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
    ]
    http = load_settings(env_file=None, slack_bot_token="xoxb-1", slack_signing_secret="s")
    assert http.missing_for_run() == [] and not http.socket_mode
    # Socket Mode requests arrive over the authenticated websocket: no signing secret needed.
    socket = load_settings(env_file=None, slack_bot_token="xoxb-1", slack_app_token="xapp-1")
    assert socket.missing_for_run() == [] and socket.socket_mode


def test_nothing_is_read_at_import_time(tmp_path: Path) -> None:
    """Importing the settings (and the CLI) with a broken environment and .env must not fail:
    settings are read only when load_settings() runs."""
    (tmp_path / ".env").write_text("PORT=not-a-port\nSLACK_BOT_TOKEN=changeme\n")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PORT": "-1",
        "LOG_LEVEL": "shouting",
        "DEFAULT_SLA_MINUTES": "many",
        "SLACK_SIGNING_SECRET": "your-signing-secret",
        "DATABASE_URL": "::not a url::",
    }
    code = "import bot.settings, bot.cli, bot.app; print('imported')"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "imported"
    assert not re.search(r"Traceback|Error", result.stderr), result.stderr
