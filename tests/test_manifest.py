"""manifest.yml is a Slack app manifest Slack will import, and it matches what the app does."""

from __future__ import annotations

import ast
import copy
import json
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jsonschema
import pytest
import yaml
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.app import build_services
from bot.settings import load_settings
from handlers.slack import build_app

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / "manifest.yml"
# Slack's official schema lives in shared/, checked out beside the repository (also in CI).
SCHEMA = REPO.parent / "shared" / "slack" / "manifest.schema.json"

# The commands DESIGN.md gives the app.
DESIGNED_COMMANDS = {"/ask", "/owner"}

# The bot scopes each event needs (all of them). An event missing here fails the test: add it with
# the scopes Slack's event reference lists for it.
EVENT_SCOPES: dict[str, frozenset[str]] = {
    "message.channels": frozenset({"channels:history"}),
    "message.groups": frozenset({"groups:history"}),
    "message.im": frozenset({"im:history"}),
    "message.mpim": frozenset({"mpim:history"}),
    "reaction_added": frozenset({"reactions:read"}),
    "reaction_removed": frozenset({"reactions:read"}),
    # Public and private channels: the app follows both, so it needs both scopes.
    "member_joined_channel": frozenset({"channels:read", "groups:read"}),
    "member_left_channel": frozenset({"channels:read", "groups:read"}),
    "channel_left": frozenset({"channels:read"}),
    "group_left": frozenset({"groups:read"}),
    "app_mention": frozenset({"app_mentions:read"}),
    "app_home_opened": frozenset(),
    "app_uninstalled": frozenset(),
    "tokens_revoked": frozenset(),
}


def load_manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "manifest.yml must be a YAML mapping"
    return data


@cache
def load_schema() -> dict[str, Any]:
    if not SCHEMA.is_file():
        pytest.fail(
            f"Slack's app manifest schema is missing: expected it at {SCHEMA}. The repository "
            "must be checked out with shared/ beside it (shared/slack/manifest.schema.json).",
            pytrace=False,
        )
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return schema


def schema_errors(manifest: object) -> list[str]:
    """Every way `manifest` breaks Slack's schema, one readable line each (empty when valid)."""
    schema = load_schema()
    # The schema declares no draft and uses `definitions`: draft 7 is what it is written for.
    validator_class = jsonschema.validators.validator_for(
        schema, default=jsonschema.Draft7Validator
    )
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    errors = sorted(validator.iter_errors(manifest), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in errors]


def bot_events(manifest: dict[str, Any]) -> list[str]:
    return list(manifest.get("settings", {}).get("event_subscriptions", {}).get("bot_events", []))


def bot_scopes(manifest: dict[str, Any]) -> set[str]:
    return set(manifest.get("oauth_config", {}).get("scopes", {}).get("bot", []))


def manifest_commands(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    commands = manifest.get("features", {}).get("slash_commands", [])
    return {c["command"]: c for c in commands}


# -- the schema --------------------------------------------------------------------------------


def test_manifest_is_valid_against_slacks_schema() -> None:
    errors = schema_errors(load_manifest())
    assert not errors, "manifest.yml does not match Slack's schema:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    ("breakage", "where"),
    [
        (lambda m: m["display_information"].pop("name"), "display_information"),
        (lambda m: m.pop("display_information"), "(top)"),
        (lambda m: m.__setitem__("unknown_top_level_key", True), "(top)"),
        (
            lambda m: m["features"]["slash_commands"][0].pop("description"),
            "features/slash_commands/0",
        ),
        (lambda m: m["features"]["slash_commands"][0].__setitem__("command", "ask"), "command"),
        (lambda m: m["settings"].__setitem__("socket_mode_enabled", "yes"), "socket_mode_enabled"),
    ],
    ids=[
        "no-app-name",
        "no-display-information",
        "unknown-top-level-key",
        "command-without-description",
        "command-without-slash",
        "socket-mode-not-boolean",
    ],
)
def test_the_validator_rejects_a_broken_manifest(breakage: Any, where: str) -> None:
    """Regression: a valid manifest broken in memory is rejected, so the check above has teeth."""
    broken = copy.deepcopy(load_manifest())
    breakage(broken)
    errors = schema_errors(broken)
    assert errors, "the schema validator accepted a broken manifest"
    assert any(where in error for error in errors), errors


def test_a_missing_schema_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without Slack's schema the check must fail, never pass or skip quietly."""
    monkeypatch.setattr(sys.modules[__name__], "SCHEMA", tmp_path / "nowhere.json")
    load_schema.cache_clear()
    try:
        with pytest.raises(pytest.fail.Exception, match="manifest schema is missing"):
            schema_errors(load_manifest())
    finally:
        load_schema.cache_clear()


