"""Figure 1: how long a signed /ask and a message event take to ack, in process, against a bare
slack-bolt AsyncApp acking the same requests in the same run.

Ours includes everything before the ack: signature check, the durable write (question or
message metadata) and its commit. Posting to Slack happens after the ack and is not timed. A
third baseline, bare Bolt doing one INSERT and commit before its ack, shows what any app that
stores before it acks pays to SQLAlchemy and the database driver.
Run: `.venv/bin/python -m bench.ack_latency [samples]`.
"""

from __future__ import annotations

import asyncio
import platform
import sys
from collections.abc import Callable

from slack_bolt.request.async_request import AsyncBoltRequest

from bench.stack import (
    SECRET,
    Figures,
    bare_app,
    durable_write_app,
    our_stack,
    time_dispatch,
)
from handlers.slack.simulator.engagement import CLIENT_DEV, CLIENT_TEAM, SHARED_CHANNEL
from handlers.slack.simulator.events import message_event
from handlers.slack.simulator.requests import (
    FORM,
    JSON,
    event_callback,
    form_body,
    json_body,
    signed_request,
    slash_command,
)


def ask_request(index: int) -> AsyncBoltRequest:
    body = form_body(
        slash_command(
            "/ask",
            f"Question number {index}: when is the import ready?",
            user_id=CLIENT_DEV,
            channel_id=SHARED_CHANNEL,
        )
    )
    signed = signed_request(body, content_type=FORM, secret=SECRET)
    return AsyncBoltRequest(body=signed.body, headers=signed.headers)


def message_request(start_ts: float) -> Callable[[int], AsyncBoltRequest]:
    def build(index: int) -> AsyncBoltRequest:
        event = message_event(
            "Thanks, that helps",
            user=CLIENT_DEV,
            channel=SHARED_CHANNEL,
            ts=start_ts + index,
            team=CLIENT_TEAM,
        )
        body = json_body(event_callback(event))
        signed = signed_request(body, content_type=JSON, secret=SECRET)
        return AsyncBoltRequest(body=signed.body, headers=signed.headers)

    return build


def show(rows: list[Figures], floor: Figures) -> None:
    print(f"  {'variant':<46} {'median ms':>10} {'p99 ms':>9} {'× floor':>8}")
    for row in rows:
        ratio = row.median_ms / floor.median_ms if floor.median_ms else float("nan")
        print(f"  {row.label:<46} {row.median_ms:>10.3f} {row.p99_ms:>9.3f} {ratio:>8.1f}")


async def main(samples: int = 400) -> None:
    print(f"ack latency, in process: {samples} signed requests per variant")
    print(f"  python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    async with our_stack() as stack:
        floor_app = bare_app(stack.slack, process_before_response=True)
        default_app = bare_app(stack.slack, process_before_response=False)
        write_app = await durable_write_app(stack.slack, stack.services.engine)
        for app in (
            floor_app,
            default_app,
            write_app,
            stack.app,
        ):  # warm up: auth.test, imports, pools
            await app.async_dispatch(ask_request(-1))
        await stack.services.background.drain()
        start = stack.clock.now().timestamp()
        drain = stack.services.background.drain

        results = {}
        for kind, make in (("/ask", ask_request), ("message", message_request(start))):
            floor = await time_dispatch(
                floor_app,
                make,
                label=f"bare Bolt {kind} (process_before_response)",
                samples=samples,
            )
            default = await time_dispatch(
                default_app, make, label=f"bare Bolt {kind} (default settings)", samples=samples
            )
            write = await time_dispatch(
                write_app,
                make,
                label=f"bare Bolt {kind} + one INSERT, commit",
                samples=samples,
            )
            ours = await time_dispatch(
                stack.app,
                make,
                label=f"ownerbot {kind} (stored before ack)",
                samples=samples,
                after_each=drain,
            )
            results[kind] = (floor, write, ours)
            print(f"\n{kind}")
            show([floor, default, write, ours], floor)
            stack.clock.advance(seconds=samples * 2)
    goal = 4.0
    for kind, (floor, write, ours) in results.items():
        ratio = ours.median_ms / floor.median_ms
        verdict = "meets" if ratio <= goal else "misses"
        print(f"\n{kind}: ownerbot median is {ratio:.1f}× the bare floor")
        print(f"  ({verdict} the goal of ≤ {goal:g}×)")
        print(
            f"  and {ours.median_ms / write.median_ms:.1f}× bare Bolt with one durable write "
            f"({write.median_ms:.3f} ms, {write.median_ms / floor.median_ms:.0f}× the floor)"
        )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 400))
