"""Checks against earlier quarters (issue 23.2), on generated quarters.

Q1 and Q2 2025 are built from generated forms and recorded in an archive (write_record), then
Q3's forms are checked against it. Each municipality's events fall, independently, into kinds:

    carried   in Q2 with dates across the Q2/Q3 boundary, again in Q3 with the same dates
    recurs    in Q1, Q2 and Q3, each time with new dates
    twice     in Q2, and again in Q3 with the very same dates (reported twice)
    reworded  in Q2, in Q3 with its wording changed within the matcher's bounds, new dates
    new       only in Q3
    elsewhere in Q2 of ANOTHER municipality, in Q3 of this one (a name is matched within one municipality)
    generic   a generic name (no «proper name») in Q2 at one town, in Q3 at another: not the same event
    missing   in Q1 and Q2 with new dates each time (it recurs), not in Q3
    spans     ONE occurrence across the Q1/Q2 boundary, in Q1 and Q2 (the same dates, or dates that
              touch: 20–31 March, then 1–5 April), over before Q3, not in Q3
    runs-on   one occurrence from March into July, in Q1 and Q2 with the same dates, not in Q3
    yearlong  «январь – декабрь 2025 года» in Q1, Q2 and Q3, the same text each time (a continuation)
    longnew   only in Q3, «июль – декабрь 2025 года»: its dates reach past Q3 and nothing shows it continues
    once      in Q1 only, not in Q2 nor Q3

Invariants: each carried, recurring, twice and reworded row is found exactly once, with its code
and its number in the Q2 record; no new, elsewhere or generic row is flagged; each municipality
a yearlong row's date-outside-period warning is the note date-outside-continues, at its dates cell, and
no letter names it, while a longnew row keeps its warning; each municipality
with missing or runs-on events gets one event-not-again naming exactly those (never a «once» nor a
«spans» event: one occurrence that is over is not expected again), in status and in its letter; a damaged record is named and the others are still compared.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from books import book, canonical
from reportgen import api
from reportgen.period import Period, Term
from reportgen.write.record import write_record

CODES = ("event-reported-earlier", "event-continues")
KINDS = ("carried", "recurs", "twice", "reworded", "new", "elsewhere", "generic", "missing", "spans", "runs-on",
         "yearlong", "longnew", "once")
SYLLABLES = ["ка", "ли", "но", "ва", "ро", "ща", "зо", "ря", "бе", "ре", "за", "ду", "бра", "ва", "ле", "ми", "ро",
             "сла", "во", "ни", "ца", "гу", "сто", "лё", "ту", "ша", "пе", "ре", "ход", "мы"]
TOWNS = ["г. Смоленск", "г. Вязьма", "г. Гагарин", "г. Рославль", "г. Починок", "г. Ярцево", "г. Сафоново"]
GENERIC = ["Праздничный концерт ко Дню народного единства", "Выставка народных промыслов и ремесел",
           "Спортивные соревнования среди школьников района"]
QUARTER_NAME = {1: "I квартал 2025 года", 2: "II квартал 2025 года", 3: "III квартал 2025 года"}


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randrange(3, 5))).capitalize()


def _day(quarter: int, rng: random.Random) -> dt.date:
    return dt.date(2025, 3 * quarter - 2, 1) + dt.timedelta(days=rng.randrange(5, 80))


def _dates(start: dt.date, end: dt.date | None = None) -> str:
    end = end or start
    return start.strftime("%d.%m.%Y") if start == end else f"{start:%d.%m.%Y}-{end:%d.%m.%Y}"


def _reworded(name: str) -> str:
    """The name as a clerk retypes it: another word before the quotes, a typo inside them that the
    matcher's bound still takes for the same name (its key differs, its score is within QUOTED_SCORE)."""
    from rapidfuzz import fuzz

    from reportgen.check.same_event import QUOTED_SCORE, text_key
    from reportgen.kind import load_kind

    kind = load_kind()
    word = name.split("«")[1].rstrip("»")
    for at in range(1, len(word) - 1):
        typo = word[:at] + word[at + 1] + word[at] + word[at + 2:]  # two letters swapped
        changed = f"Открытый фестиваль «{typo}»"
        a, b = text_key(name, "", kind).quoted, text_key(changed, "", kind).quoted
        if a != b and fuzz.ratio(a, b) >= QUOTED_SCORE:
            return changed
    return f"Открытый фестиваль «{word}»"


@dataclass
class Quarters:
    """The generated year so far: rows per quarter and municipality, and what each Q3 row should get."""

    rows: dict[int, dict[str, list[tuple[str, str, str]]]] = field(default_factory=lambda: {1: {}, 2: {}, 3: {}})
    expected: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (municipality, Q3 name) → (code, Q2 name)
    quiet: set[tuple[str, str]] = field(default_factory=set)  # (municipality, Q3 name): no finding
    missing: dict[str, set[str]] = field(default_factory=dict)  # municipality → the names event-not-again gives
    over: dict[str, set[str]] = field(default_factory=dict)  # municipality → one occurrence over: never asked about
    long: dict[tuple[str, str], str] = field(default_factory=dict)  # (municipality, Q3 name) → yearlong / longnew

    def add(self, quarter: int, who: str, name: str, place: str, dates: str) -> None:
        self.rows[quarter].setdefault(who, []).append((name, place, dates))


