"""Privacy (issue 8): ordinary message text is never stored; question text is purged after the
retention period with every figure intact; `ownerbot forget-user` removes a person's personal
data and keeps the anonymous counts."""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import DateTime, String, Text
from sqlmodel import SQLModel

from bot.app import Services, build_services
from bot.cli import main
from bot.domain.privacy import TOKEN_PREFIX, is_anonymous
from bot.events import Tenant
from bot.jobs import JobContext, purge_sweep
from bot.ports import FixedClock
from bot.scheduler import JOBS, PURGE_SWEEP
from bot.services.digest import build_digest
from bot.services.privacy import forget_user
from bot.services.reminders import sweep_reminders
from bot.settings import Settings
from handlers.slack.messenger import SlackMessenger
from handlers.slack.simulator.events import message_changed, message_deleted, message_event
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import Channel, DigestRun, Person, Question
from storage.queries.privacy import USER_COLUMNS
from tests.e2e.conversation import Conversation, team_of
from tests.e2e.owner.helpers import mention, owner
from tests.e2e.rows import all_rows, questions
from tests.security.scan import stored_values, where_found
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PM,
    GUEST,
    SHARED_CHANNEL,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
    VENDOR_TEAM,
)

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # the fixture clock's Wednesday
WEEK = "2026-W47"
TENANT = Tenant(VENDOR_TEAM)
MARKER = re.compile(r"mk[a-z]+\d{3}[a-z]?")


# -- traffic whose every message carries a marker word -------------------------------------------


@dataclass
class Markers:
    """Which marker words went where: `question` ones may be stored as question text, every
    other one (ordinary messages, replies, edits of ordinary messages) must be stored nowhere."""

    question: set[str] = field(default_factory=set)
    ordinary: set[str] = field(default_factory=set)


async def marked_traffic(sender: SignedSender, clock: FixedClock, rounds: int = 12) -> Markers:
    """A realistic mix through the real app: client questions (auto-captured, joined, edited,
    deleted), vendor questions in the channel (not captured), statements, thread replies,
    :question: on a statement (a question whose text is not stored), edits of statements, /ask."""
    talk = Conversation(sender, START)
    seen = Markers()
    clients = [CLIENT_DEV, CLIENT_LEAD, CLIENT_PM, GUEST]
    vendors = [VENDOR_OWNER, VENDOR_BACKUP, VENDOR_DEV]
    for n in range(rounds):
        client, vendor = clients[n % len(clients)], vendors[n % len(vendors)]
        talk.later(minutes=20)
        asked = f"Can you check why the export failed mkq{n:03d}?"
        root = await talk.say(client, asked)
        seen.question.add(f"mkq{n:03d}")
        talk.later(minutes=2)
        await talk.say(client, f"It happens since Monday mkj{n:03d}")  # joins the question
        seen.question.add(f"mkj{n:03d}")
        talk.later(minutes=1)
        reply = await talk.say(vendor, f"Looking at the logs mkr{n:03d}", thread=root)
        seen.ordinary.add(f"mkr{n:03d}")
        talk.later(minutes=1)
        await talk.say(client, f"Thanks a lot mkt{n:03d}", thread=root)
        seen.ordinary.add(f"mkt{n:03d}")
        if n % 3 == 0:
            talk.later(minutes=1)
            original = message_event(
                "", user=vendor, channel=SHARED_CHANNEL, ts=reply, thread_ts=root
            )
            gone = await sender.event(message_deleted(original, event_ts=talk.now))
            assert gone.status == 200
        if n % 4 == 1:
            talk.later(minutes=1)
            edited = f"Can you check why the export failed again mkqe{n:03d}?"
            original = message_event(
                asked, user=client, channel=SHARED_CHANNEL, ts=root, team=team_of(client)
            )
            change = await sender.event(message_changed(original, edited, event_ts=talk.now))
            assert change.status == 200
            seen.question.add(f"mkqe{n:03d}")
        talk.later(minutes=20)
        await talk.say(vendor, f"Could you send us the staging credentials mkv{n:03d}?")
        seen.ordinary.add(f"mkv{n:03d}")  # a vendor's question in the channel is not captured
        talk.later(minutes=20)
        statement = f"We deployed build 42 to staging mks{n:03d}"
        said = await talk.say(client if n % 2 else vendor, statement)
        seen.ordinary.add(f"mks{n:03d}")
        if n % 2:
            talk.later(minutes=1)
            await talk.react(vendor, "question", said, item_user=client)  # text not stored
        if n % 3 == 2:
            talk.later(minutes=1)
            who = client if n % 2 else vendor
            original = message_event(
                statement, user=who, channel=SHARED_CHANNEL, ts=said, team=team_of(who)
            )
            edit = message_changed(original, f"We deployed build 43 mkse{n:03d}", event_ts=talk.now)
            assert (await sender.event(edit)).status == 200
            # Marked with :question:, the statement became a question: its edit is question text.
            (seen.question if n % 2 else seen.ordinary).add(f"mkse{n:03d}")
        if n % 5 == 4:
            talk.later(minutes=1)
            original = message_event(
                asked, user=client, channel=SHARED_CHANNEL, ts=root, team=team_of(client)
            )
            assert (await sender.event(message_deleted(original, event_ts=talk.now))).status == 200
    for n in range(3):
        result = await sender.command(
            "/ask",
            f"Where is the signed contract mka{n:03d}?",
            user_id=clients[n],
            channel_id=SHARED_CHANNEL,
        )
        assert result.status == 200
        seen.question.add(f"mka{n:03d}")
    return seen


