"""Bad input (issue 8): hypothesis throws slash-command text (/ask, /owner), message text and whole
payloads (random JSON, and real payloads mutated) at the real HTTP app, signed. Whatever arrives:
no 500, no unhandled exception (no ERROR in the log: the error handler's "listener failed" counts
as a failure), and no broadcast, group or person mention from user text ever reaches anything
the app sends (posts, DMs, updates, ephemerals, modals, the App Home, replies to commands).

`make test` runs FUZZ_EXAMPLES (default 80) examples per property, derandomized so CI sees the
same inputs each run; `make soak` runs 10,000.

Hypothesis drives from a worker thread and hands each example to the test's event loop, where
the app, the stand-in and the database live (`on_loop`).
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import os
import re
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from bot.app import Services
from handlers.slack.blocks import ASK_BLOCK, ASK_INPUT, ASK_MODAL, RESOLVE_ACTION
from handlers.slack.owner.settings_modal import SETTINGS_MODAL
from handlers.slack.render import PROMPT_RESOLVE, PROMPT_SNOOZE, PROMPT_TAKE
from handlers.slack.safe_text import has_live_ping
from handlers.slack.simulator import requests as slack_requests
from handlers.slack.simulator.events import (
    app_home_opened,
    member_joined,
    message_changed,
    message_deleted,
    message_event,
    reaction_added,
)
from handlers.slack.simulator.transport import Result, SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import Question
from tests.e2e.conversation import team_of
from tests.e2e.owner.test_settings import state
from tests.e2e.reminders.support import WED, seed_roles
from tests.slack_fixtures import (
    BOT_USER,
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PM,
    GUEST,
    OTHER_BOT,
    SHARED_CHANNEL,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "80"))
PEOPLE = [CLIENT_DEV, CLIENT_LEAD, CLIENT_PM, GUEST, VENDOR_OWNER, VENDOR_BACKUP, VENDOR_DEV]
DIRECTORY = {*PEOPLE, BOT_USER, OTHER_BOT}  # people the bot may mention itself

# What a hostile or careless user may type: every way of pinging a crowd (the ones Slack
# honours and look-alikes), mentions of people the bot does not know, formatting, escapes.
PINGS = [
    "<!channel>", "<!here>", "<!everyone>", "<!group>", "<!channel|@channel>", "<!here|here>",
    "<!everyone|everyone>", "<!subteam^S0DEVS|@devs>", "<!subteam^S0OPS>", "<!Channel>",
    "<!HERE>", "<!subteam^s0lower|@x>", "@channel", "@here", "@everyone", "@Channel", "@HERE",
    "<@UFZ001>", "<@WFZ002|fuzzy>", "<@UFZ003|<!channel>>", "<<!channel>>", "<!chan<!here>nel>",
    "&lt;!channel&gt;", "<!channel", "<#C0CLIENT1|client-acme>", "<https://x.example|link>",
]  # fmt: skip
FORMATTING = [
    "?", "¿", "resolve", "set", "backup", "client", "handover", "role", "history", "settings",
    "help", "owner", "maintenance", "default", "```", "`", "*", "_", "~", ">", "\n", "\t", " ",
    "\u2060", "\u200b", "\u202e", "é", "🙂", "ß", "<", ">", "|", "&", "&amp;", ":eyes:",
    "<@UCLEAD>", "<@UVDEV|dana>", "<@UVOWNER>",
]  # fmt: skip
WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=12,
)
USER_TEXT = st.lists(
    st.one_of(st.sampled_from(PINGS), st.sampled_from(FORMATTING), WORDS), max_size=12
).map("".join)

# Crowd pings as Slack reads them (case-insensitive here, stricter than the app's own check).
_CROWD = re.compile(
    r"<!(?:channel|here|everyone|group)(?:\|[^>]*)?>|<!subteam\^[^>]+>|"
    r"(?<![\w\u2060])@(?:channel|here|everyone)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


# -- running hypothesis against the event loop ---------------------------------------------------


def on_loop(
    loop: asyncio.AbstractEventLoop, check: Callable[[Any], Awaitable[None]], strategy: Any
) -> None:
    """Run the property in this (worker) thread; each example runs on the test's loop."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def prop(value: Any) -> None:
        asyncio.run_coroutine_threadsafe(check(value), loop).result(timeout=120)

    prop()


async def fuzz(check: Callable[[Any], Awaitable[None]], strategy: Any) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.to_thread(on_loop, loop, check, strategy)


# -- what must hold after every example ---------------------------------------------------------


