"""Running reportgen as a user would, measured: exit status, output, wall time and the run's own peak memory."""

import subprocess
import sys
import time
from pathlib import Path

LIMIT_S, LIMIT_BYTES = 30, 2 * 2**30  # what one run may take on a hostile file


def run_cli(*args, cwd: Path) -> tuple[int, str, str, float, int]:
    """Run reportgen as a user would; exit status, output, wall seconds and this run's peak memory in bytes.

    os.wait4 gives the run's own rusage: its peak RSS covers the worker processes it reaped
    (Linux: the largest of the process and its waited-for descendants), and nothing of other
    runs, as RUSAGE_CHILDREN would (the largest child of the whole test session).
    """
    import os
    import tempfile
    import threading

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "reportgen", *map(str, args)], cwd=cwd, stdout=out, stderr=err)
        timer = threading.Timer(120, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
        wall = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        text_out, text_err = out.read().decode("utf-8"), err.read().decode("utf-8")
    assert usage.ru_maxrss > 10_000, usage  # a Python process holds more than 10 MB: the peak is measured
    return proc.returncode, text_out, text_err, wall, usage.ru_maxrss * 1024
