"""One rule for every text reportgen writes into a workbook: it stays text, never a formula.

openpyxl turns any str that starts with «=» into a formula, so a form's «=HYPERLINK(…)» or
«=cmd|' /C calc'!A0» would run in the reader's Excel. Text is stored as a string cell instead;
the ones Excel or Calc would take for a formula when edited («=», «+», «-», «@», tab, CR) also
get the quote prefix, which keeps them text. Numbers and dates are left as they are.
"""

from __future__ import annotations

RISKY = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell):
    """`cell` with its text stored as a string (quote-prefixed when it looks like a formula); returns it."""
    value = cell.value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(RISKY):
            cell.quotePrefix = True
    elif cell.data_type == "s" and value is not None and str(value).startswith(RISKY):  # rich text
        cell.quotePrefix = True
    return cell


def inert(wb) -> None:
    """Every text of `wb` made a string cell, just before it is saved.

    For workbooks that hold no formulas of their own (forms, marked copies read for their values):
    any text typed as a formula here came from outside.
    """
    for ws in wb.worksheets:
        for cell in getattr(ws, "_cells", {}).values():  # a chart sheet has no cells
            if cell.data_type in ("s", "f"):
                as_text(cell)
