"""`ownerbot run`: check the database, then serve Slack over HTTP or Socket Mode."""

from __future__ import annotations

import logging

from bot.app import build_services
from bot.settings import Settings

log = logging.getLogger(__name__)


class NotMigrated(Exception):
    pass


async def run_bot(settings: Settings) -> int:
    # Imported here so `ownerbot --help` stays fast and free of Slack imports.
    from handlers.slack import build_app
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
        if settings.slack_app_token:
            await serve_socket_mode(app, app_token=settings.slack_app_token)
        else:
            await serve_http(app, port=settings.port)
        return 0
    finally:
        await services.close()
