"""The new version of a report as a Word document with its changes tracked (reportgen diff).

It is the report `write_docx` writes for the new version, in the same layout, with the difference
from the old version marked as Word and Writer mark a reviewer's edits: an added event is an
inserted row (w:trPr/w:ins, its runs in w:ins), a removed one a deleted row (w:trPr/w:del, its
text in w:delText), a changed cell the old text deleted and the new inserted. A municipality only
one version has is its section row inserted or deleted too. «Accept all» leaves exactly the new
report; a renumbered event keeps its new number unmarked (renumbering is not a change).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import reportgen.ooxml as x
from reportgen.kind import Kind
from reportgen.model import Diff

AUTHOR = "reportgen"
_HOW = {"added": x.INS, "removed": x.DEL}


class Tracked:
    """What write_docx asks for: the title and the table's rows of `diff`'s new version, changes marked."""

    def __init__(self, diff: Diff, author: str = AUTHOR, when: dt.datetime | None = None) -> None:
        self.diff = diff
        when = (when or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
        self.revisions = x.Revisions(author, when.strftime("%Y-%m-%dT%H:%M:%SZ"))

    def title(self, ppr: str, rpr: str) -> str:
        old, new = self.diff.old.report.title, self.diff.new.report.title
        if old == new:
            return x.paragraphs(new, ppr, rpr)
        return self.revisions.paragraphs(old, new, ppr, rpr)

    def rows(self, look) -> Iterator[str]:
        old, new = self.diff.old.report, self.diff.new.report
        number = new.number_column

        def at(k: int) -> int:  # a content column's index among the row's cells
            return k + 1 if number is not None and k >= number else k

        for section in self.diff.sections:
            how = _HOW.get(section.state, "")
            if section.old_title:
                yield look.section(section.title, "changed", old=section.old_title)
            else:
                yield look.section(section.title, how)
            for row in section.rows:
                if row.state == "removed":
                    yield look.event(old.row_cells(row.old), x.DEL)
                elif row.state == "added":
                    yield look.event(new.row_cells(row.new), x.INS)
                else:
                    cells = new.row_cells(row.new)
                    # The old text under the new number: renumbering alone is left unmarked.
                    before = list(cells)
                    for k in row.fields:
                        before[at(k)] = row.old.cells[k]
                    yield look.event(cells, old=tuple(before), changed=frozenset(at(k) for k in row.fields))


def write_tracked(diff: Diff, kind: Kind, path: Path, *, author: str = AUTHOR, when: dt.datetime | None = None) -> None:
    """Write the tracked-changes document to `path` (the caller makes the write atomic)."""
    from reportgen.write.report import write_docx

    write_docx(diff.new.report, kind, path, tracked=Tracked(diff, author, when))
