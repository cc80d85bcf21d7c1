#!/usr/bin/env python3
"""What `build --archive` costs beside `build`: samples/q2 and generated quarters, runs alternating.

    python bench/archive.py                       # samples/q2 and 27x400, 5 rounds
    python bench/archive.py --sizes 27x4000 --repeat 3

Each --archive run writes into a fresh archive folder (the record of one quarter; the checks
against earlier periods, issue 23.2, are measured with their own archive). Medians of wall time
and of each run's peak memory (its own rusage, os.wait4, as bench/bench.py measures).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from bench import forms_for, timed  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="27x400", help="comma-separated FORMSxROWS (besides samples/q2)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    inputs = [("samples/q2", ROOT.parent / "samples" / "q2")]
    for size in filter(None, args.sizes.split(",")):
        n_forms, n_rows = map(int, size.split("x"))
        inputs.append((size, forms_for(n_forms, n_rows, resave=False)[0]))
    print(f"{'input':>12} {'build s':>9} {'--archive s':>12} {'ratio':>6} {'build MB':>9} {'--archive MB':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        for name, folder in inputs:
            plain, archived = [], []
            for i in range(args.repeat):
                base = [sys.executable, "-m", "reportgen", "build", str(folder), "--force"]
                plain.append(timed([*base, "-o", str(cwd / f"p{i}.docx")], cwd))
                archived.append(timed([*base, "-o", str(cwd / f"a{i}.docx"), "--archive", str(cwd / f"arch{i}")],
                                      cwd))
            wall_p, wall_a = (statistics.median(r[0] for r in runs) for runs in (plain, archived))
            mem_p, mem_a = (statistics.median(r[1] for r in runs) for runs in (plain, archived))
            print(f"{name:>12} {wall_p:9.2f} {wall_a:12.2f} {wall_a / wall_p:6.2f} {mem_p:9.0f} {mem_a:13.0f}")


if __name__ == "__main__":
    main()
