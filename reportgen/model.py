"""The data that flows through the pipeline: forms as read, and the report as assembled."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import TYPE_CHECKING

from reportgen.catalogue import say
from reportgen.compact import compact
from reportgen.diagnostics import Diagnostic, blocking, count

if TYPE_CHECKING:
    from email.message import EmailMessage
    from pathlib import Path

    from reportgen.dates import DateSpan
    from reportgen.kind import Kind
    from reportgen.names import Municipality
    from reportgen.period import Period, Term


# The sheet a marked copy opens with (validate --annotate): the findings, not the form. A clerk
# may send the corrected copy back with it; it is then passed over like the form's instructions.
NOTES_SHEET = say("notes.sheet")


@compact
@dataclass(frozen=True, slots=True)
class Cell:
    """One value of a form: the text that goes into the report and where it came from."""

    text: str
    ref: str
    # The typed value when it was not text (a date cell), for the date parser.
    value: dt.date | None = None


@compact
@dataclass(frozen=True, eq=False, slots=True)
class Table:
    """One table of a form: its sheet, its header row and which column holds what.

    A form may hold several (a sheet per month, a second table lower on a sheet); every event
    row points at the table it was read from, so its findings name the right sheet and column.
    """

    sheet: str
    header_line: int
    columns: dict[str, str]  # key → column letter ("dates" may be combined from two columns)


@compact
@dataclass(frozen=True, slots=True)
class Row:
    """An event row of a form, by column key."""

    line: int
    cells: dict[str, Cell]
    table: Table | None = None

    def text(self, key: str) -> str:
        cell = self.cells.get(key)
        return cell.text if cell else ""

    @property
    def sheet(self) -> str | None:
        return self.table.sheet if self.table else None


@compact
@dataclass(frozen=True, slots=True)
class Field:
    """A labelled value above the table ("Муниципальное образование: …")."""

    text: str
    ref: str
    sheet: str | None = None


class RowKind(str, Enum):
    """What a row of a form's table was taken for (read.rows classifies them)."""

    EVENT = "event"
    CONTINUATION = "continuation"
    HEADING = "heading"
    COLUMN_NUMBERS = "column-numbers"
    TOTALS = "totals"
    NOTE = "note"
    FOOTER = "footer"
    HEADER = "header"
    NOTHING = "nothing"
    FILLER = "filler"
    PLANNED = "planned"
    OUTSIDE = "outside"


class LetterKind(StrEnum):
    """What a letter to a municipality is for (write.letters)."""

    RETURN = "return"  # the form goes back to be corrected
    REMINDER = "reminder"  # no form came
    CONFIRM = "confirm"  # the form was accepted
    QUESTION = "question"  # the form was accepted, and events of the quarters before are missing from it


class Attach(StrEnum):
    """What a letter carries besides its text."""

    NONE = ""
    MARKED = "marked"  # the form's marked copy
    BLANK = "blank"  # the period's blank form


@compact
@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A non-empty row under a header that is not an event, and what it was taken for."""

    sheet: str
    line: int
    kind: RowKind  # "heading", "footer", … (a plain string is taken as its RowKind)
    reason: str  # in Russian, for the finding

    def __post_init__(self) -> None:
        if type(self.kind) is not RowKind:
            object.__setattr__(self, "kind", RowKind(self.kind))


@compact
@dataclass(frozen=True, slots=True)
class SheetNote:
    """What the reader made of one sheet of the workbook: read, or not and why."""

    name: str
    read: bool
    reason: str = ""

    def as_dict(self) -> dict:
        return {"name": self.name, "read": self.read, "reason": self.reason}


@compact
@dataclass(frozen=True, slots=True)
class Form:
    """One input workbook as read: its fields, its event rows and what the reader found."""

    file: str  # as the user named it (the display path), for findings and tables
    sheet: str | None = None  # the first sheet read: where file-level findings point
    fields: dict[str, Field] = field(default_factory=dict)
    tables: tuple[Table, ...] = ()
    rows: tuple[Row, ...] = ()
    skipped: tuple[SkippedRow, ...] = ()
    sheets: tuple[SheetNote, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    # The form's title above its first table, where a form may name its municipality.
    title: Field | None = None
    produced_by: str = ""  # not a form but reportgen's own output (what it is): skipped among inputs
    # When the workbook records it was last saved (its document properties): which of two copies is newer.
    saved: dt.datetime | None = None

    @property
    def readable(self) -> bool:
        """The reader found a table; checks can look at the rows."""
        return bool(self.tables)

    @property
    def columns(self) -> dict[str, str]:
        """The first table's columns (key → letter)."""
        return self.tables[0].columns if self.tables else {}

    @property
    def header_line(self) -> int | None:
        return self.tables[0].header_line if self.tables else None


@compact
@dataclass(frozen=True, slots=True)
class Entry:
    """An event row with its parsed dates (None when they could not be parsed)."""

    row: Row
    span: DateSpan | None


class _Counted:
    """Error and warning counts of anything that has `diagnostics`."""

    __slots__ = ()  # a base of slotted classes: no __dict__ of its own
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> int:
        return count(self.diagnostics, "error")

    @property
    def warnings(self) -> int:
        return count(self.diagnostics, "warning")


