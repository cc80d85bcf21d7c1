"""Where reportgen still writes Russian outside the catalogue: string literals with Cyrillic letters.

    python tests/wording_sites.py          # the count and each site (module:line)

Docstrings do not count (they are for developers); data vocabularies that are matched against
what users typed (month names, title words) are listed in VOCABULARY (whole modules) or
VOCABULARY_NAMES (named constants of a module) and do not count either.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "reportgen"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Modules that hold what users' text is matched against, not what reportgen says.
VOCABULARY = {"catalogue.py"}
# Module-level constants, by module, whose string literals are vocabulary: words that what users typed
# (form cells, headers, periods) is matched against, never shown as reportgen's own sentence. Only the
# literals inside these names' values are exempt; any other Russian literal in the module still counts.
VOCABULARY_NAMES: dict[str, set[str]] = {
    # fold(): «ё» is compared as «е»; the genitive month names are also what the dates parser suggests
    # and accepts (dates.py matches them); «года» of format_date is in the catalogue (date.long).
    "text.py": {"_FOLD_DROP", "_YO", "MONTHS_GENITIVE"},
    # the month names (nominative, as «июль 2025 года» is written and read), their forms and the filler
    # words a dates cell is parsed with; the period's words («в течение квартала») and the quarter and
    # half-year words a dates cell is recognised by. The sentences about dates are in the catalogue.
    "dates.py": {"MONTHS_NOMINATIVE", "_MONTH_NAME_FORMS", "_NOISE", "_RANGE_WORDS", "_LIST_WORDS", "_WHOLE_PERIOD",
                 "_QUARTER_MARK", "_QUARTER_REST", "_QUARTERLY_WORDS"},
    # the patterns a form row is recognised by: placeholders, column numbers, initials, stamps, month
    # names, section numbers, «мероприятий не было» and the word an event's text is told by.
    "read/rows.py": {"_PLACEHOLDER", "_NUMBER", "_INITIALS", "_STAMP", "_PHONE_WORD", "_MONTH", "_SECTION_NUMBER",
                     "_NONE_HELD", "_EVENT_WORD"},
    # the period's codes, quarter and half-year words, month stems a period field is parsed with.
    "period.py": {"_CODE", "_CODE_BACK", "_QUARTER_MARK", "_QUARTER", "_WORD_VALUE", "_FIELD_BACKWARD", "_MONTH_STEMS",
                  "_TERM_CODE", "_TERM_YEAR", "_HALF", "_NINE", "_WHOLE_YEAR", "_FIRST_WORD"},
    # the header words of the contacts table's columns.
    "read/contacts.py": {"_NAME_PARTS", "_ACCEPT_WORDS", "_EMAIL_WORDS", "_EMAIL_START", "_MUNICIPALITY_WORDS",
                         "_MUNICIPALITY_HEADERS", "_PERSON_WORDS"},
    # the vowels and the case endings that municipality names are stemmed by.
    "names.py": {"_VOWELS", "_EITHER"},
    # «№» compared as the word «номер»; ё compared as е (column titles, country names)
    "kind.py": {"_NUMBER_WORD", "_YO_AS_E"},
    # event names and places matched across forms: roman and ordinal numbers, look-alike letters, stop words
    "check/same_event.py": {"_ROMAN", "_ORDINAL", "_LOOKALIKE", "_STOP", "_PLACE_STOP"},
    # Latin file names matched against the registry: the transliteration table, and a Cyrillic letter's test
    "check/owners.py": {"_LATIN", "_CYRILLIC"},
    # a form's labels matched with ё read as е
    "read/fields.py": {"_YO_AS_E", "_YO_AS_E_LOWER"},
    # a column title's first letters matched with е also read as ё
    "read/header.py": {"_E_AS_YO"},
}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _vocabulary(tree: ast.Module, names: set[str]) -> set[int]:
    """The string literals in the values of the module-level constants `names`."""
    ids = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
            if isinstance(node, ast.AnnAssign) and node.value is not None else []
        if any(isinstance(t, ast.Name) and t.id in names for t in targets):
            ids.update(id(n) for n in ast.walk(node.value) if isinstance(n, ast.Constant))
    return ids


def vocabulary_assigned(name: str) -> set[str]:
    """Which of the module's VOCABULARY_NAMES are assigned at its top level (a test keeps the list exact)."""
    tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
    names = VOCABULARY_NAMES[name]
    return {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name) and t.id in names}


def sites() -> list[tuple[str, int]]:
    """(module, line) of every string literal with Cyrillic letters outside the catalogue."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name in VOCABULARY:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree) | _vocabulary(tree, VOCABULARY_NAMES.get(name, set()))
        lines = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                    and CYRILLIC.search(node.value):
                lines.add(node.lineno)
        found.extend((name, line) for line in sorted(lines))
    return found


if __name__ == "__main__":
    every = sites()
    for name, line in every:
        print(f"{name}:{line}")
    modules = {name for name, _ in every}
    print(f"{len(every)} sites in {len(modules)} modules", file=sys.stderr)
