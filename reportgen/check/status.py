"""The coordinator's roster and the quarter's numbers at a glance. Pure: no files, no printing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reportgen.catalogue import say
from reportgen.dates import MONTHS_NOMINATIVE
from reportgen.kind import Kind
from reportgen.model import Arrived, Entry, LeftOut, RosterLine, Validation
from reportgen.text import short

STATES = ("ready", "errors", "missing", "duplicate", "empty", "unreadable", "left-out")
STATE_WORDS = {state: say(f"state.{state}") for state in STATES}  # the catalogue's, by state


def roster(validation: Validation, kind: Kind, arrived: Sequence[Arrived] = (),
           left_out: Sequence[LeftOut] = ()) -> list[RosterLine]:
    """One line per municipality of the registry, in registry order.

    `arrived`: files and messages that came from a municipality but cannot be read
    (check.owners.attribute); `left_out`: what the coordinator left out of the run.
    """
    lines = []
    for m in kind.registry:
        subs = [s for s in validation.submissions if s.municipality and s.municipality.short == m.short]
        came = [a for a in arrived if a.municipality == m.short]
        subs = subs or theirs(validation, came)
        errors = sum(s.errors for s in subs)
        out = [lo for lo in left_out if lo.municipality == m.short]
        notes = tuple(a.line() for a in came) + tuple(
            say("status.left-out", what=_shown(lo.what), reason=lo.reason) for lo in out)
        # What concerns the municipality as a whole (events of the quarters before missing now: check.earlier),
        # and rows already in an earlier quarter's report: short, the details are validate's and the letters'.
        notes += tuple(_note(d) for s in subs for d in s.diagnostics if d.scope == "municipality")
        again = [d for s in subs for d in s.diagnostics if d.code == "event-reported-earlier"]
        if again:
            notes += (say("status.reported-earlier", n=len(again), name=short(str(again[0].fact("name")), NAME_WIDTH)),)
        if not subs and out:
            state = "left-out"
        elif not subs and came:
            state = "unreadable"
            # An unreadable file of theirs is counted among what arrived, with its errors.
            unread = [s for s in validation.submissions if s.form.file in {a.what for a in came}]
            lines.append(RosterLine(m.short, state, tuple(s.form.file for s in unread), 0,
                                    sum(s.errors for s in unread), 0, notes=notes))
            continue
        elif not subs:
            state = "missing"
        elif len(subs) > 1:
            state = "duplicate"
        elif errors:
            state = "errors"
        else:
            state = "empty" if any(d.code == "form-empty" for d in subs[0].diagnostics) else "ready"
        replaced = tuple(r.form.file for r in validation.superseded if r.municipality.short == m.short)
        lines.append(RosterLine(m.short, state, tuple(s.form.file for s in subs), sum(len(s.entries) for s in subs),
                                errors, sum(s.warnings for s in subs), replaced, notes))
    return lines


NAME_WIDTH = 50  # characters of an event's name in a roster note


def _note(d) -> str:
    """A municipality-wide finding as the roster's note: event-not-again in short (the row names the
    municipality already), any other by its message."""
    if d.code == "event-not-again":
        names = tuple(short(str(n), NAME_WIDTH) for n in d.fact("names"))
        return say("status.not-again", names=names, n=len(names) + int(d.fact("more") or 0))
    return d.message


def theirs(validation: Validation, came: Sequence[Arrived]) -> list:
    """Forms that were read but name no municipality, placed with this one by what surrounds them."""
    files = {a.what for a in came if a.form}
    return [s for s in validation.submissions if s.form.file in files] if files else []


def _shown(what: str) -> str:
    """The file's own name: the last step of a path or of «message › attachment»."""
    return what.split(' › ')[-1].replace(chr(92), '/').rsplit('/', 1)[-1]


@dataclass(frozen=True)
class Unattributed:
    """A file that arrived but is on no roster line: whose it is could not be told, and why."""

    file: str
    reason: str

    def as_dict(self) -> dict:
        return {"file": self.file, "reason": self.reason}


def unattributed(validation: Validation, arrived: Sequence[Arrived] = ()) -> list[Unattributed]:
    """Forms whose municipality is unknown (or that could not be read, and whose sender cannot be told)."""
    out = []
    placed = {a.what for a in arrived}
    for s in validation.submissions:
        if s.municipality is not None or s.form.file in placed:
            continue
        error = next((d for d in s.diagnostics if d.severity == "error"), None)
        reason = " ".join(error.message.split()) if error else say("status.no-municipality")
        out.append(Unattributed(s.form.file, reason))
    return out


def roster_summary(lines: list[RosterLine], others: int = 0, skipped: int = 0, letters: int = 0,
                   left_out: int = 0, strangers: int = 0) -> str:
    """«получено 15 файлов: …; готово 13 из 27, с ошибками 1, не прислали 13»."""
    count = Counter(line.state for line in lines)
    counted = sum(len(line.files) + len(line.superseded) for line in lines)
    return say("status.summary", received=counted + others + skipped + left_out + strangers, counted=counted,
               replaced=sum(len(line.superseded) for line in lines), others=others, skipped=skipped,
               chosen_out=left_out, strangers=strangers, letters=letters, total=len(lines),
               ready=count["ready"], errors=count["errors"], missing=count["missing"],
               duplicate=count["duplicate"], empty=count["empty"], unreadable=count["unreadable"],
               left_out=count["left-out"])


@dataclass(frozen=True)
class Glance:
    by_municipality: tuple[tuple[str, int], ...]
    by_month: tuple[tuple[str, int], ...]  # "апрель 2025" → events starting then; "без даты" last
    countries: tuple[tuple[str, int], ...]  # events naming the country, most first


def count_countries(entries: Sequence[Entry], kind: Kind) -> tuple[tuple[str, int], ...]:
    """How many of the entries name each foreign country (in the place or the participants)."""
    place_key, participants_key = kind.place_key or "", kind.participants_key or ""
    counted: Counter[str] = Counter()
    for e in entries:
        counted.update(countries_named(kind, e.row.text(place_key), e.row.text(participants_key)))
    return tuple(counted.items())


def countries_named(kind: Kind, place: str, participants: str) -> set[str]:
    """The foreign countries an event names in its place or its participants (the glance and the cover note)."""
    return kind.countries.named_in(f"{place} {participants}")


def month_label(year: int, month: int) -> str:
    """«апрель 2025»: a month of the glance and of the cover note."""
    return f"{MONTHS_NOMINATIVE[month - 1]} {year}"


def glance(validation: Validation, kind: Kind) -> Glance:
    """Events per municipality, per month of their start, and the foreign countries they name."""
    per_m: Counter[str] = Counter()
    per_month: Counter[tuple[int, int]] = Counter()
    undated = 0
    countries: Counter[str] = Counter()
    for s in validation.submissions:
        if s.municipality is None or any(d.blocks_force for d in s.diagnostics):
            continue  # a form of another quarter, or one that cannot be read whole, is not the quarter's
        per_m[s.municipality.short] += len(s.entries)
        for e in s.entries:
            if e.span:
                per_month[(e.span.start.year, e.span.start.month)] += 1
            else:
                undated += 1
        countries.update(dict(s.countries if s.countries is not None else count_countries(s.entries, kind)))
    months = [(month_label(y, m), n) for (y, m), n in sorted(per_month.items())]
    if undated:
        months.append((say("status.undated"), undated))
    order = {m.short: m.order for m in kind.registry}
    return Glance(
        by_municipality=tuple(sorted(per_m.items(), key=lambda kv: order[kv[0]])),
        by_month=tuple(months),
        countries=tuple(sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
