"""Writer: the report model → a .docx file (title paragraph and one table)."""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path

import reportgen.ooxml as x
from reportgen.kind import Kind
from reportgen.model import Closing, Report
from reportgen.read.letterhead import Letterhead

# Rows per chunk handed to the compressing thread: big enough that the two threads rarely wait
# for each other (every hand-over costs a GIL switch), small enough to keep memory flat.
_BATCH = 2000


def write_docx(report: Report, kind: Kind, path: Path, letterhead: Letterhead | None = None,
               on_rows: Callable[[int], None] | None = None, tracked=None) -> None:
    """Write the report to `path` (the caller makes the write atomic); `on_rows` counts rows written.

    `tracked` (write/tracked.py, not on a letterhead): its title and rows, with their changes marked.
    """
    if letterhead is not None:
        write_on_letterhead(report, kind, path, letterhead, on_rows)
        return
    write_package(path, report.title, kind, _document(report, kind, on_rows, tracked))


def write_package(path: Path, title: str, kind: Kind, document: Iterator[str]) -> None:
    """A Word package of our own parts (styles, settings, fonts, the page-number footer) around `document`.

    `document` is word/document.xml in chunks, written while they come (the report, the cover note).
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, text in (
            ("[Content_Types].xml", x.CONTENT_TYPES),
            ("_rels/.rels", x.PACKAGE_RELS),
            ("docProps/core.xml", x.core_properties(title)),
            ("docProps/app.xml", x.APP_PROPERTIES),
            ("word/_rels/document.xml.rels", x.DOCUMENT_RELS),
            ("word/styles.xml", x.styles(kind.font_family, kind.table_size)),
            ("word/settings.xml", x.SETTINGS),
            ("word/fontTable.xml", x.font_table(kind.font_family)),
            ("word/footer1.xml", x.FOOTER),
        ):
            z.writestr(x.zip_entry(name), text)
        with z.open(x.zip_entry("word/document.xml"), "w") as out:
            _write_chunks(out, document)


def _write_chunks(out, chunks: Iterator[str]) -> None:
    """Write text chunks, compressing in a second thread while the next chunk is built.

    zlib releases the GIL, so on two cores compression costs almost no wall time.
    """
    import queue
    import threading

    pending: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
    failed: list[BaseException] = []

    def writer() -> None:
        try:
            while (data := pending.get()) is not None:
                out.write(data)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread below
            failed.append(exc)
            while pending.get() is not None:  # let the producer finish instead of blocking
                pass

    thread = threading.Thread(target=writer, daemon=True)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)  # hand the GIL over sooner: the writer waits for it between chunks
    thread.start()
    try:
        for chunk in chunks:
            pending.put(chunk.encode("utf-8"))
    finally:
        pending.put(None)
        thread.join()
        sys.setswitchinterval(switch)
    if failed:
        raise failed[0]


def write_on_letterhead(report: Report, kind: Kind, path: Path, letterhead: Letterhead,
                        on_rows: Callable[[int], None] | None = None) -> None:
    """The title and table on the office's бланк: its page, styles, headers and footers (read/letterhead.py).

    The package is written anew from the parts the letterhead gave, never copied member by member:
    what was broken or dangling in it was left out when it was read.
    """
    scale = letterhead.usable_width / x.twips(sum(report.widths_cm))
    own = {kind_: name for kind_, (name, _) in x.OWN_PARTS.items() if not letterhead.has(kind_)}
    overrides = [("word/document.xml", x.MAIN_DOCUMENT_TYPE), *x.PROPERTY_PARTS]
    overrides += [x.OWN_PARTS[k] for k in own]
    overrides += [(p.name, p.content_type) for p in letterhead.parts if p.name.endswith(".xml")]
    pictures = {p.name.rsplit(".", 1)[-1]: p.content_type for p in letterhead.parts if not p.name.endswith(".xml")}
    rels = [(p.rel_id, x.REL_TYPE + p.rel_type, p.name.removeprefix("word/")) for p in letterhead.parts if p.rel_type]
    rels += [(f"rIdOwn{k}", x.REL_TYPE + k, name.removeprefix("word/")) for k, name in own.items()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, text in (
            ("[Content_Types].xml", x.content_types(overrides, pictures)),
            ("_rels/.rels", x.PACKAGE_RELS),
            ("docProps/core.xml", x.core_properties(report.title)),
            ("docProps/app.xml", x.APP_PROPERTIES),
            ("word/_rels/document.xml.rels", x.relationships(rels)),
        ):
            z.writestr(x.zip_entry(name), text)
        ours = {"styles": x.styles(kind.font_family, kind.table_size), "settings": x.SETTINGS,
                "fontTable": x.font_table(kind.font_family)}
        for k, name in own.items():
            z.writestr(x.zip_entry(name), ours[k])
        for part in letterhead.parts:
            z.writestr(x.zip_entry(part.name), part.data)
            if part.rels:
                folder, base = part.name.rsplit("/", 1)
                z.writestr(x.zip_entry(f"{folder}/_rels/{base}.rels"), part.rels)
        with z.open(x.zip_entry("word/document.xml"), "w") as out:
            _write_chunks(out, chain([x.document_start()],
                                     _content(report, kind, scale, x.TIGHT, on_rows, own_fonts=True),
                                     [letterhead.section + x.BODY_END]))


def _document(report: Report, kind: Kind, on_rows=None, tracked=None) -> Iterator[str]:
    yield x.document_start()
    yield from _content(report, kind, on_rows=on_rows, tracked=tracked)
    yield x.document_end(x.twips(kind.page.margin_cm), kind.page.twips)


def _content(report: Report, kind: Kind, scale: float = 1.0, tight: str = "",
             on_rows: Callable[[int], None] | None = None, own_fonts: bool = False,
             tracked=None) -> Iterator[str]:
    """The title paragraph and the table: everything of the body but the section properties.

    `tight` is paragraph spacing to set on every cell paragraph: our own styles make it zero,
    a reference document's Normal style may not. `own_fonts` (on a letterhead) names the kind's font
    and size on every run and the whole layout on every paragraph (no indent, no list, left to
    right), for the same reason: nothing of the letterhead's styles may reach the table.
    `tracked` (write/tracked.py) writes the title and the rows with their changes marked instead.
    """
    widths = [round(x.twips(w) * scale) for w in report.widths_cm]
    family = kind.font_family if own_fonts else ""
    body_points = kind.table_size if own_fonts else None
    title_ppr = x.ppr(keep_next=True, spacing="240", center=True, own=own_fonts)
    title_rpr = x.rpr(family=family, bold=True, points=kind.title_size)
    yield (x.paragraphs(report.title, title_ppr, title_rpr) if tracked is None
           else tracked.title(title_ppr, title_rpr))
    yield x.table_start(widths)
    look = _Look(report, kind, widths, tight, family, body_points, own_fonts,
                 tracked.revisions if tracked is not None else None)
    yield x.row((x.cell(t, w, ppr=look.center, rpr=look.bold, tcpr=x.V_CENTER)
                 for t, w in zip(report.columns, widths)), header=True)
    batch: list[str] = []
    for row in (look.rows() if tracked is None else tracked.rows(look)):
        batch.append(row)
        if len(batch) >= _BATCH:
            yield "".join(batch)
            if on_rows:
                on_rows(len(batch))
            batch.clear()
    yield "".join(batch)
    yield x.TABLE_END
    ending = _ending(report.closing, look, own_fonts)
    yield from (ending if tracked is None else tracked.ending(_ending(tracked.old_closing, look, own_fonts), ending))


def _ending(closing: Closing | None, look: _Look, own_fonts: bool) -> list[str]:
    """The paragraphs after the table: the closing block, or the one paragraph Word wants there."""
    if closing is None:
        return [x.PARAGRAPH_AFTER_TABLE]
    return list(_closing(closing, look.total, look.text, look.bold, own_fonts))


class _Look:
    """How the table's rows look (widths, paragraph and run properties); rows of the report, or rows of a diff."""

    def __init__(self, report: Report, kind: Kind, widths: list[int], tight: str, family: str,
                 body_points: float | None, own_fonts: bool, revisions: x.Revisions | None = None) -> None:
        self.report, self.widths, self.total = report, widths, sum(widths)
        self.center = x.ppr(spacing=tight, center=True, own=own_fonts)
        self.plain = x.ppr(spacing=tight, own=own_fonts)
        self.bold = x.rpr(family=family, bold=True, points=body_points)
        self.text = x.rpr(family=family, points=body_points)
        # A section header stays on the page of its first event: keep-with-next on its paragraph.
        self.section_ppr = x.ppr(keep_next=True, spacing=tight, center=True, own=own_fonts)
        # A longer period's quarter under the section ([term] quarter = "subheading"): italic, with its events.
        self.heading_rpr = x.rpr(family=family, bold=True, italic=True, points=body_points)
        self.number = report.number_column
        self.keep = _row_keeper(kind, widths)
        self.revisions = revisions

    def rows(self) -> Iterator[str]:
        for section in self.report.sections:
            yield self.section(section.title)
            for event in section.events:
                if event.heading:
                    yield self.heading(event.heading)
                yield self.event(self.report.row_cells(event))

    def heading(self, text: str) -> str:
        """A quarter's sub-heading row under a section (a longer period's report)."""
        return x.row([x.cell(text, self.total, span=len(self.widths), ppr=self.section_ppr, rpr=self.heading_rpr)],
                     cant_split=True)

    def _content(self, old: str | None, new: str | None, ppr: str, rpr: str, how: str) -> str | None:
        """A cell's paragraphs with its change tracked (`how`: INS, DEL or "changed"); None: as it is."""
        if not how or self.revisions is None:
            return None
        return self.revisions.paragraphs(None if how == x.INS else old, None if how == x.DEL else new, ppr, rpr)

    def _mark(self, how: str) -> str:
        return self.revisions.mark(how) if how in (x.INS, x.DEL) and self.revisions is not None else ""

    def section(self, title: str, how: str = "", old: str | None = None) -> str:
        """A section's row: as it is, inserted or deleted (`how`), or its title changed from `old`."""
        return x.row([x.cell(title, self.total, span=len(self.widths), ppr=self.section_ppr, rpr=self.bold,
                             content=self._content(old if old is not None else title, title, self.section_ppr,
                                                   self.bold, how))], cant_split=True, mark=self._mark(how))

    def event(self, cells: tuple[str, ...], how: str = "", old: tuple[str, ...] | None = None,
              changed: frozenset[int] = frozenset()) -> str:
        """An event's row: as it is, inserted or deleted (`how`), or with the cells `changed` from `old`'s."""
        out = []
        for i, (t, w) in enumerate(zip(cells, self.widths)):
            ppr = self.center if i == self.number else self.plain
            cell_how = how or ("changed" if i in changed else "")
            content = self._content(old[i] if old is not None else t, t, ppr, self.text, cell_how)
            out.append(x.cell(t, w, ppr=ppr, rpr=self.text, content=content))
        return x.row(out, cant_split=self.keep(cells), mark=self._mark(how))


