"""Editors write Markdown; readers get sanitised HTML and search gets the plain text."""

import html
import re

import markdown
import nh3

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
}
BLOCK_END = re.compile(r"</(p|li|h[2-4]|td|th|blockquote|pre)>|<br>")
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def render_markdown(source: str) -> str:
    """Markdown to HTML, then sanitised: no script, style, event handler or foreign tag survives.

    The page's own h1 is the title, so editors' top-level headings become h2.
    """
    rendered = markdown.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    rendered = rendered.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def plain_text(sanitised_html: str) -> str:
    """The words of the HTML without its tags, for the search vector and snippets."""
    text = nh3.clean(BLOCK_END.sub(r"\g<0>\n", sanitised_html), tags=set())
    return " ".join(html.unescape(text).split())
