"""The real report, reproduced: samples/q2 and other fillings of the same rows → the reference."""

import os
import random
from pathlib import Path

import pytest

from forms import KEYS, Style, write_form
from reference import assert_matches_reference, collapse
from reportgen.api import build_report, check_paths

GOLDEN_DUMP = Path(__file__).parent / "data" / "q2.dump"


def test_samples_build_into_the_reference(run, samples, reference, tmp_path):
    result = run("build", samples, "--force", "-o", tmp_path / "out.docx")
    assert result.code == 0 and "собрано с --force" in result.out  # built, though № 97 has no date
    assert_matches_reference(tmp_path / "out.docx", reference)


def test_model_dump_golden(samples, reference):
    """The assembled model, line breaks included (the reference comparison collapses them)."""
    checked = check_paths([str(samples)])
    dump = build_report(checked, force=True).dump()  # № 97 has no date
    if os.environ.get("REPORTGEN_UPDATE_GOLDEN"):
        GOLDEN_DUMP.write_text(dump, encoding="utf-8")
    assert dump == GOLDEN_DUMP.read_text(encoding="utf-8")


CENTRES = {"Смоленск": "Смоленск", "Вяземский": "Вязьма", "Дорогобужский": "Дорогобуж",
           "Духовщинский": "Духовщина", "Ершичский": "Ершичи", "Краснинский": "Красный",
           "Починковский": "Починок", "Рославльский": "Рославль", "Руднянский": "Рудня",
           "Сафоновский": "Сафоново", "Смоленский": "Смоленский район", "Хиславичский": "Хиславичи",
           "Шумячский": "Шумячи", "Десногорск": "Десногорск"}


def random_style(rng: random.Random, section_title: str, short: str) -> tuple[str, Style]:
    """One municipality's way of filling the form, drawn at random."""
    fields = rng.choice(["right", "colon", "none"])
    names = [section_title, short, short.upper(), f"  {short.lower()}  ", CENTRES[short]]
    if short not in ("Смоленск", "Десногорск"):
        names.append(f"{short} муниципальный округ")
    order = list(KEYS)
    rng.shuffle(order)
    if rng.random() < 0.7:
        order.insert(rng.randrange(len(order) + 1), "number")
    style = Style(
        fields=fields,
        municipality=rng.choice(names),
        period=rng.choice(["II квартал 2025 года", "2 квартал 2025 г.", "2 кв. 2025"]),
        title=rng.random() < 0.6,
        blank_before_header=rng.randrange(4),
        order=tuple(order),
        titles=rng.choice(["exact", "short"]),
        extra_column=rng.choice([None, "Примечание"]),
        blank_every=rng.choice([0, 0, 1, 3]),
        filler_rows=rng.choice([0, 4, 20]),
        date_cells=rng.random() < 0.5,
        instructions_first=rng.random() < 0.3,
        sheet_name=rng.choice(["Мероприятия", "Лист1", "Отчет"]),
        number_style=rng.choice(["{n}.", "{n}", "{n})"]),
    )
    # Without fields the file name must say whose form it is.
    name = f"{CENTRES[short]}_2кв.xlsx" if fields == "none" else f"форма_{rng.randrange(10**6)}.xlsx"
    return name, style


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_other_fillings_build_into_the_reference(seed, run, reference, kind, tmp_path):
    rng = random.Random(seed)
    folder = tmp_path / "in"
    folder.mkdir()
    for section in reference.sections:
        short = next(m.short for m in kind.registry if collapse(m.section) == collapse(section.title))
        name, style = random_style(rng, section.title, short)
        write_form(folder / name, list(section.rows), style)
    out = tmp_path / "report.docx"
    result = run("build", folder, "--force", "-o", out)
    assert result.code == 0, result.out
    assert_matches_reference(out, reference)
    # Without --force: nothing written, and the cell of № 97's missing date is named.
    out.unlink()
    result = run("build", folder, "-o", out)
    assert result.code == 1 and not out.exists()
    assert "date-missing" in result.out
