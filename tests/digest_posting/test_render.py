"""The digest and portfolio messages as Slack would take them: every block valid by slack_sdk's
own checks, within Slack's limits, summarised rather than cut, and never pinging a channel."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    SectionBlock,
)

from bot.domain.business_time import BusinessCalendar
from bot.domain.digest import ChannelFacts, MessageCount, QuestionFacts, compute_digest
from bot.ports import PortfolioNote
from bot.services.digest_runs import rank
from handlers.slack.render.digest import (
    archive_links,
    digest_message,
    duration,
    redirect_link,
    sparkline,
    week_span,
)
from handlers.slack.render.portfolio import portfolio_message
from handlers.slack.safe_text import has_live_ping

WEEK = "2026-W47"
AS_OF = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam
CALENDAR = BusinessCalendar.from_settings("Mon-Fri 09:00-17:00", "Europe/Amsterdam", ())
LINK = archive_links("https://vendor.slack.com/")


def quiet() -> dict[str, Any]:
    facts = ChannelFacts(channel="C0QUIET", calendar=CALENDAR, sla_minutes=240)
    return compute_digest(facts, WEEK, AS_OF)


def busy(open_questions: int = 500, people: int = 80) -> dict[str, Any]:
    """500 open questions from the last 25 weeks, 80 people speaking, roles all missing."""
    questions = tuple(
        QuestionFacts(
            direction="client" if n % 7 else "vendor",
            asker=f"UC{n % 60:04d}",
            asked_at=MONDAY - timedelta(hours=7 * n),
            root_ts=f"{1763000000 + n}.{n:06d}",
        )
        for n in range(open_questions)
    )
    messages = {
        WEEK: tuple(
            MessageCount(f"U{'C' if n % 2 else 'V'}{n:04d}", "client" if n % 2 else "vendor", n + 1)
            for n in range(people)
        )
    }
    facts = ChannelFacts(
        channel="C0BUSY",
        calendar=CALENDAR,
        sla_minutes=240,
        client_members=120,
        questions=questions,
        messages=messages,
    )
    return compute_digest(facts, WEEK, AS_OF)


def texts(block: Block) -> list[str]:
    """Every piece of text a block shows."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("text"), str):
                found.append(value["text"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(block.to_dict())
    return found


def check_limits(fallback: str, blocks: list[Block]) -> str:
    """Slack's limits, checked by slack_sdk and counted here; returns all the text."""
    assert 0 < len(blocks) <= 50
    for block in blocks:
        block.validate_json()  # raises SlackObjectFormationError past a limit
        if isinstance(block, SectionBlock):
            assert block.text is not None and len(block.text.text) <= 3000
        if isinstance(block, HeaderBlock):
            assert block.text is not None and len(block.text.text) <= 150
        if isinstance(block, ContextBlock):
            assert len(block.elements) <= 10
    assert len(fallback) <= 150
    everything = "\n".join([fallback, *(t for b in blocks for t in texts(b))])
    payload = json.dumps([b.to_dict() for b in blocks])
    for ping in ("<!channel", "<!here", "<!everyone", "<!subteam"):
        assert ping not in payload and ping not in fallback
    # Mentions and links are whole: every "<" is closed, nothing was cut off mid-way.
    assert everything.count("<") == everything.count(">")
    assert "…" not in everything  # nothing needed cutting: lists are summarised instead
    return everything


def test_a_quiet_channel() -> None:
    fallback, blocks = digest_message(quiet(), link=LINK)
    text = check_limits(fallback, blocks)
    assert fallback == (
        ":red_circle: Weekly digest for <#C0QUIET>, 2026-W47: at risk — "
        "no owner named; no client lead named"
    )
    assert blocks[0].to_dict()["text"]["text"] == "Weekly digest · Week 47 · 16–22 Nov 2026"
    assert text.index(":red_circle: *At risk*") < text.index("*Responsiveness*")
    assert "• no owner named" in text and "• no client lead named" in text
    assert "*Responsiveness* — 0 questions asked" in text
    assert "nothing to measure this week" in text
    assert "*Open questions* — none." in text
    assert "Nobody spoke this week." in text
    assert "no client questions answered or resolved" in text
    assert "```" in text  # the trend table


def test_five_hundred_open_questions_stay_within_the_limits() -> None:
    figures = busy()
    assert len(figures["open_questions"]) == 500
    fallback, blocks = digest_message(figures, link=LINK)
    text = check_limits(fallback, blocks)
    assert "*Open questions* — 500, oldest first" in text
    assert "and 485 more — the oldest 15 are shown" in text
    listed = re.findall(r"<https://vendor\.slack\.com/archives/C0BUSY/p(\d+)\|", text)
    assert len(listed) == 15
    oldest = sorted(figures["open_questions"], key=lambda q: q["asked_at"])[:15]
    assert listed == [q["root_ts"].replace(".", "") for q in oldest]  # oldest first
    assert "to the client" in text  # a vendor question waiting for the client
    # People are mentions, twelve a side, the rest counted.
    assert "<@UC0079> (80 messages)" in text
    assert "and 28 more" in text
    assert len(re.findall(r"<@U[CV]\d{4}>", text.split("*Ownership*")[0])) == 24
    assert "no owner named · no backup named · no client lead named" in text


def test_links_fall_back_to_app_redirect() -> None:
    assert redirect_link("C1", "1763.000100") == (
        "https://slack.com/app_redirect?channel=C1&message_ts=1763.000100"
    )
    _, blocks = digest_message(busy(open_questions=3), link=archive_links(None))
    assert "https://slack.com/app_redirect?channel=C0BUSY&message_ts=" in json.dumps(
        [b.to_dict() for b in blocks]
    )


def test_readable_numbers() -> None:
    assert [duration(m) for m in (None, 0, 0.4, 45, 60, 75, 90.5, 1439, 1440, 2000)] == [
        "n/a", "0 min", "under 1 min", "45 min", "1 h", "1 h 15 min", "1 h 30 min",
        "23 h 59 min", "24 h", "33 h",
    ]  # fmt: skip
    assert sparkline([0, 1, 2, 4, 8]) == "·▂▃▅█"
    assert sparkline([0, 0]) == "··"
    assert week_span("2026-W49") == "Week 49 · 30 Nov – 6 Dec 2026"
    assert week_span("2026-W53") == "Week 53 · 28 Dec 2026 – 3 Jan 2027"


def _with(figures: dict[str, Any], channel: str, status: str, compliance: float | None) -> Any:
    return {
        **figures,
        "channel": channel,
        "health": {"status": status, "reasons": [f"{status} because"] if status != "green" else []},
        "sla": {**figures["sla"], "compliance": compliance},
    }


def test_the_portfolio_ranks_red_amber_green_and_stays_within_the_limits() -> None:
    base = quiet()
    channels = [_with(base, f"C{n:04d}", "green", None) for n in range(1000)]
    channels += [
        _with(base, "C9AMBER", "amber", 0.7),
        _with(base, "C9RED2", "red", None),
        _with(base, "C9RED1", "red", 0.4),
        _with(base, "C9AMBER0", "amber", 0.55),
    ]
    ranked = rank(channels)
    assert [c["channel"] for c in ranked[:4]] == ["C9RED1", "C9RED2", "C9AMBER0", "C9AMBER"]
    note = PortfolioNote("C0LEADS", WEEK, tuple(ranked), as_of=AS_OF)
    fallback, blocks = portfolio_message(note)
    text = check_limits(fallback, blocks)
    assert text.index("<#C9RED1>") < text.index("<#C9RED2>") < text.index("<#C9AMBER0>")
    assert text.index("<#C9AMBER>") < text.index("<#C0000>")
    assert "_red because_" in text
    assert "1,004 client channels" in text
    assert "and 944 more channels (944 healthy)" in text
    assert not has_live_ping(text.replace("<#", "#"))
