"""A progress bar that shows up only when a run is slow enough to need one.

Runs on a usual quarter take well under a second and print nothing extra. A long run (a year
of forms, a slow disk) shows a rich progress bar on the terminal after `DELAY` seconds: files
read, rows written. When the output is not a terminal, nothing is drawn.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

DELAY = 1.0


class LazyProgress:
    def __init__(self, console: Console, delay: float = DELAY) -> None:
        self.console = console
        self.enabled = console.is_terminal
        self.start = time.monotonic()
        self.delay = delay
        self.bar = None
        self.tasks: dict[str, list] = {}  # description → [rich task id or None, done, total]

    def add(self, description: str, total: int) -> str:
        self.tasks[description] = [None, 0, total]
        return description

    def advance(self, description: str, amount: int = 1) -> None:
        if not self.enabled:
            return
        task = self.tasks[description]
        task[1] += amount
        if self.bar is None:
            if time.monotonic() - self.start < self.delay:
                return
            self._show()
        if task[0] is None:
            task[0] = self.bar.add_task(description, total=task[2], completed=task[1])
        else:
            self.bar.update(task[0], completed=task[1])

    def _show(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=self.console, transient=True)
        self.bar.start()
        for description, task in self.tasks.items():
            if task[1]:
                task[0] = self.bar.add_task(description, total=task[2], completed=task[1])

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def __enter__(self) -> LazyProgress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
