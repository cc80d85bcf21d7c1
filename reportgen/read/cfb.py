"""Just enough of the Compound File (OLE2) format to say what an old Office file is.

A search for a stream's name anywhere in the bytes is fooled by embedded objects: an .xls with
a Word object in its ObjectPool holds a «WordDocument» stream too, one storage down. The root
storage's own streams say what the file is, and the workbook stream's first records say whether
it is encrypted. Every read is bounded by the file's size; a broken directory returns None and
the caller falls back to what the bytes alone say.
"""

from __future__ import annotations

import struct

_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE
_NONE = 0xFFFFFFFF


class _Broken(Exception):
    """The container's tables point outside the file or in circles."""


class Compound:
    """A parsed compound file: the root storage's entries and their streams."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512:
            raise _Broken("short")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise _Broken("sector size")
        self.size = 1 << shift
        self.mini = 1 << mini_shift
        n_fat, self.dir_start = struct.unpack_from("<II", data, 0x2C)
        self.cutoff, self.minifat_start, _, difat_start, n_difat = struct.unpack_from("<IIIII", data, 0x38)
        fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
        sector, seen = difat_start, set()
        while sector not in (_END, _FREE) and len(seen) < n_difat + 1:
            if sector in seen:
                raise _Broken("difat loop")
            seen.add(sector)
            block = self._sector(sector)
            entries = struct.unpack(f"<{self.size // 4}I", block)
            fat_sectors.extend(entries[:-1])
            sector = entries[-1]
        fat = bytearray()
        for s in fat_sectors[:n_fat]:
            if s in (_FREE, _END):
                continue
            fat += self._sector(s)
        self.fat = struct.unpack(f"<{len(fat) // 4}I", fat)
        directory = self._chain(self.dir_start, self.fat, self._sector)
        self.entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
        if not self.entries:
            raise _Broken("no root")
        self.minifat = ()
        if self.minifat_start not in (_END, _FREE):
            raw = self._chain(self.minifat_start, self.fat, self._sector)
            self.minifat = struct.unpack(f"<{len(raw) // 4}I", raw)
        root = self.entries[0]
        self.ministream = self._chain(struct.unpack_from("<I", root, 116)[0], self.fat, self._sector)

    def _sector(self, n: int) -> bytes:
        start = (n + 1) * self.size
        if n >= _END or start >= len(self.data):
            raise _Broken("sector outside the file")
        return self.data[start:start + self.size].ljust(self.size, b"\0")

    def _mini_sector(self, n: int) -> bytes:
        start = n * self.mini
        if start >= len(self.ministream):
            raise _Broken("mini sector outside the stream")
        return self.ministream[start:start + self.mini]

    def _chain(self, start: int, table, read, limit: int | None = None) -> bytes:
        out, sector, seen = bytearray(), start, set()
        while sector not in (_END, _FREE):
            if sector in seen or sector >= len(table):
                raise _Broken("chain")
            seen.add(sector)
            out += read(sector)
            if limit is not None and len(out) >= limit:
                break
            sector = table[sector]
        return bytes(out)

    def root_names(self) -> dict[str, int]:
        """The root storage's children: lower-cased name → entry index."""
        names: dict[str, int] = {}
        first = struct.unpack_from("<I", self.entries[0], 76)[0]
        todo, seen = [first], set()
        while todo:
            i = todo.pop()
            if i == _NONE or i in seen or i >= len(self.entries):
                continue
            seen.add(i)
            entry = self.entries[i]
            length = min(struct.unpack_from("<H", entry, 64)[0], 64)
            name = entry[:max(length - 2, 0)].decode("utf-16-le", "replace").lower()
            names[name] = i
            left, right = struct.unpack_from("<II", entry, 68)
            todo += [left, right]
        return names

    def stream(self, index: int, limit: int) -> bytes:
        """The first `limit` bytes (at most) of the stream at entry `index`; b"" when its chain is broken."""
        entry = self.entries[index]
        start = struct.unpack_from("<I", entry, 116)[0]
        size = struct.unpack_from("<I", entry, 120)[0]
        want = min(size, limit)
        try:
            if size < self.cutoff:
                return self._chain(start, self.minifat, self._mini_sector, want)[:want]
            return self._chain(start, self.fat, self._sector, want)[:want]
        except (_Broken, struct.error, IndexError):
            return b""  # the reader says what is wrong with it


def open_compound(data: bytes) -> Compound | None:
    """The compound file in `data`, or None when its tables are broken."""
    try:
        return Compound(data)
    except (_Broken, struct.error, ValueError, IndexError, MemoryError):
        return None


FILEPASS, BOF, EOF, BOUNDSHEET = 0x002F, 0x0809, 0x000A, 0x0085


def biff_encrypted(stream: bytes) -> bool:
    """A FILEPASS record in the workbook globals: the book is encrypted or XOR-obfuscated."""
    pos = 0
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        if kind == FILEPASS:
            return True
        if kind in (EOF, BOUNDSHEET):  # FILEPASS comes before the sheets are listed
            return False
        pos += 4 + length
    return False
