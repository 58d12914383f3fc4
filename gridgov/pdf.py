"""Text into ReportLab paragraphs as text, never as markup.

ReportLab's ``Paragraph`` reads its text as XML-like markup: ``<img src=…>`` embeds a file from the server's disk,
``<b>`` without its end tag fails the whole document, ``&`` starts an entity. Every paragraph of our PDFs is built by
``para()``, which escapes the text first (whatever its source: a citizen's description, a unit's name, a translated
sentence with a user's value in it) and keeps line breaks as line breaks.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph


def plain(value: Any) -> str:
    """The value as paragraph text that shows exactly these characters (line breaks kept)."""
    text = "" if value is None else str(value)
    text = "".join(c for c in text if c in "\t\n" or c >= " ")  # control characters (\r, NUL …) have no glyph
    return escape(text).replace("\n", "<br/>")


def para(value: Any, style: ParagraphStyle) -> Paragraph:
    """A paragraph showing ``value`` as plain text."""
    return Paragraph(plain(value), style)