def _row_keeper(kind: Kind, widths: list[int]) -> Callable[[tuple[str, ...]], bool]:
    """Whether an event row is kept whole on one page (cantSplit).

    An office files a report whose rows do not break («Смоленская | АЭС» across two pages), so
    every row is kept whole. That costs blank space: a row that does not fit moves to the next
    page and leaves the rest of this one empty (the Q2 report: 54 pages, 39 when rows may break).
    A kind may trade: [report] rows_whole_up_to = N keeps whole only rows of about N lines or
    fewer (estimated from the text, the column widths and the font size; 12 gives 47 pages).
    """
    limit = kind.rows_whole_up_to
    if limit <= 0:
        return lambda cells: True
    # A character of Russian text in Times New Roman is about half an em wide: 10 twips per point.
    per_line = [max(1, (w - 2 * x.CELL_MARGIN) // round(kind.table_size * 10)) for w in widths]

    def keep(cells: tuple[str, ...]) -> bool:
        return all(sum(len(p) // chars + 1 for p in text.split("\n")) <= limit
                   for text, chars in zip(cells, per_line))

    return keep


def _closing(closing: Closing, width: int, text: str, bold: str, own: bool = False) -> Iterator[str]:
    """The block after the table: its lists, the counts, the signature lines (kept on one page)."""
    from functools import partial

    line = partial(x.line, own=own)  # on a letterhead every paragraph states its own layout
    gap = 240  # twips before each part: a blank line's worth
    for heading, lines in closing.lists:
        yield line(heading, rpr=bold, keep_next=True, before=gap)
        for i, name in enumerate(lines):
            yield line(name, rpr=text, indent=567, keep_next=i + 1 < len(lines))
    if closing.counts:
        yield line(closing.counts_heading, rpr=bold, keep_next=True, before=gap)
        for name, n in closing.counts:
            yield line(name, str(n), tab=width, rpr=text, indent=567, keep_next=True)
        # The signature never stands alone on the last page: it keeps the counts above it.
        yield line(closing.total, rpr=bold, before=60, keep_next=bool(closing.signature))
    for i, (left, right) in enumerate(closing.signature):
        last = i + 1 == len(closing.signature)
        yield line(left, right, tab=width, rpr=text, keep_next=not last, before=gap * 2 if i == 0 else gap)