@compact
@dataclass(frozen=True, slots=True)
class Submission(_Counted):
    """A checked form: whose it is, its entries and its findings.

    A worker checks each form on its own: then `diagnostics` are those of the form itself (the
    reader's, its fields) and `row_diagnostics` those of its rows, checked against `assumed`,
    the period known then. The checks across forms (`check.forms.combine`) fill in the rest.
    """

    form: Form
    municipality: Municipality | None
    period: Period | None  # as the form itself states it
    entries: tuple[Entry, ...]
    diagnostics: tuple[Diagnostic, ...]
    assumed: Period | None = None
    row_diagnostics: tuple[Diagnostic, ...] = ()
    # Events naming each foreign country, counted by the worker (in parallel) for the build's
    # summary; None when not counted (check_form called directly): check.status.glance counts then.
    countries: tuple[tuple[str, int], ...] | None = None


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A form (or file, or message) the coordinator left out of the run (--without, --skip-unreadable).

    `municipality` is the registry's short name when it is known; `what` the file or message as
    shown everywhere else; `reason` in Russian, for the output and the report's closing list.
    """

    municipality: str | None
    what: str
    reason: str
    # The address a form came from when that is why it is left out (not the municipality's contact).
    sender: str = ""

    def as_dict(self) -> dict:
        out = {"municipality": self.municipality, "what": self.what, "reason": self.reason}
        if self.sender:
            out["sender"] = self.sender
        return out


@dataclass(frozen=True, slots=True)
class Superseded:
    """A form replaced by a later one of the same municipality (a resubmission): not read into anything."""

    form: Form
    municipality: Municipality
    by: str  # the newer form's file
    events: int
    time: dt.datetime | None = None  # this form's time that lost, by `time_source`
    time_source: str = ""  # which time decided: "saved" (in the workbook), "message" or "file"


@dataclass(frozen=True, slots=True)
class Received:
    """When a form came, besides the time the workbook records (Form.saved): its message's date, its file's time."""

    message: dt.datetime | None = None
    file: dt.datetime | None = None
    # Why the message's date is not to be believed («дата письма … позже, чем оно пришло»): it never wins.
    suspect: str = ""


@dataclass(frozen=True, slots=True)
class Validation(_Counted):
    period: Period | None
    submissions: tuple[Submission, ...]
    run_diagnostics: tuple[Diagnostic, ...]
    superseded: tuple[Superseded, ...] = ()
    # Every finding, the forms' then the run's: computed once (slots leave no room for a cached_property).
    diagnostics: tuple[Diagnostic, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "diagnostics",
                           tuple(d for s in self.submissions for d in s.diagnostics) + self.run_diagnostics)

    def blocking(self, force: bool) -> list[Diagnostic]:
        """The errors that stop a build (with --force only the file- and run-level ones)."""
        return blocking(self.diagnostics, force)


@dataclass(frozen=True, slots=True)
class Event:
    number: int
    label: str  # "1."
    cells: tuple[str, ...]  # the content columns, in the kind's order
    file: str
    sheet: str | None
    line: int
    ref: str = ""  # the cell of the event's name, where a reader of the export can find it
    start: dt.date | None = None  # parsed from the dates column (None when it could not be)
    end: dt.date | None = None
    # The dates as the form typed them, when the report writes them in its one style (None: as typed).
    dates_typed: str | None = None
    # A sub-heading row written above this event in its section (a longer period's quarter, [term]).
    heading: str = ""
    # A longer period's event: the quarter(s) it was held in, as the column shows them («III», «I, II»).
    quarters: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    municipality: str  # the registry's short name
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class Closing:
    """The block after the table: who reported nothing, who sent nothing or was left out, counts, signatures.

    Every text is final (the kind's headings and placeholders filled in): the writer only lays it out.
    `lists` are (heading, lines) with their lines in registry order; an empty list is left out.
    """

    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()
    counts_heading: str = ""
    counts: tuple[tuple[str, int], ...] = ()  # (municipality, events), registry order
    total: str = ""  # «Всего: 97 мероприятий»
    signature: tuple[tuple[str, str], ...] = ()  # (left, right): a position and a name, or a date


@dataclass(frozen=True, slots=True)
class Report:
    """What the Word writer writes: a title, the column titles, sections of numbered events."""

    title: str
    columns: tuple[str, ...]
    widths_cm: tuple[float, ...]
    number_column: int | None  # index of the № column among `columns`, if the kind has one
    sections: tuple[Section, ...]
    period: Period | Term | None = None  # the quarter (or longer period, api.term) reported on (None: not known)
    closing: Closing | None = None
    dates: str = "as-typed"  # how the dates column is written: dates.DATE_STYLES
    merges: tuple[TermMerge, ...] = ()  # a longer period's events made of several quarters' rows (api.term)

    @classmethod
    def of(cls, kind: Kind, period: Period | None, sections: tuple[Section, ...], title: str | None = None,
           closing: Closing | None = None, dates: str = "as-typed") -> Report:
        """A report of the kind's columns around `sections`, titled by the kind unless `title` is given."""
        return cls(
            title=kind.title(period) if title is None else title,  # type: ignore[arg-type] - a period or a title
            columns=tuple(c.title for c in kind.columns),
            widths_cm=tuple(c.width_cm for c in kind.columns),
            number_column=next((i for i, c in enumerate(kind.columns) if c.role == "number"), None),
            sections=sections,
            period=period,
            closing=closing,
            dates=dates,
        )

    @property
    def event_count(self) -> int:
        return sum(len(s.events) for s in self.sections)

    def row_cells(self, event: Event) -> tuple[str, ...]:
        """An event's cells in column order, its number label in the № column."""
        if self.number_column is None:
            return event.cells
        i = self.number_column
        return (*event.cells[:i], event.label, *event.cells[i:])

    def dump(self) -> str:
        """A plain-text dump of the report, for golden tests and for reading diffs."""
        out = [f"TITLE {self.title!r}", f"COLUMNS {list(self.columns)!r}"]
        for s in self.sections:
            out.append(f"SECTION {s.title!r}")
            for e in s.events:
                if e.heading:
                    out.append(f"  SUB {e.heading!r}")
                out.append(f"  ROW {list(self.row_cells(e))!r}")
        if self.closing is not None:
            c = self.closing
            out += [f"LIST {heading!r} {list(lines)!r}" for heading, lines in c.lists]
            out += [f"COUNTS {c.counts_heading!r} {list(c.counts)!r} {c.total!r}"]
            out += [f"SIGN {list(pair)!r}" for pair in c.signature]
        return "\n".join(out) + "\n"


# What the stages hand on besides forms: the inputs found (read.inputs), a report read back
# (read.report), a letterhead (read.letterhead), the roster (check.status, check.owners) and a
# letter (write.letters). Those that a worker returns pickle compactly.


@compact
@dataclass(frozen=True, slots=True)
class Source:
    """Where a form came from: the message (its file), the sender, the date, the subject, the attachment."""

    message: str
    sender: str
    date: dt.datetime | None
    subject: str
    attachment: str
    message_id: str = ""
    reply_to: str = ""  # the sender's address, for a reply
    arrived: dt.datetime | None = None  # when the message reached the coordinator: its Date is the sender's word
    via: tuple[str, ...] = ()  # who forwarded the message it was in (a contact forwarding a clerk's form vouches for it)
    answer: str = ""  # the message's Reply-To, where a reply goes; `reply_to` (From) stays who sent it

    @property
    def reply_address(self) -> str:
        """Where a letter back goes: Reply-To when the message names one, else the sender."""
        return self.answer or self.reply_to

    @property
    def delivered_by(self) -> str:
        """The address that actually sent it to the coordinator: the outermost forwarder, else the sender.

        A forwarded message's own From is whatever its forwarder typed, so it vouches for nothing.
        """
        return self.via[0] if self.via else self.reply_to

    def as_dict(self) -> dict:
        out = {"message": self.message, "from": self.sender, "date": self.date.isoformat() if self.date else None,
               "subject": self.subject, "attachment": self.attachment}
        if self.via:
            out["forwarded_by"] = list(self.via)
        return out

    def line(self) -> str:
        """«письмо от Вязьма <adm@…> 12.07.2025 «Отчет за II квартал», вложение «Форма.xlsx»»."""
        when = f" {self.date:%d.%m.%Y %H:%M}" if self.date else ""
        return say("source.line", sender=self.sender or say("source.sender-unknown"), when=when,
                   subject=self.subject or say("source.no-subject"), attachment=self.attachment)


@compact
@dataclass(frozen=True, slots=True)
class NoForm:
    """A message that holds no form: a question, a Word file sent instead, a form in a format we do not read."""

    message: str
    sender: str
    date: dt.datetime | None
    subject: str
    attachments: tuple[str, ...]
    address: str = ""  # the sender's, for a reply
    message_id: str = ""
    notes: tuple[str, ...] = ()  # what each attachment is instead of a form («Отчет.docx» — документ Word…)
    answer: str = ""  # the message's Reply-To, where a reply goes

    @property
    def reply_address(self) -> str:
        return self.answer or self.address

    def as_dict(self) -> dict:
        return {"message": self.message, "from": self.sender, "date": self.date.isoformat() if self.date else None,
                "subject": self.subject, "attachments": list(self.attachments), "notes": list(self.notes)}

    def reason(self) -> str:
        sent = (say("source.attachments", names=", ".join(f"«{a}»" for a in self.attachments)) if self.attachments
                else say("source.no-attachments"))
        notes = "".join(f"; {note}" for note in self.notes)
        return say("source.no-form", sender=self.sender or say("source.sender-unknown"),
                   subject=self.subject or say("source.no-subject"), sent=sent, notes=notes)


@compact
@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file named by the arguments that is not read, and why."""

    display: str
    reason: str
    path: Path | None = None  # where it is: an output must not land on it either
    message: NoForm | None = None  # a message with no form: its sender and subject
    foreign: bool = False  # a document of another kind (Word, PDF, an image) where a form was expected
    code: str = ""  # for mail passed over: "mail-over-budget", "mail-unreadable", "mailbox-truncated" (diagnostics.CODES)


@compact
@dataclass(frozen=True, slots=True)
class InputFile:
    """A form to read (or mail to unpack): where it is, how it is shown, the message it came in."""

    path: Path
    display: str  # as the user will recognise it in messages
    source: Source | None = None  # the message it was attached to
    received: dt.datetime | None = None  # the message's date: which of two forms is the newer
    mail: bool = False  # a saved message or mailbox, not yet unpacked into forms
    # Where byte-identical copies of it came from (None: a file on disk), read once as this one (api._once).
    copies: tuple[Source | None, ...] = ()


@compact
@dataclass(frozen=True, slots=True)
class Split:
    """A Word report read back: the same model `build` writes, its period, and what could not be placed."""

    source: str  # the document, as the user named it
    report: Report  # sections in the document's order, one per municipality; events numbered anew
    period: Period | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)


@compact
@dataclass(frozen=True, slots=True)
class Part:
    """A part of a letterhead's package (a header, a footer, a picture) as the report takes it."""

    name: str  # in the report's package, e.g. "word/header1.xml"
    data: bytes
    content_type: str
    rel_type: str = ""  # how word/document.xml refers to it ("" for a picture of a header)
    rel_id: str = ""
    rels: bytes = b""  # its own relationships part, if it has one


@compact
@dataclass(frozen=True, slots=True)
class Letterhead:
    """What a report takes from a letterhead, ready to be written into the report's package."""

    source: str  # the file, as the user named it
    parts: tuple[Part, ...]
    section: str  # the final w:sectPr, its header and footer references pointing at `parts`
    usable_width: int  # twips between the margins
    notes: tuple[str, ...] = ()  # what was left out of the letterhead, and why
    findings: tuple[Diagnostic, ...] = ()  # letterhead-link: each link out of the package that was dropped

    def has(self, kind: str) -> bool:
        return any(p.rel_type == kind for p in self.parts)


@dataclass(frozen=True, slots=True)
class RosterLine:
    """One municipality on the roster (reportgen status): its state, forms, counts and notes."""

    name: str  # the registry's short name
    state: str
    files: tuple[str, ...]
    events: int
    errors: int
    warnings: int
    superseded: tuple[str, ...] = ()  # earlier forms the municipality replaced by a later one
    # What arrived but cannot be read, or was left out, and why («Починок.xlsx (по теме письма): …»).
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"name": self.name, "state": self.state, "files": list(self.files), "events": self.events,
                "errors": self.errors, "warnings": self.warnings, "superseded": list(self.superseded),
                "notes": list(self.notes)}


