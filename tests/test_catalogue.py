"""The catalogue of wording: every code declared once, every template renders from its facts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from reportgen.catalogue import CODES, TEXTS, render, say
from reportgen.diagnostics import Diagnostic
from reportgen.period import Period, Term
from wording_sites import PACKAGE, VOCABULARY_NAMES, sites, vocabulary_assigned

# Sample facts for every code whose message or hint is a template (add one with each converted code).
SAMPLES: dict[str, dict] = {
    "form-empty": {},
    "period-field-wrong": {"title": "Отчетный период", "stated": Period(2025, 1), "shown": Period(2025, 2),
                           "inside": 3, "dated": 4},
    # readers (read/form.py)
    "file-misnamed": {"suffix": ".xls", "format": "xlsx"},
    "sheet-not-sheet": {"what": "лист макросов Excel 4.0"},
    "no-header": {"limit": 30, "sheets": ("Лист1",), "columns": ("Наименование мероприятия", "Сроки")},
    "sheets-read": {"counts": (("Лист1", 3), ("Лист2", 1))},
    "municipality-conflict": {"named": "Абинский район", "named_sheet": "Лист1", "other": "Апшеронский район"},
    "sheet-hidden": {"header_line": 4},
    "sheet-rows-unread": {"n": 3, "first": 5},
    "sheet-no-table": {"limit": 30},
    "row-skipped": {"first": 9, "last": 9, "reason": "итоговая строка", "quoted": "Итого: 3"},
    "row-ambiguous": {"first": 9, "last": 9, "reason": "похоже на заголовок", "quoted": "Спорт", "advice": None},
    "row-hidden": {"line": 8},
    "row-joined": {"first": 8, "last": 9, "event": 7, "reason": ""},
    "merged-shared": {"quoted": "Краснодар", "first": 5, "last": 7, "events": 3},
    "table-planned": {"heading": "План на III квартал", "first": 20, "last": 24},
    "column-duplicate": {"title": "Сроки", "kept": "C"},
    "missing-column": {"title": "Сроки проведения"},
    "columns-combined": {"start_title": "Дата начала", "start": "C", "end_title": "Дата окончания", "end": "D"},
    "column-unknown": {"column": "H", "title": "", "n": 2},
    "control-chars": {"chars": "U+0001"},
    "formula-no-value": {"formula": "A1+B1"},
    "cell-error": {"error": "#DIV/0!"},
    "row-number-duplicate": {"line": 12},
    "merged-cells": {"last": "D7", "column": "B"},
    # checks (check/forms.py)
    "municipality-unknown": {"text": "Вязма", "region": False, "near": ("Вяземский",)},
    "municipality-from-title": {"title": "Муниципальное образование", "found": "Вяземский"},
    "municipality-from-filename": {"title": "Муниципальное образование", "found": "Вяземский"},
    "municipality-missing": {"title": "Муниципальное образование"},
    "municipality-name-differs": {"named": "Смоленск", "name": "Вязьма.xlsx", "other": "Вяземский"},
    "municipality-ambiguous": {"text": "Красн", "candidates": ("Краснинский", "Красный Бор")},
    "period-unread": {"text": "2 кв", "given": Period(2025, 2)},
    "period-invalid": {"text": "2 кв"},
    "period-differs": {"stated": Period(2025, 1), "period": Period(2025, 2), "given": False, "agreeing": 3},
    "period-mismatch": {"counts": ((Period(2025, 1), 1), (Period(2025, 2), 1)), "here": Period(2025, 1)},
    "period-missing": {},
    "municipality-duplicate": {"short": "Вяземский", "others": ("a.xlsx", "b.xlsx")},
    "value-missing": {"title": "Наименование мероприятия", "line": 7},
    "mixed-script": {"words": (("Клiч", "i"),)},
    "date-year-assumed": {"text": "18 апреля", "year": 2025},
    # a worker past its budget (check/workers.py)
    "file-timeout": {"seconds": 20},
    "file-memory": {"mb": 1024},
    # the same event (check/forms.py, check/same_event.py)
    "event-duplicate": {"name": "Форум «Дружба»", "line": 8},
    "event-conflict": {"name": "Фестиваль «Единство»", "more": 0, "start": dt.date(2025, 4, 12),
                       "end": dt.date(2025, 4, 12), "dates_differ": True, "place": "г. Вязьма",
                       "others": (("Гагаринский", 6, dt.date(2025, 4, 14), dt.date(2025, 4, 15), True, True),)},
    "event-shared": {"name": "Фестиваль «Единство»", "who": ("Гагаринский", "Смоленск"), "more": 2},
    "event-conflict-more": {"n": 3, "limit": 20, "counts": (("Гагаринский", 2), ("Смоленск", 1)), "more": 0},
    "event-shared-more": {"n": 21, "limit": 20, "counts": (("Гагаринский", 21),), "more": 1},
    # archive records (read/record.py)
    "record-damaged": {"why": "поле «version» отсутствует"},
    "record-foreign": {"why": "это не текст"},
    "record-kind": {"found": "budget", "expected": "international"},
    # -- samples: archive (23.1) --
    "archive-unwritten": {"why": "нет доступа к папке", "is_file": False},
    "record-edited": {},
    "record-newer": {"program": "1.4"},
    "record-encoding": {"encoding": "Windows-1251"},
    "split-period-dates": {"stated": Period(2024, 4), "dated": Period(2024, 3)},
    "archive-period-title": {"stated": Period(2024, 4), "given": Period(2025, 1)},
    "archive-doc": {},
    "archive-subfolder": {"folder": "Отчеты Word/2023"},
    "archive-not-named": {},
    # -- samples: earlier quarters (23.2) --
    "event-reported-earlier": {"name": "Фестиваль «Славянский хоровод»", "period": "2025-Q1", "version": 2,
                               "number": 14, "start": dt.date(2025, 3, 3), "end": dt.date(2025, 3, 3),
                               "carried": False, "more": 1},
    "event-continues": {"name": "Фестиваль «Славянский хоровод»", "period": "2025-Q2", "version": 1, "number": 7,
                        "start": dt.date(2025, 6, 20), "end": dt.date(2025, 7, 5), "carried": True, "more": 0},
    "event-not-again": {"municipality": "Вяземский", "names": ("Акция «Память»", "Турнир «Дружба»"), "more": 2,
                        "periods": (Period(2025, 1), Period(2025, 2))},
    "date-outside-continues": {"quoted": "январь – декабрь 2025 года", "quarter": Period(2025, 3),
                               "name": "Программа «Школа дружбы»", "period": "2025-Q2", "version": 1, "number": 3,
                               "start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31), "more": 1},
    "archive-record-skipped": {"why": "Запись архива не читается: запись обрывается или испорчена (строка 3)"},
    # -- samples: longer periods (23.3) --
    "term-quarter-missing": {"quarter": Period(2025, 4), "term": Term(2025, 1, 4)},
    "term-form-outside": {"quarter": Period(2024, 4), "term": Term(2025, 1, 2)},
    "term-form-no-period": {"term": Term(2025, 1, 4)},
    "term-form-by-dates": {"quarter": Period(2025, 2)},
    "term-word-no-period": {"term": Term(2025, 1, 3)},
    "term-quarter-twice": {"quarter": Period(2025, 2), "used": "отчет Word «q2 v1.docx»"},
    # -- samples: diff (23.4) --
    "diff-period-differs": {"old": "отчет v1.docx", "new": "архив/2025-Q3 v1.json", "old_period": "2025-Q2",
                            "new_period": "2025-Q3"},
    # -- samples: cover note (23.5) --
}
# Sites (lines with Russian string literals outside the catalogue, tests/wording_sites.py) may only
# fall: lower this when you move wording into the catalogue.
CEILING = 12


def test_every_code_has_a_severity_a_scope_and_a_title():
    for code, entry in CODES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert entry.severity in ("error", "warning", "info") and entry.scope in ("file", "row", "run", "municipality"), code
        assert entry.title and entry.title[0].islower(), code


def test_every_severity_and_scope_has_its_russian_word():
    """The table of codes (docs/codes.md, tools/make_docs.py) writes these words: none may be left in English."""
    import typing

    from reportgen.catalogue import Scope, Severity

    for kind, values in (("severity", typing.get_args(Severity)), ("scope", typing.get_args(Scope))):
        for value in values:
            word = TEXTS.get(f"{kind}.{value}")
            assert word and re.fullmatch(r"[а-яё ]+", word), (kind, value, word)
    table = (Path(__file__).resolve().parent.parent / "docs" / "codes.md").read_text(encoding="utf-8")
    scopes = {line.split("|")[3].strip() for line in table.splitlines() if line.startswith("| `")}
    assert scopes == {TEXTS[f"scope.{s}"] for s in {e.scope for e in CODES.values()}}


@pytest.mark.parametrize("code", [c for c, e in CODES.items() if e.message or e.hint])
def test_each_template_renders_from_sample_facts(code):
    assert code in SAMPLES, f"{code}: add its sample facts to SAMPLES"
    finding = Diagnostic.of(code, file="f.xlsx", sheet="Лист1", cell="B7", **SAMPLES[code])
    for text in (finding.message, finding.hint):
        assert "{" not in text and "}" not in text, text
    assert finding.message, code
    assert dict(finding.facts) == SAMPLES[code]


def test_a_missing_fact_is_named():
    with pytest.raises(KeyError, match="shown"):
        Diagnostic.of("period-field-wrong", file="f.xlsx", title="x", stated=Period(2025, 1),
                      inside=1, dated=1)


def test_plurals_and_methods_in_templates():
    cases = {1: "1 форма", 3: "3 формы", 11: "11 форм", 21: "21 форма", 112: "112 форм"}
    for n, expected in cases.items():
        assert render("{n} {n:plural:форма/формы/форм}", {"n": n}) == expected
    assert render("{p:label}", {"p": Period(2025, 2)}) == "II квартал 2025 года"
    assert render("{xs:join}", {"xs": ("а", "б")}) == "а, б"
    assert render("{d:%d.%m.%Y}", {"d": dt.date(2025, 7, 1)}) == "01.07.2025"


def test_facts_reach_the_json_as_data():
    d = Diagnostic.of("period-field-wrong", file="f.xlsx", **SAMPLES["period-field-wrong"])
    assert d.as_dict()["facts"] == {"title": "Отчетный период", "stated": "2025-Q1", "shown": "2025-Q2",
                                    "inside": 3, "dated": 4}
    assert "даты 3 из 4 мероприятий — во II квартале 2025 года" in d.message


def test_texts_render():
    for key in TEXTS:
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", key), key
    assert say("severity.error") == "ошибка"


def test_no_text_key_is_written_twice():
    """A key repeated in the TEXTS literal silently drops the first text (parts are added side by side)."""
    import ast

    tree = ast.parse((Path(__file__).resolve().parent.parent / "reportgen" / "catalogue.py").read_text("utf-8"))
    literal = next(n.value for n in ast.walk(tree) if isinstance(n, ast.AnnAssign)
                   and getattr(n.target, "id", None) == "TEXTS")
    keys = [k.value for k in literal.keys]
    assert len(keys) == len(TEXTS) > 0
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def test_the_command_line_writes_no_russian_itself():
    """cli/ only says the catalogue's texts (issue 21): its help, tables, refusals and endings."""
    assert [f"{name}:{line}" for name, line in sites() if name.startswith("cli/")] == []


