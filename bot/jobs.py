"""What the scheduler runs: stateless sweeps that read the time from `services.clock`.

Each job takes a `JobContext` and never raises: a failing sweep is logged and the next tick runs
it again from the database, which is where all its state lives."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.app import Services
from bot.events import Tenant
from bot.ports import Directory, Messenger, Publisher
from bot.services.digest_runs import DigestSweepReport, sweep_digests
from bot.services.privacy import purge_question_texts
from bot.services.reminders import SweepReport, sweep_reminders

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobContext:
    """What every job gets: the services, and the platform behind the ports."""

    services: Services
    messenger: Messenger
    directory: Directory | None = None
    # The workspace this process serves (its token's), or how to ask for it: the sweeps act on
    # that workspace's rows only, so processes of several workspaces may share one database.
    # None: every workspace in the database (tests and the demo have one).
    installation: Tenant | Callable[[], Awaitable[Tenant]] | None = None

    async def tenant(self) -> Tenant | None:
        if self.installation is None or isinstance(self.installation, Tenant):
            return self.installation
        return await self.installation()


async def reminder_sweep(context: JobContext) -> SweepReport | None:
    """Every minute: reminders at 75 %, breaches at 100 %, escalations at 200 % of the target."""
    try:
        report = await sweep_reminders(
            context.services, context.messenger, context.directory, tenant=await context.tenant()
        )
    except Exception:
        log.exception("reminder sweep failed; the next tick tries again")
        return None
    if report.sent_stages or report.errors or report.failures:
        log.info(
            "reminder sweep: %d open, %d stages sent (%d messages, %d undelivered), "
            "%d waiting for business hours, %d errors",
            report.considered,
            len(report.sent_stages),
            report.messages,
            report.failures,
            report.waiting,
            report.errors,
        )
    return report


async def digest_sweep(context: JobContext) -> DigestSweepReport | None:
    """Every 15 minutes: the weekly digests and leads' portfolios that are due
    (bot/services/digest_runs.py): each channel-week claimed in the database before posting,
    posted through the messenger's paced sender, marked with the posted ts; a week missed while
    down is caught up (the latest only). Logs and returns None on failure."""
    publisher = context.messenger
    if not isinstance(publisher, Publisher):
        log.error("digest sweep: %s cannot post digests", type(publisher).__name__)
        return None
    try:
        report = await sweep_digests(context.services, publisher, tenant=await context.tenant())
    except Exception:
        log.exception("digest sweep failed; the next tick tries again")
        return None
    if report.posted or report.failed or report.portfolios_posted or report.portfolios_failed:
        log.info(
            "digest sweep: %d due, %d digests posted (%d found already posted), %d failed; "
            "%d portfolios posted, %d failed; %d busy elsewhere, %d given up",
            report.due,
            len(report.posted),
            sum(1 for p in report.posted if p.found),
            len(report.failed),
            len(report.portfolios_posted),
            len(report.portfolios_failed),
            report.busy,
            report.given_up,
        )
    return report


async def purge_sweep(context: JobContext) -> int | None:
    """Daily: the text of questions older than QUESTION_RETENTION_DAYS is purged (figures stay)."""
    try:
        purged = await purge_question_texts(context.services, await context.tenant())
    except Exception:
        log.exception("purge sweep failed; the next run tries again")
        return None
    if purged:
        log.info("purge sweep: the text of %d question(s) past retention removed", purged)
    return purged
