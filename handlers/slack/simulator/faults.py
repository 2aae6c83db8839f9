"""Faults a test asks for: the next calls of a method fail, are rate limited, or are slow."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    kind: str  # "error" | "ratelimit" | "delay"
    error: str = ""
    retry_after: int = 0
    seconds: float = 0.0


class Faults:
    def __init__(self) -> None:
        self._pending: dict[str, deque[Fault]] = defaultdict(deque)

    def add(self, method: str, fault: Fault, times: int) -> None:
        if times < 1:
            raise ValueError("times must be at least 1")
        self._pending[method].extend([fault] * times)

    def take(self, method: str) -> Fault | None:
        """The fault the next call of `method` meets, if any (each is used once, in order)."""
        pending = self._pending.get(method)
        return pending.popleft() if pending else None

    def clear(self) -> None:
        self._pending.clear()
