"""A corpus of hostile and messy inputs, generated (not stored as binary blobs).

    python tests/hostile.py OUTDIR     writes the corpus, for looking at it by hand

Each case is a file (or a link, a pipe, a folder) and what reportgen must make of it: refuse it
with a given code, or read a given number of events (with some findings). tests/test_hostile.py
runs the whole corpus through the command line.
"""

from __future__ import annotations

import os
import random
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from forms import Style, write_form

EVENTS = [
    ("Форум «Россия – Беларусь»", "г. Смоленск", "12 апреля 2025 года", "Обмен опытом", "40 человек"),
    ("Фестиваль «Славянский хоровод»", "г. Велиж", "13 апреля 2025 года", "Народное творчество", "Коллективы"),
    ("Круглый стол", "г. Смоленск", "20 мая 2025 года", "Сотрудничество", "12 человек"),
]
SECRET = "СЕКРЕТНОЕ-СОДЕРЖИМОЕ-ФАЙЛА"


@dataclass
class Case:
    name: str
    make: Callable[[Path], None]
    refused: str | None = None  # the file-level code, when the file must be refused
    events: int = 0  # otherwise: how many events reach the report
    codes: set[str] = field(default_factory=set)  # findings that must be among its diagnostics
    skipped: bool = False  # a lock file: not read at all
    texts: tuple[str, ...] = ()  # texts that must reach the report as they are
    posix_only: bool = False


# Every readable case belongs to a different municipality, so that they can be checked together.
_OWNER: dict[str, str] = {}


def good(path: Path, events=EVENTS, **style) -> None:
    owner = _OWNER.get(path.name.removesuffix(".src"), "Велижский")
    write_form(path, list(events), Style(municipality=owner, **style))