def generate(shorts: list[str], seed: int = 7) -> Quarters:
    rng = random.Random(seed)
    q = Quarters()
    used: set[str] = set()

    def proper(prefix: str = "Фестиваль") -> str:
        while True:
            word = f"{_word(rng)} {_word(rng)}"
            if word not in used:
                used.add(word)
                return f"{prefix} «{word}»"

    for k, who in enumerate(shorts):
        other = shorts[(k + 1) % len(shorts)]
        counts = {kind: rng.randrange(0, 3) for kind in KINDS}
        counts["missing"] = rng.randrange(0, 3) if k % 3 else 0  # some municipalities miss nothing
        counts["runs-on"] = 1 if k % 3 == 1 else 0
        counts["spans"] = 1 + k % 2  # in every municipality: those that miss nothing too
        counts["yearlong"] = 1 if k % 2 == 0 else 0
        counts["longnew"] = 1 if k % 3 == 0 else 0
        if k % 4 == 1:
            counts["twice"] = 0  # a form with nothing to correct, yet events to ask about: a question letter
        for kind in KINDS:
            for _ in range(counts[kind]):
                place = rng.choice(TOWNS)
                if kind == "carried":
                    name, start = proper(), dt.date(2025, 6, rng.randrange(15, 28))
                    dates = _dates(start, dt.date(2025, 7, rng.randrange(2, 20)))
                    q.add(2, who, name, place, dates)
                    q.add(3, who, name, place, dates)
                    q.expected[(who, name)] = ("event-continues", name)
                    q.long[(who, name)] = kind  # reaches into Q2 as well: a continuation too
                elif kind == "recurs":
                    name = proper("Турнир")
                    for quarter in (1, 2, 3):
                        q.add(quarter, who, name, place, _dates(_day(quarter, rng)))
                    q.expected[(who, name)] = ("event-continues", name)
                elif kind == "twice":
                    name, dates = proper("Выставка"), _dates(_day(2, rng))
                    q.add(2, who, name, place, dates)
                    q.add(3, who, name, place, dates)
                    q.expected[(who, name)] = ("event-reported-earlier", name)
                elif kind == "reworded":
                    name = proper()
                    changed = _reworded(name)
                    q.add(2, who, name, place, _dates(_day(2, rng)))
                    q.add(3, who, changed, place, _dates(_day(3, rng)))
                    q.expected[(who, changed)] = ("event-continues", name)
                elif kind == "new":
                    name = proper("Конкурс")
                    q.add(3, who, name, place, _dates(_day(3, rng)))
                    q.quiet.add((who, name))
                elif kind == "elsewhere":
                    name = proper("Форум")
                    q.add(2, other, name, place, _dates(_day(2, rng)))
                    q.add(3, who, name, place, _dates(_day(3, rng)))
                    q.quiet.add((who, name))
                elif kind == "generic":
                    name = rng.choice(GENERIC)
                    towns = rng.sample(TOWNS, 2)
                    if any(n == name for n, _, _ in q.rows[3].get(who, [])):
                        continue
                    q.add(2, who, name, towns[0], _dates(_day(2, rng)))
                    q.add(3, who, name, towns[1], _dates(_day(3, rng)))
                    q.quiet.add((who, name))
                elif kind == "missing":
                    name = proper("Акция")
                    q.add(1, who, name, place, _dates(_day(1, rng)))
                    q.add(2, who, name, place, _dates(_day(2, rng)))
                    q.missing.setdefault(who, set()).add(name)
                elif kind == "spans":
                    name = proper("Праздник")
                    if rng.random() < 0.5:  # the same dates in both reports
                        start, end = dt.date(2025, 3, rng.randrange(20, 29)), dt.date(2025, 4, rng.randrange(1, 9))
                        q.add(1, who, name, place, _dates(start, end))
                        q.add(2, who, name, place, _dates(start, end))
                    else:  # each quarter reports its own days of it: the dates touch
                        start, end = dt.date(2025, 3, rng.randrange(20, 29)), dt.date(2025, 4, rng.randrange(1, 9))
                        q.add(1, who, name, place, _dates(start, dt.date(2025, 3, 31)))
                        q.add(2, who, name, place, _dates(dt.date(2025, 4, 1), end))
                    q.over.setdefault(who, set()).add(name)
                elif kind == "runs-on":
                    name = proper("Марафон")
                    dates = _dates(dt.date(2025, 3, rng.randrange(20, 29)), dt.date(2025, 7, rng.randrange(2, 20)))
                    q.add(1, who, name, place, dates)
                    q.add(2, who, name, place, dates)
                    q.missing.setdefault(who, set()).add(name)
                elif kind == "yearlong":
                    name = proper("Программа")
                    for quarter in (1, 2, 3):
                        q.add(quarter, who, name, place, "январь – декабрь 2025 года")
                    q.expected[(who, name)] = ("event-continues", name)
                    q.long[(who, name)] = kind
                elif kind == "longnew":
                    name = proper("Проект")
                    q.add(3, who, name, place, "июль – декабрь 2025 года")
                    q.quiet.add((who, name))
                    q.long[(who, name)] = kind
                elif kind == "once":
                    q.add(1, who, proper("Встреча"), place, _dates(_day(1, rng)))
        # Every municipality sends a form each quarter: a first row that is new each time.
        for quarter in (1, 2, 3):
            name = proper("Семинар")
            q.add(quarter, who, name, "г. Смоленск", _dates(_day(quarter, rng)))
            if quarter == 3:
                q.quiet.add((who, name))
    return q