@dataclass(frozen=True, slots=True)
class Arrived:
    """A file or message that came from a municipality but holds no form that can be read."""

    municipality: str  # the registry's short name
    what: str  # the file or message as shown everywhere else
    why: str  # what is wrong with it, in Russian
    hint: str  # what the sender should do
    by: str  # how the owner was told: «по адресу отправителя», «по теме письма», …
    source: Source | None = None  # the message a file came in, for the reply
    note: NoForm | None = None  # the message itself, when it held no form at all
    wrong_format: bool = False  # not a spreadsheet: the blank form goes with the letter
    form: bool = False  # a form that was read, but names no municipality of the registry: theirs, with its errors

    def _origin(self, of_source: str, of_note: str) -> str:
        """A fact of the message: from the file's source, else from the formless message itself."""
        if self.source is not None:
            return getattr(self.source, of_source)
        return getattr(self.note, of_note) if self.note is not None else ""

    @property
    def address(self) -> str:
        """The sender's address, to which the letter goes."""
        return self._origin("reply_to", "address")

    @property
    def answer(self) -> str:
        """Where the letter goes when no contact is known: the message's Reply-To, else its sender."""
        return self._origin("reply_address", "reply_address")

    @property
    def message_id(self) -> str:
        return self._origin("message_id", "message_id")

    @property
    def name(self) -> str:
        """The file's own name, without the folders or the message it came in."""
        return own_name(self.what)

    def line(self) -> str:
        """«Починок.xlsx (по теме письма): Книга защищена паролем (зашифрована)»."""
        return f"{own_name(self.what)} ({self.by}): {self.why}"

    def as_dict(self) -> dict:
        return {"municipality": self.municipality, "what": self.what, "why": self.why, "hint": self.hint,
                "by": self.by}


