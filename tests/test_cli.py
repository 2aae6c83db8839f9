"""The real `ownerbot` console script, run as a person would run it (DESIGN.md, "Contracts")."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy.engine import make_url

from bot.cli import _safe_url
from storage.db import create_engine
from storage.migrate import is_up_to_date

OWNERBOT = Path(sys.executable).parent / "ownerbot"
SIGNING_SECRET = "cli-test-signing-secret"
BOT_TOKEN = "xoxb-cli-test-token"


def base_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Only PATH and HOME from this process: no setting leaks in from the machine."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", str(tmp_path))}
    env.update(extra)
    return env


def ownerbot(
    *args: str, cwd: Path, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    # cwd is a fresh tmp_path, so no developer's .env is read.
    return subprocess.run(
        [str(OWNERBOT), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{stderr}"
    return lines[0]


def test_the_console_script_is_installed() -> None:
    assert OWNERBOT.is_file(), f"no ownerbot script next to {sys.executable}: run `make setup`"


@pytest.mark.parametrize(
    "command", [[str(OWNERBOT), "--help"], [sys.executable, "-m", "bot", "--help"]]
)
def test_help_lists_the_commands(command: list[str], tmp_path: Path) -> None:
    result = subprocess.run(
        command, cwd=tmp_path, env=base_env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "run" in result.stdout and "migrate" in result.stdout
    assert result.stderr == ""


def test_no_command_is_a_usage_error(tmp_path: Path) -> None:
    result = ownerbot(cwd=tmp_path, env=base_env(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_run_without_tokens_exits_2_with_one_line(tmp_path: Path) -> None:
    result = ownerbot("run", cwd=tmp_path, env=base_env(tmp_path))
    assert result.returncode == 2, result.stderr
    line = one_line(result.stderr)
    assert "SLACK_BOT_TOKEN" in line and "SLACK_SIGNING_SECRET" in line
    assert result.stdout == ""


def test_run_reads_dotenv_from_the_working_directory(tmp_path: Path) -> None:
    # The bot token comes from .env, so only the signing secret is reported missing.
    (tmp_path / ".env").write_text(f"SLACK_BOT_TOKEN={BOT_TOKEN}\n")
    result = ownerbot("run", cwd=tmp_path, env=base_env(tmp_path))
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert "SLACK_SIGNING_SECRET" in line and "SLACK_BOT_TOKEN" not in line


@pytest.mark.parametrize(
    "env",
    [
        {"SLACK_BOT_TOKEN": "xoxb-your-bot-token", "SLACK_SIGNING_SECRET": SIGNING_SECRET},
        {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": "your-signing-secret"},
        {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xapp-your-app-token"},
    ],
    ids=["bot-token", "signing-secret", "app-token"],
)
def test_run_with_a_placeholder_exits_2_with_one_line(tmp_path: Path, env: dict[str, str]) -> None:
    result = ownerbot("run", cwd=tmp_path, env=base_env(tmp_path, **env))
    assert result.returncode == 2, result.stderr
    line = one_line(result.stderr)
    assert "placeholder" in line
    placeholder_name = next(
        k for k, v in env.items() if v.startswith(("xoxb-your", "xapp-your", "your-"))
    )
    assert placeholder_name in line


def test_safe_url_hides_the_password() -> None:
    shown = _safe_url("postgresql://bot:hunter2@db.internal:5432/ownerbot")
    assert "hunter2" not in shown and "db.internal" in shown
    assert _safe_url("::hunter2 is not a url::") == "<unparseable DATABASE_URL>"


def test_run_refuses_an_unmigrated_database_until_migrate(
    tmp_path: Path, empty_database_url: str, backend: str
) -> None:
    url = make_url(empty_database_url)
    if backend == "postgres" and not url.password:
        # The test server trusts local connections, so a password is accepted and ignored:
        # it is there to prove it is never printed.
        url = url.set(password="never-print-me")
    database_url = url.render_as_string(hide_password=False)
    password = url.password
    env = base_env(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        DATABASE_URL=database_url,
        PORT=str(free_port()),
    )

    refused = ownerbot("run", cwd=tmp_path, env=env)
    assert refused.returncode == 2, refused.stderr
    assert "Traceback" not in refused.stderr, refused.stderr
    assert "ownerbot migrate" in refused.stderr.strip().splitlines()[-1]

    migrated = ownerbot("migrate", cwd=tmp_path, env=env)
    assert migrated.returncode == 0, migrated.stderr
    assert "newest schema" in migrated.stdout
    if password:
        assert password not in migrated.stdout + migrated.stderr
        assert password not in refused.stdout + refused.stderr
    assert asyncio.run(_up_to_date(empty_database_url))

    again = ownerbot("migrate", cwd=tmp_path, env=env)  # idempotent
    assert again.returncode == 0, again.stderr


def test_run_on_an_unmigrated_database_says_so_in_one_line(
    tmp_path: Path, empty_database_url: str
) -> None:
    env = base_env(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        DATABASE_URL=empty_database_url,
        PORT=str(free_port()),
    )
    refused = ownerbot("run", cwd=tmp_path, env=env)
    assert refused.returncode == 2, refused.stderr
    assert "ownerbot migrate" in one_line(refused.stderr)


async def _up_to_date(url: str) -> bool:
    engine = create_engine(url)
    try:
        return await is_up_to_date(engine)
    finally:
        await engine.dispose()


# -- the real HTTP server ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def post(url: str, body: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def signed_headers(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> dict[str, str]:
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": signature or "",
    }


class _AuthTestOnly(BaseHTTPRequestHandler):
    """Just enough of Slack's Web API for Bolt's first request: auth.test, and ok:false else."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.endswith("/auth.test"):
            answer = {"ok": True, "team_id": "T0VENDOR", "user_id": "U0BOT", "bot_id": "B0BOT"}
        else:
            answer = {"ok": False, "error": "unknown_method"}
        payload = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def slack_api() -> Iterator[str]:
    """A local Web API base URL, so that no request of this test leaves the machine."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AuthTestOnly)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/"
    finally:
        server.shutdown()
        server.server_close()


def wait_until_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"ownerbot run exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"ownerbot run did not answer /healthz within 30 s:\n{log.read_text()}")


def test_run_serves_slack_over_http_and_rejects_bad_requests(
    tmp_path: Path, database_url: str, slack_api: str
) -> None:
    port = free_port()
    env = base_env(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        DATABASE_URL=database_url,
        PORT=str(port),
        SLACK_API_URL=slack_api,
    )
    log = tmp_path / "ownerbot-run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(OWNERBOT), "run"], cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, process, log)
        events = f"{base}/slack/events"
        body = urlencode(
            {
                # Not a command ownerbot has: nothing runs even when the signature is good.
                "command": "/ownerbot-cli-probe",
                "text": "",
                "team_id": "T0VENDOR",
                "channel_id": "C0CLIENT",
                "user_id": "U0PERSON",
                "trigger_id": "1.2.3",
                "response_url": "http://127.0.0.1:9/response",
            }
        )
        now = int(time.time())

        bad_signature = signed_headers(body, now, secret="not-the-signing-secret")
        assert post(events, body, bad_signature) == 401

        stale = signed_headers(body, now - 6 * 60)
        assert post(events, body, stale) == 401

        unsigned = {"Content-Type": "application/x-www-form-urlencoded"}
        assert post(events, body, unsigned) == 401

        # Control: the same request, signed now, gets past verification (and, as no listener
        # takes it, Bolt answers 404).
        assert post(events, body, signed_headers(body, now)) in (200, 404)

        assert process.poll() is None, log.read_text()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    output = log.read_text()
    assert "Traceback" not in output, output
