"""Scripted channel traffic for reliability tests: threads of causally ordered events.

Each thread is a list of events that must keep their order (a reply after its root, a deletion
after its message); threads may interleave in any order, as Slack's deliveries do.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from handlers.slack.simulator.events import (
    message_changed,
    message_deleted,
    message_event,
    reaction_added,
    slack_ts,
)
from handlers.slack.simulator.requests import event_callback
from tests.e2e.conversation import team_of
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PM,
    GUEST,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
)

CLIENTS = [CLIENT_DEV, CLIENT_LEAD, CLIENT_PM, GUEST]
VENDORS = [VENDOR_OWNER, VENDOR_BACKUP, VENDOR_DEV]
ASKING = [
    "Can you check why the export failed?",
    "When is the next release?",
    "Is the sandbox down?",
    "How do I rotate the API key?",
]
SAYING = ["Thanks!", "Noted", "We deployed the new build", "FYI the office is closed Friday"]


def _envelope(event: dict[str, Any], key: str) -> dict[str, Any]:
    return event_callback(event, event_id=f"Ev{key}")


def thread_script(
    rng: random.Random, channel: str, start: datetime, index: int
) -> list[dict[str, Any]]:
    """One top-level message and what happens to it: replies, reactions, an edit, a deletion."""
    at = start + timedelta(minutes=10 * index)
    asker = rng.choice(CLIENTS + VENDORS[:1])
    asks = rng.random() < 0.7
    root = message_event(
        rng.choice(ASKING if asks else SAYING),
        user=asker,
        channel=channel,
        ts=at,
        team=team_of(asker),
    )
    events = [_envelope(root, f"{channel}-{index}-root")]
    replies: list[dict[str, Any]] = []
    for n in range(rng.randint(0, 4)):
        at += timedelta(minutes=rng.randint(1, 30), seconds=rng.randint(0, 59))
        who = rng.choice(CLIENTS + VENDORS)
        reply = message_event(
            rng.choice(["Looking", "Here is the link", "Same here", "I'll take it", "Fixed now"]),
            user=who,
            channel=channel,
            ts=at,
            thread_ts=root["ts"],
            team=team_of(who),
        )
        replies.append(reply)
        events.append(_envelope(reply, f"{channel}-{index}-reply{n}"))
    if rng.random() < 0.5:
        at += timedelta(minutes=1)
        who = rng.choice(VENDORS)
        reaction = reaction_added(
            rng.choice(["eyes", "white_check_mark", "question", "tada"]),
            user=who,
            channel=channel,
            item_ts=root["ts"],
            item_user=asker,
            event_ts=slack_ts(at),
        )
        events.append(_envelope(reaction, f"{channel}-{index}-react"))
    if rng.random() < 0.3:
        at += timedelta(minutes=1)
        edit = message_changed(root, str(root["text"]) + " (edited)", event_ts=at)
        events.append(_envelope(edit, f"{channel}-{index}-edit"))
    if replies and rng.random() < 0.3:
        at += timedelta(minutes=1)
        gone = message_deleted(rng.choice(replies), event_ts=at)
        events.append(_envelope(gone, f"{channel}-{index}-delreply"))
    if rng.random() < 0.15:
        at += timedelta(minutes=1)
        events.append(_envelope(message_deleted(root, event_ts=at), f"{channel}-{index}-delroot"))
    return events


def conversation(
    rng: random.Random, channel: str, start: datetime, threads: int
) -> list[list[dict[str, Any]]]:
    return [thread_script(rng, channel, start, index) for index in range(threads)]


def redelivered(
    rng: random.Random, threads: list[list[dict[str, Any]]]
) -> list[tuple[dict[str, Any], int]]:
    """Every event 1–4 times, threads interleaved at random, each thread in its own order;
    a redelivery comes at any later point. Yields (envelope, attempt number)."""
    queues = [list(thread) for thread in threads]
    pending: list[tuple[dict[str, Any], int]] = []
    out: list[tuple[dict[str, Any], int]] = []
    while any(queues) or pending:
        live = [q for q in queues if q]
        if live and (not pending or rng.random() < 0.6):
            event = rng.choice(live).pop(0)
            out.append((event, 0))
            pending += [(event, attempt) for attempt in range(1, rng.randint(1, 4))]
        else:
            out.append(pending.pop(rng.randrange(len(pending))))
    return out


def with_channel(threads: list[list[dict[str, Any]]], channel: str) -> list[list[dict[str, Any]]]:
    """The same script in another channel (new event ids): a reference run beside the real one."""
    import copy

    moved = copy.deepcopy(threads)
    for thread in moved:
        for envelope in thread:
            envelope["event_id"] = envelope["event_id"] + "-ref"
            event = envelope["event"]
            if "item" in event:
                event["item"]["channel"] = channel
            else:
                event["channel"] = channel
    return moved