@dataclass(frozen=True, slots=True)
class Draft:
    """One letter: to whom, what, and which attachment it needs (made by the api)."""

    kind: LetterKind  # a plain string ("return", "reminder", "confirm") is taken as its LetterKind
    municipality: str  # the registry's short name ("" for a form whose owner is unknown)
    to: tuple[str, ...]
    subject: str
    body: str
    attach: Attach = Attach.NONE  # the form's marked copy, the period's blank form, or nothing
    form: str = ""  # the form's file (display), for the marked copy
    also: tuple[str, ...] = ()  # more forms of the same letter (sent at once), each with its marked copy too
    in_reply_to: str = ""  # Message-ID of the message the form came in
    blank: bool = False  # the period's blank form too (a form that lacks a column: to move the rows into)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", LetterKind(self.kind))
        object.__setattr__(self, "attach", Attach(self.attach))

    @property
    def file_name(self) -> str:
        who = self.municipality or say("letter.no-municipality")
        # The name goes on disk: no character a file system refuses.
        return re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", f"{who} — {say(f'letter.{self.kind}')}.eml")

    def key(self) -> str:
        """What makes a letter the same letter on a rerun: recipients, subject and text (not dates or ids)."""
        text = "\n".join([",".join(sorted(self.to)), self.subject, self.body])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def own_name(what: str) -> str:
    """A file's own name, without the folders or the message it came in (« › » joins those)."""
    return what.split(" › ")[-1].replace("\\", "/").rsplit("/", 1)[-1]


