"""The group-commit batcher (bot/batching.py): grouping, results in order, failures kept to the
item that caused them, and nobody left waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bot.batching import Batcher


class Poison(Exception):
    pass


class Down(Exception):
    pass


async def settle() -> None:
    """Let every ready task run (loop ticks, not wall time)."""
    for _ in range(10):
        await asyncio.sleep(0)


class Writer:
    """A flush that records each batch and fails for poison items or while `down`."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.down = False
        self.gate: asyncio.Event | None = None

    async def flush(self, items: Sequence[int]) -> list[int]:
        self.batches.append(list(items))
        if self.gate is not None:
            await self.gate.wait()
        if self.down:
            raise Down("database unavailable")
        if any(item < 0 for item in items):
            raise Poison(f"bad item in {list(items)}")
        return [item * 10 for item in items]


async def test_concurrent_items_share_one_batch_and_get_their_own_results() -> None:
    writer = Writer()
    batcher = Batcher(writer.flush)
    results = await asyncio.gather(*(batcher.submit(n) for n in range(1, 9)))
    assert results == [10, 20, 30, 40, 50, 60, 70, 80]
    assert writer.batches == [[1, 2, 3, 4, 5, 6, 7, 8]]
    assert (batcher.batches_written, batcher.largest_batch) == (1, 8)


async def test_a_lone_item_is_written_at_once() -> None:
    writer = Writer()
    batcher = Batcher(writer.flush)
    assert await batcher.submit(4) == 40
    assert await batcher.submit(5) == 50
    assert writer.batches == [[4], [5]]


async def test_items_arriving_during_a_write_form_the_next_batch() -> None:
    writer = Writer()
    writer.gate = asyncio.Event()
    batcher = Batcher(writer.flush)
    first = asyncio.ensure_future(batcher.submit(1))
    await settle()
    assert writer.batches == [[1]]  # being written, held at the gate
    later = [asyncio.ensure_future(batcher.submit(n)) for n in (2, 3, 4)]
    await settle()
    writer.gate.set()
    assert await asyncio.gather(first, *later) == [10, 20, 30, 40]
    assert writer.batches == [[1], [2, 3, 4]]


async def test_max_size_splits_a_burst() -> None:
    writer = Writer()
    batcher = Batcher(writer.flush, max_size=3)
    assert await asyncio.gather(*(batcher.submit(n) for n in range(7))) == [
        n * 10 for n in range(7)
    ]
    assert writer.batches == [[0, 1, 2], [3, 4, 5], [6]]


async def test_a_bad_item_fails_alone_and_its_neighbours_are_written() -> None:
    writer = Writer()
    batcher = Batcher(writer.flush)
    outcomes = await asyncio.gather(
        *(batcher.submit(n) for n in (1, -2, 3)), return_exceptions=True
    )
    assert outcomes[0] == 10 and outcomes[2] == 30
    assert isinstance(outcomes[1], Poison)
    assert writer.batches == [[1, -2, 3], [1], [-2], [3]]


async def test_an_outage_fails_every_item_without_retrying_one_by_one() -> None:
    writer = Writer()
    writer.down = True
    batcher = Batcher(writer.flush, isolate=lambda error: not isinstance(error, Down))
    outcomes = await asyncio.gather(*(batcher.submit(n) for n in (1, 2, 3)), return_exceptions=True)
    assert all(isinstance(outcome, Down) for outcome in outcomes)
    assert writer.batches == [[1, 2, 3]]
    writer.down = False
    assert await batcher.submit(7) == 70  # and it recovers


async def test_a_caller_that_goes_away_does_not_stop_the_write() -> None:
    writer = Writer()
    writer.gate = asyncio.Event()
    batcher = Batcher(writer.flush)
    gone = asyncio.ensure_future(batcher.submit(1))
    stays = asyncio.ensure_future(batcher.submit(2))
    await settle()
    gone.cancel()
    writer.gate.set()
    assert await stays == 20
    with pytest.raises(asyncio.CancelledError):
        await gone
    assert writer.batches == [[1, 2]]


async def test_shutting_the_writer_down_leaves_nobody_waiting() -> None:
    writer = Writer()
    writer.gate = asyncio.Event()  # never opened
    batcher = Batcher(writer.flush)
    waiting = [asyncio.ensure_future(batcher.submit(n)) for n in (1, 2)]
    await settle()
    queued = asyncio.ensure_future(batcher.submit(3))
    await settle()
    assert batcher._writer is not None
    batcher._writer.cancel()
    outcomes = await asyncio.gather(*waiting, queued, return_exceptions=True)
    assert all(isinstance(outcome, asyncio.CancelledError) for outcome in outcomes)


def test_a_batcher_outliving_its_event_loop_works_on_the_next() -> None:
    writer = Writer()
    batcher = Batcher(writer.flush)

    async def abandon() -> None:
        writer.gate = asyncio.Event()  # never opened: the loop is closed mid-write
        asyncio.ensure_future(batcher.submit(1))
        await settle()

    old = asyncio.new_event_loop()
    old.run_until_complete(abandon())
    old.close()  # closed without cancelling its tasks: the old writer never finishes
    writer.gate = None

    async def again() -> int:
        # The timeout only bounds a failure (a write that never starts), it times nothing.
        return await asyncio.wait_for(batcher.submit(2), timeout=10)

    assert asyncio.run(again()) == 20
