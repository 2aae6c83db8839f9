"""The whole of ownerbot on one machine with no Slack account: a migrated SQLite file, the Web API
stand-in, the real Bolt app behind its aiohttp server on 127.0.0.1, a sender that signs requests
as Slack does, and the scheduler's job context, all on one simulated clock."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from slack_bolt.async_app import AsyncApp

from bot.app import Services, build_services
from bot.demo import cast
from bot.demo.render import Names
from bot.jobs import JobContext
from bot.ports import FixedClock
from bot.settings import Settings, load_settings
from handlers.slack import build_app
from handlers.slack.directory import SlackDirectory
from handlers.slack.messenger import SlackMessenger
from handlers.slack.server import build_web_app
from handlers.slack.simulator.local_server import LocalServer
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.migrate import migrate_url

# Fixed demo values, known to the stand-in: the demo never reads tokens from the environment.
DEMO_BOT_TOKEN = "xoxb-demo-token"
DEMO_SIGNING_SECRET = "demo-signing-secret"


class DemoDatabaseExists(Exception):
    """--db names a file that is already there: the demo plays into a fresh database only."""


@dataclass
class Stack:
    clock: FixedClock
    slack: SlackStandIn
    services: Services
    app: AsyncApp
    sender: SignedSender
    jobs: JobContext
    database_url: str
    database_path: Path
    names: Names


def demo_settings(api_url: str, database_url: str) -> Settings:
    """Every setting given explicitly: neither `.env` nor the environment changes the demo."""
    return load_settings(
        env_file=None,
        slack_bot_token=DEMO_BOT_TOKEN,
        slack_signing_secret=DEMO_SIGNING_SECRET,
        slack_app_token=None,
        slack_api_url=api_url,
        database_url=database_url,
        port=3000,
        log_level="WARNING",
        default_timezone="UTC",
        default_business_hours="Mon-Fri 09:00-17:00",
        default_sla_minutes=240,
        default_digest_time="Mon 09:00",
    )


def fill_directory(slack: SlackStandIn) -> None:
    """The demo's people and channels, in the shapes users.info and conversations.info give."""
    for who in cast.PEOPLE:
        slack.add_user(
            who.user_id,
            who.name,
            team_id=who.team_id,
            tz=who.timezone,
            is_restricted=who.guest,
            is_bot=who.bot,
        )
    for place in cast.ROOMS:
        slack.add_channel(
            place.channel_id, place.name, members=list(place.members), is_ext_shared=place.shared
        )


def names_of(slack: SlackStandIn) -> Names:
    ws = slack.workspace
    return Names(
        users={uid: str(u.get("real_name") or uid) for uid, u in ws.users.items()},
        channels={cid: str(c.get("name") or cid) for cid, c in ws.channels.items() if "name" in c},
    )


def _fresh_file(database: Path) -> Path:
    path = database.expanduser().resolve()
    if path.exists():
        raise DemoDatabaseExists(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@asynccontextmanager
async def demo_stack(start: datetime, database: Path | None = None) -> AsyncIterator[Stack]:
    """Everything started, on a fresh migrated SQLite file (a temporary one unless `database`)."""
    async with AsyncExitStack() as stack:
        if database is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ownerbot-")))
            path = folder / "demo.db"
        else:
            path = _fresh_file(database)
        url = f"sqlite:///{path}"
        await migrate_url(url)

        clock = FixedClock(start)
        slack = await stack.enter_async_context(SlackStandIn(clock=clock, bot_token=DEMO_BOT_TOKEN))
        fill_directory(slack)
        services = build_services(demo_settings(slack.api_url, url), clock=clock)
        stack.push_async_callback(services.close)
        app = build_app(services)
        server = await stack.enter_async_context(LocalServer(build_web_app(app)))
        sender = await stack.enter_async_context(
            SignedSender(
                server.url,
                signing_secret=DEMO_SIGNING_SECRET,
                drain=services.background.drain,
                response_urls=slack.response_url,
            )
        )
        jobs = JobContext(services, SlackMessenger(app.client), SlackDirectory(app.client))
        yield Stack(clock, slack, services, app, sender, jobs, url, path, names_of(slack))
