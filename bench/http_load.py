"""Figure 2: ack latency over HTTP on loopback at fixed arrival rates (50, 200, 500 requests/s)
of a realistic mix — 60 % channel messages, 20 % thread replies, 10 % reactions, 10 % /ask —
against `ownerbot run` (SQLite) and a bare slack-bolt server in the same run.

Open loop: request i is due at start + i/rate; its latency counts from when it was due, so a
server that falls behind shows it (no coordinated omission). Each server runs in its own process.
Run: `.venv/bin/python -m bench.http_load [seconds per rate]`
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

import aiohttp

from bench.stack import SECRET, TOKEN
from handlers.slack.simulator.engagement import (
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_TEAM,
    SHARED_CHANNEL,
    VENDOR_DEV,
    VENDOR_TEAM,
    fill_engagement,
)
from handlers.slack.simulator.events import message_event, reaction_added, slack_ts
from handlers.slack.simulator.requests import (
    FORM,
    JSON,
    event_callback,
    form_body,
    json_body,
    signed_request,
    slash_command,
)
from handlers.slack.simulator.web_api import SlackStandIn
from storage.migrate import migrate_url
from tests.reliability.child import free_port

RATES = (50, 200, 500)


@dataclass(frozen=True)
class Prepared:
    body: str
    headers: dict[str, str]


def mix(count: int, start_ts: float) -> list[Prepared]:
    """Signed requests, made before the clock starts so signing is not timed."""
    prepared = []
    roots: list[str] = []
    for index in range(count):
        ts = start_ts + index * 0.01
        kind = index % 10
        if kind == 9:
            body = form_body(
                slash_command(
                    "/ask", f"Is build {index} out?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL
                )
            )
            signed = signed_request(body, content_type=FORM, secret=SECRET)
        else:
            if kind == 8 and roots:
                event = reaction_added(
                    "eyes",
                    user=VENDOR_DEV,
                    channel=SHARED_CHANNEL,
                    item_ts=roots[-1],
                    event_ts=slack_ts(ts),
                )
            elif kind in (6, 7) and roots:
                event = message_event(
                    "Looking",
                    user=VENDOR_DEV,
                    channel=SHARED_CHANNEL,
                    ts=ts,
                    thread_ts=roots[-1],
                    team=VENDOR_TEAM,
                )
            else:
                client = index % 2 == 0
                event = message_event(
                    "Can you check the export?" if index % 7 == 0 else "Thanks, noted",
                    user=CLIENT_LEAD if client else VENDOR_DEV,
                    channel=SHARED_CHANNEL,
                    ts=ts,
                    team=CLIENT_TEAM if client else VENDOR_TEAM,
                )
                roots.append(str(event["ts"]))
            signed = signed_request(
                json_body(event_callback(event)), content_type=JSON, secret=SECRET
            )
        prepared.append(Prepared(signed.body, signed.headers))
    return prepared


async def wait_ready(url: str, process: asyncio.subprocess.Process) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(600):
            if process.returncode is not None:
                raise RuntimeError("server exited")
            try:
                async with session.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
    raise TimeoutError(url)


async def load(url: str, requests: list[Prepared], rate: int) -> tuple[float, float, int]:
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=2000)
    async with aiohttp.ClientSession(connector=connector) as session:
        start = perf_counter() + 0.2

        async def one(index: int, request: Prepared) -> None:
            nonlocal errors
            due = start + index / rate
            await asyncio.sleep(max(0.0, due - perf_counter()))
            try:
                async with session.post(
                    f"{url}/slack/events", data=request.body, headers=request.headers
                ) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
            except aiohttp.ClientError:
                errors += 1
            latencies.append((perf_counter() - due) * 1000)

        await asyncio.gather(*(one(i, r) for i, r in enumerate(requests)))
    latencies.sort()
    return latencies[len(latencies) // 2], latencies[int(0.99 * (len(latencies) - 1))], errors


async def start_server(
    command: list[str], env: dict[str, str], url: str
) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        *command, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    await wait_ready(url, process)
    return process


async def main(seconds: float = 5.0) -> None:
    print(
        f"HTTP ack latency on loopback, open loop, {seconds:g} s per rate, mix: 60% messages, "
        "20% replies, 10% reactions, 10% /ask"
    )
    ownerbot = str(Path(sys.executable).with_name("ownerbot"))
    async with SlackStandIn(bot_token=TOKEN) as slack:
        fill_engagement(slack)
        with tempfile.TemporaryDirectory() as folder:
            db = f"sqlite:///{Path(folder) / 'load.db'}"
            await migrate_url(db)
            ours_port, bare_port = free_port(), free_port()
            env = {
                "PATH": os.environ.get("PATH", ""),
                "DATABASE_URL": db,
                "SLACK_API_URL": slack.api_url,
                "SLACK_BOT_TOKEN": TOKEN,
                "SLACK_SIGNING_SECRET": SECRET,
                "PORT": str(ours_port),
                "LOG_LEVEL": "ERROR",
            }
            servers = {
                "bare Bolt": await start_server(
                    [sys.executable, "-m", "bench.bare_server", str(bare_port), slack.api_url],
                    {**env, "PYTHONPATH": os.getcwd()},
                    f"http://127.0.0.1:{bare_port}",
                ),
                "ownerbot": await start_server(
                    [ownerbot, "run"], env, f"http://127.0.0.1:{ours_port}"
                ),
            }
            urls = {
                "bare Bolt": f"http://127.0.0.1:{bare_port}",
                "ownerbot": f"http://127.0.0.1:{ours_port}",
            }
            try:
                print(f"  {'rate/s':>6} {'server':<10} {'p50 ms':>8} {'p99 ms':>9} {'errors':>7}")
                base = 1_790_000_000.0
                for rate in RATES:
                    count = int(rate * seconds)
                    for name in ("bare Bolt", "ownerbot"):
                        base += 100_000
                        requests = mix(count, base)
                        p50, p99, errors = await load(urls[name], requests, rate)
                        print(f"  {rate:>6} {name:<10} {p50:>8.2f} {p99:>9.2f} {errors:>7}")
            finally:
                for process in servers.values():
                    process.terminate()
                    await process.wait()
    print("  goal: ownerbot p99 < 25 ms at 200 requests/s")


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1]) if len(sys.argv) > 1 else 5.0))
