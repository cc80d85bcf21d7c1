"""The run's temporary files: one folder named by our pid, and removing what killed runs left.

Light on purpose: the command line enters own_temp() for every command, `--version` included.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


_ROOT: list[str] = []  # the temporary folder before own_temp() put the run's own in its place
STOPS = ("SIGINT", "SIGTERM", "SIGHUP")  # the signals that stop a run; held back where a stop would break something


@contextmanager
def held_signals(names: tuple[str, ...] = STOPS) -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP back until the block is done (POSIX; elsewhere a no-op).

    A signal that arrives meanwhile is delivered, and handled, right after.
    """
    import signal

    held = [getattr(signal, n) for n in names if hasattr(signal, n)]
    if not held or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


@contextmanager
def own_temp() -> Iterator[None]:
    """Every temporary file of the run, libraries' and workers' included, in one folder named by our pid.

    openpyxl writes each worksheet into «openpyxl.*» files of its own and LibreOffice its profile;
    a run killed outright (kill -9, power cut) would leave them for good. In a folder of ours,
    the next run removes them (sweep_temp). TMPDIR passes it to workers and LibreOffice.
    """
    import shutil

    root = tempfile.gettempdir()
    sweep_temp()
    try:
        folder = tempfile.mkdtemp(prefix=f"reportgen-run-{os.getpid()}-", dir=root)
    except OSError:
        yield  # a temporary folder we cannot write to: each write says so in its own words
        return
    env, before = os.environ.get("TMPDIR"), tempfile.tempdir
    _ROOT.append(root)
    os.environ["TMPDIR"], tempfile.tempdir = folder, folder
    try:
        yield
    finally:
        tempfile.tempdir = before
        if env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = env
        _ROOT.remove(root)
        shutil.rmtree(folder, ignore_errors=True)


def sweep_temp(ours: bool = False) -> None:
    """Remove the temporary folders (extracted attachments, letters' scratch) of runs killed outright.

    `ours`: this run's own, at its end (atexit), with Ctrl-C and SIGTERM held back meanwhile.
    """
    import re
    import shutil

    root = _ROOT[0] if _ROOT else tempfile.gettempdir()
    try:
        names = os.listdir(root)
    except OSError:
        return
    with held_signals(STOPS if ours else ()):
        for name in names:
            found = re.fullmatch(r"reportgen-(?:mail|letters|lo|pdf|run)-(\d+)-\w+", name)
            if found and (int(found.group(1)) == os.getpid()) == ours and (ours or not alive(int(found.group(1)))):
                shutil.rmtree(os.path.join(root, name), ignore_errors=True)


def alive(pid: int) -> bool:
    """Is process `pid` running on this computer?"""
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True
