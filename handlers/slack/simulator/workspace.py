"""What the Slack stand-in knows: people, channels, direct messages and what was posted where.

Users and channels are kept in the shapes `users.info` and `conversations.info` answer with, so a
test that fills the directory reads back exactly what the app will see.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from bot.ports import Clock


class TsSource:
    """Slack message timestamps ("1763460000.000100"): from the clock when there is one, else from
    wall time, and strictly increasing even when the clock stands still."""

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock
        self._last_us = 0

    def next(self) -> str:
        if self._clock is not None:
            now_us = round(self._clock.now().timestamp() * 1_000_000)
        else:
            now_us = time.time_ns() // 1_000
        self._last_us = max(now_us, self._last_us + 1)
        return f"{self._last_us // 1_000_000}.{self._last_us % 1_000_000:06d}"


class Workspace:
    def __init__(
        self,
        *,
        team_id: str,
        team_name: str,
        bot_user_id: str,
        bot_id: str,
        clock: Clock | None = None,
    ) -> None:
        self.team_id = team_id
        self.enterprise_id: str | None = None  # set for a workspace of an Enterprise Grid org
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.ts = TsSource(clock)
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.members: dict[str, list[str]] = {}
        self.posted: dict[str, list[dict[str, Any]]] = {}
        self.ephemeral: list[dict[str, Any]] = []
        self.views: dict[str, dict[str, Any]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        self._view_counter = 0

    # -- the directory a test fills ------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        name: str | None = None,
        *,
        team_id: str | None = None,
        is_bot: bool = False,
        is_restricted: bool = False,
        is_ultra_restricted: bool = False,
        deleted: bool = False,
        tz: str = "UTC",
        is_app_user: bool = False,
    ) -> dict[str, Any]:
        """Add (or replace) a user; `name` is the display name ("Vera Owner")."""
        real_name = name or user_id
        handle = real_name.lower().replace(" ", ".")
        user: dict[str, Any] = {
            "id": user_id,
            "team_id": team_id or self.team_id,
            "name": handle,
            "real_name": real_name,
            "deleted": deleted,
            "is_bot": is_bot,
            "is_app_user": is_app_user,
            "is_restricted": is_restricted or is_ultra_restricted,
            "is_ultra_restricted": is_ultra_restricted,
            "tz": tz,
            "profile": {
                "real_name": real_name,
                "display_name": real_name,
                "team": team_id or self.team_id,
            },
        }
        self.users[user_id] = user
        return copy.deepcopy(user)

    def add_channel(
        self,
        channel_id: str,
        name: str | None = None,
        *,
        members: list[str] | tuple[str, ...] = (),
        is_private: bool = False,
        is_ext_shared: bool = False,
        bot_is_member: bool = True,
    ) -> dict[str, Any]:
        """Add (or replace) a channel; the bot user is listed among the members when it is one."""
        listed = [m for m in members if m != self.bot_user_id]
        if bot_is_member:
            listed.append(self.bot_user_id)
        self.members[channel_id] = listed
        self.channels[channel_id] = {
            "id": channel_id,
            "name": name or channel_id.lower(),
            "is_channel": not is_private,
            "is_group": False,
            "is_im": False,
            "is_mpim": False,
            "is_private": is_private,
            "is_archived": False,
            "is_general": False,
            "is_shared": is_ext_shared,
            "is_ext_shared": is_ext_shared,
            "is_org_shared": False,
            "context_team_id": self.team_id,
        }
        self.posted.setdefault(channel_id, [])
        return self.channel_info(channel_id)

    def add_member(self, channel_id: str, user_id: str) -> None:
        if user_id not in self.members[channel_id]:
            self.members[channel_id].append(user_id)

    def remove_member(self, channel_id: str, user_id: str) -> None:
        if user_id in self.members[channel_id]:
            self.members[channel_id].remove(user_id)

    # -- lookups the API methods use -----------------------------------------------------------

    def channel_info(self, channel_id: str) -> dict[str, Any]:
        info = copy.deepcopy(self.channels[channel_id])
        info["is_member"] = self.bot_user_id in self.members[channel_id]
        info["num_members"] = len(self.members[channel_id])
        return info

    def is_member(self, channel_id: str, user_id: str) -> bool:
        return user_id in self.members.get(channel_id, [])

    def dm_channel(self, user_id: str) -> str:
        """The bot's direct-message channel with a user, opened on first use; its id is stable."""
        channel_id = "D" + user_id[1:]
        if channel_id not in self.channels:
            self.channels[channel_id] = {
                "id": channel_id,
                "is_im": True,
                "is_channel": False,
                "is_private": True,
                "user": user_id,
                "is_org_shared": False,
                "context_team_id": self.team_id,
            }
            self.members[channel_id] = [user_id, self.bot_user_id]
            self.posted[channel_id] = []
        return channel_id

    # -- what the app posted -------------------------------------------------------------------

    def post(self, channel_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        message = {
            "type": "message",
            "ts": self.ts.next(),
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "team": self.team_id,
            "text": "",
            "blocks": [],
            "thread_ts": None,
            **fields,
        }
        self.posted[channel_id].append(message)
        return message

    def find_message(self, channel_id: str, ts: str) -> dict[str, Any] | None:
        for message in self.posted.get(channel_id, []):
            if message["ts"] == ts:
                return message
        return None

    def new_view(self, view: dict[str, Any]) -> dict[str, Any]:
        self._view_counter += 1
        view_id = f"V{self._view_counter:08d}"
        stored = {
            "id": view_id,
            "team_id": self.team_id,
            "app_id": "A0OWNERBOT",
            "bot_id": self.bot_id,
            "state": {"values": {}},
            "hash": f"{view_id}.hash",
            "private_metadata": "",
            "callback_id": "",
            "blocks": [],
            **view,
        }
        self.views[view_id] = stored
        return stored