# The library's results (reportgen.api): what a command gets back, and its JSON document.


@dataclass(frozen=True, slots=True)
class Found:
    """The forms that arguments name (files, folders, globs, mail), and what was passed over; nothing read yet."""

    inputs: tuple[InputFile, ...]
    skipped: tuple[SkippedFile, ...]


@dataclass(frozen=True, slots=True)
class Checked:
    """Inputs that were found, what was skipped, and the validation of what was read."""

    inputs: tuple[InputFile, ...]
    skipped: tuple[SkippedFile, ...]
    validation: Validation
    kind: Kind
    # Forms the coordinator left out (--without, --skip-unreadable): in no check, named everywhere.
    left_out: tuple[LeftOut, ...] = ()
    # Files and messages that cannot be read, placed by who sent them (check.owners.attribute).
    arrived: tuple[Arrived, ...] = ()
    # What the contacts table (--contacts) could not use, or used in part: for the coordinator, in Russian.
    notes: tuple[str, ...] = ()

    def skipped_json(self) -> list[dict]:
        """Files and attachments passed over; mail's carry their code (mail-over-budget, mailbox-truncated…)."""
        return [{"file": s.display, "reason": s.reason, **({"code": s.code} if s.code else {})}
                for s in self.skipped if s.message is None]

    def without_form_json(self) -> list[dict]:
        return [s.message.as_dict() for s in self.skipped if s.message is not None]

    def to_json(self) -> dict:
        """The document of `validate --json` (README: a contract; key order kept)."""
        v = self.validation
        sources = {item.display: item.source.as_dict() for item in self.inputs if item.source is not None}
        source = sources.get
        return {
            "files": [s.form.file for s in v.submissions],
            "period": v.period.code() if v.period else None,
            "forms": [
                {
                    "file": s.form.file,
                    "sheet": s.form.sheet,
                    "sheets": [note.as_dict() for note in s.form.sheets],
                    "municipality": s.municipality.short if s.municipality else None,
                    "events": len(s.entries),
                    "errors": s.errors,
                    "warnings": s.warnings,
                    "source": source(s.form.file),
                }
                for s in v.submissions
            ],
            "superseded": [{"file": r.form.file, "municipality": r.municipality.short, "by": r.by, "events": r.events,
                            "time": r.time.isoformat() if r.time else None, "time_source": r.time_source,
                            "source": source(r.form.file)} for r in v.superseded],
            "skipped": self.skipped_json(),
            "messages_without_form": self.without_form_json(),
            "left_out": [item.as_dict() for item in self.left_out],
            "arrived": [item.as_dict() for item in self.arrived],
            "diagnostics": [d.as_dict() for d in v.diagnostics],
            "summary": {"errors": v.errors, "warnings": v.warnings, "info": count(v.diagnostics, "info")},
        }


@dataclass(frozen=True, slots=True)
class Roster:
    """Who sent a form, whose has errors, who sent nothing (reportgen status): api.roster(checked)."""

    checked: Checked
    lines: tuple[RosterLine, ...]
    unattributed: tuple[Arrived, ...]  # files and messages no municipality could be told for
    summary: str  # the closing line, in Russian
    received: int  # everything that arrived: forms, superseded ones, unplaced, passed over, left out

    def to_json(self) -> dict:
        """The document of `status --json` (README: a contract; key order kept)."""
        c = self.checked
        v = c.validation
        sources = {item.display: item.source.as_dict() for item in c.inputs if item.source is not None}
        return {
            "period": v.period.code() if v.period else None,
            "received": self.received,
            "summary": self.summary,
            "municipalities": [{**line.as_dict(), "sources": [sources.get(f) for f in line.files]}
                               for line in self.lines],
            "unattributed": [item.as_dict() for item in self.unattributed],
            "skipped": c.skipped_json(),
            "messages_without_form": c.without_form_json(),
            "left_out": [item.as_dict() for item in c.left_out],
            "diagnostics": [d.as_dict() for d in v.diagnostics],
        }


@dataclass(frozen=True, slots=True)
class Written:
    """One letter `write_letters` wrote: the draft, its .eml file, and the message in it."""

    draft: Draft
    path: Path
    message: EmailMessage


@dataclass(frozen=True, slots=True)
class Letters:
    """What `write_letters` wrote: each letter; and what the coordinator should know."""

    drafts: tuple[Written, ...]
    notes: tuple[str, ...]
    findings: tuple[Diagnostic, ...] = ()  # marked copies that could not be made («copy-failed»)


