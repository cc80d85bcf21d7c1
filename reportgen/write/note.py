"""Writer: the cover note (model.Note) → a short .docx, on our own package parts (write/report.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import reportgen.ooxml as x
from reportgen.catalogue import say
from reportgen.kind import Kind
from reportgen.model import Compared, Note
from reportgen.write.report import write_package

GAP = 240  # twips before a heading: a blank line's worth


def write_note_docx(note: Note, kind: Kind, path: Path) -> None:
    """Write the note to `path` (the caller makes the write atomic): A4 portrait, the kind's font."""
    write_package(path, note.title, kind, _document(note, kind))


def _document(note: Note, kind: Kind) -> Iterator[str]:
    margin = x.twips(kind.page.margin_cm)
    page = (x.A4_SHORT, x.A4_LONG)
    width = page[0] - 2 * margin
    yield x.document_start()
    last = ""
    for last in _body(note, kind, width):
        yield last
    if x.is_table(last):  # Word wants a paragraph between a table and the section's end
        yield x.PARAGRAPH_AFTER_TABLE
    # After a paragraph none is added: on a full page it would start a page holding only the footer.
    yield x.document_end(margin, page)


def _body(note: Note, kind: Kind, width: int) -> Iterator[str]:
    """The note's paragraphs and tables, in order."""
    bold, plain = x.rpr(bold=True), x.rpr()
    yield x.paragraphs(note.title, x.ppr(keep_next=True, spacing="240", center=True),
                       x.rpr(bold=True, points=kind.title_size))
    yield x.line(note.total.label, rpr=bold, before=GAP)
    comparisons = {c.part: c for c in note.comparisons}
    for part in note.parts:
        yield x.line(note.heading(part), rpr=bold, keep_next=True, before=GAP)
        if part == "municipalities":
            yield _table(width, (say("note.column.municipality"), say("note.column.events")),
                         [(f.label, str(f.count)) for f in note.municipalities], total=str(note.total.count))
        elif part == "countries":
            if not note.countries:
                yield x.line(say("note.none.countries"), rpr=plain)
                continue
            yield _table(width, (say("note.column.country"), say("note.column.events")),
                         [(f.label, str(f.count)) for f in note.countries])
            yield x.line(say("note.countries-overlap"), rpr=plain, before=60)
        elif part == "months":
            yield _table(width, (say("note.column.month"), say("note.column.events")),
                         [(f.label, str(f.count)) for f in note.months], total=str(note.total.count))
        elif part in comparisons:
            c = comparisons[part]
            if c.total is None:  # the archive has no record of that period: said under the heading
                yield x.line(c.reason, rpr=plain)
                continue
            more = [(say("note.row.sent-total"), *_compared(c.sent_total)[1:])] if c.sent_total else []
            yield _table(width, (say("note.column.municipality"), note.period.label(), c.period.label(),
                                 say("note.column.difference")),
                         [_compared(line) for line in c.municipalities], total=_compared(c.total)[1:],
                         shares=(8, 4, 4, 3), more=more)
            if c.sent_total:
                yield x.line(say("note.sent-total", missing=say("state.missing"), row=say("note.row.sent-total")),
                             rpr=plain, before=60)
            yield x.line(say("note.source", record=say("record.name", period=c.period.code(), version=c.version),
                             path=c.record), rpr=plain, before=60)
        elif part == "shared":
            if not note.shared:
                yield x.line(say("note.none.shared"), rpr=plain)
                continue
            yield _table(width, (say("note.column.event"), say("note.column.who"), say("note.column.numbers")),
                         [(s.name, ", ".join(s.municipalities), ", ".join(map(str, s.events))) for s in note.shared],
                         shares=(5, 3, 2), figures=False)
        elif part == "nothing_sent":
            if not note.nothing_sent:
                yield x.line(say("note.none.nothing-sent"), rpr=plain)
            for i, (_, name) in enumerate(note.nothing_sent):
                yield x.line(name, rpr=plain, indent=567, keep_next=i + 1 < len(note.nothing_sent))


def _compared(line: Compared) -> tuple[str, ...]:
    """A comparison's row: label, now, then, the signed difference; «нет формы» and no difference if none was sent."""
    d = line.difference
    if d is None:
        return (line.label, say("state.missing"), str(len(line.earlier)), "")
    return (line.label, str(len(line.events)), str(len(line.earlier)), f"+{d}" if d > 0 else f"−{-d}" if d else "0")


def _table(width: int, header: Sequence[str], rows: Sequence[Sequence[str]], total: str | Sequence[str] = (),
           shares: Sequence[int] | None = None, figures: bool = True,
           more: Sequence[Sequence[str]] = ()) -> str:
    """A small table: the first column text, the others figures (centred) unless not `figures`;
    a «Всего» row when `total` is given, then the rows `more` (further totals), bold too.
    `shares`: the columns' widths in proportion."""
    n = len(header)
    shares = shares or (n + 1, *([1] * (n - 1)))  # the names take about half the width
    widths = [width * s // sum(shares) for s in shares]
    widths[0] += width - sum(widths)
    bold, plain = x.rpr(bold=True), x.rpr()

    def cells(values: Sequence[str], rpr: str, head: bool = False, keep: bool = True) -> list[str]:
        # keep-with-next on every row but the last: a short table stays on one page
        return [x.cell(v, w, ppr=x.ppr(keep_next=keep, center=bool(head or (i and figures))), rpr=rpr,
                       tcpr=x.V_CENTER if head else "") for i, (v, w) in enumerate(zip(values, widths))]

    body = [list(r) for r in rows]
    if total:
        body.append([say("note.row.total"), *([total] if isinstance(total, str) else total)])
    body += [list(r) for r in more]
    plain_rows = len(rows)  # the totals after them are bold
    out = [x.table_start(widths), x.row(cells(header, bold, head=True), header=True)]
    out += [x.row(cells(r, bold if i >= plain_rows else plain, keep=i + 1 < len(body)), cant_split=True)
            for i, r in enumerate(body)]
    out.append(x.TABLE_END)
    return "".join(out)
