"""One line per open question, for the hand-over summary and the App Home."""

from __future__ import annotations

from bot.services.open_questions import OpenItem
from handlers.slack.owner.text import duration, permalink, preview

STATE_ICON = {
    "on track": ":large_green_circle:",
    "due soon": ":large_yellow_circle:",
    "breached": ":red_circle:",
}


def question_line(item: OpenItem, *, with_channel: bool = False) -> str:
    age = f"open {duration(item.business_minutes)} in business hours"
    link = f"<{permalink(item.channel_id, item.root_ts)}|{age}>" if item.root_ts else age
    where = f"<#{item.channel_id}> · " if with_channel else ""
    state = f"{STATE_ICON[item.state]} {item.state} (target {duration(item.sla_minutes)})"
    text = preview(item.text) or "(a message marked with :question:)"
    return f"{where}{link} · asked by <@{item.asker_user_id}> · {state}\n> {text}"
