"""The real app in a child process (`ownerbot run`, HTTP mode), to be killed and restarted."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

OWNERBOT = str(Path(sys.executable).with_name("ownerbot"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChildBot:
    def __init__(self, *, database_url: str, api_url: str, secret: str, token: str, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log
        self._env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", ""),
            "DATABASE_URL": database_url,
            "SLACK_API_URL": api_url,
            "SLACK_SIGNING_SECRET": secret,
            "SLACK_BOT_TOKEN": token,
            "PORT": str(self.port),
            "LOG_LEVEL": "WARNING",
        }
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    async def start(self, within: float = 30.0) -> None:
        with self._log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                OWNERBOT, "run", env=self._env, stdout=log, stderr=log, cwd=str(self._log.parent)
            )
        self.starts += 1
        deadline = asyncio.get_running_loop().time() + within
        async with aiohttp.ClientSession() as session:
            while True:
                if self.process.returncode is not None:
                    raise RuntimeError(
                        f"ownerbot run exited {self.process.returncode}; see {self._log}"
                    )
                try:
                    async with session.get(f"{self.url}/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                if asyncio.get_running_loop().time() > deadline:
                    raise TimeoutError(f"ownerbot run did not answer within {within}s")
                await asyncio.sleep(0.05)  # waiting for a process to listen, not for logic

    async def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
            await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                await self.kill()
