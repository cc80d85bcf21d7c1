"""The .msg fixture writer (tests/msgfile.py): what it writes, extract-msg reads back."""

from __future__ import annotations

import datetime
import random
import warnings
from zoneinfo import ZoneInfo

import extract_msg
import olefile
import pytest
from extract_msg.enums import AttachmentType

from msgfile import write_msg

MSK = ZoneInfo("Europe/Moscow")


def _bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


# Around the mini-stream cutoff (4096), empty, and 5 MB (more FAT sectors than fit in one).
FILES = [
    ("Форма Вязьма 2025.xlsx", _bytes(4095, 1)),
    ("Форма Велиж 2025.xlsx", _bytes(4096, 2)),
    ("пустой.txt", b""),
    ("Справка «Смоленск» №2.docx", _bytes(5 * 1024 * 1024 + 3, 3)),
]


def test_message_and_its_files_read_back(tmp_path):
    path = tmp_path / "письмо.msg"
    date = datetime.datetime(2025, 7, 2, 10, 30, 15, 719905, tzinfo=MSK)
    write_msg(
        path,
        sender="Администрация Смоленска <smolensk@example.ru>",
        to="Регион <region@example.ru>",
        subject="Форма за II квартал — Смоленск",
        date=date,
        message_id="<q2.smolensk.1@example.ru>",
        body="Добрый день!\r\nФормы во вложении.",
        attachments=FILES,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ole = olefile.OleFileIO(str(path), raise_defects=olefile.DEFECT_INCORRECT)
        assert ole.parsing_issues == []
        ole.close()

    with extract_msg.openMsg(str(path)) as m:
        assert m.sender == "Администрация Смоленска <smolensk@example.ru>"
        assert m.to == "Регион <region@example.ru>"
        assert m.subject == "Форма за II квартал — Смоленск"
        assert m.date == date and m.date.utcoffset() == datetime.timedelta(0)
        assert m.messageId == "<q2.smolensk.1@example.ru>"
        assert m.body == "Добрый день!\r\nФормы во вложении."
        assert [(a.type, a.longFilename, a.data) for a in m.attachments] == [
            (AttachmentType.DATA, name, data) for name, data in FILES
        ]


def test_embedded_message_reads_as_a_message(tmp_path):
    path = tmp_path / "пересылка.msg"
    deep = dict(
        sender="velizh@example.ru", to="vyazma@example.ru", subject="Ещё глубже",
        date=datetime.datetime(2025, 4, 1, 8, 0, tzinfo=datetime.timezone.utc),
        message_id="<deep@velizh.example.ru>", body="самое внутреннее",
        attachments=[("Форма Велиж.xlsx", b"PK\x03\x04velizh")],
    )
    inner = dict(
        sender="Вязьма <vyazma@example.ru>", to="region@example.ru", subject="Форма Вязьма — II квартал",
        date=datetime.datetime(2025, 7, 1, 9, 5, 7, 123457, tzinfo=MSK),
        message_id="<inner@vyazma.example.ru>", body="Вложенное письмо",
        attachments=[("Форма Вязьма 2025.xlsx", _bytes(9000, 4))], embedded=[deep],
    )
    write_msg(
        path, sender="Смоленск <smolensk@example.ru>", to="region@example.ru",
        subject="Пересылаю форму Вязьмы", date=datetime.datetime(2025, 7, 3, 12, 0, tzinfo=MSK),
        message_id="<outer@smolensk.example.ru>", body="См. вложение",
        attachments=[("записка.txt", "Текст".encode())], embedded=[inner],
    )
    with extract_msg.openMsg(str(path)) as m:
        note, forwarded = m.attachments
        assert (note.type, note.longFilename, note.data) == (AttachmentType.DATA, "записка.txt", "Текст".encode())
        assert forwarded.type is AttachmentType.MSG
        assert forwarded.longFilename == "Форма Вязьма — II квартал.msg"
        e = forwarded.data
        assert isinstance(e, extract_msg.Message)
        assert (e.sender, e.subject, e.date, e.messageId, e.body) == (
            "Вязьма <vyazma@example.ru>", "Форма Вязьма — II квартал", inner["date"],
            "<inner@vyazma.example.ru>", "Вложенное письмо",
        )
        form, nested = e.attachments
        assert (form.longFilename, form.data) == ("Форма Вязьма 2025.xlsx", _bytes(9000, 4))
        assert nested.type is AttachmentType.MSG
        assert (nested.data.subject, nested.data.date) == ("Ещё глубже", deep["date"])
        assert [(a.longFilename, a.data) for a in nested.data.attachments] == [("Форма Велиж.xlsx", b"PK\x03\x04velizh")]


@pytest.mark.parametrize(
    "date",
    [
        datetime.datetime(2027, 7, 30, 18, 45, 22, 719905, tzinfo=MSK),
        datetime.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.timezone(datetime.timedelta(hours=-11))),
        datetime.datetime(2025, 6, 15, 12, 0, tzinfo=ZoneInfo("Europe/Berlin")),
    ],
)
def test_date_exact_to_the_microsecond_and_naive_refused(tmp_path, date):
    kwargs = dict(sender="a@example.ru", to="b@example.ru", subject="Дата", message_id="<d@example.ru>", body="")
    write_msg(tmp_path / "d.msg", date=date, embedded=[dict(kwargs, date=date)], **kwargs)
    with extract_msg.openMsg(str(tmp_path / "d.msg")) as m:
        assert m.date == date
        assert m.attachments[0].data.date == date
    with pytest.raises(ValueError, match="timezone-aware"):
        write_msg(tmp_path / "n.msg", date=date.replace(tzinfo=None), **kwargs)
