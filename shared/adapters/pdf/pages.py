"""The canvas of the PDFs: "Page x/y" at the foot of every page.

The total is known only once every page is laid out, so each finished page is kept and
drawn at `save`, with its number (the "NumberedCanvas" recipe: one layout pass, not two).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from shared.adapters.pdf.fonts import SANS

FOOT_FONT_SIZE = 7.5
FOOT_Y = 6 * mm
FOOT_MARGIN = 10 * mm


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(SANS, FOOT_FONT_SIZE)
            self.drawRightString(self._pagesize[0] - FOOT_MARGIN, FOOT_Y, f"Page {number}/{total}")
            super().showPage()
        super().save()


def draw_foot(canvas: Canvas, text: str) -> None:
    """The left part of a page's foot (the page number is on the right)."""
    canvas.saveState()
    canvas.setFont(SANS, FOOT_FONT_SIZE)
    canvas.drawString(FOOT_MARGIN, FOOT_Y, text)
    canvas.restoreState()


def footed_template(
    name: str, foot: str, page: tuple[float, float], margin: float, foot_space: float
) -> PageTemplate:
    """One frame filling the page within `margin` (with `foot_space` kept at the bottom for
    the foot), and `foot` drawn at the foot of every page."""

    def on_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_foot(canvas, foot)

    frame = Frame(
        margin,
        foot_space,
        page[0] - 2 * margin,
        page[1] - margin - foot_space,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    return PageTemplate(name, [frame], on_page, pagesize=page)
