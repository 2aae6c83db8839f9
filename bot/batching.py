"""Group commit: work submitted by concurrent requests is written together, one transaction per
batch, and each caller still waits until its own item is written (so it acks only after that).

Items that arrive while a batch is being written form the next batch, so a busy process writes
bigger batches instead of queueing transactions; a lone item is written at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

Flush = Callable[[Sequence[Item]], Awaitable[Sequence[Result]]]


class Batcher(Generic[Item, Result]):
    def __init__(
        self,
        flush: Flush[Item, Result],
        *,
        max_size: int = 200,
        isolate: Callable[[BaseException], bool] = lambda _error: True,
    ) -> None:
        """`flush` writes a batch and returns one result per item, in order. When it fails for a
        batch of several, each item is tried alone if `isolate(error)` says the error may belong
        to one item (a bad row), so one bad item cannot fail its neighbours."""
        self._flush = flush
        self._max_size = max_size
        self._isolate = isolate
        self._pending: list[tuple[Item, asyncio.Future[Result]]] = []
        self._writer: asyncio.Task[None] | None = None
        # Figures for benchmarks and tests: how much was grouped.
        self.batches_written = 0
        self.largest_batch = 0

    async def submit(self, item: Item) -> Result:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Result] = loop.create_future()
        if self._writer is not None and self._writer.get_loop() is not loop:
            # Services outlived an event loop (a test, a CLI command): start afresh on this one.
            self._writer, self._pending = None, []
        self._pending.append((item, future))
        if self._writer is None or self._writer.done():
            self._writer = loop.create_task(self._write_all())
        # The writer task owns the write: a caller that goes away does not stop it.
        return await future

    async def _write_all(self) -> None:
        # One loop tick lets requests that are already running add their items first.
        await asyncio.sleep(0)
        try:
            while self._pending:
                batch = self._pending[: self._max_size]
                del self._pending[: len(batch)]
                try:
                    await self._write(batch)
                except asyncio.CancelledError:
                    self._pending[:0] = batch
                    raise
        except asyncio.CancelledError:
            # Shutting down: nobody may wait forever on a write that will not happen.
            for _, future in self._pending:
                future.cancel()
            self._pending.clear()
            raise

    async def _write(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        try:
            results = await self._flush([item for item, _ in batch])
        except Exception as error:
            if len(batch) > 1 and self._isolate(error):
                for one in batch:
                    await self._write([one])
                return
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        self.batches_written += 1
        self.largest_batch = max(self.largest_batch, len(batch))
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)
