"""Reading forms in worker processes, each file under a time and a memory budget (budget.py).

A worker that runs past its time is killed, and one that hits its address-space limit dies;
the file then gets one clear error and the run goes on. The same workers read forms in
parallel on every core.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportgen.budget import FILE_MEMORY_MB, FILE_TIMEOUT_S, context, jobs_wanted, limit_memory, quiet_worker, start
from reportgen.check.forms import check_form
from reportgen.diagnostics import Diagnostic
from reportgen.read.inputs import InputFile
from reportgen.kind import Kind
from reportgen.model import Form, Submission
from reportgen.period import Period
from reportgen.read.form import read_form

def _read_and_check(path: Path, display: str, kind: Kind, period: Period | None) -> Submission:
    from reportgen.check.status import count_countries

    checked = check_form(read_form(path, kind, display), kind, period)
    # Counted here, in parallel, not again in the main process for the build's summary.
    return replace(checked, countries=count_countries(checked.entries, kind))


def _worker(conn, kind: Kind, period: Period | None, memory_mb: int) -> None:
    quiet_worker()
    limit_memory(memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if task is None:
            return
        index, path, display = task
        conn.send((index, _read_and_check(Path(path), display, kind, period)))


PREFETCH = 2  # tasks queued per worker: it starts the next file while we unpickle the last one


@dataclass
class _Slot:
    process: object
    conn: object
    tasks: deque = field(default_factory=deque)  # sent, not answered; the first is being read
    deadline: float = 0.0  # for the first task


def _budget_error(item: InputFile, code: str) -> Submission:
    facts = {"seconds": FILE_TIMEOUT_S} if code == "file-timeout" else {"mb": FILE_MEMORY_MB}
    form = Form(file=item.display, diagnostics=(Diagnostic.of(code, file=item.display, **facts),))
    return Submission(form, None, None, (), form.diagnostics)


def check_forms(inputs: Sequence[InputFile], kind: Kind, period: Period | None = None,
                on_done: Callable[[InputFile], None] | None = None) -> list[Submission]:
    """Read and check every input on its own; results in input order. Never raises for a bad file."""
    with _collector_paused():
        return _check_forms(inputs, kind, period, on_done)


@contextmanager
def _collector_paused():
    """No cyclic garbage collection while the results arrive; then they are left out of later ones.

    The results are hundreds of thousands of small acyclic objects (cells, rows, findings) that
    live to the end of the run: with the collector on, every collection rescans them (it cost a
    fifth of a large build). Freezing moves what exists now out of the collector's sight; it is
    still freed as usual when no longer referenced.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def _check_forms(inputs: Sequence[InputFile], kind: Kind, period: Period | None,
                 on_done: Callable[[InputFile], None] | None) -> list[Submission]:
    jobs = jobs_wanted(len(inputs))
    if jobs == 0:
        done = []
        for item in inputs:
            done.append(_read_and_check(item.path, item.display, kind, period))
            if on_done:
                on_done(item)
        return done
    return _Pool(kind, period, jobs).run(inputs, on_done)


class _Pool:
    def __init__(self, kind: Kind, period: Period | None, jobs: int) -> None:
        self.ctx = context()
        if self.ctx.get_start_method() == "fork":
            import python_calamine  # noqa: F401 - imported once here, inherited by every worker
        self.kind = kind
        self.period = period
        self.jobs = jobs

    def _start(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=_worker, args=(child, self.kind, self.period, FILE_MEMORY_MB), daemon=True)
        start(process)
        child.close()
        return _Slot(process, parent)

    def run(self, inputs: Sequence[InputFile], on_done) -> list[Submission]:
        from multiprocessing.connection import wait

        results: list[Submission | None] = [None] * len(inputs)
        pending = deque(enumerate(inputs))
        slots = [self._start() for _ in range(self.jobs)]

        def finish(slot: _Slot, check: Submission) -> None:
            index = slot.tasks.popleft()[0]
            results[index] = check
            slot.deadline = time.monotonic() + FILE_TIMEOUT_S  # the next queued file starts now
            if on_done:
                on_done(inputs[index])

        def fail(slot: _Slot, code: str) -> None:
            """The first task broke the budget: it gets the error, the others go back in line."""
            finish(slot, _budget_error(inputs[slot.tasks[0][0]], code))
            while slot.tasks:
                index = slot.tasks.pop()[0]
                pending.appendleft((index, inputs[index]))
            slot.process.kill()
            slot.process.join()
            slot.conn.close()
            fresh = self._start()
            slot.process, slot.conn = fresh.process, fresh.conn

        try:
            while pending or any(s.tasks for s in slots):
                for slot in slots:
                    while len(slot.tasks) < PREFETCH and pending:
                        index, item = pending.popleft()
                        if not slot.tasks:
                            slot.deadline = time.monotonic() + FILE_TIMEOUT_S
                        slot.tasks.append((index, str(item.path), item.display))
                        slot.conn.send(slot.tasks[-1])
                busy = [s for s in slots if s.tasks]
                timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
                wait([s.conn for s in busy] + [s.process.sentinel for s in busy], timeout)
                for slot in busy:
                    if slot.conn.poll():
                        try:
                            _, check = slot.conn.recv()
                        except (EOFError, OSError):
                            fail(slot, "file-memory")
                            continue
                        finish(slot, check)
                    elif not slot.process.is_alive():
                        # Killed by the memory limit (Rust aborts, Python can die in C code).
                        fail(slot, "file-memory")
                    elif time.monotonic() >= slot.deadline:
                        fail(slot, "file-timeout")
        finally:
            for slot in slots:
                try:
                    slot.conn.send(None)
                except (OSError, ValueError):
                    pass
            for slot in slots:
                slot.process.join(timeout=1)
                if slot.process.is_alive():
                    slot.process.kill()
                    slot.process.join()
        return results  # type: ignore[return-value]
