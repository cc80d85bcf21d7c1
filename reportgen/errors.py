"""The library's errors. Each message is for the user: Russian, naming the file or option, saying what to do.

The command line maps them to exit statuses: a RequestError (the command asks for something
that cannot be done as asked: a path, an option, an output) is 2, any other ReportgenError 1.
Findings about the contents of forms are not errors: they are diagnostics (diagnostics.py).
"""

from __future__ import annotations


class ReportgenError(Exception):
    """Something the user has to change before reportgen can go on."""


class RequestError(ReportgenError):
    """The command names something that cannot be used as asked: exit status 2."""


class InputsError(RequestError):
    """The arguments name no form: a missing file or folder, a pattern that matches nothing."""


class OutputError(RequestError):
    """An output that must not or cannot be written: over an input, into a missing folder, twice."""


class PeriodError(RequestError):
    """A period that is not a quarter of a year: «2025-Q5», «II квартал» without its year."""


class KindError(RequestError):
    """A report kind that cannot be loaded: not found, not TOML, an unknown or misspelt key."""


class ReferenceDocError(RequestError):
    """A --reference-doc that cannot serve as the report's letterhead."""


class BlockedError(ReportgenError):
    """The forms (or the report split) hold errors that stop the output: exit status 1, the findings named.

    Raised only when a caller skips build_blockers/split_blockers: the contents of forms are
    findings, never a request error.
    """

    def __init__(self, message: str, findings=()) -> None:
        super().__init__(message)
        self.findings = tuple(findings)


class WriteError(ReportgenError):
    """An output the disk would not take (full, read-only, no rights): exit status 1, nothing half-written left."""


class SendFailed(ReportgenError):
    """The SMTP server could not be reached or would not let us in: nothing more is sent, the drafts stay (exit 1)."""


class OfficeError(ReportgenError):
    """LibreOffice is missing, did not answer, or did not convert: exit status 1."""
