"""A Slack you can run locally: a stand-in of the Web API (with Socket Mode), builders of the
payloads Slack sends, and senders that deliver them to the app signed (HTTP) or over a websocket.

Tests use it, and so does the Slack-less demo:

    async with SlackStandIn(clock=clock) as slack:          # web_api.py
        settings = load_settings(None, slack_api_url=slack.api_url, ...)
        async with LocalServer(build_web_app(build_app(services))) as server:
            sender = SignedSender(server.url, signing_secret=..., drain=services.background.drain)
            await sender.command("/ask", "Where is the staging URL?", user_id=..., channel_id=...)
"""

from handlers.slack.simulator.local_server import LocalServer
from handlers.slack.simulator.transport import Ack, Result, SignedSender, SocketModeSender
from handlers.slack.simulator.web_api import Call, SlackStandIn

__all__ = [
    "Ack",
    "Call",
    "LocalServer",
    "Result",
    "SignedSender",
    "SlackStandIn",
    "SocketModeSender",
]
