"""What a library's complaint about a damaged file means, said for the user in Russian.

zipfile, zlib, libxml2 and python-calamine report damage in English and in their own terms
(«Bad CRC-32», «Excessive depth in document: 256»). A message shown to a coordinator says what
is wrong with the file instead; the library's words stay out of it.
"""

from __future__ import annotations

import errno
import zipfile
import zlib

from reportgen.ooxml import PartTooLarge, UnsafeXML

RESEND = "Попросите прислать файл заново или сохраните его еще раз в Excel или Word."


def explain_os(exc: OSError, doing: str = "запись") -> str:
    """What an operating system's refusal means (its own words are English on most systems)."""
    reasons = {
        errno.EACCES: f"нет прав на {doing}", errno.EPERM: f"нет прав на {doing}",
        errno.ENOSPC: "на диске нет места", errno.EROFS: "диск или папка только для чтения",
        errno.ENOENT: "файл или папка не найдены", errno.EISDIR: "это папка, а не файл",
        errno.ENAMETOOLONG: "слишком длинное имя", errno.EBUSY: "файл занят другой программой",
    }
    if getattr(errno, "EDQUOT", None) is not None:
        reasons[errno.EDQUOT] = "исчерпана квота диска"
    if isinstance(exc, PermissionError) and exc.errno is None:
        return f"нет прав на {doing}"
    return reasons.get(exc.errno, f"ошибка ввода-вывода ({doing})")


def code_of(exc: BaseException) -> str:
    """The finding's code for a damaged file: a bomb, or a file that cannot be read."""
    if isinstance(exc, (PartTooLarge, MemoryError)):
        return "file-bomb" if isinstance(exc, PartTooLarge) else "file-memory"
    if isinstance(exc, NotImplementedError):
        return "file-bomb"  # a compression method no office program uses
    return "file-unreadable"


def explain(exc: BaseException) -> str:
    """The damage `exc` reports, as a Russian sentence (no trailing period)."""
    text = str(exc)
    lowered = text.lower()
    if isinstance(exc, PartTooLarge):
        return (f"часть файла «{exc.name}» распаковывается больше чем в {exc.limit // 2**20} МБ "
                "(похоже на «zip-бомбу»)")
    if isinstance(exc, UnsafeXML):
        return "в файле есть объявление DOCTYPE; офисные программы так не сохраняют, а им пользуются для атак"
    if isinstance(exc, MemoryError):
        return "файл требует слишком много памяти"
    if isinstance(exc, NotImplementedError) or "compression method" in lowered:
        return "часть файла сжата неизвестным способом; офисные программы так не сохраняют"
    if isinstance(exc, zlib.error):
        return "сжатые данные внутри файла повреждены"
    if isinstance(exc, zipfile.BadZipFile):
        if "crc" in lowered:
            return "контрольная сумма части файла не сходится: файл поврежден (например, при пересылке)"
        if "overlapped" in lowered or "header" in lowered or "magic" in lowered or "differ" in lowered:
            return "архив внутри файла поврежден: части сдвинуты или перекрываются"
        if "truncated" in lowered or "not a zip" in lowered or "end of central directory" in lowered:
            return "архив внутри файла оборван или поврежден"
        return "архив внутри файла поврежден"
    if isinstance(exc, EOFError):
        return "файл обрывается: вероятно, он не докачался или не сохранился до конца"
    if type(exc).__name__ == "XMLSyntaxError":
        if "excessive depth" in lowered:
            return "XML внутри файла вложен слишком глубоко; так офисные программы не сохраняют"
        if "huge" in lowered or "too long" in lowered or "too large" in lowered:
            return "XML внутри файла слишком велик"
        line = getattr(exc, "lineno", None)
        return "XML-разметка внутри файла повреждена" + (f" (строка {line})" if line else "")
    if isinstance(exc, OSError):
        return explain_os(exc, "чтение")
    if type(exc).__name__ == "CalaminePanic":
        return str(exc)
    if type(exc).__name__ == "CalamineError" or "calamine" in type(exc).__module__:
        if "password" in lowered or "encrypt" in lowered:
            return "книга защищена паролем"
        return "книга повреждена или сохранена в неизвестном варианте формата"
    if "row numbers must be between" in lowered or "column index" in lowered:
        return "в книге есть ячейка за последней строкой или столбцом листа (после строки 1 048 576 или столбца XFD)"
    if isinstance(exc, (ValueError, KeyError, IndexError, UnicodeError)):
        return "содержимое файла повреждено"
    return "файл поврежден"
