"""`ownerbot demo --interactive`: type as anyone in the demo's channels and see what the bot does.

Reads lines from stdin (a terminal or a pipe). The channels start set up as on the scenario's
first Monday: owners, backup, Acme's client lead, timezones and the leads channel. Each line is
played through the real app like the scenario's steps, and what the bot did is printed."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TextIO

from bot.demo import cast
from bot.demo.player import TENANT, Player, Shown
from bot.demo.render import PLAIN, Style, mrkdwn, render_message
from bot.demo.scenario import START, ams, build_setup
from bot.demo.show import Printer, local_time
from bot.demo.stack import demo_stack
from bot.domain.weeks import week_of
from bot.services.digest import build_digest
from handlers.slack.render.digest import digest_message

SHELL_START = ams(2, 10, 0)  # Monday 2 November 2026, 10:00 in Amsterdam

HELP = """\
Type as someone in the current channel; each line takes a simulated minute. Each line:
  as chris: When is the import ready?    a message in the channel by Chris (and Chris speaks on)
  as vera /ask @carla Who signs off?    a slash command by Vera (/ask, /owner …)
  When is the import ready?              a message by whoever spoke last
  /owner   /owner history   /ask …       a slash command by whoever spoke last
  react :eyes:                           a reaction on the newest message or question
  thread: It's on staging now.           a reply in the thread of the newest question
  advance 3h   advance 2d   advance 45m  time passes; the reminder and digest sweeps run
  digest                                 this channel's digest of this week, as of now
  channel #client-globex                 switch channel (#client-acme, #client-globex,
                                         #delivery-leads)
  who                                    the people, their sides and first names
  help   quit
@name and #name in what you type become Slack mentions."""

_AS = re.compile(r"^as\s+@?([\w.-]+)\s*:?\s*(.*)$", re.I | re.S)
_ADVANCE = re.compile(r"(\d+(?:\.\d+)?)\s*(w|d|h|m)", re.I)
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
_MENTION = re.compile(r"(?<![<\w])@([A-Za-z][\w.-]*)")
_CHANNEL = re.compile(r"(?<![<\w])#([a-z][\w-]*)")


