"""How requests reach the app: HTTP on PORT at /slack/events, or Socket Mode with an app token."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from handlers.slack.translate import context_problem, shape_problem

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def build_web_app(app: AsyncApp) -> web.Application:
    async def slack_events(request: web.Request) -> web.Response:
        try:
            bolt_request = await to_bolt_request(request)
        except ValueError:  # a body Bolt cannot parse (bad JSON, bad encoding): nothing to do
            log.warning("unparseable request body on %s", EVENTS_PATH)
            return web.Response(status=400, text="malformed request body")
        except (AttributeError, TypeError, KeyError, IndexError) as exc:
            # Bolt reads ids out of the body as it builds the request and assumes Slack's shapes
            # (an object, with objects where Slack puts them): anything else is not from Slack.
            log.warning("request body not shaped like Slack's on %s: %r", EVENTS_PATH, exc)
            return web.Response(status=400, text="malformed request body")
        problem = shape_problem(bolt_request.body) or context_problem(bolt_request.context)
        if problem is not None:
            log.warning("malformed Slack payload: %s", problem)
            return web.Response(status=400, text="malformed payload")
        bolt_response = await app.async_dispatch(bolt_request)
        return await to_aiohttp_response(bolt_response)

    async def health(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, slack_events)
    web_app.router.add_get("/healthz", health)
    return web_app


async def serve_http(app: AsyncApp, *, port: int, host: str = "0.0.0.0") -> None:  # noqa: S104
    runner = web.AppRunner(build_web_app(app), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    log.info("listening for Slack on http://%s:%d%s", host, port, EVENTS_PATH)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


async def serve_socket_mode(app: AsyncApp, *, app_token: str) -> None:
    handler = AsyncSocketModeHandler(app, app_token=app_token, web_client=app.client)
    log.info("connecting to Slack over Socket Mode")
    try:
        await handler.start_async()
    finally:
        await handler.close_async()