def test_vocabulary_exemptions_name_real_constants():
    """Each exempt name is a module-level constant of its module holding Russian words: the exemption
    cannot outlive its constant, nor cover a name that says nothing Russian (a stale or blind entry)."""
    import ast

    for module, names in VOCABULARY_NAMES.items():
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        russian = set()
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
                if isinstance(node, ast.AnnAssign) and node.value is not None else []
            if targets and any(isinstance(n, ast.Constant) and isinstance(n.value, str)
                               and re.search("[А-Яа-яЁё]", n.value) for n in ast.walk(node.value)):
                russian |= {t.id for t in targets if isinstance(t, ast.Name)}
        assert names <= russian, (module, sorted(names - russian))


def test_vocabulary_constants_hide_only_their_own_literals():
    """A Russian literal outside the exempt constants of a module still counts as a site."""
    import ast

    from wording_sites import _vocabulary

    tree = ast.parse('WORDS = ("март", "май")\nSAID = "Не указан год"\n')
    hidden = _vocabulary(tree, {"WORDS"})
    said = tree.body[1].value
    assert id(said) not in hidden and len(hidden) == 2


def test_russian_outside_the_catalogue_does_not_grow():
    count = len(sites())
    assert count <= CEILING, f"{count} sites build Russian outside reportgen/catalogue.py (ceiling {CEILING}): " \
                             "move the new wording into the catalogue (python tests/wording_sites.py lists them)"