def write_forms(folder: Path, q: Quarters, quarter: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, (who, rows) in enumerate(q.rows[quarter].items()):
        events = [[f"{i}.", name, place, dates, "Сотрудничество", "20 человек"]
                  for i, (name, place, dates) in enumerate(rows, start=1)]
        book(folder / f"{n:02d}.xlsx", ("Мероприятия", canonical(*events, municipality=who,
                                                                 period=QUARTER_NAME[quarter])))
    return folder


def record_quarter(tmp: Path, archive: Path, q: Quarters, quarter: int, kind):
    forms = write_forms(tmp / f"q{quarter}", q, quarter)
    checked = api.check_paths([forms], Period(2025, quarter), kind=kind)
    report = api.build_report(checked, force=True)
    return write_record(archive, report, kind, Term(2025, quarter, quarter)), report


@pytest.fixture(scope="module")
def year(tmp_path_factory, kind):
    tmp = tmp_path_factory.mktemp("year")
    shorts = [m.short for m in kind.registry][:9]
    q = generate(shorts)
    archive = tmp / "архив"
    _, q1 = record_quarter(tmp, archive, q, 1, kind)
    _, q2 = record_quarter(tmp, archive, q, 2, kind)
    forms = write_forms(tmp / "q3", q, 3)
    checked = api.check_paths([forms], Period(2025, 3), kind=kind, archive=archive)
    return q, q2, checked, archive, forms


def _number_in(report, who: str, name: str) -> int:
    [event] = [e for s in report.sections if s.municipality == who for e in s.events if e.cells[0] == name]
    return event.number


def _name_at(s, d) -> str:
    [entry] = [e for e in s.entries if e.row.cells["name"].ref == d.cell and (e.row.sheet or s.form.sheet) == d.sheet]
    return entry.row.text("name")


def test_the_generated_year_holds_every_kind_of_event(year):
    q, _, checked, _, _ = year
    codes = {code for code, _ in q.expected.values()}
    assert codes == set(CODES) and q.missing and q.quiet  # the premise: each case is there
    reworded = [(name, before) for (_, name), (_, before) in q.expected.items() if name != before]
    assert any("«" + before.split("«")[1] not in name for name, before in reworded)  # a typo inside the quotes
    assert not [d for d in checked.validation.run_diagnostics if d.code == "archive-record-skipped"]


def test_each_event_of_an_earlier_quarter_is_found_exactly_once(year):
    q, q2, checked, _, _ = year
    found: dict[tuple[str, str], list] = {}
    for s in checked.validation.submissions:
        for d in s.diagnostics:
            if d.code in CODES:
                found.setdefault((s.municipality.short, _name_at(s, d)), []).append(d)
    assert set(found) == set(q.expected), (set(found) ^ set(q.expected))
    for (who, name), (code, before) in q.expected.items():
        [d] = found[(who, name)]  # exactly once
        assert d.code == code, (who, name, d.message)
        assert (d.fact("period"), d.fact("version"), d.fact("number")) == ("2025-Q2", 1, _number_in(q2, who, before))
        assert f"2025-Q2, версия 1, № {d.fact('number')}" in d.message
        assert d.severity == ("warning" if code == "event-reported-earlier" else "info")
    carried = [d for ds in found.values() for d in ds if d.fact("carried")]
    assert carried and all(d.fact("start") < dt.date(2025, 7, 1) <= d.fact("end") for d in carried)
    recurring = [d for (who, name), ds in found.items() for d in ds if name.startswith("Турнир")]
    assert recurring and all(d.fact("more") == 1 for d in recurring)  # Q1 had it too
    assert not set(found) & q.quiet  # nothing new flagged


def test_an_event_of_the_two_quarters_before_missing_now_is_named_once(year):
    q, _, checked, _, _ = year
    notes: dict[str, list] = {}
    for s in checked.validation.submissions:
        for d in s.diagnostics:
            if d.code == "event-not-again":
                notes.setdefault(s.municipality.short, []).append(d)
    assert set(notes) == set(q.missing)
    for who, names in q.missing.items():
        [d] = notes[who]
        assert set(d.fact("names")) == names and d.fact("municipality") == who
        assert [p.code() for p in d.fact("periods")] == ["2025-Q1", "2025-Q2"]
        assert d.severity == "info" and d.scope == "municipality" and not d.blocks_force
        assert all(f"«{n}»" in d.message for n in names)
        assert "Встреча" not in d.message  # an event of Q1 alone is not asked about
        assert not any(n in d.message for n in q.over.get(who, ()))  # nor one occurrence that is over
    assert q.over and set(q.over) - set(q.missing)  # the premise: municipalities with only an occurrence over


def test_one_occurrence_across_the_boundary_is_not_expected_again_a_recurring_one_is(kind):
    """The rule on its own, both sides: Q1 and Q2 reports of one event, nothing in Q3."""
    from reportgen.check.earlier import expected_again

    def past(start, end):
        return (0, None, 1, start.toordinal(), end.toordinal(), "")
    d = dt.date
    q3 = Period(2025, 3)
    festival = past(d(2025, 3, 25), d(2025, 4, 5))
    assert not expected_again([festival], [festival], q3)  # the same dates: one occurrence, over
    assert not expected_again([past(d(2025, 4, 1), d(2025, 4, 5))], [past(d(2025, 3, 25), d(2025, 3, 31))], q3)  # touch
    assert expected_again([past(d(2025, 4, 2), d(2025, 4, 5))], [past(d(2025, 3, 25), d(2025, 3, 31))], q3)  # a gap
    assert expected_again([past(d(2025, 5, 3), d(2025, 5, 3))], [past(d(2025, 2, 3), d(2025, 2, 3))], q3)  # recurs
    running = past(d(2025, 3, 25), d(2025, 7, 5))
    assert expected_again([running], [running], q3)  # one occurrence, still running when Q3 began


def test_status_and_letters_name_the_missing_events(year, run, tmp_path):
    q, _, _, archive, forms = year
    data = run("status", forms, "--period", "2025-Q3", "--archive", archive, "--format", "json").json()
    lines = {m["name"]: m for m in data["municipalities"]}
    for who, names in q.missing.items():
        [note] = [n for n in lines[who]["notes"] if "в прошлых кварталах" in n]
        assert all(f"«{n}»" in note for n in names)
    for who in set(lines) - set(q.missing):
        assert not [n for n in lines[who]["notes"] if "в прошлых кварталах" in n]
    text = run("status", forms, "--period", "2025-Q3", "--archive", archive).out
    assert text.count("в прошлых кварталах были, в форме нет: «") == len(q.missing)  # the table: short, cut
    result = run("letters", forms, "--period", "2025-Q3", "--archive", archive, "-o", tmp_path / "письма")
    assert result.code == 0, result.out + result.err
    bodies = {p.name.split(" — ")[0]: email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
              .get_body(("plain",)).get_content() for p in (tmp_path / "письма").glob("*.eml")}
    for who, names in q.missing.items():
        body = bodies[who]
        assert body.count("В прошлых кварталах (I квартал 2025 года, II квартал 2025 года) вы сообщали") == 1, body
        assert all(f"«{n}»" in body for n in names)
    asked = sorted(p.name for p in (tmp_path / "письма").glob("* — вопрос.eml"))
    assert asked and all(name.split(" — ")[0] in q.missing for name in asked)  # no finding, yet a question
    assert f"вопрос {len(asked)}" in result.out
    for who, body in bodies.items():
        if who not in q.missing:
            assert "В прошлых кварталах" not in body


def test_a_continuing_event_outside_the_quarter_is_a_note_and_no_letter_asks_to_fix_its_dates(year, run, tmp_path):
    q, q2, checked, archive, forms = year
    assert {"carried", "yearlong", "longnew"} <= set(q.long.values())  # the premise
    seen = set()
    for s in checked.validation.submissions:
        who = s.municipality.short
        for e in s.entries:
            name, ref, sheet = e.row.text("name"), e.row.cells["dates"].ref, e.row.sheet or s.form.sheet
            at = [d for d in s.diagnostics if d.cell == ref and d.sheet == sheet]
            codes = [d.code for d in at]
            long = q.long.get((who, name))
            if long in ("carried", "yearlong"):
                assert codes == ["date-outside-continues"], (who, name, codes)
                [d] = at
                assert d.severity == "info" and (d.fact("period"), d.fact("number")) == ("2025-Q2", _number_in(q2, who, name))
                assert "продолжается" in d.message and "III квартал 2025 года" in d.message
                seen.add(long)
            elif long == "longnew":
                assert codes == ["date-outside-period"], (who, name, codes)  # nothing shows that it continues
                seen.add(long)
            else:
                assert "date-outside-continues" not in codes
    assert seen == {"carried", "yearlong", "longnew"}
    out = tmp_path / "письма"
    assert run("letters", forms, "--period", "2025-Q3", "--archive", archive, "-o", out, "--confirm").code == 0
    for p in out.glob("*.eml"):
        who = p.name.split(" — ")[0]
        body = email.message_from_bytes(p.read_bytes(), policy=email.policy.default).get_body(("plain",)).get_content()
        asked = [n for n, _, _ in q.rows[3].get(who, []) if q.long.get((who, n)) == "longnew"
                 or q.expected.get((who, n), ("",))[0] == "event-reported-earlier"]  # dates of Q2 again: outside
        assert body.count("выходят за III квартал 2025 года") == len(asked), (who, body)
        assert "январь – декабрь 2025 года" not in body


def test_status_names_rows_reported_earlier_and_keeps_its_table_narrow(year, run):
    """The roster's note: how many rows are already in an earlier quarter's report, with the first one's
    name; the notes are cut between words, so that the table saved to a file stays narrow."""
    q, _, checked, archive, forms = year
    again: dict[str, list[str]] = {}
    for (who, name), (code, _) in q.expected.items():
        if code == "event-reported-earlier":
            again.setdefault(who, []).append(name)
    assert any(len(names) > 1 for names in again.values()) and any(len(n) == 1 for n in again.values())
    data = run("status", forms, "--period", "2025-Q3", "--archive", archive, "--format", "json").json()
    lines = {m["name"]: m for m in data["municipalities"]}
    order = {(s.municipality.short, e.row.text("name")): k for s in checked.validation.submissions
             for k, e in enumerate(s.entries)}
    for who, line in lines.items():
        notes = [n for n in line["notes"] if "уже в отчет" in n]
        if who not in again:
            assert not notes
            continue
        [note] = notes
        first = min(again[who], key=lambda n: order[(who, n)])  # the form's first such row
        assert f"«{first}»" in note
        assert (note.startswith(f"{len(again[who])} мероприят") if len(again[who]) > 1
                else note.startswith("уже в отчете прошлого квартала"))
    result = run("status", forms, "--period", "2025-Q3", "--archive", archive)
    table = [line for line in result.out.splitlines() if line.startswith(("│", "┃", "┏", "└"))]
    widths = {len(line) for line in table}
    assert len(widths) == 1 and widths.pop() <= 160, widths  # the notes no longer widen it (370 before)
    assert "сокращены" in result.out and "…" in "\n".join(table)
    for who in again:
        assert any(who in line for line in table)
    assert sum("уже в отчет" in line for line in table) == len(again)


def test_without_the_archive_nothing_is_compared(year, kind):
    _, _, _, _, forms = year
    v = api.check_paths([forms], Period(2025, 3), kind=kind).validation
    assert not [d for d in v.diagnostics if d.code in (*CODES, "event-not-again")]


def test_validate_with_the_archive_in_json(year, run):
    q, _, _, archive, forms = year
    result = run("validate", forms, "--period", "2025-Q3", "--archive", archive, "--format", "json")
    codes = [d["code"] for d in result.json()["diagnostics"]]
    assert codes.count("event-reported-earlier") == sum(c == "event-reported-earlier" for c, _ in q.expected.values())
    d = next(d for d in result.json()["diagnostics"] if d["code"] == "event-not-again")
    assert d["facts"]["periods"] == ["2025-Q1", "2025-Q2"]



@pytest.mark.parametrize("command", ["validate", "status", "letters"])
def test_an_archive_not_made_yet_is_empty_and_a_mistyped_one_refused(year, run, tmp_path, command):
    """The first quarter of a new archive: its folder does not exist until build makes it. The reading
    commands take it as empty and say so in one line; a file, or a missing parent (a typo), is refused."""
    _, _, _, archive, forms = year
    extra = ["-o", tmp_path / "письма"] if command == "letters" else []
    new = tmp_path / "новый архив"
    first = run(command, forms, "--period", "2025-Q3", "--archive", new, *extra)
    assert first.code in (0, 1) and "Traceback" not in first.err
    assert first.err.count(f"Архив «{new}» пуст: папки еще нет") == 1 and "build --archive создаст" in first.err
    assert not new.exists()  # reading never makes it
    if command != "letters":
        without = run(command, forms, "--period", "2025-Q3")
        assert without.out == first.out  # an empty archive: nothing to compare, nothing else said
    else:
        bodies = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default).get_body(("plain",))
                  .get_content() for p in (tmp_path / "письма").glob("*.eml")]
        assert bodies and not [b for b in bodies if "В прошлых кварталах" in b]
    for wrong, said in ((tmp_path / "нет такой папки" / "архив", "не существует"),
                        (Path(archive) / "2025-Q1 v1.json", "это файл")):
        refused = run(command, forms, "--period", "2025-Q3", "--archive", wrong, *extra)
        assert refused.code == 2 and said in refused.err and "Traceback" not in refused.err, refused.err
    there = run(command, forms, "--period", "2025-Q3", "--archive", archive, *extra)
    assert "пуст" not in there.err


