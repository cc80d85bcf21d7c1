"""Workbooks as grids of values: .xlsx, .xls and .ods through python-calamine.

python-calamine (Rust) reads values about ten times faster than openpyxl and ignores the
declared sheet size. What it does not report about .xlsx — hidden rows, formulas without a
stored value, error values, two rows given one number — comes from a scan of the sheet's XML,
done only when a cheap byte search says there is something to find; merged cells of .ods come
from its content.xml. The sheet's XML is found through the workbook's relationships.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from reportgen.catalogue import say
from reportgen.dates import format_date
from reportgen.odf import table
from reportgen.ooxml import REL_NAMESPACES, Package, iterparse, parse, sml
from reportgen.damage import code_of, explain
from reportgen.diagnostics import column_index
from reportgen.read.sniff import Identified, Refused
from reportgen.text import clean_cell


@dataclass(frozen=True)
class Extras:
    """What the values alone do not say about a sheet (1-based rows, 0-based columns)."""

    hidden_rows: frozenset[int] = frozenset()
    no_value: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → formula text
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → "#DIV/0!"
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (first row, first col, last row, last col)
    duplicate_rows: tuple[int, ...] = ()  # row numbers the sheet's XML gives to two rows


def cell_text(value: object) -> tuple[str, dt.date | None, list[str]]:
    """A cell value as report text, the date when it is a date cell, and dropped control chars."""
    if value is None or value == "":
        return "", None, []
    if isinstance(value, str):
        text, dropped = clean_cell(value)
        return text, None, dropped
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0) and value.date() <= dt.date(1900, 1, 1):
            return value.strftime("%H:%M"), None, []  # a time cell
        return format_date(value.date()), value.date(), []
    if isinstance(value, dt.date):
        return format_date(value), value, []
    if isinstance(value, dt.time):
        return value.strftime("%H:%M"), None, []
    if isinstance(value, bool):
        return say("cell.true" if value else "cell.false"), None, []
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)), None, []
        return repr(value).replace(".", ","), None, []
    return clean_cell(str(value))[0], None, []


class SheetSource:
    """A worksheet: its name, whether it is visible, its rows as (line, values) and its Extras."""

    def __init__(self, name: str, visible: bool, book: _Book) -> None:
        self.name = name
        self.visible = visible
        self._book = book

    @cached_property
    def rows(self) -> list[tuple[int, list]]:
        return self._book.rows(self.name)

    @cached_property
    def extras(self) -> Extras:
        return self._book.extras(self.name)


class _Book:
    def __init__(self, checked: Identified) -> None:
        import python_calamine

        self.checked = checked
        self._sheets: dict = {}
        self._xml: dict[str, bytes | None] = {}
        self._ods_merges: dict[str, tuple] | None = None
        self.dropped: tuple[tuple[str, str], ...] = ()  # (sheet, what it is) left out of a repaired copy
        self.sparse = _sparse_xls(checked.path) if checked.format == "xls" else None
        if self.sparse is not None:
            self.workbook = None
            return
        try:
            with _no_panic():
                self.workbook = self._open(python_calamine)
        except python_calamine.PasswordError as exc:
            raise Refused.said("file-encrypted", "book-password", "advice.unlock-file") from exc
        except Exception as exc:  # noqa: BLE001 - calamine raises several kinds for broken files
            if checked.unsure:
                raise Refused.said("file-format", "zip-not-book", "advice.unpack") from exc
            raise Refused.said(code_of(exc), "book-unreadable", why=explain(exc)) from exc

    def _open(self, calamine):
        """Calamine's workbook, read as the bytes say (the pre-flight's format), not as the name says.

        Calamine picks its reader by the extension; a file whose name lies is handed over as bytes,
        which calamine tries as each format in turn. A package calamine refuses for a sheet it does
        not know (an Excel 4.0 macro sheet, a sheet with no part) is read again without those sheets.
        """
        checked = self.checked
        try:
            if not checked.named:
                return calamine.CalamineWorkbook.from_path(str(checked.path))
            return calamine.CalamineWorkbook.from_filelike(io.BytesIO(checked.path.read_bytes()))
        except calamine.PasswordError:
            raise
        except Exception:
            repaired = _known_sheets_only(checked.path) if checked.format == "xlsx" else None
            if repaired is None:
                raise
            data, self.dropped = repaired
            return calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))

    def sheet(self, name: str):
        """Calamine's sheet, parsed once however often it is asked for."""
        if name not in self._sheets:
            try:
                with _no_panic():
                    self._sheets[name] = self.workbook.get_sheet_by_name(name)
            except Exception as exc:  # noqa: BLE001 - calamine's errors on a broken sheet
                raise Refused(code_of(exc), say("grid.sheet-damaged", sheet=name, why=explain(exc))) from exc
        return self._sheets[name]

    def sheets(self) -> list[SheetSource]:
        if self.sparse is not None:
            return [SheetSource(s.name, s.visible, self) for s in self.sparse.sheets if s.worksheet]
        return [SheetSource(m.name, str(m.visible).endswith("Visible"), self)
                for m in self.workbook.sheets_metadata if str(m.typ).endswith("WorkSheet")]

    def xml(self, name: str) -> bytes | None:
        """The sheet's own XML (.xlsx only), read once."""
        if name not in self._xml:
            self._xml[name] = _xlsx_sheet_xml(self.checked.path, name) if self.checked.format == "xlsx" else None
        return self._xml[name]

    def rows(self, name: str) -> list[tuple[int, list]]:
        data = self.xml(name)
        if data is not None and _duplicate_rows(data):
            # Calamine keeps the last of two rows with one number; every row must reach the report.
            return _XlsxRows(self.checked.path).read(data)
        if self.sparse is not None:
            return next(s for s in self.sparse.sheets if s.name == name).rows()
        try:
            with _no_panic():
                grid = self.sheet(name).to_python(skip_empty_area=False)
        except Refused:
            raise
        except Exception as exc:  # noqa: BLE001 - calamine's errors on a broken sheet
            raise Refused(code_of(exc), say("grid.sheet-damaged", sheet=name, why=explain(exc))) from exc
        return list(enumerate(grid, start=1))

    def extras(self, name: str) -> Extras:
        merged: tuple = ()
        if self.checked.format == "ods":
            merged = self.ods_merges().get(name, ())
        elif self.sparse is not None:
            sheet = next(s for s in self.sparse.sheets if s.name == name)
            return Extras(errors=dict(sheet.errors),
                          merged=tuple((r1 + 1, c1, r2 + 1, c2) for r1, c1, r2, c2 in sheet.merged))
        else:
            try:
                ranges = self.sheet(name).merged_cell_ranges or ()
                merged = tuple((r1 + 1, c1, r2 + 1, c2) for (r1, c1), (r2, c2) in ranges)
            except Exception:  # noqa: BLE001 - not every format reports merged cells
                merged = ()
        data = self.xml(name)
        if data is None:
            return Extras(merged=merged)
        scanned = _scan_xlsx_sheet(data, name)
        return Extras(scanned.hidden_rows, scanned.no_value, scanned.errors, merged, tuple(_duplicate_rows(data)))

    def ods_merges(self) -> dict[str, tuple]:
        if self._ods_merges is None:
            self._ods_merges = _ods_merges(self.checked.path)
        return self._ods_merges