def markers_in(value: str) -> set[str]:
    return set(MARKER.findall(value))


# -- ordinary message text is never stored -------------------------------------------------------


async def test_ordinary_message_text_is_never_stored(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    seen = await marked_traffic(sender, clock)

    outside_questions: dict[str, set[str]] = {}
    in_questions: set[str] = set()
    for table, column, _row, value in await stored_values(services):
        found = markers_in(value)
        if not found:
            continue
        if (table, column) == ("question", "text"):
            in_questions |= found
        else:
            outside_questions.setdefault(f"{table}.{column}", set()).update(found)

    assert outside_questions == {}, "message words stored outside question text"
    assert in_questions & seen.ordinary == set(), "an ordinary message's text was stored"
    # Every question's words are there. An edit of the root replaces the whole text, the
    # messages joined to it included (their words are then gone too).
    edited_away = {f"mk{kind}{n:03d}" for n in range(12) if n % 4 == 1 for kind in "qj"}
    assert in_questions == seen.question - edited_away
    stored = await questions(services)
    marked = [q for q in stored if q.source == "reaction"]
    # A message marked with :question: has no text stored, until it is edited.
    assert len([q for q in marked if q.text is None]) == len(marked) - 2
    print(
        f"privacy: {len(seen.ordinary)} ordinary messages, {len(seen.question)} question "
        f"messages; {len(in_questions)} question words stored, 0 other words in any column"
    )


# -- question text is purged after the retention period ------------------------------------------


async def seed_roles(sender: SignedSender) -> None:
    await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_OWNER)
    await owner(sender, f"client {mention(CLIENT_LEAD)}", CLIENT_LEAD)


