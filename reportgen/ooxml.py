"""Office Open XML in one place: namespaces, the safe parser, packages, and raw WordprocessingML.

Reading: a package is read by its relationships, not by fixed part names. Excel puts the
workbook at `xl/workbook.xml`; other software puts it at the package root, writes zip names
with backslashes, or uses the Strict namespaces. The parser takes no DTDs, entities or
network: parts may be crafted.

Writing: the report is XML text streamed into a zip. python-docx's per-cell API is quadratic
on large tables and has no API for repeating header rows (`w:tblHeader`) or fixed package
timestamps. Everything that knows the WordprocessingML vocabulary lives here; the writers only
decide what goes where.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

# The one namespace table: every vocabulary the readers and writers meet, by its usual prefix.
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",  # a package's relationships part
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "r-strict": "http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def clark(prefix: str, local: str) -> str:
    """`{namespace}local`, the name lxml gives an element or attribute of NS[prefix]."""
    return f"{{{NS[prefix]}}}{local}"


def w(local: str) -> str:
    """A WordprocessingML element or attribute: w("tbl"), w("val")."""
    return W + local


def r(local: str) -> str:
    """An attribute in the relationships namespace: r("id")."""
    return R + local


def is_w(name: str) -> bool:
    """Whether an element's or attribute's name is WordprocessingML's."""
    return name.startswith(W)


def sml(local: str) -> str:
    """A SpreadsheetML element in whichever namespace the part uses (Transitional or Strict)."""
    return "{*}" + local


def core(local: str) -> str:
    """A core property (docProps/core.xml) in whichever namespace the part uses: core("category")."""
    return "{*}" + local


W_NS = NS["w"]
W = f"{{{W_NS}}}"  # Clark prefix; readers use w(), r(), clark()
R_NS = NS["r"]
R = f"{{{R_NS}}}"
PKG_REL_NS = f"{{{NS['pr']}}}"
CT_NS = f"{{{NS['ct']}}}"
OFFICE_DOCUMENT = ("/officeDocument/2006/relationships/officeDocument",  # Transitional
                   "/officeDocument/relationships/officeDocument")  # Strict (purl.oclc.org)
REL_NAMESPACES = (R_NS, NS["r-strict"])
REL_TYPE = R_NS + "/"  # a relationship type is this and its last segment ("styles", "header")
MAX_PART = 16 * 1024 * 1024  # relationships and content types are kilobytes


# --- reading: the safe parser and packages -----------------------------------------------------

class UnsafeXML(ValueError):
    """A part declares a DOCTYPE: entity tricks (XXE, «billion laughs») need one, office files never do."""


class PartTooLarge(ValueError):
    """A package part inflates past its limit, whatever size the zip directory claims for it."""

    def __init__(self, name: str, limit: int) -> None:
        super().__init__(f"{name}: more than {limit} bytes")
        self.name = name
        self.limit = limit


def parser():
    from lxml import etree

    # No entities, no network, no huge trees: the package may be crafted.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def parse(data: bytes):
    """The root element of `data`; UnsafeXML for a part with a DOCTYPE, XMLSyntaxError for broken XML."""
    from lxml import etree

    root = etree.fromstring(data, parser())
    if root.getroottree().docinfo.doctype:
        raise UnsafeXML("DOCTYPE")
    return root


def serialize(element, declaration: bool = True) -> bytes:
    """An element written back as UTF-8 XML (a whole part with its declaration, or a fragment)."""
    from lxml import etree

    if declaration:
        return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
    return etree.tostring(element, encoding="UTF-8")


def iterparse(data: bytes, tag=None, events: tuple[str, ...] = ("end",)) -> Iterator:
    """(event, element) pairs streamed from `data`, with the parser's safety settings (also for ODF)."""
    from lxml import etree

    return etree.iterparse(io.BytesIO(data), events=events, tag=tag,
                           resolve_entities=False, no_network=True, huge_tree=False)

