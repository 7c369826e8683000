"""The report's page: A4 geometry, the fonts, and ``Writer``, the few layout verbs the report's
sections use (text, heading, table that flows across pages, vector chart), on fpdf2.

Layout (millimetres): 12 mm margins at the sides and the top; the body ends at ``BODY_END`` and
the footer (the method note and the page number) sits below ``FOOTER_TOP``; nothing else is drawn
in between (the tests check it on every rendered page).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from service.texts import t, without_isolates
from service.texts.languages import is_rtl

if TYPE_CHECKING:  # fpdf2 and matplotlib load with the first report, not at start-up
    from fpdf import FPDF

PAGE_W, PAGE_H = 210.0, 297.0  # A4, mm
MARGIN = 12.0  # left, right and top
WIDTH = PAGE_W - 2 * MARGIN
#: The body's last line ends above this; the footer starts at ``FOOTER_TOP``: the band between
#: them stays blank (the tests check it on every rendered page).
BODY_END = 276.0
FOOTER_TOP = 280.0
FONT = "DejaVu"
GREY = (85, 85, 85)


@cache
def _printable_codes() -> frozenset[int]:
    """Code points the report's font (DejaVu Sans, shipped with matplotlib) can draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(font_files()[0], lazy=True) as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    """Patient text the font can draw: emoji and other symbols dropped, other characters the
    font lacks (e.g. CJK) shown as □, so nothing fails and nothing is silently garbled."""
    codes = _printable_codes()
    out = []
    for ch in text:
        if ord(ch) in codes or ch in "\n\t":
            out.append(ch)
        elif unicodedata.category(ch) in ("So", "Sk", "Cf", "Mn", "Cs", "Co", "Cn"):
            continue  # emoji, modifiers, joiners, variation selectors
        else:
            out.append("□")
    return " ".join("".join(out).split())


@cache
def font_files() -> tuple[Path, Path]:
    """DejaVu Sans and DejaVu Sans Bold as matplotlib ships them (no font file of our own)."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"


#: Text for the page: without the chat's direction isolates (the PDF runs its own bidi).
plain = without_isolates


class Writer:
    """The report's document with a few layout verbs (text, heading, table, chart).

    A right-to-left language (Persian) is shaped by HarfBuzz (uharfbuzz, through fpdf2's text
    shaping, which also runs the Unicode bidi algorithm), aligned to the right, and its tables'
    columns run from the right."""

    def __init__(self, lang: str, created: datetime) -> None:
        from fpdf import FPDF

        lang_footer = plain(t("sum_pdf_footer", lang))
        page_label = plain(t("sum_pdf_page", lang, page="{page}", pages="{nb}"))
        rtl = is_rtl(lang)
        self.align = "R" if rtl else "L"

        class _Document(FPDF):
            def footer(self) -> None:
                self.set_y(FOOTER_TOP)
                self.set_font(FONT, size=6)
                self.set_text_color(*GREY)
                self.multi_cell(
                    WIDTH, 2.6, lang_footer, new_x="LMARGIN", new_y="NEXT", align=align
                )
                self.set_y(PAGE_H - 7.5)
                label = page_label.replace("{page}", str(self.page_no()))
                self.cell(WIDTH, 3, label, align="L" if rtl else "R")

        align = self.align

        pdf = _Document(format="A4", unit="mm")
        regular, bold = font_files()
        pdf.add_font(FONT, "", regular)
        pdf.add_font(FONT, "B", bold)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=PAGE_H - BODY_END)
        pdf.alias_nb_pages("{nb}")
        pdf.set_title(t("sum_pdf_title", lang))
        pdf.set_creator("HFS Companion")
        pdf.set_creation_date(created)
        pdf.set_lang(lang.replace("_", "-"))
        if rtl:
            pdf.set_text_shaping(use_shaping_engine=True)
        pdf.add_page()
        self.pdf: FPDF = pdf
        self.lang = lang

    def text(
        self,
        value: str,
        size: float = 8.5,
        *,
        bold: bool = False,
        grey: bool = False,
        gap: float = 0.4,
    ) -> None:
        """A wrapped paragraph at the cursor (breaks onto the next page when it must)."""
        pdf = self.pdf
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.set_text_color(*(GREY if grey else (0, 0, 0)))
        pdf.multi_cell(
            WIDTH, size * 0.48, plain(value), new_x="LMARGIN", new_y="NEXT", align=self.align
        )
        pdf.ln(gap)

    def heading(self, value: str, size: float = 11) -> None:
        """A section heading, kept with at least a few lines of what follows."""
        self.room(18)
        self.pdf.ln(2.5)
        self.text(value, size, bold=True, gap=1)

    def room(self, height: float) -> None:
        """A new page unless ``height`` mm fit above the body's end."""
        if self.pdf.get_y() + height > BODY_END:
            self.pdf.add_page()

    def new_page(self) -> None:
        """Start the next page."""
        self.pdf.add_page()

    def chart(self, svg: bytes, height: float) -> None:
        """A vector chart the full text width wide and ``height`` mm high."""
        self.room(height + 1)
        pdf = self.pdf
        pdf.image(io.BytesIO(svg), x=MARGIN, y=pdf.get_y(), w=WIDTH, h=height)
        pdf.set_y(pdf.get_y() + height + 1)

    def table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        size: float = 7,
    ) -> None:
        """A table that flows across pages, its heading row repeated on each."""
        from fpdf.fonts import FontFace

        pdf = self.pdf
        self.room(min(10 + 7 * len(rows), 45))  # a short table is not split for one row
        if self.align == "R":  # right to left: the first column on the right
            headings = list(reversed(headings))
            rows = [list(reversed(r)) for r in rows]
            widths = list(reversed(widths))
        pdf.set_font(FONT, "", size)
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(170, 170, 170)
        pdf.set_line_width(0.15)
        with pdf.table(
            col_widths=tuple(widths),
            width=WIDTH,
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
            repeat_headings=1,
            text_align="RIGHT" if self.align == "R" else "LEFT",
            line_height=size * 0.47,
            padding=0.8,
            first_row_as_headings=True,
        ) as table:
            for cells in (headings, *rows):
                row = table.row()
                for cell in cells:
                    row.cell(plain(cell))
        pdf.ln(1.5)

    def output(self) -> bytes:
        """The PDF bytes."""
        return bytes(self.pdf.output())
