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

from reportgen.ooxml import Package
from reportgen.damage import code_of, explain, explain_os

MAX_FILE_BYTES = 64 * 1024 * 1024  # a form is kilobytes; a 64 MB "form" is not one
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # all members inflated
MAX_MEMBER_RATIO = 200  # inflated/packed, for members that inflate past RATIO_FLOOR
RATIO_FLOOR = 2 * 1024 * 1024
MAX_MEMBERS = 10_000

RESAVE = "Откройте файл в Excel или LibreOffice Calc и сохраните его как «Книга Excel (.xlsx)»."
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# The core property («Категория» in Excel's file properties) that marks a file reportgen wrote for
# people, not for reading back: the consolidated table. It is skipped, with a note, among inputs.
OWN_TABLE = "reportgen: сводная таблица"


class Refused(Exception):
    """A file that cannot be read as a form; `code` is the diagnostic code."""

    def __init__(self, code: str, message: str, hint: str = RESAVE) -> None:
        super().__init__(message)
        self.code = code
        self.hint = hint

    def __reduce__(self):  # sent back from a worker process whole, code and hint included
        return (Refused, (self.code, str(self), self.hint))


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
        what = "ссылка ведет на несуществующий файл" if os.path.islink(path) else "файл не найден"
        raise Refused("file-not-regular", f"Не удалось открыть: {what}", "Проверьте путь к файлу.") from exc
    except OSError as exc:
        raise Refused("file-unreadable", f"Не удалось открыть файл: {explain_os(exc, 'чтение')}",
                      "Проверьте права на файл.") from exc
    if not stat.S_ISREG(st.st_mode):
        what = "папка" if stat.S_ISDIR(st.st_mode) else "устройство, канал или сокет"
        wanted = "документ Word (.docx)" if "docx" in allowed else "файл формы"
        raise Refused("file-not-regular", f"Это {what}, а не {wanted}",
                      "Укажите файл .docx." if "docx" in allowed else "Укажите файл .xlsx.")
    if st.st_size == 0:
        raise Refused("file-empty", "Файл пустой (0 байт): вероятно, он не сохранился или не докачался из почты",
                      "Попросите прислать файл заново.")
    if st.st_size > MAX_FILE_BYTES:
        raise Refused("file-too-large", f"Файл слишком большой ({st.st_size // 2**20} МБ)",
                      "Удалите из файла лишние листы и картинки и сохраните заново.")
    try:
        with open(path, "rb") as f:
            head = f.read(8192)
    except OSError as exc:
        raise Refused("file-unreadable", f"Не удалось прочитать файл: {explain_os(exc, 'чтение')}",
                      "Проверьте права на файл.") from exc

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
        raise Refused(code_of(exc), f"Файл поврежден: {explain(exc)}", _resend(allowed)) from exc
    if "docx" in allowed and found == "xlsx" and unsure:
        raise _other_package(path, allowed)
    if found not in allowed:
        raise _wrong_kind(found, allowed)
    named = NAMED.get(path.suffix.lower(), "")
    return Identified(path, found, unsure, named if named and named != found and not unsure else "")


def _wrong_kind(found: str, allowed: tuple[str, ...]) -> Refused:
    if "docx" in allowed:  # a Word report was expected
        if found == "doc":
            return Refused("file-format", "Это документ Word старого формата (.doc)",
                           "Откройте его в Word и сохраните как «Документ Word (.docx)».")
        return Refused("file-format", "Это таблица, а не документ Word (.docx)", "Укажите файл отчета .docx.")
    what = "(.docx)" if found == "docx" else "(.doc)"
    return Refused("file-format", f"Это документ Word {what}, а не таблица Excel",
                   "Перенесите сведения в бланк формы Excel (reportgen template).")


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
                found = _encrypted(allowed)
                raise Refused(found.code, str(found), found.hint + " Если Excel открывает книгу без пароля, "
                              "снимите защиту книги («Рецензирование → Защитить книгу») и сохраните заново.")
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
    raise Refused("file-format", "Это файл Microsoft Office старого формата, но не книга Excel")


