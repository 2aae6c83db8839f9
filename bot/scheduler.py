"""The scheduler: APScheduler 3's AsyncIOScheduler running the sweeps of bot/jobs.py.

    context = JobContext(services, messenger, directory)
    async with running_scheduler(context):
        ...serve Slack...

Ticks come from the wall clock (that is what a scheduler is for); what a sweep does comes from
the database and `services.clock`, so a missed or repeated tick, a restart or a second replica
changes nothing. One run of a job at a time (`max_instances=1`), missed ticks folded into one
(`coalesce=True`). A run in progress at shutdown is finished, not cut off: it runs as a tracked
background task, which `Services.close()` waits for.

Adding a job: append a `Job` to `JOBS` (or pass `jobs=` to `build_scheduler`). The digest sweep's
slot is `DIGEST_SWEEP` → `bot.jobs.digest_sweep`, every 15 minutes: fill that function in.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot import jobs
from bot.jobs import JobContext

REMINDER_SWEEP = "reminder_sweep"
DIGEST_SWEEP = "digest_sweep"
PURGE_SWEEP = "purge_sweep"
# A tick later than this (the loop was busy, the machine asleep) still runs, folded into one.
MISFIRE_GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class Job:
    id: str
    run: Callable[[JobContext], Awaitable[object]]
    every: timedelta
    # The first run this long after the start (None: one interval after it). A daily job whose
    # first run waited a day would never run in a process restarted more often than that.
    first_after: timedelta | None = None


JOBS: tuple[Job, ...] = (
    Job(REMINDER_SWEEP, jobs.reminder_sweep, timedelta(minutes=1)),
    Job(DIGEST_SWEEP, jobs.digest_sweep, timedelta(minutes=15)),
    Job(PURGE_SWEEP, jobs.purge_sweep, timedelta(days=1), first_after=timedelta(minutes=5)),
)


async def _tracked(run: Callable[[JobContext], Awaitable[object]], context: JobContext) -> None:
    """Run a job as a tracked background task. Shielded: the scheduler's shutdown cancels what
    it runs, but a sweep that has claimed a stage should still send it."""

    async def job() -> None:
        await run(context)

    await asyncio.shield(context.services.background.spawn(job()))


def build_scheduler(context: JobContext, *, jobs: Sequence[Job] = JOBS) -> Any:
    """An AsyncIOScheduler (not started) with one interval job per `Job`."""
    scheduler = AsyncIOScheduler(
        timezone=UTC,
        job_defaults={
            "max_instances": 1,
            "coalesce": True,
            "misfire_grace_time": int(MISFIRE_GRACE.total_seconds()),
        },
    )
    for job in jobs:
        first = {}
        if job.first_after is not None:
            first["next_run_time"] = datetime.now(UTC) + job.first_after
        scheduler.add_job(
            _tracked,
            trigger=IntervalTrigger(seconds=job.every.total_seconds(), timezone=UTC),
            args=(job.run, context),
            id=job.id,
            name=job.id,
            max_instances=1,
            coalesce=True,
            replace_existing=True,
            **first,
        )
    return scheduler


@asynccontextmanager
async def running_scheduler(
    context: JobContext, *, jobs: Sequence[Job] = JOBS
) -> AsyncIterator[Any]:
    """The scheduler, started in the running event loop, shut down on leaving."""
    scheduler = build_scheduler(context, jobs=jobs)
    scheduler.start()
    try:
        yield scheduler
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        await asyncio.sleep(0)  # AsyncIOScheduler shuts down in a loop callback: let it run
