"""Pre-flight: what a file really is, decided from its bytes before any parser sees it.

Forms arrive by e-mail: some are not spreadsheets at all, some are encrypted, broken or crafted.
Every refusal names what the file is and what to do. Zip containers are checked for what no
library stops: members packed with other methods than stored/deflate, total and per-member
inflated sizes (zip bombs). What a package holds is read from its relationships and content
types, not from fixed part names, and a package that says nothing known is left to the reader:
the pre-flight is never stricter than what the reader can open.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reportgen.catalogue import say
from reportgen.ooxml import Package
from reportgen.damage import code_of, explain, explain_os

MAX_FILE_BYTES = 64 * 1024 * 1024  # a form is kilobytes; a 64 MB "form" is not one
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # all members inflated
MAX_MEMBER_RATIO = 200  # inflated/packed, for members that inflate past RATIO_FLOOR
RATIO_FLOOR = 2 * 1024 * 1024
MAX_MEMBERS = 10_000

RESAVE = say("advice.resave")  # the advice with a form that cannot be read, for the readers that refuse one
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# The core property («Категория» in Excel's file properties) that marks a file reportgen wrote for
# people, not for reading back: the consolidated table. It is skipped, with a note, among inputs.
OWN_TABLE = say("table.category")


class Refused(Exception):
    """A file that cannot be read as a form; `code` is the diagnostic code, `facts` what was found.

    Built by `Refused.said(code, key, **facts)`: the message is the catalogue's «refused.KEY», the
    hint an «advice.…» text, both filled with the facts (the key is kept among them as «refusal»).
    """

    def __init__(self, code: str, message: str, hint: str = RESAVE,
                 facts: tuple[tuple[str, object], ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.hint = hint
        self.facts = facts

    @classmethod
    def said(cls, code: str, key: str, hint: str = "advice.resave", **facts: object) -> Refused:
        """The refusal `refused.KEY` of the catalogue, with the advice `hint` (a key too)."""
        return cls(code, say(f"refused.{key}", **facts), say(hint, **facts), (("refusal", key), *facts.items()))

    def __reduce__(self):  # sent back from a worker process whole, code, hint and facts included
        return (Refused, (self.code, str(self), self.hint, self.facts))


class OwnOutput(Exception):
    """A file reportgen itself wrote as an output (the consolidated table): not a form."""


@dataclass(frozen=True)
class Identified:
    path: Path
    format: str  # "xlsx", "xls" or "ods"
    # A package whose parts say nothing we know: the reader decides, and refuses it if it cannot open it.
    unsure: bool = False
    named: str = ""  # the format the file's extension claims when the bytes say another ("xls" for an .xlsx inside)


# What each extension claims; the reader follows the bytes, and a note names a lying name.
NAMED = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xltx": "xlsx", ".xltm": "xlsx", ".xls": "xls", ".xlt": "xls",
         ".ods": "ods", ".ots": "ods"}
def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def identify(path: Path, allowed: tuple[str, ...] = ("xlsx", "xls", "ods")) -> Identified:
    """Decide what `path` is; raise Refused for anything that is not of an `allowed` format.

    Formats: "xlsx", "xls", "ods" (forms) and "docx" (a Word report, for `split`).
    """
    try:
        st = os.stat(path)  # follows links: a link to a form is fine
    except FileNotFoundError as exc:
        raise Refused.said("file-not-regular", "not-found", "advice.check-path", link=os.path.islink(path)) from exc
    except OSError as exc:
        raise Refused.said("file-unreadable", "cannot-open", "advice.check-rights",
                           why=explain_os(exc, say("os.doing.read"))) from exc
    if not stat.S_ISREG(st.st_mode):
        raise Refused.said("file-not-regular", "not-regular", "advice.name-file",
                           folder=stat.S_ISDIR(st.st_mode), word="docx" in allowed)
    if st.st_size == 0:
        raise Refused.said("file-empty", "empty", "advice.resend-file")
    if st.st_size > MAX_FILE_BYTES:
        raise Refused.said("file-too-large", "too-large", "advice.slim", mb=st.st_size // 2**20)
    try:
        with open(path, "rb") as f:
            head = f.read(8192)
    except OSError as exc:
        raise Refused.said("file-unreadable", "cannot-read", "advice.check-rights",
                           why=explain_os(exc, say("os.doing.read"))) from exc

    unsure = False
    try:
        if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
            found, unsure = _inspect_zip(path, allowed)
        elif head.startswith(_OLE_MAGIC):
            found = _inspect_ole(path, allowed)
        else:
            raise _what_else(head, word="docx" in allowed)
    except OwnOutput:
        if "docx" in allowed:  # our own consolidated table, given where a Word file was wanted
            raise _wrong_kind("xlsx", allowed) from None
        raise
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - a member's local header, its deflate stream: damage of many kinds
        raise Refused.said(code_of(exc), "damaged", "advice.resend", why=explain(exc), word="docx" in allowed) from exc
    if "docx" in allowed and found == "xlsx" and unsure:
        raise _other_package(path, allowed)
    if found not in allowed:
        raise _wrong_kind(found, allowed)
    named = NAMED.get(path.suffix.lower(), "")
    return Identified(path, found, unsure, named if named and named != found and not unsure else "")


def _wrong_kind(found: str, allowed: tuple[str, ...]) -> Refused:
    if "docx" in allowed:  # a Word report was expected
        if found == "doc":
            return Refused.said("file-format", "old-doc", "advice.resave-doc")
        return Refused.said("file-format", "table-not-word", "advice.name-report")
    return Refused.said("file-format", "word-not-table", "advice.use-template",
                        suffix=".docx" if found == "docx" else ".doc")


def _inspect_ole(path: Path, allowed: tuple[str, ...] = ()) -> str:
    from reportgen.read.cfb import biff_encrypted, open_compound

    raw = path.read_bytes()  # size is capped above
    compound = open_compound(raw)
    if compound is not None:
        # The root storage says what the file is: an embedded Word object sits a storage down.
        names = compound.root_names()
        if "encryptedpackage" in names or "encryptioninfo" in names:
            raise _encrypted(allowed)
        book = names.get("workbook", names.get("book"))
        if book is not None:
            if biff_encrypted(compound.stream(book, 1 << 20)):
                # Excel also encrypts, with its built-in password, a book protected against changes:
                # it then opens without asking, and the clerk has no password to remove.
                raise Refused.said("file-encrypted", "encrypted", "advice.unlock-protected", word="docx" in allowed)
            return "xls"
        if "worddocument" in names:
            return "doc"
    # A directory we cannot walk: what the bytes hold anywhere. Stream names are matched in any
    # case: some writers name the stream «WORKBOOK».
    data = raw.lower()  # lower() folds UTF-16 ASCII too
    if _utf16("encryptedpackage") in data or _utf16("encryptioninfo") in data:
        raise _encrypted(allowed)
    if _utf16("worddocument") in data:
        return "doc"
    if _utf16("workbook") in data or _utf16("book") in data:
        return "xls"
    raise Refused.said("file-format", "ole-not-book")


def _encrypted(allowed: tuple[str, ...]) -> Refused:
    return Refused.said("file-encrypted", "encrypted", "advice.unlock", word="docx" in allowed)


def _inspect_zip(path: Path, allowed: tuple[str, ...]) -> tuple[str, bool]:
    word = "docx" in allowed
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Refused.said("file-unreadable", "damaged", "advice.resend", why=explain(exc), word=word) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Refused.said("file-bomb", "zip-too-many", n=len(infos), word=word)
        total = 0
        for info in infos:
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Refused.said("file-bomb", "zip-method", "advice.resend", part=info.filename,
                                   method=info.compress_type, word=word)
            if info.flag_bits & 0x1:
                raise Refused.said("file-encrypted", "zip-encrypted", "advice.unlock-parts", word=word)
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1):
                raise Refused.said("file-bomb", "zip-ratio", "advice.bomb", part=info.filename,
                                   mb=info.file_size // 2**20, kb=info.compress_size // 1024, word=word)
        if total > MAX_UNPACKED_BYTES:
            raise Refused.said("file-bomb", "zip-total", "advice.bomb", mb=total // 2**20, word=word)
        package = Package.of(zf)
        twice = package.duplicates()
        if twice:
            raise Refused.said("file-unreadable", "zip-twice", "advice.resend", part=twice[0], word=word)
        climbing = next((i.filename for i in infos if ".." in i.filename.replace("\\", "/").split("/")), None)
        if climbing is not None:
            raise Refused.said("file-unreadable", "zip-climbing", "advice.resend", part=climbing[:80], word=word)
        if package.has("mimetype"):
            mimetype = package.read("mimetype", 100) or b""
            if b"opendocument.spreadsheet" in mimetype:
                return "ods", False
            if b"opendocument.text" in mimetype and word:
                raise Refused.said("file-format", "not-word", "advice.resave-odt", kind="odt")
            if b"opendocument.text" in mimetype:
                raise Refused.said("file-format", "odt-not-table", "advice.use-template")
            raise Refused.said("file-format", "od-not-table")
        return _office_kind(package, word)


def _office_kind(package: Package, word: bool = False) -> tuple[str, bool]:
    """What an Office Open XML package holds, by its relationships and content types."""
    main = package.main_part()
    if main is None:  # no package relationships: the usual part names
        main = next((n for n in ("xl/workbook.xml", "workbook.xml", "xl/workbook.bin", "word/document.xml")
                     if package.has(n)), None)
    if main is None:
        return "xlsx", True  # nothing we know: if the reader cannot open it, it is refused then
    ctype = package.content_type(main).lower()
    lowered = main.lower()
    if "wordprocessingml" in ctype or (not ctype and lowered.endswith("document.xml")):
        return "docx", False
    if "presentationml" in ctype:
        if word:
            raise Refused.said("file-format", "not-word", "advice.resend", kind="pptx", word=True)
        raise Refused.said("file-format", "pptx-not-table", "advice.use-template")
    if "sheet.binary" in ctype or lowered.endswith(".bin"):
        raise Refused.said("file-format", "xlsb")
    if "spreadsheetml" in ctype or "sheet.main" in ctype or "sheet.macroenabled" in ctype \
            or "sheet.template" in ctype or (not ctype and lowered.endswith("workbook.xml")):
        if _category(package) == OWN_TABLE:
            raise OwnOutput(say("own.consolidated-table"))
        return "xlsx", False
    return "xlsx", True


# Office packages that are neither a document nor a workbook, by what their parts say (content type or
# relationship type, lower case): named for what they are when a Word document was wanted.
_OTHER_PACKAGES = (("thememanager", "theme"), ("/theme", "theme"), ("presentationml", "pptx"), ("visio", "visio"),
                   ("xpsdocument", "xps"), ("fixedrepresentation", "xps"))


def _other_package(path: Path, allowed: tuple[str, ...]) -> Refused:
    """A zip with no document or workbook in it, named by what its parts say (a theme, a Visio drawing…)."""
    try:
        with zipfile.ZipFile(path) as zf:
            package = Package.of(zf)
            said = [t.lower() for _, t, _ in package.relationships("")]
            said.append((package.read("[Content_Types].xml", 1 << 20) or b"").decode("utf-8", "replace").lower())
    except Exception:  # noqa: BLE001 - it was read once already; a second look that fails says nothing more
        said = []
    found = next((kind for needle, kind in _OTHER_PACKAGES if any(needle in s for s in said)), "zip")
    return Refused.said("file-format", "not-word", "advice.name-word", kind=found)


def _category(package: Package) -> str:
    """The package's «category» core property, if it says one."""
    from reportgen.ooxml import core, parse

    target = next((t for _, rel_type, t in package.relationships("") if rel_type.endswith("/core-properties")),
                  "docProps/core.xml")
    data = package.read(target, 1 << 20)
    if not data or b"category" not in data:
        return ""
    try:
        found = parse(data).find(core("category"))
    except Exception:  # noqa: BLE001 - broken properties say nothing
        return ""
    return (found.text or "").strip() if found is not None else ""


