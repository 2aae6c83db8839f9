"""`make bench`: run every benchmark script in turn."""

from __future__ import annotations

import asyncio

from bench import ack_latency


def main() -> None:
    asyncio.run(ack_latency.main())


if __name__ == "__main__":
    main()