@dataclass
class Watch:
    """Reads what the app sent and logged since the last look."""

    slack: SlackStandIn
    services: Services
    caplog: pytest.LogCaptureFixture
    calls_seen: int = 0
    responses_seen: int = 0
    records_seen: int = 0
    examples: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def check(self, result: Result, *, malformed_ok: bool = False) -> None:
        self.examples += 1
        self.statuses[result.status] = self.statuses.get(result.status, 0) + 1
        assert result.status != 500, result.body
        assert result.status < 500 or result.status == 503, result.body
        if not malformed_ok:
            assert 200 <= result.status < 300, (result.status, result.body)
        errors = [r for r in self.caplog.records[self.records_seen :] if r.levelno >= logging.ERROR]
        self.records_seen = len(self.caplog.records)
        assert not errors, "\n".join(r.getMessage() for r in errors)
        allowed = DIRECTORY | await self._addressees()
        sent = self.slack.calls[self.calls_seen :]
        self.calls_seen = len(self.slack.calls)
        for call in sent:
            if call.method in {"chat.postMessage", "chat.postEphemeral", "chat.update"} or (
                call.method.startswith("views.")
            ):
                for text in strings(call.params):
                    assert_no_live_ping(text, allowed)
        for reply in self.slack.responses[self.responses_seen :]:
            for text in strings(reply):
                assert_no_live_ping(text, allowed)
        self.responses_seen = len(self.slack.responses)
        for text in strings(result.json):  # the ack's ephemeral (a command's reply)
            assert_no_crowd_ping(text)

    async def _addressees(self) -> set[str]:
        """People an asker addressed with `/ask @person …`: the post names them on purpose.
        (Only the ids, in SQL: loading every question each example made the soak quadratic.)"""
        async with self.services.sessions() as session:
            found = await session.execute(
                select(col(Question.addressee_user_id))
                .where(col(Question.addressee_user_id).is_not(None))
                .distinct()
            )
            return {str(user) for (user,) in found.all()}


def strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value (each text Slack would render on its own)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)


def assert_no_crowd_ping(text: str) -> None:
    found = _CROWD.findall(text)
    assert not found, f"a crowd ping reached Slack: {found} in {text[:500]}"


def assert_no_live_ping(text: str, allowed: set[str]) -> None:
    """No crowd ping anywhere; the only people mentioned are those the bot names itself."""
    assert_no_crowd_ping(text)
    stripped = _PERSON.sub(lambda m: "" if m.group(1) in allowed else m.group(0), text)
    assert not has_live_ping(stripped), f"user text pinged someone: {stripped[:500]}"


@pytest.fixture
def watch(
    slack: SlackStandIn, services: Services, caplog: pytest.LogCaptureFixture
) -> Iterator[Watch]:
    caplog.set_level(logging.WARNING)
    watched = Watch(slack, services, caplog)
    yield watched
    print(f"fuzz: {watched.examples} examples, statuses {dict(sorted(watched.statuses.items()))}")


# -- slash-command text --------------------------------------------------------------------------


async def test_ask_text(sender: SignedSender, services: Services, watch: Watch) -> None:
    await seed_roles(services)  # so every client question also DMs the owner a prompt

    async def one(example: tuple[str, str]) -> None:
        user, text = example
        result = await sender.command("/ask", text, user_id=user, channel_id=SHARED_CHANNEL)
        await watch.check(result)

    await fuzz(one, st.tuples(st.sampled_from(PEOPLE), USER_TEXT))


OWNER_TEXT = st.one_of(
    USER_TEXT,
    st.tuples(
        st.sampled_from(["set", "backup", "client", "handover", "role", "history", "settings"]),
        st.sampled_from(["", " <@UVDEV>", " <@UCLEAD|carla>", " <@UFZ001>", " owner", " client"]),
        USER_TEXT,
    ).map(lambda parts: f"{parts[0]}{parts[1]} {parts[2]}"),
)


async def test_owner_text(sender: SignedSender, services: Services, watch: Watch) -> None:
    await seed_roles(services)

    async def one(example: tuple[str, str]) -> None:
        user, text = example
        result = await sender.command("/owner", text, user_id=user, channel_id=SHARED_CHANNEL)
        await watch.check(result)

    await fuzz(one, st.tuples(st.sampled_from(PEOPLE), OWNER_TEXT))


# -- message text --------------------------------------------------------------------------------


async def test_message_text(sender: SignedSender, services: Services, watch: Watch) -> None:
    await seed_roles(services)
    stamps = iter(range(10**6))
    roots: list[dict[str, Any]] = []

    async def one(example: tuple[str, str, int, bool]) -> None:
        user, text, where, edit = example
        at = WED.timestamp() + next(stamps)
        thread = roots[where % len(roots)]["ts"] if roots and where % 3 == 0 else None
        event = message_event(
            text, user=user, channel=SHARED_CHANNEL, ts=at, thread_ts=thread, team=team_of(user)
        )
        result = await sender.event(event)
        await watch.check(result)
        if thread is None:
            roots.append(event)
        if edit and roots:
            changed = message_changed(roots[where % len(roots)], text[::-1], event_ts=at + 0.5)
            await watch.check(await sender.event(changed))

    await fuzz(
        one, st.tuples(st.sampled_from(PEOPLE), USER_TEXT, st.integers(0, 50), st.booleans())
    )


# -- whole payloads ------------------------------------------------------------------------------

LONG = st.text(alphabet="UCTEW0123456789ABCDEF.", min_size=33, max_size=80)  # wider than any id
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | WORDS | LONG,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(WORDS, inner, max_size=4),
    max_leaves=12,
)