@dataclass(frozen=True, slots=True)
class MarkedCopy:
    """A copy of a form with its findings on the cells (validate --annotate), or why none was made.

    `copy` None and `finding` None: the form is not a workbook at all (its own findings say so).
    """

    file: str  # the form as shown everywhere
    copy: Path | None
    finding: Diagnostic | None  # «copy-failed» when the copy could not be made

    def to_json(self) -> dict:
        return {"file": self.file, "copy": str(self.copy) if self.copy else None,
                "finding": self.finding.as_dict() if self.finding else None}



# The archive of reports (read/record.py, write/record.py): one version of one period's report.


@dataclass(frozen=True, slots=True)
class Record:
    """A report as the archive keeps it: one version of one period, and where each event came from.

    `report` is the model `build` wrote (or `split` read from a Word report, origin "word");
    `messages` maps a form's file, as the events name it, to the message it arrived in.
    """

    path: str  # the record file, as shown to the user
    kind: str  # the kind's name
    period: Term
    version: int
    built: dt.datetime | None
    origin: str  # "forms": built by reportgen build; "word": read from a Word report
    report: Report
    messages: tuple[tuple[str, Source], ...] = ()
    program: str = ""  # the reportgen version that wrote it
    content: str = ""  # what the report says, sources aside (read/record.py content_of): «already in the archive»
    findings: tuple[Diagnostic, ...] = ()  # warnings on a record still used (record-edited)

    @property
    def name(self) -> str:
        """How findings and diff name it: «2025-Q2, версия 2»."""
        from reportgen.catalogue import say

        return say("record.name", period=self.period.code(), version=self.version)

    def source_of(self, event: Event) -> Source | None:
        return dict(self.messages).get(event.file)


@dataclass(frozen=True, slots=True)
class Archive:
    """The records of an archive folder: the newest readable version of each period, oldest period first.

    `findings`: the records that could not be used (damaged, foreign, of another kind), each named.
    `versions`: every version each period has, newest last, for `archive` and `diff`.
    """

    folder: str
    records: tuple[Record, ...] = ()
    findings: tuple[Diagnostic, ...] = ()
    versions: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (period code, versions)
    contents: tuple[tuple[str, int, str], ...] = ()  # (period code, version, content) of each version read

    def get(self, period: Term) -> Record | None:
        return next((r for r in self.records if r.period == period), None)

    def before(self, period: Term | Period) -> tuple[Record, ...]:
        """The records of periods that ended before `period` starts, newest first."""
        start = period.start
        return tuple(r for r in reversed(self.records) if r.period.end < start)

    def quarters(self, period: Term) -> tuple[Record, ...]:
        """The quarters' records that `period` (a half-year, nine months, a year) is made of, in order."""
        from reportgen.period import Term

        return tuple(r for q in period.quarters() if (r := self.get(Term.of(q))) is not None)

    def in_order(self) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """`versions` in the order of the periods (2025-Q1, 2025-Q2, 2025-H1, …), not of their codes."""
        from reportgen.period import parse_term

        def key(item):
            term = parse_term(item[0])
            return (term.start, term.end) if term else (dt.date.min, dt.date.min)
        return tuple(sorted(self.versions, key=key))

    def to_json(self) -> dict:
        """`reportgen archive --format json`: each period with its versions and the version in use; the unusable."""
        used = {r.period.code(): r for r in self.records}
        periods = []
        for code, numbers in self.in_order():
            r = used.get(code)
            periods.append({"period": code, "versions": list(numbers), "version": r.version if r else None,
                            "file": r.path if r else None, "events": r.report.event_count if r else None,
                            "origin": r.origin if r else None,
                            "built": r.built.isoformat() if r and r.built else None})
        return {"folder": self.folder, "periods": periods, "findings": [d.as_dict() for d in self.findings]}


@dataclass(frozen=True, slots=True)
class Seeded:
    """One Word report given to `reportgen archive`: the record it became, or the findings that kept it out."""

    source: str  # the document, as the user named it
    period: Term | None
    events: int
    diagnostics: tuple[Diagnostic, ...]  # split's findings on it, and the archive's refusal if any
    record: str | None = None  # the record written; None: the file was skipped
    version: int = 0
    already: bool = False  # the archive held this very report already: `record` is that record, nothing written

    def to_json(self) -> dict:
        return {"source": self.source, "period": self.period.code() if self.period else None, "events": self.events,
                "record": self.record, "version": self.version or None, "already": self.already,
                "diagnostics": [d.as_dict() for d in self.diagnostics]}


@dataclass(frozen=True, slots=True)
class Seeding:
    """What `reportgen archive ОТЧЕТ.docx…` did: one entry per Word report, in the order given."""

    folder: str
    files: tuple[Seeded, ...]
    passed: tuple[Diagnostic, ...] = ()  # what the folders held that is not read (subfolders)

    @property
    def skipped(self) -> tuple[Seeded, ...]:
        return tuple(f for f in self.files if f.record is None)

    def to_json(self) -> dict:
        return {"folder": self.folder, "files": [f.to_json() for f in self.files],
                "passed": [d.as_dict() for d in self.passed]}