@pytest.mark.parametrize("module", sorted(VOCABULARY_NAMES))
def test_each_vocabulary_exemption_names_a_constant_that_is_there(module):
    """An exemption is a constant of its module: a name renamed or removed must leave the list, not widen it."""
    assert vocabulary_assigned(module) == VOCABULARY_NAMES[module]


def test_reader_variants_keep_their_wording():
    """One code, several shapes of sentence: each chosen by the facts, worded as before."""
    def msg(code, **facts):
        return Diagnostic.of(code, file="f.xlsx", sheet="Лист1", cell="A5", **facts).message

    assert msg("row-skipped", first=5, last=5, filler=True) == \
        "Строка 5 пропущена: пустая строка бланка (в ней только номер)"
    assert msg("row-skipped", first=5, last=7, filler=True) == \
        "Строки 5–7 пропущены: пустые строки бланка (в них только номер)"
    assert msg("row-skipped", first=5, last=6, reason="повтор строки заголовков", quoted="") == \
        "Строки 5–6 пропущены: повтор строки заголовков («»)"
    assert msg("row-skipped", first=5, last=5, reason="примечание", quoted="") == "Строка 5 пропущена: примечание"
    joined = Diagnostic.of("row-ambiguous", file="f.xlsx", first=6, last=6, event=5, reason="абзац")
    assert joined.message == "Строка 6 (абзац): текст присоединен к мероприятию в строке 5 с новой строки"
    assert joined.hint.startswith("Если это отдельное мероприятие")
    assert Diagnostic.of("row-ambiguous", file="f.xlsx", first=6, last=6, reason="r", quoted="q",
                         advice="Свой совет.").hint == "Свой совет."
    assert msg("row-joined", first=6, last=8, event=5, reason="") == \
        "Строки 6–8 — продолжение мероприятия из строки 5 (ячейки объединены): текст добавлен к нему с новой строки"
    assert msg("table-planned", heading="План", first=3, last=3) == \
        "Таблица «План» (строка 3) — планируемые мероприятия; в отчет она не входит"
    assert msg("column-unknown", column="H", title="Итого", n=21) == \
        "Столбец H «Итого» не входит в отчет: 21 заполненная ячейка не попадет в отчет"
    assert msg("sheet-hidden", header_line=4) == "Скрытый лист «Лист1» содержит таблицу (строка заголовков 4), но не прочитан"
    assert msg("no-header", limit=30, sheets=(), columns=("А",)).endswith("листов нет листов столбцы «А»)")
    assert msg("file-misnamed", suffix=".xls", format="xlsx") == \
        "Файл назван .xls, а это книга Excel (.xlsx): прочитан по содержимому"


