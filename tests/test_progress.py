"""The progress bar: drawn only on a terminal, and only when a run is slow."""

import io

from rich.console import Console

from reportgen.cli.progress import LazyProgress


def _console(terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=terminal, width=100), out


def test_quick_runs_draw_nothing():
    console, out = _console(terminal=True)
    with LazyProgress(console, delay=60) as progress:
        task = progress.add("Чтение форм", 27)
        for _ in range(27):
            progress.advance(task)
    assert out.getvalue() == ""


def test_slow_runs_on_a_terminal_show_a_bar():
    console, out = _console(terminal=True)
    with LazyProgress(console, delay=0) as progress:
        task = progress.add("Чтение форм", 27)
        for _ in range(27):
            progress.advance(task)
    assert "Чтение форм" in out.getvalue()


def test_nothing_when_output_is_not_a_terminal():
    console, out = _console(terminal=False)
    with LazyProgress(console, delay=0) as progress:
        task = progress.add("Запись отчета", 100)
        progress.advance(task, 100)
    assert out.getvalue() == ""
