#!/usr/bin/env python3
"""Regenerate the parts of docs/ written from the program itself.

    python tools/make_docs.py          rewrite the blocks between the markers in docs/*.md
    python tools/make_docs.py --check  only compare; exit 1 naming the files that drifted

A block is `<!-- BEGIN name -->` … `<!-- END name -->`; its text comes from BLOCKS[name]: each
command's --help (run for real), the table of codes (reportgen.catalogue.CODES) and the clerks'
instruction (reportgen.write.form.instruction_lines, the same lines as the form's sheet).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
COMMANDS = ("template", "validate", "status", "build", "letters", "split", "archive", "diff")
MARKER = re.compile(r"(<!-- BEGIN (?P<name>[\w:-]+) -->\n)(?P<body>.*?)(<!-- END (?P=name) -->)", re.S)


def help_text(command: str | None) -> str:
    """What `reportgen COMMAND --help` prints (a real run of the installed code)."""
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1", PYTHONPATH=str(ROOT))
    args = [sys.executable, "-m", "reportgen", *([command] if command else []), "--help"]
    out = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", env=env, timeout=60).stdout
    return "```\n" + out.rstrip() + "\n```\n"


def codes_table() -> str:
    """The table of codes: code, severity, scope, meaning."""
    from reportgen.catalogue import CODES, TEXTS

    rows = [(c, v.severity, v.scope, v.title) for c, v in CODES.items()]

    # The catalogue's words, as the program says them: a severity as a finding's line starts, a scope in
    # Russian. A scope without its word is an error here, never English in the table.
    def word(kind: str, value: str) -> str:
        key = f"{kind}.{value}"
        if key not in TEXTS:
            raise SystemExit(f"make_docs: no word for {kind} «{value}»: add TEXTS[{key!r}] to reportgen/catalogue.py")
        return str(TEXTS[key])

    lines = ["| Код | Важность | Охват | Что значит |", "|---|---|---|---|"]
    lines += [f"| `{c}` | {word('severity', s)} | {word('scope', sc)} | {t.replace('|', '/')} |"
              for c, s, sc, t in rows]
    return "\n".join(lines) + "\n"


def clerks_instruction() -> str:
    """The «Инструкция» sheet of the default kind's form, for the II quarter 2025 (the samples')."""
    from reportgen.kind import load_kind
    from reportgen.period import Period
    from reportgen.write.form import instruction_lines

    kind = load_kind()
    out = []
    for a, b, heading in instruction_lines(kind, kind.form.send_to, Period(2025, 2)):
        if heading:
            out.append(f"\n## {a}\n")
        elif a and b:
            out.append(f"- **{a}** {b}" if not a.endswith(".") else f"{a} {b}")
        elif a or b:
            out.append(a or b)
    return "\n".join(out).strip() + "\n"


def run(*args: str) -> str:
    """A real run on the bundled samples, from the repository's root, as the docs show it."""
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=300)
    return "```\n> reportgen " + " ".join(args) + "\n" + (proc.stdout + proc.stderr).rstrip() + "\n```\n"


BLOCKS = {"run:status": lambda: run("status", "samples/q2"), "help": lambda: help_text(None), "codes": codes_table, "clerks": clerks_instruction,
          **{f"help:{c}": (lambda c=c: help_text(c)) for c in COMMANDS}}


def regenerate(text: str) -> str:
    """The text with every known block rewritten from the program."""
    return MARKER.sub(lambda m: m.group(1) + (BLOCKS[m["name"]]() if m["name"] in BLOCKS else m["body"]) + m.group(4),
                      text)


def main(argv: list[str]) -> int:
    drifted = []
    for path in sorted(DOCS.glob("*.md")):
        old = path.read_text(encoding="utf-8")
        new = regenerate(old)
        if new != old:
            drifted.append(path.relative_to(ROOT).as_posix())
            if "--check" not in argv:
                path.write_text(new, encoding="utf-8", newline="\n")
    for name in drifted:
        print(("устарел: " if "--check" in argv else "обновлен: ") + name)
    return 1 if drifted and "--check" in argv else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
