"""Why figure 2 is what it is: the server's CPU time per request, for each kind of request in
the HTTP mix, against the bare slack-bolt server doing the same requests in the same run.

Each server runs alone in its own process (as in bench/http_load.py), is warmed up the same
way, then gets one kind at a time at a rate it sustains easily. CPU is the server process's
user + system time from /proc/PID/stat (Linux) over the requests and the second after them,
so work done after the ack (posting an /ask, the owner's prompt) counts with its request.
Run: `.venv/bin/python -m bench.cpu_per_kind [requests/s] [seconds]`
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from bench.http_load import (
    WARM_UP,
    Prepared,
    load,
    mix,
    server_env,
    stand_in_process,
    start_server,
)
from storage.migrate import migrate_url
from tests.reliability.child import free_port

KINDS = ("message", "reply", "reaction", "/ask", "the mix")
SETTLE = 1.0  # seconds after the last request, for work done after the ack


def kind_of(request: Prepared) -> str:
    if "command=" in request.body:
        return "/ask"
    if "reaction_added" in request.body:
        return "reaction"
    return "reply" if "thread_ts" in request.body else "message"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def per_kind(url: str, pid: int, rate: int, seconds: float) -> dict[str, float]:
    """CPU milliseconds per request of each kind."""
    base = 1_790_000_000.0
    await load(url, mix(WARM_UP, base, seed=1), 50)
    count = int(rate * seconds)
    pool = mix(count * 12, base + 100_000, seed=3)
    figures = {}
    for kind in KINDS:
        chosen = pool[:count] if kind == "the mix" else [r for r in pool if kind_of(r) == kind]
        chosen = chosen[:count]
        await asyncio.sleep(SETTLE)
        before = cpu_seconds(pid)
        await load(url, chosen, rate)
        await asyncio.sleep(SETTLE)
        figures[kind] = (cpu_seconds(pid) - before) / len(chosen) * 1000
    return figures


async def main(rate: int = 40, seconds: float = 5.0) -> None:
    print(
        f"server CPU per request, by kind: {rate} requests/s for {seconds:g} s per kind, "
        f"after a warm-up of {WARM_UP} requests"
    )
    results = {}
    async with stand_in_process() as api_url:
        with tempfile.TemporaryDirectory() as folder:
            db = f"sqlite:///{Path(folder) / 'cpu.db'}"
            await migrate_url(db)
            port = free_port()
            commands = {
                "bare Bolt": [sys.executable, "-m", "bench.bare_server", str(port), api_url],
                "ownerbot": [str(Path(sys.executable).with_name("ownerbot")), "run"],
            }
            for name, command in commands.items():
                url = f"http://127.0.0.1:{port}"
                process = await start_server(command, server_env(db, api_url, port), url)
                try:
                    results[name] = await per_kind(url, process.pid, rate, seconds)
                finally:
                    process.terminate()
                    await process.wait()
    print(f"  {'kind':<10} {'bare Bolt ms':>13} {'ownerbot ms':>12} {'ratio':>6}")
    for kind in KINDS:
        bare, ours = results["bare Bolt"][kind], results["ownerbot"][kind]
        print(f"  {kind:<10} {bare:>13.2f} {ours:>12.2f} {ours / bare:>6.1f}")


if __name__ == "__main__":
    rate = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    asyncio.run(main(rate, float(sys.argv[2]) if len(sys.argv) > 2 else 5.0))
