#!/usr/bin/env python3
"""Benchmark reportgen on generated forms with realistic text (events sampled from the reference).

    python bench/bench.py                 # 27×20 and 1,000×100, forms re-saved by LibreOffice
    python bench/bench.py --sizes 27x400 --repeat 5 --no-resave

Each size gets its own folder of forms under bench/.cache (kept between runs: generating and
re-saving 1,000 forms takes a while). Runs `reportgen validate` and `reportgen build` as a user
would (a new process each time, start-up included) and prints the median wall time, the time
per event and the peak memory of the run (ru_maxrss of the child).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from reference import load_reference  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
KIND_TOML = ROOT / "templates" / "international" / "kind.toml"
TITLES = ["№\nп/п", "Наименование мероприятия", "Место проведения\nмероприятия", "Сроки\nпроведения\nмероприятия",
          "Цель, содержание и результат мероприятия\n(в том числе краткая информация о достигнутых "
          "договоренностях, подписанных документах)",
          "Участники мероприятия\n(общее количество, другие дополнительные сведения)"]


def bench_kind(n: int, folder: Path) -> Path:
    """A copy of the real kind whose registry has `n` municipalities (a kind is only data)."""
    text = KIND_TOML.read_text(encoding="utf-8")
    head = text[: text.index("[[municipalities]]")]
    entries = "".join(
        f'\n[[municipalities]]\nshort = "Округ {i:04d}"\nsection = "Муниципальное образование «Округ {i:04d}»"\n'
        f'names = ["Округ {i:04d}"]\n' for i in range(n))
    kind_dir = folder / "kind"
    kind_dir.mkdir(parents=True, exist_ok=True)
    (kind_dir / "kind.toml").write_text(head + entries, encoding="utf-8")
    return kind_dir


def generate(n_forms: int, n_rows: int, folder: Path, seed: int = 2025) -> list[str]:
    """`n_forms` canonical forms of `n_rows` events each; returns the municipality names used."""
    rng = random.Random(seed)
    events = [row for s in load_reference().sections for row in s.rows if row[2].strip()]
    folder.mkdir(parents=True, exist_ok=True)
    if n_forms <= 27:
        from reportgen.kind import load_kind

        names = [m.short for m in load_kind().registry][:n_forms]
    else:
        names = [f"Округ {i:04d}" for i in range(n_forms)]
    for i, name in enumerate(names):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Мероприятия"
        ws.append(["Отчет о мероприятиях в международной сфере во II квартале 2025 года"])
        ws.append(["Муниципальное образование", name])
        ws.append(["Отчетный период", "II квартал 2025 года"])
        ws.append([])
        ws.append(TITLES)
        for n in range(n_rows):
            ws.append([f"{n + 1}.", *rng.choice(events)])
        wb.save(folder / f"form_{i:04d}.xlsx")
    return names


def resave_with_libreoffice(folder: Path) -> None:
    """Re-save every form with LibreOffice Calc, as real submissions are (shared strings etc.)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("  (LibreOffice not found: forms stay as openpyxl wrote them)")
        return
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as profile:
        files = sorted(str(p) for p in folder.glob("*.xlsx"))
        for start in range(0, len(files), 200):
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out,
                            *files[start:start + 200]], check=True, capture_output=True, timeout=1800)
        for p in Path(out).glob("*.xlsx"):
            shutil.move(p, folder / p.name)


def forms_for(n_forms: int, n_rows: int, resave: bool) -> tuple[Path, Path | None]:
    folder = CACHE / f"{n_forms}x{n_rows}{'-lo' if resave else ''}"
    done = folder / ".complete"
    kind_dir = bench_kind(n_forms, CACHE / f"kind-{n_forms}") if n_forms > 27 else None
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        t = time.perf_counter()
        generate(n_forms, n_rows, folder)
        if resave:
            resave_with_libreoffice(folder)
        done.write_text("ok")
        print(f"  generated {folder.name} in {time.perf_counter() - t:.1f} s")
    return folder, kind_dir


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS of that child in MB (os.wait4 gives its own rusage), exit status."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = code
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{err}")
    return wall, usage.ru_maxrss / 1024, code


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="27x20,1000x100", help="comma-separated FORMSxROWS")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-resave", action="store_true", help="do not re-save the forms with LibreOffice")
    args = ap.parse_args()
    exe = [sys.executable, "-m", "reportgen"]

    with tempfile.TemporaryDirectory() as work:
        cwd = Path(work)
        walls = [timed([*exe, "--help"], cwd)[0] for _ in range(max(args.repeat, 5))]
        print(f"reportgen --help: median {statistics.median(walls):.3f} s")
        rows = []
        for size in args.sizes.split(","):
            n_forms, n_rows = (int(v) for v in size.lower().split("x"))
            folder, kind_dir = forms_for(n_forms, n_rows, not args.no_resave)
            kind = ["--kind", str(kind_dir)] if kind_dir else []
            one = sorted(folder.glob("*.xlsx"))[0]
            for label, cmd in (
                ("validate 1 form", [*exe, "validate", str(one), *kind]),
                ("validate all", [*exe, "validate", str(folder), *kind]),
                ("build all", [*exe, "build", str(folder), "-o", str(cwd / "r.docx"), *kind]),
            ):
                results = [timed(cmd, cwd) for _ in range(args.repeat)]
                wall = statistics.median(r[0] for r in results)
                events = n_rows if label == "validate 1 form" else n_forms * n_rows
                rows.append((size, label, wall, wall / events * 1e6, max(r[1] for r in results)))
        print(f"\n{'size':>10} {'command':<16} {'median s':>9} {'µs/event':>9} {'peak MB':>8}")
        for size, label, wall, per, mem in rows:
            print(f"{size:>10} {label:<16} {wall:9.3f} {per:9.1f} {mem:8.0f}")
        print(f"\n(medians of {args.repeat}; {os.cpu_count()} CPUs; python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
