"""Work on untrusted files in a worker process, under a time and a memory budget.

A crafted or broken file must not hang the tool or take the machine's memory. Forms are read
by a pool of such workers (check/workers.py); a Word report for `split` and a letterhead for
`--reference-doc` are read by one worker each (run()). Where a platform has no RLIMIT_AS
(Windows), only the time budget applies.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

# The settings a user may change, with their bounds: a value outside them is refused (settings_wrong),
# never taken as it comes (a negative time limit made every form «дольше -1 с»).
SETTINGS = {
    # (default, low, high, the catalogue's words for what it counts)
    "REPORTGEN_FILE_TIMEOUT": (20, 1, 3600, "setting.file-timeout"),
    "REPORTGEN_FILE_MEMORY_MB": (1024, 64, 65536, "setting.file-memory"),
    "REPORTGEN_JOBS": (None, 0, 64, "setting.jobs"),
}
START_METHODS = ("fork", "spawn", "forkserver")


def _setting(name: str) -> float | None:
    default, low, high, _ = SETTINGS[name]
    try:
        value = float(os.environ[name].strip())
    except (KeyError, ValueError):
        return default
    return value if low <= value <= high else default


def settings_wrong() -> str | None:
    """Why an environment setting of reportgen cannot be used (Russian), or None: checked before any work."""
    from reportgen.catalogue import say

    for name, (_, low, high, what) in SETTINGS.items():
        raw = os.environ.get(name)
        if raw is None or not raw.strip():
            continue
        try:
            value = float(raw.strip())
        except ValueError:
            value = None
        whole = name != "REPORTGEN_FILE_TIMEOUT"
        if value is None or not low <= value <= high or (whole and value != int(value)):
            return say("refusal.setting-wrong", name=name, raw=repr(raw), whole=whole, low=low, high=high,
                       what=say(what))
    method = os.environ.get("REPORTGEN_START_METHOD")
    if method and method not in START_METHODS:
        return say("refusal.start-method-wrong", raw=repr(method), methods=START_METHODS)
    return None


FILE_TIMEOUT_S = float(_setting("REPORTGEN_FILE_TIMEOUT"))
FILE_MEMORY_MB = int(_setting("REPORTGEN_FILE_MEMORY_MB"))


class OverBudget(Exception):
    """The work ran past its time (`code` "file-timeout") or its memory ("file-memory").

    `where`: for run_ticking, what the work last said it was starting (the message that broke it).
    """

    def __init__(self, code: str, where: Any = None) -> None:
        super().__init__(code)
        self.code = code
        self.where = where


def jobs_wanted(n_files: int) -> int:
    """Worker processes for `n_files`: one per core, at most 8; REPORTGEN_JOBS=0 works in this process."""
    wanted = _setting("REPORTGEN_JOBS")
    jobs = int(wanted) if wanted is not None else (os.cpu_count() or 1)
    return max(0, min(jobs, n_files, 8))


def context():
    """The multiprocessing context: fork on Linux, spawn elsewhere (REPORTGEN_START_METHOD=spawn on Linux too)."""
    import multiprocessing

    method = os.environ.get("REPORTGEN_START_METHOD")
    if method not in START_METHODS:
        method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def start(process) -> None:
    """process.start(); a spawned child gets its instructions whole or prints nothing.

    Spawn writes the child's instructions down a pipe once the child runs; a parent stopped in
    between leaves the child reading half of them, and its traceback («EOFError: Ran out of
    input») on the user's screen. Ctrl-C and SIGTERM are held until the instructions are written;
    kill -9 cannot be held, so the child starts with its stderr on the null device (quiet_worker
    would put it there anyway). A forked child needs nothing written: it is left alone.
    """
    if getattr(process, "_start_method", None) == "fork":
        process.start()
        return
    from reportgen.temp import held_signals

    with held_signals(), _stderr_muted():
        process.start()


@contextmanager
def _stderr_muted():
    """fd 2 on the null device for the moment a child is spawned (POSIX: the child inherits fd 2).

    The parent's own stderr is back at once; what its other threads write meanwhile (a progress
    bar's frame) is lost, nothing else. Windows passes its handles otherwise: left alone there.
    """
    if os.name == "nt":
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space at what it holds now plus `megabytes` (POSIX only)."""
    try:
        import resource
    except ImportError:  # Windows: only the time budget applies
        return
    try:
        with open("/proc/self/statm") as f:
            already = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        already = 0
    limit = already + megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def quiet_worker() -> None:
    """What every worker does first: the parent handles Ctrl-C, and a native abort's backtrace goes nowhere.

    SIGTERM and SIGHUP end a worker at once (a forked one would inherit the CLI's handlers), and
    a worker ends when its parent does (watch_parent).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # a spawned child inherits the mask start() held during its start
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGHUP])
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    watch_parent()


def watch_parent() -> None:
    """End this worker when its parent dies, however it dies (kill -9 too).

    A worker waits on its pipe, but a forked one holds the parent's end of that pipe too, so no
    end-of-file ever comes: it would wait for good. A thread waits on the parent's sentinel
    (fork and spawn, POSIX and Windows); on Linux the kernel also sends SIGKILL (PR_SET_PDEATHSIG).
    """
    import multiprocessing
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        if os.getppid() != parent.pid:
            os._exit(1)  # the parent died before prctl took effect

    def watch() -> None:
        parent.join()  # returns when the parent's end of the sentinel pipe closes: the parent is gone
        os._exit(1)

    threading.Thread(target=watch, name="reportgen-parent-watch", daemon=True).start()


class WorkerStopped(RuntimeError):
    """A worker's work ended in KeyboardInterrupt, SystemExit or the like: never the user's Ctrl-C (workers ignore
    SIGINT), so it must not reach the command as one (it would end the run as «Прервано.», exit 130)."""


def _worker_error(exc: BaseException) -> Exception:
    """What the parent may raise for `exc`: an Exception; a BaseException that is none becomes WorkerStopped."""
    if isinstance(exc, Exception):
        return exc
    return WorkerStopped(f"{type(exc).__name__}: {exc}")


def _one(conn, func: Callable, args: tuple, memory_mb: int) -> None:
    quiet_worker()
    limit_memory(memory_mb)
    try:
        result = ("ok", func(*args))
    except MemoryError:
        result = ("over", "file-memory")
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it there
        result = ("raised", _worker_error(exc))
    try:
        conn.send(result)
    except Exception:  # noqa: BLE001 - an exception that does not pickle: say what it was
        conn.send(("raised", RuntimeError(f"{type(result[1]).__name__}: {result[1]}")))


def run(func: Callable[..., Any], *args: Any) -> Any:
    """func(*args) in a worker process under the budgets; its result, or its exception raised here.

    OverBudget when it runs out of time or memory. `func` must be a module-level function and
    its arguments and result picklable (spawn pickles them). REPORTGEN_JOBS=0 runs it here.
    """
    if jobs_wanted(1) == 0:
        return func(*args)
    ctx = context()
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_one, args=(child, func, args, FILE_MEMORY_MB), daemon=True)
    start(process)
    child.close()
    try:
        if not parent.poll(FILE_TIMEOUT_S):
            if process.is_alive():
                raise OverBudget("file-timeout")
            raise OverBudget("file-memory")  # died without a word: killed by the memory limit
        try:
            status, value = parent.recv()
        except (EOFError, OSError):
            raise OverBudget("file-memory") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        parent.close()
    if status == "ok":
        return value
    if status == "over":
        raise OverBudget(value)
    raise _worker_error(value)


def run_each(func: Callable[..., Any], calls: list[tuple]) -> list[tuple[str, Any]]:
    """func(*args) for every args of `calls`, each in its own worker under the budgets, one per core.

    For each call in order: ("ok", result), ("over", "file-timeout" | "file-memory") or
    ("raised", exception). Never raises for a call: one file that breaks a budget costs only
    its own result. REPORTGEN_JOBS=0 runs them here, with no budget.
    """
    import time
    from multiprocessing.connection import wait

    jobs = jobs_wanted(len(calls))
    if jobs == 0:
        out: list[tuple[str, Any]] = []
        for args in calls:
            try:
                out.append(("ok", func(*args)))
            except MemoryError:
                out.append(("over", "file-memory"))
            except Exception as exc:  # noqa: BLE001 - the caller makes a finding of it
                out.append(("raised", exc))
        return out
    ctx = context()
    results: list[tuple[str, Any] | None] = [None] * len(calls)
    waiting = list(range(len(calls)))[::-1]
    running: dict = {}  # conn -> (index, process, deadline)
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                index = waiting.pop()
                parent, child = ctx.Pipe(duplex=False)
                process = ctx.Process(target=_one, args=(child, func, calls[index], FILE_MEMORY_MB), daemon=True)
                start(process)
                child.close()
                running[parent] = (index, process, time.monotonic() + FILE_TIMEOUT_S)
            timeout = max(0.0, min(d for _, _, d in running.values()) - time.monotonic())
            wait([*running, *(p.sentinel for _, p, _ in running.values())], timeout)
            for conn, (index, process, deadline) in list(running.items()):
                if conn.poll():
                    try:
                        results[index] = conn.recv()
                    except (EOFError, OSError):
                        results[index] = ("over", "file-memory")  # died while answering
                elif not process.is_alive():
                    results[index] = ("over", "file-memory")  # killed by the memory limit without a word
                elif time.monotonic() >= deadline:
                    results[index] = ("over", "file-timeout")
                else:
                    continue
                if process.is_alive():
                    process.kill()
                process.join()
                conn.close()
                del running[conn]
    finally:
        for conn, (_, process, _) in running.items():
            process.kill()
            process.join()
            conn.close()
    return results  # type: ignore[return-value]


def _ticking(conn, func: Callable, args: tuple, memory_mb: int) -> None:
    quiet_worker()
    limit_memory(memory_mb)
    try:
        result = ("ok", func(*args, tick=lambda where: conn.send(("tick", where))))
    except MemoryError:
        result = ("over", "file-memory")
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it there
        result = ("raised", _worker_error(exc))
    try:
        conn.send(result)
    except Exception:  # noqa: BLE001 - an exception that does not pickle: say what it was
        conn.send(("raised", RuntimeError(f"{type(result[1]).__name__}: {result[1]}")))


def run_ticking(func: Callable[..., Any], *args: Any) -> Any:
    """As run(), for work made of many units (the messages of a mailbox): the time budget is per unit.

    func(*args, tick=tick) calls tick(where) as it starts each unit; each tick gives it
    FILE_TIMEOUT_S more. OverBudget carries the `where` of the last tick: the unit that broke it.
    """
    if jobs_wanted(1) == 0:
        return func(*args, tick=lambda where: None)
    ctx = context()
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_ticking, args=(child, func, args, FILE_MEMORY_MB), daemon=True)
    start(process)
    child.close()
    where = None
    try:
        while True:
            if not parent.poll(FILE_TIMEOUT_S):
                raise OverBudget("file-timeout" if process.is_alive() else "file-memory", where)
            try:
                status, value = parent.recv()
            except (EOFError, OSError):
                raise OverBudget("file-memory", where) from None
            if status != "tick":
                break
            where = value
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        parent.close()
    if status == "ok":
        return value
    if status == "over":
        raise OverBudget(value, where)
    raise _worker_error(value)
