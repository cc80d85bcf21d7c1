"""reportgen: municipality Excel forms → checked, merged, numbered Word report.

The pipeline, one package a stage: read (workbook → Form) → check (Forms → findings) →
assemble (→ Report, pure) → write (Report → .docx, and the other outputs). The model, the
report kind, dates and periods sit below them all; `api` ties the stages together and `cli`
is a thin command line over `api`.
"""

__version__ = "0.2.0"  # the one place: pyproject reads it (hatch), --version via importlib.metadata


def _require_defusedxml() -> None:
    # openpyxl parses workbook XML through defusedxml only when it is importable; without it,
    # XML entity attacks in a crafted form would reach the parser.
    import importlib.util

    if importlib.util.find_spec("defusedxml") is None:
        raise ImportError("reportgen needs defusedxml (pip install defusedxml) to read forms safely")


_require_defusedxml()
