#!/usr/bin/env python3
"""`reportgen diff` of two archive records of a grown quarter: its wall time and peak memory.

    python bench/diff.py                       # samples/q2's report ×31 (3,007 events) and ×111 (10,767)
    python bench/diff.py --times 31,111 --repeat 3

The report of samples/q2 is grown by repeating each municipality's events (each copy's name made its
own by a word), version 2 is made from it as tests/test_diff.py makes it (events added, removed and
changed independently), both are written as records, and `reportgen diff` runs on them as a user runs
it (a new process; the tracked-changes document written). It prints the median wall time, the peak
memory of the command, and checks that the counts it prints are those the generator made.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def versions(times: int, folder: Path):
    from reportgen import api
    from reportgen.assemble import numbered
    from reportgen.period import Term
    from reportgen.write.record import write_record
    from test_diff import make_v2

    checked = api.check_paths([ROOT / "samples" / "q2"])
    kind, report = checked.kind, api.build_report(checked, force=True)

    def grow(section):
        events = [dataclasses.replace(e, cells=(f"{e.cells[0]} «Серия{chr(1072 + k % 32)}{k}»", *e.cells[1:]))
                  for k in range(times) for e in section.events]
        return dataclasses.replace(section, events=tuple(events))

    big = numbered(dataclasses.replace(report, sections=tuple(grow(s) for s in report.sections)), kind)
    v2, made = make_v2(kind, big, 1)
    term = Term.of(big.period)
    old = write_record(folder / "old", big, kind, term)
    new = write_record(folder / "new", v2, kind, term)
    return big.event_count, {k: sum(v.values()) for k, v in made.items()}, old, new


def run(old: Path, new: Path, out: Path) -> tuple[float, float, dict]:
    code = ("import resource, sys, runpy; sys.argv = ['reportgen'] + sys.argv[1:]\n"
            "try:\n    runpy.run_module('reportgen', run_name='__main__')\n"
            "finally:\n    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "    c = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "    sys.stderr.write(f'PEAK {max(r, c)}\\n')\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, "diff", str(old), str(new), "-o", str(out), "--format", "json"],
                          capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    assert proc.returncode == 0, proc.stderr
    peak = int(proc.stderr.rsplit("PEAK ", 1)[1]) / 1024
    return wall, peak, json.loads(proc.stdout)["summary"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", default="31,111", help="how many times each section's events are repeated")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for times in map(int, args.times.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-diff-") as tmp:
            events, made, old, new = versions(times, Path(tmp))
            runs = [run(old, new, Path(tmp) / "t.docx") for _ in range(args.repeat)]
            summary = runs[0][2]
            assert {k: summary[k] for k in made} == made, (summary, made)
            print(f"{events:>6} events  {made}  wall {statistics.median(r[0] for r in runs):.2f} s  "
                  f"peak {max(r[1] for r in runs):.0f} MB")


if __name__ == "__main__":
    main()
