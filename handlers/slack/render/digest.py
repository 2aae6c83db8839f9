"""The weekly digest as Block Kit: health first, then responsiveness, participation, ownership,
self-sufficiency, the open questions (oldest first, linked) and an eight-week trend.

Built with slack_sdk's models, so Slack's limits are checked where they are made: at most 50
blocks, 3,000 characters a section, 150 a header, 10 elements a context. Long lists are
summarised, never cut mid-word: a channel with 500 open questions shows the oldest 15 and says
how many more there are. People appear as `<@U…>` mentions and channels as `<#C…>`; nothing
ever addresses @channel or @here.

    text, blocks = digest_message(figures, link=archive_links("https://acme.slack.com/"))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.domain.localtime import load_zone
from bot.domain.weeks import parse_iso_week
from handlers.slack.format import slack_date

Link = Callable[[str, str], str]  # (channel id, message ts) -> URL

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
HEADER_LIMIT = 150
FALLBACK_LIMIT = 150
OPEN_SHOWN = 15  # open questions listed; the rest are counted
PEOPLE_SHOWN = 12  # people named per side under "who spoke"

STATUS = {
    "green": (":large_green_circle:", "Healthy"),
    "amber": (":large_orange_circle:", "Needs attention"),
    "red": (":red_circle:", "At risk"),
}
_BARS = "▁▂▃▄▅▆▇█"


# -- links -------------------------------------------------------------------------------------


def redirect_link(channel: str, ts: str | None = None) -> str:
    """Slack's app_redirect URL: opens the channel (at the message, given its ts)."""
    query = {"channel": channel}
    if ts:
        query["message_ts"] = ts
    return "https://slack.com/app_redirect?" + urlencode(query)


def archive_links(workspace_url: str | None) -> Link:
    """Links to messages as Slack's permalinks spell them (`…/archives/C…/p<ts>`), on the
    workspace's URL (auth.test's `url`); app_redirect links when the URL is unknown."""
    if not workspace_url:
        return redirect_link
    base = workspace_url.rstrip("/")

    def link(channel: str, ts: str) -> str:
        return f"{base}/archives/{channel}/p{ts.replace('.', '')}"

    return link


# -- words for numbers -------------------------------------------------------------------------


def duration(minutes: float | None) -> str:
    """Business minutes as a person reads them: '45 min', '1 h 15 min', '31 h'."""
    if minutes is None:
        return "n/a"
    whole = round(minutes)
    if minutes > 0 and whole == 0:
        return "under 1 min"
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    if hours >= 24:
        return f"{round(whole / 60)} h"
    return f"{hours} h" if rest == 0 else f"{hours} h {rest} min"


def short_duration(minutes: float | None) -> str:
    """The same, for a table column: '45m', '1h15m', '31h'."""
    if minutes is None:
        return "–"
    whole = round(minutes)
    if whole < 60:
        return f"{whole}m"
    hours, rest = divmod(whole, 60)
    return f"{hours}h" if hours >= 10 or rest == 0 else f"{hours}h{rest:02d}m"


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def week_span(week: str) -> str:
    """'Week 47 · 16–22 Nov 2026' (Monday to Sunday)."""
    year, number = parse_iso_week(week)
    monday = date.fromisocalendar(year, number, 1)
    sunday = monday + timedelta(days=6)
    end = f"{sunday.day} {sunday:%b %Y}"
    if monday.year != sunday.year:
        days = f"{monday.day} {monday:%b %Y} – {end}"
    elif monday.month != sunday.month:
        days = f"{monday.day} {monday:%b} – {end}"
    else:
        days = f"{monday.day}–{end}"
    return f"Week {number} · {days}"


# -- blocks ------------------------------------------------------------------------------------


def sections(lines: Iterable[str], limit: int = SECTION_LIMIT) -> list[SectionBlock]:
    """Lines packed into as few sections as fit Slack's limit; a line is never split (each is
    short by construction; a longer one is cut at a word, which it never is in practice)."""
    packed: list[str] = []
    current = ""
    for line in lines:
        line = _fit(line, limit)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit and current:
            packed.append(current)
            current = line
        else:
            current = candidate
    if current:
        packed.append(current)
    return [SectionBlock(text=MarkdownTextObject(text=text)) for text in packed]