# Strict OOXML («Строгий Open XML» in Word's Save As) names the same vocabularies under purl.oclc.org. Its parts
# are read by mapping each namespace (and relationship type) to Transitional's; the specific names go first.
_STRICT = tuple((a.encode(), b.encode()) for a, b in (
    ("http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
     "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"),
    ("http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties",
     "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"),
    ("http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
     "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
    ("http://purl.oclc.org/ooxml/officeDocument/customProperties",
     "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
    ("http://purl.oclc.org/ooxml/officeDocument/", "http://schemas.openxmlformats.org/officeDocument/2006/"),
    ("http://purl.oclc.org/ooxml/drawingml/", "http://schemas.openxmlformats.org/drawingml/2006/"),
    ("http://purl.oclc.org/ooxml/wordprocessingml/", "http://schemas.openxmlformats.org/wordprocessingml/2006/"),
    ("http://purl.oclc.org/ooxml/spreadsheetml/", "http://schemas.openxmlformats.org/spreadsheetml/2006/"),
    ("http://purl.oclc.org/ooxml/presentationml/", "http://schemas.openxmlformats.org/presentationml/2006/"),
))


def transitional(data: bytes) -> bytes:
    """A part's XML with Strict OOXML's namespaces and relationship types mapped to Transitional's (UTF-8 parts:
    what Word writes); a Transitional part comes back as it was."""
    if b"purl.oclc.org/ooxml/" not in data:
        return data
    for strict, plain in _STRICT:
        data = data.replace(strict, plain)
    return data


@dataclass(frozen=True)
class Package:
    """A zip's parts by normalised name (forward slashes, no leading slash, any case)."""

    zf: zipfile.ZipFile
    names: dict[str, str]  # normalised lower-case name → the member's name in the zip

    @classmethod
    def of(cls, zf: zipfile.ZipFile) -> Package:
        names = {}
        for info in zf.infolist():
            names.setdefault(normalise(info.filename).lower(), info.filename)
        return cls(zf, names)

    def has(self, name: str) -> bool:
        return normalise(name).lower() in self.names

    def read(self, name: str, limit: int = MAX_PART) -> bytes | None:
        """Up to `limit` bytes of a part (a head is enough to sniff); None when there is no such part."""
        member = self.names.get(normalise(name).lower())
        if member is None:
            return None
        with self.zf.open(member) as f:
            return f.read(limit)

    def part(self, name: str, limit: int) -> bytes | None:
        """A whole part, inflated: PartTooLarge past `limit` bytes, whatever the zip directory claims.

        Damage raises what zipfile and zlib raise (BadZipFile for a bad CRC, zlib.error,
        NotImplementedError for an unknown compression method): read/damage.py says it in Russian.
        """
        data = self.read(name, limit + 1)
        if data is not None and len(data) > limit:
            raise PartTooLarge(name, limit)
        return data

    def duplicates(self) -> list[str]:
        """Member names that occur twice (also by case or slash direction): which one counts is anyone's guess."""
        seen: dict[str, int] = {}
        for info in self.zf.infolist():
            key = normalise(info.filename).lower()
            seen[key] = seen.get(key, 0) + 1
        return sorted(name for name, n in seen.items() if n > 1)

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(Id, Type, target part) of a part's relationships; "" for the package's own."""
        folder, base = posixpath.split(normalise(part))
        try:
            data = self.read(posixpath.join(folder, "_rels", f"{base}.rels"))
            root = parse(data) if data else None
        except Exception:  # noqa: BLE001 - a broken relationships part (its XML or its zip entry): as if there were none
            return []
        if root is None:
            return []
        out = []
        for rel in root.iter(f"{PKG_REL_NS}Relationship"):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            out.append((rel.get("Id") or "", rel.get("Type") or "", resolve(folder, target)))
        return out

    def main_part(self) -> str | None:
        """The office document the package relationships point at (workbook, document…)."""
        for _, rel_type, target in self.relationships(""):
            if rel_type.endswith(OFFICE_DOCUMENT) and self.has(target):
                return target
        return None

    def content_type(self, part: str) -> str:
        try:
            data = self.read("[Content_Types].xml")
            root = parse(data) if data else None
        except Exception:  # noqa: BLE001 - broken (its XML or its zip entry): the part's name decides
            return ""
        if root is None:
            return ""
        wanted = "/" + normalise(part).lower()
        for override in root.iter(f"{CT_NS}Override"):
            if (override.get("PartName") or "").replace("\\", "/").lower() == wanted:
                return override.get("ContentType") or ""
        extension = wanted.rsplit(".", 1)[-1]
        for default in root.iter(f"{CT_NS}Default"):
            if (default.get("Extension") or "").lower() == extension:
                return default.get("ContentType") or ""
        return ""


def normalise(name: str) -> str:
    return name.replace("\\", "/").lstrip("/")


def resolve(folder: str, target: str) -> str:
    """A relationship's target as a part name, relative to the source part's folder."""
    target = target.replace("\\", "/")
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(path).lstrip("/") if path else path


# --- writing: WordprocessingML ----------------------------------------------------------------

XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

TWIPS_PER_CM = 1440 / 2.54
A4_LONG, A4_SHORT = 16838, 11906  # twips
# Zip entries carry this fixed time so that the same report is the same bytes.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


def attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def text_escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def paragraphs(text: str, ppr: str = "", rpr: str = "") -> str:
    """A cell's text as paragraphs, one per line (a line break inside a cell stays one)."""
    text = text_escape(text)
    if "\n" not in text and text and text[0] != " " and text[-1] != " ":
        return f"<w:p>{ppr}<w:r>{rpr}<w:t>{text}</w:t></w:r></w:p>"  # the common case
    out = []
    for line in text.split("\n"):
        if not line:
            out.append(f"<w:p>{ppr}</w:p>")
            continue
        space = ' xml:space="preserve"' if line[0] == " " or line[-1] == " " else ""
        out.append(f"<w:p>{ppr}<w:r>{rpr}<w:t{space}>{line}</w:t></w:r></w:p>")
    return "".join(out)


def cell(text: str, width: int, *, span: int = 1, ppr: str = "", rpr: str = "", tcpr: str = "",
         content: str | None = None) -> str:
    """A table cell of `text`, or of `content` (its paragraphs already written: tracked changes)."""
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}{tcpr}</w:tcPr>'
            f"{paragraphs(text, ppr, rpr) if content is None else content}</w:tc>")


