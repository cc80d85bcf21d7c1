"""Opening .xlsx workbooks with openpyxl in read-only (streaming) mode."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from .reader import RESAVE_HINT, SheetSource, UnreadableFile


@contextmanager
def open_sheets(path: Path) -> Iterator[list[SheetSource]]:
    """The visible worksheets of a workbook, streamed row by row."""
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException) as exc:
        raise UnreadableFile(f"Файл не является книгой Excel (.xlsx): {exc}", RESAVE_HINT) from exc
    except (KeyError, ValueError, TypeError, IndexError, AttributeError, OSError, EOFError) as exc:
        raise UnreadableFile(f"Книгу не удалось прочитать: {type(exc).__name__}: {exc}", RESAVE_HINT) from exc
    try:
        # A hidden sheet (lists for drop-downs, old data) is never the data sheet.
        yield [SheetSource(ws.title, _rows(ws)) for ws in wb.worksheets if ws.sheet_state == "visible"]
    finally:
        wb.close()


def _rows(ws) -> Iterator[tuple[int, tuple]]:
    # Read-only mode trusts the sheet's declared <dimension>; a wrong one silently drops rows.
    ws.reset_dimensions()
    try:
        for line, values in enumerate(ws.iter_rows(values_only=True), start=1):
            yield line, values
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        raise UnreadableFile(f"Лист «{ws.title}» поврежден: {type(exc).__name__}: {exc}", RESAVE_HINT) from exc
