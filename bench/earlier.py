#!/usr/bin/env python3
"""The checks against earlier quarters: `validate` of a quarter with --archive against without it.

    python bench/earlier.py                              # 27 × 110 events; archives of 10 and 40 quarters × 3,000
    python bench/earlier.py --repeat 5 --quarters 10,40 --events 3000

A ten-year archive is generated once (bench/.cache/archive-<N>q-<events>): 40 quarters before
2025-Q3, each a record of 27 municipalities × ~111 events, written by reportgen's own record
writer. Texts come from the reference report's events; about a third of each quarter's names
recur from the municipality's earlier quarters, the rest are new, so the archive holds ~85,000
distinct names. The quarter checked is 27 forms × 110 events of 2025-Q3, a third of them events
the archive already has. Runs alternate in every round (`validate` without, with each archive,
then `build` without it, the build's own cost); each run's wall time, CPU time (with its workers,
os.wait4) and peak memory are medians over the rounds. In-process, the load of the archive and
the check itself are timed apart, to show each is linear in the number of quarters.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench import CACHE as BENCH_CACHE, TITLES, measure, timed  # noqa: E402
from reportgen.api.earlier import CACHE  # noqa: E402

PERIOD = (2025, 3)
RECUR = 0.33  # share of a quarter's events whose name the municipality reported before


def _word(rng: random.Random) -> str:
    syllables = "ка ли но ва ро ща зо ря бе ре за ду бра ле ми сла во ни ца гу сто лё ту ша пе ход мы".split()
    return "".join(rng.choice(syllables) for _ in range(rng.randrange(3, 5))).capitalize()


def _quarters_before(n: int) -> list[tuple[int, int]]:
    year, quarter = PERIOD
    out = []
    for _ in range(n):
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        out.append((year, quarter))
    return out[::-1]  # oldest first


class History:
    """Each municipality's names so far, and the reference texts to fill the other columns."""

    def __init__(self, shorts: list[str], seed: int = 23) -> None:
        sys.path.insert(0, str(ROOT / "tests"))
        from reference import load_reference

        self.rng = random.Random(seed)
        self.texts = [row for s in load_reference().sections for row in s.rows if row[2].strip()]
        self.names: dict[str, list[str]] = {m: [] for m in shorts}

    def event(self, who: str) -> tuple[str, str, str, str]:
        """(name, place, goal, participants): a recurring name a third of the time, else a new one."""
        rng = self.rng
        _, base, place, _, goal, participants = (None, *rng.choice(self.texts))
        known = self.names[who]
        if known and rng.random() < RECUR:
            name = rng.choice(known)
        else:
            genre = base.split("«")[0].strip() or "Мероприятие"
            name = f"{genre} «{_word(rng)} {_word(rng)}»"
            known.append(name)
        return name, place, goal, participants


def _day(year: int, quarter: int, rng: random.Random) -> dt.date:
    return dt.date(year, 3 * quarter - 2, 1) + dt.timedelta(days=rng.randrange(88))


def make_archive(folder: Path, quarters: int, events: int, history: History, kind) -> None:
    from reportgen.model import Event, Report, Section
    from reportgen.period import Period, Term
    from reportgen.write.record import write_record

    per = events // len(kind.registry)
    extra = events - per * len(kind.registry)
    for year, quarter in _quarters_before(quarters):
        sections, n = [], 0
        for k, m in enumerate(kind.registry):
            rows = []
            for line in range(per + (1 if k < extra else 0)):
                n += 1
                name, place, goal, participants = history.event(m.short)
                day = _day(year, quarter, history.rng)
                rows.append(Event(n, f"{n}.", (name, place, day.strftime("%d.%m.%Y"), goal, participants),
                                  f"{m.short}.xlsx", "Мероприятия", 6 + line, f"B{6 + line}", day, day))
            sections.append(Section(m.section, m.short, tuple(rows)))
        report = Report.of(kind, Period(year, quarter), tuple(sections))
        write_record(folder, report, kind, Term(year, quarter, quarter))


def make_forms(folder: Path, rows: int, history: History, kind) -> None:
    import openpyxl

    from reportgen.period import Period

    folder.mkdir(parents=True, exist_ok=True)
    label = Period(*PERIOD).label()
    for i, m in enumerate(kind.registry):
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("Мероприятия")
        ws.append([f"Отчет о мероприятиях в международной сфере {Period(*PERIOD).phrase()}"])
        ws.append(["Муниципальное образование", m.short])
        ws.append(["Отчетный период", label])
        ws.append([])
        ws.append(TITLES)
        for n in range(rows):
            name, place, goal, participants = history.event(m.short)
            ws.append([f"{n + 1}.", name, place, _day(*PERIOD, history.rng).strftime("%d.%m.%Y"), goal, participants])
        wb.save(folder / f"form_{i:02d}.xlsx")


