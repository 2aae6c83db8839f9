"""People acting in Slack, as Slack tells the app: each action is a signed HTTP request into the
running Bolt app, timed on the simulated clock. After each one the player reports what the bot
did in return (posts, thread replies, DMs, ephemeral answers, updates, modals), read from the
Web API stand-in's record and the request's own ack.

Time moves only through `advance_to`, which runs the scheduler's jobs (bot.scheduler.JOBS: the
reminder sweep, the digest sweep) at their ticks on the way, exactly as the scheduler calls them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import col, select

from bot.demo import cast
from bot.demo.stack import Stack
from bot.events import Author, Tenant
from bot.scheduler import JOBS, Job
from bot.services.membership import sync_members
from bot.services.people import person_for
from handlers.slack.directory import SlackDirectory
from handlers.slack.owner.settings_modal import SETTINGS_MODAL, VALUE
from handlers.slack.simulator.events import message_event, reaction_added
from handlers.slack.simulator.transport import Result
from storage.models import Channel, Question

TENANT = Tenant(cast.VENDOR_TEAM)
# The scheduler runs the reminder sweep every minute and the digest sweep every 15. Over four
# simulated weeks the demo runs each job on the hour, and whenever the clock stops (at each step
# of the scenario, at the end of an `advance` in the shell): what is due when someone acts is
# done first, and the run takes seconds.
DEMO_TICK = timedelta(hours=1)


@dataclass(frozen=True)
class Shown:
    """One thing the bot showed someone.

    kind: post (top level in a channel) · reply (in a thread) · dm · ephemeral (one person, in a
    channel) · update (a message of the bot's, changed) · modal · home (App Home)."""

    kind: str
    channel: str | None  # where: a channel id; for dm, modal and home the person's id
    to: str | None  # who alone sees it (ephemeral, modal, home, dm)
    text: str
    blocks: list[dict[str, Any]]
    at: datetime
    thread_ts: str | None = None
    job: str | None = None  # the scheduler job that produced it, if one did
    title: dict[str, Any] | None = None  # a modal's title
    view: dict[str, Any] | None = None


@dataclass
class Said:
    """A person's message as sent, and what the bot did about it."""

    ts: str
    shown: list[Shown] = field(default_factory=list)


class Player:
    def __init__(self, stack: Stack, jobs: tuple[Job, ...] = JOBS) -> None:
        self.stack = stack
        self.jobs = jobs
        self._calls = len(stack.slack.calls)
        self._responses = len(stack.slack.responses)
        self.authors: dict[str, str] = {}  # message ts -> who wrote it (people and the bot)

    @property
    def now(self) -> datetime:
        return self.stack.clock.now()

    # -- people's actions --------------------------------------------------------------------

    def _next_ts(self) -> str:
        # Slack gives every message its ts: people's messages take theirs from the stand-in's
        # source, like the bot's posts, so two messages never share one.
        return self.stack.slack.workspace.ts.next()

    async def say(self, user: str, channel: str, text: str, *, thread: str | None = None) -> Said:
        """A message by `user` in `channel` (in the thread `thread` when given)."""
        who = cast.person(user)
        ts = self._next_ts()
        if who.bot:
            event = message_event(
                text, user=user, channel=channel, ts=ts, bot_id=cast.DEPLOY_BOT_ID
            )
        else:
            event = message_event(
                text,
                user=user,
                channel=channel,
                ts=ts,
                thread_ts=thread,
                parent_user_id=self.authors.get(thread or ""),
                team=who.team_id,
            )
        result = await self.stack.sender.event(event)
        _check(result)
        self.authors[ts] = user
        return Said(ts, self.collect(actor=user, channel=channel))

    async def react(self, user: str, channel: str, reaction: str, item_ts: str) -> list[Shown]:
        """`user` adds :reaction: to the message `item_ts`."""
        result = await self.stack.sender.event(
            reaction_added(
                reaction.strip(":"),
                user=user,
                channel=channel,
                item_ts=item_ts,
                item_user=self.authors.get(item_ts),
                event_ts=self._next_ts(),
            )
        )
        _check(result)
        return self.collect(actor=user, channel=channel)

    async def command(self, user: str, channel: str, command: str, text: str = "") -> list[Shown]:
        """`user` types `/command text` in `channel`; mentions as Slack escapes them."""
        who = cast.person(user)
        result = await self.stack.sender.command(
            command,
            text,
            user_id=user,
            channel_id=channel,
            user_name=who.name.split()[0].lower(),
            channel_name=cast.room(channel).name if channel in cast.ROOM_BY_ID else None,
        )
        _check(result)
        return self.collect(actor=user, channel=channel, ack=result)

    async def configure(self, user: str, channel: str, **changes: str) -> list[Shown]:
        """`/owner settings`, then the modal it opens submitted with `changes` (by field name:
        timezone, sla_minutes, business_hours, holidays, digest_time, auto_capture,
        leads_channel_id); every other field as the modal showed it."""
        shown = await self.command(user, channel, "/owner", "settings")
        modals = [s for s in shown if s.kind == "modal" and s.view is not None]
        if not modals or modals[-1].view is None:
            raise RuntimeError(f"/owner settings opened no modal: {shown}")
        values = _modal_values(modals[-1].view, changes)
        result = await self.stack.sender.view_submission(
            SETTINGS_MODAL,
            user_id=user,
            values=values,
            private_metadata=str(modals[-1].view.get("private_metadata") or channel),
        )
        _check(result)
        if result.json and result.json.get("response_action") == "errors":
            raise RuntimeError(f"settings refused: {result.json['errors']}")
        return shown + self.collect(actor=user, channel=channel)

    # -- what the app knows ------------------------------------------------------------------

    async def sync_members(self, channel: str) -> None:
        """Record the channel's members and their sides (the side rules asking users.info
        through the app's client), as a full membership sync does."""
        directory = SlackDirectory(self.stack.app.client)
        members = []
        for user in self.stack.slack.workspace.members[channel]:
            profile = self.stack.slack.workspace.users.get(user, {})
            if profile.get("is_bot"):
                continue
            author = Author(user_id=user, team_id=str(profile.get("team_id") or "") or None)
            view = await person_for(self.stack.services, directory, TENANT, author)
            if not view.is_bot:
                members.append((user, view.side))
        await sync_members(self.stack.services, TENANT, channel, members, self.now)

    async def last_question(self, channel: str) -> tuple[str, str] | None:
        """(root ts, asker) of the newest question in the channel, from the app's database."""
        found = await self.newest_question(channel)
        return None if found is None else (found.root_ts, found.asker_user_id)

    async def newest_question(self, channel: str) -> Question | None:
        """The newest question in the channel (withdrawn ones left out), as the app stored it."""
        async with self.stack.services.sessions() as session:
            return (
                await session.execute(
                    select(Question)
                    .join(Channel, col(Channel.id) == col(Question.channel_id))
                    .where(
                        col(Channel.slack_channel_id) == channel,
                        col(Question.withdrawn_at).is_(None),
                    )
                    .order_by(col(Question.asked_at).desc(), col(Question.id).desc())
                    .limit(1)
                )
            ).scalar_one_or_none()

    # -- time --------------------------------------------------------------------------------

    async def advance_to(self, moment: datetime) -> list[Shown]:
        """Move the clock forward to `moment`, running the scheduler's jobs at each tick on the
        way and once more at `moment`, as a scheduler would have by then."""
        moment = moment.astimezone(UTC)
        shown: list[Shown] = []
        if moment <= self.now:
            return shown
        for tick, due in self._ticks(self.now, moment):
            self.stack.clock.set(tick)
            shown += await self._run(due)
        self.stack.clock.set(moment)
        return shown + await self._run(self.jobs)

    async def advance(self, **delta: float) -> list[Shown]:
        return await self.advance_to(self.now + timedelta(**delta))

    async def _run(self, jobs: Iterable[Job]) -> list[Shown]:
        """Each job once, now, as the scheduler calls it; what the bot showed meanwhile."""
        shown: list[Shown] = []
        for job in jobs:
            await job.run(self.stack.jobs)
            await self.stack.services.background.drain()
            shown += self.collect(job=job.id)
        return shown

    def _ticks(self, start: datetime, end: datetime) -> list[tuple[datetime, list[Job]]]:
        """The ticks in (start, end), each with the jobs due then, in time order."""
        epoch = datetime(2000, 1, 3, tzinfo=UTC)  # a Monday: ticks fall on round times
        by_tick: dict[datetime, list[Job]] = {}
        for job in self.jobs:
            every = max(job.every, DEMO_TICK)
            n = (start - epoch) // every + 1
            tick = epoch + n * every
            while tick < end:
                by_tick.setdefault(tick, []).append(job)
                tick += every
        return sorted(by_tick.items(), key=lambda item: item[0])

    # -- what the bot did --------------------------------------------------------------------

    def collect(
        self,
        *,
        actor: str | None = None,
        channel: str | None = None,
        ack: Result | None = None,
        job: str | None = None,
    ) -> list[Shown]:
        """Everything the bot showed since the last call: the ack's own answer first, then the
        Web API calls the stand-in recorded, then what went to response_url hooks."""
        slack, now = self.stack.slack, self.now
        shown: list[Shown] = []
        if ack is not None and isinstance(ack.json, dict):
            answer = ack.json
            if answer.get("text") or answer.get("blocks"):
                public = answer.get("response_type") == "in_channel"
                shown.append(
                    Shown(
                        "post" if public else "ephemeral",
                        channel,
                        None if public else actor,
                        str(answer.get("text") or ""),
                        list(answer.get("blocks") or []),
                        now,
                    )
                )
        calls = slack.calls[self._calls :]
        self._calls = len(slack.calls)
        for call in calls:
            found = self._from_call(call.method, call.params, actor, now, job)
            if found is not None:
                shown.append(found)
        responses = slack.responses[self._responses :]
        self._responses = len(slack.responses)
        for response in responses:
            if response.get("delete_original"):
                continue
            public = response.get("response_type") == "in_channel"
            shown.append(
                Shown(
                    "post" if public else "ephemeral",
                    channel,
                    None if public else actor,
                    str(response.get("text") or ""),
                    list(response.get("blocks") or []),
                    now,
                )
            )
        return shown

    def _from_call(
        self,
        method: str,
        params: dict[str, Any],
        actor: str | None,
        now: datetime,
        job: str | None,
    ) -> Shown | None:
        blocks = params.get("blocks")
        blocks = blocks if isinstance(blocks, list) else []
        text = str(params.get("text") or "")
        if method in {"chat.postMessage", "chat.update"}:
            where = str(params.get("channel") or "")
            person = self._dm_person(where)
            thread = str(params["thread_ts"]) if params.get("thread_ts") else None
            if method == "chat.update":
                kind = "update"
            elif person is not None:
                kind = "dm"
            else:
                kind = "reply" if thread else "post"
            if method == "chat.postMessage" and person is None:
                posted = self.stack.slack.workspace.posted.get(where) or []
                if posted:
                    self.authors[str(posted[-1]["ts"])] = self.stack.slack.bot_user_id
            return Shown(
                kind, person or where, person, text, blocks, now, thread_ts=thread, job=job
            )
        if method == "chat.postEphemeral":
            return Shown(
                "ephemeral",
                str(params.get("channel") or ""),
                str(params.get("user") or ""),
                text,
                blocks,
                now,
                thread_ts=str(params["thread_ts"]) if params.get("thread_ts") else None,
                job=job,
            )
        if method in {"views.open", "views.publish"}:
            view = params.get("view")
            if not isinstance(view, dict):
                return None
            to = str(params.get("user_id") or actor or "")
            return Shown(
                "modal" if method == "views.open" else "home",
                to,
                to,
                "",
                list(view.get("blocks") or []),
                now,
                job=job,
                title=view.get("title"),
                view=view,
            )
        return None

    def _dm_person(self, channel: str) -> str | None:
        if channel[:1] in {"U", "W"}:
            return channel
        info = self.stack.slack.workspace.channels.get(channel) or {}
        return str(info["user"]) if info.get("is_im") else None


def _check(result: Result) -> None:
    if result.status != 200:
        raise RuntimeError(f"the app answered {result.status}: {result.body[:300]}")


def _modal_values(view: dict[str, Any], changes: dict[str, str]) -> dict[str, Any]:
    """The state Slack would submit for the settings modal: each input's shown value, or the
    change asked for."""
    values: dict[str, Any] = {}
    for block in view.get("blocks") or []:
        if block.get("type") != "input":
            continue
        name = str(block.get("block_id"))
        item = block.get("element") or {}
        kind = item.get("type")
        if kind == "plain_text_input":
            value = changes.get(name, item.get("initial_value") or "")
            values[name] = {VALUE: {"type": kind, "value": value}}
        elif kind == "static_select":
            chosen = changes.get(name) or (item.get("initial_option") or {}).get("value")
            values[name] = {VALUE: {"type": kind, "selected_option": {"value": chosen}}}
        elif kind == "conversations_select":
            chosen = changes.get(name, item.get("initial_conversation"))
            values[name] = {VALUE: {"type": kind, "selected_conversation": chosen}}
    return values
