"""The Directory port over Slack's users.info."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.ports import UserProfile
from handlers.slack.failures import SLACK_FAILURES, log_failure

log = logging.getLogger(__name__)


class SlackDirectory:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def user(self, user_id: str) -> UserProfile | None:
        try:
            response = await self._client.users_info(user=user_id)
        except SLACK_FAILURES as exc:
            # Unknown, or Slack could not say: the caller decides without a profile.
            error = exc.response.get("error") if isinstance(exc, SlackApiError) else None
            if error != "user_not_found":
                log_failure("users.info", exc, user=user_id)
            return None
        user = response.get("user") or {}
        profile = user.get("profile") or {}
        name = profile.get("display_name") or user.get("real_name") or user.get("name") or user_id
        return UserProfile(
            user_id=user_id,
            team_id=user.get("team_id"),
            name=str(name),
            is_bot=bool(user.get("is_bot")) or bool(user.get("is_app_user")),
            is_restricted=bool(user.get("is_restricted")),
            is_ultra_restricted=bool(user.get("is_ultra_restricted")),
            deleted=bool(user.get("deleted")),
            timezone=user.get("tz"),
        )
