"""`ownerbot run`: check the database, then serve Slack over HTTP or Socket Mode, with the
scheduler's sweeps running beside it."""

from __future__ import annotations

import logging

from bot.app import build_services
from bot.settings import Settings

log = logging.getLogger(__name__)


class NotMigrated(Exception):
    pass


async def run_bot(settings: Settings) -> int:
    # Imported here so `ownerbot --help` stays fast and free of Slack imports.
    from bot.jobs import JobContext
    from bot.scheduler import running_scheduler
    from handlers.slack import build_app, installation
    from handlers.slack.directory import SlackDirectory
    from handlers.slack.messenger import SlackMessenger
    from handlers.slack.server import serve_http, serve_socket_mode
    from storage.migrate import is_up_to_date

    services = build_services(settings)
    try:
        # Refuse rather than migrate silently: with several replicas, a schema change should be
        # one deliberate step (`ownerbot migrate`), not a race between starting processes.
        if not await is_up_to_date(services.engine):
            from bot.cli import CliError

            raise CliError(
                "the database is not migrated to the newest schema: run `ownerbot migrate` first"
            )
        app = build_app(services)
        jobs = JobContext(
            services,
            SlackMessenger(app.client),
            SlackDirectory(app.client),
            installation=installation(app.client),  # the sweeps touch this workspace's rows only
        )
        # The reminder (and digest) sweeps run beside the listeners; on the way out the
        # scheduler stops first, then `services.close()` lets a sweep in progress finish.
        async with running_scheduler(jobs):
            if settings.slack_app_token:
                await serve_socket_mode(app, app_token=settings.slack_app_token)
            else:
                await serve_http(app, port=settings.port)
        return 0
    finally:
        await services.close()
