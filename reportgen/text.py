"""Text clean-up for cell values and the folding used to compare names and titles."""

from __future__ import annotations

import re

# Characters XML 1.0 forbids (python-docx and lxml refuse them). Tab, LF and CR are allowed.
# With them, the direction overrides and isolates (U+202A–U+202E, U+2066–U+2069): invisible, they
# make a cell display other text than it holds («Trojan Source»), e.g. a date or a name reversed.
_ILLEGAL = re.compile("[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile("[ \t]+")


EXCEL_CELL_MAX = 32_767  # characters an Excel cell holds: openpyxl cuts longer text without a word


def fit_cell(text: str) -> tuple[str, bool]:
    """`text` as an Excel cell can hold it, and whether it had to be shortened (the cut ends with «…»)."""
    if len(text) <= EXCEL_CELL_MAX:
        return text, False
    return text[: EXCEL_CELL_MAX - 1] + "…", True


def short(text: str, limit: int = 80) -> str:
    """A text quoted in a message: on one line, and cut with «…» past `limit` characters.

    The cut falls between words («…международно-патриотической…» never becomes «…патриотическ…»):
    the last whole word that fits stays, with the punctuation after it dropped. Only when the whole
    words would fill less than half the limit (a very long word) is the text cut inside a word.
    """
    flat = " ".join(text[: limit * 4].split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit]  # one character more than is kept: a space there means the word before is whole
    at = head.rfind(" ")
    kept = head[:at] if at > limit // 2 else head[: limit - 1]
    return kept.rstrip(" ,;:.–—-«(") + "…"


def clean_cell(text: str) -> tuple[str, list[str]]:
    """Return the cell text as it goes into the report, and the control characters dropped.

    The documented clean-up, and nothing more: CR LF and CR become LF, a vertical tab (Excel's
    Alt+Enter in some exporters) becomes a line break, other control characters (and the invisible
    direction overrides) are dropped,
    tabs and runs of spaces become one space, whitespace at the edges of each line (non-breaking
    spaces included) and blank lines at the edges of the cell are removed. Everything else is
    kept: non-breaking spaces inside a line, quotes, dashes, Latin letters.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x0b" in text:
        text = text.replace("\x0b", "\n")
    dropped: list[str] = []
    if _ILLEGAL.search(text):
        dropped = _ILLEGAL.findall(text)
        text = _ILLEGAL.sub("", text)
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    if "\n" in text:
        return "\n".join(line.strip() for line in text.split("\n")).strip("\n"), dropped
    return text.strip(), dropped


_FOLD_DROP = str.maketrans({"\u00ad": None, "\u200b": None, "\ufeff": None, "ё": "е", "Ё": "е"})
_YO = str.maketrans({"ё": "е"})  # after casefold() only the small letter is left
_WS = re.compile(r"\s+")
_ALNUM = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Case-, ё- and whitespace-insensitive form of a text, for comparisons only."""
    return _WS.sub(" ", text.translate(_FOLD_DROP).casefold()).strip()


def fold_words(text: str) -> str:
    """`fold`, with every run of punctuation turned into one space (quotes, dots, dashes)."""
    folded = text.casefold().translate(_YO)
    if "\u00ad" in folded or "\u200b" in folded or "\ufeff" in folded:
        folded = folded.translate(_FOLD_DROP)
    return " ".join(_ALNUM.findall(folded))


_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")
_WORD = re.compile(r"[^\W\d_]+")
_MIXED = re.compile("[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")


def mixed_script_words(text: str) -> list[str]:
    """Words that mix Latin and Cyrillic letters, like «XХV» typed with a Latin X."""
    # Words are runs of letters, so a mixed word has a Latin letter next to a Cyrillic one.
    if not _MIXED.search(text):
        return []
    return [w for w in _WORD.findall(text) if _LATIN.search(w) and _CYRILLIC.search(w)]


def latin_letters(word: str) -> str:
    return "".join(ch for ch in word if _LATIN.match(ch))


def control_char_names(chars: list[str]) -> str:
    """Readable names of dropped control characters: "U+0001, U+001F"."""
    return ", ".join(sorted({f"U+{ord(c):04X}" for c in chars}))


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form for a count: 1 строка, 2 строки, 5 строк."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many



_STEMMER = None


def stem(word: str) -> str:
    """The Snowball stem of a folded Russian word: «смоленского» → «смоленск».

    Snowball is the field's stemmer for Russian; words of other scripts pass through as they are.
    """
    global _STEMMER
    if _STEMMER is None:
        import snowballstemmer  # imported on first use: `reportgen --help` does not pay for it

        _STEMMER = _cached(snowballstemmer.stemmer("russian").stemWord)
    return _STEMMER(word)


def _cached(fn):
    from functools import lru_cache

    return lru_cache(maxsize=65536)(fn)


# Month names as dates are written («29 марта 2025 года»): text.py holds them so the catalogue (below
# the dates parser in the layers) can write a date too (catalogue.format_date).
MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)
