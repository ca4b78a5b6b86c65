"""The PDF export: the visit document (export/document.py) drawn with ReportLab, no browser.
Fonts are the DejaVu-family Bitstream Vera TTFs that ship inside the reportlab wheel, embedded
(subset) so the file reads the same on any machine; the text is selectable and the course chart
is vector drawing. ReportLab is imported only here, only when a PDF is asked for.
"""

from html import escape as _escape

from cipn_journal.domain.clinical import SCALE_MAX
from cipn_journal.export import document as doc
from cipn_journal.export.visit_report import Report
from cipn_journal.output import printable

FONT, BOLD = "CipnVera", "CipnVeraBold"
SUBSTITUTES = {"\u2265": ">=", "\u2264": "<=", "\u2192": "->", "\u2122": "(TM)",
               "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a6": "|"}
DASHES = ((), (4, 2), (1.2, 1.2), (5, 1.5, 1.2, 1.5))  # line styles cycle: grey-print safe


def _fonts() -> set[int]:
    """Register the bundled fonts once; return the code points they can draw."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT,
                                      boldItalic=BOLD)
    return set(pdfmetrics.getFont(FONT).face.charToGlyph)


class _Text:
    """User and document text for the PDF: one line, line breaks as " / " and other control
    characters U+FFFD (output.printable), characters the font lacks replaced, and XML-escaped
    for Paragraph markup."""

    def __init__(self, glyphs: set[int]):
        self.glyphs = glyphs

    def plain(self, value) -> str:
        shown = " ".join(printable(str(value), one_line=True).split())
        return "".join(ch if ord(ch) in self.glyphs or ch == " " else SUBSTITUTES.get(ch, "?")
                       for ch in shown)

    def markup(self, value) -> str:
        text = str(value)
        before = " " if text[:1].isspace() else ""
        after = " " if text[-1:].isspace() else ""
        return before + _escape(self.plain(value), quote=False) + after


def export(store, selection) -> bytes:
    from cipn_journal.export.visit_report import report

    return report_pdf(report(store, selection))


def report_pdf(report: Report) -> bytes:
    import io

    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        KeepTogether,
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    rl_config.useA85 = 0  # binary compressed streams: ASCII85 in pure Python costs a third
    tx = _Text(_fonts())
    blocks = doc.build(report)
    styles = {
        "body": ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=10.5),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=7.5, leading=9,
                                textColor=colors.HexColor("#333333")),
        "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=13, leading=16, spaceAfter=3),
        "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=10.5, leading=13, spaceBefore=7,
                             spaceAfter=2, keepWithNext=1),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=7.5, leading=9),
    }
    styles["cell_right"] = ParagraphStyle("cell_right", parent=styles["cell"], alignment=2)
    styles["head_right"] = ParagraphStyle("head_right", parent=styles["head"], alignment=2)

    def spans(parts: list[doc.Span]) -> str:
        return "".join(f"<b>{tx.markup(v)}</b>" if strong else tx.markup(v)
                       for v, strong in parts)

    def items(rows: list[str], ordered: bool = False):
        return ListFlowable([ListItem(Paragraph(r, styles["body"]), leftIndent=10)
                             for r in rows], bulletType="1" if ordered else "bullet",
                            start=None if ordered else "\u2022", leftIndent=10,
                            bulletFontName=FONT, bulletFontSize=7)

    def grid(block: doc.Grid):
        keep = set(block.nowrap)  # the columns whose text never breaks (chosen below)
        size = [7.5]  # the table's type size (chosen below)

        def cell(value: str, n: int, style: str) -> Paragraph:
            shown = tx.markup(value)
            if n in keep:
                shown = f"<nobr>{shown}</nobr>"  # dates never break
            chosen = styles[style + ("_right" if n in block.right else "")]
            if size[0] != chosen.fontSize:
                chosen = ParagraphStyle(f"{chosen.name}-{size[0]}", parent=chosen,
                                        fontSize=size[0], leading=size[0] * 1.2)
            return Paragraph(shown, chosen)

        from reportlab.pdfbase.pdfmetrics import stringWidth

        def measure(text: str, bold: bool) -> float:
            return stringWidth(text, BOLD if bold else FONT, size[0]) + 5  # + the padding

        def longest_word(n: int) -> float:
            return max(measure(word, row is None) for row in (None, *block.rows)
                       for word in (tx.plain(block.headers[n] if row is None else row[n])
                                    .split() or [""]))

        def whole(n: int) -> float:
            return max([measure(tx.plain(block.headers[n]), True)]
                       + [measure(tx.plain(row[n]), False) for row in block.rows])

        def layout(keep: set[int]) -> tuple[list[float], bool]:
            """Columns in `keep` as wide as their longest text (they never break); every other
            column at least as wide as its longest word, sharing what is left by its longest
            text. False when even that does not fit the page."""
            fixed = {n: whole(n) for n in keep}
            weights = {n: max(max(len(part) for part in block.headers[n].split()) + 2,
                              min(max([len(block.headers[n])] + [len(r[n]) for r in block.rows]),
                                  60), 4)
                       for n in range(len(block.headers)) if n not in fixed}
            rest = max(total - sum(fixed.values()), 2 * cm)
            least = {n: longest_word(n) for n in weights}
            fits = sum(least.values()) <= rest
            spare = rest - sum(least.values()) if fits else rest
            base = least if fits else dict.fromkeys(weights, 0.0)
            share = {n: base[n] + spare * weights[n] / sum(weights.values()) for n in weights}
            return [fixed[n] if n in fixed else share[n] for n in range(len(block.headers))], fits

        total = 18.2 * cm - 12  # the frame's width less its padding
        # Dates (nowrap) never break. When the other columns' words would not fit beside the
        # whole ones, the type shrinks by half a point, then a label column asked to stay whole
        # (nowrap 0) gives way.
        widths, fits = layout(keep)
        if not fits:  # half a point smaller before a label is allowed to break
            size[0] = 7.0
            widths, fits = layout(keep)
        if not fits and 0 in keep:
            keep.discard(0)
            widths, _ = layout(keep)
        data = [[cell(h, n, "head") for n, h in enumerate(block.headers)]]
        data += [[cell(c, n, "cell") for n, c in enumerate(row)] for row in block.rows]
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        commands = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#777777")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
        table.setStyle(TableStyle(commands))
        return table

    story = []
    for block in blocks:
        if isinstance(block, doc.Heading):
            story.append(Paragraph(tx.markup(block.text), styles["h1" if block.level == 1
                                                                  else "h2"]))
        elif isinstance(block, doc.Para):
            story.append(Paragraph(spans(block.parts), styles["small" if block.style in (
                "small", "note") else "body"]))
        elif isinstance(block, doc.Items):
            story.append(items([spans(item) for item in block.items], block.ordered))
        elif isinstance(block, doc.Grid):
            story.append(grid(block))
        elif isinstance(block, doc.KeyPoints):
            box = Table([[items([f"<b>{tx.markup(day)}</b> {tx.markup(fact)}"
                                 for day, fact in block.points])]])
            box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5, colors.black),
                                     ("TOPPADDING", (0, 0), (-1, -1), 3),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
            story.append(box)
        elif isinstance(block, doc.Course):
            story.append(KeepTogether([_course(block, tx, 18 * cm),
                                       Paragraph(tx.markup(COURSE_LEGEND), styles["small"])]))
        elif isinstance(block, doc.Details):
            story.append(Spacer(1, 4))
    who, window = tx.plain(doc.who(report)), tx.plain(doc.window_words(report))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=1.4 * cm, rightMargin=1.4 * cm, topMargin=1.5 * cm,
        bottomMargin=1.4 * cm, title=tx.plain(doc.title(report)), author=who,
        subject="Patient-reported CIPN symptom summary", creator="cipn-journal")
    document.build(story, canvasmaker=_numbered(who, window))
    return buffer.getvalue()


COURSE_LEGEND = doc.COURSE_LEGEND


def _course(block: doc.Course, tx: _Text, width: float):
    """The course chart as vector shapes: a panel per symptom on one time axis."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
    from reportlab.lib import colors

    panel, left, right, axis = 24.0, 92.0, 4.0, 12.0
    count = len(block.days)
    height = panel * len(block.panels) + axis + 8
    drawing = Drawing(width, height)
    span = width - left - right
    top_y = height - 6

    def x(index: int) -> float:
        return left + (span / 2 if count <= 1 else span * index / (count - 1))

    index = {day: n for n, day in enumerate(block.days)}
    bottom = axis
    if block.window_start is not None and block.window_start in index:
        start = x(index[block.window_start])
        drawing.add(Rect(start, bottom, x(count - 1) - start + 0.5, top_y - bottom,
                         fillColor=colors.HexColor("#e4e4e4"), strokeColor=None))
    for n, (label, values) in enumerate(block.panels):
        base = top_y - panel * (n + 1) + 3

        def y(value: int, base=base) -> float:
            return base + (panel - 6) * value / SCALE_MAX

        drawing.add(Line(left, base, width - right, base, strokeColor=colors.grey,
                         strokeWidth=0.4))
        drawing.add(String(left - 4, base + panel / 2 - 1, tx.plain(doc.short(label)),
                           fontName=FONT, fontSize=7, textAnchor="end"))
        peak = max(v for v in values if v is not None)
        drawing.add(String(left - 4, base + 2, f"highest {peak}", fontName=FONT,
                           fontSize=5.5, textAnchor="end", fillColor=colors.HexColor("#333333")))
        for stretch in doc.series_runs(values):
            points = [coordinate for i, value in stretch for coordinate in (x(i), y(value))]
            if len(points) == 2:
                drawing.add(Circle(points[0], points[1], 1.0, fillColor=colors.black,
                                   strokeColor=None))
            else:
                drawing.add(PolyLine(points, strokeColor=colors.black, strokeWidth=0.9,
                                     strokeDashArray=list(DASHES[n % len(DASHES)]) or None))
    for day in block.infusions:
        if day in index:
            xi = x(index[day])
            drawing.add(Line(xi, bottom, xi, top_y, strokeColor=colors.black, strokeWidth=0.5,
                             strokeDashArray=[2, 1.5]))
            drawing.add(Polygon([xi - 2.5, height, xi + 2.5, height, xi, height - 4],
                                fillColor=colors.black, strokeColor=None))
    for i, text in doc.course_ticks(block):
        anchor = "end" if i == count - 1 and count > 1 else "start"
        drawing.add(String(x(i), 2, text, fontName=FONT, fontSize=6, textAnchor=anchor))
    return drawing


def _numbered(who: str, window: str):
    """A canvas class that draws every page's header (name, date of birth, window) and footer
    ("page N of M"): pages are kept until the last so that M is known."""
    from reportlab.pdfgen.canvas import Canvas

    class Numbered(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("initialFontName", FONT)  # else Helvetica, which is not embedded
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                width, height = self._pagesize
                self.setFont(FONT, 7.5)
                self.drawString(40, height - 28, who)
                self.drawRightString(width - 40, height - 28, window)
                self.drawRightString(width - 40, 22, f"page {number} of {total}")
                super().showPage()
            super().save()

    return Numbered
