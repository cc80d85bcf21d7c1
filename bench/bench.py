#!/usr/bin/env python3
"""Benchmark: reportgen against the floor and the naive script, side by side.

    python bench/bench.py                          # 27×400 and 27×4,000 events, 3 rounds
    python bench/bench.py --sizes 27x20,1000x100   # the sizes of the core issue
    python bench/bench.py --repeat 5 --no-resave
    python bench/bench.py --sizes 27x400 --mail     # also: the same forms as saved e-mail (.eml, mbox)
    python bench/bench.py --before /tmp/old          # also: another tree's reportgen (its PYTHONPATH)

Forms are generated from the reference report's events (deterministic seed), in the canonical
layout the yardsticks expect, and re-saved by LibreOffice when it is installed (application-
saved files have a shared-strings table, as real submissions do). They are kept under
bench/.cache between runs.

The yardsticks are bench/yardsticks/floor.py (python-calamine + raw WordprocessingML through
zipfile: what any implementation must at least spend) and naive.py (openpyxl + python-docx
add_row: the first script a person would write), copied unchanged from ../shared/bench/.
Runs alternate between the tools in every round; the table gives medians, the time per event
the peak memory and the CPU seconds of each run (its own rusage, from os.wait4: the CPU counts
the worker processes too, the machine being shared).
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
YARDSTICKS = ROOT / "bench" / "yardsticks"
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
    if "[[" in text[text.index("[[municipalities]]"):].replace("[[municipalities]]", ""):
        raise SystemExit("bench_kind expects the municipalities at the end of kind.toml")
    kind_dir = folder / "kind"
    kind_dir.mkdir(parents=True, exist_ok=True)
    (kind_dir / "kind.toml").write_text(head + entries, encoding="utf-8")
    return kind_dir


def generate(n_forms: int, n_rows: int, folder: Path, seed: int = 2025) -> None:
    """`n_forms` canonical forms of `n_rows` events each, sampled from the reference report."""
    rng = random.Random(seed)
    events = [row for s in load_reference().sections for row in s.rows if row[2].strip()]
    folder.mkdir(parents=True, exist_ok=True)
    if n_forms <= 27:
        from reportgen.kind import load_kind

        names = [m.short for m in load_kind().registry][:n_forms]
    else:
        names = [f"Округ {i:04d}" for i in range(n_forms)]
    for i, name in enumerate(names):
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("Мероприятия")
        ws.append(["Отчет о мероприятиях в международной сфере во II квартале 2025 года"])
        ws.append(["Муниципальное образование", name])
        ws.append(["Отчетный период", "II квартал 2025 года"])
        ws.append([])
        ws.append(TITLES)
        for n in range(n_rows):
            ws.append([f"{n + 1}.", *rng.choice(events)])
        wb.save(folder / f"form_{i:04d}.xlsx")


def resave_with_libreoffice(folder: Path) -> None:
    """Re-save every form with LibreOffice Calc, as real submissions are."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("  (LibreOffice not found: forms stay as openpyxl wrote them)")
        return
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as profile:
        files = sorted(str(p) for p in folder.glob("*.xlsx"))
        for start in range(0, len(files), 200):
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out,
                            *files[start:start + 200]], check=True, capture_output=True, timeout=3600)
        for p in Path(out).glob("*.xlsx"):
            shutil.move(p, folder / p.name)


def forms_for(n_forms: int, n_rows: int, resave: bool) -> tuple[Path, Path | None]:
    folder = CACHE / f"{n_forms}x{n_rows}{'-lo' if resave else ''}"
    kind_dir = bench_kind(n_forms, CACHE / f"kind-{n_forms}") if n_forms > 27 else None
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        t = time.perf_counter()
        generate(n_forms, n_rows, folder)
        if resave:
            resave_with_libreoffice(folder)
        (folder / ".complete").write_text("ok")
        print(f"  generated {folder.name} in {time.perf_counter() - t:.1f} s")
    return folder, kind_dir