class Shell:
    def __init__(self, player: Player, printer: Printer, echo: bool) -> None:
        self.player = player
        self.printer = printer
        self.echo = echo
        self.channel = cast.ACME
        self.speaker = cast.CHRIS
        self.last_message: dict[str, str] = {}  # channel -> ts of the newest top-level message
        self.recorded: dict[str, str] = {}  # channel -> the last state of its newest question

    # -- the loop ----------------------------------------------------------------------------

    def prompt(self) -> str:
        zone = cast.room(self.channel).timezone
        who = cast.person(self.speaker).name
        where = self.printer.names.channel(self.channel)
        return f"[{local_time(self.player.now, zone)} · {where} · as {who}] > "

    async def run(self, lines: TextIO) -> None:
        self.printer.write(HELP)
        while True:
            self.printer.out.write(self.prompt())
            self.printer.out.flush()
            line = lines.readline()
            if not line:
                self.printer.write()
                return
            line = line.strip()
            if self.echo:
                self.printer.write(line)
            if not line:
                continue
            if line.lower() in {"quit", "exit", "q"}:
                return
            try:
                await self.handle(line)
            except UsageProblem as problem:
                self.printer.write(f"  ? {problem}")

    async def handle(self, line: str) -> None:
        found = _AS.match(line)
        if found:
            who = cast.by_handle(found.group(1))
            if who is None or who.bot:
                raise UsageProblem(f"nobody called {found.group(1)!r}: `who` lists them")
            self.speaker = who.user_id
            line = found.group(2).strip()
            if not line:
                return
        word, _, rest = line.partition(" ")
        verb = word.lower().rstrip(":")
        handlers: dict[str, Callable[[str], Awaitable[None]]] = {
            "react": self.react,
            "thread": self.thread,
            "advance": self.advance,
            "digest": self.digest,
            "channel": self.switch,
            "who": self.who,
            "help": self.help,
        }
        if verb in handlers and (verb != "thread" or word.endswith(":") or rest.startswith(":")):
            if verb in {"react", "thread"}:
                await self.minute()
            await handlers[verb](rest.lstrip(":").strip())
        elif line.startswith("/"):
            await self.minute()
            command, _, text = line.partition(" ")
            self.show(
                await self.player.command(self.speaker, self.channel, command, self.slack(text))
            )
        else:
            await self.minute()
            said = await self.player.say(self.speaker, self.channel, self.slack(line))
            self.last_message[self.channel] = said.ts
            self.show(said.shown)
        await self.report()

    # -- commands ----------------------------------------------------------------------------

    async def react(self, rest: str) -> None:
        reaction = rest.strip().strip(":")
        if not reaction:
            raise UsageProblem("react to what? e.g. `react :eyes:`")
        target = await self.newest()
        if target is None:
            raise UsageProblem("there is no message to react to in this channel yet")
        self.show(await self.player.react(self.speaker, self.channel, reaction, target))

    async def thread(self, rest: str) -> None:
        if not rest:
            raise UsageProblem("say what in the thread? e.g. `thread: It's on staging now.`")
        found = await self.player.last_question(self.channel)
        if found is None:
            raise UsageProblem("no question has been asked in this channel yet")
        said = await self.player.say(self.speaker, self.channel, self.slack(rest), thread=found[0])
        self.show(said.shown)

    async def advance(self, rest: str) -> None:
        parts = _ADVANCE.findall(rest)
        if not parts or _ADVANCE.sub("", rest).strip():
            raise UsageProblem(
                "advance by how much? e.g. `advance 3h`, `advance 2d`, `advance 1d4h`"
            )
        delta = timedelta()
        for amount, unit in parts:
            delta += timedelta(**{_UNITS[unit.lower()]: float(amount)})
        shown = await self.player.advance_to(self.player.now + delta)
        zone = cast.room(self.channel).timezone
        self.printer.write(f"  (the clock is now {local_time(self.player.now, zone)})")
        self.show(shown)

    async def digest(self, rest: str) -> None:
        zone = cast.room(self.channel).timezone
        week = week_of(self.player.now, zone)
        figures = await build_digest(
            self.player.stack.services, TENANT, self.channel, week, self.player.now
        )
        text, blocks = digest_message(figures)
        self.printer.write(
            f"  This week's digest of {self.printer.names.channel(self.channel)}, as it would be "
            "posted now:"
        )
        blocks_json = [block.to_dict() for block in blocks]
        for line in render_message(text, blocks_json, self.printer.names, self.printer.style):
            self.printer.write(("      " + line).rstrip())

    async def switch(self, rest: str) -> None:
        found = cast.room_by_name(rest)
        if found is None:
            raise UsageProblem(
                f"no channel {rest!r}: #client-acme, #client-globex, #delivery-leads"
            )
        self.channel = found.channel_id

    async def who(self, rest: str) -> None:
        for team, title in cast.TEAM_NAMES.items():
            people = ", ".join(
                f"{p.name.split()[0].lower()} ({p.name}{', ' + p.about if p.about else ''})"
                for p in cast.people_of(team)
            )
            self.printer.paragraph(f"{title}: {people}", "  ")

    async def help(self, rest: str) -> None:
        self.printer.write(HELP)

    # -- helpers -----------------------------------------------------------------------------

    async def minute(self) -> None:
        """Typing takes a minute: the clock moves on (and the sweeps run if one falls due)."""
        self.show(await self.player.advance(minutes=1), quiet=True)

    async def report(self) -> None:
        """What the app recorded about the channel's newest question, when it changed."""
        question = await self.player.newest_question(self.channel)
        if question is None:
            return
        zone = cast.room(self.channel).timezone
        names = self.printer.names

        def when(moment: datetime | None, by: str | None) -> str:
            if moment is None:
                return "none yet"
            who = f" by {names.user(by)}" if by else ""
            return f"{local_time(moment, zone)}{who}"

        kind = "question to the client" if question.direction == "vendor" else "question"
        text = mrkdwn(question.text or "(a message marked with :question:)", names)
        text = " ".join(text.replace("\u2060", "").split())
        state = (
            f"{names.user(question.asker_user_id)}'s {kind} “{text[:60]}” · asked "
            f"{when(question.asked_at, None)} · acknowledged "
            f"{when(question.acknowledged_at, question.acknowledged_by)} · first response "
            f"{when(question.first_response_at, question.first_response_by)}"
        )
        if question.peer_answered_at is not None:
            state += f" · peer answer {when(question.peer_answered_at, question.peer_answered_by)}"
        if question.resolved_at is not None:
            state += f" · resolved {when(question.resolved_at, question.resolved_by)}"
        if self.recorded.get(self.channel) != state:
            self.recorded[self.channel] = state
            self.printer.paragraph("ownerbot recorded: " + state, "  ")

    async def newest(self) -> str | None:
        """The newest top-level message people wrote here, or the newest question's root (an
        /ask's post) when that is newer."""
        candidates = [self.last_message.get(self.channel)]
        found = await self.player.last_question(self.channel)
        if found is not None:
            candidates.append(found[0])
        known = [ts for ts in candidates if ts]
        return max(known, key=float) if known else None

    def slack(self, text: str) -> str:
        """@first-name and #channel as Slack sends them: <@U…|name> and <#C…|name>."""

        def person(match: re.Match[str]) -> str:
            found = cast.by_handle(match.group(1))
            return f"<@{found.user_id}|{match.group(1)}>" if found else match.group(0)

        def channel(match: re.Match[str]) -> str:
            found = cast.room_by_name(match.group(1))
            return f"<#{found.channel_id}|{found.name}>" if found else match.group(0)

        return _CHANNEL.sub(channel, _MENTION.sub(person, text))

    def show(self, shown: list[Shown], *, quiet: bool = False) -> None:
        if not shown:
            if not quiet:
                self.printer.write("  (ownerbot showed nothing)")
            return
        self.printer.write()
        for item in shown:
            self.printer.show(item, self.player.authors)


class UsageProblem(Exception):
    pass


async def run_shell(lines: TextIO, out: TextIO, *, echo: bool, style: Style = PLAIN) -> None:
    async with demo_stack(START) as stack:
        printer = Printer(out, stack.names, style)
        player = Player(stack)
        keys: dict[str, str] = {}
        for step in build_setup(ams(2, 9, 0), ams(2, 9, 0)).ordered():
            await player.advance_to(step.when)
            await step.act(player, keys)
        await player.advance_to(SHELL_START)
        printer.title("ownerbot demo shell: you are in Slack, the bot is real")
        printer.paragraph(
            "#client-acme: owner Vera, backup Bram, client lead Carla. #client-globex: owner Sam, "
            "backup Bram, no client lead. Response target 4 business hours, Mon-Fri 09:00-17:00."
        )
        await Shell(player, printer, echo).run(lines)