# -- model: earlier quarters (23.2) --


@dataclass(frozen=True, slots=True)
class PastQuarter:
    """An earlier quarter's record as the checks against earlier quarters need it (check/earlier.py).

    `events`: (municipality, number, start, end, name, stems, quoted, place) per dated event, the
    dates as day ordinals (dt.date.toordinal), the last three its matching key (check.same_event.Key):
    plain tuples of numbers and strings, cheap to cache and to pickle (a worker sends 120,000 of them).
    """

    path: str  # the record file, as shown
    period: Term
    version: int
    events: tuple[tuple[str, int, int, int, str, str, str, str], ...] = ()


# -- model: longer periods (23.3) --


@dataclass(frozen=True, slots=True)
class QuarterSource:
    """Where a longer period's report took one quarter from: the archive, forms, or a Word report."""

    quarter: Period
    origin: str  # "archive", "forms" or "word"
    what: str  # the record, the forms (how many) or the document, as the output names it
    report: Report | None  # the quarter's report, events numbered as built (None: forms, built by api.build_term)
    checked: Checked | None = None  # the quarter's forms as checked (origin "forms")


@dataclass(frozen=True, slots=True)
class TermBuild:
    """A half-year, nine-month or year report in the making (api.gather_term): its quarters and findings.

    `findings`: a quarter that has no source, a form outside the period or of no period, a Word
    report that cannot be read or was not used, a damaged archive record. `missing`: the quarters
    of the term that nothing gave.
    """

    term: Term
    sources: tuple[QuarterSource, ...]
    missing: tuple[Period, ...]
    findings: tuple[Diagnostic, ...]

    @property
    def checked(self) -> tuple[Checked, ...]:
        return tuple(s.checked for s in self.sources if s.checked is not None)


@dataclass(frozen=True, slots=True)
class TermMerge:
    """One event of a longer period's report that several quarters reported: which quarters' rows it is.

    `rows`: (quarter code «2025-Q3», its number in that quarter's report, file, cell) per row merged.
    """

    number: int  # in the period's report
    municipality: str
    rows: tuple[tuple[str, int, str, str], ...]

    def to_json(self) -> dict:
        return {"number": self.number, "municipality": self.municipality,
                "rows": [{"quarter": q, "number": n, "file": f, "cell": c} for q, n, f, c in self.rows]}


# -- model: diff (23.4) --


@dataclass(frozen=True, slots=True)
class Version:
    """One side of `diff`: a report read from a Word document or from an archive record."""

    file: str  # as the user named it
    report: Report
    record: Record | None = None  # when it is an archive record: the messages its forms came in

    def place(self, event: Event) -> dict:
        """Where an event of this version came from: the form's cell and message, or the document's row."""
        if self.record is None:
            return {"document": self.file, "table": event.sheet, "row": event.line}
        source = self.record.source_of(event)
        return {"file": event.file, "sheet": event.sheet, "cell": event.ref or None, "row": event.line,
                "message": source.as_dict() if source is not None else None}


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One event in the two versions: the same, added, removed or changed (`fields`: content columns that differ)."""

    state: str  # "same", "added", "removed", "changed"
    old: Event | None
    new: Event | None
    fields: tuple[int, ...] = ()  # indexes into the content columns

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old.number != self.new.number


@dataclass(frozen=True, slots=True)
class DiffSection:
    """A municipality's events in both versions, in the order the tracked document shows them."""

    title: str
    municipality: str
    state: str  # "same", "added" (only in the new version), "removed" (only in the old one)
    rows: tuple[DiffRow, ...]
    old_title: str = ""  # the section's title in the old version, when it differs


