from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from reference import load_reference
from reportgen.cli.commands import main
from reportgen.kind import load_kind

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "q2"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture(scope="session")
def kind():
    return load_kind()


@pytest.fixture(scope="session")
def reference():
    return load_reference()


@pytest.fixture
def samples(tmp_path) -> Path:
    """A private copy of samples/q2 (tests must not be able to touch the committed files)."""
    dest = tmp_path / "q2"
    shutil.copytree(SAMPLES, dest)
    return dest


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    """Run the CLI in-process from a scratch working directory; return code and output."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")

    def _run(*args: str) -> Result:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


def require(tool_ok: bool, what: str) -> None:
    """Skip outside CI when a real client is missing; in CI (CI=true) fail instead: .ci/run installs it."""
    if tool_ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI (.ci/run installs it)")
    pytest.skip(f"{what} is not installed; these tests run in CI")


@pytest.fixture(scope="session")
def office():
    """LibreOffice and poppler-utils, for the tests through real clients."""
    from reportgen.write.office import find_soffice

    require(find_soffice() is not None, "LibreOffice (soffice)")
    require(bool(shutil.which("pdftotext") and shutil.which("pdfinfo")), "poppler-utils (pdftotext, pdfinfo)")


OOXML_VALIDATOR = ROOT / "tests" / "vendor" / "ooxml-xsd" / "validate.py"  # vendored: see its SOURCE.md


@pytest.fixture(scope="session")
def ooxml():
    """Validate .docx/.xlsx files against the ECMA-376 Transitional schemas in tests/vendor/ooxml-xsd/.

    Returns a function of paths that returns the violations (an empty string when valid).
    """
    import subprocess
    import sys

    require(OOXML_VALIDATOR.is_file(), f"the OOXML schemas ({OOXML_VALIDATOR})")

    def check(*paths) -> str:
        proc = subprocess.run([sys.executable, str(OOXML_VALIDATOR), *map(str, paths)],
                              capture_output=True, text=True, timeout=600)
        assert "ooxml:" in proc.stdout, proc.stdout + proc.stderr
        return "" if proc.returncode == 0 else proc.stdout
    return check


HANG = """
import os
import time
import reportgen.read.form as reader
import reportgen.check.workers as workers
import reportgen.read.letterhead as letterhead
import reportgen.read.word as word
def hang(*a, **k):
    open(os.path.join(os.path.dirname(__file__), "hanging"), "w").close()  # tests wait for this, not a clock
    time.sleep(3600)
reader.read_form = hang
workers.read_form = hang
word.read_docx = hang  # split's reading
letterhead._read = hang  # a letterhead's
"""


@pytest.fixture
def hanging_reader(tmp_path) -> dict:
    """An environment in which every form, Word report and letterhead read hangs, in the CLI process and its workers.

    It is installed by a sitecustomize module, which every interpreter runs at start-up: workers
    get it whether they are forked or spawned (REPORTGEN_START_METHOD=spawn, as on Windows).
    """
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HANG, encoding="utf-8")
    # hook/hanging appears once a read has begun to hang (see wait_for)
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(hook), *filter(None, [os.environ.get("PYTHONPATH")])]))


def wait_for(path, seconds: float = 60.0) -> None:
    """Until `path` exists (a real event in a child process), at most `seconds`."""
    import time

    end = time.monotonic() + seconds
    while not os.path.exists(path):
        assert time.monotonic() < end, f"{path} did not appear in {seconds} s"
        time.sleep(0.02)


@pytest.fixture
def fuzz_calls(monkeypatch) -> dict:
    """How many fuzzy comparisons the matcher makes: {"n": count}, counted from now on."""
    from rapidfuzz import fuzz

    calls = {"n": 0}
    for name in ("ratio", "token_set_ratio", "token_sort_ratio"):
        real = getattr(fuzz, name)

        def counted(*args, _real=real, **kwargs):
            calls["n"] += 1
            return _real(*args, **kwargs)
        monkeypatch.setattr(fuzz, name, counted)
    return calls