def rewrite(src: Path, dst: Path, edit: Callable[[str, bytes], bytes | None], method=zipfile.ZIP_DEFLATED) -> None:
    """Copy a zip, passing every member through `edit` (None drops the member)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", method) as zout:
        for item in zin.infolist():
            data = edit(item.filename, zin.read(item.filename))
            if data is not None:
                zout.writestr(item.filename, data, compress_type=method)


def via_good(edit: Callable[[str, bytes], bytes | None], method=zipfile.ZIP_DEFLATED, **style):
    def make(path: Path) -> None:
        tmp = path.with_name(path.name + ".src")
        good(tmp, **style)
        rewrite(tmp, path, edit, method)
        tmp.unlink()
    return make


def on_sheet(fn: Callable[[bytes], bytes]):
    return lambda name, data: fn(data) if name == "xl/worksheets/sheet1.xml" else data


# The canonical test form (forms.Style defaults): title row 1, fields rows 2–3, header row 5,
# events from row 6; columns A №, B name, C place, D dates, E goal, F participants.

def _merged(path: Path) -> None:
    good(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Мероприятия"]
    ws.merge_cells("C6:C7")  # "г. Смоленск" over two events: it is the place of both
    wb.save(path)


def _hidden_rows(path: Path) -> None:
    good(path)
    wb = openpyxl.load_workbook(path)
    wb["Мероприятия"].row_dimensions[7].hidden = True
    wb.save(path)


def _hidden_sheet(path: Path) -> None:
    good(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Мероприятия"]
    ws.title = "Видимый"
    old = wb.copy_worksheet(ws)
    old.title = "Мероприятия"  # the preferred name, but hidden: must not be the data sheet
    old["B6"] = "Старое мероприятие из прошлого квартала"
    old.sheet_state = "hidden"
    wb.save(path)


def _replace_cell(data: bytes, ref: str, xml: str) -> bytes:
    """Replace cell `ref` (as openpyxl wrote it) with raw cell XML."""
    pattern = re.compile(rf'<c r="{ref}"[^>]*>.*?</c>'.encode(), re.S)
    assert pattern.search(data), ref
    return pattern.sub(lambda m: xml.encode(), data, count=1)


def _formulas(data: bytes) -> bytes:
    # B6 keeps a formula with its cached value; C7 is a formula whose value was never computed
    # (what openpyxl and scripts write); D8 holds an error value.
    data = _replace_cell(data, "B6", '<c r="B6" t="str"><f>"Фо"&amp;"рум"</f><v>Форум</v></c>')
    data = _replace_cell(data, "C7", '<c r="C7"><f>CONCATENATE("a","b")</f></c>')
    return _replace_cell(data, "D8", '<c r="D8" t="e"><f>1/0</f><v>#DIV/0!</v></c>')


def _lying_dimension(data: bytes) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', data)


def _stray_far_format(data: bytes) -> bytes:
    return data.replace(b"</sheetData>", b'<row r="1048576"><c r="A1048576" s="1"/></row></sheetData>')


def _far_value(data: bytes) -> bytes:
    return data.replace(b"</sheetData>",
                        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')


def _xxe(secret_path: Path):
    def edit(data: bytes) -> bytes:
        doctype = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{secret_path}">]>'.encode()
        data = data.replace(b"<worksheet", doctype + b"<worksheet", 1)
        return _replace_cell(data, "E6", '<c r="E6" t="inlineStr"><is><t>&xxe;</t></is></c>')
    return edit


def _laughs(data: bytes) -> bytes:
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    doctype = ("<!DOCTYPE worksheet [" + "".join(ents) + "]>").encode()
    data = data.replace(b"<worksheet", doctype + b"<worksheet", 1)
    return _replace_cell(data, "E6", '<c r="E6" t="inlineStr"><is><t>&lol9;</t></is></c>')


def _escapes(data: bytes) -> bytes:
    # What Excel writes for characters XML cannot hold: _xHHHH_. A vertical tab is Alt+Enter
    # from some exporters; U+0001 is junk pasted from another program.
    data = _replace_cell(data, "E6", '<c r="E6" t="inlineStr"><is><t>Обмен_x000B_опытом</t></is></c>')
    return _replace_cell(data, "F6", '<c r="F6" t="inlineStr"><is><t>40_x0001_ человек</t></is></c>')


def _long_cell(data: bytes) -> bytes:
    # Written raw: openpyxl (like Excel) cuts cells at 32,767 characters, crafted files need not.
    return _replace_cell(data, "E6", f'<c r="E6" t="inlineStr"><is><t>{LONG}</t></is></c>')


def _strict(name: str, data: bytes) -> bytes:
    return data.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                        b"http://purl.oclc.org/ooxml/spreadsheetml/main")


def _ratio_bomb(path: Path) -> None:
    good(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/media/padding.xml", "w") as f:
            block = b" " * 2**20
            for _ in range(60):  # 60 MB of spaces pack into ~60 KB
                f.write(block)


def _lying_size_bomb(path: Path) -> None:
    """Sheet XML inflating to 300 MB while the zip directory claims 3 KB."""
    src = path.with_name(path.name + ".src")
    good(src)
    with zipfile.ZipFile(src) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    padded = sheet.replace(b"</sheetData>", b"</sheetData>" + b" " * (300 * 2**20), 1)
    rewrite(src, path, lambda n, d: padded if n == "xl/worksheets/sheet1.xml" else d)
    src.unlink()
    raw = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        start = 0
        while (i := raw.find(sig, start)) >= 0:
            name_at = i + (30 if sig == b"PK\x03\x04" else 46)
            if raw[name_at:name_at + len(name)] == name:
                raw[i + size_at:i + size_at + 4] = (3000).to_bytes(4, "little")
            start = i + 4
    path.write_bytes(bytes(raw))


def _bzip2(path: Path) -> None:
    src = path.with_name(path.name + ".src")
    good(src)
    rewrite(src, path, lambda n, d: d, method=zipfile.ZIP_BZIP2)
    src.unlink()


def _ole(*streams: str) -> Callable[[Path], None]:
    """An OLE2 compound file whose directory names these streams (enough for the magic check)."""
    def make(path: Path) -> None:
        header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
        entries = b"".join(s.encode("utf-16-le").ljust(64, b"\0") + bytes(64) for s in ("Root Entry", *streams))
        path.write_bytes(header + entries.ljust(4096, b"\0"))
    return make


def _docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Отчет о мероприятиях")
    d.save(str(path))


def _zip_of_text(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not a workbook")


def _odt(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")


def _truncated(path: Path) -> None:
    good(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _long_name(seed: int):
    """A form whose first event's name is a megabyte of quoted words (a pasted document), for both of a pair:
    comparing the two across municipalities was once quadratic in the name's length (92 s)."""
    def make(path: Path) -> None:
        rng = random.Random(seed)
        words = ["фестиваль", "дружба", "народов", "встреча", "концерт", "выставка", "форум"]
        name = "«" + " ".join(rng.choice(words) for _ in range(120_000)) + "»" + " «" * 3000
        marker = "".join(f"&#{ord(c)};" if ord(c) > 127 else c for c in EVENTS[0][0]).encode()
        escaped = name.encode()
        via_good(on_sheet(lambda data: data.replace(marker, escaped, 1)))(path)
    return make


