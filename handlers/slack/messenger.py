"""The Messenger port over Slack's Web API: notes rendered as Block Kit, sent as the bot.

Slack's refusals (`ok: false`, a 429 still there after the client's retries, the network) are
logged with their context and reported as None/False: a sweep never stops at one person.

It is also the Publisher of the weekly digests and portfolios: those are rendered here and
posted through one paced sender (handlers/slack/sender.py) per messenger, each marked with
message metadata {event_type, event_payload: {channel, week}}."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.events import Tenant
from bot.ports import DigestNote, Note, PortfolioNote, Publication, Publishable
from bot.services.asking import question_card
from bot.services.prompts import prompt_for_question, prompt_recipient
from handlers.slack.failures import error_of
from handlers.slack.posting import Notify, post_question
from handlers.slack.render import render
from handlers.slack.render.digest import Link, archive_links, digest_message
from handlers.slack.render.portfolio import portfolio_message
from handlers.slack.sender import Outgoing, PacedSender

log = logging.getLogger(__name__)

_FAILURES = (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError, OSError)


class SlackMessenger:
    def __init__(self, client: AsyncWebClient, *, sender: PacedSender | None = None) -> None:
        self._client = client
        self._dms: dict[str, str] = {}
        self._links: dict[tuple[str, str], str] = {}
        self._sender = sender
        self._workspace_url: str | None = None

    async def direct(self, user_id: str, note: Note) -> str | None:
        channel = self._dms.get(user_id)
        if channel is None:
            try:
                opened = await self._client.conversations_open(users=user_id)
            except _FAILURES as exc:
                _log_failure("conversations.open", exc, note, user_id)
                return None
            channel = str(opened["channel"]["id"])
            self._dms[user_id] = channel
        return await self._send(channel, note, None, to=user_id)

    async def post(
        self, channel_id: str, note: Note, *, thread_ts: str | None = None
    ) -> str | None:
        return await self._send(channel_id, note, thread_ts, to=channel_id)

    async def update(self, channel_id: str, ts: str, note: Note) -> bool:
        text, blocks = await self.render(note)
        try:
            await self._client.chat_update(channel=channel_id, ts=ts, text=text, blocks=blocks)
        except _FAILURES as exc:
            _log_failure("chat.update", exc, note, channel_id)
            return False
        return True

    async def render(self, note: Note) -> tuple[str, list[Block]]:
        facts = note.question
        return render(note, await self.permalink(facts.channel_id, facts.thread_ts))

    async def permalink(self, channel_id: str, ts: str | None) -> str:
        """The question's permalink (chat.getPermalink); the channel itself if Slack won't say."""
        fallback = "https://slack.com/app_redirect?" + urlencode({"channel": channel_id})
        if ts is None:
            return fallback
        key = (channel_id, ts)
        if key not in self._links:
            try:
                answer = await self._client.chat_getPermalink(channel=channel_id, message_ts=ts)
            except _FAILURES as exc:
                log.info("no permalink for %s/%s: %s", channel_id, ts, _error(exc))
                return fallback
            self._links[key] = str(answer.get("permalink") or fallback)
        return self._links[key]

    # -- the Publisher: digests and portfolios -------------------------------------------------

    @property
    def sender(self) -> PacedSender:
        """The one paced sender every digest of this messenger goes through."""
        if self._sender is None:
            self._sender = PacedSender(self._client)
        return self._sender

    async def publish(
        self, notes: Sequence[Publishable], *, within: float | None = None
    ) -> list[Publication]:
        link = archive_links(await self._workspace())
        outgoing: list[Outgoing | None] = []
        for note in notes:
            try:
                text, blocks = render_publishable(note, link)
            except Exception:
                log.exception("could not render the %s for %s", note.event_type, note.channel_id)
                outgoing.append(None)
                continue
            outgoing.append(
                Outgoing(
                    note.channel_id,
                    text,
                    blocks,
                    metadata=marker(note),
                    look_since=note.look_since,
                )
            )
        ready = [item for item in outgoing if item is not None]
        deliveries = iter(await self.sender.send(ready, within=within))
        published = []
        for item in outgoing:
            if item is None:
                published.append(Publication(error="could not render"))
                continue
            done = next(deliveries)
            published.append(Publication(ts=done.ts, error=done.error, found=done.found))
        return published

    async def _workspace(self) -> str | None:
        """The workspace's URL (auth.test), for message links; None if Slack won't say."""
        if self._workspace_url is None:
            try:
                answer = await self._client.auth_test()
            except _FAILURES as exc:
                log.info("auth.test failed (%s): digests link with app_redirect", _error(exc))
                return None
            self._workspace_url = str(answer.get("url") or "") or None
        return self._workspace_url

    async def _send(
        self, channel: str, note: Note, thread_ts: str | None, *, to: str
    ) -> str | None:
        text, blocks = await self.render(note)
        try:
            response = await self._client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                thread_ts=thread_ts,
                unfurl_links=False,
                unfurl_media=False,
            )
        except _FAILURES as exc:
            _log_failure("chat.postMessage", exc, note, to)
            return None
        return str(response["ts"])


def render_publishable(note: Publishable, link: Link) -> tuple[str, list[Block]]:
    if isinstance(note, DigestNote):
        return digest_message(note.figures, link=link)
    if isinstance(note, PortfolioNote):
        return portfolio_message(note)
    raise TypeError(f"no rendering for {type(note).__name__}")


def marker(note: Publishable) -> dict[str, Any]:
    """The message metadata a digest or portfolio is posted with, and found again by."""
    return {
        "event_type": note.event_type,
        "event_payload": {"channel": note.channel_id, "week": note.week},
    }


def _error(exc: BaseException) -> str:
    return error_of(exc)  # Slack's error code, "timeout", or the exception


def _log_failure(method: str, exc: BaseException, note: Note, to: str) -> None:
    log.warning(
        "%s failed: %s (note=%s question=%s to=%s)",
        method,
        _error(exc),
        type(note).__name__,
        note.question.question_id,
        to,
    )


# -- after a question is created: the owner's prompt, once the handler has acked ----------------


def prompt_owner_later(services: Services, client: AsyncWebClient, question_id: int) -> None:
    """Prompt the owner about a new question in the background (handlers call this after
    storing the question; the ack does not wait for Slack)."""
    services.background.spawn(prompt_for_question(services, SlackMessenger(client), question_id))


async def post_then_prompt(
    services: Services,
    client: AsyncWebClient,
    tenant: Tenant,
    question_id: int,
    notify: Notify | None = None,
) -> None:
    """/ask, after the ack: post the question (its post becomes the thread), then prompt the
    owner, so the prompt's Open thread leads to the post. The owner is prompted even if the
    post failed."""
    card = await question_card(services, tenant, question_id)
    if card is None:
        log.error("asked question %s not found for posting", question_id)
        return
    await post_question(services, client, tenant, card, notify)
    # The card was read a moment ago: when it shows nobody to prompt, spare the prompt's reads.
    if prompt_recipient(card.direction, card.assignee_user_id, card.owner_user_id) is not None:
        await prompt_for_question(services, SlackMessenger(client), card.question_id)