def test_damage_is_a_key_of_the_catalogue_with_facts():
    import errno
    import zipfile

    from reportgen.damage import damage, explain
    from reportgen.ooxml import PartTooLarge

    key, facts = damage(PartTooLarge("xl/sheet1.xml", 200 * 2**20))
    assert (key, facts) == ("damage.part-too-large", {"part": "xl/sheet1.xml", "limit_mb": 200})
    assert damage(zipfile.BadZipFile("Bad CRC-32")) == ("damage.zip-crc", {})
    assert damage(OSError(errno.ENOSPC, "x")) == ("os.no-space", {"doing": "чтение"})
    for exc in (MemoryError(), EOFError(), ValueError("x"), RuntimeError("x"), OSError(errno.EIO, "x")):
        key, facts = damage(exc)
        assert key in TEXTS and say(key, **facts) == explain(exc) and "{" not in explain(exc)


def test_files_passed_over_in_a_folder_are_named_by_key(tmp_path):
    from reportgen.read.inputs import _not_read, expand_inputs

    for name in ("~$форма.xlsx", "письмо.doc", "Thumbs.db", "README"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "старое").mkdir()
    assert _not_read(tmp_path / "письмо.doc") == ("skip.not-a-form", {"suffix": ".doc"})
    found, skipped = expand_inputs([str(tmp_path)])
    assert not found
    said = {Path(s.display).name: (s.reason, s.foreign) for s in skipped}
    assert said == {
        "~$форма.xlsx": (say("skip.lock-excel"), False), "письмо.doc": ("не форма Excel (.doc)", True),
        "Thumbs.db": ("служебный файл Windows", False), "README": ("не форма Excel (без расширения)", True),
        "старое": ("папка: вложенные папки не читаются", False)}