def row(cells: Iterable[str], *, header: bool = False, cant_split: bool = False, mark: str = "") -> str:
    """A table row; `mark` is a row revision (Revisions.ins()/deleted()), last in w:trPr as the schema wants."""
    props = ("<w:cantSplit/>" if cant_split or header else "") + ("<w:tblHeader/>" if header else "") + mark
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


# --- tracked changes (reportgen diff): w:ins and w:del ---

INS, DEL = "ins", "del"
_RUN = re.compile(r"<w:r>.*?</w:r>", re.S)


class Revisions:
    """The w:ins / w:del marks of one document: each its own w:id, with the author and the date."""

    def __init__(self, author: str, date: str = "") -> None:
        self.author = attr(author)
        self.date = f' w:date="{date}"' if date else ""  # xsd:dateTime, «2025-07-10T09:00:00Z»
        self.count = 0

    def _open(self, tag: str) -> str:
        self.count += 1
        return f'<w:{tag} w:id="{self.count}" w:author="{self.author}"{self.date}'

    def mark(self, tag: str) -> str:
        """An empty mark: a row's (in w:trPr) or a paragraph mark's (in w:pPr/w:rPr) insertion or deletion."""
        return self._open(tag) + "/>"

    def runs(self, line: str, rpr: str, how: str = "") -> str:
        """One line of text (already escaped) as a run: plain, inserted (w:ins) or deleted (w:del, w:delText)."""
        if not line:
            return ""
        space = ' xml:space="preserve"' if line[0] == " " or line[-1] == " " else ""
        if how == DEL:
            return f"{self._open(DEL)}><w:r>{rpr}<w:delText{space}>{line}</w:delText></w:r></w:del>"
        run = f"<w:r>{rpr}<w:t{space}>{line}</w:t></w:r>"
        return f"{self._open(INS)}>{run}</w:ins>" if how == INS else run

    def paragraph(self, runs: str, ppr: str, mark: str = "") -> str:
        """A paragraph whose mark is inserted or deleted (`mark`: INS, DEL or ""): w:pPr/w:rPr, after jc."""
        if mark:
            inner = f"<w:rPr>{self.mark(mark)}</w:rPr>"
            ppr = ppr.replace("</w:pPr>", inner + "</w:pPr>") if ppr else f"<w:pPr>{inner}</w:pPr>"
        return f"<w:p>{ppr}{runs}</w:p>"

    def tracked(self, paragraph: str, how: str) -> str:
        """A paragraph this module wrote (runs without nesting) as inserted or deleted: its runs and its mark."""
        def run(found: re.Match) -> str:
            text = found.group(0)
            if how == DEL:
                text = text.replace("<w:t>", "<w:delText>").replace("<w:t ", "<w:delText ").replace(
                    "</w:t>", "</w:delText>")
            return f"{self._open(how)}>{text}</w:{how}>"

        paragraph = _RUN.sub(run, paragraph)
        mark = self.mark(how)
        if "<w:pPr>" not in paragraph:
            return paragraph.replace("<w:p>", f"<w:p><w:pPr><w:rPr>{mark}</w:rPr></w:pPr>", 1)
        head, rest = paragraph.split("</w:pPr>", 1)
        # The mark's revision comes first in the paragraph mark's w:rPr (CT_ParaRPr), which ends w:pPr.
        head = head.replace("<w:rPr>", f"<w:rPr>{mark}", 1) if "<w:rPr>" in head else head + f"<w:rPr>{mark}</w:rPr>"
        return f"{head}</w:pPr>{rest}"

    def paragraphs(self, old: str | None, new: str | None, ppr: str = "", rpr: str = "") -> str:
        """A text's paragraphs with its change tracked: accepting all leaves `new`'s lines, rejecting all `old`'s.

        `old` None: all inserted (an inserted row, every mark too); `new` None: all deleted. Both: the
        lines both have stay as they are; a changed line is the old one deleted and the new one inserted
        in one paragraph. A paragraph mark is kept where both versions have a line after it, inserted
        where only the new one has, deleted where only the old one has; the last is the cell's own.
        """
        if old is None or new is None:
            how = INS if old is None else DEL
            return "".join(self.paragraph(self.runs(line, rpr, how), ppr, how)
                           for line in text_escape(new if old is None else old).split("\n"))
        from difflib import SequenceMatcher

        before, after = text_escape(old).split("\n"), text_escape(new).split("\n")
        parts: list[tuple[bool, bool, str]] = []  # (in the old version, in the new one, runs)
        for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
            if op == "equal":
                parts += [(True, True, self.runs(line, rpr)) for line in before[i1:i2]]
                continue
            gone, came = before[i1:i2], after[j1:j2]
            for k in range(max(len(gone), len(came))):
                runs = (self.runs(gone[k], rpr, DEL) if k < len(gone) else "") + (
                    self.runs(came[k], rpr, INS) if k < len(came) else "")
                parts.append((k < len(gone), k < len(came), runs))
        out = []
        old_after = new_after = False  # whether a later paragraph has a line of either version
        for in_old, in_new, runs in reversed(parts):
            if not out:
                mark = ""
            else:
                kept, made = in_old and old_after, in_new and new_after
                mark = "" if kept and made else INS if made else DEL
            out.append(self.paragraph(runs, ppr, mark))
            old_after, new_after = old_after or in_old, new_after or in_new
        return "".join(reversed(out))


