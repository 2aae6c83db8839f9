"""Tenancy (issue 8): two workspaces (T1, T2) and a workspace of an Enterprise Grid org (E1/T3),
with IDENTICAL channel ids, user ids and even event ids, served as ownerbot is deployed: one
token per process, so three apps (three stand-ins, three Services) on ONE database. The same
scripted traffic goes into all three, interleaved event by event; every text carries its
tenant's marker. Nothing of one tenant may show in another's rows, prompts, reminders, digests,
exports or App Home, and each tenant's rows must be exactly what its own traffic makes.
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import SQLModel, col, select

import storage.models as models
from bot.app import Services, build_services
from bot.events import Tenant
from bot.jobs import JobContext, digest_sweep, reminder_sweep
from bot.ports import FixedClock
from bot.services.digest import build_digests, export_participation, export_questions
from bot.services.home import home_for
from bot.settings import Settings
from handlers.slack import build_app, installation
from handlers.slack.directory import SlackDirectory
from handlers.slack.messenger import SlackMessenger
from handlers.slack.server import build_web_app
from handlers.slack.simulator.engagement import fill_engagement
from handlers.slack.simulator.events import app_home_opened
from handlers.slack.simulator.local_server import LocalServer
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import Question, Workspace
from tests.e2e.owner.helpers import mention
from tests.reliability.scripts import conversation
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PM,
    SHARED_CHANNEL,
    VENDOR_BACKUP,
    VENDOR_OWNER,
    VENDOR_TEAM,
)

START = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # Monday of 2026-W47
WEEK = "2026-W47"
DIGEST_DUE = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)  # Monday 09:00 (UTC) has passed
TENANTS = [Tenant("T1"), Tenant("T2"), Tenant("T3", "E1")]
MARK = re.compile(r"\[(T\d)\]")


@dataclass
class Process:
    """One deployment of ownerbot: its workspace's Slack, its app, its services."""

    tenant: Tenant
    slack: SlackStandIn
    services: Services
    sender: SignedSender
    client: AsyncWebClient

    @property
    def marker(self) -> str:
        return f"[{self.tenant.team_id}]"

    @property
    def others(self) -> list[str]:
        return [f"[{t.team_id}]" for t in TENANTS if t != self.tenant]


@pytest.fixture
async def processes(settings: Settings, clock: FixedClock) -> AsyncIterator[list[Process]]:
    async with AsyncExitStack() as stack:
        made = []
        for tenant in TENANTS:
            token = f"xoxb-{tenant.team_id.lower()}-token"
            slack = SlackStandIn(
                team_id=tenant.team_id,
                team_name=f"Vendor {tenant.team_id}",
                bot_token=token,
                clock=clock,
                enterprise_id=tenant.enterprise_id or None,
            )
            fill_engagement(slack)  # the same people and channels, with the same ids
            await stack.enter_async_context(slack)
            own = settings.model_copy(
                update={
                    "slack_bot_token": token,
                    "slack_signing_secret": f"secret-{tenant.team_id}",
                    "slack_api_url": slack.api_url,
                }
            )
            services = build_services(own, clock=clock)
            stack.push_async_callback(services.close)
            app = build_app(services)
            server = await stack.enter_async_context(LocalServer(build_web_app(app)))
            sender = await stack.enter_async_context(
                SignedSender(
                    server.url,
                    signing_secret=f"secret-{tenant.team_id}",
                    drain=services.background.drain,
                    response_urls=slack.response_url,
                )
            )
            made.append(Process(tenant, slack, services, sender, app.client))
        yield made


# -- the traffic -----------------------------------------------------------------------------------


def for_process(envelope: dict[str, Any], process: Process) -> dict[str, Any]:
    """The envelope as this workspace's Slack would send it: its team (and org) ids, the
    vendor's people in its team, every text marked with the tenant. Event ids stay the same."""
    team, enterprise = process.tenant.team_id, process.tenant.enterprise_id or None
    sent = copy.deepcopy(envelope)
    sent.update(team_id=team, context_team_id=team, context_enterprise_id=enterprise)
    if enterprise:
        sent["enterprise_id"] = enterprise
    for authorization in sent.get("authorizations") or []:
        authorization.update(team_id=team, enterprise_id=enterprise)
    event = sent["event"]
    for message in (event, event.get("message"), event.get("previous_message")):
        if not isinstance(message, dict):
            continue
        if isinstance(message.get("text"), str) and message["text"]:
            message["text"] += f" {process.marker}"
        for key in ("team", "user_team", "source_team"):
            if message.get(key) == VENDOR_TEAM:
                message[key] = team
    return sent


async def command(process: Process, name: str, text: str, user: str) -> dict[str, Any]:
    tenant = process.tenant
    result = await process.sender.command(
        name,
        text,
        user_id=user,
        channel_id=SHARED_CHANNEL,
        team_id=tenant.team_id,
        enterprise_id=tenant.enterprise_id or None,
    )
    assert result.status == 200, result.body
    return result.json or {}


