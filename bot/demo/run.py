"""`ownerbot demo`: play the scenario through the real app and print what people would see.

await run_demo(out)                       the narrated four weeks and the digests
await run_demo(out, as_json=True)         only the digests' JSON: an array, one object per
                                          client channel (the `ownerbot digest --json` object
                                          of week 48, as of its posting time)
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.demo import cast, digests
from bot.demo.player import Player, Shown
from bot.demo.render import PLAIN, Style
from bot.demo.scenario import DIGEST_DAYS, END, LAST_WEEK, START, build_script
from bot.demo.script import Step
from bot.demo.show import Printer, local_time, zone_of
from bot.demo.stack import Stack, demo_stack
from bot.domain.weeks import week_bounds, week_of

KIND_LABELS = {
    "dm": ("DM", "DMs"),
    "post": ("channel post", "channel posts"),
    "reply": ("thread reply", "thread replies"),
    "ephemeral": ("answer only the asker sees", "answers only the asker sees"),
    "update": ("updated message", "updated messages"),
    "modal": ("window", "windows"),
    "home": ("App Home update", "App Home updates"),
}


@dataclass
class Played:
    """What the scenario left behind: every shown item, and week 48's digests."""

    shown: list[Shown] = field(default_factory=list)
    digests: list[dict[str, Any]] = field(default_factory=list)
    posted: dict[str, list[Shown]] = field(default_factory=dict)


@dataclass
class _Week:
    label: str
    people: Counter[str] = field(default_factory=Counter)
    bot: Counter[str] = field(default_factory=Counter)


async def run_demo(
    out: TextIO,
    *,
    database: Path | None = None,
    as_json: bool = False,
    style: Style = PLAIN,
) -> Played:
    async with demo_stack(START, database) as stack:
        printer = Printer(io.StringIO() if as_json else out, stack.names, style)
        played = await play(stack, printer)
        if as_json:
            out.write(json.dumps(played.digests, indent=2, ensure_ascii=False) + "\n")
        else:
            _digests(printer, played, stack, database)
    return played


async def play(stack: Stack, printer: Printer) -> Played:
    _intro(printer, stack)
    player = Player(stack)
    played = Played()
    keys: dict[str, str] = {}
    week: _Week | None = None
    for step in build_script().ordered():
        label = week_of(step.when, cast.AMSTERDAM)
        if week is None or label != week.label:
            start, _ = week_bounds(label, cast.AMSTERDAM)
            done = await player.advance_to(start)  # last week's stragglers stay in last week
            _jobs(printer, done, None, week, played, player)
            if week is not None:
                _tally(printer, week)
            week = _Week(label)
            _week_title(printer, label)
        done = await player.advance_to(step.when)
        _jobs(printer, done, step.show if step.kind == "wait" else None, week, played, player)
        shown = await step.act(player, keys)
        played.shown += shown
        if step.kind in {"say", "react", "command"}:
            week.people[step.kind] += 1
        for item in shown:
            week.bot[item.kind] += 1
        _step(printer, step, shown, player)
    monday = week_bounds(LAST_WEEK, cast.AMSTERDAM)[1]
    done = await player.advance_to(monday)
    _jobs(printer, done, None, week, played, player)
    if week is not None:
        _tally(printer, week)
    printer.title("Monday 30 November: the digests of week 48 are due")
    done = await player.advance_to(END)
    _jobs(printer, done, None, None, played, player)
    for channel in (*cast.CLIENT_CHANNELS, cast.LEADS):
        played.posted[channel] = digests.posted(done, channel)
    played.digests = await digests.week_digests(
        stack.services, cast.CLIENT_CHANNELS, LAST_WEEK, DIGEST_DAYS[LAST_WEEK]
    )
    return played


# -- narration ---------------------------------------------------------------------------------


def _intro(printer: Printer, stack: Stack) -> None:
    printer.title("ownerbot demo: four weeks of a sample engagement, played through the real app")
    printer.paragraph(
        "No Slack account is involved. Every message, reaction and slash command below is a "
        "signed HTTP request into ownerbot's Bolt app, listening on 127.0.0.1; the app's Slack "
        "client talks to a local stand-in of the Slack Web API, which records what the bot "
        "posts; the reminder and digest sweeps run as the scheduler runs them, on a simulated "
        "clock. The database is SQLite, migrated, at " + str(stack.database_path) + "."
    )
    printer.heading("Who is who")
    for team, title in cast.TEAM_NAMES.items():
        people = [p.name + (f" ({p.about})" if p.about else "") for p in cast.people_of(team)]
        printer.paragraph(f"{title}: " + ", ".join(people), "  ")
    printer.paragraph(
        "Channels: #client-acme (Europe/Amsterdam; client lead Carla), #client-globex "
        "(America/New_York; no client lead named), #delivery-leads (vendor only: escalations "
        "and the portfolio digest). Each client channel promises a first response within 4 "
        "business hours, Monday to Friday 09:00-17:00 in its own timezone.",
        "  ",
    )


