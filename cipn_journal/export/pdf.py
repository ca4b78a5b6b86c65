"""The PDF export: the visit document (export/document.py) drawn with ReportLab, no browser.
The font is DejaVu Sans (regular and bold, Latin, Greek and Cyrillic), shipped in
export/fonts/ with its licence and embedded (subset) so the file reads the same on any machine;
characters it lacks come from a system font that fontconfig finds, else they are named on
stderr. The text is selectable and the course chart is vector drawing. ReportLab is imported
only here, only when a PDF is asked for.
"""

import io
import shutil
import subprocess
from dataclasses import fields, is_dataclass, replace
from html import escape as _escape
from pathlib import Path

from cipn_journal.domain.clinical import SCALE_MAX
from cipn_journal.export import document as doc
from cipn_journal.export.paper import PAPERS
from cipn_journal.export.visit_report import Report, report
from cipn_journal.output import err, printable

FONT, BOLD, OTHER = "CipnSans", "CipnSansBold", "CipnSystem"
FONTS = Path(__file__).with_name("fonts")  # DejaVuSans(-Bold).ttf, a Latin/Greek/Cyrillic subset
SUBSTITUTES = {"\u2265": ">=", "\u2264": "<=", "\u2192": "->", "\u2122": "(TM)",
               "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a6": "|"}
DASHES = ((), (4, 2), (1.2, 1.2), (5, 1.5, 1.2, 1.5))  # line styles cycle: grey-print safe
HEADING_ROOM = 60  # points a heading needs below it on a page, else it starts the next page
PANELS_PER_CHART = 14  # a course chart of more symptoms is split into charts a page can hold


