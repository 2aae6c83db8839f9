"""Which messages are questions, greetings, thanks or acknowledgements, as Slack sends them."""

from __future__ import annotations

import time as timer
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.questions import (
    QUESTION_TEXT_LIMIT,
    is_acknowledgement,
    is_greeting_or_thanks,
    joined_text,
    joins_previous,
    looks_like_question,
)

# (message text exactly as Slack delivers it, is it a question?)
MESSAGES: list[tuple[str, bool]] = [
    # Plain questions, with and without "?".
    ("Is the staging server down?", True),
    ("can you send me the invoice for March", True),
    ("Where can I find the logs for last night's import", True),
    ("what's the status on the SSO ticket", True),
    ("Any idea why the export is empty :thinking_face:", True),  # "any idea", emoji stripped
    ("Anyone else seeing 502s on the API", True),
    ("Does anyone know who owns the billing page", True),
    ("How long does a full reindex take", True),
    ("ANY UPDATE ON THE RELEASE", True),  # all caps
    ("Can someone PLEASE look at the checkout bug!!!", True),  # a request, despite the "!"
    ("Isn't the certificate supposed to renew itself", True),
    ("<@U024BE7LH> can you take a look at the failing build", True),  # opening mention skipped
    ("<!here> is the payment provider having an outage", True),
    ("Hey <@U024BE7LH>, quick question: do we support SAML", True),
    ("Hi Anna can you check the DNS records", True),  # a name between greeting and question
    ("We noticed the CSV export fails for large files.\nIs that a known issue", True),  # line 2
    ("The numbers look off in <https://app.example.com/report?id=7|this report>. Why?", True),
    ("Hope you had a great weekend! Can we move Thursday's call to 3pm?", True),
    ("thanks, is it live?", True),  # thanks, then a real question
    ("FYI: is anyone still using the v1 endpoint?", True),
    ("Kun je de factuur van maart sturen", True),  # Dutch, "kun je"
    ("Wie kann ich das Passwort zurücksetzen", True),  # German
    ("¿Dónde están los logs?", True),  # Spanish
    ("Let me know if you need anything else from us?", True),  # "?" outside links counts
    ("The release (finally?) went out", True),  # accepted false positive: a "?" is a "?"
    # Not questions.
    ("Deployed v2.3 to production :rocket:", False),
    ("FYI the deploy is at 17:00 today", False),
    ("Here's the spec: <https://docs.example.com/page?id=42&amp;v=2|spec doc>", False),  # URL "?"
    ("Run `SELECT * FROM users WHERE id = ?` to check", False),  # "?" inside inline code
    ("```\nTraceback: why? KeyError('id')\n```\nFixed in the next build.", False),  # code block
    ("see https://status.example.com/?incident=12 for details", False),  # bare URL query
    ("&gt; can you fix the login?\nDone, deployed to staging.", False),  # the "?" is quoted
    ("Can't wait!", False),  # "can't" + "wait" is no question
    ("DO NOT MERGE", False),  # an order, not "do you…"
    ("Do the migration tomorrow morning.", False),
    ("Have a nice weekend", False),
    ("Will do", False),
    ("What a week!", False),  # an exclamation, not a question
    ("When you get a chance, please review the PR.", False),
    ("?", False),  # asks nothing in particular
    ("???", False),
    (":eyes:", False),
    ("", False),
    ("   \n  ", False),
    # Greetings, thanks and small talk, even with a "?".
    ("Hi all!", False),
    ("thanks!", False),
    ("thank you so much", False),
    ("cheers", False),
    ("good morning team", False),
    ("how are you?", False),
    ("how's everyone doing?", False),
    ("Hey <@U024BE7LH>, how was your weekend?", False),
    ("Happy Friday everyone :tada:", False),
    ("Thanks for the quick fix, much appreciated!", False),
]


def test_the_table_is_big_enough() -> None:
    assert len(MESSAGES) >= 30
    assert len({text for text, _ in MESSAGES}) == len(MESSAGES)


