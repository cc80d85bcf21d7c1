"""The cells of an Excel 97-2003 (BIFF8) workbook, read sparsely: work bounded by the cells there are.

Calamine lays each sheet out as a dense grid from its first filled cell to its last. A 42 KB
.xls with text in A1 and IV65536 (Apache POI's 51535.xls) asks it for 65 536 × 256 cells,
half a gigabyte, before a single value is read. When the filled cells of a book span far more
of the grid than they fill, the book is read here instead: only the cells there are, each sheet's
rows with their own numbers. Values come as calamine gives them: text, numbers (float),
dates (datetime by the cell's number format), booleans; error values are named apart.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from dataclasses import dataclass, field

from reportgen.catalogue import say

# Records (MS-XLS 2.3)
BOF, EOF, BOUNDSHEET, SST, CONTINUE = 0x0809, 0x000A, 0x0085, 0x00FC, 0x003C
FORMAT, XF, DATEMODE, MERGEDCELLS = 0x041E, 0x00E0, 0x0022, 0x00E5
NUMBER, RK, MULRK, LABELSST, LABEL, RSTRING, BOOLERR, FORMULA, STRING = (
    0x0203, 0x027E, 0x00BD, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0006, 0x0207)
_CELLS = (NUMBER, RK, MULRK, LABELSST, LABEL, RSTRING, BOOLERR, FORMULA)
ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
          0x2A: "#N/A"}
_UNKNOWN_ERROR = say("biff.error-unknown")  # a code not in ERRORS
_DATE_FORMAT_IDS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
# Above this many grid cells a book is read here (calamine's grid: 32 bytes a cell, then Python's).
MAX_DENSE_CELLS = 4_000_000


class NotBiff8(Exception):
    """Not a BIFF8 workbook stream this reader knows: calamine reads it."""


@dataclass
class Sheet:
    name: str
    visible: bool
    worksheet: bool
    offset: int
    cells: dict[int, dict[int, object]] = field(default_factory=dict)  # row → col → value (0-based)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (1-based row, col) → "#DIV/0!"
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based (r1, c1, r2, c2)
    span: list[int] = field(default_factory=list)  # first row, last row, first col, last col of the filled cells

    def fill(self, row: int, col: int) -> None:
        """Widen the span to (row, col): the pre-scan keeps no values, only where the cells reach."""
        if not self.span:
            self.span = [row, row, col, col]
        else:
            span = self.span
            span[0], span[1], span[2], span[3] = min(span[0], row), max(span[1], row), min(span[2], col), max(span[3], col)

    def rows(self) -> list[tuple[int, list]]:
        """(1-based line, values) of the rows that hold a cell, in order."""
        out = []
        for r in sorted(self.cells):
            row = self.cells[r]
            values: list = [""] * (max(row) + 1)
            for c, v in row.items():
                values[c] = v
            out.append((r + 1, values))
        return out


def _records(stream: bytes, pos: int = 0):
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        yield kind, stream[pos + 4:pos + 4 + length], pos
        pos += 4 + length


def _rk(value: int) -> float:
    if value & 0x02:
        number = float(value >> 2 if not value & 0x80000000 else (value >> 2) - (1 << 30))
    else:
        number = struct.unpack("<d", struct.pack("<Q", (value & 0xFFFFFFFC) << 32))[0]
    return number / 100 if value & 0x01 else number


def _string(data: bytes, pos: int, length_bytes: int = 2) -> tuple[str, int]:
    """An XLUnicodeString (cch, flags, characters) at `pos`; the text and the position after it."""
    cch = data[pos] if length_bytes == 1 else struct.unpack_from("<H", data, pos)[0]
    pos += length_bytes
    flags = data[pos]
    pos += 1
    runs = ext = 0
    if flags & 0x08:
        runs = struct.unpack_from("<H", data, pos)[0]
        pos += 2
    if flags & 0x04:
        ext = struct.unpack_from("<I", data, pos)[0]
        pos += 4
    size = cch * 2 if flags & 0x01 else cch
    raw = data[pos:pos + size]
    text = raw.decode("utf-16-le", "replace") if flags & 0x01 else raw.decode("latin-1")
    return text, pos + size + 4 * runs + ext


class _Pieces:
    """The SST's bytes across its CONTINUE records: characters restart with a flags byte at each boundary."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces, self.i, self.pos = pieces, 0, 0

    def _next(self) -> None:
        self.i += 1
        self.pos = 0
        if self.i >= len(self.pieces):
            raise NotBiff8("SST ends early")

    def take(self, n: int) -> bytes:
        out = bytearray()
        while n > 0:
            piece = self.pieces[self.i]
            if self.pos >= len(piece):
                self._next()
                continue
            chunk = piece[self.pos:self.pos + n]
            out += chunk
            self.pos += len(chunk)
            n -= len(chunk)
        return bytes(out)

    def chars(self, cch: int, wide: bool) -> str:
        text = []
        while cch > 0:
            piece = self.pieces[self.i]
            if self.pos >= len(piece):
                self._next()
                wide = bool(self.take(1)[0] & 0x01)
                continue
            width = 2 if wide else 1
            n = min(cch, (len(piece) - self.pos) // width)
            if n == 0:
                self._next()
                wide = bool(self.take(1)[0] & 0x01)
                continue
            raw = piece[self.pos:self.pos + n * width]
            self.pos += n * width
            text.append(raw.decode("utf-16-le", "replace") if wide else raw.decode("latin-1"))
            cch -= n
        return "".join(text)


def _sst(pieces: list[bytes]) -> list[str]:
    reader = _Pieces(pieces)
    _, unique = struct.unpack("<II", reader.take(8))
    strings = []
    for _ in range(unique):
        cch, flags = struct.unpack("<HB", reader.take(3))
        runs = struct.unpack("<H", reader.take(2))[0] if flags & 0x08 else 0
        ext = struct.unpack("<I", reader.take(4))[0] if flags & 0x04 else 0
        strings.append(reader.chars(cch, bool(flags & 0x01)))
        reader.take(4 * runs + ext)
    return strings


class Book:
    """A BIFF8 workbook stream: its sheets (in order) with their cells."""

    def __init__(self, stream: bytes, values: bool = True) -> None:
        self.stream = stream
        head = stream[:8]
        if len(head) < 8 or struct.unpack_from("<HHH", head)[0::2] != (BOF, 0x0600):
            raise NotBiff8("not BIFF8")
        self.sheets: list[Sheet] = []
        self.strings: list[str] = []
        self.date_xfs: set[int] = set()
        self.epoch = dt.datetime(1899, 12, 30)
        self._globals(values)
        for sheet in self.sheets:
            if sheet.worksheet:
                self._sheet(sheet, values)

    def _globals(self, values: bool) -> None:
        formats: dict[int, bool] = {}
        xfs: list[int] = []
        sst: list[bytes] | None = None
        in_sst = False
        for kind, data, _ in _records(self.stream):
            if kind == EOF:
                break
            if in_sst and kind == CONTINUE:
                sst.append(data)
                continue
            in_sst = False
            if kind == BOUNDSHEET and len(data) >= 8:
                offset, state, sheet_type = struct.unpack_from("<IBB", data)
                name, _ = _string(data, 6, 1)
                self.sheets.append(Sheet(name, state == 0, sheet_type == 0, offset))
            elif not values:
                continue
            elif kind == SST:
                sst, in_sst = [data], True
            elif kind == FORMAT and len(data) >= 5:
                code, _ = _string(data, 2)
                formats[struct.unpack_from("<H", data)[0]] = any(ch in _QUOTED.sub("", code).lower() for ch in "dmy")
            elif kind == XF and len(data) >= 4:
                xfs.append(struct.unpack_from("<H", data, 2)[0])
            elif kind == DATEMODE and len(data) >= 2 and struct.unpack_from("<H", data)[0]:
                self.epoch = dt.datetime(1904, 1, 1)
        self.date_xfs = {i for i, f in enumerate(xfs) if f in _DATE_FORMAT_IDS or formats.get(f)}
        if sst is not None:
            self.strings = _sst(sst)

    def _number(self, xf: int, number: float) -> object:
        if xf in self.date_xfs:
            # Excel's 1900 system counts a 29 February 1900 that never was: serials below 60 start a day later.
            epoch = dt.datetime(1899, 12, 31) if self.epoch.year == 1899 and 1 <= number < 60 else self.epoch
            try:
                when = epoch + dt.timedelta(days=number)
            except OverflowError:
                return number
            # As calamine gives them: a time of day, a day, or both.
            if 0 <= number < 1:
                return when.time()
            return when.date() if when.time() == dt.time(0) else when
        return number

    def _sheet(self, sheet: Sheet, values: bool) -> None:
        if not self.stream[sheet.offset:sheet.offset + 2] == struct.pack("<H", BOF):
            raise NotBiff8("sheet offset")
        cells = sheet.cells
        pending: tuple[int, int] | None = None  # a FORMULA whose text result follows in STRING
        first = True
        for kind, data, _ in _records(self.stream, sheet.offset):
            if kind == BOF and not first:
                break  # an embedded chart's substream: past this sheet's cells
            first = False
            if kind == EOF:
                break
            if kind == STRING and pending is not None:
                text, _ = _string(data, 0)
                cells.setdefault(pending[0], {})[pending[1]] = text
                pending = None
                continue
            if kind == MERGEDCELLS and len(data) >= 2:
                count = struct.unpack_from("<H", data)[0]
                for i in range(min(count, (len(data) - 2) // 8)):
                    r1, r2, c1, c2 = struct.unpack_from("<HHHH", data, 2 + 8 * i)
                    sheet.merged.append((r1, c1, r2, c2))
                continue
            if kind not in _CELLS or len(data) < 6:
                continue
            row, col, xf = struct.unpack_from("<HHH", data)
            if kind == MULRK:
                last = struct.unpack_from("<H", data, len(data) - 2)[0]
                count = max(0, min(last - col + 1, (len(data) - 6) // 6))
                if not values:
                    if count:
                        sheet.fill(row, col)
                        sheet.fill(row, col + count - 1)
                    continue
                for i in range(count):
                    xf_i, rk = struct.unpack_from("<HI", data, 4 + 6 * i)
                    cells.setdefault(row, {})[col + i] = self._number(xf_i, _rk(rk))
                continue
            if not values:
                sheet.fill(row, col)
                continue
            value: object
            if kind == NUMBER and len(data) >= 14:
                value = self._number(xf, struct.unpack_from("<d", data, 6)[0])
            elif kind == RK and len(data) >= 10:
                value = self._number(xf, _rk(struct.unpack_from("<I", data, 6)[0]))
            elif kind == LABELSST and len(data) >= 10:
                index = struct.unpack_from("<I", data, 6)[0]
                value = self.strings[index] if index < len(self.strings) else ""
            elif kind in (LABEL, RSTRING) and len(data) >= 9:
                value, _ = _string(data, 6)
            elif kind == BOOLERR and len(data) >= 8:
                if data[7]:  # an error value: named in Extras, the cell itself empty (as calamine gives it)
                    sheet.errors[(row + 1, col)] = ERRORS.get(data[6], _UNKNOWN_ERROR)
                    value = ""
                else:
                    value = bool(data[6])
            elif kind == FORMULA and len(data) >= 14:
                result = data[6:14]
                if result[6:8] == b"\xff\xff":
                    if result[0] == 0:
                        pending = (row, col)
                        continue
                    if result[0] == 2:
                        sheet.errors[(row + 1, col)] = ERRORS.get(result[2], _UNKNOWN_ERROR)
                    value = bool(result[2]) if result[0] == 1 else ""
                else:
                    value = self._number(xf, struct.unpack("<d", result)[0])
            else:
                continue
            cells.setdefault(row, {})[col] = value

    def grid_cells(self) -> int:
        """How many cells calamine's dense grids would hold: each sheet's span of filled cells (pre-scan only)."""
        total = 0
        for sheet in self.sheets:
            if sheet.span:
                r1, r2, c1, c2 = sheet.span
                total += (r2 - r1 + 1) * (c2 - c1 + 1)
        return total


def sparse_book(stream: bytes) -> Book | None:
    """The book read here when calamine's grids would be far larger than its cells, else None."""
    try:
        if Book(stream, values=False).grid_cells() <= MAX_DENSE_CELLS:
            return None
        return Book(stream)
    except (NotBiff8, struct.error, IndexError, ValueError, UnicodeError):
        return None  # calamine reads it, or says what is wrong
