"""Reading our PDFs back in tests: the text a reader sees (pypdf) and whether any image is embedded, and the hostile
strings every user-supplied field is tried with."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

# Markup a free-text field may carry: an image from the server's disk, an unclosed tag, an entity, ReportLab's own
# paragraph tag. Each must print as these characters.
HOSTILE = ('<img src="/etc/passwd"/>', "<b>粗体", "甲 & 乙 &amp;", "<para>段落</para>")


def hostile(tag: str, image: str = "") -> str:
    """A value for one field: the tag names it, the markup tries to break or hijack the document (with ``image``,
    first of all by embedding that file; the whole fits a 100-character name)."""
    return tag + (f'<img src="{image}"/>' if image else "") + " ".join(HOSTILE)


def a_png() -> str:
    """A real image file the server could read, at a short path: an embedded copy would show the hijack worked."""
    path = Path(tempfile.mkdtemp(prefix="gg")) / "a.png"
    Image.new("RGB", (8, 8), "#e63946").save(path, "PNG")
    return str(path)


def text_of(pdf: bytes) -> str:
    """All the text of the PDF without whitespace (a paragraph wraps wherever it likes)."""
    reader = PdfReader(io.BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def shows(pdf: bytes, value: str) -> bool:
    return "".join(value.split()) in text_of(pdf)


def images_in(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)
