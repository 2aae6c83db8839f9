"""A bare slack-bolt AsyncApp served over HTTP like ours (aiohttp, POST /slack/events), whose
listeners only ack: the baseline for the HTTP load figure.
Run: python -m bench.bare_server PORT API_URL"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bench.stack import SECRET, TOKEN


async def serve(port: int, api_url: str) -> None:
    app = AsyncApp(
        client=AsyncWebClient(token=TOKEN, base_url=api_url),
        signing_secret=SECRET,
        process_before_response=True,
    )

    async def just_ack(ack: Callable[[], Awaitable[None]]) -> None:
        await ack()

    app.command("/ask")(just_ack)
    app.event("message")(just_ack)
    app.event("reaction_added")(just_ack)

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    async def health(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    web_app = web.Application()
    web_app.router.add_post("/slack/events", events)
    web_app.router.add_get("/healthz", health)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), sys.argv[2]))