def _fonts() -> set[int]:
    """Register the bundled fonts once; return the code points they can draw."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT,
                                      boldItalic=BOLD)
    return set(pdfmetrics.getFont(FONT).face.charToGlyph)


def _system_font(missing: set[str]) -> set[int]:
    """A system font (asked of fontconfig's fc-match) for characters DejaVu lacks, registered
    as OTHER; the code points it can draw (none when there is no such font, or ReportLab
    cannot embed it: only TrueType outlines can be)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if OTHER in pdfmetrics.getRegisteredFontNames():
        return set(pdfmetrics.getFont(OTHER).face.charToGlyph)
    matcher = shutil.which("fc-match")
    if matcher is None or not missing:
        return set()
    wanted = " ".join(f"{ord(ch):x}" for ch in sorted(missing))
    try:
        found = subprocess.run([matcher, "--format=%{file}", f":charset={wanted}"],
                               capture_output=True, text=True, timeout=10, check=False)
        path = found.stdout.strip()
        if not path or "dejavu" in Path(path).name.lower():
            return set()
        pdfmetrics.registerFont(TTFont(OTHER, path, subfontIndex=0))
    except (OSError, TTFError, subprocess.TimeoutExpired):  # a font ReportLab cannot embed
        return set()
    return set(pdfmetrics.getFont(OTHER).face.charToGlyph)


def _strings(value) -> list[str]:
    """Every string in a document block (dataclasses, lists, tuples), to find the characters
    the fonts must cover before drawing."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _strings(item)]
    if is_dataclass(value) and not isinstance(value, (type, doc.Charts)):
        return [text for f in fields(value) for text in _strings(getattr(value, f.name))]
    return []


class _Text:
    """User and document text for the PDF: one line, line breaks as " / " and other control
    characters U+FFFD (output.printable), characters no font has replaced (and remembered in
    `unshown`), runs only a system font has set in it, and XML-escaped for Paragraph markup."""

    def __init__(self, glyphs: set[int], other: set[int] | None = None):
        self.glyphs, self.other = glyphs, other or set()
        self.unshown: set[str] = set()

    def _char(self, ch: str) -> str:
        if ord(ch) in self.glyphs or ch == " " or ord(ch) in self.other:
            return ch
        if ch in SUBSTITUTES:
            return SUBSTITUTES[ch]
        self.unshown.add(ch)
        return "?"

    def plain(self, value) -> str:
        shown = " ".join(printable(str(value), one_line=True).split())
        return "".join(self._char(ch) for ch in shown)

    def markup(self, value) -> str:
        text = str(value)
        before = " " if text[:1].isspace() else ""
        after = " " if text[-1:].isspace() else ""
        runs: list[tuple[bool, str]] = []  # (needs the system font, text)
        for ch in self.plain(value):
            other = ord(ch) not in self.glyphs and ch != " "
            if runs and runs[-1][0] == other:
                runs[-1] = (other, runs[-1][1] + ch)
            else:
                runs.append((other, ch))
        body = "".join(f'<font name="{OTHER}">{_escape(run, quote=False)}</font>' if other
                       else _escape(run, quote=False) for other, run in runs)
        return before + body + after

    def font_for(self, text: str) -> str:
        """The font a drawn string (a chart label) uses: OTHER when only it has them all."""
        return OTHER if any(ord(ch) not in self.glyphs and ch != " " for ch in text) else FONT


def export(store, selection, *, paper: str = "a4") -> bytes:
    return report_pdf(report(store, selection), paper=paper)


def report_pdf(report: Report, *, paper: str = "a4") -> bytes:
    """The PDF on `paper` (a4 or letter). Characters no font could draw are named on stderr,
    once, with the HTML export suggested."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        CondPageBreak,
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
    glyphs = _fonts()
    blocks = doc.build(report)
    who_text, window_text = doc.who(report), doc.window_words(report)
    typed = {ch for text in _strings(blocks) + [who_text, window_text]
             for ch in printable(text, one_line=True)}
    missing = {ch for ch in typed if ord(ch) not in glyphs and not ch.isspace()
               and ch not in SUBSTITUTES}
    tx = _Text(glyphs, _system_font(missing) if missing else set())
    pagesize = PAPERS[paper]
    margin = 1.4 * cm
    styles = {
        "body": ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=10.5),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=7.5, leading=9,
                                textColor=colors.HexColor("#333333")),
        "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=13, leading=16, spaceAfter=3),
        # No keepWithNext: it would move a heading and a long box or table that could start
        # on this page to the next one whole. A heading gets a CondPageBreak (below) instead.
        "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=10.5, leading=13, spaceBefore=7,
                             spaceAfter=2),
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

        total = pagesize[0] - 2 * margin - 12  # the frame's width less its padding
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
        # splitInRow: a cell taller than a page (a long note) continues on the next one
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
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
            if block.level > 1:  # a heading never ends a page: room for it and three lines
                story.append(CondPageBreak(HEADING_ROOM))
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
            # One row a point, so that the box splits between points (and inside a long one).
            box = Table([["\u2022", Paragraph(f"<b>{tx.markup(day)}</b> {tx.markup(fact)}",
                                               styles["body"])] for day, fact in block.points],
                        colWidths=[12, pagesize[0] - 2 * margin - 12 - 12], splitInRow=1,
                        hAlign="LEFT")
            box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5, colors.black),
                                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LEFTPADDING", (0, 0), (0, -1), 5),
                                     ("RIGHTPADDING", (0, 0), (0, -1), 1),
                                     ("FONTNAME", (0, 0), (0, -1), FONT),
                                     ("FONTSIZE", (0, 0), (0, -1), 7),
                                     ("TOPPADDING", (0, 0), (-1, -1), 1),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                                     ("TOPPADDING", (0, 0), (-1, 0), 4),
                                     ("BOTTOMPADDING", (0, -1), (-1, -1), 4)]))
            story.append(box)
        elif isinstance(block, doc.Course):
            width = pagesize[0] - 2 * margin - 12
            charts: list = [_course(part, tx, width) for part in _parts(block)]
            charts[-1] = [charts[-1], Paragraph(tx.markup(COURSE_LEGEND), styles["small"])]
            if story and isinstance(story[-1], Paragraph):  # its heading: on the same page
                charts[0] = [story.pop(), *(charts[0] if isinstance(charts[0], list)
                                            else [charts[0]])]
            story += [KeepTogether(chart if isinstance(chart, list) else [chart])
                      for chart in charts]
        elif isinstance(block, doc.Details):
            story.append(Spacer(1, 4))
    header = _Header(tx, who_text, window_text, pagesize[0] - 80)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=pagesize, leftMargin=margin, rightMargin=margin,
        topMargin=max(1.5 * cm, _HEADER_TOP + header.height + 8), bottomMargin=margin,
        title=tx.plain(doc.title(report)), author=tx.plain(who_text),
        subject="Patient-reported CIPN symptom summary", creator="cipn-journal")
    document.build(story, canvasmaker=_numbered(header))
    if tx.unshown:
        shown = " ".join(sorted(tx.unshown))
        err(f"The PDF shows '?' for characters no font here has ({shown}); the HTML export "
            "shows them as typed: cipn export -o visit.html")
    return buffer.getvalue()


