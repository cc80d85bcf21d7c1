#!/usr/bin/env python3
"""The shared-event search on a quarter of similar names: its time and how many findings it gives.

    python bench/same_event.py                     # 27 forms × 800 events, 3 rounds
    python bench/same_event.py --forms 27 --rows 800 --repeat 3

Every form reports «Дружба-101» … «Дружба-999» (one normalised name: the number is an edition and
is left out of matching), in one of 27 towns, on a day of the quarter: the worst case for grouping,
since every row is a candidate of every other. Runs in-process on model objects (no files), so
only the search is timed; prints the median wall and CPU time (the machine is shared: CPU time
compares versions better) and the findings per code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def quarter(forms: int, rows: int, seed: int = 1):
    from reportgen.kind import load_kind
    from reportgen.model import Cell, Field, Form, Row, Table

    kind = load_kind()
    rng = random.Random(seed)
    towns = [m.short for m in kind.registry]
    out = []
    for k, m in enumerate(list(kind.registry)[:forms]):
        table_rows = []
        for i in range(rows):
            day = dt.date(2025, 4, 1) + dt.timedelta(days=rng.randrange(91))
            table_rows.append(Row(10 + i, {
                "name": Cell(f"Турнир «Дружба-{rng.randrange(101, 1000)}»", f"B{10 + i}"),
                "place": Cell(f"г. {rng.choice(towns)}", f"C{10 + i}"),
                "dates": Cell(day.strftime("%d.%m.%Y"), f"D{10 + i}"),
                "goal": Cell("x", f"E{10 + i}"), "participants": Cell("y", f"F{10 + i}")}))
        table = Table("Лист1", 5, {"name": "B", "place": "C", "dates": "D", "goal": "E", "participants": "F"})
        out.append(Form(f"{m.short}.xlsx", "Лист1", {"municipality": Field(m.short, "C2")}, (table,), tuple(table_rows)))
    return kind, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=27)
    parser.add_argument("--rows", type=int, default=800)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from reportgen.check.forms import check_form, combine
    from reportgen.check.same_event import shared_events
    from reportgen.period import Period

    kind, forms = quarter(args.forms, args.rows)
    validation = combine([check_form(f, kind, Period(2025, 2)) for f in forms], kind, Period(2025, 2))
    subs = validation.submissions
    times, cpu, found = [], [], {}
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        found = shared_events(subs, kind)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    codes = Counter(d.code for ds in found.values() for d in ds)
    per_form = max((len(ds) for ds in found.values()), default=0)
    print(f"{args.forms} × {args.rows} = {args.forms * args.rows} events: shared_events median "
          f"{statistics.median(times):.2f} s wall, {statistics.median(cpu):.2f} s CPU "
          f"(runs {', '.join(f'{t:.2f}' for t in times)} s)")
    print(f"findings: {sum(codes.values())} ({', '.join(f'{c} {n}' for c, n in sorted(codes.items()))}); "
          f"most on one form: {per_form}")


if __name__ == "__main__":
    main()
