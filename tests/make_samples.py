"""Generate samples/q2/: the 14 forms behind the reference report, filled the ways people fill them.

    python tests/make_samples.py [OUTDIR]      (default: samples/q2)

Each form carries one municipality's rows of tests/data/reference.txt, verbatim. The styles
differ on purpose: header on row 1 with no fields (municipality from the file name), columns
reordered, short titles, date cells, blank and numbered filler rows, a long municipality name,
an instructions sheet first, a "Примечание" column; and forms reshaped as clerks reshape them:
month headings, merged cells, a tall event, group titles over the header, a row of column numbers,
start and end date columns, two sheets, a caption under the name, lines under the table and a
table of planned events. The report they give is the reference, unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

from forms import KEYS, Style, write_form
from reference import load_reference

ROOT = Path(__file__).resolve().parent.parent

# Section title (from the reference) → (file name, style)
SAMPLES: dict[str, tuple[str, Style]] = {
    # month headings in the name column, one place merged over consecutive events, lines under the table
    "Город Смоленск": ("Смоленск_2кв.xlsx", Style(
        municipality="г. Смоленск", filler_rows=5,
        headings={0: "Март 2025 года", 6: "Апрель 2025 года", 25: "Май 2025 года"}, merge_same=("place",),
        footer=("totals", "signature", "executor", "phone"))),
    "Вяземский": ("Вязьма_2кв.xlsx", Style(fields="none", title=False, blank_before_header=0, date_cells=True)),
    "Дорогобужский": ("Дорогобуж 2 квартал 2025.xlsx",
                      Style(fields="colon", municipality="Дорогобужский район", period="2 квартал 2025 г.")),
    "Духовщинский": ("Духовщина.xlsx", Style(
        municipality="Муниципальное образование «Духовщинский муниципальный округ» Смоленской области")),
    "Ершичский": ("Ершичи_отчет.xlsx", Style(
        municipality="Ершичский", order=("name", "dates", "place", "goal", "participants"), titles="short",
        extra_column="Примечание", extra_values={1: "уточнить количество участников"})),
    "Краснинский": ("Красный II кв.xlsx", Style(
        municipality="Краснинский муниципальный округ", instructions_first=True, date_cells=True)),
    # the name over its caption, as on a printed form, and next quarter's plans under the table
    "Починковский": ("Починок.xlsx", Style(
        fields="caption", municipality="ПОЧИНКОВСКИЙ  МУНИЦИПАЛЬНЫЙ ОКРУГ",
        planned=(("Международный фестиваль «Починковская ярмарка»", "г. Починок", "Август 2025 года",
                  "Укрепление культурных связей", "Делегации Республики Беларусь"),))),
    # «Муниципальное образование:» with the value in the next cell, group titles over the column
    # titles, and a row of column numbers
    "Рославльский": ("Рославль.xlsx", Style(
        fields="colon-right", municipality="Рославльский муниципальный округ", header="groups", numbers_row=True,
        blank_every=1, filler_rows=10, blank_before_header=3)),
    "Руднянский": ("Отчет Рудня.xlsx", Style(fields="none", blank_before_header=2)),
    "Сафоновский": ("Сафоново.xlsx", Style(municipality="Сафоновский")),
    "Смоленский": ("Смоленский район.xlsx", Style(municipality="Смоленский район", period="2 кв. 2025")),
    # separate «Дата начала» and «Дата окончания» columns
    "Хиславичский": ("Хиславичи.xlsx", Style(
        municipality="Хиславичский муниципальный округ", period="2 квартал 2025 г.", number_style="{n}",
        date_cells=True, dates="start-end")),
    "Шумячский": ("Шумячи.xlsx", Style(
        fields="colon-right", municipality="Шумячский", order=("number", "name", "dates", "place", "participants", "goal"),
        footer=("stamp", "date"))),
    # two sheets, merged cells for shared dates and participants, and a tall event over two rows
    "город Десногорск": ("desnogorsk.xlsx", Style(
        municipality="город Десногорск", filler_rows=3, sheet_name="Март–Апрель", sheets=(("Май–Июнь", 12),),
        merge_same=("dates", "participants"), tall=(5,))),
}


def sample_for(section_title: str) -> tuple[str, Style]:
    for key, value in SAMPLES.items():
        if key in section_title:
            return value
    raise KeyError(section_title)


def main(outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for section in load_reference().sections:
        name, style = sample_for(section.title)
        assert len(section.rows[0]) == len(KEYS)
        write_form(outdir / name, list(section.rows), style)
        written.append(outdir / name)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples" / "q2"
    for p in main(target):
        print(p)