def test_a_damaged_record_is_named_and_the_others_still_compared(year, tmp_path, kind):
    import shutil

    q, _, _, archive, forms = year
    folder = tmp_path / "архив"
    shutil.copytree(archive, folder)
    (folder / "2024-Q4 v1.json").write_text('{"format": "reportgen-archive", "kind": ', encoding="utf-8")
    (folder / "2025-Q2 v2.json").write_bytes(b"\xff\xfe not a record")
    shutil.copy(folder / "2025-Q1 v1.json", folder / "2025-Q1 v2.json")  # copied by hand: inside, still version 1
    v = api.check_paths([forms], Period(2025, 3), kind=kind, archive=folder).validation
    skipped = [d for d in v.run_diagnostics if d.code == "archive-record-skipped"]
    assert sorted(Path(d.file).name for d in skipped) == ["2024-Q4 v1.json", "2025-Q1 v2.json", "2025-Q2 v2.json"]
    assert "версия 1" in next(d.message for d in skipped if d.file.endswith("2025-Q1 v2.json"))
    assert all(d.severity == "warning" and not d.blocks_force and d.fact("why") for d in skipped)
    assert not v.blocking(force=False) or all(d.code != "archive-record-skipped" for d in v.blocking(force=False))
    found = [d for d in v.diagnostics if d.code in CODES]
    assert len(found) == len(q.expected)  # version 1 of 2025-Q2 stands in for the damaged version 2
    assert {d.fact("version") for d in found} == {1}


