"""Time and memory of reading a large mailbox (issue 19): an mbox of N messages, this quarter's forms newest.

    PYTHONPATH=. python3 bench/mailbox.py [--messages 20000] [--keep DIR] [--command validate]

Older messages are what a coordinator's inbox holds: notes without attachments, and every
fifth one a 30 KB PDF. The last 27 messages carry this quarter's forms, one per municipality.
Prints the command, its exit status, wall time, peak memory (the run and its workers) and
how many forms were read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from mailgen import attachment_part, message  # noqa: E402
from measure import run_cli  # noqa: E402


def build(path: Path, total: int) -> int:
    """Write the mbox; the number of forms in it."""
    from forms import Style, write_form
    from reportgen.kind import load_kind

    towns = [m.short for m in load_kind().registry]
    msk = dt.timezone(dt.timedelta(hours=3))
    start = dt.datetime(2020, 1, 1, tzinfo=msk)
    pdf = b"%PDF-1.4\n" + os.urandom(30_000)
    events = [("Форум «Россия – Беларусь»", "г. Смоленск", "12 апреля 2025 года", "Обмен опытом", "40 человек")]
    scratch = path.parent / "form.xlsx"
    with open(path, "wb") as out:
        old = total - len(towns)
        for n in range(total):
            when = start + dt.timedelta(hours=n * 2) if n < old else dt.datetime(2025, 7, 1, 9, tzinfo=msk) + dt.timedelta(hours=n - old)
            if n < old:
                parts = [attachment_part("Справка.pdf", pdf, "rfc2231", ctype="application/pdf")] if n % 5 == 0 else []
                data = message(f"Сотрудник <u{n % 300}@mo.example>", f"Рабочий вопрос {n}", when, parts)
            else:
                town = towns[n - old]
                write_form(scratch, events, Style(municipality=town))
                data = message(f"{town} <adm@{n}.example>", f"Отчет {town}", when,
                               [attachment_part(f"{town} 2 кв.xlsx", scratch.read_bytes(), "rfc2231")])
            out.write(f"From u@mo.example {when:%a %b %d %H:%M:%S %Y}\n".encode())
            out.write(data.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From "))
            out.write(b"\n")
    scratch.unlink()
    return len(towns)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="folder to build in (kept); default a temporary one")
    parser.add_argument("--command", default="validate", choices=("validate", "status", "letters"))
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="mailbox-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    mbox = folder / "inbox.mbox"
    if not mbox.exists():
        build(mbox, args.messages)
    extra = ["-o", str(folder / "letters")] if args.command == "letters" else ["--format", "json"]
    command = [args.command, str(mbox), "--period", "2025-Q2", *extra]
    code, out, err, wall, peak = run_cli(*command, cwd=folder)
    forms = len(json.loads(out)["forms"]) if args.command == "validate" and out.strip() else None
    print(f"reportgen {' '.join(command)}")
    print(f"messages {args.messages}, mbox {mbox.stat().st_size / 2**20:.0f} MB: exit {code}, wall {wall:.1f} s, "
          f"peak {peak / 2**20:.0f} MB" + (f", forms read {forms}" if forms is not None else ""))
    if err.strip():
        print(err.strip()[-2000:])


if __name__ == "__main__":
    main()
