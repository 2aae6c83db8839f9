"""`ownerbot digest --channel C… --week … --post`, run as a person runs it, against the stand-in:
posted through the sweep's claim, so never twice, whoever posts first."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import Services
from bot.domain.weeks import last_complete_week, week_bounds
from bot.ports import FixedClock
from handlers.slack.simulator.web_api import SlackStandIn
from tests.conftest import BOT_TOKEN
from tests.digest.seed import R, Seed
from tests.digest_posting.support import FakeTime, digest_runs, posts, sweep, write
from tests.test_cli import OWNERBOT, base_env, one_line

NOW = datetime.now(UTC)
WEEK = last_complete_week(NOW, "UTC")  # the CLI runs on the wall clock: a week that has ended


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


async def ownerbot(*args: str, cwd: Path, env: dict[str, str]) -> Run:
    """The console script in a subprocess, while this event loop keeps serving the stand-in."""
    process = await asyncio.create_subprocess_exec(
        str(OWNERBOT), *args, cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return Run(process.returncode, out.decode(), err.decode())


async def _seed(services: Services, slack: SlackStandIn) -> None:
    start, _ = week_bounds(WEEK, "UTC")
    seed = Seed(installed_at=start - timedelta(days=30))
    channel = seed.channel(seed.workspace("T0VENDOR"), "C0CLI", "UTC")
    seed.role(channel, "owner", "UOWNER", start - timedelta(days=30))
    asked = start + timedelta(days=1, hours=10)  # Tuesday 10:00
    seed.question(
        channel, "UCLIENT", "client", asked,
        replies=(R("UOWNER", "vendor", "response", asked + timedelta(minutes=45)),),
    )  # fmt: skip
    seed.question(channel, "UCLIENT", "client", asked + timedelta(hours=2))
    await write(seed, services.engine)
    slack.add_channel("C0CLI")


def _env(tmp_path: Path, database_url: str, slack: SlackStandIn, **extra: str) -> dict[str, str]:
    return base_env(
        tmp_path,
        DATABASE_URL=database_url,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=slack.api_url,
        **extra,
    )


async def test_post_twice_posts_once(
    services: Services, slack: SlackStandIn, database_url: str, tmp_path: Path
) -> None:
    await _seed(services, slack)
    env = _env(tmp_path, database_url, slack)
    args = ("digest", "--channel", "C0CLI", "--week", WEEK, "--post")

    first = await ownerbot(*args, cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    [message] = posts(slack, "C0CLI")
    assert first.stdout.strip() == f"posted the digest of C0CLI for {WEEK} (ts {message['ts']})"
    assert message["metadata"]["event_payload"] == {"channel": "C0CLI", "week": WEEK}
    assert "no client lead named" in message["text"]

    second = await ownerbot(*args, cwd=tmp_path, env=env)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == (
        f"the digest of C0CLI for {WEEK} was already posted (ts {message['ts']}): "
        "not posting it again"
    )
    assert len(posts(slack, "C0CLI")) == 1
    [run] = await digest_runs(services)
    assert (run.week, run.status, run.posted_ts) == (WEEK, "posted", message["ts"])
    assert run.figures is not None and run.figures["questions"]["asked"] == 2


async def test_post_after_the_scheduled_digest_does_not_double_it(
    services: Services,
    slack: SlackStandIn,
    clock: FixedClock,
    database_url: str,
    tmp_path: Path,
) -> None:
    await _seed(services, slack)
    clock.set(NOW)
    report = await sweep(services, FakeTime())
    assert [(p.channel, p.week) for p in report.posted] == [("C0CLI", WEEK)]
    result = await ownerbot(
        "digest", "--channel", "C0CLI", "--post", "--json",
        cwd=tmp_path, env=_env(tmp_path, database_url, slack),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"status": "already_posted"' in result.stdout
    assert f'"ts": "{report.posted[0].ts}"' in result.stdout
    assert len(posts(slack, "C0CLI")) == 1


async def test_post_problems_exit_2_with_one_line(
    services: Services, slack: SlackStandIn, database_url: str, tmp_path: Path
) -> None:
    await _seed(services, slack)
    env = _env(tmp_path, database_url, slack)
    no_token = {k: v for k, v in env.items() if k != "SLACK_BOT_TOKEN"}
    this_week = last_complete_week(NOW + timedelta(days=7), "UTC")
    cases = [
        (no_token, ["--channel", "C0CLI", "--post"], "SLACK_BOT_TOKEN"),
        (env, ["--channel", "C0CLI", "--week", this_week, "--post"], "is not over"),
        (env, ["--channel", "C0CLI", "--post", "--as-of", "2026-11-23T08:00:00Z"], "--as-of"),
        (env, ["--channel", "C0NOPE", "--post"], "unknown channel C0NOPE"),
    ]
    for case_env, args, says in cases:
        result = await ownerbot("digest", *args, cwd=tmp_path, env=case_env)
        assert result.returncode == 2, (args, result.stderr)
        assert says in one_line(result.stderr)
    assert posts(slack, "C0CLI") == []


async def test_a_slack_error_exits_1_and_is_retried_by_the_next_attempt(
    services: Services, slack: SlackStandIn, database_url: str, tmp_path: Path
) -> None:
    await _seed(services, slack)
    env = _env(tmp_path, database_url, slack)
    slack.fail_next("chat.postMessage", "not_in_channel")
    args = ("digest", "--channel", "C0CLI", "--week", WEEK, "--post")
    failed = await ownerbot(*args, cwd=tmp_path, env=env)
    assert failed.returncode == 1
    assert "not_in_channel" in one_line(failed.stderr)
    retried = await ownerbot(*args, cwd=tmp_path, env=env)
    assert retried.returncode == 0, retried.stderr
    assert re.match(r"posted the digest of C0CLI", retried.stdout)
    assert len(posts(slack, "C0CLI")) == 1
    [run] = await digest_runs(services)
    assert (run.status, run.attempts) == ("posted", 2)
