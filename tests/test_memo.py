"""The in-process memory: entries expire, the size is bounded, a clock going back forgets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.memo import Expiring

T0 = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def test_an_entry_lives_until_its_expiry() -> None:
    memo: Expiring[str, int] = Expiring(ttl=timedelta(minutes=5))
    memo.put("a", 1, T0)
    assert memo.get("a", T0 + timedelta(minutes=4, seconds=59)) == 1
    assert memo.get("a", T0 + timedelta(minutes=5)) is None
    assert memo.get("a", T0) is None  # gone once expired


def test_a_clock_that_goes_back_does_not_trust_the_entry() -> None:
    memo: Expiring[str, int] = Expiring(ttl=timedelta(minutes=5))
    memo.put("a", 1, T0)
    assert memo.get("a", T0 - timedelta(seconds=1)) is None


def test_the_oldest_entries_make_room() -> None:
    memo: Expiring[int, int] = Expiring(ttl=timedelta(hours=1), max_entries=3)
    for key in range(5):
        memo.put(key, key, T0)
    assert [memo.get(k, T0) for k in range(5)] == [None, None, 2, 3, 4]


def test_forget_removes_one_entry() -> None:
    memo: Expiring[str, int] = Expiring(ttl=timedelta(hours=1))
    memo.put("a", 1, T0)
    memo.put("b", 2, T0)
    memo.forget("a")
    memo.forget("missing")
    assert (memo.get("a", T0), memo.get("b", T0)) == (None, 2)
