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

def explain_os(exc: OSError, doing: str | None = None) -> str:
    """What an operating system's refusal means (its own words are English on most systems).

    `doing` is what was refused («чтение»), writing (os.doing.write) unless said.
    """
    from reportgen.catalogue import say

    return say(os_reason(exc), doing=say("os.doing.write") if doing is None else doing)


_OS = {
    errno.EACCES: "os.no-access", errno.EPERM: "os.no-access", errno.ENOSPC: "os.no-space",
    errno.EROFS: "os.read-only", errno.ENOENT: "os.not-found", errno.EISDIR: "os.is-folder",
    errno.ENAMETOOLONG: "os.name-too-long", errno.EBUSY: "os.busy",
}
if getattr(errno, "EDQUOT", None) is not None:
    _OS[errno.EDQUOT] = "os.quota"


def os_reason(exc: OSError) -> str:
    """The catalogue's key for an operating system's refusal (its texts take the fact `doing`)."""
    if isinstance(exc, PermissionError) and exc.errno is None:
        return "os.no-access"
    return _OS.get(exc.errno, "os.other")


def code_of(exc: BaseException) -> str:
    """The finding's code for a damaged file: a bomb, or a file that cannot be read."""
    if isinstance(exc, (PartTooLarge, MemoryError)):
        return "file-bomb" if isinstance(exc, PartTooLarge) else "file-memory"
    if isinstance(exc, NotImplementedError):
        return "file-bomb"  # a compression method no office program uses
    return "file-unreadable"


def explain(exc: BaseException) -> str:
    """The damage `exc` reports, as a Russian sentence (no trailing period)."""
    from reportgen.catalogue import say

    key, facts = damage(exc)
    return say(key, **facts)


def damage(exc: BaseException) -> tuple[str, dict]:
    """What `exc` says of a file: the catalogue's key ("damage.…", "os.…") and its facts."""
    text = str(exc)
    lowered = text.lower()
    if isinstance(exc, PartTooLarge):
        return "damage.part-too-large", {"part": exc.name, "limit_mb": exc.limit // 2**20}
    if isinstance(exc, UnsafeXML):
        return "damage.doctype", {}
    if isinstance(exc, MemoryError):
        return "damage.memory", {}
    if isinstance(exc, NotImplementedError) or "compression method" in lowered:
        return "damage.compression", {}
    if isinstance(exc, zlib.error):
        return "damage.deflate", {}
    if isinstance(exc, zipfile.BadZipFile):
        return _zip_damage(lowered), {}
    if isinstance(exc, EOFError):
        return "damage.truncated", {}
    if type(exc).__name__ == "XMLSyntaxError":
        return _xml_damage(exc, lowered)
    if isinstance(exc, OSError):
        from reportgen.catalogue import say

        return os_reason(exc), {"doing": say("os.doing.read")}
    if type(exc).__name__ == "CalaminePanic":
        return "damage.as-said", {"said": text}
    if type(exc).__name__ == "CalamineError" or "calamine" in type(exc).__module__:
        return ("damage.password" if "password" in lowered or "encrypt" in lowered else "damage.book"), {}
    if "row numbers must be between" in lowered or "column index" in lowered:
        return "damage.beyond-sheet", {}
    if isinstance(exc, (ValueError, KeyError, IndexError, UnicodeError)):
        return "damage.content", {}
    return "damage.other", {}


def _zip_damage(lowered: str) -> str:
    if "crc" in lowered:
        return "damage.zip-crc"
    if "overlapped" in lowered or "header" in lowered or "magic" in lowered or "differ" in lowered:
        return "damage.zip-shifted"
    if "truncated" in lowered or "not a zip" in lowered or "end of central directory" in lowered:
        return "damage.zip-truncated"
    return "damage.zip"


def _xml_damage(exc: BaseException, lowered: str) -> tuple[str, dict]:
    if "excessive depth" in lowered:
        return "damage.xml-deep", {}
    if "huge" in lowered or "too long" in lowered or "too large" in lowered:
        return "damage.xml-huge", {}
    return "damage.xml", {"line": getattr(exc, "lineno", None)}