def as_mail(folder: Path) -> Path:
    """The same forms as a coordinator's saved mail: half as .eml files, half in one mbox (a Thunderbird folder)."""
    import email.policy
    from email.message import EmailMessage

    mail = folder.parent / f"{folder.name}-mail"
    if (mail / ".complete").exists():
        return mail
    shutil.rmtree(mail, ignore_errors=True)
    mail.mkdir()
    files = sorted(folder.glob("*.xlsx"))
    with open(mail / "Inbox", "wb") as mbox:
        for i, path in enumerate(files):
            msg = EmailMessage()
            msg["From"], msg["Subject"] = f"Округ {i} <mo{i}@example.ru>", f"Отчет за квартал — {path.stem}"
            msg["Date"] = f"Tue, 08 Jul 2025 {i % 24:02d}:00:00 +0300"
            msg.set_content("Отчет во вложении.")
            msg.add_attachment(path.read_bytes(), maintype="application",
                               subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename=path.name)
            raw = msg.as_bytes(policy=email.policy.SMTP)
            if i % 2:
                mbox.write(b"From - Tue Jul  8 10:00:00 2025\n" + raw.replace(b"\r\n", b"\n") + b"\n")
            else:
                (mail / f"{path.stem}.eml").write_bytes(raw)
    (mail / ".complete").write_text("ok")
    return mail


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS in MB and CPU seconds (user + system, with its reaped workers) of one run.

    os.wait4 reports the run's own rusage, whose peak RSS covers the worker processes it
    waited for (Linux: the largest of the process and its reaped descendants).
    """
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{err}")
    proc.stderr.close()
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure(tools: dict[str, list[str]], repeat: int, cwd: Path,
            envs: dict[str, dict[str, str]] | None = None) -> dict[str, list[tuple[float, float, float]]]:
    """Every tool once per round, the rounds repeated: machine noise hits all tools alike."""
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in tools}
    for _ in range(repeat):
        for name, cmd in tools.items():
            runs[name].append(timed(cmd, cwd, (envs or {}).get(name)))
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="27x400,27x4000", help="comma-separated FORMSxROWS")
    ap.add_argument("--repeat", type=int, default=3, help="rounds (medians are reported)")
    ap.add_argument("--no-resave", action="store_true", help="do not re-save the forms with LibreOffice")
    ap.add_argument("--mail", action="store_true", help="also build from the same forms as saved e-mail")
    ap.add_argument("--naive-limit", type=int, default=20000,
                    help="skip the naive script above this many events (it is quadratic)")
    ap.add_argument("--before", type=Path, metavar="DIR",
                    help="also run the reportgen of another tree (a checkout or `git archive` holding reportgen/)")
    args = ap.parse_args()
    py = sys.executable
    exe = [py, "-m", "reportgen"]

    with tempfile.TemporaryDirectory() as work:
        cwd = Path(work)
        help_runs = [timed([*exe, "--help"], cwd)[0] for _ in range(max(args.repeat, 5))]
        rows: list[tuple] = []
        per_event: dict[str, float] = {}
        for size in args.sizes.split(","):
            n_forms, n_rows = (int(v) for v in size.lower().split("x"))
            events = n_forms * n_rows
            folder, kind_dir = forms_for(n_forms, n_rows, not args.no_resave)
            kind = ["--kind", str(kind_dir)] if kind_dir else []
            files = sorted(str(p) for p in folder.glob("*.xlsx"))
            tools = {
                "floor": [py, str(YARDSTICKS / "floor.py"), str(cwd / "floor.docx"), *files],
                "reportgen build": [*exe, "build", str(folder), "-o", str(cwd / "r.docx"), *kind],
            }
            envs = {}
            if args.before:
                tools["before"] = tools["reportgen build"]
                envs["before"] = {**os.environ, "PYTHONPATH": str(args.before.resolve())}
            if args.mail:
                tools["build from mail"] = [*exe, "build", str(as_mail(folder)), "-o", str(cwd / "m.docx"), *kind]
            if events <= args.naive_limit and kind_dir is None:
                tools["naive"] = [py, str(YARDSTICKS / "naive.py"), str(cwd / "naive.docx"), *files]
            runs = measure(tools, args.repeat, cwd, envs)
            floor = statistics.median(w for w, _, _ in runs["floor"])
            build = statistics.median(w for w, _, _ in runs["reportgen build"])
            per_event[size] = build / events
            for name, results in runs.items():
                wall = statistics.median(w for w, _, _ in results)
                peak = max(m for _, m, _ in results)
                cpu = statistics.median(c for _, _, c in results)
                ratio = f"{wall / floor:.2f}× floor" if name != "floor" else ""
                if name == "naive":
                    ratio += f", {wall / build:.1f}× reportgen"
                rows.append((size, events, name, wall, cpu, wall / events * 1e6, peak, ratio))

        # The coordinator re-running `validate` on one form after an e-mail: a 100-event form.
        folder, _ = forms_for(1, 100, not args.no_resave)
        one = str(next(folder.glob("*.xlsx")))
        validate = [timed([*exe, "validate", one], cwd)[0] for _ in range(max(args.repeat, 5))]
        rows.append(("1x100", 100, "validate 1 form", statistics.median(validate), float("nan"),
                     statistics.median(validate) / 100 * 1e6, float("nan"), ""))

        print(f"\n{'size':>9} {'events':>7}  {'command':<16} {'median s':>9} {'CPU s':>7} {'µs/event':>9} "
              f"{'peak MB':>8}  ratio")
        for size, events, name, wall, cpu, per, peak, ratio in rows:
            peak_text = f"{peak:8.0f}" if peak == peak else f"{'–':>8}"
            cpu_text = f"{cpu:7.2f}" if cpu == cpu else f"{'–':>7}"
            print(f"{size:>9} {events:>7}  {name:<16} {wall:9.3f} {cpu_text} {per:9.1f} {peak_text}  {ratio}")
        print(f"\nreportgen --help: median {statistics.median(help_runs):.3f} s")
        sizes = list(per_event)
        if len(sizes) >= 2:
            a, b = sizes[0], sizes[-1]
            print(f"time per event, {b} against {a}: {per_event[b] / per_event[a]:.2f}×")
        print(f"(medians of {args.repeat} alternating rounds; {os.cpu_count()} CPUs; python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