def _encrypted(allowed: tuple[str, ...]) -> Refused:
    if "docx" in allowed:
        return Refused("file-encrypted", "Документ защищен паролем (зашифрован)",
                       "Снимите пароль и сохраните заново: в Word «Файл → Сведения → Защита документа → "
                       "Зашифровать с использованием пароля», очистите поле пароля.")
    return Refused("file-encrypted", "Книга защищена паролем (зашифрована)",
                   "Снимите пароль и сохраните заново: в Excel «Файл → Сведения → Защита книги → "
                   "Зашифровать с использованием пароля», очистите поле пароля.")


def _inspect_zip(path: Path, allowed: tuple[str, ...]) -> tuple[str, bool]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Refused("file-unreadable", f"Файл поврежден: {explain(exc)}", _resend(allowed)) from exc
    whose = "документа" if "docx" in allowed else "книги"
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Refused("file-bomb", f"В архиве {whose} подозрительно много частей ({len(infos)})")
        total = 0
        for info in infos:
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Refused("file-bomb", f"Часть {whose} «{info.filename}» сжата нестандартным способом "
                                           f"(метод {info.compress_type}); офисные программы так не сохраняют",
                              _resend(allowed))
            if info.flag_bits & 0x1:
                raise Refused("file-encrypted", f"Части {whose} зашифрованы", "Снимите пароль и сохраните заново.")
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1):
                raise Refused("file-bomb", f"Часть {whose} «{info.filename}» распаковывается в "
                                           f"{info.file_size // 2**20} МБ из {info.compress_size // 1024} КБ "
                                           "(похоже на «zip-бомбу»)", _bomb_hint(allowed))
        if total > MAX_UNPACKED_BYTES:
            raise Refused("file-bomb", f"Архив {whose} распаковывается в {total // 2**20} МБ — слишком много",
                          _bomb_hint(allowed))
        package = Package.of(zf)
        twice = package.duplicates()
        if twice:
            raise Refused("file-unreadable", f"Файл поврежден: в архиве две части с именем «{twice[0]}»",
                          _resend(allowed))
        climbing = next((i.filename for i in infos if ".." in i.filename.replace("\\", "/").split("/")), None)
        if climbing is not None:
            raise Refused("file-unreadable", f"Файл поврежден: имя части «{climbing[:80]}» указывает за пределы архива",
                          _resend(allowed))
        if package.has("mimetype"):
            mimetype = package.read("mimetype", 100) or b""
            if b"opendocument.spreadsheet" in mimetype:
                return "ods", False
            if b"opendocument.text" in mimetype and "docx" in allowed:
                raise Refused("file-format", "Это текстовый документ OpenDocument (.odt), а не документ Word (.docx)",
                              "Откройте его в LibreOffice Writer или Word и сохраните как «Документ Word (.docx)».")
            if b"opendocument.text" in mimetype:
                raise Refused("file-format", "Это текстовый документ OpenDocument (.odt), а не таблица",
                              "Перенесите сведения в бланк формы Excel (reportgen template).")
            raise Refused("file-format", "Это документ OpenDocument, но не таблица")
        return _office_kind(package, "docx" in allowed)


def _bomb_hint(allowed: tuple[str, ...]) -> str:
    if "docx" in allowed:
        return "Не открывайте этот файл; возьмите документ из надежного источника или сохраните его заново в Word."
    return "Не открывайте этот файл; попросите прислать форму заново."


