"""The scheduler's sweeps in a child process, to be killed: `python -m tests.reliability.sweeper`.

Runs the real jobs (bot/jobs.py: the reminder sweep, then the digest sweep) LOOPS times at the
moment NOW (ISO-8601), against DATABASE_URL and the Web API at SLACK_API_URL, as `ownerbot run`'s
scheduler would; prints "ready" once it can sweep and "swept N" after each pass.
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import datetime

from bot.app import build_services
from bot.jobs import JobContext, digest_sweep, reminder_sweep
from bot.ports import FixedClock
from bot.settings import load_settings
from handlers.slack import build_client
from handlers.slack.directory import SlackDirectory
from handlers.slack.messenger import SlackMessenger


async def main() -> int:
    settings = load_settings(env_file=None)
    clock = FixedClock(datetime.fromisoformat(os.environ["NOW"]))
    services = build_services(settings, clock=clock)
    try:
        client = build_client(services)
        context = JobContext(services, SlackMessenger(client), SlackDirectory(client))
        print("ready", flush=True)
        for n in range(int(os.environ.get("LOOPS", "2"))):
            if await reminder_sweep(context) is None or await digest_sweep(context) is None:
                return 1  # a sweep raised (logged): the parent test fails on the exit status
            print(f"swept {n}", flush=True)
        return 0
    finally:
        await services.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
