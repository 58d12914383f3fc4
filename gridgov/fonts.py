"""A CJK font for what we draw ourselves (PDF reports, PNG/PDF grid cards).

``GRIDGOV_CJK_FONT`` names a font file; otherwise the first of the known system fonts that exists (the install step
provides WenQuanYi Micro Hei and Noto CJK from Debian). ReportLab embeds TrueType outlines only, so PDFs prefer a
TrueType font (WenQuanYi); Pillow reads either.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

TRUETYPE = (  # (path, index in the collection)
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
)
OPENTYPE = (("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),)  # index 2: Simplified Chinese


class NoCJKFont(RuntimeError):
    pass


def _configured() -> tuple[str, int] | None:
    path = os.environ.get("GRIDGOV_CJK_FONT", "")
    return (path, 0) if path and Path(path).exists() else None


@cache
def truetype() -> tuple[str, int] | None:
    """A TrueType CJK font (for ReportLab), or None."""
    return _configured() or next(((p, i) for p, i in TRUETYPE if Path(p).exists()), None)


@cache
def any_cjk() -> tuple[str, int]:
    """Any CJK font Pillow can draw with."""
    found = truetype() or next(((p, i) for p, i in OPENTYPE if Path(p).exists()), None)
    if found is None:
        raise NoCJKFont("no Chinese font found: install fonts-wqy-microhei (Debian) or set GRIDGOV_CJK_FONT")
    return found


@cache
def reportlab_font() -> str:
    """Register and name a font ReportLab can embed; the CID font STSong-Light (not embedded) as a last resort."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if (found := truetype()) is not None:
        pdfmetrics.registerFont(TTFont("GridgovCJK", found[0], subfontIndex=found[1]))
        return "GridgovCJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"
