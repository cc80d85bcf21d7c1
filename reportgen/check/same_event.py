"""The same event reported by several municipalities: find it, and check that the facts agree.

Joint events are normal (a festival in Smolensk that Krasny and Desnogorsk also report), but
their dates and places must agree. Names are compared after normalisation (case, ё, quotes,
ordinal numerals, Latin look-alike letters, prefixes like «Участие в», word endings) with
rapidfuzz, the field's standard fuzzy matcher. A proper name in «quotes» identifies an event
by itself; a generic name ("День единения народов") only together with the place, because
every town holds its own.

Linear in practice: identical normalised names are grouped first, fuzzy comparison runs only
between distinct names that share a rare word stem, and events are paired only when their
dates are close.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

from reportgen.diagnostics import Diagnostic, Location
from reportgen.kind import Kind
from reportgen.model import Cell, Entry, Report, Row, Submission
from reportgen.text import fold, short
from reportgen.text import stem as snowball

CLOSE_DAYS = 3  # spans this far apart may still be one event reported with a wrong date
# Generic names (no «proper name»): rapidfuzz scores on word stems. token_set alone calls a
# short name "the same" as any long one containing its words; token_sort keeps that honest.
# Tuned on the reference report (see the README).
NAME_SET_SCORE, NAME_SORT_SCORE = 85, 60
QUOTED_SCORE = 90  # rapidfuzz ratio on the «proper name»
PLACE_SCORE = 70  # token_sort_ratio on the place's stems, administrative words left out
MAX_RELATED = 8
# Findings of this check per form; the rest are counted in one finding per code. A quarter of
# similar names would otherwise give every row a finding (21,600 on 27 × 800) and bury the rest.
MAX_PER_FORM = 20
MAX_COMPARED = 400  # characters of a name or place that take part in matching (a long name is ~150)
MAX_WORDS = 40
RARE_STEM_SHARE = 0.05  # a stem in more distinct names than this share (and > 50) is too common to block on

# Vocabulary: the words and letters event names and places are matched against (roman and ordinal
# numbers, Latin look-alikes of Cyrillic letters, stop words); tests/wording_sites.py does not count them.
_QUOTED = re.compile(r"[«\"“„]([^«»\"“”„]{3,})[»\"”“]")
_ROMAN = re.compile(r"^[ivxlcхі]+$")
_ORDINAL = re.compile(r"^\d+(?:-?(?:й|ый|ой|ий|го|е|я|м|ое|ая|х))?$")
_LOOKALIKE = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "и",
                            "і": "и", "k": "к", "m": "м", "t": "т", "h": "н", "b": "в"})
_WORD = re.compile(r"[^\W_]+")
_STOP = frozenset({"в", "во", "на", "и", "с", "со", "по", "к", "для", "из", "от", "за", "о", "об", "г"})
_PLACE_STOP = frozenset({"г", "гор", "город", "пос", "поселок", "п", "дер", "деревня", "село", "агрогородок",
                         "обл", "область", "области", "республика", "республики", "район", "района", "округ",
                         "округа", "муниципальный", "российская", "федерации", "федерация", "рф"})


@dataclass(frozen=True)
class _Event:
    index: int
    sub: Submission
    entry: Entry
    name: str  # as written
    stems: str  # normalised name: word stems, space-separated
    quoted: str  # normalised «proper name», or ""
    place: str  # normalised place


@lru_cache(maxsize=65536)
def _words(text: str, stop: frozenset[str] = _STOP) -> tuple[str, ...]:
    """Stems of a text's words, with ordinals and look-alike Latin letters normalised away."""
    out = []
    for word in _WORD.findall(fold(text)):
        if _ROMAN.match(word) or _ORDINAL.match(word):
            continue  # "XIV", "XХV", "31-ой": the edition, not the event
        word = word.translate(_LOOKALIKE)
        if word not in stop and word not in _STOP:
            out.append(_stem(word))
    return tuple(out)


def _stem(word: str) -> str:
    # Reports of one event decline its name differently («в Международном фестивале-конкурсе» /
    # «Международный фестиваль-конкурс»): Snowball's stem, cut to six letters so that derived
    # words («фестивальный») still meet.
    return snowball(word)[:6]


def _strip_prefix(words: tuple[str, ...], prefixes: list[tuple[str, ...]]) -> tuple[str, ...]:
    for prefix in prefixes:
        if words[: len(prefix)] == prefix:
            return words[len(prefix):]
    return words


