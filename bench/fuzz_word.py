"""Damaged Word files: `split` and `build --reference-doc` must name the damage, never exit 3 or 130.

    python bench/fuzz_word.py --tries 200 [--seed 1] [--keep DIR] [--jobs 2]

The pool of sound Word files: the Q2 report `build` writes, the same report written on a
letterhead (a header with a picture, a footer), and the real files in tests/data/real/word/.
Each try takes one of them and damages its raw bytes in one way, anywhere in the file: a byte
flipped, a byte inserted, a byte deleted, the file cut short. Then it runs
`split FILE -o DIR` and `build FORM --reference-doc FILE -o OUT` as a user would. For every try:
- split exits 0 or 1, build exits 0 or 2 (a letterhead that cannot serve is a usage error);
  never 3 (an internal error) and never 128+ («Прервано.» with nobody pressing Ctrl-C);
- no traceback and no library's English reaches the terminal;
- the damaged file is not modified, and a refused one leaves no output behind.
Prints one line per failure and a summary: tries, failures, exit statuses seen, seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "q2"
REAL = ROOT / "tests" / "data" / "real" / "word"
FORM = "Вязьма_2кв.xlsx"


def flip(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]


def insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + bytes([rng.randrange(256)]) + data[at:]


def delete(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at + 1:]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(1, len(data))]


MUTATIONS = {f.__name__: f for f in (flip, insert, delete, truncate)}


def _run(*args: object, cwd: Path) -> tuple[int, str]:
    env = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    env.pop("REPORTGEN_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=600)
    return done.returncode, done.stdout + done.stderr


def _letterhead(path: Path) -> None:
    """A бланк as offices make them: a header with text and a picture, a footer."""
    import docx
    from docx.shared import Cm

    sys.path.insert(0, str(ROOT / "tests"))
    from hostile_word import _png

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "АДМИНИСТРАЦИЯ — БЛАНК"
    picture = path.with_suffix(".png")
    picture.write_bytes(_png())
    d.sections[0].header.add_paragraph().add_run().add_picture(str(picture), width=Cm(1))
    d.sections[0].footer.paragraphs[0].text = "г. Смоленск"
    d.save(str(path))
    picture.unlink()


def pool(work: Path) -> list[Path]:
    """The sound Word files every try starts from."""
    files = work / "pool"
    files.mkdir()
    _run("build", SAMPLES, "-o", files / "report.docx", "--force", cwd=work)
    _letterhead(work / "blank.docx")
    _run("build", SAMPLES, "--reference-doc", work / "blank.docx", "-o", files / "report-on-letterhead.docx",
         "--force", cwd=work)
    for real in sorted(REAL.glob("*.docx")) if REAL.is_dir() else []:
        shutil.copy(real, files / real.name)
    made = sorted(files.iterdir())
    assert (files / "report.docx").exists() and (files / "report-on-letterhead.docx").exists(), "the pool was not built"
    return made


ENGLISH = ("Traceback", "Exception ignored", "BadZipFile", "Error:", "внутренняя ошибка", "Прервано")


def one(n: int, source: Path, mutation: str, seed: int, work: Path, form: Path) -> tuple[list[str], list[int]]:
    """Try `n`: the failures it found and the exit statuses it saw."""
    rng = random.Random(f"{seed}-{n}")
    folder = work / f"try{n}"
    folder.mkdir()
    damaged = folder / f"damaged-{source.name}"
    damaged.write_bytes(MUTATIONS[mutation](source.read_bytes(), rng))
    before = hashlib.sha256(damaged.read_bytes()).hexdigest()
    shown = f"try {n}: {mutation} of «{source.name}»"
    failures, codes = [], []
    for args, ok, out in ((("split", damaged, "-o", folder / "forms"), (0, 1), folder / "forms"),
                          (("build", form, "--period", "2025-Q2", "--reference-doc", damaged, "-o", folder / "out.docx"), (0, 2),
                           folder / "out.docx")):
        code, text = _run(*args, cwd=folder)
        codes.append(code)
        bad = [w for w in ENGLISH if w in text]
        if code not in ok or bad:
            last = [line for line in text.strip().splitlines() if line.strip()][-1:] or [""]
            failures.append(f"{shown}: {args[0]} exit {code} {bad}: {last[0][:300]}")
        if code != 0 and out.exists():
            failures.append(f"{shown}: {args[0]} exit {code} but {out.name} was written")
    if hashlib.sha256(damaged.read_bytes()).hexdigest() != before:
        failures.append(f"{shown}: the input was modified")
    return failures, codes


def fuzz(tries: int, seed: int, keep: Path | None = None, jobs: int = 1) -> tuple[list[str], dict[int, int]]:
    """Run `tries` damaged Word files through split and build; the failures and a count of exit statuses."""
    work = Path(tempfile.mkdtemp(prefix="reportgen-fuzz-word-"))
    failures: list[str] = []
    seen: dict[int, int] = {}
    try:
        files = pool(work)
        form = work / FORM
        shutil.copy(SAMPLES / FORM, form)
        rng = random.Random(seed)
        plan = [(n, rng.choice(files), rng.choice(sorted(MUTATIONS))) for n in range(tries)]
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool_:
            for found, codes in pool_.map(lambda p: one(*p[:3], seed, work, form), plan):
                failures += found
                for c in codes:
                    seen[c] = seen.get(c, 0) + 1
                for line in found:
                    print(line, flush=True)
        if keep is None:
            pass
    finally:
        if keep is not None:
            shutil.copytree(work, keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return failures, seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1, help="tries run at once")
    parser.add_argument("--keep", type=Path, help="keep the inputs and outputs of every try here")
    args = parser.parse_args()
    start = time.perf_counter()
    failures, seen = fuzz(args.tries, args.seed, args.keep, args.jobs)
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(seen.items()))
    print(f"{args.tries} tries (seed {args.seed}), {len(failures)} failures; exit statuses {statuses}; "
          f"{time.perf_counter() - start:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