def _week_title(printer: Printer, label: str) -> None:
    start, end = week_bounds(label, cast.AMSTERDAM)
    zone = ZoneInfo(cast.AMSTERDAM)
    first = start.astimezone(zone).date()
    last = (end.astimezone(zone) - timedelta(days=1)).date()
    printer.title(f"Week {label[-2:]}: Monday {first:%-d %B} to Sunday {last:%-d %B %Y}")


def _step(printer: Printer, step: Step, shown: list[Shown], player: Player) -> None:
    if step.note:
        printer.timeline(step.when, step.channel, step.note)
    if step.show and step.kind != "wait":
        printer.write()
        printer.paragraph(step.show + ":", "  ")
        printer.show_all(shown, player.authors)


def _jobs(
    printer: Printer,
    done: list[Shown],
    show: str | None,
    week: _Week | None,
    played: Played,
    player: Player,
) -> None:
    """What the scheduler's jobs did while time passed: in full for a `show` step, else a line
    each."""
    played.shown += done
    for item in done:
        if week is not None:
            week.bot[item.kind] += 1
    if not done:
        return
    if show:
        printer.write()
        printer.paragraph(show + ":", "  ")
        printer.show_all(done, player.authors)
        return
    for item in done:
        job = (item.job or "").replace("_", " ")
        channel = item.channel if item.channel in cast.ROOM_BY_ID else None
        where = printer.where(item, player.authors).removeprefix("ownerbot ")
        printer.timeline(
            item.at, channel, f"[{job}] {where}: {printer.summary(item)}", zone_of(item)
        )


def _tally(printer: Printer, week: _Week) -> None:
    people = week.people
    bot = ", ".join(
        _count(week.bot[kind], *label) for kind, label in KIND_LABELS.items() if week.bot[kind]
    )
    printer.write()
    printer.paragraph(
        f"Week {week.label[-2:]} in all: {_count(people['say'], 'message', 'messages')}, "
        f"{_count(people['react'], 'reaction', 'reactions')} and "
        f"{_count(people['command'], 'slash command', 'slash commands')} from people; "
        f"ownerbot answered with {bot or 'nothing'}.",
        "  ",
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _digests(printer: Printer, played: Played, stack: Stack, database: Path | None) -> None:
    names = stack.names
    for digest in played.digests:
        channel = digest["channel"]
        posts = played.posted.get(channel) or []
        when = digests.digest_time(channel, DIGEST_DAYS[LAST_WEEK])
        zone = cast.room(channel).timezone
        printer.heading(
            f"The weekly digest of {names.channel(channel)}, week {digest['week'][-2:]} "
            f"({local_time(when, zone)})"
        )
        if posts:
            for item in posts:
                printer.show(item)
        else:
            printer.paragraph(
                "(The digest sweep posted no message here: the figures as `ownerbot digest` "
                "prints them.)",
                "  ",
            )
            for line in digests.text_lines(digest, names):
                printer.write(("      " + line).rstrip())
            printer.write()
        printer.paragraph(
            f"Key figures, as `ownerbot digest --channel {channel} --week {digest['week']} "
            f"--json` gives them: {digests.key_figures(digest)}",
            "  ",
        )
    printer.heading(f"The portfolio digest in {names.channel(cast.LEADS)}")
    leads = played.posted.get(cast.LEADS) or []
    if leads:
        for item in leads:
            printer.show(item)
    else:
        printer.paragraph(
            "(The digest sweep posted no portfolio digest: every client channel ranked by risk, "
            "from the same figures.)",
            "  ",
        )
        for line in digests.portfolio_lines(played.digests, names):
            printer.paragraph(line, "      ")
    printer.heading("Try it yourself")
    kept = (
        f"The database is kept at {database}: "
        f"DATABASE_URL=sqlite:///{database} .venv/bin/ownerbot digest --channel {cast.ACME} "
        f"--week {LAST_WEEK}"
        if database is not None
        else "`.venv/bin/ownerbot demo --db demo.db` keeps the database for `ownerbot digest` "
        "and `ownerbot export`."
    )
    printer.paragraph(
        "`.venv/bin/ownerbot demo --interactive` lets you type as anyone in these channels "
        "(`help` lists what you can do); `--json` prints only the digests' figures. " + kept,
        "  ",
    )
