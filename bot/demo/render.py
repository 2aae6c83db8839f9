"""Block Kit as a person would read it, in a terminal: the blocks ownerbot sends, as plain text.

    render_blocks(blocks, names)      the lines of one message (header, section with fields and
                                      accessory, context, divider, actions, rich text, input, image)
    mrkdwn(text, names)               *bold*, _italic_, ~strike~, `code`, quotes, <@U…> → @Name,
                                      <#C…> → #name, <url|label> → label, <!date^…|fallback>

Plain text by default; `Style.ansi()` adds bold and dim for a terminal that shows colour.
Nothing here knows Slack's API: it reads the dicts the Web API stand-in recorded."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

WIDTH = 100
QUOTE = "│ "
RULE = "─"


@dataclass(frozen=True)
class Names:
    """Display names for the ids a message mentions; unknown ids are shown as they are."""

    users: Mapping[str, str] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)

    def user(self, user_id: str, label: str | None = None) -> str:
        return "@" + (self.users.get(user_id) or label or user_id)

    def channel(self, channel_id: str, label: str | None = None) -> str:
        return "#" + (self.channels.get(channel_id) or label or channel_id)


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Style:
    bold: Callable[[str], str] = _same
    italic: Callable[[str], str] = _same
    dim: Callable[[str], str] = _same

    @staticmethod
    def plain() -> Style:
        return Style()

    @staticmethod
    def ansi() -> Style:
        return Style(
            bold=lambda s: f"\x1b[1m{s}\x1b[22m",
            italic=lambda s: f"\x1b[3m{s}\x1b[23m",
            dim=lambda s: f"\x1b[2m{s}\x1b[22m",
        )


PLAIN = Style.plain()

# -- mrkdwn ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"<([^<>\n]+)>")
_CODE = re.compile(r"(```.*?```|`[^`\n]+`)", re.S)
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])")


def _token(inner: str, names: Names) -> str:
    """One <…> of Slack's mrkdwn, as a reader sees it."""
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return names.user(target[1:], label or None)
    if target.startswith("#"):
        return names.channel(target[1:], label or None)
    if target.startswith("!subteam^"):
        return "@" + (label or target.removeprefix("!subteam^"))
    if target.startswith("!date^"):
        return label or target
    if target.startswith("!"):
        return "@" + target[1:]  # !here, !channel, !everyone
    return label or target


def mrkdwn(text: str, names: Names, style: Style = PLAIN) -> str:
    """Slack mrkdwn as terminal text. Inline code is kept as typed (backticks and all); a code
    block shows its lines without the fences."""
    text = _TOKEN.sub(lambda m: _token(m.group(1), names), text)
    parts = _CODE.split(text)
    for index in range(0, len(parts), 2):  # the even parts lie outside code spans
        part = _BOLD.sub(lambda m: style.bold(m.group(1)), parts[index])
        part = _ITALIC.sub(lambda m: style.italic(m.group(1)), part)
        parts[index] = _STRIKE.sub(lambda m: m.group(1), part)
    for index in range(1, len(parts), 2):  # a code block shows its lines, without the fences
        if parts[index].startswith("```"):
            parts[index] = parts[index][3:-3].strip("\n")
    lines = []
    for line in html.unescape("".join(parts)).split("\n"):
        if line.startswith("> ") or line == ">":
            line = QUOTE + line[2:]
        lines.append(line)
    return "\n".join(lines)


def _text(obj: Any, names: Names, style: Style) -> str:
    """A composition text object (mrkdwn or plain_text), or a bare string."""
    if isinstance(obj, str):
        return obj
    if not isinstance(obj, dict):
        return ""
    text = str(obj.get("text") or "")
    if obj.get("type") == "mrkdwn":
        return mrkdwn(text, names, style)
    return html.unescape(text)


