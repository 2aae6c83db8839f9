"""The scheduler: a real AsyncIOScheduler in the test's event loop runs the sweeps; jobs read
the injected clock; a failing sweep is logged and the next tick runs; `ownerbot run` starts it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent

import bot.jobs
import bot.scheduler
from bot.app import Services
from bot.jobs import JobContext
from bot.ports import FixedClock
from bot.scheduler import (
    DIGEST_SWEEP,
    JOBS,
    PURGE_SWEEP,
    REMINDER_SWEEP,
    Job,
    build_scheduler,
    running_scheduler,
)
from handlers.slack import build_client
from handlers.slack.directory import SlackDirectory
from handlers.slack.messenger import SlackMessenger
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.e2e.reminders.support import at, dms, seed_roles
from tests.e2e.rows import only_question
from tests.slack_fixtures import CLIENT_DEV, SHARED_CHANNEL, VENDOR_OWNER

WITHIN = 10.0  # seconds: a bound on waiting for the scheduler, never a sleep that decides


def _context(services: Services) -> JobContext:
    client = build_client(services)
    return JobContext(services, SlackMessenger(client), SlackDirectory(client))


def _finished(scheduler: Any, job_id: str) -> asyncio.Queue[JobExecutionEvent]:
    """A queue that receives each finished run (or failure) of `job_id`."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[JobExecutionEvent] = asyncio.Queue()

    def listener(event: JobExecutionEvent) -> None:
        if event.job_id == job_id:
            loop.call_soon_threadsafe(queue.put_nowait, event)

    scheduler.add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    return queue


def _run_now(scheduler: Any, job_id: str) -> None:
    # The tick is the scheduler's (wall time); what the job does reads the injected clock.
    scheduler.get_job(job_id).modify(next_run_time=datetime.now(UTC))
    scheduler.wakeup()


async def test_a_real_scheduler_runs_the_reminder_sweep(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await seed_roles(services)
    await sender.command("/ask", "Is it live?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)
    question = await only_question(services)
    clock.set(at(18, 13))  # 75 % by the injected clock; the wall clock says something else

    async with running_scheduler(_context(services)) as scheduler:
        assert scheduler.running
        finished = _finished(scheduler, REMINDER_SWEEP)
        _run_now(scheduler, REMINDER_SWEEP)
        event = await asyncio.wait_for(finished.get(), WITHIN)
        assert event.exception is None

        assert (await only_question(services)).reminder_stage == 1
        assert len(dms(slack, VENDOR_OWNER)) == 2  # the prompt, then the reminder

        # The next tick finds nothing new: the stage is in the database, not in the job.
        _run_now(scheduler, REMINDER_SWEEP)
        await asyncio.wait_for(finished.get(), WITHIN)
        assert len(dms(slack, VENDOR_OWNER)) == 2
    assert question.id is not None
    assert not scheduler.running


async def test_jobs_are_registered_one_at_a_time_and_coalesced(services: Services) -> None:
    scheduler = build_scheduler(JobContext(services, messenger=_Silent()))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {REMINDER_SWEEP, DIGEST_SWEEP, PURGE_SWEEP}
    assert jobs[REMINDER_SWEEP].trigger.interval == timedelta(minutes=1)
    assert jobs[DIGEST_SWEEP].trigger.interval == timedelta(minutes=15)
    for job in jobs.values():
        assert job.max_instances == 1
        assert job.coalesce is True
    assert jobs[PURGE_SWEEP].trigger.interval == timedelta(days=1)
    assert [job.run for job in JOBS] == [
        bot.jobs.reminder_sweep,
        bot.jobs.digest_sweep,
        bot.jobs.purge_sweep,
    ]


async def test_a_failing_sweep_is_logged_and_the_next_tick_runs(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[datetime] = []

    async def flaky(context: JobContext) -> None:
        calls.append(context.services.clock.now())
        if len(calls) == 1:
            raise RuntimeError("database went away")

    context = JobContext(services, messenger=_Silent())
    jobs = [Job("flaky", flaky, timedelta(minutes=1))]
    with caplog.at_level(logging.ERROR):
        async with running_scheduler(context, jobs=jobs) as scheduler:
            finished = _finished(scheduler, "flaky")
            _run_now(scheduler, "flaky")
            failed = await asyncio.wait_for(finished.get(), WITHIN)
            _run_now(scheduler, "flaky")
            succeeded = await asyncio.wait_for(finished.get(), WITHIN)
    assert isinstance(failed.exception, RuntimeError)
    assert succeeded.exception is None
    assert len(calls) == 2
    assert calls[0] == services.clock.now()  # the injected clock, not the wall clock
    assert "database went away" in caplog.text


async def test_the_reminder_job_never_raises(
    services: Services, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*_args: object) -> None:
        raise ConnectionError("no database")

    monkeypatch.setattr(bot.jobs, "sweep_reminders", broken)
    with caplog.at_level(logging.ERROR):
        assert await bot.jobs.reminder_sweep(JobContext(services, messenger=_Silent())) is None
    assert "reminder sweep failed" in caplog.text


async def test_a_sweep_in_progress_finishes_after_shutdown(services: Services) -> None:
    started, release, done = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def slow(_context: JobContext) -> None:
        started.set()
        await release.wait()
        done.set()

    async with running_scheduler(
        JobContext(services, messenger=_Silent()), jobs=[Job("slow", slow, timedelta(minutes=1))]
    ) as scheduler:
        _run_now(scheduler, "slow")
        await asyncio.wait_for(started.wait(), WITHIN)
    # The scheduler is shut down; the sweep it started is not cut off mid-way.
    release.set()
    await asyncio.wait_for(services.background.drain(), WITHIN)
    assert done.is_set()


async def test_ownerbot_run_starts_and_stops_the_scheduler(
    services: Services, slack: SlackStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handlers.slack.server
    from bot.runner import run_bot

    seen: dict[str, Any] = {}
    real = bot.scheduler.running_scheduler

    @asynccontextmanager
    async def spy(context: JobContext, **kwargs: Any) -> AsyncIterator[Any]:
        async with real(context, **kwargs) as scheduler:
            seen["scheduler"], seen["context"] = scheduler, context
            yield scheduler

    async def serve_http(app: object, *, port: int) -> None:
        seen["running while serving"] = seen["scheduler"].running
        seen["jobs"] = {job.id for job in seen["scheduler"].get_jobs()}

    monkeypatch.setattr(bot.scheduler, "running_scheduler", spy)
    monkeypatch.setattr(handlers.slack.server, "serve_http", serve_http)

    assert await run_bot(services.settings) == 0

    assert seen["running while serving"] is True
    assert seen["jobs"] == {REMINDER_SWEEP, DIGEST_SWEEP, PURGE_SWEEP}
    assert isinstance(seen["context"].messenger, SlackMessenger)
    assert isinstance(seen["context"].directory, SlackDirectory)
    assert not seen["scheduler"].running


class _Silent:
    """A Messenger that sends nothing (for jobs that do not message)."""

    async def direct(self, user_id: str, note: object) -> str | None:
        return None

    async def post(self, channel_id: str, note: object, *, thread_ts: str | None = None) -> None:
        return None

    async def update(self, channel_id: str, ts: str, note: object) -> bool:
        return False