class CalaminePanic(Exception):
    """Calamine gave up on a record it could not parse (a Rust panic: a BaseException, not an Exception)."""

    def __str__(self) -> str:
        return say("grid.calamine-panic")


@contextmanager
def _no_panic() -> Iterator[None]:
    """Calamine's panics as an Exception: uncaught, one killed the worker and was called «too much memory»."""
    try:
        yield
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise CalaminePanic() from exc


class Sheets(list):
    """The worksheets of a book, and the sheets left out because no reader knows them."""

    dropped: tuple[tuple[str, str], ...] = ()


@contextmanager
def open_sheets(checked: Identified) -> Iterator[Sheets]:
    book = _Book(checked)
    try:
        sheets = Sheets(book.sheets())
        sheets.dropped = book.dropped
        yield sheets
    finally:
        try:
            if book.workbook is not None:
                book.workbook.close()
        except Exception:  # noqa: BLE001 - closing a half-read workbook must not hide the real error
            pass


def _sparse_xls(path: Path):
    """The .xls read cell by cell when calamine's dense grids would dwarf its cells (read/biff.py), else None."""
    from reportgen.read.biff import sparse_book
    from reportgen.read.cfb import open_compound

    try:
        raw = path.read_bytes()
    except OSError:
        return None
    compound = open_compound(raw)
    if compound is None:
        return None
    names = compound.root_names()
    index = names.get("workbook")
    if index is None:
        return None
    return sparse_book(compound.stream(index, len(raw)))