# --- the matcher's bounds, as tests/test_quarter.py tests them for shared events ---------------

def _record(kind, quarter: Term, events_by_who: dict[str, list[tuple[str, str, dt.date]]], age_tag: str = ""):
    """An archive record assembled directly: a Report of sections of Events."""
    from reportgen.model import Event, Record, Report, Section

    sections, n = [], 0
    for who, rows in events_by_who.items():
        events = []
        for name, place, day in rows:
            n += 1
            start, end = day if isinstance(day, tuple) else (day, day)
            events.append(Event(n, f"{n}.", (name, place, _dates(start, end), "x", "y"), f"{who}.xlsx", "Лист1", n,
                                f"B{n}", start, end))
        sections.append(Section(who, who, tuple(events)))
    report = Report.of(kind, quarter.quarter, tuple(sections), title=quarter.code())
    return Record(f"{quarter.code()} v1.json", kind.name, quarter, 1, None, "forms", report)


def _validation(kind, rows_by_who: dict[str, list[tuple[str, str, dt.date]]], period: Period):
    """This quarter's forms, checked as check_paths checks them."""
    from reportgen.check.forms import check_form, combine
    from reportgen.model import Cell, Field, Form, Received, Row, Table

    forms = []
    for who, rows in rows_by_who.items():
        made = [Row(10 + i, {"name": Cell(name, f"B{10 + i}"), "place": Cell(place, f"C{10 + i}"),
                             "dates": Cell(day if isinstance(day, str) else day.strftime("%d.%m.%Y"), f"D{10 + i}"), "goal": Cell("x", f"E{10 + i}"),
                             "participants": Cell("y", f"F{10 + i}")})
                for i, (name, place, day) in enumerate(rows)]
        table = Table("Лист1", 5, {"name": "B", "place": "C", "dates": "D", "goal": "E", "participants": "F"})
        forms.append(Form(f"{who}.xlsx", "Лист1", {"municipality": Field(who, "C2")}, (table,), tuple(made)))
    return combine([check_form(f, kind, period) for f in forms], kind, period, [Received() for _ in forms])


