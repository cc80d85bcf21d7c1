"""Municipality names as clerks write them: the registry's answer, table-driven.

Every spelling must give exactly its municipality, or nothing: never a wrong neighbour.
"""

import pytest

SPELLINGS = [
    # the city and the district are different municipalities
    ("Смоленск", "Смоленск"),
    ("г. Смоленск", "Смоленск"),
    ("г.Смоленск", "Смоленск"),
    ("город Смоленск", "Смоленск"),
    ("ГОРОД СМОЛЕНСК", "Смоленск"),
    ("Администрация города Смоленска", "Смоленск"),
    ("город-герой Смоленск", "Смоленск"),
    ("Город Смоленск", "Смоленск"),
    ("Смоленский", "Смоленский"),
    ("Смоленский район", "Смоленский"),
    ("Смоленский муниципальный округ", "Смоленский"),
    ("Администрация Смоленского муниципального округа Смоленской области", "Смоленский"),
    ("МО «Смоленский район»", "Смоленский"),
    # districts: forms, cases, abbreviations, the region's name around them
    ("г. Рославль", "Рославльский"),
    ("г.Рославль", "Рославльский"),
    ("Рославльский р-н", "Рославльский"),
    ("Рославльский р-н Смоленской обл.", "Рославльский"),
    ("Рославльский р-он", "Рославльский"),
    ("РОСЛАВЛЬСКИЙ МУНИЦИПАЛЬНЫЙ ОКРУГ", "Рославльский"),
    ("Вяземский МО", "Вяземский"),
    ("Вяземский м.о.", "Вяземский"),
    ("МО «Вяземский муниципальный округ» Смоленской области", "Вяземский"),
    ("Муниципальное образование «Вяземский муниципальный округ» Смоленской области", "Вяземский"),
    ("Вяземский район Смоленской области", "Вяземский"),
    ("  вяземский   район ", "Вяземский"),
    ("Вязьма", "Вяземский"),
    ("п. Шумячи", "Шумячский"),
    ("пгт Шумячи", "Шумячский"),
    ("Администрация Починковского муниципального округа", "Починковский"),
    ("Починковского района", "Починковский"),
    ("Гагарин", "Гагаринский"),
    ("г. Гагарин", "Гагаринский"),
    ("пгт Красный", "Краснинский"),
    ("Холм-Жирковский район", "Холм-Жирковский"),
    ("Администрация Холм-Жирковского муниципального округа", "Холм-Жирковский"),
    ("Ершичский", "Ершичский"),
    ("Сычёвский район", "Сычевский"),
    ("г. Десногорск", "Десногорск"),
    ("МО «город Десногорск» Смоленской области", "Десногорск"),
    ("Десногорска", "Десногорск"),
    ("Ярцевский муниципальный район", "Ярцевский"),
    ("Демидовский", "Демидовский"),
]

REFUSED = [
    "Смоленская область",
    "Смоленская обл.",
    "Администрация Смоленской области",
    "Рославльский техникум",
    "Краснинский район Липецкой области",  # Lipetsk's district of the same name
    "Брянский район",
    "Жуковский муниципальный округ",
    "Вяземский и Гагаринский районы",
    "Отдел культуры",
    "г. Москва",
    "",
    "2 квартал 2025",
]


@pytest.mark.parametrize("spelling,short", SPELLINGS)
def test_spelling_names_its_municipality(spelling, short, kind):
    found = kind.registry.resolve(spelling)
    assert found.municipality is not None, spelling
    assert found.municipality.short == short


@pytest.mark.parametrize("spelling", REFUSED)
def test_spelling_that_names_no_municipality_is_refused(spelling, kind):
    assert kind.registry.resolve(spelling).municipality is None


def test_the_table_is_large_enough():
    assert len(SPELLINGS) + len(REFUSED) >= 40


@pytest.mark.parametrize("spelling,near", [
    ("Рославльский техникум", "Рославльский"),
    ("Краснинский район Липецкой области", "Краснинский"),
    ("Вяземкий", "Вяземский"),
])
def test_a_refused_name_suggests_the_nearest(spelling, near, kind):
    assert near in kind.registry.suggest(spelling)


def test_a_text_naming_two_municipalities_chooses_neither(kind):
    found = kind.registry.find_in_text("Отчет Вяземского и Гагаринского районов")
    assert found.municipality is None
    assert [m.short for m in found.candidates] == ["Вяземский", "Гагаринский"]


def test_the_region_in_a_title_names_no_municipality(kind):
    title = ("Отчет о мероприятиях в международной сфере, проведенных органами местного самоуправления "
             "муниципальных и городских округов Смоленской области во II квартале 2025 года")
    assert kind.registry.find_in_text(title).candidates == ()


def test_file_names(kind):
    for stem, short in [("Вязьма_2кв", "Вяземский"), ("Отчет Рудня", "Руднянский"), ("Красный II кв", "Краснинский"),
                        ("Смоленский район", "Смоленский"), ("Смоленск_2кв", "Смоленск"),
                        ("Дорогобуж 2 квартал 2025", "Дорогобужский")]:
        assert kind.registry.find_in_text(stem).municipality.short == short, stem


def test_a_kind_whose_municipalities_share_a_spelling_is_refused(tmp_path):
    from reportgen.errors import KindError
    from reportgen.kind import load_kind

    text = (load_kind().path / "kind.toml").read_text(encoding="utf-8")
    text = text.replace('names = ["Велижский муниципальный округ", "Велижский район", "Велижский", "Велиж"]',
                        'names = ["Велижский муниципальный округ", "Велижский район", "Велижский", "Вязьма"]')
    (tmp_path / "kind.toml").write_text(text, encoding="utf-8")
    with pytest.raises(KindError, match="Велижский, Вяземский"):
        load_kind(tmp_path)
