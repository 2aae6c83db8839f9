"""Figure 4: every channel's weekly digest at scale — 1,000 channels with a quarter and with a
year of history (a year ≈ 2 million message rows, 100,000 questions). Prints the time, the SQL
statements used and the peak RSS of computing all digests of one week, beside two floors measured
in the same run: a bare slack-bolt AsyncApp acking one request, and one plain SQL scan of the
week's messages.

Run: `.venv/bin/python -m bench.digest_scale [sqlite|postgres] [channels]`
(postgres uses TEST_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/test as the server).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter

from sqlalchemy import event, text

from bench.databases import drop, fresh_database
from bench.history import Shape, generate
from bench.stack import bare_floor_ms
from bot.app import build_services
from bot.events import Tenant
from bot.services.digest import build_digests
from bot.settings import load_settings
from storage.db import create_engine
from storage.migrate import migrate_url

WEEK = "2026-W46"
AS_OF = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


async def measure(url: str) -> dict[str, float]:
    """In a fresh process: all channels' digests of WEEK, timed, statements counted."""
    settings = load_settings(env_file=None, database_url=url)
    services = build_services(settings)
    sent: list[str] = []
    event.listen(services.engine.sync_engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
    try:
        started = perf_counter()
        digests = await build_digests(services, Tenant("T0BENCH"), None, week=WEEK, as_of=AS_OF)
        seconds = perf_counter() - started
        async with services.engine.connect() as conn:
            floor_started = perf_counter()
            await conn.execute(
                text(
                    "SELECT channel_id, side, count(*) FROM message_activity "
                    "WHERE posted_at >= :a AND posted_at < :b GROUP BY channel_id, side"
                ),
                {"a": AS_OF - timedelta(days=11), "b": AS_OF - timedelta(days=4)},
            )
            scan = perf_counter() - floor_started
    finally:
        await services.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux → MiB
    asked = sum(d["questions"]["asked"] for d in digests)
    return {
        "seconds": seconds,
        "statements": len(sent) - 1,
        "peak_rss_mb": peak,
        "channels": len(digests),
        "asked": asked,
        "scan_seconds": scan,
    }


async def main(backend: str = "sqlite", channels: int = 1000) -> None:
    print(f"digests at scale on {backend}: {channels} channels, week {WEEK}")
    floor = await bare_floor_ms()
    print(f"  bare slack-bolt floor (ack one /ask, in process): {floor:.3f} ms")
    print(
        f"  {'history':<9} {'messages':>10} {'questions':>10} {'generate s':>11} "
        f"{'digests s':>10} {'statements':>10} {'peak MiB':>9} {'scan floor s':>13}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for label, weeks in (("quarter", 13), ("year", 52)):
            url = await fresh_database(backend, Path(folder), label)
            try:
                await migrate_url(url)
                engine = create_engine(url)
                started = perf_counter()
                counts = await generate(engine, Shape(channels=channels, weeks=weeks))
                generated = perf_counter() - started
                await engine.dispose()
                # A fresh process, so the peak RSS is the digest's own.
                child = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bench.digest_scale",
                    "--measure",
                    url,
                    stdout=asyncio.subprocess.PIPE,
                )
                stdout, _ = await child.communicate()
                if child.returncode != 0:
                    raise RuntimeError(f"measuring failed with exit {child.returncode}")
                figures = json.loads(stdout.decode().strip().splitlines()[-1])
                print(
                    f"  {label:<9} {counts['message_activity']:>10,} {counts['question']:>10,} "
                    f"{generated:>11.1f} {figures['seconds']:>10.2f} {figures['statements']:>10} "
                    f"{figures['peak_rss_mb']:>9.0f} {figures['scan_seconds']:>13.3f}"
                )
            finally:
                await drop(url)
    print("  goal: < 10 s, the same statement count for both histories, < 200 MB")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        print(json.dumps(asyncio.run(measure(sys.argv[2]))))
    else:
        args = sys.argv[1:]
        asyncio.run(main(args[0] if args else "sqlite", int(args[1]) if len(args) > 1 else 1000))