@dataclass(frozen=True, slots=True)
class Diff:
    """What changed between two versions of a report (api.diff_reports), event by event."""

    old: Version
    new: Version
    keys: tuple[str, ...]  # the content columns' keys
    titles: tuple[str, ...]  # and their titles, first line
    sections: tuple[DiffSection, ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    def rows(self, state: str) -> list[tuple[DiffSection, DiffRow]]:
        return [(s, r) for s in self.sections for r in s.rows if r.state == state]

    @property
    def changed(self) -> bool:
        return any(r.state != "same" for s in self.sections for r in s.rows) or self.old.report.title != self.new.report.title

    def _event(self, version: Version, event: Event) -> dict:
        return {"number": event.number, **dict(zip(self.keys, event.cells)), "source": version.place(event)}

    def to_json(self) -> dict:
        """The document of `diff --format json`: each change once, with the sources of both versions."""
        def side(v: Version) -> dict:
            return {"file": v.file, "record": v.record.name if v.record is not None else None,
                    "title": v.report.title, "events": v.report.event_count}

        return {
            "old": side(self.old), "new": side(self.new),
            "summary": {state: len(self.rows(state)) for state in ("added", "removed", "changed", "same")}
                       | {"renumbered": sum(r.renumbered for s in self.sections for r in s.rows)},
            "title": ({"old": self.old.report.title, "new": self.new.report.title}
                      if self.old.report.title != self.new.report.title else None),
            "added": [{"municipality": s.municipality, **self._event(self.new, r.new)} for s, r in self.rows("added")],
            "removed": [{"municipality": s.municipality, **self._event(self.old, r.old)}
                        for s, r in self.rows("removed")],
            "changed": [{"municipality": s.municipality, "old_number": r.old.number, "new_number": r.new.number,
                         "renumbered": r.renumbered,
                         "fields": [{"column": self.keys[i], "title": self.titles[i], "old": r.old.cells[i],
                                     "new": r.new.cells[i]} for i in r.fields],
                         "old_source": self.old.place(r.old), "new_source": self.new.place(r.new)}
                        for s, r in self.rows("changed")],
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }


# -- model: cover note (23.5) --


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure of the cover note: what it counts (a municipality, a country, a month) and the events it counts.

    `events` are the report's event numbers («1.»…): the count is their number, so every figure
    can be checked against the report and its JSON export.
    """

    key: str  # the registry's short name, the country, the month «2025-04» ("" for the undated)
    label: str  # as the note writes it
    events: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.events)

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "count": self.count, "events": list(self.events)}


@dataclass(frozen=True, slots=True)
class Compared:
    """A figure of this period against the same figure of an earlier one (event numbers of each report)."""

    key: str
    label: str
    events: tuple[int, ...]  # in this report
    earlier: tuple[int, ...]  # in the earlier record's report
    sent: bool = True  # False: the municipality sent no form this period (its count is «нет формы», not 0)

    @property
    def difference(self) -> int | None:
        """This period's count less the earlier one; None when this period has no form to count."""
        return len(self.events) - len(self.earlier) if self.sent else None

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "count": len(self.events), "events": list(self.events),
                "earlier_count": len(self.earlier), "earlier_events": list(self.earlier),
                "difference": self.difference, "sent": self.sent}


@dataclass(frozen=True, slots=True)
class Comparison:
    """The note's comparison with one earlier period of the archive: the record used, the total, per municipality."""

    part: str  # "previous" or "year_ago"
    heading: str
    period: Term  # the earlier period
    version: int  # of its record (0: no record)
    record: str  # the record's file ("": the archive has none usable; `reason` says why)
    total: Compared | None  # every event of each report (None without a record)
    municipalities: tuple[Compared, ...]  # registry order: every municipality with events in either
    # The total over the municipalities that sent a form this period: there when some sent none
    # (their earlier events would otherwise count as a fall).
    sent_total: Compared | None = None
    reason: str = ""  # why there is no comparison: «В архиве нет отчета за … — сравнение не приводится»

    def as_dict(self) -> dict:
        if not self.record:
            return {"part": self.part, "heading": self.heading, "period": self.period.code(), "version": None,
                    "record": None, "reason": self.reason}
        return {"part": self.part, "heading": self.heading, "period": self.period.code(), "version": self.version,
                "record": self.record, "total": self.total.as_dict() if self.total else None,
                "sent_total": self.sent_total.as_dict() if self.sent_total else None,
                "municipalities": [c.as_dict() for c in self.municipalities]}


@dataclass(frozen=True, slots=True)
class SharedEvent:
    """An event several municipalities reported (the shared-event matcher's cluster), by its numbers in the report."""

    name: str  # as the first of its rows names it
    municipalities: tuple[str, ...]  # short names, registry order
    events: tuple[int, ...]

    def as_dict(self) -> dict:
        return {"name": self.name, "municipalities": list(self.municipalities), "count": len(self.events),
                "events": list(self.events)}


@dataclass(frozen=True, slots=True)
class Note:
    """The cover note (справка) of a report: every figure computed from the report's events, with their numbers.

    `parts` are the kind's, in its order. With an archive, a comparison it has no record for is there
    with its reason (Comparison.reason); without an archive the comparisons are left out.
    """

    title: str
    period: Term
    parts: tuple[str, ...]
    headings: tuple[tuple[str, str], ...]  # (part, heading) of the parts that are there
    total: Figure
    municipalities: tuple[Figure, ...]  # registry order, those with events
    countries: tuple[Figure, ...]  # most events first
    months: tuple[Figure, ...]  # in order; the undated last (key "")
    comparisons: tuple[Comparison, ...]
    shared: tuple[SharedEvent, ...]  # in the order of their first number
    nothing_sent: tuple[tuple[str, str], ...]  # (short name, as written) of who sent no form
    notes: tuple[Diagnostic, ...] = ()  # archive records that could not be used

    def heading(self, part: str) -> str:
        return dict(self.headings).get(part, "")

    def to_json(self) -> dict:
        """The "note" object of build --json: each figure with the event numbers it counts."""
        return {
            "title": self.title, "period": self.period.code(), "parts": list(self.parts),
            "headings": dict(self.headings),
            "total": self.total.as_dict(),
            "municipalities": [f.as_dict() for f in self.municipalities],
            "countries": [f.as_dict() for f in self.countries],
            "months": [f.as_dict() for f in self.months],
            "comparisons": [c.as_dict() for c in self.comparisons],
            "shared": [f.as_dict() for f in self.shared],
            "nothing_sent": [{"municipality": short, "label": label} for short, label in self.nothing_sent],
        }