BOLD = "<w:b/><w:bCs/>"
# On a letterhead, the report's paragraphs state all their own layout: its Normal style may carry a first-line
# indent («красная строка»), a hanging indent, big spacing, a list or right-to-left, and none of it may reach the
# cells (a narrow № column would break «1.» in two, a right-to-left paragraph shows «.1»).
TIGHT = ('<w:spacing w:before="0" w:beforeAutospacing="0" w:after="0" w:afterAutospacing="0" w:line="240" '
         'w:lineRule="auto"/>')
NO_LIST = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
LTR = '<w:bidi w:val="0"/>'
CENTER = '<w:jc w:val="center"/>'
LEFT = '<w:jc w:val="left"/>'


def no_indent(left: int = 0) -> str:
    return f'<w:ind w:left="{left}" w:right="0" w:firstLine="0" w:hanging="0"/>'

KEEP_NEXT = "<w:keepNext/>"
V_CENTER = '<w:vAlign w:val="center"/>'
BODY_END = "</w:body></w:document>"


def ppr(*, keep_next: bool = False, spacing: str = "", center: bool = False, own: bool = False) -> str:
    """Paragraph properties, in the order the schema demands (keepNext, numPr, bidi, spacing, ind, jc); "" when none.

    `spacing` is a whole `w:spacing` element (TIGHT), or after="N" twips as a number string. `own`: state
    everything a style could bring (no list, left to right, no indent, alignment): on a letterhead.
    """
    if spacing.isdigit():
        spacing = (f'<w:spacing w:before="0" w:beforeAutospacing="0" w:after="{spacing}" w:afterAutospacing="0" '
                   'w:line="240" w:lineRule="auto"/>' if own else f'<w:spacing w:after="{spacing}"/>')
    inner = ((KEEP_NEXT if keep_next else "") + (NO_LIST + LTR if own else "") + spacing
             + (no_indent() if own else "") + (CENTER if center else LEFT if own else ""))
    return f"<w:pPr>{inner}</w:pPr>" if inner else ""


