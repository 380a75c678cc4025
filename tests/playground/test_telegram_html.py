"""Telegram-HTML parsing: tdlib's error wording, entities and UTF-16 offsets."""

from __future__ import annotations

import pytest

from bot.playground.telegram_html import HtmlParseError, parse_html, utf16_len


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
        ("🏟 🏟&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
        (
            "🏟 🏟&lt;<i    aba>",
            'Expected equal sign in declaration of an attribute of the tag "i" at byte offset 13',
        ),
        ("🏟 🏟&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
        ('🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;</", "Unexpected end tag at byte offset 13"),
        ("🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"),
        ("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
        (
            "🏟 🏟&lt;<i>a</em   >",
            'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"',
        ),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ('<tg-emoji emoji-id="x">y</tg-emoji>', "Invalid custom emoji identifier specified"),
        ("a & b", "Character '&' must be escaped at byte offset 2"),
        ("&laquo;", "Character '&' must be escaped at byte offset 0"),
    ],
)
def test_refuses_like_telegram(html: str, message: str) -> None:
    with pytest.raises(HtmlParseError) as caught:
        parse_html(html)
    assert str(caught.value) == message


def test_entities_use_utf16_offsets() -> None:
    parsed = parse_html("🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>")
    assert parsed.text == "🏟 🏟🏟 ><🏟"
    assert parsed.entities == [
        {"type": "italic", "offset": 5, "length": 7},
        {"type": "bold", "offset": 9, "length": 3},
    ]
    assert utf16_len(parsed.text) == 12


@pytest.mark.parametrize(
    ("html", "entity"),
    [
        ('<a href="https://t.me/x?a=1&amp;b=2">l</a>', {"url": "https://t.me/x?a=1&b=2"}),
        ('<span class="tg-spoiler">l</span>', {"type": "spoiler"}),
        ("<tg-spoiler>l</tg-spoiler>", {"type": "spoiler"}),
        ("<blockquote expandable>l</blockquote>", {"type": "expandable_blockquote"}),
        ("<blockquote>l</blockquote>", {"type": "blockquote"}),
        ('<pre><code class="language-python">l</code></pre>', {"language": "python"}),
        ('<tg-emoji emoji-id="5368324170671202286">l</tg-emoji>', {"type": "custom_emoji"}),
        ("<STRONG>l</STRONG>", {"type": "bold"}),
        ("<del>l</>", {"type": "strikethrough"}),
    ],
)
def test_supported_tags(html: str, entity: dict[str, str]) -> None:
    parsed = parse_html(html)
    assert parsed.text == "l"
    assert len(parsed.entities) == 1
    assert entity.items() <= parsed.entities[0].items()


def test_references_and_empty_entities() -> None:
    parsed = parse_html("&lt;&gt;&amp;&quot;&#39;&#x1F600;<b></b>")
    assert parsed.text == "<>&\"'😀"
    assert parsed.entities == []
