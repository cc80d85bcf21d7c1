"""The coordinator's contacts workbook: municipality, e-mail, contact person (`letters --contacts`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import InputsError
from reportgen.kind import Kind

def address_key(address: str) -> str:
    """One spelling of an address for comparing: lower case, the domain in IDNA.

    A message crosses servers without SMTPUTF8 as «otchet@xn--80aahb0a4at.xn--p1ai», while the
    coordinator types «otchet@гагарин.рф»: the same mailbox.
    """
    local, at, domain = address.strip().lower().rpartition("@")
    if not at:
        return address.strip().lower()
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # not a name IDNA can spell: compared as written
    return f"{local}@{domain}"


_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


# Header words of the contacts table's columns (matched against the header cells, lowercased).
# A name in three columns («Фамилия», «Имя», «Отчество»): put together into the person.
_NAME_PARTS = {"фамилия": "surname", "имя": "given", "отчество": "patronymic"}
# «Принимать формы также с адресов»: senders the coordinator trusts besides the contact (never written to).
_ACCEPT_WORDS = ("принима", "также")
_EMAIL_WORDS = ("mail", "почт")
_EMAIL_START = "адрес"
_MUNICIPALITY_WORDS = ("муницип", "район", "округ")
_MUNICIPALITY_HEADERS = ("мо", "наименование")
_PERSON_WORDS = ("контакт", "фио", "ответствен", "исполнит", "имя")


def _what(text: str) -> str | None:
    """Which column a header cell names."""
    text = text.lower()
    if text.strip(" :") in _NAME_PARTS:
        return _NAME_PARTS[text.strip(" :")]
    if any(w in text for w in _ACCEPT_WORDS):
        return "accept"
    if any(w in text for w in _EMAIL_WORDS) or text.startswith(_EMAIL_START):
        return "email"
    if any(w in text for w in _MUNICIPALITY_WORDS) or text in _MUNICIPALITY_HEADERS:
        return "municipality"
    if any(w in text for w in _PERSON_WORDS):
        return "person"
    return None


@dataclass(frozen=True)
class Contact:
    addresses: tuple[str, ...]  # where letters go: the first address of each row's cell
    person: str = ""
    accepted: tuple[str, ...] = ()  # other senders whose forms are taken as theirs (lower case); not written to

    def sends(self, address: str) -> bool:
        """Whether a form from `address` is taken as this municipality's own."""
        address = address_key(address)
        return any(address == address_key(a) for a in (*self.addresses, *self.accepted))


@dataclass
class Contacts:
    by_short: dict[str, Contact] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # rows that could not be used, named


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The header row and which column holds what; without a header: A, B, C from the first row."""
    for i, row in enumerate(rows[:10]):
        found: dict[str, int] = {}
        for j, cell in enumerate(row):
            key = _what(cell) if cell else None
            if key and key not in found:
                found[key] = j
        if "municipality" in found and "email" in found:
            return i + 1, found
    return 0, {"municipality": 0, "email": 1, "person": 2}


def read_contacts(path: Path, kind: Kind) -> Contacts:
    """Addresses by municipality; rows naming no known municipality or no address are noted, not fatal."""
    from python_calamine import CalamineWorkbook

    from reportgen.catalogue import say
    from reportgen.diagnostics import column_letter
    from reportgen.damage import explain, explain_os

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except OSError as exc:
        raise InputsError(say("contacts.unreadable", path=path, reason=explain_os(exc, say("os.doing.read")))) from None
    except Exception as exc:  # noqa: BLE001 - calamine's errors are its own classes
        raise InputsError(say("contacts.not-a-book", path=path, reason=explain(exc))) from None
    rows = [["" if v is None else str(v).strip() for v in row] for row in sheet]
    start, cols = _header(rows)
    out = Contacts()
    for line, row in enumerate(rows[start:], start=start + 1):
        def cell(key: str) -> str:
            j = cols.get(key)
            return row[j] if j is not None and j < len(row) else ""

        name, found_all = cell("municipality"), _ADDRESS.findall(cell("email"))
        # One recipient per cell: the rest of it is a note to a person («старый адрес old@… не использовать»).
        addresses = tuple(found_all[:1])
        accepted = tuple(dict.fromkeys(a.lower() for a in _ADDRESS.findall(cell("accept"))))
        if not name and not addresses:
            continue
        where = {"name": path.name, "line": line}
        rest = ", ".join(dict.fromkeys(a for a in found_all[1:] if a != addresses[0]))
        if rest:
            out.notes.append(say("contacts.second-address", **where, cell=f"{column_letter(cols['email'])}{line}",
                                 first=addresses[0], rest=rest))
        found = kind.registry.resolve(name) if name else None
        if found is None or found.municipality is None:
            out.notes.append(say("contacts.unknown", **where, municipality=name))
            continue
        if not addresses:
            out.notes.append(say("contacts.no-address", **where, municipality=found.municipality.short))
            continue
        short = found.municipality.short
        if short in out.by_short:  # two rows for one municipality («г. Вязьма», «Вяземский р-н»): both written to
            before = out.by_short[short]
            merged = tuple(dict.fromkeys(before.addresses + addresses))
            out.by_short[short] = Contact(merged, before.person or _person(cell),
                                          tuple(dict.fromkeys(before.accepted + accepted)))
            out.notes.append(say("contacts.merged", **where, municipality=short, addresses=merged))
            continue
        out.by_short[short] = Contact(addresses, _person(cell), accepted)
    return out


def _person(cell) -> str:
    """The contact person: its own column, else «Фамилия Имя Отчество» from three."""
    return cell("person") or " ".join(p for p in (cell("surname"), cell("given"), cell("patronymic")) if p)
