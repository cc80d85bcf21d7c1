"""Two versions of one report, event by event: which are the same, added, removed or changed.

Events are paired within a municipality's section, never across: first those whose cells are all
equal (a renumbered event is the same event), then by the same-event matcher (check/same_event.py:
the name, for a generic name the place too, and dates within its CLOSE_DAYS), then by the name
alone (the dates were corrected). What stays unpaired was removed or added. Of the pairs the matcher
allows, those with more cells in common go first; only events that share a word stem of the name
are compared, as the matcher does, and at most MAX_CANDIDATES of them, the nearest first.

The sections come in the new version's order, with a municipality that only the old version has
after the section it followed there; inside a section, a removed event stands after the event it
followed in the old version. That is the order the tracked-changes document shows them in.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Sequence

from reportgen.check.same_event import Key, dates_close, same_named, text_key
from reportgen.kind import Kind
from reportgen.model import DiffRow, DiffSection, Event, Report

# The matcher looks at this many candidates for an event at most, the nearest in the section first:
# a section of thousands of like-named events stays linear.
MAX_CANDIDATES = 100


def compare(old: Report, new: Report, kind: Kind) -> tuple[DiffSection, ...]:
    """The sections of both versions, each event paired or not (see the module's docstring)."""
    olds = {s.municipality: s for s in old.sections}
    news = {s.municipality: s for s in new.sections}
    old_names, new_names = list(olds), list(news)
    pairs = {i: new_names.index(m) for i, m in enumerate(old_names) if m in news}
    out = []
    for i, j in merge(len(old_names), len(new_names), pairs):
        before = olds[old_names[i]] if i is not None else None
        after = news[new_names[j]] if j is not None else None
        if before is None:
            out.append(DiffSection(after.title, after.municipality, "added",
                                   tuple(DiffRow("added", None, e) for e in after.events)))
        elif after is None:
            out.append(DiffSection(before.title, before.municipality, "removed",
                                   tuple(DiffRow("removed", e, None) for e in before.events)))
        else:
            out.append(DiffSection(after.title, after.municipality, "same",
                                   _rows(before.events, after.events, kind, old, new),
                                   old_title=before.title if before.title != after.title else ""))
    return tuple(out)


def merge(n_old: int, n_new: int, pairs: dict[int, int]) -> list[tuple[int | None, int | None]]:
    """Both sequences in one order: the new one's, each unpaired old item after the paired item it followed."""
    after: dict[int, list[int]] = defaultdict(list)  # new index (-1: the start) → unpaired old items
    anchor = -1
    for i in range(n_old):
        if i in pairs:
            anchor = pairs[i]
        else:
            after[anchor].append(i)
    back = {j: i for i, j in pairs.items()}
    out: list[tuple[int | None, int | None]] = [(i, None) for i in after[-1]]
    for j in range(n_new):
        out.append((back.get(j), j))
        out += [(i, None) for i in after[j]]
    return out


def _rows(olds: Sequence[Event], news: Sequence[Event], kind: Kind, old: Report, new: Report) -> tuple[DiffRow, ...]:
    pairs = pair_events(olds, news, kind, old, new)
    rows = []
    for i, j in merge(len(olds), len(news), pairs):
        if i is None:
            rows.append(DiffRow("added", None, news[j]))
        elif j is None:
            rows.append(DiffRow("removed", olds[i], None))
        else:
            a, b = olds[i], news[j]
            fields = tuple(k for k, (x, y) in enumerate(zip(a.cells, b.cells)) if x != y)
            rows.append(DiffRow("changed" if fields else "same", a, b, fields))
    return tuple(rows)


def pair_events(olds: Sequence[Event], news: Sequence[Event], kind: Kind, old: Report | None = None,
                new: Report | None = None) -> dict[int, int]:
    """Old event's index → new event's index, for the events of one municipality in two versions."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    exact: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j, e in enumerate(news):
        exact[e.cells].append(j)
    for i, e in enumerate(olds):
        if exact.get(e.cells):
            j = exact[e.cells].pop(0)
            pairs[i] = j
            taken.add(j)
    left_old = [i for i in range(len(olds)) if i not in pairs]
    left_new = [j for j in range(len(news)) if j not in taken]
    if not left_old or not left_new:
        return pairs
    keys = _Keys(kind, old, new)
    index: dict[str, list[int]] = defaultdict(list)
    for j in left_new:
        named = keys.named(news[j])
        if named is not None:
            for stem in set((named.quoted or named.stems).split()):
                index[stem].append(j)
    # Every pair the matcher takes for one event, best first: dates close (or unknown), then the
    # most cells equal, then the nearest place in the section; taken greedily, each event once.
    scored = []
    for i in left_old:
        a = keys.named(olds[i])
        if a is None:
            continue
        near: set[int] = set()
        for stem in set((a.quoted or a.stems).split()):
            found = index.get(stem, ())
            at = bisect.bisect_left(found, i)  # each stem's events in section order: the nearest around i
            near.update(found[max(0, at - MAX_CANDIDATES // 2):at + MAX_CANDIDATES // 2])
        for j in heapq.nsmallest(MAX_CANDIDATES, near, key=lambda j: (abs(i - j), j)):
            if not same_named(a, keys.named(news[j])):
                continue
            spans = keys.span(olds[i], old), keys.span(news[j], new)
            close = None in spans or dates_close(*spans)
            equal = sum(x == y for x, y in zip(olds[i].cells, news[j].cells))
            scored.append((not close, -equal, abs(i - j), i, j))
    scored.sort()
    for *_, i, j in scored:
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


class _Keys:
    """Each event's name key and dates, computed once."""

    def __init__(self, kind: Kind, old: Report | None, new: Report | None) -> None:
        self.kind = kind
        self.names: dict[int, Key | None] = {}
        self.spans: dict[int, tuple[dt.date, dt.date] | None] = {}
        keys = [c.key for c in kind.content_columns]
        self.at = {role: keys.index(k) for role, k in (("name", kind.name_key), ("place", kind.place_key),
                                                        ("dates", kind.dates_key)) if k in keys}

    def cell(self, event: Event, role: str) -> str:
        i = self.at.get(role)
        return event.cells[i] if i is not None and i < len(event.cells) else ""

    def named(self, event: Event) -> Key | None:
        if id(event) not in self.names:
            key = text_key(self.cell(event, "name"), self.cell(event, "place"), self.kind)
            self.names[id(event)] = key
        return self.names[id(event)]

    def span(self, event: Event, report: Report | None) -> tuple[dt.date, dt.date] | None:
        """The event's dates: as the record keeps them, else parsed from its dates cell (a Word report)."""
        if event.start is not None and event.end is not None:
            return event.start, event.end
        if id(event) not in self.spans:
            from reportgen.dates import DateSpan, parse_dates
            from reportgen.period import Period

            period = report.period if report is not None else None
            year = getattr(period, "year", None)
            found = parse_dates(self.cell(event, "dates"), year, period if isinstance(period, Period) else None)
            self.spans[id(event)] = (found.start, found.end) if isinstance(found, DateSpan) else None
        return self.spans[id(event)]
