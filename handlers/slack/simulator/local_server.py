"""Run an aiohttp application on 127.0.0.1 with a port the OS picks: for stand-ins and tests."""

from __future__ import annotations

from types import TracebackType

from aiohttp import web


class LocalServer:
    """`await start()` binds a free port on the loopback interface; `url` is then known."""

    def __init__(self, web_app: web.Application, *, shutdown_timeout: float = 1.0) -> None:
        self._runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=shutdown_timeout)
        self._port: int | None = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the server is not started")
        return self._port

    @property
    def url(self) -> str:
        """The base URL without a trailing slash, e.g. http://127.0.0.1:54321."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        await self._runner.cleanup()
        self._port = None

    async def __aenter__(self) -> LocalServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