def _resend(allowed: tuple[str, ...]) -> str:
    if "docx" in allowed:
        return "Откройте документ в Word и сохраните его заново как «Документ Word (.docx)»."
    return "Попросите прислать форму заново или откройте ее в Excel и сохраните еще раз."


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
            raise Refused("file-format", "Это презентация PowerPoint, а не документ Word (.docx)", _resend(("docx",)))
        raise Refused("file-format", "Это презентация PowerPoint, а не таблица Excel",
                      "Перенесите сведения в бланк формы Excel (reportgen template).")
    if "sheet.binary" in ctype or lowered.endswith(".bin"):
        raise Refused("file-format", "Это двоичная книга Excel (.xlsb)")
    if "spreadsheetml" in ctype or "sheet.main" in ctype or "sheet.macroenabled" in ctype \
            or "sheet.template" in ctype or (not ctype and lowered.endswith("workbook.xml")):
        if _category(package) == OWN_TABLE:
            raise OwnOutput("сводная таблица, записанная reportgen build --xlsx")
        return "xlsx", False
    return "xlsx", True


# Office packages that are neither a document nor a workbook, by what their parts say (content type or
# relationship type, lower case): named for what they are when a Word document was wanted.
_OTHER_PACKAGES = (("thememanager", "тема оформления Office (.thmx)"), ("/theme", "тема оформления Office (.thmx)"),
                   ("presentationml", "презентация PowerPoint"), ("visio", "схема Visio"),
                   ("xpsdocument", "документ XPS"), ("fixedrepresentation", "документ XPS"))


def _other_package(path: Path, allowed: tuple[str, ...]) -> Refused:
    """A zip with no document or workbook in it, named by what its parts say (a theme, a Visio drawing…)."""
    what = "архив ZIP, в котором нет документа Word"
    try:
        with zipfile.ZipFile(path) as zf:
            package = Package.of(zf)
            said = [t.lower() for _, t, _ in package.relationships("")]
            said.append((package.read("[Content_Types].xml", 1 << 20) or b"").decode("utf-8", "replace").lower())
    except Exception:  # noqa: BLE001 - it was read once already; a second look that fails says nothing more
        said = []
    found = next((name for needle, name in _OTHER_PACKAGES if any(needle in s for s in said)), None)
    if found is not None:
        what = found
    return Refused("file-format", f"Это {what}, а не документ Word (.docx)",
                   "Укажите документ Word (.docx): откройте файл в Word и сохраните как «Документ Word (.docx)».")


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
        what, hint = "веб-страница (HTML)", "Откройте ее в Excel и сохраните как «Книга Excel (.xlsx)»."
    elif text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        what, hint = "«Таблица XML 2003»", RESAVE
    elif _old_biff(head):
        what = f"книга {_old_biff(head)} (старый формат, который reportgen не читает)"
        hint = ("Откройте ее в Excel или LibreOffice Calc и сохраните как «Книга Excel (.xlsx)» "
                "(«Файл → Сохранить как», тип файла «Книга Excel»).")
        if word:
            return Refused("file-format", f"Это {what}, а не документ Word (.docx)", "Укажите файл отчета .docx.")
        return Refused("file-format", f"Это {what}", hint)
    elif head.startswith(b"%PDF"):
        what, hint = "PDF-документ", "Попросите прислать форму в Excel (бланк: reportgen template)."
    elif head.startswith(b"{\\rtf"):
        what, hint = "документ RTF (Word)", "Перенесите сведения в бланк формы Excel (reportgen template)."
    elif _looks_like_text(head):
        what, hint = "текстовый файл (CSV или TXT)", \
            "Откройте его в Excel или LibreOffice Calc и сохраните как «Книга Excel (.xlsx)»."
    else:
        what, hint = "файл неизвестного формата", "Попросите прислать форму заново."
    if word:
        return Refused("file-format", f"Это {what}, а не документ Word (.docx)",
                       "Откройте отчет в Word или LibreOffice Writer и сохраните как «Документ Word (.docx)».")
    if what.startswith("веб"):
        return Refused("file-format", "Это веб-страница (HTML), сохраненная с расширением Excel", hint)
    return Refused("file-format", f"Это {what}, а не книга Excel", hint)


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