def rpr(*, family: str = "", bold: bool = False, points: float | None = None, italic: bool = False) -> str:
    """Run properties (fonts, bold, italic, size, in the schema's order); "" when none."""
    inner = ((fonts(family) if family else "") + (BOLD if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
             + (size(points) if points else ""))
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def fonts(family: str) -> str:
    """Run fonts named outright, so that a letterhead's styles do not replace the kind's font."""
    f = attr(family)
    return f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>'


def size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


CELL_MARGIN = 85  # twips left and right inside a cell (table_start's tblCellMar)


def table_start(widths: list[int]) -> str:
    border = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
    borders = "".join(f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="28" w:type="dxa"/>'
        '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    )


TABLE_END = "</w:tbl>"


def line(left: str, right: str = "", *, tab: int = 0, rpr: str = "", keep_next: bool = False, before: int = 0,
         indent: int = 0, own: bool = False) -> str:
    """One paragraph of the closing block: `left` at the margin, `right` at a right tab stop `tab` twips in.

    pPr children in the schema's order: keepNext, numPr, tabs, bidi, spacing, ind, jc. `own` as for ppr().
    """
    props = (KEEP_NEXT if keep_next else "") + (NO_LIST if own else "")
    props += f'<w:tabs><w:tab w:val="right" w:pos="{tab}"/></w:tabs>' if right else ""
    if own:
        props += (LTR + f'<w:spacing w:before="{before}" w:beforeAutospacing="0" w:after="0" w:afterAutospacing="0" '
                  f'w:line="240" w:lineRule="auto"/>' + no_indent(indent) + LEFT)
    else:
        props += f'<w:spacing w:before="{before}" w:after="0"/>' if before else ""
        props += f'<w:ind w:left="{indent}"/>' if indent else ""
    runs = f"<w:r>{rpr}<w:t xml:space=\"preserve\">{text_escape(left)}</w:t></w:r>" if left else ""
    if right:
        runs += f"<w:r>{rpr}<w:tab/><w:t xml:space=\"preserve\">{text_escape(right)}</w:t></w:r>"
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"
# Word wants a paragraph between a table and the section properties.
def is_table(chunk: str) -> bool:
    """Whether a chunk of a document's body is a table (Word wants a paragraph between it and the section's end)."""
    return chunk.startswith("<w:tbl")


PARAGRAPH_AFTER_TABLE = '<w:p><w:pPr><w:spacing w:after="0"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'


def document_start() -> str:
    return f'{XML_DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'


def document_end(margin: int, page: tuple[int, int] = (A4_LONG, A4_SHORT)) -> str:
    """The section: the page (width, height in twips; wider than high is landscape), margins, the footer."""
    w, h = page
    orient = ' w:orient="landscape"' if w > h else ""
    return (
        f'<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/>'
        f'<w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
        f'<w:pgMar w:top="{margin}" w:right="{margin}" w:bottom="{margin}" w:left="{margin}" '
        'w:header="567" w:footer="567" w:gutter="0"/><w:cols w:space="708"/></w:sectPr>'
        + BODY_END
    )


def styles(font: str, body_points: float) -> str:
    f = attr(font)
    return (
        f'{XML_DECL}<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>{size(body_points)}'
        '<w:lang w:val="ru-RU" w:eastAsia="ru-RU" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        '</w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        '</w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:jc w:val="center"/></w:pPr></w:style>'
        "</w:styles>"
    )


# The compatibility setting Word 2013 and later write: without it Word opens the file in compatibility mode.
WORD_COMPAT_URI = "http://schemas.microsoft.com/office/word"
SETTINGS = (
    f'{XML_DECL}<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="708"/><w:characterSpacingControl w:val="doNotCompress"/>'
    f'<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="{WORD_COMPAT_URI}" '
    'w:val="15"/></w:compat><w:themeFontLang w:val="ru-RU"/></w:settings>'
)

FOOTER = (
    f'{XML_DECL}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>'
)


def font_table(font: str) -> str:
    return (f'{XML_DECL}<w:fonts xmlns:w="{W_NS}"><w:font w:name="{attr(font)}">'
            '<w:charset w:val="CC"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>')


CONTENT_TYPES = (
    f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    f'{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{R_NS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    f'{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rIdStyles" Type="{R_NS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{R_NS}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdFonts" Type="{R_NS}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rIdFooter1" Type="{R_NS}/footer" Target="footer1.xml"/>'
    "</Relationships>"
)


def content_types(overrides: Iterable[tuple[str, str]], defaults: dict[str, str]) -> str:
    """[Content_Types].xml: the parts by name ("word/document.xml") and further extensions by type."""
    items = ['<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
             '<Default Extension="xml" ContentType="application/xml"/>']
    items += [f'<Default Extension="{attr(ext)}" ContentType="{attr(ctype)}"/>' for ext, ctype in sorted(defaults.items())]
    items += [f'<Override PartName="/{attr(name)}" ContentType="{attr(ctype)}"/>' for name, ctype in overrides]
    return f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{"".join(items)}</Types>'


def _rel_attr(text: str) -> str:
    # Line breaks and tabs as references: a raw one in an attribute would be read back as a space.
    return escape(text, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def relationships(rels: Iterable[tuple]) -> str:
    """A relationships part: (Id, type, target relative to the source part's folder[, external])."""
    items = "".join(f'<Relationship Id="{_rel_attr(rid)}" Type="{_rel_attr(rel_type)}" Target="{_rel_attr(target)}"'
                    + (' TargetMode="External"' if external and external[0] else "") + "/>"
                    for rid, rel_type, target, *external in rels)
    return f'{XML_DECL}<Relationships xmlns="{NS["pr"]}">{items}</Relationships>'


MAIN_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
PROPERTY_PARTS = (("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                  ("docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"))
# The report's own styles, settings and font table, for a letterhead that has none of its own.
OWN_PARTS = {
    "styles": ("word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
    "settings": ("word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"),
    "fontTable": ("word/fontTable.xml",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"),
}


def core_properties(title: str) -> str:
    # No dates: the same inputs must give the same bytes.
    return (
        f'{XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>reportgen</dc:creator>"
        "<dc:language>ru-RU</dc:language></cp:coreProperties>"
    )


APP_PROPERTIES = (
    f'{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>reportgen</Application></Properties>"
)


def zip_entry(name: str, level: int = 5) -> zipfile.ZipInfo:
    """A deflated entry with the fixed time. Level 5: most of a large report's write time is
    compression; zlib's default 6 makes the report ~10% smaller at nearly twice the cost."""
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    # ZipFile.open() takes the level from the entry, not from the archive (3.13 renamed it).
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", level)
    info.external_attr = 0o644 << 16
    return info
