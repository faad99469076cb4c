"""Draw the form (box grid, short labels, check boxes, the shaded halves of box 24) and the data
on it with reportlab. The grid and labels are in the form's red so the PDF reads on plain paper;
the data is black Courier 12, exactly 10 characters an inch, so it also prints onto the red form.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from revcycle.claims.paper.fields import Page, Text
from revcycle.claims.paper.layout import (
    BOX_LIST,
    CHAR,
    CHECKBOXES,
    LINE,
    LINE_COLUMNS,
    LINES_PER_PAGE,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PHONE_AREA_COLUMNS,
    baseline,
    block,
    col_x,
    line_top,
    service_lines,
)

DATA_FONT = "Courier"
DATA_SIZE = 12.0
MIN_DATA_SIZE = 6.0
INSET = 1.2
"""Data keeps this far from the box borders (left-aligned from the left, right-aligned from the right)."""
LABEL_FONT = "Helvetica"
LABEL_SIZE = 5.0
RED = (0.78, 0.12, 0.16)
SHADE = (0.99, 0.90, 0.90)
TITLE = "HEALTH INSURANCE CLAIM FORM"
SUBTITLE = "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12"
FOOTER = "FORM 1500 (02-12) LAYOUT, PRINTED BY REVCYCLE"


def fit(text: str, width: int) -> tuple[str, float]:
    """The text and the font size that fit ``width`` columns: smaller type first, then truncation."""
    if len(text) <= width:
        return text, DATA_SIZE
    size = DATA_SIZE * width / len(text)
    if size >= MIN_DATA_SIZE:
        return text, size
    keep = int(width * DATA_SIZE / MIN_DATA_SIZE)
    return text[:keep], MIN_DATA_SIZE


def wrap(text: str, width: float, size: float = LABEL_SIZE) -> list[str]:
    """A label in as many lines as it needs to fit ``width`` points."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and stringWidth(f"{lines[-1]} {word}", LABEL_FONT, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _label(c: Any, x: float, y: float, text: str, size: float = LABEL_SIZE) -> None:
    c.setFont(LABEL_FONT, size)
    c.drawString(x, y, text)


def _grid(c: Any) -> None:
    c.setStrokeColorRGB(*RED)
    c.setFillColorRGB(*RED)
    c.setLineWidth(0.6)
    _label(c, col_x(1), line_top(4) - 9, TITLE, 11)
    _label(c, col_x(1), line_top(6) - 7, SUBTITLE, 5.5)
    _label(c, col_x(50), line_top(1) - 6, "CARRIER (payer)", LABEL_SIZE)
    for box in BOX_LIST:
        r = box.rect
        c.rect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0, stroke=1, fill=0)
        if box.key != "24":
            for n, part in enumerate(wrap(box.label, r.x1 - r.x0 - 3)):
                _label(c, r.x0 + 1.5, r.y1 - 5.5 - 5.5 * n, part)
    for line, col in PHONE_AREA_COLUMNS:
        _label(c, col_x(col) + 2, baseline(line), "(", 9)
        _label(c, col_x(col + 4) + 2.5, baseline(line), ")", 9)
    for line, col, text in CHECKBOXES:
        y = baseline(line) - 0.5
        c.rect(col_x(col) + 0.6, y, CHAR - 1.2, CHAR - 1.2, stroke=1, fill=0)
        _label(c, col_x(col + 1) + 1, y + 1, text, 4.5)
    _box21(c)
    _box24(c)
    _label(c, col_x(1), 0.5 * 72 - 4, FOOTER, 6)


def _box21(c: Any) -> None:
    _label(c, col_x(41) + 1, baseline(37) + 1, "ICD Ind.")
    for i, letter in enumerate("ABCDEFGHIJKL"):
        row, slot = divmod(i, 4)
        _label(c, col_x(1 + 12 * slot) + 2, baseline(38 + row) + 1, f"{letter}.", 5.5)
    c.line(col_x(61), line_top(38), col_x(61), line_top(38) - LINE)


def _divider(c: Any, col: int, top: float, bottom: float) -> None:
    """The dotted line between dollars and cents, in the middle of column ``col``."""
    x = col_x(col) + CHAR / 2
    c.setDash(1, 2)
    c.line(x, top, x, bottom)
    c.setDash()


def _box24(c: Any) -> None:
    header = block(1, 80, 41, 42)
    bottom = block(1, 80, 54, 54).y0
    for index in range(LINES_PER_PAGE):
        shaded, data = service_lines(index)
        r = block(1, 80, shaded, shaded)
        c.setFillColorRGB(*SHADE)
        c.rect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0, stroke=0, fill=1)
        c.setFillColorRGB(*RED)
        c.line(r.x0, r.y0 - LINE, r.x1, r.y0 - LINE)
        _divider(c, 57, line_top(data), line_top(data) - LINE)
        _label(c, col_x(81) + 2, baseline(data) + 1, str(index + 1), 8)
        _label(c, col_x(66) + 2, baseline(data) + 1, "NPI", 7)
    _label(c, header.x0 + 1.5, header.y1 - 5.5, "24.")
    for col0, _, text in LINE_COLUMNS.values():
        for n, part in enumerate(text.split("\n")):
            _label(c, col_x(col0) + (8 if col0 == 1 else 1.5), header.y1 - 5.5 - 6 * n, part)
        c.line(col_x(col0), header.y0, col_x(col0), bottom)
    c.line(header.x0, header.y0, header.x1, header.y0)
    for col in (59, 69):
        _divider(c, col, line_top(56), line_top(56) - LINE)


def _text(c: Any, t: Text) -> None:
    text, size = fit(t.text, t.width)
    c.setFont(DATA_FONT, size)
    if t.check:
        c.drawCentredString(col_x(t.col) + CHAR / 2, baseline(t.line), text)
    elif t.right:
        c.drawRightString(col_x(t.col + t.width) - INSET, baseline(t.line), text)
    else:
        c.drawString(col_x(t.col) + INSET, baseline(t.line), text)


def render_pages(pages: Sequence[Page], *, title: str = "CMS-1500 claim") -> bytes:
    """One PDF page per form page."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    c.setTitle(title)
    c.setAuthor("revcycle")
    for page in pages:
        c.saveState()
        _grid(c)
        c.restoreState()
        c.setFillColorRGB(0, 0, 0)
        for t in page.texts:
            _text(c, t)
        c.showPage()
    c.save()
    return out.getvalue()