async def test_question_text_is_purged_after_the_retention_period_and_figures_stay(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    assert services.settings.question_retention_days == 365
    await seed_roles(sender)
    talk = Conversation(sender, START)
    old = await talk.say(CLIENT_DEV, "Is the old API still supported?")
    talk.later(minutes=30)
    await talk.say(VENDOR_DEV, "Yes, until March", thread=old)
    await sender.command(
        "/ask", "Who signs off the release?", user_id=CLIENT_PM, channel_id=SHARED_CHANNEL
    )
    as_of = START + timedelta(days=6)
    before = await build_digest(services, TENANT, SHARED_CHANNEL, WEEK, as_of)

    clock.set(START + timedelta(days=365, hours=1))  # a year and an hour later
    recent = Conversation(sender, clock.now())
    kept = await recent.say(CLIENT_DEV, "Can we renew the licence?")
    context = JobContext(services, SlackMessenger(slack_client(services)))
    assert await purge_sweep(context) == 2
    assert await purge_sweep(context) == 0  # nothing left to purge: idempotent

    by_root = {q.root_ts: q for q in await questions(services)}
    assert by_root[kept].text == "Can we renew the licence?"
    assert by_root[kept].text_purged_at is None
    purged = [q for ts, q in by_root.items() if ts != kept]
    assert len(purged) == 2
    assert all(q.text is None and q.text_purged_at == clock.now() for q in purged)
    assert await where_found(services, "old API") == []
    assert await where_found(services, "signs off") == []

    after = await build_digest(services, TENANT, SHARED_CHANNEL, WEEK, as_of)
    assert after == before, "the figures changed when the text went"

    # An edit arriving after the purge does not bring the text back.
    original = message_event(
        "Is the old API still supported?",
        user=CLIENT_DEV,
        channel=SHARED_CHANNEL,
        ts=old,
        team=team_of(CLIENT_DEV),
    )
    edit = message_changed(original, "Is the old API still supported at all?", event_ts=clock.now())
    assert (await sender.event(edit)).status == 200
    assert await where_found(services, "old API") == []

    # Reminders for a purged open question still go out, saying the text is not stored.
    clock.set(START + timedelta(days=365, hours=30))
    report = await sweep_reminders(services, SlackMessenger(slack_client(services)))
    assert report.errors == 0 and report.failures == 0


def slack_client(services: Services) -> Any:
    from handlers.slack import build_client

    return build_client(services)


def test_the_purge_runs_daily_and_soon_after_a_start() -> None:
    [job] = [job for job in JOBS if job.id == PURGE_SWEEP]
    assert job.run is purge_sweep
    assert job.every == timedelta(days=1)
    assert job.first_after is not None and job.first_after <= timedelta(minutes=15)


# -- forget-user -----------------------------------------------------------------------------------


async def forgettable_engagement(sender: SignedSender, clock: FixedClock) -> None:
    """CLIENT_LEAD: the client lead, asks questions, answers a peer, is mentioned by others."""
    await seed_roles(sender)
    talk = Conversation(sender, START)
    first = await talk.say(CLIENT_LEAD, "Can you share the release notes?")
    talk.later(minutes=40)
    await talk.say(VENDOR_OWNER, "Here they are", thread=first)
    talk.later(hours=1)
    second = await talk.say(CLIENT_DEV, f"Can <@{CLIENT_LEAD}> approve the budget?")
    talk.later(minutes=10)
    await talk.say(CLIENT_LEAD, "Approved", thread=second)  # a peer answer
    talk.later(minutes=30)
    await talk.say(VENDOR_DEV, "Noted, thanks", thread=second)
    await talk.react(CLIENT_LEAD, "white_check_mark", second)
    talk.later(hours=2)
    third = await talk.say(CLIENT_LEAD, "When does the audit start?")
    talk.later(minutes=5)
    await talk.react(VENDOR_BACKUP, "eyes", third)
    talk.later(hours=1)
    await talk.say(CLIENT_LEAD, "FYI the office is closed on Friday")
    clock.set(talk.later(hours=1))
    await sender.command(
        "/ask", f"Can {mention(CLIENT_LEAD, 'carla')} confirm the scope?",
        user_id=VENDOR_DEV, channel_id=SHARED_CHANNEL,
    )  # fmt: skip


def scrubbed(figures: Any, user_id: str, token: str) -> Any:
    return json.loads(json.dumps(figures).replace(user_id, token))


async def add_digest_run(services: Services, figures: dict[str, Any]) -> None:
    """A posted digest's stored figures (as the digest sweep keeps them)."""
    [channel] = await all_rows(services, Channel)
    async with services.sessions() as session, session.begin():
        session.add(
            DigestRun(
                workspace_id=channel.workspace_id,
                channel_id=channel.id,
                week=WEEK,
                status="posted",
                claimed_at=START + timedelta(days=5),
                figures=figures,
            )
        )


async def test_forget_user_removes_personal_data_and_keeps_the_counts(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await forgettable_engagement(sender, clock)
    as_of = START + timedelta(days=6)
    before = await build_digest(services, TENANT, SHARED_CHANNEL, WEEK, as_of)
    assert before["ownership"]["client_lead"] == CLIENT_LEAD
    await add_digest_run(services, before)
    assert await where_found(services, CLIENT_LEAD)
    assert await where_found(services, "Carla Lead") == ["person.display_name"]
    rows_before = {t: len(await all_rows(services, m)) for t, m in _models().items()}

    [done] = await forget_user(services, CLIENT_LEAD)

    assert done.token.startswith(TOKEN_PREFIX) and is_anonymous(done.token)
    assert done.roles_held == [(SHARED_CHANNEL, "client_lead")]
    assert await where_found(services, CLIENT_LEAD) == []  # the id is nowhere, in any column
    assert await where_found(services, "Carla") == []  # nor the name
    assert await where_found(services, "release notes") == []  # nor their questions' text
    assert await where_found(services, "audit") == []
    kept = [q.text for q in await questions(services) if q.text]
    assert f"Can @{done.token} approve the budget?" in kept  # others' words stay, minus the name
    assert any("confirm the scope" in text for text in kept)
    person = [p for p in await all_rows(services, Person) if p.slack_user_id == done.token]
    assert len(person) == 1 and person[0].display_name == "" and person[0].side == "client"

    after = await build_digest(services, TENANT, SHARED_CHANNEL, WEEK, as_of)
    assert after == scrubbed(before, CLIENT_LEAD, done.token)  # same figures, anonymous
    rows_after = {t: len(await all_rows(services, m)) for t, m in _models().items()}
    assert rows_after == rows_before  # nothing deleted: every count stays
    [run] = await all_rows(services, DigestRun)
    assert run.figures == scrubbed(before, CLIENT_LEAD, done.token)
    print(f"forget-user: {done.rows} rows anonymised ({done.changed}); digest figures unchanged")

    assert await forget_user(services, CLIENT_LEAD) == []  # nothing left to forget


async def test_forget_user_in_one_team_leaves_the_same_id_in_another_alone(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await forgettable_engagement(sender, clock)
    other = Tenant("T0OTHER")
    from bot.services.context import channel_row, workspace_id

    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, other, clock.now())
        channel = await channel_row(session, services.settings, ws, SHARED_CHANNEL, clock.now())
        session.add(
            Question(
                workspace_id=ws,
                channel_id=channel.id,
                root_ts="1.000001",
                direction="client",
                source="auto",
                asker_user_id=CLIENT_LEAD,
                text="A question in another workspace",
                asked_at=clock.now(),
            )
        )

    dry = await forget_user(services, CLIENT_LEAD, VENDOR_TEAM, commit=False)
    assert len(dry) == 1 and dry[0].rows > 0
    assert len(await where_found(services, CLIENT_LEAD)) > 1  # a dry run changes nothing

    [done] = await forget_user(services, CLIENT_LEAD, VENDOR_TEAM)
    assert done.team_id == VENDOR_TEAM
    assert await where_found(services, CLIENT_LEAD) == ["question.asker_user_id"]
    assert await where_found(services, "another workspace") == ["question.text"]


def _models() -> dict[str, type[SQLModel]]:
    return {
        table.name: model
        for model in _all_models()
        for table in [model.__table__]  # type: ignore[attr-defined]
    }


def _all_models() -> list[type[SQLModel]]:
    import storage.models as models

    return [
        value
        for value in vars(models).values()
        if isinstance(value, type) and issubclass(value, SQLModel) and hasattr(value, "__table__")
        and value is not SQLModel
    ]  # fmt: skip


def test_every_user_id_column_is_forgotten() -> None:
    """A column that may hold a person's id must be in USER_COLUMNS (or be the person's own)."""
    listed = {
        (model.__tablename__, name)  # type: ignore[attr-defined]
        for model, names in USER_COLUMNS.items()
        for name in names
    }
    not_people = {("workspace", "bot_user_id"), ("person", "slack_user_id")}
    maybe_people = set()
    for model in _all_models():
        for column in model.__table__.columns:  # type: ignore[attr-defined]
            if isinstance(column.type, DateTime) or not isinstance(column.type, String | Text):
                continue
            if column.name.endswith(("user_id", "_by")):
                maybe_people.add((model.__tablename__, column.name))
    assert maybe_people - not_people <= listed | {("digest_run", "claimed_by")}


# -- the command line ------------------------------------------------------------------------------


def run_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str, *argv: str) -> int:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    return main(list(argv))


def test_ownerbot_forget_user_and_purge(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def seed() -> None:
        clock = FixedClock(datetime.now(UTC) - timedelta(days=400))
        services = build_services(settings, clock=clock)
        from bot.services.context import channel_row, workspace_id

        try:
            async with services.sessions() as session, session.begin():
                ws = await workspace_id(session, TENANT, clock.now())
                channel = await channel_row(
                    session, services.settings, ws, SHARED_CHANNEL, clock.now()
                )
                for n, asker in enumerate([CLIENT_DEV, CLIENT_LEAD]):
                    session.add(
                        Question(
                            workspace_id=ws,
                            channel_id=channel.id,
                            root_ts=f"1.00000{n}",
                            direction="client",
                            source="auto",
                            asker_user_id=asker,
                            text=f"Old question {n}?",
                            asked_at=clock.now(),
                        )
                    )
        finally:
            await services.close()

    asyncio.run(seed())
    url = settings.database_url

    assert run_cli(monkeypatch, tmp_path, url, "forget-user", "not-an-id") == 2
    assert run_cli(monkeypatch, tmp_path, url, "forget-user", CLIENT_DEV, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "would replace" in out and "dry run" in out
    assert run_cli(monkeypatch, tmp_path, url, "forget-user", CLIENT_DEV) == 0
    out = capsys.readouterr().out
    assert f"{VENDOR_TEAM}: replaced {CLIENT_DEV} with {TOKEN_PREFIX}" in out
    assert "question.asker_user_id: 1" in out and "question.text: 1" in out
    assert run_cli(monkeypatch, tmp_path, url, "forget-user", CLIENT_DEV) == 0
    assert "nothing is stored about" in capsys.readouterr().out

    assert run_cli(monkeypatch, tmp_path, url, "purge") == 0
    assert "purged the text of 1 question(s)" in capsys.readouterr().out
