"""A scenario as timed steps: who does what, when, and what the narration says about it.

    s = Script()
    s.at(ams(2, 10, 15)).say(CHRIS, ACME, "Where is the staging URL?", key="staging")
    s.at(ams(2, 10, 40)).say(VERA, ACME, "It's https://…", thread="staging")

Steps may be written in any order; they are played in time order (ties in the order written).
`key` names a message (or an /ask's post) so later steps can reply in its thread or react to it.
`show` renders in full what the bot did in answer to the step (for a `wait`, what the scheduler's
jobs did on the way to it); `note` is a line of narration."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.demo.player import Player, Shown

Act = Callable[[Player, dict[str, str]], Awaitable[list[Shown]]]


@dataclass(frozen=True)
class Step:
    when: datetime
    order: int
    act: Act
    kind: str  # say | react | command | configure | sync | wait
    channel: str | None
    show: str | None = None
    note: str | None = None


def local(zone: str, year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)


class At:
    """The steps that happen at one moment."""

    def __init__(self, script: Script, when: datetime) -> None:
        self._script = script
        self._when = when

    def _add(
        self, act: Act, kind: str, channel: str | None, show: str | None, note: str | None
    ) -> At:
        order = len(self._script.steps)
        self._script.add(Step(self._when, order, act, kind, channel, show, note))
        return self

    def say(
        self,
        user: str,
        channel: str,
        text: str,
        *,
        key: str | None = None,
        thread: str | None = None,
        show: str | None = None,
        note: str | None = None,
    ) -> At:
        async def act(player: Player, keys: dict[str, str]) -> list[Shown]:
            said = await player.say(user, channel, text, thread=keys[thread] if thread else None)
            if key:
                keys[key] = said.ts
            return said.shown

        return self._add(act, "say", channel, show, note)

    def react(
        self,
        user: str,
        channel: str,
        reaction: str,
        key: str,
        *,
        show: str | None = None,
        note: str | None = None,
    ) -> At:
        async def act(player: Player, keys: dict[str, str]) -> list[Shown]:
            return await player.react(user, channel, reaction, keys[key])

        return self._add(act, "react", channel, show, note)

    def command(
        self,
        user: str,
        channel: str,
        command: str,
        text: str = "",
        *,
        key: str | None = None,
        show: str | None = None,
        note: str | None = None,
    ) -> At:
        """A slash command; with `key`, the question it created is remembered by its thread."""

        async def act(player: Player, keys: dict[str, str]) -> list[Shown]:
            shown = await player.command(user, channel, command, text)
            if key:
                found = await player.last_question(channel)
                if found is None:
                    raise RuntimeError(f"{command} {text!r} created no question")
                keys[key] = found[0]
            return shown

        return self._add(act, "command", channel, show, note)

    def configure(self, user: str, channel: str, *, note: str | None = None, **changes: str) -> At:
        async def act(player: Player, keys: dict[str, str]) -> list[Shown]:
            return await player.configure(user, channel, **changes)

        return self._add(act, "configure", channel, None, note)

    def sync_members(self, channel: str) -> At:
        async def act(player: Player, keys: dict[str, str]) -> list[Shown]:
            await player.sync_members(channel)
            return []

        return self._add(act, "sync", channel, None, None)

    def wait(self, *, show: str | None = None, note: str | None = None) -> At:
        """Nothing but time passing: with `show`, the jobs' work on the way here is shown."""

        async def act(player: Player, keys: dict[str, str]) -> list[Shown]:
            return []

        return self._add(act, "wait", None, show, note)


class Script:
    def __init__(self) -> None:
        self.steps: list[Step] = []

    def add(self, step: Step) -> None:
        self.steps.append(step)

    def at(self, when: datetime) -> At:
        return At(self, when)

    def ordered(self) -> list[Step]:
        return sorted(self.steps, key=lambda s: (s.when, s.order))