def test_same_event_variants_keep_their_wording():
    """Another municipality is named by its facts: its row and dates, and whether its place differs."""
    d = dt.date(2025, 4, 12)
    conflict = Diagnostic.of("event-conflict", file="f.xlsx", name="Хоровод", more=3, start=d, end=d,
                             dates_differ=False, place="с. Ершичи",
                             others=(("Гагаринский", 6, d, d + dt.timedelta(days=1), False, True),))
    assert conflict.message == ("Мероприятие «Хоровод» указано и другими: Гагаринский (строка 6) — сроки те же "
                                "(12 апреля 2025 года – 13 апреля 2025 года), место указано иначе и еще 3. "
                                "Здесь: место «с. Ершичи»")
    shared = Diagnostic.of("event-shared", file="f.xlsx", name="Хоровод", who=("Смоленск",), more=0)
    assert shared.message == "Мероприятие «Хоровод» указано также: Смоленск; сроки и место совпадают"
    assert not shared.hint


def test_a_file_over_its_budget_is_worded_from_its_limit():
    from reportgen.budget import FILE_MEMORY_MB, FILE_TIMEOUT_S
    from reportgen.check.workers import _budget_error
    from reportgen.model import InputFile

    [slow] = _budget_error(InputFile(Path("a.xlsx"), "a.xlsx"), "file-timeout").diagnostics
    [heavy] = _budget_error(InputFile(Path("b.xlsx"), "b.xlsx"), "file-memory").diagnostics
    assert slow.fact("seconds") == FILE_TIMEOUT_S and heavy.fact("mb") == FILE_MEMORY_MB
    assert slow.message == f"Файл читается дольше {FILE_TIMEOUT_S:.0f} с — чтение остановлено"
    assert heavy.message == f"Чтение файла потребовало больше {FILE_MEMORY_MB} МБ памяти — чтение остановлено"
    assert slow.hint == heavy.hint and slow.hint.endswith("попросите прислать форму заново.")


def test_the_roster_is_worded_by_the_catalogue():
    from reportgen.check.status import STATE_WORDS, roster_summary
    from reportgen.model import RosterLine

    assert STATE_WORDS == {s: say(f"state.{s}") for s in STATE_WORDS} and STATE_WORDS["missing"] == "нет формы"
    lines = [RosterLine("А", "ready", ("a.xlsx",), 3, 0, 0, superseded=("a0.xlsx",)),
             RosterLine("Б", "duplicate", ("b1.xlsx", "b2.xlsx"), 2, 0, 0), RosterLine("В", "empty", ("c.xlsx",), 0, 0, 0),
             RosterLine("Г", "unreadable", ("d.xlsx",), 0, 1, 0), RosterLine("Д", "left-out", (), 0, 0, 0),
             RosterLine("Е", "missing", (), 0, 0, 0)]
    assert roster_summary(lines, others=1, skipped=2, letters=1, left_out=1, strangers=1) == (
        "получено 11 файлов (в таблице 6, из них заменены новыми 1, без муниципального образования 1, пропущено 2, "
        "не включено по выбору координатора 1, не с контактного адреса 1) и 1 письмо без формы; готово 1 из 6, "
        "с ошибками 0, не прислали 1, несколько форм 1, пустых форм 1, форма не читается 1, не включены 1")
    assert roster_summary(lines[:1]) == "получено 2 файла (в таблице 2, из них заменены новыми 1); готово 1 из 1, " \
                                        "с ошибками 0, не прислали 0"