def context(*parts: str) -> ContextBlock:
    elements = [MarkdownTextObject(text=_fit(p, SECTION_LIMIT)) for p in parts if p][:10]
    return ContextBlock(elements=elements)


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=_fit(text, HEADER_LIMIT), emoji=True))


def _fit(text: str, limit: int) -> str:
    """`text` if it fits, else cut at the last space before the limit, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1].rstrip() + "…"


def fallback(text: str) -> str:
    return _fit(text, FALLBACK_LIMIT)


# -- the digest --------------------------------------------------------------------------------


def digest_message(
    figures: Mapping[str, Any], *, link: Link = redirect_link
) -> tuple[str, list[Block]]:
    """(fallback text, blocks) of one channel's weekly digest (bot/domain/digest.py figures)."""
    channel = str(figures["channel"])
    week = str(figures["week"])
    timezone = str(figures["timezone"])
    health = figures["health"]
    emoji, word = STATUS.get(health["status"], STATUS["green"])
    as_of = figures.get("as_of")

    blocks: list[Block] = [
        header(f"Weekly digest · {week_span(week)}"),
        context(
            f"<#{channel}>",
            timezone,
            f"as of {slack_date(datetime.fromisoformat(as_of), timezone)}" if as_of else "",
        ),
        *sections(_health(health)),
        DividerBlock(),
        *sections(_responsiveness(figures)),
        *sections(_participation(figures["participation"])),
        *sections(_ownership(figures["ownership"])),
        *sections(_self_sufficiency(figures.get("self_sufficiency"))),
        DividerBlock(),
    ]
    open_questions = list(figures.get("open_questions") or [])
    blocks += sections(_open_questions(open_questions, channel, timezone, link))
    if len(open_questions) > OPEN_SHOWN:
        more = len(open_questions) - OPEN_SHOWN
        blocks.append(context(f"and {more:,} more — the oldest {OPEN_SHOWN} are shown"))
    trend = list(figures.get("trend") or [])
    if trend:
        blocks += [DividerBlock(), *sections(_trend(trend))]
    reasons = "; ".join(health.get("reasons") or [])
    text = f"{emoji} Weekly digest for <#{channel}>, {week}: {word.lower()}"
    text += f" — {reasons}" if reasons else ""
    return fallback(text), blocks[:MAX_BLOCKS]


def _health(health: Mapping[str, Any]) -> list[str]:
    emoji, word = STATUS.get(health["status"], STATUS["green"])
    reasons = list(health.get("reasons") or [])
    if not reasons:
        return [f"{emoji} *{word}* — nothing to flag this week."]
    return [f"{emoji} *{word}*", *(f"• {reason}" for reason in reasons)]


def _responsiveness(figures: Mapping[str, Any]) -> list[str]:
    q = figures["questions"]
    first = figures["first_response"]
    sla = figures["sla"]
    asked = f"*Responsiveness* — {plural(q['asked'], 'question')} asked"
    if q["asked"]:
        asked += f" ({q['by_client']} by the client, {q['by_vendor']} by the team)"
    if q["withdrawn"]:
        asked += f", {q['withdrawn']} withdrawn"
    lines = [asked]
    if q["by_client"]:
        answered = f"{q['answered']} answered"
        if q["peer_answered"]:
            answered += f" ({q['peer_answered']} by a client colleague)"
        lines.append(f"Client questions: {answered}, {q['resolved']} resolved, {q['open']} open")
    median = first["median_business_minutes"]
    if median is not None:
        lines.append(
            f"First response in business hours: median *{duration(median)}*,"
            f" p90 {duration(first['p90_business_minutes'])}"
            f" (wall clock: median {duration(first['median_wall_minutes'])})"
        )
    target = f"SLA (first response within {duration(sla['target_business_minutes'])})"
    if sla["compliance"] is None:
        lines.append(f"{target}: nothing to measure this week")
    else:
        lines.append(
            f"{target}: {sla['met']} met, {sla['breached']} breached —"
            f" *{percent(sla['compliance'])}* compliance"
        )
    return lines


