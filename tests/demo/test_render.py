"""The terminal renderer: Slack's mrkdwn and the Block Kit blocks ownerbot sends, as text."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from bot.demo.render import Names, Style, mrkdwn, render_blocks, render_message, render_view

NAMES = Names(users={"U0VERA": "Vera Jansen"}, channels={"C0ACME": "client-acme"})


def test_mentions_channels_links_and_dates_read_as_people_see_them() -> None:
    text = (
        "<@U0VERA> and <@U0NOBODY|nobody> in <#C0ACME> and <#C0OTHER|other>: see "
        "<https://example.com/a_b|the plan> or <https://example.com>, due "
        "<!date^1795000000^{date_short_pretty}|Tue 24 Nov 14:00 CET>. <!here>"
    )
    assert mrkdwn(text, NAMES) == (
        "@Vera Jansen and @nobody in #client-acme and #other: see the plan or "
        "https://example.com, due Tue 24 Nov 14:00 CET. @here"
    )


def test_emphasis_is_dropped_in_plain_text_but_code_is_kept_as_typed() -> None:
    text = "*Reminder:* _soon_ ~gone~ `/owner set @name` keeps snake_case_names and 2*3*4"
    assert mrkdwn(text, NAMES) == (
        "Reminder: soon gone `/owner set @name` keeps snake_case_names and 2*3*4"
    )


def test_ansi_style_marks_bold_and_italic() -> None:
    assert mrkdwn("*New* _question_", NAMES, Style.ansi()) == (
        "\x1b[1mNew\x1b[22m \x1b[3mquestion\x1b[23m"
    )


def test_quotes_get_a_bar_and_entities_are_unescaped() -> None:
    assert mrkdwn("&gt; Is A &amp; B &lt;ready&gt;?\n> second", NAMES) == (
        "│ Is A & B <ready>?\n│ second"
    )


def _dicts(*blocks: Any) -> list[dict[str, Any]]:
    return [block.to_dict() for block in blocks]


def test_blocks_we_send_render_in_order() -> None:
    blocks = _dicts(
        HeaderBlock(text="Who is accountable here"),
        SectionBlock(
            text=MarkdownTextObject(text="*Vendor owner:* <@U0VERA>"),
            accessory=ButtonElement(text="Open", action_id="open"),
        ),
        SectionBlock(
            fields=[
                MarkdownTextObject(text="*Asked:* 5"),
                MarkdownTextObject(text="*Answered:* 4"),
            ]
        ),
        DividerBlock(),
        ContextBlock(elements=[MarkdownTextObject(text="Target: 4 business hours")]),
        ActionsBlock(
            elements=[
                ButtonElement(text="I'll take it", action_id="take", style="primary"),
                StaticSelectElement(
                    placeholder=PlainTextObject(text="Snooze"), action_id="snooze", options=[]
                ),
            ]
        ),
    )
    assert render_blocks(blocks, NAMES) == [
        "Who is accountable here",
        "───────────────────────",
        "Vendor owner: @Vera Jansen",
        "[ Open ]",
        "Asked: 5" + " " * 42 + "Answered: 4",
        "─" * 40,
        "Target: 4 business hours",
        "[ I'll take it ]  [ Snooze ▾ ]",
    ]


def test_rich_text_lists_and_quotes() -> None:
    block = {
        "type": "rich_text",
        "elements": [
            {
                "type": "rich_text_section",
                "elements": [
                    {"type": "text", "text": "Open ", "style": {"bold": True}},
                    {"type": "user", "user_id": "U0VERA"},
                    {"type": "link", "url": "https://x.example", "text": " thread"},
                ],
            },
            {
                "type": "rich_text_list",
                "style": "bullet",
                "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": "one"}]},
                    {
                        "type": "rich_text_section",
                        "elements": [{"type": "channel", "channel_id": "C0ACME"}],
                    },
                ],
            },  # fmt: skip
            {"type": "rich_text_quote", "elements": [{"type": "text", "text": "quoted"}]},
        ],
    }
    assert render_blocks([block], NAMES) == [
        "Open @Vera Jansen thread",
        "• one",
        "• #client-acme",
        "│ quoted",
    ]


def test_long_text_wraps_and_keeps_the_quote_bar() -> None:
    text = "> " + "word " * 40
    lines = render_message(text, None, NAMES, width=40)
    assert len(lines) > 1
    assert all(line.startswith("│ ") and len(line) <= 40 for line in lines)


def test_a_message_without_blocks_shows_its_text() -> None:
    assert render_message("Settings saved for <#C0ACME>", [], NAMES) == [
        "Settings saved for #client-acme"
    ]


def test_a_modal_shows_title_inputs_and_buttons() -> None:
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Channel settings"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "label": {"type": "plain_text", "text": "Timezone"},
                "element": {"type": "plain_text_input", "initial_value": "UTC"},
                "hint": {"type": "plain_text", "text": "An IANA name."},
            },
            {
                "type": "input",
                "optional": True,
                "label": {"type": "plain_text", "text": "Leads channel"},
                "element": {"type": "conversations_select", "initial_conversation": "C0ACME"},
            },
        ],
    }
    assert render_view(view, NAMES) == [
        "Channel settings",
        "────────────────",
        "Timezone: [ UTC ]",
        "  An IANA name.",
        "Leads channel (optional): [ #client-acme ▾ ]",
        "[ Cancel ]  [ Save ]",
    ]


def test_unknown_blocks_are_named_not_dropped() -> None:
    assert render_blocks([{"type": "table"}], NAMES) == ["[table block]"]


def test_a_code_block_keeps_its_lines_and_loses_its_fences() -> None:
    text = "*Trend*\n```\nWeek  Asked\nW47       3\n```"
    assert render_message(text, None, NAMES) == ["Trend", "Week  Asked", "W47       3"]