_HEADER_TOP = 18  # points from the page's top edge to the header's first line


class _Header:
    """Every page's header: the name and date of birth on the left, the window on the right,
    each wrapping within its own column so that a long name never runs into the window."""

    def __init__(self, tx: _Text, who: str, window: str, width: float):
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.platypus import Paragraph

        style = ParagraphStyle("header", fontName=FONT, fontSize=7.5, leading=9)
        right = min(stringWidth(tx.plain(window), FONT, 7.5) + 2, width * 0.45)
        self.window = Paragraph(tx.markup(window), ParagraphStyle("window", parent=style,
                                                                  alignment=2))
        self.who = Paragraph(tx.markup(who), style)
        self.widths = (width - right - 12, right)
        self.height = max(self.who.wrap(self.widths[0], 1000)[1],
                          self.window.wrap(self.widths[1], 1000)[1])

    def draw(self, canvas, page_width: float, page_height: float) -> None:
        for paragraph, x, w in ((self.who, 40, self.widths[0]),
                                (self.window, page_width - 40 - self.widths[1], self.widths[1])):
            _w, h = paragraph.wrap(w, 1000)
            paragraph.drawOn(canvas, x, page_height - _HEADER_TOP - h)


def _parts(block: doc.Course) -> list[doc.Course]:
    """The course chart in pieces of at most PANELS_PER_CHART symptoms (a page holds one)."""
    return [replace(block, panels=block.panels[n:n + PANELS_PER_CHART])
            for n in range(0, len(block.panels), PANELS_PER_CHART)] or [block]


COURSE_LEGEND = doc.COURSE_LEGEND


def _course(block: doc.Course, tx: _Text, width: float):
    """The course chart as vector shapes: a panel per symptom on one time axis."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
    from reportlab.lib import colors

    panel, left, right, axis = 24.0, 104.0, 4.0, 12.0
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
        shown = tx.plain(doc.short(label, limit=200))
        font = tx.font_for(shown)
        lines = _label_lines(shown, left - 6, font, 7)
        for k, line in enumerate(lines):  # whole words, two lines at most
            top = base + (panel - 8 if len(lines) > 1 else panel / 2 - 1)
            drawing.add(String(left - 4, top - 7.5 * k, line, fontName=font,
                               fontSize=7, textAnchor="end"))
        peak = max(v for v in values if v is not None)
        drawing.add(String(left - 4, base + 1, f"highest {peak}", fontName=FONT,
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


def _label_lines(text: str, width: float, font: str, size: float, most: int = 2) -> list[str]:
    """A chart label in whole words over at most `most` lines of `width` points; a label longer
    than that ends its last line with an ellipsis after a whole word."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def fits(line: str) -> bool:
        return stringWidth(line, font, size) <= width

    lines: list[str] = []
    for word in text.split():
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) <= most and all(fits(line) for line in lines):
        return lines
    kept = lines[:most]
    last = kept[-1]
    while not fits(last + "\u2026") and " " in last:
        last = last.rsplit(" ", 1)[0]
    while not fits(last + "\u2026") and len(last) > 1:  # one very long word
        last = last[:-1]
    return kept[:-1] + [last + "\u2026"]


def _numbered(header: _Header):
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
                header.draw(self, width, height)
                self.setFont(FONT, 7.5)
                self.drawRightString(width - 40, 22, f"page {number} of {total}")
                super().showPage()
            super().save()

    return Numbered
