"""Figure 2: ack latency over HTTP on loopback at fixed arrival rates (50, 200, 500 requests/s)
of a realistic mix — 60 % channel messages, 20 % thread replies, 10 % reactions, 10 % /ask,
spread over 20 client channels and their people — against `ownerbot run` (SQLite) and a bare
slack-bolt server in the same run.

Open loop: request i is due at start + i/rate; its latency counts from when it was due, so a
server that falls behind shows it (no coordinated omission). Each server runs in its own process
and first serves an untimed warm-up, so one-time first sights of people and channels are not timed.
Run: `.venv/bin/python -m bench.http_load [seconds per rate] [rates, e.g. 100,150]`
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

import aiohttp

from bench.stack import SECRET, TOKEN
from handlers.slack.simulator.engagement import VENDOR_TEAM, fill_engagement
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
WARM_UP = 400  # requests at 50/s before the timed rates


@dataclass(frozen=True)
class Prepared:
    body: str
    headers: dict[str, str]


CHANNELS = 20  # client channels, each with its own client team of CLIENTS_PER_CHANNEL people
CLIENTS_PER_CHANNEL = 4
VENDORS = 6  # the vendor's people, each in every channel


def channel_id(n: int) -> str:
    return f"C0BENCH{n:03d}"


def client_id(channel: int, n: int) -> str:
    return f"UBC{channel:03d}X{n}"


def vendor_id(n: int) -> str:
    return f"UBV{n:02d}"


def fill_workspace(slack: SlackStandIn) -> None:
    """A vendor running CHANNELS client channels: traffic spread as a workspace spreads it, not
    one client typing 100 messages a second into one channel."""
    fill_engagement(slack)
    for n in range(VENDORS):
        slack.add_user(vendor_id(n), f"Vendor {n}", tz="Europe/Amsterdam")
    for c in range(CHANNELS):
        clients = [client_id(c, n) for n in range(CLIENTS_PER_CHANNEL)]
        for n, user in enumerate(clients):
            slack.add_user(user, f"Client {c}.{n}", team_id=f"T0BC{c:03d}", tz="America/New_York")
        slack.add_channel(
            channel_id(c),
            f"client-{c:03d}",
            members=[*(vendor_id(n) for n in range(VENDORS)), *clients],
            is_ext_shared=True,
        )


def mix(count: int, start_ts: float, seed: int = 7) -> list[Prepared]:
    """Signed requests, made before the clock starts so signing is not timed: 60 % top-level
    messages (a client's is a question one time in ten), 20 % thread replies, 10 % :eyes:
    reactions, 10 % /ask, in random channels by random members."""
    rng = random.Random(seed)
    prepared = []
    roots: dict[int, list[str]] = {}
    for index in range(count):
        ts = start_ts + index * 0.01
        channel = rng.randrange(CHANNELS)
        client = client_id(channel, rng.randrange(CLIENTS_PER_CHANNEL))
        vendor = vendor_id(rng.randrange(VENDORS))
        recent = roots.get(channel, [])[-5:]
        kind = rng.random()
        if kind < 0.1:
            body = form_body(
                slash_command(
                    "/ask",
                    f"Is build {index} out?",
                    user_id=client,
                    channel_id=channel_id(channel),
                    team_id=VENDOR_TEAM,
                )
            )
            signed = signed_request(body, content_type=FORM, secret=SECRET)
            prepared.append(Prepared(signed.body, signed.headers))
            continue
        if kind < 0.2 and recent:
            event = reaction_added(
                "eyes",
                user=vendor,
                channel=channel_id(channel),
                item_ts=rng.choice(recent),
                event_ts=slack_ts(ts),
            )
        elif kind < 0.4 and recent:
            by_client = rng.random() < 0.3
            event = message_event(
                "Thanks, that works" if by_client else "Looking into it now",
                user=client if by_client else vendor,
                channel=channel_id(channel),
                ts=ts,
                thread_ts=rng.choice(recent),
                team=f"T0BC{channel:03d}" if by_client else VENDOR_TEAM,
            )
        else:
            by_client = rng.random() < 0.5
            asks = by_client and rng.random() < 0.1
            event = message_event(
                "Can you check the export?" if asks else "Deployed the fix, thanks",
                user=client if by_client else vendor,
                channel=channel_id(channel),
                ts=ts,
                team=f"T0BC{channel:03d}" if by_client else VENDOR_TEAM,
            )
            roots.setdefault(channel, []).append(str(event["ts"]))
        signed = signed_request(json_body(event_callback(event)), content_type=JSON, secret=SECRET)
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


@asynccontextmanager
async def stand_in_process() -> AsyncIterator[str]:
    """The Slack stand-in in its own process (its API URL): answering the bot's Slack calls in
    the load generator's process would delay its clock and count as the server's latency."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.slack_server",
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    assert process.stdout is not None
    try:
        yield (await process.stdout.readline()).decode().strip()
    finally:
        process.terminate()
        await process.wait()


def server_env(database_url: str, api_url: str, port: int) -> dict[str, str]:
    """The environment either server runs with (only `ownerbot run` reads the settings)."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.getcwd(),
        "DATABASE_URL": database_url,
        "SLACK_API_URL": api_url,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "PORT": str(port),
        "LOG_LEVEL": "ERROR",
    }


async def main(seconds: float = 5.0, rates: tuple[int, ...] = RATES) -> None:
    print(
        f"HTTP ack latency on loopback, open loop, {seconds:g} s per rate, mix: 60% messages, "
        f"20% replies, 10% reactions, 10% /ask over {CHANNELS} client channels, after an untimed "
        f"warm-up of {WARM_UP} requests"
    )
    async with stand_in_process() as api_url:
        await measure_all(api_url, seconds, rates)
    print("  goal: ownerbot p99 < 25 ms at 200 requests/s")


async def measure_all(api_url: str, seconds: float, rates: tuple[int, ...]) -> None:
    ownerbot = str(Path(sys.executable).with_name("ownerbot"))
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:///{Path(folder) / 'load.db'}"
        await migrate_url(db)
        ours_port, bare_port = free_port(), free_port()
        servers = {
            "bare Bolt": await start_server(
                [sys.executable, "-m", "bench.bare_server", str(bare_port), api_url],
                server_env(db, api_url, bare_port),
                f"http://127.0.0.1:{bare_port}",
            ),
            "ownerbot": await start_server(
                [ownerbot, "run"],
                server_env(db, api_url, ours_port),
                f"http://127.0.0.1:{ours_port}",
            ),
        }
        urls = {
            "bare Bolt": f"http://127.0.0.1:{bare_port}",
            "ownerbot": f"http://127.0.0.1:{ours_port}",
        }
        try:
            base = 1_790_000_000.0
            # Untimed: every channel and person is seen once first (their one-time lookups in
            # Slack and first rows), so the figures are the steady state a running app serves.
            for name in ("bare Bolt", "ownerbot"):
                base += 100_000
                await load(urls[name], mix(WARM_UP, base, seed=1), 50)
            print(f"  {'rate/s':>6} {'server':<10} {'p50 ms':>8} {'p99 ms':>9} {'errors':>7}")
            for rate in rates:
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


if __name__ == "__main__":
    chosen = tuple(int(r) for r in sys.argv[2].split(",")) if len(sys.argv) > 2 else RATES
    asyncio.run(main(float(sys.argv[1]) if len(sys.argv) > 1 else 5.0, chosen))