class Key(NamedTuple):
    """An event's name and place normalised for matching (what `same_name` compares)."""

    stems: str  # the name's word stems, space-separated
    quoted: str  # the «proper name»'s stems, or ""
    place: str  # the place's stems

    def exact(self) -> str:
        """Keys equal by this string are one name: no fuzzy comparison needed between them."""
        return exact_key(self.stems, self.quoted, self.place)

    def blocking(self) -> set[str]:
        """The stems a candidate must share with this key to be compared at all."""
        return set((self.quoted or self.stems).split())


def exact_key(stems: str, quoted: str, place: str) -> str:
    """Key.exact of a key's parts: a «proper name» alone, else the name's stems and the place."""
    return f"q:{quoted}" if quoted else f"n:{stems}|{place}"


def match_key(row: Row, kind: Kind) -> Key | None:
    """A row's name and place normalised for matching: (stems, «proper name» stems, place stems)."""
    # Only a name's beginning is compared: fuzzy matching is quadratic in the text's length, and a
    # cell of a megabyte (a pasted document) would stall the run for every form against it.
    return text_key(row.text(kind.name_key or ""), row.text(kind.place_key or ""), kind)


def text_key(name: str, place: str, kind: Kind) -> Key | None:
    """An event's name and place (as texts) normalised for matching, as match_key does for a form's row."""
    name = name[:MAX_COMPARED]
    if not name:
        return None
    prefixes = _prefixes(kind.event_prefixes)
    quoted = max(_QUOTED.findall(name), key=len, default="")
    return Key(" ".join(_strip_prefix(_words(name), prefixes)[:MAX_WORDS]),
               " ".join(_words(quoted)[:MAX_WORDS]) if quoted else "",
               " ".join(_words(place[:MAX_COMPARED], _PLACE_STOP)[:MAX_WORDS]))


class StemIndex:
    """Keys indexed by their rare stems: the bounded candidate search of every matcher here.

    A stem found in more than RARE_STEM_SHARE of the keys (and in more than 50) is too common to
    block on, so a key is compared with at most a few hundred others per stem, never with all.
    """

    def __init__(self, keys: Sequence[Key]) -> None:
        self.keys = keys
        self.index: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            for stem in key.blocking():
                self.index[stem].append(i)
        self.too_common = max(50, int(RARE_STEM_SHARE * len(keys)))

    def candidates(self, key: Key, below: int | None = None) -> set[int]:
        """Positions of the keys sharing a rare stem with `key` (only those before `below`, if given)."""
        out: set[int] = set()
        for stem in key.blocking():
            found = self.index.get(stem, ())
            if len(found) <= self.too_common:
                out.update(j for j in found if below is None or j < below)
        return out


@lru_cache(maxsize=16)
def _prefixes(prefixes: tuple[str, ...]) -> list[tuple[str, ...]]:
    return sorted((_words(p) for p in prefixes), key=len, reverse=True)


def same_named(a: Key, b: Key) -> bool:
    """The matcher's rule for one event's name (and, for a generic name, its place) in two reports."""
    from rapidfuzz import fuzz

    return same_name(a, b, fuzz)