@pytest.mark.parametrize(("text", "expected"), MESSAGES)
def test_looks_like_question(text: str, expected: bool) -> None:
    assert looks_like_question(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi all!", True),
        ("thanks!", True),
        ("Thank you so much", True),
        ("cheers", True),
        ("Good morning team", True),
        ("how's everyone doing?", True),
        ("Hello <@U024BE7LH>", True),
        ("Thanks Sarah!", True),  # a name after thanks
        ("Merry Christmas and happy new year!", True),
        ("Hope you're all doing well", True),
        ("Great, thanks!", True),
        ("Hi all! Is the API down?", False),
        ("thanks, can you also send the invoice?", False),
        ("Thanks can you also send the invoice", False),
        ("Hi, is the staging environment down?", False),
        ("hello is the api down", False),  # no comma: "api down" is not a name
        ("how is the deployment going?", False),  # a real status question
        ("", False),
        ("?", False),
    ],
)
def test_is_greeting_or_thanks(text: str, expected: bool) -> None:
    assert is_greeting_or_thanks(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'll take it", True),
        ("I\u2019ll take this", True),  # a typographic apostrophe
        ("on it", True),
        ("On it!", True),
        ("looking into it", True),
        ("I'm looking into this now", True),
        ("taking this", True),
        ("ok, I'll take a look", True),
        ("<@U024BE7LH> on it :eyes:", True),
        ("Let me check", True),
        ("I will handle this asap", True),
        ("Take a look", False),  # an order to someone else
        ("got it", False),  # understood, not taken on
        ("check", False),
        ("I'll take it, the fix is to restart the worker and clear the cache", False),  # an answer
        ("Is anyone on it?", False),
        ("", False),
    ],
)
def test_is_acknowledgement(text: str, expected: bool) -> None:
    assert is_acknowledgement(text) is expected


# Further messages joining a question.

ASKED = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("last_after", "at_after", "expected"),
    [
        (timedelta(0), timedelta(minutes=1), True),
        (timedelta(0), timedelta(minutes=5), True),  # "within 5 minutes" includes 5:00
        (timedelta(0), timedelta(minutes=5, seconds=1), False),
        (timedelta(minutes=4), timedelta(minutes=9), True),  # measured from the last message
        (timedelta(minutes=4), timedelta(minutes=9, microseconds=1), False),
        (timedelta(minutes=4), timedelta(minutes=2), True),  # delivered out of order
        (timedelta(0), timedelta(seconds=-1), False),  # before the question
    ],
)
def test_joins_previous(last_after: timedelta, at_after: timedelta, expected: bool) -> None:
    assert joins_previous(ASKED, ASKED + last_after, ASKED + at_after) is expected


def test_joins_previous_window_and_validation() -> None:
    later = ASKED + timedelta(minutes=8)
    assert joins_previous(ASKED, ASKED, later, window_minutes=10) is True
    assert joins_previous(ASKED, ASKED, later) is False
    with pytest.raises(ValueError, match="timezone-aware"):
        joins_previous(ASKED, ASKED, datetime(2026, 11, 23, 10, 1))
    with pytest.raises(ValueError, match="before previous_asked_at"):
        joins_previous(ASKED, ASKED - timedelta(minutes=1), ASKED)
    with pytest.raises(ValueError, match="window_minutes"):
        joins_previous(ASKED, ASKED, ASKED, window_minutes=-1)


# 40,000-character messages: patterns must not backtrack catastrophically.

HUGE = 40_000
ADVERSARIAL = {
    "letters": ("a" * HUGE, False),
    "question marks": ("?" * HUGE, False),
    "open brackets": ("<" * HUGE, False),
    "unclosed link": ("<https://x?" + "a" * HUGE, False),  # the "?" is still in a URL
    "backticks": ("`" * HUGE, False),
    "fences": ("```" * (HUGE // 3), False),
    "colons": (":" * HUGE, False),
    "emoji-like": (":a" * (HUGE // 2), False),
    "apostrophes": ("a'" * (HUGE // 2), False),
    "hyphens": ("a-" * (HUGE // 2), False),
    "escapes": ("&gt;" * (HUGE // 4), False),
    "urls": ("http://a?" * (HUGE // 9), False),
    "newlines": ("\n" * HUGE, False),
    "dots": (". " * (HUGE // 2), False),
    "small talk": ("how " * (HUGE // 4), False),
    "greetings": ("hi, " * (HUGE // 4), False),
    "sentences": ("Is it. " * (HUGE // 7), True),
    "long question": ("word " * (HUGE // 5) + "can you help?", True),
}


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_huge_messages_are_read_quickly(name: str) -> None:
    text, expected = ADVERSARIAL[name]
    began = timer.perf_counter()
    assert looks_like_question(text) is expected
    is_greeting_or_thanks(text)
    assert is_acknowledgement(text) is False
    assert timer.perf_counter() - began < 1.0  # linear work here takes a few milliseconds


def test_joined_text_appends_a_line() -> None:
    assert joined_text("Can we move the demo?", "Thursday suits us") == (
        "Can we move the demo?\nThursday suits us"
    )


def test_joined_text_stops_growing_at_slacks_message_limit() -> None:
    text = "Can we move the demo?"
    for _ in range(5_000):
        text = joined_text(text, "and one more thing to add")
    assert len(text) <= QUESTION_TEXT_LIMIT
    assert text.startswith("Can we move the demo?\nand one more thing")
    assert joined_text(text, "x" * 50) == text  # past the limit: nothing added, nothing cut