def prepare(quarter_counts: list[int], events: int, rows: int) -> tuple[Path, dict[int, Path]]:
    """The archives (the longest generated once; the shorter are its newest quarters) and the quarter's forms."""
    from reportgen.kind import load_kind

    kind = load_kind()
    longest = max(quarter_counts)
    base = BENCH_CACHE / f"archive-{longest}q-{events}"
    if not (base / ".complete").exists():
        shutil.rmtree(base, ignore_errors=True)
        t = time.perf_counter()
        history = History([m.short for m in kind.registry])
        make_archive(base / "all", longest, events, history, kind)
        make_forms(base / "forms", rows, history, kind)
        (base / ".complete").write_text("ok")
        print(f"  generated {base.name} in {time.perf_counter() - t:.1f} s")
    archives = {}
    records = sorted((base / "all").glob("*.json"), key=lambda p: p.name)
    for n in quarter_counts:
        folder = base / f"last-{n}"
        if not (folder / ".complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            for path in records[-n:]:
                (folder / path.name).hardlink_to(path)
            (folder / ".complete").write_text("ok")
        archives[n] = folder
    return base / "forms", archives


def in_process(forms: Path, archives: dict[int, Path]) -> list[str]:
    """The archive's load (its keys cached) and the check itself, timed apart (one run each)."""
    from reportgen.api import check_paths
    from reportgen.api.earlier import load_earlier
    from reportgen.check.earlier import earlier_quarters
    from reportgen.period import Period

    checked = check_paths([forms], Period(*PERIOD))
    lines = []
    for n, folder in archives.items():
        t, c = time.perf_counter(), time.process_time()
        quarters, _ = load_earlier(folder, checked.kind, Period(*PERIOD))
        load = (time.perf_counter() - t, time.process_time() - c)
        events = sum(len(q.events) for q in quarters)
        t, c = time.perf_counter(), time.process_time()
        v = earlier_quarters(checked.validation, checked.kind, quarters)
        check = (time.perf_counter() - t, time.process_time() - c)
        codes = [d.code for d in v.diagnostics if d.code in ("event-reported-earlier", "event-continues",
                                                               "event-not-again")]
        lines.append(f"  {n:>3} quarters, {events:>7,} archived events: load_earlier {load[0]:.2f} s wall "
                     f"({load[1]:.2f} s CPU here, the rest in workers); earlier_quarters {check[0]:.2f} s wall "
                     f"({check[1]:.2f} s CPU); findings {len(codes)}")
    return lines


def cold(cmd: list[str], folder: Path, cwd: Path, env: dict) -> tuple[float, float, float]:
    """One run with the archive's key cache removed first: what the first check after a build costs."""
    shutil.rmtree(folder / CACHE, ignore_errors=True)
    return timed(cmd, cwd, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarters", default="10,40", help="archive sizes in quarters, comma-separated")
    parser.add_argument("--events", type=int, default=3000, help="events per archived quarter")
    parser.add_argument("--rows", type=int, default=110, help="events per form of the quarter checked (27 forms)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    counts = sorted(int(n) for n in args.quarters.split(","))
    forms, archives = prepare(counts, args.events, args.rows)
    python = [sys.executable, "-m", "reportgen"]
    period = ["--period", f"{PERIOD[0]}-Q{PERIOD[1]}"]
    with tempfile.TemporaryDirectory() as out:
        tools = {"validate": [*python, "validate", str(forms), *period, "--format", "json"]}
        for n, folder in archives.items():
            tools[f"validate --archive ({n} q)"] = [*tools["validate"], "--archive", str(folder)]
        tools["build"] = [*python, "build", str(forms), *period, "--force", "-o", str(Path(out) / "report.docx")]
        # build with the checks and its record, into a copy of the largest archive (each run adds a Q3 version)
        largest = counts[-1]
        copy = Path(out) / "archive-copy"
        shutil.copytree(archives[largest], copy)
        tools[f"build --archive ({largest} q)"] = [*tools["build"], "--archive", str(copy)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        first = {n: cold(tools[f"validate --archive ({n} q)"], folder, Path(out), env) for n, folder in archives.items()}
        for name, cmd in tools.items():  # warm-up: the key caches are written, the files are in the page cache
            timed(cmd, Path(out), env)
        runs = measure(tools, args.repeat, Path(out), {name: env for name in tools})
    print(f"27 forms × {args.rows} events of {PERIOD[0]}-Q{PERIOD[1]}; archives of {', '.join(map(str, counts))} "
          f"quarters × {args.events:,} events; medians of {args.repeat} rounds")
    print(f"  {'run':<26} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}")
    medians = {}
    for name, results in runs.items():
        wall, peak, cpu = (statistics.median(r[i] for r in results) for i in range(3))
        medians[name] = (wall, cpu, peak)
        print(f"  {name:<26} {wall:>7.2f} {cpu:>7.2f} {peak:>8.0f}")
    base, build = medians["validate"], medians["build"]
    for n in counts:
        wall, cpu, peak = medians[f"validate --archive ({n} q)"]
        print(f"  archive of {n} quarters costs {wall - base[0]:+.2f} s wall, {cpu - base[1]:+.2f} s CPU, "
              f"{peak - base[2]:+.0f} MB peak over validate; the build's own: {build[0]:.2f} s wall, "
              f"{build[1]:.2f} s CPU")
    for n, (wall, peak, cpu) in first.items():
        print(f"  the first check against {n} quarters (no key cache yet: every record read): {wall:.2f} s wall, "
              f"{cpu:.2f} s CPU, {peak:.0f} MB peak")
    wall, cpu, peak = medians[f"build --archive ({counts[-1]} q)"]
    print(f"  build --archive ({counts[-1]} q: checks and its record) against build: {wall - build[0]:+.2f} s wall, "
          f"{cpu - build[1]:+.2f} s CPU, {peak - build[2]:+.0f} MB peak")
    if len(counts) > 1:
        small, large = counts[0], counts[-1]
        extra = [medians[f"validate --archive ({n} q)"][1] - base[1] for n in (small, large)]
        ratio = extra[1] / extra[0] if extra[0] > 0 else float("nan")
        print(f"  CPU cost {large} q / {small} q: {ratio:.2f} (linear: {large / small:.2f})")
    for line in in_process(forms, archives):
        print(line)


if __name__ == "__main__":
    main()
