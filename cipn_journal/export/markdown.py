"""The Markdown export: the visit report as CommonMark (with pipe tables), to paste into a
patient-portal message or print. Text is escaped so that, whoever typed it, it stays text: it
cannot end a table cell, start a heading or list, or become emphasis, code, a link or HTML. Only
what markup needs is escaped, so that the text still reads well where Markdown is not rendered.
"""

import re

from cipn_journal.export import document as doc
from cipn_journal.export.visit_report import Report, report
from cipn_journal.output import printable

# What can open inline markup inside a line, and only that (a portal that shows Markdown as
# typed shows every needless backslash): code spans, emphasis, strikethrough, links and images
# always; `_` only at a word's edge (CommonMark: intraword `_` is no emphasis); `<` only before
# what may start raw HTML or an autolink (a letter, `/`, `!`, `?`); `\` only before ASCII
# punctuation, the one place it escapes, and at the end (before a span's `**`). `>` needs no
# escape inside a line.
_INLINE = re.compile(r"[`*~\[\]]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/!?])"
                     r"|\\(?=[!-/:-@\[-`{-~]|$)")
# A pipe in user text would need `\|` inside a table cell, which shows as such where a portal
# does not render Markdown: it becomes a broken bar, which reads the same and needs no escape.
PIPE, BROKEN_BAR = "|", "\u00a6"
# `&` only where it would start an entity or character reference.
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)")
# What makes a line a heading, block quote, list item, thematic break, setext underline or fence.
_LINE_START = re.compile(r"^([#>+\-=~]|\d{1,9}(?=[.)]))")


def text(value: str) -> str:
    """Any text made inert inline: one line, markup characters escaped."""
    shown = " ".join(printable(str(value), one_line=True).split()).replace(PIPE, BROKEN_BAR)
    shown = _INLINE.sub(lambda m: "\\" + m.group(), shown)
    return _ENTITY.sub(r"\\&", shown)


def line_start(value: str) -> str:
    """Inert text that may begin a block (a paragraph or a list item's first line)."""
    shown = text(value)
    match = _LINE_START.match(shown)
    if match is None:
        return shown
    if match.group(1)[0].isdigit():  # "1." -> "1\." : not an ordered list
        end = match.end()
        return shown[:end] + "\\" + shown[end:]
    return "\\" + shown


def _spans(parts: list[doc.Span]) -> str:
    out = []
    for index, (value, strong) in enumerate(parts):
        shown = line_start(value) if index == 0 else text(value)
        if strong and shown:
            shown = f"**{shown}**"  # markers hug the text: "**Window:** ", never "**Window: **"
        # Spaces between spans are kept (text() trims them from each span).
        before = " " if index and value[:1].isspace() else ""
        after = " " if index < len(parts) - 1 and value[-1:].isspace() else ""
        out.append(before + shown + after)
    return "".join(out)


def _cell(value: str) -> str:
    return text(value) or " "


def _grid(block: doc.Grid) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in block.headers) + " |",
             "| " + " | ".join("---:" if n in block.right else "---"
                               for n in range(len(block.headers))) + " |"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
    return lines


def _course(block: doc.Course) -> str:
    """The course chart in words: each symptom's first value above 0 and its highest, from
    the daily values (issue 23 item 12)."""
    lines = [f"*From {block.days[0].isoformat()} to {block.days[-1].isoformat()}"
             + (f", {len(block.infusions)} infusions" if block.infusions else "") + ":*"]
    for label, first, peak in block.facts:
        lines.append(f"- {text(label)}: first above 0 on {first[0].isoformat()} ({first[1]}),"
                     f" highest {peak[1]} on {peak[0].isoformat()}")
    return "\n".join(lines)


def render(blocks: list[doc.Block]) -> str:
    chunks: list[str] = []
    for block in blocks:
        if isinstance(block, doc.Heading):
            chunks.append("#" * block.level + " " + text(block.text))
        elif isinstance(block, doc.Para):
            body = _spans(block.parts)
            chunks.append(f"*{body}*" if block.style in ("note", "small") else
                          f"> {body}" if block.style == "notice" else body)
        elif isinstance(block, doc.Items):
            chunks.append("\n".join(
                (f"{n}. " if block.ordered else "- ") + _spans(item)
                for n, item in enumerate(block.items, start=1)))
        elif isinstance(block, doc.Grid):
            chunks.append("\n".join(_grid(block)))
        elif isinstance(block, doc.KeyPoints):
            chunks.append("\n".join(f"- **{text(day)}** {text(fact)}"
                                    for day, fact in block.points))
        elif isinstance(block, doc.Course):
            chunks.append(_course(block))
        # Charts are for the HTML page only; Details is a print page break.
    return "\n\n".join(chunks) + "\n"


def export(store, selection) -> str:
    return report_markdown(report(store, selection))


def report_markdown(report: Report) -> str:
    return render(doc.build(report))
