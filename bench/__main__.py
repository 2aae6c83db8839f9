"""`make bench`: every figure in turn, each beside its bare slack-bolt baseline.

Figures and the machine: docs/benchmarks.md. PostgreSQL figures use TEST_DATABASE_URL's server
(default postgresql://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import asyncio

from bench import ack_latency, cpu_per_kind, digest_scale, http_load, ingest, post_digests


async def run_all() -> None:
    await ack_latency.main()
    print()
    await http_load.main()
    print()
    await cpu_per_kind.main()
    print()
    await ingest.main()
    print()
    await digest_scale.main("sqlite")
    print()
    await digest_scale.main("postgres")
    print()
    await post_digests.main()


if __name__ == "__main__":
    asyncio.run(run_all())
