"""The Slack Web API stand-in in a process of its own, for the HTTP benchmark: serving the bot's
Slack calls must not take time from the load generator's clock. Prints its API URL, then serves
until terminated. Run: `.venv/bin/python -m bench.slack_server`
"""

from __future__ import annotations

import asyncio
import signal

from bench.http_load import fill_workspace
from bench.stack import TOKEN
from handlers.slack.simulator.web_api import SlackStandIn


async def serve() -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with SlackStandIn(bot_token=TOKEN) as slack:
        fill_workspace(slack)
        print(slack.api_url, flush=True)
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(serve())
