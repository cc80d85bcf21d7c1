"""Hostile and messy inputs (tests/hostile.py): a clear message for each, no row lost, nothing broken."""

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hostile
from docx_text import read_report
from measure import LIMIT_BYTES, LIMIT_S, run_cli

FILE_LEVEL = {"file-unreadable", "file-not-regular", "file-empty", "file-too-large", "file-encrypted",
              "file-format", "file-bomb", "file-timeout", "file-memory", "no-header"}
# One run's peak memory comes from os.wait4; the corpus holds pipes and devices: POSIX both.
pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "wait4"), reason="os.wait4 and the corpus are POSIX-only")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    return folder, hostile.corpus(folder)


def snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for p in folder.iterdir():
        if p.is_file() and not p.is_symlink() or (p.is_symlink() and p.resolve().is_file()
                                                  and not str(p.resolve()).startswith("/dev")):
            out[p.name] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def test_whole_corpus_in_one_run(corpus, tmp_path):
    import json

    folder, cases = corpus
    before = snapshot(folder)
    code, out, err, wall, peak = run_cli("validate", folder, "--format", "json", cwd=tmp_path)
    assert code == 1
    assert "Traceback" not in out + err and err == ""
    assert wall < LIMIT_S and peak < LIMIT_BYTES
    data = json.loads(out)
    forms = {Path(f["file"]).name: f for f in data["forms"]}
    diags: dict[str, list[dict]] = {}
    for d in data["diagnostics"]:
        diags.setdefault(Path(d["file"]).name if d["file"] else "", []).append(d)
    for case in cases:
        if case.skipped:
            assert [Path(s["file"]).name for s in data["skipped"]] == [case.name]
            assert case.name not in forms
            continue
        found = diags.get(case.name, [])
        codes = {d["code"] for d in found}
        if case.refused:
            assert forms[case.name]["events"] == 0, case.name
            file_level = [d for d in found if d["code"] in FILE_LEVEL]
            assert len(file_level) == 1, (case.name, codes)
            assert case.refused in ("any", file_level[0]["code"]), (case.name, codes)
            assert file_level[0]["message"] and file_level[0]["hint"], case.name
            assert file_level[0]["cell"] is None
        else:
            assert forms[case.name]["events"] == case.events, (case.name, codes)
            assert case.codes <= codes, (case.name, codes)
            assert not codes & FILE_LEVEL, (case.name, codes)
    assert hostile.SECRET not in out
    assert snapshot(folder) == before  # inputs byte for byte unchanged


def test_every_event_of_each_acceptable_file_reaches_the_report(corpus, tmp_path):
    folder, cases = corpus
    readable = [c for c in cases if c.events]
    before = snapshot(folder)
    out = tmp_path / "r.docx"
    code, stdout, err, wall, _ = run_cli("build", *[folder / c.name for c in readable], "--force", "-o", out,
                                         cwd=tmp_path)
    assert code in (0, 1) and out.is_file(), stdout + err
    assert "Traceback" not in stdout + err and wall < LIMIT_S
    _, rows = read_report(out)
    events = [r for r in rows[1:] if len(r) > 1]
    assert len(events) == sum(c.events for c in readable)
    cells = {cell for r in events for cell in r}
    for case in readable:
        for text in case.texts:
            assert text in cells, (case.name, text[:40])
    assert all(hostile.SECRET not in c for c in cells)
    assert snapshot(folder) == before


HEAVY = ["bomb-ratio.xlsx", "bomb-lying-sizes.xlsx", "bomb-bzip2.xlsx", "far-value.xlsx", "too-large.xlsx",
         "billion-laughs.xlsx", "pipe.xlsx", "device.xlsx"]


@pytest.mark.parametrize("name", HEAVY)
def test_each_heavy_file_alone_stays_within_limits(corpus, tmp_path, name):
    folder, _ = corpus
    if not (folder / name).exists() and not (folder / name).is_symlink():
        pytest.skip(f"{name} is POSIX-only")
    code, out, err, wall, peak = run_cli("build", folder / name, "--period", "2025-Q2", "-o", tmp_path / "r.docx",
                                         cwd=tmp_path)
    assert code == 1 and not (tmp_path / "r.docx").exists()
    assert f"{name}: ошибка" in out
    assert "Traceback" not in out + err
    assert wall < LIMIT_S and peak < LIMIT_BYTES


def test_time_budget_stops_a_hanging_read(corpus, tmp_path, hanging_reader):
    """A reader that never finishes: the worker is killed and the file gets file-timeout."""
    folder, _ = corpus
    env = dict(hanging_reader, REPORTGEN_FILE_TIMEOUT="1")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "reportgen", "validate", str(folder / "ok-baseline.xlsx"),
                           "--period", "2025-Q2"], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert time.monotonic() - start < 15
    assert proc.returncode == 1, proc.stderr
    assert "file-timeout" in proc.stdout and "Traceback" not in proc.stderr
