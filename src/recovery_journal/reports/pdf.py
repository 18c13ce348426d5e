"""A Document as a PDF (fpdf2): A4 or Letter, page numbers, vector charts, a calendar grid.

Imported only when a PDF is asked for: fpdf2 (with Pillow and fontTools) takes a few hundred
milliseconds to import. Text uses DejaVu Sans (or Liberation Sans, or Arial) when the system
has it, for full Unicode; otherwise the built-in Helvetica, with characters it cannot show
replaced by '?'. Charts are the same SVG as in the HTML report, drawn as vector graphics.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, TableBordersLayout, TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace

from recovery_journal.domain.characters import BIDI_CONTROLS
from recovery_journal.reports.charts import HEIGHT, WIDTH, craving_chart, mood_chart
from recovery_journal.reports.document import (
    Block,
    Calendar,
    Chart,
    Document,
    Facts,
    Highlights,
    Paragraph,
    Table,
)
from recovery_journal.reports.pdf_calendar import HEAD_HEIGHT, ROW_HEIGHT, draw_calendar

PAPERS = {"a4": "A4", "letter": "Letter"}
FONT_PAIRS = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/local/share/fonts/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/Library/Fonts/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "LiberationSans-Bold.ttf",
    ),
    ("/System/Library/Fonts/Supplemental/Arial.ttf", "Arial Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "arialbd.ttf"),
)
ASCII_PUNCTUATION = str.maketrans(
    {
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u2192": "->",
    }
)
INK = (17, 24, 39)
MUTED = (75, 85, 99)
ACCENT = (29, 78, 216)
LINE = (229, 231, 235)
NOTICE = (239, 246, 255)
HEADING_FILL = (229, 236, 250)
STRIPE = (248, 249, 251)
MARGIN = 15.0
ONE_PAGE_SCALES = (1.2, 1.05, 0.9, 0.78, 0.66)
HEADING = 15.0
"""A section heading with the space above and below it, in millimetres."""
CELL_PAGE_SHARE = 0.6
"""A table cell is cut (with a marker) past this share of a page: fpdf2 cannot split a row
across pages, so a 50,000-character note would otherwise stop the PDF."""
CUT = " [… {n:,} more characters; the Markdown and HTML versions have it all]"


class ReportPDF(FPDF):
    """Pages with a running footer: the document's footer and 'Page n of N'."""

    def __init__(
        self, document: Document, paper: str, fonts: Sequence[Path] | None, scale: float = 1.0
    ) -> None:
        orientation = "landscape" if document.landscape else "portrait"
        super().__init__(orientation=orientation, unit="mm", format=PAPERS[paper])
        self.document = document
        self.scale = scale
        """Table text size relative to normal; below 1 to fit a one-page document."""
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN + 3)
        self.covered: frozenset[int] | None = None
        if fonts:
            self.add_font("body", "", str(fonts[0]))
            self.add_font("body", "B", str(fonts[1]))
            self.family = "body"
            self.covered = frozenset(self.fonts["body"].cmap)  # type: ignore[union-attr]
        else:
            self.family = "helvetica"
        self.set_title(document.title)
        self.set_creator("Recovery Journal")

    def close_fonts(self) -> None:
        """Close the font files (fpdf2 closes only the fonts a document used)."""
        for font in self.fonts.values():
            close = getattr(font, "close", None)
            if close is not None:
                close()

    def text_of(self, text: str) -> str:
        """Text this font can show: no control characters, unknown glyphs as '?'."""
        cleaned = "".join(
            " " if unicodedata.category(ch) == "Cc" and ch != "\n" else ch
            for ch in text
            if ch not in BIDI_CONTROLS
        )
        if self.covered is None:
            cleaned = cleaned.translate(ASCII_PUNCTUATION)
            return cleaned.encode("latin-1", "replace").decode("latin-1")
        return "".join(ch if ord(ch) in self.covered or ch == "\n" else "?" for ch in cleaned)

    def fit(self, text: str, width: float) -> str:
        """`text` cut with an ellipsis to fit `width` in the current font."""
        text = self.text_of(text)
        if self.get_string_width(text) <= width:
            return text
        ellipsis = "…" if self.covered is not None and ord("…") in self.covered else "..."
        while text and self.get_string_width(text + ellipsis) > width:
            text = text[:-1]
        return text + ellipsis

    def style(self, size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    @property
    def content_width(self) -> float:
        return float(self.epw)

    def room(self, needed: float) -> None:
        """Start a new page unless `needed` millimetres fit on this one."""
        if self.get_y() + needed > self.page_break_trigger:
            self.add_page()

    def footer(self) -> None:
        self.set_y(-MARGIN + 2)
        self.style(7.5, colour=MUTED)
        self.cell(self.content_width * 0.75, 5, self.text_of(self.document.footer))
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")


def system_fonts() -> tuple[Path, Path] | None:
    """A regular and bold TrueType pair with wide Unicode coverage, if the system has one."""
    for regular, bold in FONT_PAIRS:
        first = Path(regular)
        second = first.with_name(bold)
        if first.is_file() and second.is_file():
            return first, second
    return None


def render(document: Document, *, paper: str = "a4", fonts: Sequence[Path] | None = ()) -> bytes:
    """The PDF file's bytes. `fonts=()` looks for system fonts; None forces Helvetica."""
    chosen = system_fonts() if fonts == () else fonts
    scales = ONE_PAGE_SCALES if document.one_page else (1.0,)
    for scale in scales:
        pdf = _draw(document, paper, chosen, scale)
        if pdf.pages_count == 1 or scale == scales[-1]:
            break
        pdf.close_fonts()
    try:
        return bytes(pdf.output())
    finally:
        pdf.close_fonts()


def _draw(document: Document, paper: str, fonts: Sequence[Path] | None, scale: float) -> ReportPDF:
    pdf = ReportPDF(document, paper, fonts, scale)
    pdf.add_page()
    _title(pdf, document)
    for section in document.sections:
        # A heading never stands alone at a page foot: it needs its first block's start.
        first = section.blocks[0] if section.blocks else None
        pdf.room(HEADING + (0 if first is None else _start_height(pdf, first)))
        pdf.ln(4)
        pdf.style(13.5, bold=True, colour=ACCENT)
        pdf.cell(0, 8, pdf.text_of(section.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.5)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.content_width, pdf.get_y())
        pdf.ln(2.5)
        for block in section.blocks:
            _block(pdf, block)
    return pdf


def _start_height(pdf: ReportPDF, block: Block) -> float:
    """What must fit below a heading with it: a block's first row, tile, line or grid."""
    if isinstance(block, Highlights):
        return 24.0 if block.changes else 19.0
    if isinstance(block, Facts):
        return 5.0 * min(len(block.items), 2) + 2
    if isinstance(block, Table):
        return _table_start(pdf, block)
    if isinstance(block, Paragraph):
        return 4.6 * min(3, 1 + len(block.text) // 90) + 2
    if isinstance(block, Chart):
        return pdf.content_width * HEIGHT / WIDTH + 14
    return HEAD_HEIGHT + ROW_HEIGHT * 2


def _title(pdf: ReportPDF, document: Document) -> None:
    pdf.style(20, bold=True)
    pdf.cell(0, 10, pdf.text_of(document.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_fill_color(*NOTICE)
    pdf.set_draw_color(*ACCENT)
    top = pdf.get_y()
    pdf.style(9.5)
    text = "\n".join(document.header)
    pdf.set_x(pdf.l_margin + 3)
    pdf.multi_cell(
        pdf.content_width - 4, 5, pdf.text_of(text), fill=True, padding=(2, 2, 2, 2), align="L"
    )
    pdf.set_line_width(1.2)
    pdf.line(pdf.l_margin + 0.6, top, pdf.l_margin + 0.6, pdf.get_y())
    pdf.ln(2)


def _block(pdf: ReportPDF, block: Block) -> None:
    if isinstance(block, Highlights):
        _highlights(pdf, block)
    elif isinstance(block, Facts):
        _facts(pdf, block)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Paragraph):
        pdf.style(8.5 if block.muted else 9.5, colour=MUTED if block.muted else INK)
        pdf.multi_cell(
            0, 4.6, pdf.text_of(block.text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(2)
    elif isinstance(block, Chart):
        _chart(pdf, block)
    elif isinstance(block, Calendar):
        draw_calendar(pdf, block)


def _highlights(pdf: ReportPDF, block: Highlights) -> None:
    per_row = min(len(block.items), 4) or 1
    gap = 3.0
    width = (pdf.content_width - gap * (per_row - 1)) / per_row
    height = 24.0 if block.changes else 19.0
    for start in range(0, len(block.items), per_row):
        pdf.room(height + 2)
        top = pdf.get_y()
        for index, (value, label) in enumerate(block.items[start : start + per_row]):
            x = pdf.l_margin + index * (width + gap)
            pdf.set_draw_color(*LINE)
            pdf.set_line_width(0.3)
            pdf.rect(x, top, width, height, style="D", round_corners=True, corner_radius=1.5)
            pdf.set_xy(x + 2.5, top + 2)
            pdf.style(15, bold=True, colour=ACCENT)
            pdf.cell(width - 5, 7, pdf.fit(value, width - 5))
            pdf.set_xy(x + 2.5, top + 9.5)
            pdf.style(7.5, colour=MUTED)
            pdf.multi_cell(width - 5, 3.5, pdf.fit(label, (width - 5) * 2.6), align="L")
            change = block.change(start + index)
            if change:
                pdf.set_xy(x + 2.5, top + height - 5)
                pdf.style(7.5, colour=INK)
                pdf.cell(width - 5, 3.5, pdf.fit(change, width - 5))
        pdf.set_xy(pdf.l_margin, top + height + 3)
    if block.caption:
        pdf.style(8.5, colour=MUTED)
        pdf.multi_cell(0, 4.4, pdf.text_of(block.caption), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)


def _facts(pdf: ReportPDF, block: Facts) -> None:
    label_width = 32.0
    for label, value in block.items:
        pdf.room(6)
        top = pdf.get_y()
        pdf.style(9.5, bold=True)
        pdf.multi_cell(label_width, 5, pdf.text_of(label), align="L")
        bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + label_width, top)
        pdf.style(9.5)
        pdf.multi_cell(0, 5, pdf.text_of(value), align="L")
        pdf.set_xy(pdf.l_margin, max(bottom, pdf.get_y()))
    pdf.ln(2)


def _layout(pdf: ReportPDF, block: Table) -> tuple[float, tuple[int, ...]]:
    """The table's width and relative column widths."""
    columns = len(block.headers)
    # Narrow tables of figures stay narrow, so each number sits near its label.
    width = pdf.content_width
    widths = block.widths or (2, *(1,) * (columns - 1))
    if not block.widths and columns <= 5:
        width = min(width, 24.0 * columns + 36)
    return width, widths


def _lines(pdf: ReportPDF, text: str, width: float) -> list[str]:
    found = pdf.multi_cell(width, 4, text, dry_run=True, output=MethodReturnValue.LINES)
    return list(found) if isinstance(found, list) else [text]


def _fitted_row(pdf: ReportPDF, block: Table, values: tuple[str, ...]) -> list[str]:
    """The row's cells as this font shows them, each cut with a marker past the lines a
    page can hold (the current font must be the table's)."""
    width, widths = _layout(pdf, block)
    most = int(pdf.eph * CELL_PAGE_SHARE / (4.6 * pdf.scale))
    cells = []
    for value, share in zip(values, widths, strict=False):
        text = pdf.text_of(value)
        column = width * share / sum(widths) - 3
        # No more characters than `most` lines of the narrowest letter hold: measuring a
        # 50,000-character note whole would take seconds.
        limit = int(most * column / max(pdf.get_string_width("i"), 0.1)) + 1
        lines = _lines(pdf, text[:limit], column)
        if len(lines) <= most and len(text) > limit:
            lines = _lines(pdf, text, column)
        if len(lines) > most:
            kept = " ".join(lines[: most - 2])
            text = kept + pdf.text_of(CUT.format(n=len(text) - len(kept)))
        cells.append(text)
    return cells


def _table_start(pdf: ReportPDF, block: Table) -> float:
    """The title, the header row and the first row: what a table needs to begin on a page."""
    if not block.rows:
        return 0.0
    pdf.style(8.5 * pdf.scale)
    width, widths = _layout(pdf, block)
    needed = 6.0 if block.title else 0.0
    for row in (block.headers, block.rows[0]):
        cells = zip(_fitted_row(pdf, block, row), widths, strict=False)
        lines = max(
            len(_lines(pdf, value, width * share / sum(widths) - 3)) for value, share in cells
        )
        needed += lines * 4.6 * pdf.scale + 2 * 0.9 * pdf.scale**2
    return needed + 2


def _table(pdf: ReportPDF, block: Table) -> None:
    if not block.rows:
        return
    pdf.room(_table_start(pdf, block))
    if block.title:
        pdf.style(10, bold=True)
        pdf.cell(0, 6, pdf.text_of(block.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    columns = len(block.headers)
    numeric = block.numeric or (False,) * columns
    width, widths = _layout(pdf, block)
    scale = pdf.scale
    pdf.style(8.5 * scale)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.25)
    with pdf.table(
        col_widths=widths,
        text_align=tuple("RIGHT" if right else "LEFT" for right in numeric),
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL, color=INK),
        cell_fill_color=STRIPE,
        cell_fill_mode=TableCellFillMode.EVEN_ROWS,
        line_height=4.6 * scale,
        padding=(0.9 * scale**2, 1.5, 0.9 * scale**2, 1.5),
        width=width,
        align="LEFT",
        repeat_headings=1,
    ) as table:
        for values in (block.headers, *block.rows):
            row = table.row()
            for value in _fitted_row(pdf, block, values):
                row.cell(value)
    pdf.ln(3)


def _chart(pdf: ReportPDF, block: Chart) -> None:
    draw = mood_chart if block.kind == "mood" else craving_chart
    svg = draw(block.stats, block.labels, font=pdf.family, title=block.title, describe=False)
    width = pdf.content_width
    height = width * HEIGHT / WIDTH
    pdf.room(height + 14)
    pdf.style(10, bold=True)
    pdf.cell(0, 6, pdf.text_of(block.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    top = pdf.get_y()
    pdf.image(io.BytesIO(svg.encode()), x=pdf.l_margin, y=top, w=width, h=height)
    pdf.set_y(top + height + 0.5)
    if block.caption:
        pdf.style(7.5, colour=MUTED)
        pdf.cell(0, 4, pdf.text_of(block.caption), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
