"""The HTML export: the visit report as one self-contained page (inline CSS and SVG; no script,
font, image or style sheet is fetched, and a Content-Security-Policy forbids it), with a small
chart per symptom marking the infusion days. Readable in colour and in black-and-white print:
meaning is carried by words, line styles and weight, not by colour. Every text is escaped.
"""

import textwrap
from datetime import date
from html import escape

from cipn_journal.domain import clinical
from cipn_journal.export import document as doc
from cipn_journal.export.paper import CSS_SIZE
from cipn_journal.export.visit_report import Report, report
from cipn_journal.output import one_decimal, printable, safe

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: #111; background: #fff; max-width: 62rem; margin: 1.5rem auto;
  padding: 0 1rem; }
h1 { font-size: 1.45rem; margin: 0 0 .6rem; }
h2 { font-size: 1.12rem; margin: 1.5rem 0 .5rem; padding-bottom: .15rem;
  border-bottom: 2px solid #333; }
p, ul, ol { margin: .4rem 0; }
li { margin: .15rem 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
th, td { border: 1px solid #777; padding: .25rem .45rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
th { background: #e8e8e8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.nowrap, td.num { white-space: nowrap; }
.small { font-size: .85rem; color: #333; }
.note { font-style: italic; border-top: 1px solid #777; margin-top: 1.5rem;
  padding-top: .5rem; }
.notice { border-left: 4px solid #111; background: #f2f2f2; padding: .35rem .7rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr));
  gap: .7rem; margin: .6rem 0; }
figure.chart { margin: 0; border: 1px solid #999; padding: .35rem .5rem .4rem; }
figure.chart figcaption { font-size: .85rem; }
figure.chart figcaption b { font-size: .95rem; }
svg { width: 100%; height: auto; display: block; }
.legend { font-size: .8rem; color: #333; }
figure.chart, table, .notice { break-inside: avoid; page-break-inside: avoid; }
h1, h2 { break-after: avoid; page-break-after: avoid; }
.keypoints { border: 2px solid #111; padding: .3rem .7rem; margin: .4rem 0 .8rem; }
.keypoints ul { margin: 0; padding-left: 1.1rem; }
.keypoints b { white-space: nowrap; }
figure.course { margin: .3rem 0; break-inside: avoid; page-break-inside: avoid; }
.nowrap, time { white-space: nowrap; }
@media print {
  body { font-size: 9pt; line-height: 1.25; margin: 0; max-width: none; padding: 0; }
  h1 { font-size: 13pt; margin: 0 0 .2rem; }
  h2 { font-size: 10.5pt; margin: .6rem 0 .2rem; }
  p, ul, ol { margin: .2rem 0; }
  li { margin: 0; }
  table { font-size: 8pt; margin: .25rem 0; }
  th, td { padding: .08rem .25rem; }
  /* Long tables split across pages, their header row repeated; rows never split. */
  table { break-inside: auto; page-break-inside: auto; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .charts { grid-template-columns: repeat(3, 1fr); }
  .note { margin-top: .6rem; }
  /* rem is the browser's 16px: the small print is set against the 9pt body instead */
  .small, .legend, figure.chart figcaption { font-size: 7.5pt; }
  @page {
    size: var(--paper); margin: 1.5cm 1.2cm 1.4cm;
    @top-left { content: var(--who); font: 8pt sans-serif; }
    @top-right { content: var(--window); font: 8pt sans-serif; }
    @bottom-right { content: "page " counter(page) " of " counter(pages); font: 8pt sans-serif; }
  }
}
""".strip()

# The chart: the 0-10 scale upwards, one point a day; infusion days are dashed vertical lines.
# Grid lines where the bands start (moderate, severe); the severe band is shaded.
WIDTH, HEIGHT = 320, 132
LEFT, RIGHT, TOP, BOTTOM = 24, 8, 8, 22
LINE = "#1d3f8f"  # dark blue: near black when printed in grey
GRID = (0, clinical.MILD_UP_TO + 1, clinical.SEVERE_AT, clinical.SCALE_MAX)


def text(value) -> str:
    return escape(printable(str(value), one_line=True), quote=True)


def _spans(parts: list[doc.Span]) -> str:
    return "".join(f"<strong>{text(v)}</strong>" if strong else text(v) for v, strong in parts)


def _grid(block: doc.Grid) -> str:
    def cls(n: int) -> str:
        names = [name for name, chosen in (("num", block.right), ("nowrap", block.nowrap))
                 if n in chosen]
        return f' class="{" ".join(names)}"' if names else ""

    head = "".join(f"<th{cls(n)}>{text(h)}</th>" for n, h in enumerate(block.headers))
    body = "".join("<tr>" + "".join(f"<td{cls(n)}>{text(c)}</td>" for n, c in enumerate(row))
                   + "</tr>\n" for row in block.rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count <= 1 else span * index / (count - 1))


def _y(value: int) -> float:
    top = clinical.SCALE_MAX
    return TOP + (HEIGHT - TOP - BOTTOM) * (top - value) / top


def chart(daily: list[int | None], days: list[date], infusions: list[date], label: str) -> str:
    """An inline SVG of one symptom's daily values over the window."""
    count = len(days)
    top, severe = clinical.SCALE_MAX, clinical.SEVERE_AT
    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{text(label)}: daily values, 0 to {top}">',
             f'<rect x="{LEFT}" y="{_y(top):.1f}" width="{WIDTH - LEFT - RIGHT}" '
             f'height="{_y(severe) - _y(top):.1f}" fill="#efefef"/>']
    for level in GRID:
        y = _y(level)
        dash = "" if level == 0 else ' stroke-dasharray="1 2"'
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                     f'stroke="#888" stroke-width="0.7"{dash}/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end" '
                     f'fill="#333">{level}</text>')
    index = {day: n for n, day in enumerate(days)}
    for day in infusions:
        if day in index:
            x = _x(index[day], count)
            parts.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{_y(0):.1f}" '
                         'stroke="#000" stroke-width="1" stroke-dasharray="4 2"/>')
            parts.append(f'<path d="M{x - 3.5:.1f},{TOP - 1} h7 l-3.5,5 z" fill="#000"/>')
    for stretch in doc.series_runs(daily):
        run = [f"{_x(n, count):.1f},{_y(value):.1f}" for n, value in stretch]
        if len(run) == 1:
            cx, cy = run[0].split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="2.2" fill="{LINE}"/>')
        else:
            parts.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{LINE}" '
                         'stroke-width="1.8" stroke-linejoin="round"/>')
    if days:
        base = HEIGHT - 6
        parts.append(f'<text x="{LEFT}" y="{base}" font-size="9" fill="#333">'
                     f'{days[0].isoformat()}</text>')
        parts.append(f'<text x="{WIDTH - RIGHT}" y="{base}" font-size="9" text-anchor="end" '
                     f'fill="#333">{days[-1].isoformat()}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _charts(report: Report) -> str:
    summary = report.summary
    days = summary.days
    if not days or not summary.symptoms:
        return ""
    infusions = report.infusion_days()
    figures = []
    for stats in summary.symptoms:
        facts = (f"baseline {one_decimal(stats.baseline)}, recent {one_decimal(stats.recent)}"
                 f"; {stats.words}")
        if stats.peak is not None:
            facts += f"; peak {stats.peak} on {stats.peak_date}"  # an ISO date
        figures.append(
            '<figure class="chart">\n'
            f"<figcaption><b>{text(stats.label)}</b><br>{text(facts)}</figcaption>\n"
            f"{chart(stats.daily(days), days, infusions, stats.label)}\n</figure>")
    legend = (f"Each chart: the value logged each day ({clinical.SCALE_WORDS}; gaps: not "
              f"logged; shaded: severe, {clinical.SEVERE_AT} and above).")
    if infusions:
        legend += " Dashed lines with a triangle on top: infusion days."
    return (f'<p class="legend">{text(legend)}</p>\n<div class="charts">\n'
            + "\n".join(figures) + "\n</div>")


COURSE_WIDTH, PANEL, COURSE_LEFT, COURSE_RIGHT, AXIS = 720, 30, 118, 6, 16
DASHES = ("", "5 2", "1.5 1.5", "6 2 1.5 2")  # line styles cycle, so panels differ in grey


LABEL_CHARS = 23  # a course panel's label line at font-size 9 in COURSE_LEFT


def _label_lines(label: str, width: int = LABEL_CHARS, most: int = 2) -> list[str]:
    """A panel label in whole words over at most `most` lines of `width` characters; a longer
    one ends after a whole word with an ellipsis."""
    lines = textwrap.wrap(label, width, break_long_words=True) or [label]
    if len(lines) <= most:
        return lines
    last = textwrap.shorten(" ".join(lines[most - 1:]), width, placeholder="\u2026")
    return lines[:most - 1] + [last]


def course_svg(block: doc.Course) -> str:
    """The course chart: one panel per symptom on a shared time axis; the window shaded,
    infusions as dashed vertical lines with a triangle on top."""
    count = len(block.days)
    height = PANEL * len(block.panels) + AXIS + 8
    span = COURSE_WIDTH - COURSE_LEFT - COURSE_RIGHT

    def x(index: float) -> float:
        return COURSE_LEFT + (span / 2 if count <= 1 else span * index / (count - 1))

    index = {day: n for n, day in enumerate(block.days)}
    top = clinical.SCALE_MAX
    described = (f"Course of every symptom logged above 0, {block.days[0].isoformat()} to "
                 f"{block.days[-1].isoformat()}")
    parts = [f'<svg viewBox="0 0 {COURSE_WIDTH} {height}" role="img" '
             f'aria-label="{text(described)}">']
    bottom = 8 + PANEL * len(block.panels)
    if block.window_start is not None and block.window_start in index:
        left = x(index[block.window_start])
        parts.append(f'<rect x="{left:.1f}" y="6" width="{x(count - 1) - left + 0.5:.1f}" '
                     f'height="{bottom - 6}" fill="#e4e4e4"/>')
    for n, (label, values) in enumerate(block.panels):
        y0 = 8 + PANEL * n
        base = y0 + PANEL - 4

        def y(value: int, y0=y0) -> float:
            return y0 + 3 + (PANEL - 7) * (top - value) / top

        parts.append(f'<line x1="{COURSE_LEFT}" y1="{base}" x2="{COURSE_WIDTH - COURSE_RIGHT}" '
                     f'y2="{base}" stroke="#999" stroke-width="0.6"/>')
        lines = _label_lines(doc.short(label, limit=200))  # whole words, two lines at most
        first = y0 + (10 if len(lines) > 1 else 17)
        tspans = "".join(f'<tspan x="{COURSE_LEFT - 6}" y="{first + 8.5 * k:g}">{text(line)}'
                         "</tspan>" for k, line in enumerate(lines))
        parts.append(f'<text font-size="9" text-anchor="end" fill="#000"><title>'
                     f"{text(label)}</title>{tspans}</text>")
        peak = max(v for v in values if v is not None)
        parts.append(f'<text x="{COURSE_LEFT - 6}" y="{y0 + 28 if len(lines) > 1 else y0 + 26}" '
                     f'font-size="7.5" text-anchor="end" fill="#333">highest {peak}</text>')
        dash = DASHES[n % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        for stretch in doc.series_runs(values):
            points = [f"{x(i):.1f},{y(value):.1f}" for i, value in stretch]
            if len(points) == 1:
                cx, cy = points[0].split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="1.6" fill="#000"/>')
            else:
                parts.append(f'<polyline points="{" ".join(points)}" fill="none" '
                             f'stroke="#000" stroke-width="1.2"{dashed}/>')
    for day in block.infusions:
        if day in index:
            xi = x(index[day])
            parts.append(f'<line x1="{xi:.1f}" y1="6" x2="{xi:.1f}" y2="{bottom}" '
                         'stroke="#000" stroke-width="0.7" stroke-dasharray="3 2"/>')
            parts.append(f'<path d="M{xi - 3:.1f},2 h6 l-3,4.5 z" fill="#000"/>')
    for i, label in doc.course_ticks(block):
        anchor = ' text-anchor="end"' if i == count - 1 and count > 1 else ""
        parts.append(f'<text x="{x(i):.1f}" y="{bottom + 11}" font-size="8.5"{anchor} '
                     f'fill="#333">{label}</text>')
    parts.append("</svg>")
    legend = doc.COURSE_LEGEND
    return ('<figure class="course">\n' + "\n".join(parts)
            + f'\n<figcaption class="legend">{text(legend)}</figcaption>\n</figure>')


def render(blocks: list[doc.Block], title: str, *, who: str = "", window: str = "",
           paper: str = "a4") -> str:
    body: list[str] = []
    for block in blocks:
        if isinstance(block, doc.Heading):
            body.append(f"<h{block.level}>{text(block.text)}</h{block.level}>")
        elif isinstance(block, doc.Para):
            cls = f' class="{block.style}"' if block.style else ""
            body.append(f"<p{cls}>{_spans(block.parts)}</p>")
        elif isinstance(block, doc.Items):
            tag = "ol" if block.ordered else "ul"
            body.append(f"<{tag}>\n" + "\n".join(f"<li>{_spans(item)}</li>"
                                                 for item in block.items) + f"\n</{tag}>")
        elif isinstance(block, doc.Grid):
            body.append(_grid(block))
        elif isinstance(block, doc.KeyPoints):
            body.append('<div class="keypoints"><ul>\n' + "\n".join(
                f"<li><b>{text(day)}</b> {text(fact)}</li>" for day, fact in block.points)
                + "\n</ul></div>")
        elif isinstance(block, doc.Course):
            body.append(course_svg(block))
        elif isinstance(block, doc.Charts):
            charts = _charts(block.report)
            if charts:
                body.append(charts)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        f"<title>{text(title)}</title>\n<style>\n{STYLE.replace('var(--paper)', CSS_SIZE[paper])}"
        f"\n{_running(who, window)}\n"
        "</style>\n</head>\n<body>\n"
        + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _css_string(value: str) -> str:
    """User text as a CSS string: quotes, backslashes and anything that could end the style
    element become escapes."""
    shown = safe(str(value), one_line=True)
    return '"' + "".join(ch if ch.isalnum() or ch in " ,.-:()'" else f"\\{ord(ch):x} "
                         for ch in shown) + '"'


def _running(who: str, window: str) -> str:
    """The printed pages' header: name, date of birth and window (CSS variables read by the
    @page margin boxes)."""
    return f":root {{ --who: {_css_string(who)}; --window: {_css_string(window)}; }}"


def export(store, selection, *, paper: str = "a4") -> str:
    return report_html(report(store, selection), paper=paper)


def report_html(report: Report, *, paper: str = "a4") -> str:
    return render(doc.build(report), doc.title(report), who=doc.who(report),
                  window=doc.window_words(report), paper=paper)