def _earlier(kind, validation, records):
    from reportgen.check.earlier import earlier_quarters
    from reportgen.model import Archive

    ordered = tuple(sorted(records, key=lambda r: r.period.start))
    return earlier_quarters(validation, kind, Archive("архив", ordered))


def test_proper_names_match_within_the_quoted_score_and_not_beyond(kind):
    from rapidfuzz import fuzz

    from reportgen.check.same_event import QUOTED_SCORE, text_key

    names = ["Фестиваль «Северное сияние Смоленщины»", "Открытый фестиваль «Северное сияние Смаленщины»",
             "Фестиваль «Саверное сеяние Смаленщины»"]
    keys = [text_key(n, "г. Смоленск", kind) for n in names]
    assert fuzz.ratio(keys[0].quoted, keys[1].quoted) >= QUOTED_SCORE > fuzz.ratio(keys[0].quoted, keys[2].quoted)
    who = kind.registry.resolve("Вяземский").municipality.short
    q2 = _record(kind, Term(2025, 2, 2), {who: [(names[0], "г. Вязьма", dt.date(2025, 5, 3))]})
    v = _earlier(kind, _validation(kind, {who: [(names[1], "г. Вязьма", dt.date(2025, 8, 3)),
                                                (names[2], "г. Вязьма", dt.date(2025, 8, 9))]}, Period(2025, 3)), [q2])
    found = {d.cell: d.code for d in v.diagnostics if d.code in CODES}
    assert found == {"B10": "event-continues"}  # within the bound; the third spelling is beyond it