# --- .xlsx sheets calamine does not know -----------------------------------------------------

_SHEET_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\s[^>]*/>")  # always empty elements
_ATTR = re.compile(rb"([\w.:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_KNOWN_SHEETS = ("/worksheet", "/chartsheet", "/dialogsheet")


def _workbook_part(package: Package) -> str | None:
    """The workbook part: by the package's relationships, else where Excel and LibreOffice put it."""
    return package.main_part() or next((n for n in ("xl/workbook.xml", "workbook.xml") if package.has(n)), None)


def _known_sheets_only(path: Path) -> tuple[bytes, tuple[tuple[str, str], ...]] | None:
    """The package again, in memory, without the sheets calamine refuses the whole book for.

    Excel 4.0 macro sheets (.xlsm) and sheets whose relationship is missing make calamine refuse
    every sheet, though Excel and LibreOffice open the book. Neither holds a form's table: they are
    left out and named. None when there is no such sheet (the book is damaged otherwise).
    """
    from xml.sax.saxutils import unescape

    try:
        with zipfile.ZipFile(path) as zf:
            package = Package.of(zf)
            book_part = _workbook_part(package)
            if book_part is None:
                return None
            book = package.read(book_part, MAX_SHEET_XML) or b""
            rels = {rid: rel_type for rid, rel_type, _ in package.relationships(book_part)}
            dropped: list[tuple[str, str]] = []

            def keep(match: re.Match) -> bytes:
                attrs = {k.split(b":")[-1]: (a if a is not None else b) for k, a, b in _ATTR.findall(match.group(0))}
                rel_type = rels.get(attrs.get(b"id", b"").decode("utf-8", "replace"))
                if rel_type is not None and rel_type.endswith(_KNOWN_SHEETS):
                    return match.group(0)
                name = unescape(attrs.get(b"name", b"").decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"})
                what = say("grid.macro-sheet" if rel_type and "macrosheet" in rel_type.lower()
                           else "grid.empty-sheet" if rel_type is None else "grid.unknown-sheet")
                dropped.append((name, what))
                return b""

            edited = _SHEET_TAG.sub(keep, book)
            if not dropped:
                return None
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                for info in zf.infolist():
                    data = edited if info.filename == package.names.get(book_part.lower()) else zf.read(info)
                    copy.writestr(info.filename, data)
            return out.getvalue(), tuple(dropped)
    except Exception:  # noqa: BLE001 - a package broken otherwise: calamine's own complaint stands
        return None


# --- .xlsx sheet XML ---------------------------------------------------------------------------

# Byte strings whose absence proves there is nothing to scan for (a plain find is ~50x faster
# than a regex over a sheet where LibreOffice writes hidden="false" on every row).
_MAYBE = (b"<f>", b"<f ", b":f>", b":f ", b't="e"', b'hidden="1"', b'hidden="true"')
_REF = re.compile(r"([A-Z]+)(\d+)")
_ROW_NUMBER = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr=\"(\d+)\"")
MAX_SHEET_XML = 512 * 1024 * 1024  # the pre-flight caps what a member inflates to; this is a backstop


def _xlsx_sheet_xml(path: Path, name: str) -> bytes | None:
    """The XML of the worksheet called `name`, found through the workbook's relationships."""
    try:
        with zipfile.ZipFile(path) as zf:
            package = Package.of(zf)
            book_part = _workbook_part(package)
            if book_part is None:
                return None
            book = parse(package.read(book_part) or b"")
            rid = None
            for sheet in book.iter(sml("sheet")):
                if sheet.get("name") == name:
                    rid = next((sheet.get(f"{{{ns}}}id") for ns in REL_NAMESPACES if sheet.get(f"{{{ns}}}id")), None)
                    break
            target = next((t for i, _, t in package.relationships(book_part) if i == rid), None)
            if target is None:
                return None
            return package.read(target, MAX_SHEET_XML)
    except Exception:  # noqa: BLE001 - calamine has read the values; this scan adds, it never refuses
        return None


def _duplicate_rows(data: bytes) -> list[int]:
    """Row numbers that the sheet XML gives to more than one row."""
    seen: set[bytes] = set()
    twice: list[int] = []
    for number in _ROW_NUMBER.findall(data):
        if number in seen:
            twice.append(int(number))
        seen.add(number)
    return twice


def _scan_xlsx_sheet(data: bytes, name: str) -> Extras:
    from lxml import etree

    if not any(marker in data for marker in _MAYBE):
        return Extras()
    hidden: set[int] = set()
    no_value: dict[tuple[int, int], str] = {}
    errors: dict[tuple[int, int], str] = {}
    line = 0
    try:
        for _, el in iterparse(data, (sml("row"), sml("c"))):
            if etree.QName(el).localname == "row":
                line = int(el.get("r") or line + 1)
                if el.get("hidden") in ("1", "true"):
                    hidden.add(line)
                el.clear()
                continue
            ref = _REF.match(el.get("r") or "")
            if ref is None:
                continue
            where = (int(ref.group(2)), column_index(ref.group(1)))
            formula = el.find(sml("f"))
            value = el.find(sml("v"))
            if el.get("t") == "e":
                errors[where] = (value.text if value is not None else "") or say("cell.unknown-error")
            elif formula is not None and (value is None or not value.text) and el.get("t") != "inlineStr":
                no_value[where] = formula.text or ""
    except etree.XMLSyntaxError as exc:
        raise Refused(code_of(exc), say("grid.sheet-damaged", sheet=name, why=explain(exc))) from exc
    return Extras(frozenset(hidden), no_value, errors)


# Number formats that show a date (built-in ids, and custom codes with day/month/year letters).
_DATE_FORMAT_IDS = frozenset({14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58})
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


class _XlsxRows:
    """The rows of a sheet in document order, each with its own number, duplicates kept.

    Used only for the rare sheet whose XML numbers two rows alike, where calamine keeps one:
    values are read as calamine reads them (shared strings, numbers, date cells, booleans).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.strings: list[str] = []
        self.date_styles: set[int] = set()
        self.epoch = dt.datetime(1899, 12, 30)
        try:
            with zipfile.ZipFile(path) as zf:
                package = Package.of(zf)
                book_part = package.main_part() or "xl/workbook.xml"
                book = parse(package.read(book_part) or b"<workbook/>")
                if any(p.get("date1904") in ("1", "true") for p in book.iter(sml("workbookPr"))):
                    self.epoch = dt.datetime(1904, 1, 1)
                for _, rel_type, target in package.relationships(book_part):
                    if rel_type.endswith("/sharedStrings"):
                        self._read_strings(package.read(target, MAX_SHEET_XML) or b"")
                    elif rel_type.endswith("/styles"):
                        self._read_styles(package.read(target) or b"")
        except Exception as exc:  # noqa: BLE001
            raise Refused.said(code_of(exc), "book-unreadable", why=explain(exc)) from exc

    def _read_strings(self, data: bytes) -> None:
        root = parse(data)
        for si in root.iter(sml("si")):
            self.strings.append("".join(t.text or "" for t in si.iter(sml("t"))))

    def _read_styles(self, data: bytes) -> None:
        root = parse(data)
        custom = {}
        for fmt in root.iter(sml("numFmt")):
            code = _QUOTED.sub("", fmt.get("formatCode") or "").lower()
            custom[int(fmt.get("numFmtId") or -1)] = any(ch in code for ch in "dmy")
        xfs = next(root.iter(sml("cellXfs")), None)
        for i, xf in enumerate(xfs.iter(sml("xf")) if xfs is not None else ()):
            fid = int(xf.get("numFmtId") or 0)
            if fid in _DATE_FORMAT_IDS or custom.get(fid):
                self.date_styles.add(i)

    def read(self, data: bytes) -> list[tuple[int, list]]:
        out: list[tuple[int, list]] = []
        line = 0
        for _, row in iterparse(data, sml("row")):
            line = int(row.get("r") or line + 1)
            values: list = []
            col = -1
            for c in row.iter(sml("c")):
                ref = _REF.match(c.get("r") or "")
                col = column_index(ref.group(1)) if ref else col + 1
                while len(values) <= col:
                    values.append("")
                values[col] = self._value(c)
            out.append((line, values))
            row.clear()
        return out

    def _value(self, c) -> object:
        kind = c.get("t")
        if kind == "inlineStr":
            return "".join(t.text or "" for t in c.iter(sml("t")))
        v = c.find(sml("v"))
        text = v.text if v is not None and v.text is not None else ""
        if kind == "s":
            try:
                return self.strings[int(text)]
            except (ValueError, IndexError):
                return ""
        if kind in ("str", "e"):
            return text
        if kind == "b":
            return text in ("1", "true")
        if not text:
            return ""
        try:
            number = float(text)
        except ValueError:
            return text
        if int(c.get("s") or 0) in self.date_styles:
            try:
                return self.epoch + dt.timedelta(days=number)
            except OverflowError:
                return number
        return number


# --- .ods merged cells (calamine does not report them) ---------------------------------------

MAX_REPEAT = 1 << 20


def _ods_merges(path: Path) -> dict[str, tuple[tuple[int, int, int, int], ...]]:
    """Sheet name → merged ranges (first row, first col, last row, last col), from content.xml."""
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as zf:
            data = zf.read("content.xml")
    except Exception:  # noqa: BLE001 - calamine has read the values; merges are extra
        return {}
    if b"number-rows-spanned" not in data and b"number-columns-spanned" not in data:
        return {}
    out: dict[str, list] = {}
    sheet = ""
    row = col = 0
    try:
        for event, el in iterparse(data, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == table("table"):
                    sheet, row = el.get(table("name")) or "", 0
                elif tag == table("table-row"):
                    col = 0
                continue
            if tag in (table("table-cell"), table("covered-table-cell")):
                repeat = min(int(el.get(table("number-columns-repeated")) or 1), MAX_REPEAT)
                rows_span = int(el.get(table("number-rows-spanned")) or 1)
                cols_span = int(el.get(table("number-columns-spanned")) or 1)
                if tag == table("table-cell") and (rows_span > 1 or cols_span > 1):
                    out.setdefault(sheet, []).append((row + 1, col, row + rows_span, col + cols_span - 1))
                col += repeat
                el.clear()
            elif tag == table("table-row"):
                row += min(int(el.get(table("number-rows-repeated")) or 1), MAX_REPEAT)
                el.clear()
    except (etree.XMLSyntaxError, ValueError):
        return {name: tuple(ranges) for name, ranges in out.items()}
    return {name: tuple(ranges) for name, ranges in out.items()}
