"""The library's entry points: what the CLI calls, usable from Python too.

    from pathlib import Path
    from reportgen.api import build_blockers, build_report, check_paths, plan_build, write_report
    from reportgen.period import parse_option

    checked = check_paths("samples/q2", period=parse_option("2025-Q2"))
    for finding in build_blockers(checked):  # what stops the report: fix it, or build with force=True
        print(finding.where(), finding.message)
    # The output plan refuses a report over an input, a wrong extension, a missing folder.
    target = plan_build(checked.inputs, Path("report-2025-Q2.docx"), checked.validation.period)
    write_report(build_report(checked, force=True), target, kind=checked.kind)

What is wrong with the request (a missing file, an output over an input, a bad --period) is
raised as a reportgen.errors.RequestError; what is wrong inside the forms is returned as
findings (checked.validation.diagnostics), and build_blockers() says whether it stops the report.
The write_* functions write where they are told: plan_* checks the paths first.

Every function that takes a report kind takes it as the keyword `kind`, None meaning the default
kind (reportgen.kind.load_kind()). Results are the model's dataclasses; those the CLI prints as
JSON have `to_json()`.

The modules: discover (finding forms, copies read once, mail unpacked), checking, building
(the report), templates (blank forms), splitting (a report back into forms), drafting (letters,
sending them), noting (the cover note), annotating (copies of the forms with the findings on their cells),
diffing (what changed between two versions of a report, and the new one with its changes tracked).
"""

from reportgen.api.annotating import annotate, plan_annotate
from reportgen.api.building import (REPORT_SUFFIXES, Outputs, build_blockers, build_report, default_report_name,
                                    plan_build, plan_outputs, read_letterhead, write_export, write_outputs, write_pdf,
                                    write_report)
from reportgen.api.checking import EARLY_LIMIT, FUTURE_SLACK, check_paths, roster
from reportgen.api.diffing import default_diff_name, diff_reports, plan_diff, write_diff
from reportgen.api.discover import MAX_BAD_MESSAGES, find_inputs
from reportgen.api.drafting import STALE_FOLDER, plan_letters, plan_send, send_letters, write_letters
from reportgen.api.noting import cover_note, previous_term, write_note, year_earlier
from reportgen.api.splitting import default_split_folder, plan_split, split_blockers, split_file, write_split
from reportgen.api.templates import write_forms
from reportgen.model import Checked, Found, Letters, MarkedCopy, Roster, Written

__all__ = [
    "Checked", "EARLY_LIMIT", "FUTURE_SLACK", "Found", "Letters", "MAX_BAD_MESSAGES", "MarkedCopy", "Outputs", "REPORT_SUFFIXES",
    "Roster", "STALE_FOLDER", "Written", "annotate", "build_blockers", "build_report", "check_paths", "cover_note",
    "default_diff_name", "default_report_name", "default_split_folder", "diff_reports", "find_inputs",
    "plan_annotate", "plan_build", "plan_diff", "plan_letters", "plan_outputs", "plan_send", "plan_split",
    "previous_term", "read_letterhead", "roster", "send_letters", "split_blockers", "split_file", "write_diff",
    "write_export", "write_forms", "write_letters", "write_note", "write_outputs", "write_pdf", "write_report",
    "write_split", "year_earlier",
]
