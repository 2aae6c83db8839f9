"""Figure 5: posting 1,000 digests through the paced sender against the Web API stand-in, which
answers bursts of 429 (Retry-After: 1): messages lost, duplicated, and the total time against the
rate-limit floor (one message per second per channel). The baseline is a bare slack_sdk client
with its default retry handlers (what a bare slack-bolt app posts with), in the same run.

Run: `.venv/bin/python -m bench.post_digests`
"""

from __future__ import annotations

import asyncio
from collections import Counter
from time import perf_counter

from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bench.stack import TOKEN
from handlers.slack.sender import Outgoing, PacedSender
from handlers.slack.simulator.web_api import SlackStandIn

BLOCKS = [
    {"type": "header", "text": {"type": "plain_text", "text": "Weekly digest · 2026-W46"}},
    {"type": "section", "text": {"type": "mrkdwn", "text": "🟢 *Healthy* · 12 asked, 11 answered"}},
]


def plan(channels: int, per_channel: int) -> list[Outgoing]:
    return [
        Outgoing(
            f"C{c:06d}",
            f"Weekly digest {n}",
            BLOCKS,
            metadata={"event_type": "ownerbot_digest", "event_payload": {"n": n, "c": c}},
        )
        for n in range(per_channel)
        for c in range(channels)
    ]


def outcome(slack: SlackStandIn, items: list[Outgoing]) -> tuple[int, int]:
    """(lost, duplicated) by what the stand-in actually holds."""
    wanted = Counter((i.channel, i.text) for i in items)
    held = Counter(
        (channel, m["text"])
        for channel in {i.channel for i in items}
        for m in slack.messages(channel)
    )
    lost = sum(max(0, n - held[key]) for key, n in wanted.items())
    doubled = sum(max(0, n - wanted[key]) for key, n in held.items())
    return lost, doubled


async def run(
    channels: int, per_channel: int, bursts: int, paced: bool
) -> tuple[float, int, int, int]:
    async with SlackStandIn(bot_token=TOKEN) as slack:
        for c in range(channels):
            slack.add_channel(f"C{c:06d}", f"client-{c}", members=[])
        items = plan(channels, per_channel)
        slack.rate_limit_next("chat.postMessage", retry_after=1, times=bursts)
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        started = perf_counter()
        if paced:
            deliveries = await PacedSender(client).send(items)
            failed = sum(not d.ok for d in deliveries)
        else:
            client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
            failed = 0

            async def post(item: Outgoing) -> None:
                nonlocal failed
                try:
                    await client.chat_postMessage(
                        channel=item.channel, text=item.text, blocks=list(item.blocks)
                    )
                except Exception:
                    failed += 1

            semaphore = asyncio.Semaphore(16)

            async def bounded(item: Outgoing) -> None:
                async with semaphore:
                    await post(item)

            await asyncio.gather(*(bounded(i) for i in items))
        seconds = perf_counter() - started
        lost, doubled = outcome(slack, items)
        return seconds, lost, doubled, failed


async def main() -> None:
    print("posting 1,000 digests against the stand-in, with bursts of 429 (Retry-After: 1)")
    print(
        f"  {'shape':<24} {'sender':<26} {'seconds':>8} {'floor s':>8} {'lost':>5} "
        f"{'doubled':>8} {'reported':>9}"
    )
    for channels, per_channel, bursts in ((1000, 1, 50), (100, 10, 50)):
        floor = float(per_channel - 1)  # one per second per channel, channels in parallel
        shape = f"{channels} ch × {per_channel} post(s)"
        for paced, name in ((False, "bare slack_sdk client"), (True, "ownerbot paced sender")):
            seconds, lost, doubled, failed = await run(channels, per_channel, bursts, paced)
            print(
                f"  {shape:<24} {name:<26} {seconds:>8.1f} {floor:>8.1f} {lost:>5} "
                f"{doubled:>8} {failed:>9}"
            )
    print(
        "  goal: 0 lost and 0 doubled ('reported' = failures the sender handed to the next sweep)"
    )


if __name__ == "__main__":
    asyncio.run(main())