async def drive(processes: list[Process], clock: FixedClock) -> dict[str, Any]:
    """The same script into every process, interleaved; what the sweeps reported, by tenant."""
    for process in processes:  # roles, named through Slack
        await command(process, "/owner", f"set {mention(VENDOR_OWNER)}", VENDOR_OWNER)
        await command(process, "/owner", f"backup {mention(VENDOR_BACKUP)}", VENDOR_OWNER)
        await command(process, "/owner", f"client {mention(CLIENT_LEAD)}", CLIENT_LEAD)
    threads = conversation(random.Random(8), SHARED_CHANNEL, START, threads=16)
    for envelope in (e for thread in threads for e in thread):
        for process in processes:  # the same event (and event id) in each workspace
            result = await process.sender.event(for_process(envelope, process))
            assert result.status == 200, result.body
    for process in processes:
        await command(process, "/ask", f"Where is the signed contract? {process.marker}", CLIENT_PM)
        await command(process, "/ask", f"Who approves the budget? {process.marker}", CLIENT_DEV)

    reminders: dict[str, list[Any]] = {p.tenant.team_id: [] for p in processes}
    for step in range(3):  # the reminder sweeps of each process, as their schedulers run them
        clock.advance(hours=3 * step + 1)
        for process in processes:
            report = await reminder_sweep(job_context(process))
            assert report is not None and report.errors == 0
            reminders[process.tenant.team_id] += report.sent_stages
    clock.set(DIGEST_DUE)
    digests: dict[str, Any] = {}
    for process in processes:
        report = await digest_sweep(job_context(process))
        assert report is not None
        digests[process.tenant.team_id] = report
    for process in processes:
        home = await process.sender.event(app_home_opened(VENDOR_OWNER, event_ts=clock.now()))
        assert home.status == 200
    return {"reminders": reminders, "digests": digests}


def job_context(process: Process) -> JobContext:
    """What bot/runner.py builds: the process's workspace found through auth.test."""
    return JobContext(
        process.services,
        SlackMessenger(process.client),
        SlackDirectory(process.client),
        installation=installation(process.client),
    )


# -- reading back ---------------------------------------------------------------------------------


def tables_with_workspace() -> list[type[SQLModel]]:
    return [
        model
        for model in vars(models).values()
        if isinstance(model, type)
        and issubclass(model, SQLModel)
        and hasattr(model, "__table__")
        and "workspace_id" in model.__table__.columns  # type: ignore[attr-defined]
    ]


async def workspace_ids(services: Services) -> dict[Tenant, int]:
    async with services.sessions() as session:
        rows = (await session.execute(select(Workspace))).scalars().all()
    return {Tenant(w.team_id, w.enterprise_id): int(w.id or 0) for w in rows}


