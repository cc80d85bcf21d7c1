"""Damaged forms among good ones: `validate --annotate` and `letters` must name the damage and write the rest.

    python bench/fuzz_forms.py --tries 300 [--seed 1] [--keep DIR]

Each try takes the bundled Q2 forms, damages one of them in one way (a byte flipped inside a
part, a member's CRC broken, the file cut short, a cell beyond row 1,048,576, a broken
core-properties part, a part deleted, garbage in a part's XML) and runs both commands as a user
would. The invariant, for every try:
- the exit status is 0 or 1 (never 2 or 3), and no traceback text reaches the terminal;
- every municipality whose form was not touched gets its letter of the clean run, and every
  other form's marked copy is written;
- the inputs are never modified.
Prints one line per failure and a summary: tries, failures by kind, seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "q2"


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(info, z.read(info)) for info in z.infolist()]


def _pack(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, body in members:
            z.writestr(info.filename, body)
    return out.getvalue()


def _xml_members(members) -> list[int]:
    return [i for i, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".rels"))]


def flip_byte(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    i = rng.choice(_xml_members(members))
    info, body = members[i]
    at = rng.randrange(len(body))
    members[i] = (info, body[:at] + bytes([body[at] ^ (1 << rng.randrange(8))]) + body[at + 1:])
    return _pack(members)


def bad_crc(data: bytes, rng: random.Random) -> bytes:
    """A member's stored CRC no longer matches its bytes (both headers, so only reading finds it)."""
    buf = bytearray(data)
    members = _members(data)
    name = members[rng.randrange(len(members))][0].filename.encode()
    for sig, offset in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
        start = 0
        while (start := buf.find(sig, start)) != -1:
            name_at = start + (30 if sig == b"PK\x03\x04" else 46)
            if buf[name_at:name_at + len(name)] == name:
                crc = struct.unpack_from("<I", buf, start + offset)[0]
                struct.pack_into("<I", buf, start + offset, crc ^ 0x5A5A5A5A)
            start += 4
    return bytes(buf)


def cut_short(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data) // 4, len(data) - 1)]


def row_beyond(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    for i, (info, body) in enumerate(members):
        if info.filename.startswith("xl/worksheets/") and b"<row " in body:
            body = body.replace(b"</sheetData>", b'<row r="1048577"><c r="B1048577" t="inlineStr"><is><t>x</t></is>'
                                b"</c></row></sheetData>", 1)
            members[i] = (info, body)
            break
    return _pack(members)


def broken_core(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    found = [i for i, (info, _) in enumerate(members) if info.filename == "docProps/core.xml"]
    if not found:
        return garbage_xml(data, rng)
    info, body = members[found[0]]
    members[found[0]] = (info, body[: len(body) // 2])
    return _pack(members)


def drop_part(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    del members[rng.randrange(len(members))]
    return _pack(members)


def garbage_xml(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    i = rng.choice(_xml_members(members))
    info, body = members[i]
    at = rng.randrange(len(body))
    junk = bytes(rng.choice(b"<>&\"'/=;\x00\xff abc") for _ in range(rng.randrange(1, 40)))
    members[i] = (info, body[:at] + junk + body[at:])
    return _pack(members)


DAMAGE = {f.__name__: f for f in (flip_byte, bad_crc, cut_short, row_beyond, broken_core, drop_part, garbage_xml)}


def _run(*args: object, cwd: Path) -> tuple[int, str]:
    env = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=600)
    return done.returncode, done.stdout + done.stderr


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def fuzz(tries: int, seed: int, keep: Path | None = None) -> list[str]:
    """Run `tries` damaged quarters; the failures, one line each."""
    work = Path(tempfile.mkdtemp(prefix="reportgen-fuzz-"))
    failures: list[str] = []
    try:
        clean = work / "clean"
        shutil.copytree(SAMPLES, clean)
        _run("letters", clean, "-o", work / "clean-letters", cwd=work)
        base = sorted(p.name for p in (work / "clean-letters").glob("*.eml"))
        owner = _owners(clean, work)
        _run("validate", clean, "--annotate", work / "clean-marked", cwd=work)
        base_copies = sorted(p.name for p in (work / "clean-marked").glob("*.xlsx"))
        rng = random.Random(seed)
        forms = sorted(p.name for p in clean.iterdir())
        for n in range(tries):
            kind = rng.choice(sorted(DAMAGE))
            victim = rng.choice(forms)
            inbox = work / f"in{n}"
            shutil.copytree(clean, inbox)
            (inbox / victim).write_bytes(DAMAGE[kind]((clean / victim).read_bytes(), rng))
            before = _digest(inbox)
            shown = f"try {n}: {kind} on «{victim}»"
            for args in (("validate", inbox, "--annotate", work / f"ann{n}"), ("letters", inbox, "-o", work / f"let{n}")):
                code, text = _run(*args, cwd=work)
                if code not in (0, 1) or "Traceback" in text or "Exception ignored" in text:
                    failures.append(f"{shown}: {args[0]} exit {code}: {text.strip().splitlines()[-1:]}")
            letters = work / f"let{n}"
            got = {p.name for p in letters.glob("*.eml")} if letters.is_dir() else set()
            # Everyone else gets the letter of the clean run; the victim's own may differ (that is the point).
            lost = [name for name in base if name not in got and not name.startswith(owner[victim] + " ")]
            if lost:
                failures.append(f"{shown}: letters missing for others: {lost[:3]}")
            marked = work / f"ann{n}"
            copies = {p.name for p in marked.glob("*.xlsx")} if marked.is_dir() else set()
            gone = [name for name in base_copies if name not in copies and not name.startswith(victim.split(".")[0])]
            if gone:
                failures.append(f"{shown}: marked copies missing for others: {gone[:3]}")
            if _digest(inbox) != before:
                failures.append(f"{shown}: an input was modified")
            if keep is None:
                for folder in (inbox, work / f"ann{n}", work / f"let{n}"):
                    shutil.rmtree(folder, ignore_errors=True)
    finally:
        if keep is not None:
            shutil.copytree(work, keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return failures


def _owners(folder: Path, work: Path) -> dict[str, str]:
    """Each form's file name → its municipality's short name, as the clean run's status tells."""
    import json

    _, text = _run("status", folder, "--format", "json", cwd=work)
    data = json.loads(text[text.index("{"):])
    return {Path(f).name: m["name"] for m in data["municipalities"] for f in m["files"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the inputs and outputs of every try here")
    args = parser.parse_args()
    start = time.perf_counter()
    failures = fuzz(args.tries, args.seed, args.keep)
    for line in failures:
        print(line)
    print(f"{args.tries} tries, {len(failures)} failures, {time.perf_counter() - start:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
