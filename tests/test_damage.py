"""Damage as the libraries report it (in English, in their terms) → what it means, in Russian."""

import errno
import io
import re
import zipfile

import pytest

from reportgen.damage import code_of, explain, explain_os
from reportgen.errors import KindError
from reportgen.kind import load_kind
from reportgen.ooxml import PartTooLarge, UnsafeXML, parse

LATIN = re.compile(r"[A-Za-z]{3,}")


def _raised(fn):
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - the exception is the subject
        return exc
    raise AssertionError("nothing raised")


def _stored(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.xml", data)
    return buffer.getvalue()


def _deflated_garbage() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.xml", bytes(range(256)) * 64)
    raw = bytearray(buffer.getvalue())
    for k in range(60, 140):
        raw[k] ^= 0x5A
    return bytes(raw)


CRC = bytearray(_stored(b"<a>" + b"x" * 100 + b"</a>"))
CRC[CRC.find(b"xxxx")] = ord("y")
CASES = {
    "bad CRC": (lambda: zipfile.ZipFile(io.BytesIO(bytes(CRC))).read("a.xml"), "контрольная сумма", "file-unreadable"),
    "bad deflate": (lambda: zipfile.ZipFile(io.BytesIO(_deflated_garbage())).read("a.xml"), "сжатые данные",
                    "file-unreadable"),
    "not a zip": (lambda: zipfile.ZipFile(io.BytesIO(b"PK\x03\x04 broken")), "архив", "file-unreadable"),
    "deep XML": (lambda: parse(b"<a>" * 300 + b"</a>" * 300), "вложен слишком глубоко", "file-unreadable"),
    "broken XML": (lambda: parse(b"<a><b></a>"), "XML-разметка", "file-unreadable"),
    "DOCTYPE": (lambda: parse(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'), "DOCTYPE", "file-unreadable"),
    "method": (lambda: (_ for _ in ()).throw(NotImplementedError("That compression method is not supported")),
               "сжата неизвестным способом", "file-bomb"),
    "too large": (lambda: (_ for _ in ()).throw(PartTooLarge("word/document.xml", 64 * 2**20)), "64 МБ", "file-bomb"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_damage_is_said_in_russian(name):
    make, needle, code = CASES[name]
    exc = _raised(make)
    said = explain(exc)
    assert needle in said and code_of(exc) == code
    # Terms a user meets in office programs stay; the library's own words do not.
    plain = re.sub(r"XML|DOCTYPE|zip|word/document\.xml", "", said)
    assert not LATIN.search(plain), said


def test_unsafe_xml_is_refused_by_the_parser():
    with pytest.raises(UnsafeXML):
        parse(b'<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>')


@pytest.mark.parametrize("number,needle", [(errno.EACCES, "нет прав на запись"), (errno.ENOSPC, "нет места"),
                                           (errno.EROFS, "только для чтения"), (errno.EIO, "ошибка ввода-вывода")])
def test_os_refusals_are_said_in_russian(number, needle):
    assert needle in explain_os(OSError(number, "English words from the system"))


def test_a_toml_slip_is_placed_not_quoted(tmp_path):
    folder = tmp_path / "вид"
    folder.mkdir()
    (folder / "kind.toml").write_text("[kind\ntitle = «x»\n", encoding="utf-8")
    with pytest.raises(KindError) as caught:
        load_kind(str(folder / "kind.toml"))
    message = str(caught.value)
    assert "в строке 1" in message and "Expected" not in message and "kind.toml" in message
