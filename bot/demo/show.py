"""The demo's narration: headings, timeline lines, and what the bot showed people, framed with
who saw it where and when."""

from __future__ import annotations

from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.demo import cast
from bot.demo.player import Shown
from bot.demo.render import PLAIN, WIDTH, Names, Style, mrkdwn, render_message, render_view, wrap

BODY = "      "


def local_time(moment: datetime, timezone: str) -> str:
    """'Tue 24 Nov 13:00 CET' in the given timezone."""
    here = moment.astimezone(ZoneInfo(timezone))
    return f"{here:%a} {here.day} {here:%b %H:%M} {here.tzname() or timezone}"


class Printer:
    def __init__(self, out: TextIO, names: Names, style: Style = PLAIN) -> None:
        self.out = out
        self.names = names
        self.style = style

    def write(self, line: str = "") -> None:
        self.out.write(line + "\n")

    def title(self, text: str) -> None:
        self.write()
        self.write(self.style.bold(text))
        self.write("═" * min(WIDTH, len(text)))

    def heading(self, text: str) -> None:
        self.write()
        self.write(self.style.bold(f"── {text} ") + "─" * max(3, WIDTH - len(text) - 4))

    def paragraph(self, text: str, indent: str = "") -> None:
        for line in wrap(text, WIDTH, indent):
            self.write(line)

    def timeline(self, moment: datetime, channel: str | None, text: str, zone: str = "") -> None:
        """One line of what happened: local time (the channel's, else `zone`), where, what."""
        if channel in cast.ROOM_BY_ID:
            zone = cast.ROOM_BY_ID[channel].timezone
        where = self.names.channel(channel) if channel else ""
        head = f"  {local_time(moment, zone or 'UTC'):<21} {where:<16} "
        for n, line in enumerate(wrap(text, WIDTH - len(head))):
            self.write((head if n == 0 else " " * len(head)) + line)

    def frame(self, item: Shown, root_authors: dict[str, str] | None = None) -> str:
        """Who sees the item, where and when: the header line above a shown message."""
        return f"{self.where(item, root_authors)} · {local_time(item.at, zone_of(item))}"

    def where(self, item: Shown, root_authors: dict[str, str] | None = None) -> str:
        names = self.names
        where = names.channel(item.channel) if item.channel else "a channel"
        who = names.user(item.to) if item.to else "someone"
        if item.kind == "post":
            head = f"ownerbot posts in {where}"
        elif item.kind == "reply":
            author = (root_authors or {}).get(item.thread_ts or "")
            whose = f"{names.user(author)}'s message" if author else "a message"
            head = f"ownerbot replies in {where}, in the thread of {whose}"
        elif item.kind == "dm":
            head = f"ownerbot → direct message to {who}"
        elif item.kind == "ephemeral":
            head = f"ownerbot → only {who} sees this, in {where}"
        elif item.kind == "update":
            head = "ownerbot updates its message"
        elif item.kind == "modal":
            head = f"a window opens for {who}"
        else:
            head = f"{who}'s App Home tab"
        return head

    def show(
        self, item: Shown, root_authors: dict[str, str] | None = None, *, again: bool = False
    ) -> None:
        """The item framed and rendered; `again`: the same message as the one before it."""
        self.write(f"  ▸ {self.frame(item, root_authors)}")
        if again:
            self.write(f"{BODY}(the same message)")
            self.write()
            return
        if item.view is not None:
            lines = render_view(item.view, self.names, self.style)
        else:
            lines = render_message(item.text, item.blocks, self.names, self.style, WIDTH - 6)
        for line in lines:
            self.write((BODY + line).rstrip())
        self.write()

    def show_all(self, items: list[Shown], root_authors: dict[str, str] | None = None) -> None:
        seen: list[tuple[str, str]] = []
        for item in items:
            body = (item.text, repr(item.blocks))
            self.show(item, root_authors, again=bool(item.blocks) and body in seen)
            seen.append(body)

    def summary(self, item: Shown, limit: int = 240) -> str:
        """One line for a shown item: its notification text."""
        text = " ".join(mrkdwn(item.text, self.names).split())
        return text if len(text) <= limit else text[: limit - 1] + "…"


def zone_of(item: Shown) -> str:
    """The timezone to show an item's time in: its channel's, else its reader's."""
    if item.channel in cast.ROOM_BY_ID:
        return cast.ROOM_BY_ID[item.channel].timezone
    if item.to in cast.BY_ID:
        return cast.BY_ID[item.to].timezone
    return "UTC"