def test_background_colour_is_a_hex_colour() -> None:
    # The schema spells this check `regex`, which JSON Schema ignores: check it here.
    colour = load_manifest()["display_information"]["background_color"]
    assert re.fullmatch(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?", colour), colour


# -- what the app needs ------------------------------------------------------------------------


def test_socket_mode_is_on_and_interactivity_enabled() -> None:
    settings = load_manifest()["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True


def test_bot_user_and_app_home() -> None:
    features = load_manifest()["features"]
    assert features["bot_user"]["display_name"]
    assert features["bot_user"]["always_online"] is True
    assert features["app_home"]["home_tab_enabled"] is True


def test_every_event_has_the_scopes_it_needs() -> None:
    manifest = load_manifest()
    scopes = bot_scopes(manifest)
    events = bot_events(manifest)
    assert events, "the manifest subscribes to no bot events"
    unknown = [e for e in events if e not in EVENT_SCOPES]
    assert not unknown, f"add these events with their scopes to EVENT_SCOPES: {unknown}"
    missing = {e: sorted(EVENT_SCOPES[e] - scopes) for e in events if EVENT_SCOPES[e] - scopes}
    assert not missing, f"events without the bot scopes they need: {missing}"


def test_the_events_design_md_relies_on_are_subscribed() -> None:
    events = set(bot_events(load_manifest()))
    needed = {
        "message.channels",  # questions, replies, edits and deletions
        "message.groups",
        "reaction_added",  # :question:, :eyes:, :white_check_mark:
        "reaction_removed",
        "member_joined_channel",  # the bot joining, client members
        "app_home_opened",  # the App Home tab
    }
    assert needed <= events, sorted(needed - events)


def test_commands_have_usage_hints_and_escape_mentions() -> None:
    commands = manifest_commands(load_manifest())
    assert set(commands) == DESIGNED_COMMANDS
    assert "commands" in bot_scopes(load_manifest())
    for name, command in commands.items():
        assert command.get("usage_hint"), f"{name} has no usage hint"
        # `/owner set @user` and `/ask @client-lead …` need user IDs (<@U…|name>), not bare names.
        assert command.get("should_escape") is True, f"{name} must escape mentions"
    assert "resolve" in commands["/ask"]["usage_hint"]
    for word in ("set", "backup", "client", "handover", "history", "settings", "@user", "phase"):
        assert word in commands["/owner"]["usage_hint"]


# -- the manifest and the code agree -----------------------------------------------------------


def registered_in_source(method: str) -> set[str]:
    """String literals passed to `<anything>.<method>(…)` in handlers/: what the app registers."""
    found: set[str] = set()
    for path in sorted((REPO / "handlers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == method
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def _command_request(command: str) -> AsyncBoltRequest:
    body = urlencode(
        {
            "command": command,
            "text": "",
            "team_id": "T0VENDOR",
            "channel_id": "C0CLIENT",
            "user_id": "U0PERSON",
            "trigger_id": "1.2.3",
            "response_url": "http://127.0.0.1:9/response",
        }
    )
    return AsyncBoltRequest(
        body=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )


async def commands_the_app_handles(candidates: set[str]) -> set[str]:
    """Which of `candidates` some listener of the real app (build_app) would take."""
    settings = load_settings(
        env_file=None,
        slack_bot_token="xoxb-manifest-test",
        slack_signing_secret="manifest-test-secret",
        slack_app_token=None,
        database_url="sqlite://",
    )
    services = build_services(settings)
    try:
        app = build_app(services)
        handled = set()
        for command in candidates:
            request = _command_request(command)
            for listener in app._async_listeners:
                if await listener.async_matches(req=request, resp=BoltResponse(status=200)):
                    handled.add(command)
                    break
        return handled
    finally:
        await services.close()


# The manifest must declare exactly the commands the app registers: the three tests below.


def test_every_command_registered_in_the_source_is_declared() -> None:
    declared = set(manifest_commands(load_manifest()))
    assert declared == DESIGNED_COMMANDS
    in_source = {c for c in registered_in_source("command") if c.startswith("/")}
    assert in_source <= declared, f"registered but not in manifest.yml: {in_source - declared}"


async def test_the_app_takes_no_undeclared_command() -> None:
    # Catches a listener registered with a pattern, which the source scan above cannot read.
    assert await commands_the_app_handles({"/ownerbot-undeclared", "/help", "/remind"}) == set()


async def test_the_app_handles_every_declared_command() -> None:
    declared = set(manifest_commands(load_manifest()))
    handled = await commands_the_app_handles(declared)
    assert handled == declared, f"declared {sorted(declared)}, the app handles {sorted(handled)}"


def test_the_events_the_app_listens_to_are_subscribed() -> None:
    events = set(bot_events(load_manifest()))
    listened = registered_in_source("event")
    # `app.event("message")` and `app.message(…)` get message.* events.
    if "message" in listened or registered_in_source("message"):
        listened.discard("message")
        assert events & {"message.channels", "message.groups"}, "messages are not subscribed"
    assert listened <= events, f"listened to but not subscribed: {sorted(listened - events)}"
