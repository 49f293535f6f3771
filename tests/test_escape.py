"""Escaping per output (render/escape.py): rendered by a real Markdown parser, spec text reads as typed."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from archgen.render.escape import _CODE_MARKS as CODE_MARKS
from archgen.render.escape import (
    dot_text,
    fold_whitespace,
    html_attribute,
    markdown_cell,
    markdown_code,
    markdown_heading,
    markdown_inline,
    terminal_text,
)

# CommonMark plus GitHub's tables and strikethrough; no linkify (bare URLs stay text here).
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# Markdown and HTML metacharacters, entity and link fragments, backtick runs, block markers.
_PIECES = ["`", "``", "```", "````", "*", "**", "_", "__", "~~", "~", "$", "#", "# ", "> ", "- ", "+ ", "1. ",
           "2) ", "---", "===", "[", "]", "](http://x.test/a)", "![](http://x.test/p.png)", "<img src=x onerror=a()>",
           "<http://x.test>", "&#27;", "&amp;", "&lt;", "&#xFFFE;", "\\", "\\N", "|", "<!--", "-->", "[^1]", "[[w]]",
           "{{ x }}", "  ", "\n", "\t", "www.x.test"]
hostile = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=6)), max_size=12).map("".join)


def rendered_text(html_text: str) -> str:
    """The text a reader sees of rendered HTML: paragraph and code tags dropped, entities decoded."""
    return html.unescape(re.sub(r"</?(?:p|code)>", "", html_text)).strip()


def tags(markdown: str) -> list[str]:
    return re.findall(r"<(/?[a-z0-9]+)", MARKDOWN.render(markdown))


def blocks(markdown: str) -> list[str]:
    """The tags that give the rendered text its shape; code spans are text."""
    return [tag for tag in tags(markdown) if tag not in ("code", "/code")]


def as_read(text: str) -> str:
    """What a reader should see of inline text: folded, and backticked words without their marks."""
    return CODE_MARKS.sub(lambda match: fold_whitespace(match.group(1)), fold_whitespace(text))


@settings(max_examples=400, deadline=None)
@given(hostile)
def test_inline_text_renders_as_typed_with_no_markup_but_code(text):
    escaped = markdown_inline(text)
    assert set(tags(escaped)) <= {"p", "/p", "code", "/code"}
    assert rendered_text(MARKDOWN.render(escaped)) == as_read(text)


@settings(max_examples=200, deadline=None)
@given(hostile)
def test_inline_text_is_inert_after_any_template_prefix(text):
    expected = {"- ": ["ul", "li", "/li", "/ul"], "> ": ["blockquote", "p", "/p", "/blockquote"],
                "1. ": ["ol", "li", "/li", "/ol"], "# ": ["h1", "/h1"], "**": ["p", "strong", "/strong", "/p"]}
    text = text.strip()  # as the spec models store it
    if not fold_whitespace(text):
        return
    for prefix, structure in expected.items():
        markdown = prefix + markdown_inline(text) + ("**" if prefix == "**" else "")
        assert blocks(markdown) == structure, markdown


@settings(max_examples=300, deadline=None)
@given(hostile)
def test_code_span_holds_any_text_literally(text):
    span = markdown_code(text)
    if not fold_whitespace(text):
        assert span == ""
        return
    out = MARKDOWN.render(f"x {span} y")
    assert re.fullmatch(r"<p>x <code>(.*)</code> y</p>\n", out, re.S), out
    assert html.unescape(out[len("<p>x <code>"):-len("</code> y</p>\n")]) == fold_whitespace(text)


@settings(max_examples=300, deadline=None)
@given(hostile, hostile)
def test_table_cells_keep_their_text_and_the_table_its_shape(text, code_text):
    row = f"| {markdown_cell(markdown_inline(text))} | {markdown_cell(markdown_code(code_text))} |"
    out = MARKDOWN.render(f"| a | b |\n|---|---|\n{row}\n")
    cells = re.findall(r"<td>(.*?)</td>", out, re.S)
    assert len(cells) == 2, out
    assert rendered_text(cells[0]) == (as_read(text) or "—")
    code = re.fullmatch(r"<code>(.*)</code>", cells[1], re.S)
    assert html.unescape(code.group(1)) == fold_whitespace(code_text) if code else not fold_whitespace(code_text)


@settings(max_examples=200, deadline=None)
@given(hostile)
def test_headings_end_where_the_text_ends(text):
    out = MARKDOWN.render("### " + markdown_heading(text))
    assert re.fullmatch(r"<h3>(.*)</h3>\n", out, re.S), out
    assert rendered_text(out[4:-6]) == as_read(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(hostile.map(lambda t: t.replace("`", "")),
                          st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)), max_size=4))
def test_backticked_words_become_code_spans(parts):
    message = "".join(f"{text} `{ident}` " for text, ident in parts)
    out = MARKDOWN.render(markdown_inline(message))
    assert set(re.findall(r"<(/?[a-z0-9]+)", out)) <= {"p", "/p", "code", "/code"}, out
    assert re.findall(r"<code>([^<]*)</code>", out) == [ident for _, ident in parts]


def test_examples_from_the_issue_stay_text():
    assert markdown_code("``<img src=x onerror=alert(1)>``") == "``` ``<img src=x onerror=alert(1)>`` ```"
    assert markdown_inline("```") == "\\`\\`\\`"
    assert markdown_inline("uses `SETNX` and `` ` ``") == "uses `SETNX` and \\`\\` \\` \\`\\`"
    assert markdown_inline("# x") == "\\# x"
    assert markdown_inline("![](http://x/p.png)") == "!\\[\\](http://x/p.png)"
    assert markdown_inline("&#27; <b>") == "&amp;#27; &lt;b>"
    assert markdown_inline("> quoted") == "\\> quoted"


def test_ordinary_text_stays_readable_in_the_markdown_source():
    for text in ("99.99% availability", "p99 < 200 ms", "seq > ?", "R&D", "a -> b", "per_user_per_day",
                 "C# or F#", "-5 ms", "a-b", "1.5K"):
        assert markdown_inline(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("a & b", "a &amp; b"), ("&#27;", "&amp;#27;"), ("\\N", "\\\\N"), ("x\\", "x\\\\"), ("<b>", "<b>"),
])
def test_dot_text_keeps_references_and_escapes_literal(text, expected):
    assert dot_text(text) == expected
    assert type(dot_text(text)).__name__ == "NoHtml", "never read as an HTML-like label"


def test_html_attribute_quotes_everything_an_attribute_could_close_on():
    assert html_attribute('a "b" <c>\n& |') == "a &quot;b&quot; &lt;c&gt; &amp; &#124;"


def test_terminal_text_shows_control_characters_instead_of_sending_them():
    assert terminal_text("a\x1b[31mb\x07\x9bc ok") == "a\\x1b[31mb\\x07\\x9bc ok"
