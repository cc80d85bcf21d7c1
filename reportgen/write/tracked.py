"""The new version of a report as a Word document with its changes tracked (reportgen diff).

It is the report `write_docx` writes for the new version, in the same layout, with the difference
from the old version marked as Word and Writer mark a reviewer's edits: an added event is an
inserted row (w:trPr/w:ins, its runs in w:ins), a removed one a deleted row (w:trPr/w:del, its
text in w:delText), a changed cell the old text deleted and the new inserted. A municipality only
one version has is its section row inserted or deleted too, and so is a paragraph of the closing
block that only one version has. «Accept all» leaves exactly the new report; a renumbered event
keeps its new number unmarked (renumbering is not a change).
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

    @property
    def old_closing(self):
        return self.diff.old.report.closing

    def ending(self, old: list[str], new: list[str]) -> Iterator[str]:
        """The paragraphs after the table (the closing block): the old version's that are gone deleted, new ones inserted.

        The document's last paragraph is always one of the new version's (a paragraph mark deleted
        there would have nothing to join): trailing deletions go before it.
        """
        from difflib import SequenceMatcher

        out: list[str] = []
        for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if op == "equal":
                out += new[j1:j2]
                continue
            out += [self.revisions.tracked(p, x.DEL) for p in old[i1:i2]]
            out += [self.revisions.tracked(p, x.INS) for p in new[j1:j2]]
            if op == "delete" and i2 == len(old) and len(out) > i2 - i1:
                last = len(out) - (i2 - i1) - 1
                out = out[:last] + out[last + 1:] + [out[last]]
        yield from out

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