def _participation(part: Mapping[str, Any]) -> list[str]:
    members = part["client_members"]
    active = part["active_client_members"]
    lines = [
        f"*Participation* — {active} of {plural(members, 'client member')} active"
        + (f" ({percent(part.get('active_client_share'))})" if members else "")
    ]
    if part["client_messages"] or part.get("client_share") is not None:
        lines.append(
            f"{plural(part['client_messages'], 'client message')},"
            f" {percent(part.get('client_share'))} of all messages"
        )
    if part.get("client_median_response_business_minutes") is not None:
        lines.append(
            "The client's median response to the team's questions: "
            f"{duration(part['client_median_response_business_minutes'])}"
        )
    people = list(part.get("people") or [])
    for side, label in (("client", "Client"), ("vendor", "Team")):
        spoke = [p for p in people if p.get("side") == side]
        if spoke:
            lines.append(f"{label}: {_people(spoke)}")
    if not people:
        lines.append("Nobody spoke this week.")
    return lines


def _people(people: Sequence[Mapping[str, Any]]) -> str:
    shown = []
    for person in people[:PEOPLE_SHOWN]:
        parts = []
        if person.get("messages"):
            parts.append(plural(person["messages"], "message"))
        if person.get("questions"):
            parts.append(plural(person["questions"], "question"))
        shown.append(
            f"<@{person['user']}> ({', '.join(parts)})" if parts else f"<@{person['user']}>"
        )
    text = ", ".join(shown)
    if len(people) > PEOPLE_SHOWN:
        text += f" and {len(people) - PEOPLE_SHOWN} more"
    return text


def _ownership(own: Mapping[str, Any]) -> list[str]:
    def who(role: str, label: str) -> str:
        user = own.get(role)
        return f"{label} <@{user}>" if user else f"no {label} named"

    lines = [
        f"*Ownership* — {who('owner', 'owner')} · {who('backup', 'backup')} · "
        f"{who('client_lead', 'client lead')}"
    ]
    answers = (
        own["first_answered_by_owner"],
        own["first_answered_by_backup"],
        own["first_answered_by_other_vendor"],
    )
    if any(answers):
        lines.append(
            f"First answered by the owner {answers[0]}, the backup {answers[1]}, "
            f"others in the team {answers[2]}"
        )
    if own.get("handovers"):
        lines.append(f"{plural(own['handovers'], 'hand-over')} this week")
    return lines


def _self_sufficiency(value: float | None) -> list[str]:
    if value is None:
        return ["*Self-sufficiency* — no client questions answered or resolved this week."]
    return [
        f"*Self-sufficiency* — *{percent(value)}* of the client questions answered or resolved "
        "were answered by a client colleague or resolved without the team."
    ]


def _open_questions(
    items: Sequence[Mapping[str, Any]], channel: str, timezone: str, link: Link
) -> list[str]:
    if not items:
        return ["*Open questions* — none. :tada:"]
    lines = [f"*Open questions* — {len(items):,}, oldest first (waiting in business hours)"]
    zone = load_zone(timezone)
    for item in items[:OPEN_SHOWN]:
        asked = datetime.fromisoformat(item["asked_at"]).astimezone(zone)
        label = f"{asked:%a} {asked.day} {asked:%b %H:%M}"
        when = f"<{link(channel, item['root_ts'])}|{label}>" if item.get("root_ts") else label
        line = f"• {when} <@{item['asker']}>"
        if item.get("direction") == "vendor":
            line += " to the client"
        line += f" · waiting {duration(item.get('waiting_business_minutes'))}"
        if item.get("past_target"):
            line += " · past the target"
        lines.append(line)
    return lines


def _trend(trend: Sequence[Mapping[str, Any]]) -> list[str]:
    rows = ["Week  Asked  Median   SLA  Active"]
    for week in trend:
        label = str(week["week"]).split("-")[-1]
        rows.append(
            f"{label:<4}  {week['asked']:>5}  {short_duration(week['median_business_minutes']):>6}"
            f"  {_short_percent(week['compliance']):>4}  {week['active_client_members']:>6}"
        )
    rows.append("")
    rows.append(f"asked   {sparkline([w['asked'] for w in trend])}")
    rows.append(f"active  {sparkline([w['active_client_members'] for w in trend])}")
    table = "\n".join(rows)
    return [f"*Trend* — the last {len(trend)} weeks\n```\n{table}\n```"]


def _short_percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def sparkline(values: Sequence[int | float]) -> str:
    """One bar per value, scaled to the largest; '·' for zero."""
    top = max(values, default=0)
    if top <= 0:
        return "·" * len(values)
    bars = []
    for value in values:
        if value <= 0:
            bars.append("·")
        else:
            bars.append(_BARS[max(0, min(7, round(value / top * 7)))])
    return "".join(bars)