def test_a_generic_name_is_one_event_only_at_the_same_place(kind):
    who = kind.registry.resolve("Вяземский").municipality.short
    name = "Праздничный концерт ко Дню народного единства"
    q2 = _record(kind, Term(2025, 2, 2), {who: [(name, "г. Вязьма", dt.date(2025, 5, 3))]})
    v = _earlier(kind, _validation(kind, {who: [(name, "г. Ярцево", dt.date(2025, 8, 3)),
                                                (f"Участие в {name}", "г. Вязьма", dt.date(2025, 5, 3))]},
                                   Period(2025, 3)), [q2])
    found = {d.cell: d.code for d in v.diagnostics if d.code in CODES}
    assert found == {"B11": "event-reported-earlier"}  # same place and dates; another town is another concert


def test_a_year_long_programme_without_its_year_is_still_a_continuation(kind):
    """«январь – декабрь» (the year assumed: a note at the same cell): the warning still gives way to the note,
    and only where the dates are the very same as in the earlier report."""
    who = kind.registry.resolve("Вяземский").municipality.short
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    q2 = _record(kind, Term(2025, 2, 2), {who: [("Программа «Школа дружбы»", "г. Вязьма", year),
                                                ("Проект «Мост»", "г. Вязьма", year)]})
    v = _earlier(kind, _validation(kind, {who: [("Программа «Школа дружбы»", "г. Вязьма", "январь – декабрь"),
                                                ("Проект «Мост»", "г. Вязьма", "июль – декабрь 2025 года")]},
                                   Period(2025, 3)), [q2])
    at = {}
    for d in v.diagnostics:
        at.setdefault(d.cell, []).append(d.code)
    assert sorted(at["D10"]) == ["date-outside-continues", "date-year-assumed"]
    assert at["D11"] == ["date-outside-period"]  # another span than the earlier report's: not the same dates


def test_a_longer_period_is_not_compared(kind):
    who = kind.registry.resolve("Вяземский").municipality.short
    name = "Фестиваль «Северное сияние»"
    h1 = _record(kind, Term(2025, 1, 2), {who: [(name, "г. Вязьма", dt.date(2025, 5, 3))]})
    v = _earlier(kind, _validation(kind, {who: [(name, "г. Вязьма", dt.date(2025, 5, 3))]}, Period(2025, 3)), [h1])
    assert not [d for d in v.diagnostics if d.code in CODES]