def _plain(value: Any) -> Any:
    """A value as compared across tenants: markers and the tenant's own team id taken out."""
    if isinstance(value, str):
        return "T" if value in {t.team_id for t in TENANTS} else MARK.sub("[T]", value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


ROW_IDS = {"id", "workspace_id", "channel_id", "question_id"}


async def rows_of(services: Services, ws: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the workspace, table by table, with markers and row ids taken out."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    async with services.sessions() as session:
        for model in tables_with_workspace():
            table: Any = model.__table__  # type: ignore[attr-defined]
            rows = (
                (await session.execute(table.select().where(table.c.workspace_id == ws)))
                .mappings()
                .all()
            )
            found[table.name] = sorted(
                (
                    tuple(
                        (name, json.dumps(_plain(v), default=str, sort_keys=True))
                        for name, v in row.items()
                        if name not in ROW_IDS and name not in {"claimed_by", "received_at"}
                    )
                    for row in rows
                ),
            )
    return found


def everything_said(slack: SlackStandIn) -> str:
    """Every text the app sent to this Slack: posts, DMs, updates, ephemerals, views, replies."""
    said = [json.dumps(call.params, default=str) for call in slack.calls]
    said += [json.dumps(r, default=str) for r in slack.responses]
    return "\n".join(said)


# -- the tests ------------------------------------------------------------------------------------


async def test_three_tenants_with_identical_ids_see_nothing_of_each_other(
    processes: list[Process], clock: FixedClock
) -> None:
    reports = await drive(processes, clock)
    first = processes[0].services
    ids = await workspace_ids(first)
    assert set(ids) == set(TENANTS)

    # Rows: each workspace holds exactly what its own traffic made (the same for all three),
    # and no text of one carries another's marker.
    rows = {t.team_id: await rows_of(first, ids[t]) for t in TENANTS}
    assert rows["T1"] == rows["T2"] == rows["T3"]
    assert all(rows["T1"][table] for table in ("question", "response", "message_activity"))
    async with first.sessions() as session:
        texts = (await session.execute(select(Question.workspace_id, Question.text))).all()
    for ws, text in texts:
        owner_of = next(t for t, i in ids.items() if i == ws)
        assert set(MARK.findall(text or "")) <= {owner_of.team_id}, text

    # What each process told its Slack: only its own tenant's words and questions.
    for process in processes:
        said = everything_said(process.slack)
        assert process.marker in said
        for other in process.others:
            assert other not in said, f"{other} reached {process.tenant.team_id}'s Slack"
        assert {c.token for c in process.slack.calls} == {process.slack.bot_token}
        own_ids = {
            str(q)
            for q, in (
                await _questions_of(process.services, ids[process.tenant])
            )
        }  # fmt: skip
        for message in _all_messages(process.slack):
            for value in _button_values(message):
                assert value.split(":")[0] in own_ids, (process.tenant, value)

    # Reminder sweeps: each process sent stages for its own questions only, the same number.
    sent = reports["reminders"]
    assert len(sent["T1"]) == len(sent["T2"]) == len(sent["T3"]) > 0
    for process in processes:
        own = {q for (q,) in await _questions_of(process.services, ids[process.tenant])}
        assert {question for question, _stage in sent[process.tenant.team_id]} <= own

    # Digests: built per tenant, identical figures, each posted once in its own Slack.
    built = {
        p.tenant.team_id: await build_digests(p.services, p.tenant, week=WEEK, as_of=DIGEST_DUE)
        for p in processes
    }
    assert built["T1"] == built["T2"] == built["T3"]
    [digest] = built["T1"]
    own_questions = len(rows["T1"]["question"])
    assert 0 < digest["questions"]["asked"] + digest["questions"]["withdrawn"] <= own_questions
    for process in processes:
        report = reports["digests"][process.tenant.team_id]
        assert [p.channel for p in report.posted] == [SHARED_CHANNEL]
        posted = [
            m
            for m in process.slack.messages(SHARED_CHANNEL)
            if (m.get("metadata") or {}).get("event_type") == "ownerbot_digest"
        ]
        assert len(posted) == 1

    # Exports: per team, only that team's rows.
    since = date(2026, 11, 1)
    for process in processes:
        team = process.tenant.team_id
        exported = await export_questions(process.services, since, team)
        assert {row["team"] for row in exported} == {team}
        assert len(exported) == own_questions
        people = await export_participation(process.services, since, team)
        assert people and {row["team"] for row in people} == {team}
    assert len(await export_questions(first, since)) == 3 * own_questions

    # The App Home: the owner's open questions of their own workspace only.
    for process in processes:
        view = json.dumps(process.slack.home_view(VENDOR_OWNER))
        assert process.marker in view
        assert not any(other in view for other in process.others)
        home = await home_for(process.services, process.tenant, VENDOR_OWNER)
        own = {q for (q,) in await _questions_of(process.services, ids[process.tenant])}
        assert home.questions and {item.question_id for item in home.questions} <= own
    print(
        f"tenancy: 3 tenants × {sum(len(v) for v in rows['T1'].values())} rows, "
        f"{len(sent['T1'])} reminder stages and 1 digest each; 0 crossed"
    )


async def _questions_of(services: Services, ws: int) -> list[tuple[int]]:
    async with services.sessions() as session:
        result = await session.execute(select(Question.id).where(col(Question.workspace_id) == ws))
        return [(int(q),) for (q,) in result.all() if q is not None]


def _all_messages(slack: SlackStandIn) -> list[dict[str, Any]]:
    return [m for messages in slack.workspace.posted.values() for m in messages]


def _button_values(message: dict[str, Any]) -> list[str]:
    values = []
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if isinstance(element, dict) and element.get("action_id", "").startswith("prompt_"):
                if "value" in element:
                    values.append(str(element["value"]))
                for option in element.get("options") or []:
                    values.append(str(option["value"]))
    return values


async def test_the_same_user_id_is_a_client_in_one_workspace_and_vendor_in_another(
    processes: list[Process], clock: FixedClock
) -> None:
    one, two, _ = processes
    two.slack.add_user(CLIENT_DEV, "Chris Dev", team_id=two.tenant.team_id)  # T2's own staff

    refused = await command(one, "/owner", f"set {mention(CLIENT_DEV)}", VENDOR_OWNER)
    accepted = await command(two, "/owner", f"set {mention(CLIENT_DEV)}", VENDOR_OWNER)
    assert "client side" in refused["text"]
    assert "is now the vendor owner" in accepted["text"]
    # In T1 they cannot act as the vendor; in T2 they can.
    assert "Only the vendor team" in (await command(one, "/owner", "history", CLIENT_DEV))["text"]
    assert (
        "Only the vendor team" not in (await command(two, "/owner", "history", CLIENT_DEV))["text"]
    )
    sides = {}
    async with one.services.sessions() as session:
        result = await session.execute(
            select(Workspace.team_id, models.Person.side)
            .join(models.Person, col(models.Person.workspace_id) == col(Workspace.id))
            .where(col(models.Person.slack_user_id) == CLIENT_DEV)
        )
        sides = dict(result.all())
    assert sides == {"T1": "client", "T2": "vendor"}
    assert clock.now() < DIGEST_DUE + timedelta(days=1)
