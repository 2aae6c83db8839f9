"""`ownerbot demo`: the four-week scenario played through the real app, checked by what it prints.

The demo runs once in process (its database kept, to compare the printed figures with
`build_digest` on it), once as a subprocess with `--json`, and as a scripted interactive
session fed through stdin."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_services
from bot.cli import main
from bot.demo import cast
from bot.demo.cli import demo_main
from bot.demo.digests import digest_time
from bot.demo.run import Played, run_demo
from bot.demo.scenario import DIGEST_DAYS, LAST_WEEK
from bot.services.digest import build_digest
from bot.settings import load_settings

REPO = Path(__file__).resolve().parents[2]
TENANT = cast.VENDOR_TEAM

# DESIGN.md, "Contracts": the keys of one `ownerbot digest --json` object.
CONTRACT: dict[str, Any] = {
    "channel": None,
    "week": None,
    "timezone": None,
    "questions": ["asked", "by_client", "by_vendor", "answered", "resolved", "open",
                  "withdrawn", "peer_answered"],
    "first_response": ["median_business_minutes", "p90_business_minutes", "median_wall_minutes"],
    "sla": ["target_business_minutes", "met", "breached", "compliance"],
    "participation": ["client_members", "active_client_members", "client_messages",
                      "client_share", "client_median_response_business_minutes"],
    "ownership": ["owner", "backup", "client_lead", "first_answered_by_owner",
                  "first_answered_by_backup", "first_answered_by_other_vendor", "handovers"],
    "self_sufficiency": None,
    "health": ["status", "reasons"],
}  # fmt: skip

FIGURES = re.compile(
    r"Key figures, as `ownerbot digest --channel (?P<channel>C\w+) --week (?P<week>[\w-]+) "
    r"--json` gives them: asked (?P<asked>\d+) · answered (?P<answered>\d+) · open "
    r"(?P<open>\d+) · median first response (?P<median>[\d.]+|n/a) business minutes · SLA "
    r"compliance (?P<compliance>\d+%|n/a) · health (?P<health>\w+)(?: \((?P<reasons>.*?)\))?"
    r"(?= ── | *$)"
)


class Run:
    def __init__(self, output: str, played: Played, database: Path) -> None:
        self.output = output
        self.played = played
        self.database = database
        # Paragraphs wrap at 100 columns: read the text as one line.
        self.flat = " ".join(output.split())

    def figures(self, channel: str) -> dict[str, str]:
        for found in FIGURES.finditer(self.flat):
            if found["channel"] == channel:
                return found.groupdict()
        raise AssertionError(f"no key figures printed for {channel}")

    def section(self, start: str, end: str) -> str:
        """The flattened output from the first `start` to the next `end`."""
        head = self.flat.index(start)
        return self.flat[head : self.flat.index(end, head + len(start))]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Run:
    database = tmp_path_factory.mktemp("demo") / "demo.db"
    out = io.StringIO()
    played = asyncio.run(run_demo(out, database=database))
    return Run(out.getvalue(), played, database)


async def _digest(database: Path, channel: str) -> dict[str, Any]:
    settings = load_settings(env_file=None, database_url=f"sqlite:///{database}")
    services = build_services(settings)
    try:
        from bot.events import Tenant

        return await build_digest(
            services,
            Tenant(TENANT),
            channel,
            LAST_WEEK,
            digest_time(channel, DIGEST_DAYS[LAST_WEEK]),
        )
    finally:
        await services.close()


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _minutes(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}".removesuffix(".0")


@pytest.mark.parametrize("channel", [cast.ACME, cast.GLOBEX])
async def test_the_printed_figures_are_build_digests_for_week_48(demo: Run, channel: str) -> None:
    digest = await _digest(demo.database, channel)
    printed = demo.figures(channel)

    assert printed["week"] == digest["week"] == LAST_WEEK
    assert int(printed["asked"]) == digest["questions"]["asked"]
    assert int(printed["answered"]) == digest["questions"]["answered"]
    assert int(printed["open"]) == digest["questions"]["open"]
    assert printed["median"] == _minutes(digest["first_response"]["median_business_minutes"])
    assert printed["compliance"] == _percent(digest["sla"]["compliance"])
    assert printed["health"] == digest["health"]["status"]
    # The digest people read says the same: its section shows the figures.
    name = cast.room(channel).name
    shown = demo.section(f"The weekly digest of #{name}", "Key figures")
    assert f"week {LAST_WEEK[-2:]}" in shown.lower()
    assert str(digest["questions"]["asked"]) in shown
    assert digest["health"]["reasons"]
    for reason in digest["health"]["reasons"]:
        assert reason in shown


def test_the_scenario_gives_each_channel_its_story(demo: Run) -> None:
    acme, globex = demo.figures(cast.ACME), demo.figures(cast.GLOBEX)
    # Acme: the import question breached its target, the rest were met; Vera's question to
    # the client counts among those asked.
    assert (acme["asked"], acme["answered"], acme["open"]) == ("5", "4", "0")
    assert acme["compliance"] == "67%" and acme["health"] == "amber"
    # Globex never named a client lead: red, whatever its figures.
    assert globex["health"] == "red"
    assert "no client lead named" in (globex["reasons"] or "")


def test_the_demo_prints_what_people_saw(demo: Run) -> None:
    flat = demo.flat
    # An owner prompt, with its buttons.
    prompt = demo.section("ownerbot → direct message to @Vera Jansen", "▸")
    assert "New question from @Chris Weber in #client-acme" in prompt
    assert "[ I'll take it ] [ Resolve ] [ Snooze ▾ ]" in prompt
    # The overdue question: a reminder to the owner, the breach in its thread, the backup asked,
    # then the delivery leads.
    assert "Reminder: @Chris Weber's question in #client-acme is still waiting" in flat
    assert "This question has passed its first-response target of 4 business hours" in flat
    assert "You are the backup: @Chris Weber's question in #client-acme" in flat
    escalation = demo.section("ownerbot posts in #delivery-leads", "▸")
    assert "Escalation: @Chris Weber's question in #client-acme has had no response" in escalation
    # The hand-over summary lists the two open questions, oldest first.
    summary = demo.section("Hand-over: @Mo Bakker is now the vendor owner", "Last digest")
    assert "Open questions (2), oldest first" in summary
    first = summary.index("Can we schedule the maintenance window for December?")
    assert first < summary.index("Is the export fix in tomorrow's release?")
    # The /owner card after the hand-over.
    card = demo.section("Who is accountable here", "/owner help")
    assert "Vendor owner: @Mo Bakker" in card and "Phase: maintenance" in card
    # Plain text: no colour codes in a buffer.
    assert "\x1b[" not in demo.output


def test_the_demo_leaves_a_migrated_database_for_the_digest_command(
    demo: Run, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{demo.database}")
    monkeypatch.chdir(demo.database.parent)  # no .env here
    as_of = digest_time(cast.ACME, DIGEST_DAYS[LAST_WEEK]).isoformat()
    status = main(
        ["digest", "--channel", cast.ACME, "--week", LAST_WEEK, "--as-of", as_of, "--json"]
    )
    assert status == 0
    assert json.loads(capsys.readouterr().out) == demo.played.digests[0]


def test_json_from_a_subprocess_keeps_the_contract_and_ignores_the_environment(
    demo: Run, tmp_path: Path
) -> None:
    # Settings that would break a demo reading them: it must not.
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=changeme\nLOG_LEVEL=nonsense\n")
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-your-bot-token",
        "SLACK_APP_TOKEN": "xapp-should-not-be-used",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none",
        "DEFAULT_SLA_MINUTES": "5",
        "PYTHONPATH": str(REPO),
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    digests = json.loads(result.stdout)  # one JSON array, nothing else on stdout
    assert isinstance(digests, list)
    assert [d["channel"] for d in digests] == [cast.ACME, cast.GLOBEX]
    for digest in digests:
        for key, inner in CONTRACT.items():
            assert key in digest, key
            if inner is not None:
                assert set(inner) <= set(digest[key]), (key, set(inner) - set(digest[key]))
        assert digest["week"] == LAST_WEEK
        assert digest["sla"]["target_business_minutes"] == 240
    # The same engagement every time: the same figures as the in-process run.
    assert digests == demo.played.digests


SESSION = """\
as chris: When is the import ready?
as vera
react :eyes:
thread: It's ready on staging since this morning.
advance 1d
digest
quit
"""


def test_a_scripted_interactive_session() -> None:
    out = io.StringIO()
    args = argparse.Namespace(interactive=True, json=False, db=None)
    assert demo_main(args, stdin=io.StringIO(SESSION), stdout=out) == 0
    text = " ".join(out.getvalue().split())

    # The question is recorded and Vera, the owner, is prompted.
    assert "ownerbot → direct message to @Vera Jansen" in text
    assert "New question from @Chris Weber in #client-acme" in text
    assert "ownerbot recorded: @Chris Weber's question “When is the import ready?”" in text
    # Vera's :eyes: acknowledges it; her thread reply is its first response (a minute a line).
    assert "acknowledged Mon 2 Nov 10:02 CET by @Vera Jansen" in text
    assert "first response Mon 2 Nov 10:03 CET by @Vera Jansen" in text
    # A day later the week's digest message counts it, answered in 2 business minutes.
    digest = text[text.index("This week's digest of #client-acme") :]
    assert "Weekly digest · Week 45" in digest
    assert "1 question asked (1 by the client, 0 by the team)" in digest
    assert "Client questions: 1 answered, 0 resolved, 0 open" in digest
    assert "First response in business hours: median 2 min" in digest
    assert "SLA (first response within 4 h): 1 met, 0 breached — 100% compliance" in digest


def test_interactive_lines_that_make_no_sense_are_explained_not_fatal() -> None:
    out = io.StringIO()
    args = argparse.Namespace(interactive=True, json=False, db=None)
    session = "as nobody: hi\nadvance soon\nreact\nchannel #nowhere\nthread: hello\n"
    assert demo_main(args, stdin=io.StringIO(session), stdout=out) == 0
    printed = out.getvalue()
    assert "? nobody called 'nobody'" in printed
    assert "? advance by how much?" in printed
    assert "? react to what?" in printed
    assert "? no channel '#nowhere'" in printed
    assert "? no question has been asked in this channel yet" in printed


def test_demo_refuses_an_existing_database_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "kept.db"
    existing.write_text("")
    assert main(["demo", "--db", str(existing)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["demo", "--interactive", "--json"]) == 2