def _what_else(head: bytes, word: bool = False) -> Refused:
    """What a file that is no zip and no OLE container is; `word`: a Word report was wanted, not a form."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in text[:1024]:
        kind, hint = "html", "advice.resave-html"
    elif text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        kind, hint = "xml2003", "advice.resave"
    elif _old_biff(head):
        if word:
            return Refused.said("file-format", "not-word", "advice.name-report", kind="biff", version=_old_biff(head))
        return Refused.said("file-format", "old-book", "advice.resave-old-book", version=_old_biff(head))
    elif head.startswith(b"%PDF"):
        kind, hint = "pdf", "advice.ask-excel"
    elif head.startswith(b"{\\rtf"):
        kind, hint = "rtf", "advice.use-template"
    elif _looks_like_text(head):
        kind, hint = "text", "advice.resave-text"
    else:
        kind, hint = "unknown", "advice.resend-form"
    if word:
        return Refused.said("file-format", "not-word", "advice.resave-report", kind=kind)
    if kind == "html":
        return Refused.said("file-format", "html", hint)
    return Refused.said("file-format", "not-book", hint, kind=kind)


# The first record of a BIFF2-4 file (Excel 2.x-4.0 saved it alone, without an OLE container): BOF.
_OLD_BOF = {0x0009: "Excel 2.x", 0x0209: "Excel 3.0", 0x0409: "Excel 4.0"}


def _old_biff(head: bytes) -> str:
    """"Excel 3.0" and the like for a workbook of Excel 2.x-4.0, else ""."""
    if len(head) < 8:
        return ""
    kind, length = int.from_bytes(head[0:2], "little"), int.from_bytes(head[2:4], "little")
    return _OLD_BOF.get(kind, "") if 4 <= length <= 16 else ""


def _looks_like_text(head: bytes) -> bool:
    for encoding in ("utf-8", "cp1251"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        return printable >= 0.95 * len(text)
    return False