def wrap(text: str, width: int = WIDTH, indent: str = "") -> list[str]:
    """Wrap each line to `width`, keeping a quote's bar (and a bullet's hang) on every line."""
    out: list[str] = []
    for line in text.split("\n"):
        lead = ""
        if line.startswith(QUOTE):
            lead, line = QUOTE, line[len(QUOTE) :]
        hang = "  " if line.startswith(("• ", "- ")) else ""
        if not line.strip():
            out.append((indent + lead).rstrip())
            continue
        out += textwrap.wrap(
            line,
            width=max(20, width - len(indent)),
            initial_indent=indent + lead,
            subsequent_indent=indent + lead + hang,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [indent + lead]
    return out


# -- elements ----------------------------------------------------------------------------------


def element(item: dict[str, Any], names: Names, style: Style = PLAIN) -> str:
    """An interactive element as it looks: [ Button ], [ Menu ▾ ], [ 2026-11-30 ]."""
    kind = item.get("type")
    if kind == "button":
        return style.bold(f"[ {_text(item.get('text'), names, style)} ]")
    if kind == "overflow":
        return "[ ⋯ ]"
    if kind in {"static_select", "external_select", "users_select", "conversations_select",
                "channels_select", "multi_static_select", "multi_users_select",
                "multi_conversations_select", "multi_channels_select"}:  # fmt: skip
        chosen = item.get("initial_option") or {}
        label = _text(chosen.get("text"), names, style) if chosen else ""
        if not label and item.get("initial_conversation"):
            label = names.channel(str(item["initial_conversation"]))
        if not label and item.get("initial_user"):
            label = names.user(str(item["initial_user"]))
        label = label or _text(item.get("placeholder"), names, style) or "choose"
        return f"[ {label} ▾ ]"
    if kind in {"datepicker", "timepicker", "datetimepicker"}:
        value = item.get("initial_date") or item.get("initial_time") or "pick"
        return f"[ {value} ]"
    if kind == "plain_text_input":
        return f"[ {item.get('initial_value') or ''} ]"
    if kind in {"checkboxes", "radio_buttons"}:
        options = [_text(o.get("text"), names, style) for o in item.get("options") or []]
        return " ".join(f"( ) {o}" for o in options)
    if kind == "image":
        return f"[image: {item.get('alt_text') or ''}]"
    return f"[{kind}]"


def _rich(elements: Iterable[dict[str, Any]], names: Names, style: Style) -> str:
    """The inline elements of a rich_text section."""
    out = []
    for item in elements:
        kind = item.get("type")
        if kind == "text":
            text = str(item.get("text") or "")
            marks = item.get("style") or {}
            if marks.get("code"):
                text = f"`{text}`"
            if marks.get("bold"):
                text = style.bold(text)
            if marks.get("italic"):
                text = style.italic(text)
            out.append(text)
        elif kind == "link":
            out.append(str(item.get("text") or item.get("url") or ""))
        elif kind == "user":
            out.append(names.user(str(item.get("user_id"))))
        elif kind == "channel":
            out.append(names.channel(str(item.get("channel_id"))))
        elif kind == "emoji":
            out.append(f":{item.get('name')}:")
        elif kind == "date":
            out.append(str(item.get("fallback") or item.get("timestamp") or ""))
        elif kind == "broadcast":
            out.append(f"@{item.get('range')}")
        elif kind == "usergroup":
            out.append(f"@{item.get('usergroup_id')}")
    return "".join(out)


def _rich_text(block: dict[str, Any], names: Names, style: Style) -> str:
    parts = []
    for item in block.get("elements") or []:
        kind = item.get("type")
        if kind == "rich_text_section":
            parts.append(_rich(item.get("elements") or [], names, style))
        elif kind == "rich_text_list":
            ordered = item.get("style") == "ordered"
            for n, entry in enumerate(item.get("elements") or [], 1):
                mark = f"{n}." if ordered else "•"
                indent = "  " * int(item.get("indent") or 0)
                parts.append(f"{indent}{mark} {_rich(entry.get('elements') or [], names, style)}")
        elif kind == "rich_text_quote":
            text = _rich(item.get("elements") or [], names, style)
            parts.append("\n".join(QUOTE + line for line in text.split("\n")))
        elif kind == "rich_text_preformatted":
            parts.append(_rich(item.get("elements") or [], names, style))
    return "\n".join(parts)


# -- blocks ------------------------------------------------------------------------------------


def render_block(
    block: dict[str, Any], names: Names, style: Style = PLAIN, width: int = WIDTH
) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        title = _text(block.get("text"), names, style)
        return [style.bold(title), RULE * min(width, len(title))]
    if kind == "divider":
        return [RULE * min(width, 40)]
    if kind == "section":
        lines: list[str] = []
        if block.get("text"):
            lines += wrap(_text(block["text"], names, style), width)
        fields = [_text(f, names, style) for f in block.get("fields") or []]
        for n in range(0, len(fields), 2):
            pair = fields[n : n + 2]
            if len(pair) == 2 and all("\n" not in f and len(f) <= width // 2 - 2 for f in pair):
                lines.append(f"{pair[0]:<{width // 2}}{pair[1]}".rstrip())
            else:
                for one in pair:
                    lines += wrap(one, width)
        accessory = block.get("accessory")
        if isinstance(accessory, dict):
            lines.append(element(accessory, names, style))
        return lines
    if kind == "context":
        bits = []
        for item in block.get("elements") or []:
            if item.get("type") == "image":
                continue  # a small icon beside the text: nothing to read
            bits.append(_text(item, names, style))
        return [style.dim(line) for line in wrap("  ".join(b for b in bits if b), width)]
    if kind == "actions":
        return wrap("  ".join(element(e, names, style) for e in block.get("elements") or []), width)
    if kind == "rich_text":
        return wrap(_rich_text(block, names, style), width)
    if kind == "input":
        label = _text(block.get("label"), names, style)
        optional = " (optional)" if block.get("optional") else ""
        lines = [f"{label}{optional}: {element(block.get('element') or {}, names, style)}"]
        if block.get("hint"):
            lines += [style.dim(h) for h in wrap(_text(block["hint"], names, style), width, "  ")]
        return lines
    if kind == "image":
        title = _text(block.get("title"), names, style)
        return [f"[image: {title or block.get('alt_text') or ''}]"]
    if kind == "file":
        return ["[a file]"]
    if kind == "video":
        return [f"[video: {_text(block.get('title'), names, style)}]"]
    return [f"[{kind} block]"]


def render_blocks(
    blocks: Iterable[dict[str, Any]], names: Names, style: Style = PLAIN, width: int = WIDTH
) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        lines += render_block(block, names, style, width)
    return lines


def render_message(
    text: str,
    blocks: Iterable[dict[str, Any]] | None,
    names: Names,
    style: Style = PLAIN,
    width: int = WIDTH,
) -> list[str]:
    """A message's blocks, or its text when it has none (what Slack shows, too)."""
    found = list(blocks or [])
    if found:
        return render_blocks(found, names, style, width)
    return wrap(mrkdwn(text, names, style), width)


def render_view(view: dict[str, Any], names: Names, style: Style = PLAIN) -> list[str]:
    """A modal or App Home: its title, blocks, and the submit/close buttons."""
    lines = []
    title = _text(view.get("title"), names, style)
    if title:
        lines += [style.bold(title), RULE * len(title)]
    lines += render_blocks(view.get("blocks") or [], names, style)
    buttons = [
        style.bold(f"[ {_text(view[key], names, style)} ]")
        for key in ("close", "submit")
        if view.get(key)
    ]
    if buttons:
        lines.append("  ".join(buttons))
    return lines
