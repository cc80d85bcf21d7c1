#!/usr/bin/env python3
"""The year report (build --period 2025) from a year of forms and from the archive of its quarters.

    python bench/year.py                          # 4 quarters × 27 forms × ~110 events, 3 rounds
    python bench/year.py --per-quarter 73 --repeat 3 --dir /tmp/year-bench

Generates the year with tests/forms.py (year_happenings, year_forms: events carried over, reported
late, recurring), records each quarter's build in an archive (in-process, not timed), then runs
`reportgen build --period 2025` alternately from the 4 × 27 forms and from the archive, as a user
runs it (tests/measure.py: wall time and the run's own peak memory, workers included). Prints the
medians and checks that both reports hold the same rows.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--per-quarter", type=int, default=73, help="events each municipality holds per quarter")
    parser.add_argument("--forms", type=int, default=27, help="municipalities (forms per quarter)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None, help="where to write the year (default: a temporary folder)")
    args = parser.parse_args()

    from docx_text import read_report
    from forms import year_forms, year_happenings
    from measure import run_cli

    from reportgen import api
    from reportgen.api.archive import record_build
    from reportgen.kind import load_kind
    from reportgen.period import Period

    kind = load_kind()
    work = args.dir or Path(tempfile.mkdtemp(prefix="year-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    who = tuple(m.short for m in kind.registry)[: args.forms]
    truth = year_happenings(who, args.per_quarter)
    folders = year_forms(work / "forms", truth)
    archive = work / "archive"
    rows = {}
    for q, folder in folders.items():
        checked = api.check_paths([folder], period=Period(2025, q), kind=kind)
        report = api.build_report(checked, force=True)
        rows[q] = report.event_count
        record_build(archive, report, checked, kind=kind)
    print(f"year: {args.forms} forms × 4 quarters, events per quarter {list(rows.values())} "
          f"(~{sum(rows.values()) // (4 * args.forms)} per form), {len(truth)} events in all")
    runs = {"forms": ["build", "--period", "2025", *folders.values(), "--force", "-o", work / "from-forms.docx"],
            "archive": ["build", "--period", "2025", "--archive", archive, "-o", work / "from-archive.docx"]}
    measured: dict[str, list[tuple[float, int]]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, command in runs.items():
            code, out, err, wall, peak = run_cli(*command, cwd=work)
            assert code == 0, out + err
            measured[name].append((wall, peak))
    for name, results in measured.items():
        wall = statistics.median(w for w, _ in results)
        peak = statistics.median(p for _, p in results) / 2**20
        print(f"build --period 2025 from {name:7}: median {wall:6.2f} s, peak memory {peak:6.0f} MB "
              f"({args.repeat} runs)")
    same = read_report(work / "from-forms.docx") == read_report(work / "from-archive.docx")
    print(f"same report from both: {same}; events in the year report: {len(read_report(work / 'from-archive.docx')[1])} rows "
          "(sub-headings and sections included)")


if __name__ == "__main__":
    main()