def _sparse(path: Path) -> None:
    with open(path, "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(65 * 2**20)


def _date1904(path: Path) -> None:
    good(path, date_cells=True)
    wb = openpyxl.load_workbook(path)
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904  # dates stored relative to 1904
    wb.save(path)


def _symlink(target: str) -> Callable[[Path], None]:
    return lambda path: os.symlink(target, path)


def _link_to_form(path: Path) -> None:
    """A link to a form kept elsewhere (a link to another input would be the same input)."""
    target = path.parent.parent / "linked-form.xlsx"
    _OWNER[target.name] = _OWNER[path.name]
    good(target)
    os.symlink(target, path)


MANY = [(f"{name} №{i}", *rest) for i in range(10) for name, *rest in EVENTS]
LONG = "Очень длинное описание. " * 1700  # 40,800 characters: more than Excel itself allows


def corpus(folder: Path) -> list[Case]:
    """Write every case into `folder`; returns the cases."""
    folder.mkdir(parents=True, exist_ok=True)
    secret = folder.parent / "secret.txt"  # outside the corpus: an XXE must not pull it in
    secret.write_text(SECRET, encoding="utf-8")
    rng = random.Random(7)
    cases = [
        Case("ok-baseline.xlsx", good, events=3),
        Case("empty.xlsx", lambda p: p.write_bytes(b""), refused="file-empty"),
        Case("text.xlsx", lambda p: p.write_text("Отчет за квартал: см. письмо", encoding="utf-8"), refused="file-format"),
        Case("table.csv.xlsx", lambda p: p.write_text("№;Наименование;Место\n1;Форум;Смоленск\n", encoding="cp1251"),
             refused="file-format"),
        Case("page.xls", lambda p: p.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>"),
             refused="file-format"),
        Case("document.xlsx", _docx, refused="file-format"),
        Case("scan.xlsx", lambda p: p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), refused="file-format"),
        Case("letter.xls", lambda p: p.write_bytes(b"{\\rtf1\\ansi\\deff0 text}"), refused="file-format"),
        Case("random.xlsx", lambda p: p.write_bytes(bytes(rng.randrange(256) for _ in range(5000))),
             refused="file-format"),
        Case("truncated.xlsx", _truncated, refused="file-unreadable"),
        Case("encrypted.xlsx", _ole("EncryptionInfo", "EncryptedPackage"), refused="file-encrypted"),
        Case("old-word.xls", _ole("WordDocument"), refused="file-format"),
        Case("archive.xlsx", _zip_of_text, refused="file-format"),
        Case("text-document.ods", _odt, refused="file-format"),
        # Strict Open XML: python-calamine reads it, so the pre-flight does not refuse it.
        Case("strict.xlsx", via_good(_strict), events=3),
        Case("bomb-ratio.xlsx", _ratio_bomb, refused="file-bomb"),
        Case("bomb-bzip2.xlsx", _bzip2, refused="file-bomb"),
        Case("bomb-lying-sizes.xlsx", _lying_size_bomb, refused="any"),
        Case("too-large.xlsx", _sparse, refused="file-too-large"),
        Case("far-value.xlsx", via_good(on_sheet(_far_value)), refused="file-memory"),
        Case("xxe.xlsx", via_good(on_sheet(_xxe(secret))), refused="any"),
        Case("billion-laughs.xlsx", via_good(on_sheet(_laughs)), refused="any"),
        Case("~$ok-baseline.xlsx", lambda p: p.write_bytes(b"\x0cowner\x00" * 10), skipped=True),
        Case("lying-dimension.xlsx", via_good(on_sheet(_lying_dimension), events=MANY), events=30),
        Case("stray-far-format.xlsx", via_good(on_sheet(_stray_far_format)), events=3),
        Case("merged-rows.xlsx", _merged, events=3, codes={"merged-shared"}, texts=("г. Смоленск",)),
        Case("hidden-rows.xlsx", _hidden_rows, events=3, codes={"row-hidden"}),
        Case("hidden-sheet.xlsx", _hidden_sheet, events=3, codes={"sheet-hidden"}),
        Case("formulas.xlsx", via_good(on_sheet(_formulas)), events=3, codes={"formula-no-value", "cell-error"},
             texts=("Форум",)),
        Case("date1904.xlsx", _date1904, events=3, texts=("12 апреля 2025 года",)),
        Case("long-cell.xlsx", via_good(on_sheet(_long_cell)), events=3, texts=(LONG.strip(),)),
        Case("long-name-a.xlsx", _long_name(1), events=3),
        Case("long-name-b.xlsx", _long_name(2), events=3),
        Case("escapes.xlsx", via_good(on_sheet(_escapes)), events=3, codes={"control-chars"},
             texts=("Обмен\nопытом", "40 человек")),
    ]
    if os.name == "posix":
        cases += [
            Case("pipe.xlsx", lambda p: os.mkfifo(p), refused="file-not-regular", posix_only=True),
            Case("device.xlsx", _symlink("/dev/zero"), refused="file-not-regular", posix_only=True),
            Case("dangling.xlsx", _symlink("/nonexistent/form.xlsx"), refused="file-not-regular", posix_only=True),
            Case("link-to-form.xlsx", _link_to_form, events=3, posix_only=True),
        ]
    from reportgen.kind import load_kind

    owners = iter(m.short for m in load_kind().registry)
    for case in cases:
        if case.events:
            _OWNER[case.name] = next(owners)
        case.make(folder / case.name)
    return cases


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for c in corpus(out):
        print(f"{c.name:28} {'refused: ' + c.refused if c.refused else ('skipped' if c.skipped else f'{c.events} events')}")


