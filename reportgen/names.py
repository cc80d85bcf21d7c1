"""Municipality names as clerks write them → the registry's municipality, or why not.

A name is reduced to its significant words. Each word is folded (case, ё, quotes, punctuation)
and stemmed with Snowball, so any grammatical case matches («Администрация Починковского
муниципального округа»). Words that only say what kind of place or body it is («г.», «пгт»,
«район», «р-н», «МО», «Администрация») are dropped, and so is the region as a phrase («Смоленской
области»). What remains must be exactly the significant words of one spelling in the registry:
«Рославльский техникум» or «Краснинский район Липецкой области» match nothing. Adjectives and
nouns are told apart by their endings, so «Смоленск» (the city) and «Смоленский» (the district)
never meet. Every spelling (towns, aliases, the noise words) is data in the kind.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass

from reportgen.text import fold_words, stem

# (stem, part of speech): "n" noun, "a" adjective, "?" either («Смоленском» is both).
Word = tuple[str, str]
Key = tuple[Word, ...]

_VOWELS = frozenset("аеиоуыэюя")
_EITHER = frozenset({"ом", "ой", "ою", "ем", "ей"})


class RegistryError(ValueError):
    """Two municipalities of a kind share a spelling: the kind's data is wrong."""


@dataclass(frozen=True)
class Municipality:
    short: str
    section: str
    names: tuple[str, ...]
    order: int
    email: tuple[str, ...] = ()  # the address letters go to by default (`reportgen letters`)

    @property
    def form_name(self) -> str:
        """The spelling the blank form's drop-down offers."""
        return self.names[0] if self.names else self.short


@dataclass(frozen=True)
class NameMatch:
    """The municipality a name means, or the several it could mean (then none is chosen)."""

    municipality: Municipality | None
    candidates: tuple[Municipality, ...] = ()


def _part(word: str, stemmed: str) -> str:
    suffix = word[len(stemmed):] if word.startswith(stemmed) else ""
    if len(suffix) >= 2 and suffix[0] in _VOWELS:
        return "?" if suffix in _EITHER else "a"
    return "n"


def _agree(a: str, b: str) -> bool:
    return a == b or a == "?" or b == "?"


class Registry:
    """The municipalities of a kind, in report order, matched by any accepted spelling."""

    def __init__(self, municipalities: tuple[Municipality, ...], noise: tuple[str, ...] = (),
                 town_words: tuple[str, ...] = (), region: tuple[str, ...] = (),
                 district_words: tuple[str, ...] = ()) -> None:
        self.municipalities = municipalities
        self._noise = {stem(w) for n in noise for w in fold_words(n).split()}
        self._towns = {stem(w) for n in town_words for w in fold_words(n).split()}
        self._districts = {stem(w) for n in district_words for w in fold_words(n).split()}
        self._region = [tuple(stem(w) for w in fold_words(r).split()) for r in region]
        self._region = [r for r in self._region if r]
        # First stem of a key → the keys that start with it, and whose they are.
        self._index: dict[str, dict[Key, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._by_short = {m.short: m for m in municipalities}
        self._spellings: dict[str, str] = {}  # folded significant spelling → short (for suggestions)
        for m in municipalities:
            for spelling in (m.short, m.section, *m.names):
                key = self.key(spelling)
                if key:
                    self._index[key[0][0]][key].add(m.short)
                    self._spellings.setdefault(" ".join(s for s, _ in key), m.short)
        for keys in self._index.values():
            for key, shorts in keys.items():
                if len(shorts) > 1:
                    from reportgen.catalogue import say

                    raise RegistryError(say("names.spelling-shared", shorts=sorted(shorts),
                                            spelling=" ".join(s for s, _ in key)))
        self._index = {k: dict(v) for k, v in self._index.items()}

    def __iter__(self):
        return iter(self.municipalities)

    def __len__(self) -> int:
        return len(self.municipalities)

    def get(self, short: str) -> Municipality | None:
        return self._by_short.get(short)

    def key(self, text: str) -> Key:
        """The significant words of a name: stems with their part of speech, noise and region dropped."""
        words = fold_words(text).split()
        stems = [stem(w) for w in words]
        parts = [_part(w, s) for w, s in zip(words, stems)]
        drop = [False] * len(words)
        for phrase in self._region:
            n = len(phrase)
            for i in range(len(stems) - n + 1):
                if tuple(stems[i:i + n]) == phrase:
                    drop[i:i + n] = [True] * n
        out: list[Word] = []
        for i, (s, part) in enumerate(zip(stems, parts)):
            if drop[i] or s in self._noise:
                continue
            if part == "?":
                # «г. Смоленском» is the city; «Смоленском районе» the district.
                if i and stems[i - 1] in self._towns:
                    part = "n"
                elif i + 1 < len(stems) and stems[i + 1] in self._districts:
                    part = "a"
            out.append((s, part))
        return tuple(out)

    def _found_at(self, key: Key, i: int) -> list[tuple[int, str]]:
        """(length, short) of every registry spelling that starts at word i of `key`."""
        found = []
        for candidate, shorts in self._index.get(key[i][0], {}).items():
            n = len(candidate)
            if i + n <= len(key) and all(c[0] == k[0] and _agree(c[1], k[1])
                                         for c, k in zip(candidate, key[i:i + n])):
                found.extend((n, s) for s in shorts)
        return found

    def resolve(self, name: str) -> NameMatch:
        """The municipality a name means: every significant word must belong to its spelling."""
        key = self.key(name)
        if not key:
            return NameMatch(None)
        shorts = sorted({s for n, s in self._found_at(key, 0) if n == len(key)},
                        key=lambda s: self._by_short[s].order)
        return self._result(shorts)

    def match(self, name: str) -> Municipality | None:
        return self.resolve(name).municipality

    def find_in_text(self, text: str) -> NameMatch:
        """The one municipality a free text names (a title, a file name), or the several it names."""
        key = self.key(text)
        shorts: set[str] = set()
        for i in range(len(key)):
            shorts.update(s for _, s in self._found_at(key, i))
        return self._result(sorted(shorts, key=lambda s: self._by_short[s].order))

    def _result(self, shorts: list[str]) -> NameMatch:
        found = tuple(self._by_short[s] for s in shorts)
        if len(found) == 1:
            return NameMatch(found[0], found)
        return NameMatch(None, found)

    def is_region(self, name: str) -> bool:
        """A name that is only the region's («Администрация Смоленской области»): no municipality at all."""
        return not self.key(name) and any(
            " ".join(phrase) in " ".join(stem(w) for w in fold_words(name).split()) for phrase in self._region)

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The registry names closest to a name that matched nothing (or too much)."""
        out = [m.short for m in self.find_in_text(name).candidates]
        significant = " ".join(s for s, _ in self.key(name)) or fold_words(name)
        for spelling in difflib.get_close_matches(significant, list(self._spellings), n=12, cutoff=0.5):
            short = self._spellings[spelling]
            if short not in out:
                out.append(short)
        return out[:n]