# Facts enough for every refusal of a file and its advice (read/sniff.py); extra facts are ignored.
REFUSAL_FACTS = {"link": False, "folder": True, "word": False, "why": "файл поврежден", "mb": 300, "kb": 12,
                 "n": 10001, "part": "xl/a.xml", "method": 14, "suffix": ".doc", "kind": "pdf", "version": "Excel 3.0"}


def test_refusals_and_advice_render_from_facts():
    keys = [k for k in TEXTS if k.split(".")[0] in ("refused", "advice", "kind")]
    assert len(keys) > 40
    for key in keys:
        for word in (False, True):
            text = say(key, **{**REFUSAL_FACTS, "word": word})
            assert text and "{" not in text and "}" not in text, key


def test_refusals_keep_their_wording():
    """The sentences moved from read/sniff.py into the catalogue read as they did there."""
    def said(key, hint="advice.resave", **facts):
        from reportgen.read.sniff import Refused
        refused = Refused.said("file-format", key, hint, **facts)
        return str(refused), refused.hint

    assert said("zip-ratio", "advice.bomb", part="xl/s.xml", mb=300, kb=12, word=False) == (
        "Часть книги «xl/s.xml» распаковывается в 300 МБ из 12 КБ (похоже на «zip-бомбу»)",
        "Не открывайте этот файл; попросите прислать форму заново.")
    assert said("not-word", "advice.name-word", kind="theme") == (
        "Это тема оформления Office (.thmx), а не документ Word (.docx)",
        "Укажите документ Word (.docx): откройте файл в Word и сохраните как «Документ Word (.docx)».")
    assert said("not-regular", "advice.name-file", folder=False, word=True) == (
        "Это устройство, канал или сокет, а не документ Word (.docx)", "Укажите файл .docx.")
    assert said("encrypted", "advice.unlock-protected", word=False)[1] == (
        "Снимите пароль и сохраните заново: в Excel «Файл → Сведения → Защита книги → Зашифровать с "
        "использованием пароля», очистите поле пароля. Если Excel открывает книгу без пароля, снимите защиту "
        "книги («Рецензирование → Защитить книгу») и сохраните заново.")
    assert said("old-book", "advice.resave-old-book", version="Excel 4.0")[0] == \
        "Это книга Excel 4.0 (старый формат, который reportgen не читает)"
    assert said("not-book", "advice.resave-text", kind="text") == (
        "Это текстовый файл (CSV или TXT), а не книга Excel",
        "Откройте его в Excel или LibreOffice Calc и сохраните как «Книга Excel (.xlsx)».")


def test_the_resave_advice_is_one_text():
    from reportgen.read import sniff, word

    assert sniff.RESAVE == say("advice.resave") == \
        "Откройте файл в Excel или LibreOffice Calc и сохраните его как «Книга Excel (.xlsx)»."
    assert word.RESAVE_WORD == say("advice.resave-word") == say("advice.resend", word=True)


def test_a_refused_file_carries_its_facts_to_the_finding_and_across_processes(tmp_path):
    import pickle

    from reportgen.kind import load_kind
    from reportgen.read.form import read_form
    from reportgen.read.sniff import Refused, identify

    empty = tmp_path / "пусто.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(Refused) as caught:
        identify(empty)
    back = pickle.loads(pickle.dumps(caught.value))  # a worker process sends it back so
    assert (back.code, str(back), back.hint, back.facts) == \
        ("file-empty", str(caught.value), caught.value.hint, (("refusal", "empty"),))
    text = tmp_path / "a.xlsx"
    text.write_text("a;b\n1;2\n", encoding="utf-8")
    finding = read_form(text, load_kind()).diagnostics[0]
    assert finding.code == "file-format" and finding.message == "Это текстовый файл (CSV или TXT), а не книга Excel"
    assert finding.as_dict()["facts"] == {"refusal": "not-book", "kind": "text"}