# --- forms that only a full reopen (openpyxl, for the marked copy) finds damaged ---------------
# Each has a finding (a date that does not exist), so `--annotate` and `letters` make its copy.

FLAWED = [EVENTS[0], (EVENTS[1][0], EVENTS[1][1], "31 апреля 2025 года", *EVENTS[1][3:]), EVENTS[2]]


def flawed(path: Path, owner: str = "Велижский") -> None:
    """A readable form with one error (31 апреля): a marked copy goes back for it."""
    write_form(path, FLAWED, Style(municipality=owner))


def _copy_of(owner: str, edit: Callable[[str, bytes], bytes | None], stored: tuple[str, ...] = ()):
    def make(path: Path) -> None:
        tmp = path.with_name(path.name + ".src")
        flawed(tmp, owner)
        with zipfile.ZipFile(tmp) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = edit(item.filename, zin.read(item.filename))
                if data is not None:
                    zout.writestr(item.filename, data,
                                  compress_type=zipfile.ZIP_STORED if item.filename in stored else zipfile.ZIP_DEFLATED)
        tmp.unlink()
    return make


def bad_crc_theme(path: Path, owner: str = "Велижский") -> None:
    """The theme part stored uncompressed with one byte changed: its CRC-32 no longer matches."""
    theme = "xl/theme/theme1.xml"
    _copy_of(owner, lambda name, data: data, stored=(theme,))(path)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(theme)
    # The local header is 30 bytes plus the name and its extra field; the data follows.
    name_len = int.from_bytes(raw[info.header_offset + 26: info.header_offset + 28], "little")
    extra_len = int.from_bytes(raw[info.header_offset + 28: info.header_offset + 30], "little")
    at = info.header_offset + 30 + name_len + extra_len + 200
    raw[at] = ord("x") if raw[at] != ord("x") else ord("y")
    path.write_bytes(bytes(raw))


def row_past_end(path: Path, owner: str = "Велижский") -> None:
    """A cell at row 1 048 577, one past the last row Excel has."""
    far = b'<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    _copy_of(owner, lambda name, data: data.replace(b"</sheetData>", far, 1)
             if name == "xl/worksheets/sheet1.xml" else data)(path)


def broken_core(path: Path, owner: str = "Велижский") -> None:
    """docProps/core.xml that is not XML at all."""
    _copy_of(owner, lambda name, data: b"<cp:coreProperties <<< not xml" if name == "docProps/core.xml" else data)(path)


def styled_void(path: Path, cells: int, owner: str = "Велижский") -> None:
    """A form whose sheet has `cells` styled empty cells under the table (a clerk who formatted whole columns)."""
    def edit(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        per_row = 100
        cols = [openpyxl.utils.get_column_letter(c) for c in range(1, per_row + 1)]
        rows = []
        for r in range(20, 20 + cells // per_row):
            rows.append(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" s="1"/>' for c in cols) + "</row>")
        data = re.sub(rb"<dimension ref=\"[^\"]*\"/>", b"", data)
        return data.replace(b"</sheetData>", "".join(rows).encode() + b"</sheetData>", 1)
    _copy_of(owner, edit)(path)
