"""Reader for letterheads (`build --reference-doc`): a Word document → the parts a report takes from it.

A report on the office's бланк keeps the letterhead's page, margins, styles, theme, fonts,
numbering and its headers and footers with their pictures; nothing else is taken. Every part
is inflated under a real size limit and parsed by the safe parser, then written anew: a part
that is broken or that points at something missing is left out (and named in `notes`), so
the report never inherits the letterhead's damage. A letterhead without a usable main
document is refused, naming the file.

Runs in a worker under the time and memory budgets (budget.run): it is given a path, and
returns plain data.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from reportgen.ooxml import (A4_LONG, A4_SHORT, NS, REL_NAMESPACES, REL_TYPE, Package, PartTooLarge, UnsafeXML,
                             WORD_COMPAT_URI, clark, is_w, parse, r, relationships, serialize, transitional, w)
from reportgen.catalogue import say
from reportgen.damage import code_of, explain
from reportgen.diagnostics import Diagnostic
from reportgen.model import Letterhead, Part
from reportgen.read.sniff import Refused, identify

MAX_PART = 16 * 2**20  # a letterhead's part: styles, a header, a logo
MAX_DOCUMENT = 64 * 2**20
MAX_PICTURES = 64
RESAVE = say("letterhead.resave")

# Relationship types (their last path segment) of the parts a report takes from its letterhead.
_TAKEN = {"styles": "styles.xml", "settings": "settings.xml", "fontTable": "fontTable.xml",
          "numbering": "numbering.xml", "theme": "theme/theme1.xml"}
_CONTENT_TYPES = {
    "styles": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "settings": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
    "fontTable": "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
    "numbering": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
    "theme": "application/vnd.openxmlformats-officedocument.theme+xml",
    "header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
}
PICTURE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif",
                 "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff", "emf": "image/x-emf",
                 "wmf": "image/x-wmf", "svg": "image/svg+xml"}
R_ID = r("id")


def read_letterhead(path: Path, display: str, landscape: bool = True) -> Letterhead:
    """The parts of the letterhead at `path`; Refused (naming `display`) when it cannot serve as one."""
    try:
        identify(path, ("docx",))
    except Refused as exc:
        raise Refused(exc.code, f"{exc}", exc.hint or RESAVE) from None
    try:
        with zipfile.ZipFile(path) as zf:
            return _read(Package.of(zf), display, landscape)
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile, zlib and libxml2 say damage in many ways
        raise Refused(code_of(exc), say("letterhead.damaged", why=explain(exc)), RESAVE) from exc


def _read(package: Package, display: str, landscape: bool) -> Letterhead:
    main = package.main_part() or "word/document.xml"
    data = package.part(main, MAX_DOCUMENT)
    if data is None:
        raise Refused("file-format", say("letterhead.no-main-part"), RESAVE)
    # The document itself must be sound: its page is what the report takes. Strict parts read as Transitional
    # ones, and are written so: the report is Transitional.
    root = parse(transitional(data))
    body = root.find(w("body"))
    if body is None:
        raise Refused("file-format", say("letterhead.no-body"), RESAVE)
    notes: list[str] = []
    dropped: list[tuple[str, str]] = []  # (what, the target outside the package): named as letterhead-link
    rels = _relationships(package, main, notes)
    parts: list[Part] = []
    for kind, name in _TAKEN.items():
        target = next((t for _, rel_type, t, external in rels.values()
                       if rel_type == REL_TYPE + kind and not external), None)
        if target is None:
            continue
        xml = _xml_part(package, target, notes, _WHAT.get(kind, kind))
        if xml is None:
            continue
        # e.g. a font table's embedded fonts, a settings' attached template (a link out is named)
        _unlink(xml, _relationships(package, target, []), dropped, _WHAT[kind])
        _drop_fields(xml, dropped, _WHAT[kind])
        if kind == "settings":
            _mend_settings(xml, dropped)
        parts.append(Part(f"word/{name}", serialize(xml), _CONTENT_TYPES[kind], kind, f"rIdL{kind}"))

    section = _last_section(body)
    pictures = 0
    for ref in list(section.iter(w("headerReference"), w("footerReference"))):
        kind = "header" if ref.tag == w("headerReference") else "footer"
        found = rels.get(ref.get(R_ID) or "")
        part = None
        if found is not None and found[1] == REL_TYPE + kind and not found[3]:
            part = _header(package, found[2], kind, len([p for p in parts if p.rel_type == kind]) + 1, pictures, notes,
                           dropped)
        if part is None:
            if found is None:
                notes.append(say("letterhead.part-missing", what=_WHAT[kind]))
            section.remove(ref)
            continue
        header, media = part
        pictures += len(media)
        parts.extend(media)
        parts.append(header)
        ref.set(R_ID, header.rel_id)
    _page_numbers(section, parts, notes)
    _clean_section(section)
    _report_layout(section)
    width = _turn(section, landscape)
    return Letterhead(display, tuple(parts), serialize(section, declaration=False).decode("utf-8"), width,
                      tuple(dict.fromkeys(notes)), _link_findings(display, dropped))


def _link_findings(display: str, dropped: list[tuple[str, str]]) -> tuple[Diagnostic, ...]:
    """One letterhead-link finding per target dropped (a report that reached out could leak the reader's login)."""
    return tuple(Diagnostic(
        "letterhead-link", say("letterhead.link", what=what, target=target[:300]), file=display,
        hint=say("letterhead.link.hint")) for what, target in dict.fromkeys(dropped))


def _page_numbers(section, parts: list[Part], notes: list[str]) -> None:
    """Page numbers as the plain report has them, when the letterhead has no footer; a note when its footer has none."""
    from lxml import etree

    from reportgen.ooxml import FOOTER

    footers = [p for p in parts if p.rel_type == "footer"]
    headers = [p for p in parts if p.rel_type == "header"]
    if not footers:
        part = Part(f"word/footer{len(footers) + 1}.xml", FOOTER.encode("utf-8"), _CONTENT_TYPES["footer"], "footer",
                    "rIdLpages")
        parts.append(part)
        ref = etree.Element(w("footerReference"))
        ref.set(w("type"), "default")
        ref.set(R_ID, part.rel_id)
        section.insert(0, ref)
        if not headers:
            notes.append(say("letterhead.no-headers"))
    elif not any(b"PAGE" in p.data for p in footers):
        notes.append(say("letterhead.no-page-numbers"))


_WHAT = {kind: say(f"letterhead.part.{kind.lower()}")
         for kind in ("styles", "settings", "fontTable", "numbering", "theme", "header", "footer")}


def _relationships(package: Package, part: str, notes: list[str]) -> dict[str, tuple[str, str, str, bool]]:
    """Id → (id, type, target part, external) of a part's relationships; {} (with a note) when unreadable."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    try:
        data = package.part(rels_name, MAX_PART)
        if data is None:
            return {}
        root = parse(transitional(data))
    except Exception as exc:  # noqa: BLE001
        notes.append(say("letterhead.rels-unread", why=explain(exc)))
        return {}
    out = {}
    for rel in root.iter(clark("pr", "Relationship")):
        rid, target = rel.get("Id") or "", rel.get("Target") or ""
        external = rel.get("TargetMode") == "External"
        if rid and target:
            resolved = target if external else posixpath.normpath(posixpath.join(folder, target.replace("\\", "/"))
                                                                   if not target.startswith("/") else target.lstrip("/"))
            out[rid] = (rid, (rel.get("Type") or "").replace(NS["r-strict"] + "/", REL_TYPE), resolved, external)
    return out


def _xml_part(package: Package, name: str, notes: list[str], what: str):
    """A part parsed by the safe parser, or None with a note when it is missing, too large or broken."""
    try:
        data = package.part(name, MAX_PART)
        if data is None:
            notes.append(say("letterhead.xml-missing", what=what, name=name))
            return None
        return parse(transitional(data))
    except (PartTooLarge, UnsafeXML) as exc:
        notes.append(say("letterhead.xml-unread", what=what, why=explain(exc)))
    except Exception as exc:  # noqa: BLE001
        notes.append(say("letterhead.xml-unread", what=what, why=explain(exc)))
    return None


_R_ATTRS = tuple(f"{{{ns}}}" for ns in REL_NAMESPACES)


def _unlink(root, rels: dict, dropped: list[tuple[str, str]], what: str) -> None:
    """Drop elements that point at relationships of their own: the report carries none for this part.

    The ones that pointed out of the package (an attached template on a share, a linked font) are named.
    """
    linked = [el for el in root.iter() if isinstance(el.tag, str) and any(a.startswith(_R_ATTRS) for a in el.attrib)]
    for el in linked:
        for attr, value in el.attrib.items():
            found = rels.get(value) if attr.startswith(_R_ATTRS) else None
            if found is not None and found[3]:
                dropped.append((what, found[2]))
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)


# Field instructions that fetch, run or link to something outside the document when Word updates them.
_OUTWARD_FIELDS = {"INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT", "HYPERLINK"}


def _outward(instruction: str) -> bool:
    words = instruction.split()
    return bool(words) and words[0].upper().lstrip("\\") in _OUTWARD_FIELDS


def _drop_fields(root, dropped: list[tuple[str, str]], what: str) -> None:
    """Fields that reach outside (INCLUDEPICTURE "\\\\host\\…", DDEAUTO, …): their instruction goes, their last
    shown result stays as plain text."""
    for field in list(root.iter(w("fldSimple"))):
        instruction = field.get(w("instr")) or ""
        if _outward(instruction):
            dropped.append((what, " ".join(instruction.split())))
            _unwrap(field)
    runs = list(root.iter(w("r")))
    open_: list[dict] = []  # complex fields being read: begin/separate run indices and the instruction's text
    remove: list = []
    for i, run in enumerate(runs):
        char = run.find(w("fldChar"))
        kind = char.get(w("fldCharType")) if char is not None else None
        if kind == "begin":
            open_.append({"begin": i, "separate": None, "text": ""})
        elif kind == "separate" and open_:
            open_[-1]["separate"] = i
        elif kind == "end" and open_:
            field = open_.pop()
            if _outward(field["text"]):
                dropped.append((what, " ".join(field["text"].split())))
                last = field["separate"] if field["separate"] is not None else i
                remove += runs[field["begin"]:last + 1] + [run]
        elif open_ and open_[-1]["separate"] is None:
            open_[-1]["text"] += "".join(t.text or "" for t in run.iter(w("instrText")))
    for run in dict.fromkeys(remove):
        if run.getparent() is not None:
            run.getparent().remove(run)


def _unwrap(el) -> None:
    """Put an element's children in its place (a hyperlink's or a simple field's runs stay as text)."""
    parent = el.getparent()
    if parent is None:
        return
    at = parent.index(el)
    for child in reversed(list(el)):
        parent.insert(at, child)
    parent.remove(el)


_GRAPHICS = (clark("mc", "AlternateContent"), w("drawing"),
             w("pict"), w("object"))


def _drop_links(root, outside: set[str]) -> None:
    """Elements that refer to relationships being dropped: a hyperlink keeps its text, a linked picture goes."""
    for el in [el for el in root.iter() if isinstance(el.tag, str)
               and any(a.startswith(_R_ATTRS) and v in outside for a, v in el.attrib.items())]:
        if not any(a is root for a in el.iterancestors()):
            continue  # already gone with a picture removed before it
        mine = [a for a, v in el.attrib.items() if a.startswith(_R_ATTRS) and v in outside]
        others = [a for a in el.attrib if a.startswith(_R_ATTRS) and a not in mine]
        local = el.tag.rsplit("}", 1)[-1]
        if el.tag == w("hyperlink"):
            _unwrap(el)
        elif local.startswith("hlink"):  # a picture's click or hover link: the picture stays
            el.getparent().remove(el)
        elif others:  # a picture both embedded and linked ("insert and link"): the embedded copy stays
            for attr in mine:
                del el.attrib[attr]
        else:
            graphic = None
            for ancestor in el.iterancestors():
                if ancestor.tag in _GRAPHICS:
                    graphic = ancestor  # the outermost: an AlternateContent holds a drawing and its VML fallback
            target = graphic if graphic is not None else el
            if target.getparent() is not None:
                target.getparent().remove(target)


def _mend_settings(root, dropped: list[tuple[str, str]]) -> None:
    """Settings made to fit the report's package: no foot/endnote separators it does not carry; a zoom Word accepts;
    no mail merge (its data source is a file or a database outside); the report's own layout compatibility."""
    from lxml import etree

    for tag in ("footnotePr", "endnotePr"):
        for el in root.findall(w(tag)):
            root.remove(el)
    for merge in root.findall(w("mailMerge")):
        source = merge.find(w("connectString"))
        dropped.append((_WHAT["settings"], (source.get(w("val")) if source is not None else None)
                        or say("letterhead.mail-merge")))
        root.remove(merge)
    for zoom in root.findall(w("zoom")):
        if zoom.get(w("percent")) is None:
            zoom.set(w("percent"), "100")
    # Layout compatibility is the report's own (Word 2013+), as on every other report: an old letterhead's options
    # (Word 97 table rules…) would lay the table out differently, and some writers list them out of schema order.
    for compat in root.findall(w("compat")):
        for child in list(compat):
            compat.remove(child)
        setting = etree.SubElement(compat, w("compatSetting"))
        for name, value in (("name", "compatibilityMode"), ("uri", WORD_COMPAT_URI),
                            ("val", "15")):
            setting.set(w(name), value)


def _header(package: Package, name: str, kind: str, n: int, pictures: int, notes: list[str],
            dropped: list[tuple[str, str]]):
    """A header or footer with its pictures, renamed for the report's package; None when it cannot be carried.

    Links out of the package (a picture on a share or a site, a hyperlink) are dropped, with what
    refers to them, and named in `dropped`: opening the report must reach nothing outside it.
    """
    what = _WHAT[kind]
    xml = _xml_part(package, name, notes, what)
    if xml is None:
        return None
    rels = _relationships(package, name, notes)
    outside = {rid for rid, _, _, external in rels.values() if external}
    _drop_links(xml, outside)
    _drop_fields(xml, dropped, what)
    dropped.extend((what, target) for _, _, target, external in rels.values() if external)
    media: list[Part] = []
    out_rels = []
    for rid, rel_type, target, external in rels.values():
        if external:
            continue
        extension = target.rsplit(".", 1)[-1].lower()
        if not rel_type.endswith("/image") or extension not in PICTURE_TYPES or pictures + len(media) >= MAX_PICTURES:
            notes.append(say("letterhead.part-not-carried", what=what, target=target))
            return None
        try:
            data = package.part(target, MAX_PART)
        except Exception as exc:  # noqa: BLE001
            notes.append(say("letterhead.picture-unread", what=what, target=target, why=explain(exc)))
            return None
        if data is None:
            notes.append(say("letterhead.picture-missing", what=what, target=target))
            return None
        picture = f"word/media/letterhead{pictures + len(media) + 1}.{extension}"
        media.append(Part(picture, data, PICTURE_TYPES[extension]))
        out_rels.append((rid, rel_type, picture.removeprefix("word/"), False))
    part_name = f"word/{kind}{n}.xml"
    rels_xml = relationships(out_rels).encode() if out_rels else b""
    return Part(part_name, serialize(xml), _CONTENT_TYPES[kind], kind, f"rIdL{kind}{n}", rels_xml), media


def _last_section(body):
    """The body's final section properties (a copy), or an A4 page when the letterhead states none."""
    from copy import deepcopy

    from lxml import etree

    found = body.find(w("sectPr"))
    if found is not None:
        return deepcopy(found)
    section = etree.Element(w("sectPr"), nsmap={"w": NS["w"]})
    etree.SubElement(section, w("pgSz"), {w("w"): str(A4_SHORT), w("h"): str(A4_LONG)})
    etree.SubElement(section, w("pgMar"), {w(side): "1134" for side in ("top", "right", "bottom", "left")})
    return section


def _clean_section(section) -> None:
    """Only WordprocessingML in the section: other vocabularies need declarations the report does not make."""
    for el in list(section.iter()):
        if not isinstance(el.tag, str) or not is_w(el.tag):
            if el is not section and el.getparent() is not None:
                el.getparent().remove(el)
            continue
        for attr in list(el.attrib):
            if not is_w(attr) and attr != R_ID:
                del el.attrib[attr]


# What a letterhead's section may say that lays the report out unlike every other: newspaper columns, right to
# left, a vertical text flow, line numbers, a section that starts on the next column or an even page.
_NOT_FOR_THE_REPORT = ("bidi", "rtlGutter", "textDirection", "lnNumType", "type")


def _report_layout(section) -> None:
    """The report's section is one column, left to right, whatever the letterhead's says (its page, margins,
    headers and footers stay)."""
    for tag in _NOT_FOR_THE_REPORT:
        for el in section.findall(w(tag)):
            section.remove(el)
    for cols in section.findall(w("cols")):
        space = cols.get(w("space"))
        cols.attrib.clear()
        for child in list(cols):
            cols.remove(child)
        cols.set(w("space"), space if space is not None and space.isdigit() and len(space) < 6 else "708")


def _int(el, attribute: str, default: int) -> int:
    value = el.get(w(attribute)) if el is not None else None
    try:
        number = int(float(value)) if value is not None else default
    except ValueError:
        return default
    return number if 0 < number < 200_000 else default


def _turn(section, landscape: bool) -> int:
    """Turn the page as the kind wants it (the longer side across for landscape); the usable width in twips."""
    from lxml import etree

    size = section.find(w("pgSz"))
    if size is None:
        size = etree.Element(w("pgSz"))
        # The schema's order: header/footer references, then footnotePr/endnotePr/type, then pgSz.
        refs = [i for i, el in enumerate(section) if el.tag in (w("headerReference"), w("footerReference"),
                                                              w("footnotePr"), w("endnotePr"), w("type"))]
        section.insert(refs[-1] + 1 if refs else 0, size)
    width, height = _int(size, "w", A4_SHORT), _int(size, "h", A4_LONG)
    long, short = max(width, height), min(width, height)
    size.attrib.clear()
    size.set(w("w"), str(long if landscape else short))
    size.set(w("h"), str(short if landscape else long))
    if landscape:
        size.set(w("orient"), "landscape")
    margins = section.find(w("pgMar"))
    left, right = _int(margins, "left", 1134), _int(margins, "right", 1134)
    return max((long if landscape else short) - left - right, 2000)
