"""`ownerbot digest` and `ownerbot export`, run as a person runs them, on a seeded database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.digest.scenario import EXPECTED_AMS, EXPECTED_NYC, TEAM
from tests.test_cli import base_env, one_line, ownerbot

AS_OF = "2026-11-23T08:00:00Z"


@pytest.fixture
def env(scenario: AsyncEngine, database_url: str, tmp_path: Path) -> dict[str, str]:
    return base_env(tmp_path, DATABASE_URL=database_url)


def test_digest_json_prints_the_contract_object(env: dict[str, str], tmp_path: Path) -> None:
    result = ownerbot(
        "digest", "--channel", "C0AMS", "--week", "2026-W47", "--as-of", AS_OF, "--json",
        cwd=tmp_path, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED_AMS


def test_digest_defaults_to_the_last_complete_week(env: dict[str, str], tmp_path: Path) -> None:
    # 09:00 in Amsterdam is the same moment as 08:00 UTC; W47 is the last complete week.
    result = ownerbot(
        "digest", "--channel", "C0NYC", "--as-of", "2026-11-23T09:00:00+01:00", "--json",
        "--team", TEAM, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED_NYC


def test_digest_as_text(env: dict[str, str], tmp_path: Path) -> None:
    result = ownerbot(
        "digest", "--channel", "C0AMS", "--as-of", AS_OF, cwd=tmp_path, env=env
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("Digest of C0AMS, week 2026-W47 (Europe/Amsterdam), as of Mon 23 Nov 09:00")
    assert lines[1] == "Health: AMBER: SLA compliance 67% (below 80%)"
    assert "Questions: 9 asked (8 by the client, 1 by the vendor), 1 withdrawn" in lines
    assert (
        "First response: median 90 business minutes, p90 420; median wall time 1080 minutes"
        in lines
    )
    assert "SLA (240 business minutes): 4 met, 2 breached, compliance 67%" in lines
    assert "Open questions: 3" in lines
    assert (
        "  - client question by UCLEAD, asked Thu 19 Nov 10:00, waiting 900 business minutes, "
        "past the target" in lines
    )
    assert lines[-1] == "  2026-W47      9         5      90         67%       5"
    assert "question 1?" not in result.stdout  # never the text


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--channel", "C0NOPE"], "unknown channel C0NOPE"),
        (["--channel", "C0AMS", "--team", "T0OTHER"], "unknown channel C0AMS in team T0OTHER"),
        (["--channel", "C0AMS", "--post"], "posting needs the running bot's token"),
        (["--channel", "C0AMS", "--week", "2026-W60"], "--week"),
        (["--channel", "C0AMS", "--as-of", "2026-11-23T08:00"], "needs an offset"),
        (["--channel", "C0AMS", "--as-of", "last monday"], "is not an ISO-8601 time"),
    ],
)
def test_digest_problems_exit_2_with_one_line(
    env: dict[str, str], tmp_path: Path, args: list[str], says: str
) -> None:
    result = ownerbot("digest", *args, cwd=tmp_path, env=env)
    assert result.returncode == 2, result.stderr
    assert says in one_line(result.stderr)
    assert result.stdout == ""


@pytest.mark.parametrize("command", [["digest", "--channel", "C0AMS"],
                                     ["export", "questions", "--since", "2026-11-01"]])  # fmt: skip
def test_an_unmigrated_database_is_refused(
    command: list[str], empty_database_url: str, tmp_path: Path
) -> None:
    result = ownerbot(
        *command, cwd=tmp_path, env=base_env(tmp_path, DATABASE_URL=empty_database_url)
    )
    assert result.returncode == 2, result.stderr
    assert "ownerbot migrate" in one_line(result.stderr)


def test_export_questions_as_csv(env: dict[str, str], tmp_path: Path) -> None:
    result = ownerbot("export", "questions", "--since", "2026-11-16", "--format", "csv",
                      cwd=tmp_path, env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "team", "channel", "week", "direction", "asked_at", "first_response_at",
        "first_response_business_minutes", "first_response_wall_minutes", "peer_answered_at",
        "resolved_at", "withdrawn",
    ]  # fmt: skip
    # Amsterdam from Q10 (Monday 16 00:30 local, still Sunday in UTC) to Q11: 11 questions;
    # New York P1-P4. Q0 (12 Nov) is before --since.
    assert [r["channel"] for r in rows].count("C0AMS") == 11
    assert [r["channel"] for r in rows].count("C0NYC") == 4
    assert rows[0]["asked_at"] == "2026-11-15T23:30:00+00:00"  # Q10, oldest first
    by_asked = {r["asked_at"]: r for r in rows}
    # Q4 in its current state: answered Monday 09:45, 30 + 45 = 75 business minutes,
    # Fri 15:30 UTC -> Mon 08:45 UTC = 65 h 15 = 3915 wall minutes.
    assert by_asked["2026-11-20T15:30:00+00:00"] == {
        "team": TEAM, "channel": "C0AMS", "week": "2026-W47", "direction": "client",
        "asked_at": "2026-11-20T15:30:00+00:00", "first_response_at": "2026-11-23T08:45:00+00:00",
        "first_response_business_minutes": "75.0", "first_response_wall_minutes": "3915.0",
        "peer_answered_at": "", "resolved_at": "", "withdrawn": "false",
    }  # fmt: skip
    assert by_asked["2026-11-19T10:00:00+00:00"]["withdrawn"] == "true"  # Q7
    assert "question" not in result.stdout.replace("questions", "")  # no text column, no text


def test_export_participation_as_json(env: dict[str, str], tmp_path: Path) -> None:
    result = ownerbot("export", "participation", "--since", "2026-11-16", "--format", "json",
                      cwd=tmp_path, env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    # UNBEN's Sunday 15 Nov 23:30 message (New York) is before --since there.
    assert [r for r in rows if r["channel"] == "C0NYC"] == [
        {"team": TEAM, "channel": "C0NYC", "week": "2026-W47", "user": "UNAMY",
         "side": "client", "messages": 3, "questions": 3},
        {"team": TEAM, "channel": "C0NYC", "week": "2026-W47", "user": "UNOWN",
         "side": "vendor", "messages": 3, "questions": 1},
    ]  # fmt: skip
    # Amsterdam's W47 rows hold the digest's per-person figures (nothing changed after as_of).
    w47 = [r for r in rows if r["channel"] == "C0AMS" and r["week"] == "2026-W47"]
    people = EXPECTED_AMS["participation"]["people"]
    assert sorted(
        ({k: r[k] for k in ("user", "side", "messages", "questions")} for r in w47),
        key=lambda p: p["user"],
    ) == sorted(people, key=lambda p: p["user"])
    # W48 so far: UVOWN's two replies on Monday, UCBOB's Q11.
    w48 = {r["user"]: (r["messages"], r["questions"]) for r in rows if r["week"] == "2026-W48"}
    assert w48 == {"UVOWN": (2, 0), "UCBOB": (1, 1)}


def test_export_needs_a_date(env: dict[str, str], tmp_path: Path) -> None:
    result = ownerbot("export", "questions", "--since", "November", cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert "is not a date" in one_line(result.stderr)