def dates_close(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    """Two spans the matcher takes for one event's dates: each starts within CLOSE_DAYS of the other's end."""
    days = dt.timedelta(days=CLOSE_DAYS)
    return b[0] - a[1] <= days and a[0] - b[1] <= days


@lru_cache(maxsize=16)
def _prefixes(prefixes: tuple[str, ...]) -> list[tuple[str, ...]]:
    return sorted((_words(p) for p in prefixes), key=len, reverse=True)


def _events(submissions: Sequence[Submission], kind: Kind) -> list[_Event]:
    out = []
    for sub in submissions:
        if sub.municipality is None:
            continue
        for entry in sub.entries:
            key = match_key(entry.row, kind)
            if entry.span is None or key is None:
                continue
            stems, quoted, place = key
            out.append(_Event(index=len(out), sub=sub, entry=entry,
                              name=" ".join(entry.row.text(kind.name_key or "").split()),
                              stems=stems, quoted=quoted, place=place))
    return out


def same_name(a: Key | _Event, b: Key | _Event, fuzz) -> bool:
    """Whether two events' names (and, for a generic name, places) are one event's, by the fuzzy bounds."""
    if a.quoted and b.quoted:
        return fuzz.ratio(a.quoted, b.quoted) >= QUOTED_SCORE
    if a.quoted or b.quoted:
        return False
    # Generic names: the same only at the same place ("День единения" is held everywhere).
    return (fuzz.token_set_ratio(a.stems, b.stems) >= NAME_SET_SCORE
            and fuzz.token_sort_ratio(a.stems, b.stems) >= NAME_SORT_SCORE
            and _same_place(a.place, b.place, fuzz))


def _same_place(a: str, b: str, fuzz) -> bool:
    return a.split()[:1] == b.split()[:1] or fuzz.token_sort_ratio(a, b) >= PLACE_SCORE


def shared_events(submissions: Sequence[Submission], kind: Kind) -> dict[int, list[Diagnostic]]:
    """Findings per submission (by position in `submissions`) about events reported elsewhere too."""
    findings: dict[int, list[Diagnostic]] = defaultdict(list)
    position = {id(s): i for i, s in enumerate(submissions)}
    for cluster in _shared_clusters(submissions, kind):
        _report(cluster, kind, findings, position)
    return _bounded(findings, submissions)


def shared_clusters(submissions: Sequence[Submission], kind: Kind) -> list[list[tuple[Submission, Entry]]]:
    """The events several municipalities reported: each cluster's rows, as the findings above group them."""
    return [[(e.sub, e.entry) for e in cluster] for cluster in _shared_clusters(submissions, kind)
            if len({e.sub.municipality.short for e in cluster}) >= 2]


def shared_in_report(report: Report, kind: Kind) -> list[tuple[int, ...]]:
    """The events several municipalities reported, from a built report's rows alone: their numbers, per cluster.

    For a report whose forms are not at hand (a half-year or a year, made of archived quarters
    and Word reports): the same matcher and bounds as shared_clusters, over the report's events.
    """
    from types import SimpleNamespace

    from reportgen.dates import DateSpan

    keys = [c.key for c in kind.content_columns]
    events: list[_Event] = []
    for section in report.sections:
        owner = SimpleNamespace(municipality=SimpleNamespace(short=section.municipality))
        for e in section.events:
            row = Row(e.number, {k: Cell(v, "") for k, v in zip(keys, e.cells)})
            key = match_key(row, kind)
            if e.start is None or e.end is None or key is None:
                continue
            events.append(_Event(index=len(events), sub=owner, entry=Entry(row, DateSpan(e.start, e.end, "day")),  # type: ignore[arg-type]
                                 name="", stems=key[0], quoted=key[1], place=key[2]))
    return [tuple(sorted(e.entry.row.line for e in cluster)) for cluster in _shared_clusters((), kind, events)
            if len({e.sub.municipality.short for e in cluster}) >= 2]


def _shared_clusters(submissions: Sequence[Submission], kind: Kind,
                     events: list[_Event] | None = None) -> Iterator[list[_Event]]:
    """Clusters of one event in the forms of at least two municipalities (a cluster may still be of one)."""
    events = _events(submissions, kind) if events is None else events
    if len({e.sub.municipality.short for e in events}) < 2:
        return
    from rapidfuzz import fuzz

    # 1. Identical keys are one name; 2. fuzzy matches between distinct keys, blocked on rare stems.
    by_key: dict[str, list[_Event]] = defaultdict(list)
    for e in events:
        by_key[Key(e.stems, e.quoted, e.place).exact()].append(e)
    keys = list(by_key)
    reps = [by_key[k][0] for k in keys]
    index = StemIndex([Key(r.stems, r.quoted, r.place) for r in reps])
    # Complete linkage: a name joins a group only if it matches every name already in it, so
    # A ~ B ~ C never makes one event of A and C when they do not match themselves.
    group_of: list[int] = []
    members: list[list[int]] = []
    for i, rep in enumerate(reps):
        candidates = index.candidates(index.keys[i], below=i)
        matched: dict[int, int] = defaultdict(int)  # group → how many of its names match this one
        for j in sorted(candidates):
            if same_name(rep, reps[j], fuzz):
                matched[group_of[j]] += 1
        fits = [g for g, n in matched.items() if n == len(members[g])]
        if fits:
            g = max(fits, key=lambda g: (len(members[g]), -g))
        else:
            g = len(members)
            members.append([])
        group_of.append(g)
        members[g].append(i)

    # 3. Within one name, events whose dates are all close to each other are one event.
    for names in members:
        group = [e for i in names for e in by_key[keys[i]]]
        if len({e.sub.municipality.short for e in group}) < 2:
            continue
        yield from _clusters(group)


def _clusters(group: list[_Event]) -> list[list[_Event]]:
    """The group cut into runs in which every two events' dates are close (complete linkage).

    In start order an event is close to every earlier one of its run exactly when its start is
    within CLOSE_DAYS of the run's earliest end, so one number per run is enough.
    """
    group.sort(key=lambda e: (e.entry.span.start, e.entry.span.end, e.index))
    out: list[list[_Event]] = []
    earliest_end = None
    for e in group:
        if out and e.entry.span.start - earliest_end <= dt.timedelta(days=CLOSE_DAYS):
            out[-1].append(e)
            earliest_end = min(earliest_end, e.entry.span.end)
        else:
            out.append([e])
            earliest_end = e.entry.span.end
    return out


def _report(cluster: list[_Event], kind: Kind, findings, position) -> None:
    """Findings for one event reported by several municipalities; linear in the cluster's size.

    Each row is compared with one representative per distinct (dates, municipality) and per
    distinct place, not with every other row: a festival reported a thousand times costs a
    thousand steps, not a million.
    """
    if len({e.sub.municipality.short for e in cluster}) < 2:
        return
    from rapidfuzz import fuzz

    name_key, place_key = kind.name_key or "", kind.place_key or ""
    per_municipality: dict[str, int] = defaultdict(int)
    by_span: dict[tuple, dict[str, _Event]] = defaultdict(dict)
    by_place: dict[str, dict[str, _Event]] = defaultdict(dict)
    for e in cluster:
        per_municipality[e.sub.municipality.short] += 1
        by_span[(e.entry.span.start, e.entry.span.end)].setdefault(e.sub.municipality.short, e)
        by_place[e.place].setdefault(e.sub.municipality.short, e)
    same_place: dict[tuple[str, str], bool] = {}

    def place_agrees(a: str, b: str) -> bool:
        if (a, b) not in same_place:
            same_place[(a, b)] = _same_place(a, b, fuzz)
        return same_place[(a, b)]

    first_of = {}  # one row per municipality: what the others are shown
    for e in cluster:
        first_of.setdefault(e.sub.municipality.short, e)

    def compare(e: _Event) -> tuple[str, tuple[Location, ...], dict] | None:
        """What rows like `e` (same municipality, dates and place) are told: code, related, facts."""
        me = e.sub.municipality.short
        span = (e.entry.span.start, e.entry.span.end)

        def examples(groups, keep) -> list[_Event]:
            return list(islice((o for key, reps in groups.items() if keep(key) for m, o in reps.items() if m != me),
                               MAX_RELATED))

        differ_dates = examples(by_span, lambda s: s != span)
        differ_place = examples(by_place, lambda p: not place_agrees(p, e.place))
        others = list(islice((o for m, o in first_of.items() if m != me), MAX_RELATED))
        if not others:
            return None
        total = len(cluster) - per_municipality[me]
        shown = _unique(differ_dates + differ_place + others)[:MAX_RELATED]
        related = tuple(Location(o.sub.form.file, o.entry.row.sheet or o.sub.form.sheet, o.entry.row.cells[name_key].ref)
                        for o in shown)
        more = max(0, total - len(shown))
        if not (differ_dates or differ_place):
            who = tuple(dict.fromkeys(o.sub.municipality.short for o in shown))
            return "event-shared", related, {"who": who, "more": more}
        # Another municipality by its facts (name, row, dates as parsed), never its words: the
        # message reaches the letter to this row's municipality (the catalogue words them).
        others = tuple((o.sub.municipality.short, o.entry.row.line, o.entry.span.start, o.entry.span.end,
                        o in differ_dates, o in differ_place)
                       for o in _unique(differ_dates + differ_place)[:MAX_RELATED])
        return "event-conflict", related, {
            "others": others, "more": more, "start": e.entry.span.start, "end": e.entry.span.end,
            "dates_differ": bool(differ_dates),
            "place": " ".join(e.entry.row.text(place_key).split()) if differ_place else None}

    told: dict[tuple, tuple[str, tuple[Location, ...], dict] | None] = {}
    for e in cluster:
        key = (e.sub.municipality.short, e.entry.span.start, e.entry.span.end, e.place)
        if key not in told:
            told[key] = compare(e)
        if told[key] is None:
            continue
        code, related, facts = told[key]
        form = e.sub.form
        findings[position[id(e.sub)]].append(Diagnostic.of(
            code, file=form.file, sheet=e.entry.row.sheet or form.sheet, cell=e.entry.row.cells[name_key].ref,
            related=related, name=short(e.name, 150), **facts))


def _unique(events: list[_Event]) -> list[_Event]:
    seen: set[int] = set()
    return [e for e in events if not (e.index in seen or seen.add(e.index))]


def _bounded(findings: dict[int, list[Diagnostic]], submissions: Sequence[Submission]) -> dict[int, list[Diagnostic]]:
    """At most MAX_PER_FORM findings per form, conflicts first; the rest counted, per municipality."""
    owner = {s.form.file: s.municipality.short for s in submissions if s.municipality is not None}
    out: dict[int, list[Diagnostic]] = {}
    for pos, found in findings.items():
        if len(found) <= MAX_PER_FORM:
            out[pos] = found
            continue
        ordered = ([d for d in found if d.code == "event-conflict"] + [d for d in found if d.code != "event-conflict"])
        kept, rest = ordered[:MAX_PER_FORM], ordered[MAX_PER_FORM:]
        out[pos] = kept
        form = submissions[pos].form
        for code, more in (("event-conflict", "event-conflict-more"), ("event-shared", "event-shared-more")):
            left = [d for d in rest if d.code == code]
            if left:
                out[pos].append(_more(more, left, owner, form))
    return out


def _more(code: str, left: list[Diagnostic], owner: dict[str, str], form) -> Diagnostic:
    """One finding for the rows of a form whose own findings were left off: how many, with whom."""
    rows = {(d.sheet, d.cell) for d in left}
    per: dict[str, int] = defaultdict(int)
    for d in left:
        for m in dict.fromkeys(owner.get(r.file, "") for r in d.related):
            if m:
                per[m] += 1
    ranked = sorted(per.items(), key=lambda item: (-item[1], item[0]))
    return Diagnostic.of(code, file=form.file, sheet=form.sheet, n=len(rows), limit=MAX_PER_FORM,
                         counts=tuple(ranked[:MAX_RELATED]), more=max(0, len(ranked) - MAX_RELATED))


# -- longer periods (23.3): one municipality's event reported in several quarters --


def carried_over(events: Sequence[tuple[dict[str, str], dt.date | None, dt.date | None, int]],
                 kind: Kind) -> list[list[int]]:
    """Which of one municipality's events, from several quarters, are one event: groups of indices, in order.

    `events`: (cells by column key, start, end, quarter) in report order. Two events are one
    when the matcher calls their names (and, for a generic name, places) the same, their dates
    overlap or lie within CLOSE_DAYS of each other, and they come from different quarters: the
    rows of one quarter are that quarter's own. Complete linkage, as shared_events: an event
    joins a group only if it matches every event in it. Candidates are found through rare word
    stems (the same bound as shared_events), so the work stays linear in the number of events.
    Events without a name or readable dates stay events of their own.
    """
    from rapidfuzz import fuzz

    groups: list[list[int]] = []
    members: list[list[tuple[Key, dt.date, dt.date, int]]] = []
    by_stem: dict[str, list[int]] = defaultdict(list)
    keyed = []
    for i, (cells, start, end, part) in enumerate(events):
        key = match_key(Row(0, {k: Cell(v, "") for k, v in cells.items()}), kind) if start and end else None
        keyed.append(key)
    distinct = len({k for k in keyed if k is not None})
    too_common = max(50, int(RARE_STEM_SHARE * distinct))
    for i, ((cells, start, end, part), key) in enumerate(zip(events, keyed)):
        if key is None:
            groups.append([i])
            members.append([])
            continue
        stems = key.blocking()
        candidates: set[int] = set()
        for stem in stems:
            if len(by_stem[stem]) <= too_common:
                candidates.update(by_stem[stem])
        home = None
        for g in sorted(candidates):
            if all(p != part and dates_close((start, end), (s, e)) and same_name(key, other, fuzz)
                   for other, s, e, p in members[g]):
                home = g
                break
        if home is None:
            home = len(groups)
            groups.append([])
            members.append([])
            for stem in stems:
                by_stem[stem].append(home)
        groups[home].append(i)
        members[home].append((key, start, end, part))
    return groups
