"""Escaping content for Markdown: what goes in shows literally, nothing becomes markup."""

from __future__ import annotations

import html
import re

import markdown
import pytest
import yaml

from generator.escape import escape_block, escape_inline, escape_yaml_title

EXTENSIONS = ["attr_list", "tables", "toc"]


def rendered(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


def paragraph_text(source: str) -> str:
    """The text of a single rendered paragraph; fails if anything else was produced."""
    output = rendered(source)
    match = re.fullmatch(r"<p>(.*)</p>", output, re.DOTALL)
    assert match, f"not a single paragraph: {output!r}"
    inner = match.group(1)
    assert "<" not in inner, f"markup produced: {output!r}"
    return html.unescape(inner)


CLASSES = {
    "emphasis": ["*em*", "**strong**", "_em_", "__strong__", "a*b*c", "***x***"],
    "code": ["`code`", "``co`de``", "```"],
    "heading": ["# 标题", "## 标题", "标题 #"],
    "table pipe": ["a | b", "| a | b |", "|"],
    "links": ["[link](http://x.example)", "[a]: http://x.example", "![img](x.png)", "[^1]", "[TOC]"],
    "angle brackets": ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<http://x.example>",
                       "关于印发<医疗保障基金管理办法>的通知", "a < b > c"],
    "ampersand": ["&lt;script&gt;", "&amp;", "&#60;", "A & B"],
    "attribute list": ["{: onclick=\"alert(1)\" }", "标题 {#id}", "{.class}"],
    "ordered list": ["1. 第一", "1) 第一", "12. 十二"],
    "bullet list": ["- 项", "+ 项", "* 项"],
    "quote": ["> 引文", ">> 引文"],
    "rules and setext": ["---", "===", "***", "- - -"],
    "backslash": ["\\*x\\*", "a\\b", "\\"],
    "admonition and extras": ["!!! note", "~~del~~", "==mark==", "^^ins^^", ":smile:", "$x$"],
    "html comment": ["<!-- x -->", "<![CDATA[x]]>"],
    "indentation": ["    code block", "\tcode"],
}


@pytest.mark.parametrize("text", [t for texts in CLASSES.values() for t in texts],
                         ids=[f"{name}:{i}" for name, texts in CLASSES.items() for i in range(len(texts))])
def test_inline_text_shows_literally(text):
    assert paragraph_text(escape_inline(text)) == text.strip()


def test_chinese_text_is_left_alone():
    text = "以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出行为的处罚（仅指医疗保险）"
    assert escape_inline(text) == text


def test_inline_joins_lines():
    assert paragraph_text(escape_inline("第一行\n  - 第二行\n")) == "第一行 - 第二行"


def test_inline_in_a_table_cell_keeps_one_cell():
    source = f"| a | b |\n| --- | --- |\n| {escape_inline('x | y')} | {escape_inline('**z**')} |\n"
    output = rendered(source)
    assert output.count("<td>") == 2
    assert "<strong>" not in output
    assert "x | y" in html.unescape(output)


def test_block_keeps_each_line_a_paragraph_and_escapes_line_starts():
    text = "1. 第一项\n- 第二项\n# 第三项\n> 第四项"
    output = rendered(escape_block(text))
    assert output.count("<p>") == 4
    assert not re.search(r"<(ol|ul|li|h1|blockquote)", output)
    assert html.unescape(re.sub(r"</?p>", "", output)).split("\n") == text.split("\n")


def test_block_inside_a_quote():
    output = rendered(escape_block("*a*\n<b>", prefix="> "))
    assert output.count("<blockquote>") == 1
    assert "<em>" not in output and "<b>" not in output
    assert "*a*" in html.unescape(output) and "<b>" in html.unescape(output)


def test_yaml_title_is_html_escaped_json():
    assert escape_yaml_title('</title><script>"x"') == '"&lt;/title&gt;&lt;script&gt;&quot;x&quot;"'


def test_empty_values():
    assert escape_inline(None) == "" and escape_inline("") == "" and escape_block(None) == ""


def test_yaml_title_survives_characters_yaml_refuses():
    title = "a\x7fb\u2028c\x85d\ufeffe𠀀"
    quoted = escape_yaml_title(title)
    assert yaml.safe_load(f"title: {quoted}")["title"] == "a\ufffdb c d\ufeffe𠀀"  # line breaks become spaces


def test_control_characters_cannot_reach_markdown_internals():
    assert paragraph_text(escape_inline("a\x02klzzwxh:0000\x03b")) == "a\ufffdklzzwxh:0000\ufffdb"


def test_css_string_cannot_end_the_string_the_rule_or_the_style_element():
    from generator.escape import css_string

    hostile = '局"; } body { display: none } </style><script>alert(1)</script>\\\n'
    escaped = css_string(hostile)
    assert not set(escaped) & set('"\'{}<>\n')
    assert escaped.startswith("局") and "\\000022" in escaped and "\\00003c" in escaped
    assert css_string("西夏区医疗保障局 · 2024年版") == "西夏区医疗保障局 · 2024年版"
