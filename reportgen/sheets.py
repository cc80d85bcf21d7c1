"""Workbooks as grids of values: .xlsx, .xls and .ods through python-calamine.

python-calamine (Rust) reads values about ten times faster than openpyxl and ignores the
declared sheet size. What it does not report about .xlsx — hidden rows, formulas without a
stored value, error values — comes from a scan of the sheet's XML, done only when a cheap byte
search says there is something to find.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from .preflight import RESAVE, Checked, Refused


@dataclass(frozen=True)
class Extras:
    """What the values alone do not say about a sheet (1-based rows, 0-based columns)."""

    hidden_rows: frozenset[int] = frozenset()
    no_value: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → formula text
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → "#DIV/0!"
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (first row, first col, last row, last col)


class SheetSource:
    """A visible sheet: its name, its rows as (line, values) and its Extras, read on demand."""

    def __init__(self, name: str, book: _Book) -> None:
        self.name = name
        self._book = book

    @property
    def rows(self) -> Iterator[tuple[int, list]]:
        try:
            grid = self._book.sheet(self.name).to_python(skip_empty_area=False)
        except Exception as exc:  # noqa: BLE001 - calamine's errors on a broken sheet
            raise Refused("file-unreadable", f"Лист «{self.name}» поврежден: {exc}") from exc
        return iter(enumerate(grid, start=1))

    @cached_property
    def extras(self) -> Extras:
        return self._book.extras(self.name)


class _Book:
    def __init__(self, checked: Checked) -> None:
        import python_calamine

        self.checked = checked
        self._sheets: dict = {}
        try:
            self.workbook = python_calamine.CalamineWorkbook.from_path(str(checked.path))
        except python_calamine.PasswordError as exc:
            raise Refused("file-encrypted", "Книга защищена паролем",
                          "Снимите пароль и сохраните файл заново.") from exc
        except Exception as exc:  # noqa: BLE001 - calamine raises several kinds for broken files
            raise Refused("file-unreadable", f"Книгу не удалось прочитать: {exc}", RESAVE) from exc

    def sheet(self, name: str):
        """Calamine's sheet, parsed once however often it is asked for."""
        if name not in self._sheets:
            self._sheets[name] = self.workbook.get_sheet_by_name(name)
        return self._sheets[name]

    def sheets(self) -> list[SheetSource]:
        # A hidden sheet (lists for drop-downs, old data) is never the data sheet.
        return [SheetSource(m.name, self) for m in self.workbook.sheets_metadata
                if str(m.visible).endswith("Visible") and str(m.typ).endswith("WorkSheet")]

    def extras(self, name: str) -> Extras:
        merged: tuple = ()
        try:
            ranges = self.sheet(name).merged_cell_ranges or ()
            merged = tuple((r1 + 1, c1, r2 + 1, c2) for (r1, c1), (r2, c2) in ranges)
        except Exception:  # noqa: BLE001 - not every format reports merged cells
            merged = ()
        if self.checked.format != "xlsx":
            return Extras(merged=merged)
        scanned = _scan_xlsx_sheet(self.checked.path, name)
        return Extras(scanned.hidden_rows, scanned.no_value, scanned.errors, merged)


@contextmanager
def open_sheets(checked: Checked) -> Iterator[list[SheetSource]]:
    book = _Book(checked)
    try:
        yield book.sheets()
    finally:
        try:
            book.workbook.close()
        except Exception:  # noqa: BLE001 - closing a half-read workbook must not hide the real error
            pass


# --- .xlsx sheet XML scan --------------------------------------------------------------------

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Byte strings whose absence proves there is nothing to scan for (a plain find is ~50x faster
# than a regex over a sheet where LibreOffice writes hidden="false" on every row).
_MAYBE = (b"<f>", b"<f ", b":f>", b":f ", b't="e"', b'hidden="1"', b'hidden="true"')
_REF = re.compile(r"([A-Z]+)(\d+)")


def _parser():
    from lxml import etree

    # No entities, no network, no huge trees: the sheet XML may be crafted.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _sheet_part(zf: zipfile.ZipFile, name: str) -> str | None:
    from lxml import etree

    book = etree.fromstring(zf.read("xl/workbook.xml"), _parser())
    rid = next((s.get(f"{_REL_NS}id") for s in book.iter(f"{_MAIN_NS}sheet") if s.get("name") == name), None)
    if rid is None:
        return None
    rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"), _parser())
    target = next((r.get("Target") for r in rels.iter(f"{_PKG_REL_NS}Relationship") if r.get("Id") == rid), None)
    if target is None:
        return None
    if target.startswith("/"):
        return target.lstrip("/")
    return str(PurePosixPath("xl") / target).replace("xl/../", "")


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _scan_xlsx_sheet(path: Path, name: str) -> Extras:
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as zf:
            part = _sheet_part(zf, name)
            if part is None or part not in zf.namelist():
                return Extras()
            data = zf.read(part)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return Extras()
    if not any(marker in data for marker in _MAYBE):
        return Extras()
    hidden: set[int] = set()
    no_value: dict[tuple[int, int], str] = {}
    errors: dict[tuple[int, int], str] = {}
    row_tag, cell_tag = f"{_MAIN_NS}row", f"{_MAIN_NS}c"
    line = 0
    try:
        for _, el in etree.iterparse(io.BytesIO(data), events=("end",), tag=(row_tag, cell_tag),
                                     resolve_entities=False, no_network=True, huge_tree=False):
            if el.tag == row_tag:
                line = int(el.get("r") or line + 1)
                if el.get("hidden") in ("1", "true"):
                    hidden.add(line)
                el.clear()
                continue
            ref = _REF.match(el.get("r") or "")
            if ref is None:
                continue
            where = (int(ref.group(2)), _column(ref.group(1)))
            formula = el.find(f"{_MAIN_NS}f")
            value = el.find(f"{_MAIN_NS}v")
            if el.get("t") == "e":
                errors[where] = (value.text if value is not None else "") or "#ОШИБКА"
            elif formula is not None and (value is None or not value.text) and el.get("t") != "inlineStr":
                no_value[where] = formula.text or ""
    except etree.XMLSyntaxError as exc:
        raise Refused("file-unreadable", f"Лист «{name}» поврежден: {exc}") from exc
    return Extras(frozenset(hidden), no_value, errors)