def test_plan_sending_and_letters_variants_keep_their_wording():
    """Texts of write/plan.py, write/send.py, write/letters.py and api/ whose shape the facts choose: as before."""
    assert say("plan.no-parent", parent="отчеты", option="-o", file=True) == \
        "Папка «отчеты» для -o не папка, а файл: создайте ее или укажите другую"
    assert say("plan.no-parent", parent="отчеты", option="-o", file=False) == \
        "Папка «отчеты» для -o не существует: создайте ее или укажите другую"
    kept = {"target": "r.docx", "why": "на диске нет места"}
    assert say("plan.unwritten-kept", hint="space", **kept) == "Не удалось записать «r.docx»: на диске нет места — " \
        "освободите место на диске или укажите другую папку. Прежние файлы не изменены"
    assert say("plan.unwritten-kept", hint="rights", **kept).endswith(
        " — укажите папку, в которую можно писать. Прежние файлы не изменены")
    assert say("plan.unwritten-kept", hint="", **kept) == \
        "Не удалось записать «r.docx»: на диске нет места. Прежние файлы не изменены"
    assert say("reference-doc.over-budget", path="b.docx", code="file-timeout").startswith(
        "Документ-образец «b.docx» (--reference-doc) слишком долго читается: вероятно, он поврежден.")
    assert say("reference-doc.over-budget", path="b.docx", code="file-memory").startswith(
        "Документ-образец «b.docx» (--reference-doc) требует слишком много памяти:")
    assert say("split.over-budget", code="file-timeout") == "Документ читается слишком долго — чтение остановлено"
    assert say("split.over-budget", code="file-memory") == "Документ требует слишком много памяти — чтение остановлено"
    import datetime as dt
    from reportgen.period import Period

    assert say("forms.folder", period=Period(2025, 2)) == "формы_2025-Q2" and say("forms.folder", period=None) == "формы"
    arrived = dt.datetime(2025, 5, 20, 9, 30)
    assert [say("checking.date-before", shown="01.04.2025 10:00", days=d, arrived=arrived) for d in (1, 3, 49)] == [
        f"дата письма 01.04.2025 10:00 на {d} раньше, чем оно пришло (20.05.2025 09:30)"
        for d in ("1 день", "3 дня", "49 дней")]
    assert say("checking.stranger", forwarded=True, sender="a@b.ru", short="Вяземский", ours="v@v.ru") == \
        "переслана с адреса a@b.ru, который не указан как контактный для «Вяземский» (v@v.ru)"
    assert say("checking.blocked", unreadable=True, message="Книга защищена паролем") == \
        "не читается: Книга защищена паролем"
    assert say("checking.without-nothing", value="X", near=["«Ярцевский»"]).startswith(
        "--without «X»: среди входных файлов нет такого файла или письма, и такого муниципального образования нет "
        "в перечне; возможно, имелось в виду: «Ярцевский». Укажите")
    assert "; возможно" not in say("checking.without-nothing", value="X", near=[])
    assert say("send.no-auth", where="h:25", plain=True) == "сервер h:25 не предлагает вход по имени и паролю без " \
        "шифрования: укажите --smtp-security starttls или ssl (или уберите --smtp-user, если сервер принимает письма без входа)"
    assert say("send.no-auth", where="h:587", plain=False) == "сервер h:587 не предлагает вход по имени и паролю " \
        "(или уберите --smtp-user, если сервер принимает письма без входа)"
    assert say("send.unreachable", unknown=True, where="h:25") == "сервер не найден: h:25; проверьте адрес и порт сервера"
    assert say("send.unreachable", unknown=False, where="h:25").startswith("сервер не отвечает: h:25;")
    assert say("letters.greeting", gender="f", name="Анна", patronymic="Сергеевна") == "Уважаемая Анна Сергеевна!"
    assert say("letters.greeting", gender="m", name="Петр", patronymic="Ильич") == "Уважаемый Петр Ильич!"
    assert [say("letters.confirm.body", greeting="Добрый день!", period="II квартал 2025 года", when="", n=n,
                came_from="").split(": ")[1] for n in (1, 2, 5)] == [
        f"{n}, замечаний нет. Спасибо!" for n in ("1 мероприятие", "2 мероприятия", "5 мероприятий")]
    assert say("letters.when.attachment", date=arrived, attachment="ф.xlsx") == " (письмо от 20.05.2025, вложение «ф.xlsx»)"