@pytest.mark.parametrize("quarters", [10, 40])
def test_the_archive_search_does_not_compare_everything_with_everything(kind, fuzz_calls, quarters):
    """27 municipalities × 100 events per quarter over 10 or 40 quarters, this quarter spelt otherwise.

    Each name is compared once per distinct archived spelling that shares a rare stem: the count
    of fuzzy comparisons does not grow with the number of quarters, and stays far below rows × archive.
    """
    calls = fuzz_calls
    rng = random.Random(3)
    shorts = [m.short for m in kind.registry][:27]
    names = {who: [f"Фестиваль «{_word(rng)} {_word(rng)}»" for _ in range(100)] for who in shorts}
    records = []
    for k in range(quarters):
        year, quarter = 2025 - (k // 4) - 1, 4 - k % 4
        term = Term(year, quarter, quarter)
        records.append(_record(kind, term, {who: [(n, "г. Смоленск", _day(quarter, rng).replace(year=year))
                                                  for n in names[who]] for who in shorts}))
    now = {who: [(n.replace("Фестиваль «", "Открытый фестиваль «"), "г. Смоленск", _day(3, rng)) for n in names[who]]
           for who in shorts}
    v = _earlier(kind, _validation(kind, now, Period(2025, 3)), records)
    found = [d for d in v.diagnostics if d.code in CODES]
    assert len(found) == 27 * 100  # every row is found in the archive, each once
    assert all(d.fact("more") == quarters - 1 for d in found)
    rows, archived = 27 * 100, 27 * 100 * quarters
    assert calls["n"] < 20 * rows < rows * archived // 1000, calls
    test_the_archive_search_does_not_compare_everything_with_everything.calls[quarters] = calls["n"]
    if len(test_the_archive_search_does_not_compare_everything_with_everything.calls) == 2:
        ten, forty = (test_the_archive_search_does_not_compare_everything_with_everything.calls[n] for n in (10, 40))
        assert forty == ten  # identical archived names are compared once, however many quarters hold them


test_the_archive_search_does_not_compare_everything_with_everything.calls = {}


# --- the keys cache beside the archive (api/earlier.py) --------------------------------------

def _found(forms, folder, kind):
    v = api.check_paths([forms], Period(2025, 3), kind=kind, archive=folder).validation
    return sorted((d.file, d.cell, d.code, d.fact("number")) for d in v.diagnostics if d.code in CODES), v


def test_the_keys_cache_is_used_and_never_trusted_blindly(year, tmp_path, kind):
    import json
    import shutil

    from reportgen.api.earlier import CACHE

    q, _, _, archive, forms = year
    folder = tmp_path / "архив"
    shutil.copytree(archive, folder)
    shutil.rmtree(folder / CACHE, ignore_errors=True)
    first, _ = _found(forms, folder, kind)  # no cache: the records are read, and their keys kept
    assert len(first) == len(q.expected)
    assert sorted(p.name for p in (folder / CACHE).glob("*.json")) == ["2025-Q1 v1.json", "2025-Q2 v1.json"]
    assert _found(forms, folder, kind)[0] == first  # from the cache: the same findings
    # A damaged or hand-edited cache file is read past: the record is read again, the cache rewritten.
    (folder / CACHE / "2025-Q2 v1.json").write_text('{"format": "reportgen-keys", "events": [[1, 2]]', encoding="utf-8")
    cached = json.loads((folder / CACHE / "2025-Q1 v1.json").read_text(encoding="utf-8"))
    cached["events"][0][5] = ["not", "a", "string"]
    (folder / CACHE / "2025-Q1 v1.json").write_text(json.dumps(cached), encoding="utf-8")
    again, v = _found(forms, folder, kind)
    assert again == first and not [d for d in v.run_diagnostics if d.code == "archive-record-skipped"]
    assert json.loads((folder / CACHE / "2025-Q2 v1.json").read_text(encoding="utf-8"))["format"] == "reportgen-keys"
    # A record edited after its keys were kept: the cache no longer holds for it.
    record = folder / "2025-Q2 v1.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    twice = next(e for e in data["report"]["events"] if e["name"].startswith("Выставка"))
    twice["name"] = "Совсем другое мероприятие «Эхо»"
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    edited, _ = _found(forms, folder, kind)
    assert len(edited) == len(first) - 1


def test_an_archive_that_cannot_be_written_to_is_read_every_time(year, tmp_path, kind, monkeypatch):
    """A read-only folder (a share, another account's archive): no cache, the same findings, no word of it."""
    import shutil
    import tempfile

    from reportgen.api.earlier import CACHE

    q, _, _, archive, forms = year
    folder = tmp_path / "архив"
    shutil.copytree(archive, folder)
    shutil.rmtree(folder / CACHE, ignore_errors=True)
    monkeypatch.setenv("REPORTGEN_JOBS", "0")  # in this process, where the refusal below is in force

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Отказано в доступе")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    found, v = _found(forms, folder, kind)
    assert len(found) == len(q.expected) and not list((folder / CACHE).glob("*.json"))
    assert not [d for d in v.run_diagnostics if d.code == "archive-record-skipped"]


def test_a_recorded_build_leaves_its_keys_as_reading_the_record_would(tmp_path, kind):
    """build --archive keeps the new record's keys at once: the first check after it reads nothing more."""
    import json

    from reportgen.api.archive import record_build
    from reportgen.api.earlier import CACHE, _program, past_of

    samples = Path(__file__).resolve().parent.parent / "samples" / "q2"
    checked = api.check_paths([samples], kind=kind)
    report = api.build_report(checked, force=True)
    path = record_build(tmp_path, report, checked, kind=kind)
    kept = tmp_path / CACHE / path.name
    assert kept.is_file()
    remembered = json.loads(kept.read_text(encoding="utf-8"))
    kept.unlink()
    read = past_of(tmp_path, "2025-Q2", 1, kind, _program())  # from the record itself, cached anew
    assert json.loads(kept.read_text(encoding="utf-8")) == remembered
    assert len(read.events) == sum(1 for s in report.sections for e in s.events if e.start) > 90  # dated ones


def test_a_seeded_word_report_leaves_its_keys_as_reading_the_record_would(tmp_path, kind):
    import json

    from reference import write_reference_docx

    from reportgen.api.archive import seed_archive
    from reportgen.api.earlier import CACHE, _program, past_of

    word = tmp_path / "II квартал.docx"
    write_reference_docx(word)
    (entry,) = seed_archive(tmp_path / "архив", [word], kind=kind).files
    kept = tmp_path / "архив" / CACHE / Path(entry.record).name
    remembered = json.loads(kept.read_text(encoding="utf-8"))
    kept.unlink()
    past_of(tmp_path / "архив", entry.period.code(), entry.version, kind, _program())
    assert json.loads(kept.read_text(encoding="utf-8")) == remembered


def test_an_archive_seeded_from_word_reports_finds_what_the_built_one_finds(year, tmp_path, kind):
    """Last year's Word reports seeded into the archive: their events' dates are read, so the checks find
    the same carried-over, recurring and repeated events as against the records the builds wrote."""
    from reportgen.api.archive import seed_archive
    from reportgen.read.record import read_record

    q, _, _, archive, forms = year
    words = []
    for quarter in (1, 2):
        record = read_record(archive / f"2025-Q{quarter} v1.json", kind)
        words.append(tmp_path / f"Отчет за {quarter} квартал.docx")
        api.write_report(record.report, words[-1], kind=kind)
    seed_archive(tmp_path / "из Word", words, kind=kind)
    built, _ = _found(forms, archive, kind)
    seeded, _ = _found(forms, tmp_path / "из Word", kind)
    assert len(built) == len(q.expected) and seeded == built
