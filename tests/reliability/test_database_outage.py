"""PostgreSQL goes away: slash commands get a clear ephemeral answer, events a non-2xx so Slack
delivers them again, and after recovery nothing is lost or doubled. (PostgreSQL only: the
proxy stands between the app and the server; SQLite has no server to lose.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from time import perf_counter

import pytest
from sqlalchemy.engine import make_url

from bot.app import Services
from handlers.slack.simulator.events import message_event
from handlers.slack.simulator.requests import event_callback
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.databases import DatabaseFactory, backends
from tests.e2e.rows import activity, questions
from tests.reliability.proxy import OutageProxy
from tests.slack_fixtures import CLIENT_DEV, CLIENT_TEAM, SHARED_CHANNEL

# A minute after the fixture clock, so the message's ts differs from the bot's first post's.
START = datetime(2026, 11, 18, 10, 1, tzinfo=UTC)


@pytest.fixture
def backend() -> str:
    return "postgres"  # overrides the conftest parametrisation: this test needs a server


@pytest.fixture
def proxy(database_factories: dict[str, DatabaseFactory]) -> Iterator[OutageProxy]:
    if "postgres" not in database_factories:
        pytest.fail("the outage test needs PostgreSQL: set TEST_DATABASE_URL (make test does)")
    target = make_url(database_factories["postgres"].migrated())
    running = OutageProxy(target.host or "127.0.0.1", target.port or 5432)
    running.target_url = target  # type: ignore[attr-defined]
    yield running
    running.close()


@pytest.fixture
def database_url(proxy: OutageProxy) -> str:
    target = proxy.target_url  # type: ignore[attr-defined]
    return target.set(port=proxy.port).render_as_string(hide_password=False)


async def outage_answers_clearly_and_loses_nothing(
    sender: SignedSender, slack: SlackStandIn, services: Services, proxy: OutageProxy
) -> None:
    first = await sender.command(
        "/ask", "Before the outage?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL
    )
    assert first.status == 200

    proxy.down()
    started = perf_counter()
    during = await sender.command(
        "/ask", "Is <!channel> prod down?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL
    )
    answered_in = perf_counter() - started
    assert during.status == 200
    assert during.json is not None
    assert during.json["response_type"] == "ephemeral"
    assert "not saved" in during.json["text"]
    assert "prod down?" in during.json["text"]  # their words, given back
    assert "<!channel>" not in during.json["text"]  # and defused

    message = event_callback(
        message_event(
            "Is the API down?", user=CLIENT_DEV, channel=SHARED_CHANNEL, ts=START, team=CLIENT_TEAM
        ),
        event_id="Ev0OUTAGE",
    )
    refused = await sender.event(message)
    assert not 200 <= refused.status < 300  # Slack will deliver it again

    proxy.up()
    redelivered = await sender.event(message, retry_num=1, retry_reason="http_error")
    assert redelivered.status == 200
    again = await sender.event(message, retry_num=2, retry_reason="http_error")
    assert again.status == 200

    asked = [q.text for q in await questions(services)]
    assert asked == ["Before the outage?", "Is the API down?"]  # nothing lost, nothing doubled
    assert len(await activity(services)) == 1
    print(f"outage: /ask answered in {answered_in * 1000:.0f} ms while the database was away")


# Collected only where PostgreSQL is configured (make test with TEST_DATABASE_URL, as .ci/run
# does), like every other PostgreSQL variant in the suite.
if "postgres" in backends():
    test_an_outage_answers_clearly_and_loses_nothing = outage_answers_clearly_and_loses_nothing