@dataclass(frozen=True)
class Template:
    """A real payload: how it travels (form fields, JSON envelope, interaction) and its body."""

    kind: str  # form | json | interaction
    body: Any


def templates() -> list[Template]:
    at = WED.timestamp()
    message = message_event(
        "Is it down?", user=CLIENT_DEV, channel=SHARED_CHANNEL, ts=at, team=team_of(CLIENT_DEV)
    )
    reply = message_event(
        "Looking", user=VENDOR_DEV, channel=SHARED_CHANNEL, ts=at + 60, thread_ts=at
    )
    events = [
        message,
        reply,
        message_changed(message, "Is it down now?", event_ts=at + 90),
        message_deleted(reply, event_ts=at + 120),
        reaction_added(
            "question",
            user=VENDOR_DEV,
            channel=SHARED_CHANNEL,
            item_ts=at,
            event_ts=at + 30,
            item_user=CLIENT_DEV,
        ),  # fmt: skip
        reaction_added(
            "white_check_mark",
            user=VENDOR_DEV,
            channel=SHARED_CHANNEL,
            item_ts=at,
            event_ts=at + 40,
        ),  # fmt: skip
        app_home_opened(VENDOR_OWNER, event_ts=at),
        member_joined(BOT_USER, SHARED_CHANNEL, event_ts=at),
    ]
    found = [Template("json", slack_requests.event_callback(e, event_id=None)) for e in events]
    found += [
        Template("form", slack_requests.slash_command(name, text, user_id=CLIENT_DEV,
                                                      channel_id=SHARED_CHANNEL))  # fmt: skip
        for name, text in [("/ask", "Where is it?"), ("/ask", ""), ("/ask", "resolve"),
                           ("/owner", ""), ("/owner", "set <@UVDEV|dana>"), ("/owner", "settings")]
    ]  # fmt: skip
    actions = [
        (PROMPT_TAKE, "1"), (PROMPT_RESOLVE, "1"), (RESOLVE_ACTION, "1"), (PROMPT_SNOOZE, None),
    ]  # fmt: skip
    for action_id, value in actions:
        payload = slack_requests.block_action(
            action_id,
            user_id=VENDOR_OWNER,
            value=value,
            channel_id="DVOWNER",
            message_ts=str(at),
            action_type="static_select" if value is None else "button",
        )
        if value is None:
            payload["actions"][0]["selected_option"] = {"value": "1:1h"}
        found.append(Template("interaction", payload))
    ask = {ASK_BLOCK: {ASK_INPUT: {"type": "plain_text_input", "value": "Any news?"}}}
    found.append(
        Template(
            "interaction",
            slack_requests.view_submission(
                ASK_MODAL, user_id=CLIENT_DEV, private_metadata=SHARED_CHANNEL, values=ask
            ),
        )
    )
    found.append(
        Template(
            "interaction",
            slack_requests.view_submission(
                SETTINGS_MODAL, user_id=VENDOR_DEV, private_metadata=SHARED_CHANNEL, values=state()
            ),
        )
    )
    return found


TEMPLATES = templates()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*prefix, key))
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((*prefix, index))
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    template = draw(st.sampled_from(TEMPLATES))
    body = copy.deepcopy(template.body)
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(body)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = body
        for step in path[:-1]:
            parent = parent[step]
        how = draw(st.sampled_from(["delete", "replace", "retype"]))
        if how == "delete":
            del parent[path[-1]]
        elif how == "replace":
            parent[path[-1]] = draw(JSON_VALUES)
        else:
            old = parent[path[-1]]
            parent[path[-1]] = [old] if not isinstance(old, list) else {"x": old}
    return template.kind, body


RANDOM = st.tuples(st.sampled_from(["json", "interaction", "form"]), JSON_VALUES)


NOWHERE = "http://127.0.0.1:9/hooks/fuzz"  # a closed port: replies go nowhere, never to Slack


def _local_hooks(value: Any) -> Any:
    """Real payloads carry Slack's response_url: the fuzz must not reach the internet."""
    if isinstance(value, dict):
        return {k: NOWHERE if k == "response_url" else _local_hooks(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_local_hooks(v) for v in value]
    return value


async def send(sender: SignedSender, kind: str, body: Any) -> Result:
    body = _local_hooks(body)
    if kind == "json":
        return await sender.post(json.dumps(body), content_type=slack_requests.JSON)
    if kind == "interaction":
        return await sender.post(
            urlencode({"payload": json.dumps(body)}), content_type=slack_requests.FORM
        )
    fields = body if isinstance(body, dict) else {"text": body}
    form = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in fields.items()}
    return await sender.post(urlencode(form), content_type=slack_requests.FORM)


async def test_whole_payloads(sender: SignedSender, services: Services, watch: Watch) -> None:
    await seed_roles(services)

    async def one(example: tuple[str, Any]) -> None:
        kind, body = example
        await watch.check(await send(sender, kind, body), malformed_ok=True)

    await fuzz(one, st.one_of(mutated(), RANDOM))
