"""Real mail from public test corpora (tests/data/real/mail, see SOURCES.md), with the sample forms grafted in.

    python tests/realmail.py OUTDIR     writes the grafted batches and prints what reportgen made of them

A form is put where the real message carried its own first attachment (its headers replaced,
the rest of the message as it was), else added as the message's last part, as tests/mailgen.py
attaches them. Messages keep their container: single files stay files (an RFC 822 file named
.msg stays .msg), Maildir messages go back into a Maildir (half into Maildir++ sub-folders), and
messages of a real mbox go back into an mbox with that file's own separator lines, blank line
before them or not, Content-Length mended to the grafted body (mboxcl).

What each reply should go to is told here, not by reportgen: the standard library's address
parser (email.policy.default) on Reply-To, else From, and by hand where it is wrong (EXPECTED).
"""

from __future__ import annotations

import base64
import email
import email.policy
import io
import re
import shutil
import sys
from dataclasses import dataclass, field
from email.generator import BytesGenerator
from email.message import Message
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real" / "mail"
SAMPLES = ROOT / "samples" / "q2"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Single messages, as the corpora keep them.
SINGLE = [*sorted((REAL / "mail-parser").iterdir()), *(REAL / "mimekit" / n for n in (
    "japanese.txt", "simple-embedded-message.eml", "missing-subtype.txt", "gmail.msg", "rfc8463-example.msg"))]
MAILDIR = sorted(p for sub in ("cur", "new") for p in (REAL / "maildir-crate" / "maildir" / sub).iterdir()
                 if not p.name.startswith("."))
# Real mbox files and the separator lines they use (read by eye: «From -» with or without a date, Gmail's numbers).
MBOXES = {"simple.mbox.txt": rb"From - ?\r?\n", "unmunged.mbox.txt": rb"(?:\xef\xbb\xbf)?From -\r?\n",
          "issue1189.mbox.txt": rb"From \d+@xxx\r?\n", "content-length.mbox.txt": rb"From - [^\n]*\n"}
# (From mailbox, reply mailbox) where the standard library's parser is wrong.
EXPECTED = {"mail_test_19": ("bob@example.com", "ivan@example.com"),  # «alice@example.com <bob@example.com>»
            # a UUCP path, as written (the library says «<>»)
            "content-length.mbox.txt #5": ("develop!nextmime@ebony@sblab.att.com",) * 2}


@dataclass
class Real:
    """One real message: where it came from, its bytes, and how it travels."""

    origin: str  # «mail-parser/mail_test_19», «content-length.mbox.txt #3»
    raw: bytes
    container: str  # "file", "maildir", or the mbox file's name
    separator: bytes = b""  # its mbox «From » line, as the file wrote it
    name: str = ""  # the file's own name
    blank_after: bytes = b""  # the blank line the mbox file has after it, before the next separator

    def expected(self) -> tuple[str, str]:
        """(the From mailbox, where a reply goes), by the standard library or EXPECTED."""
        key = self.origin.split("/")[-1]
        if key in EXPECTED:
            return EXPECTED[key]
        msg = email.message_from_bytes(self.raw.removeprefix(b"\xef\xbb\xbf"), policy=email.policy.default)

        def first(header: str) -> str:
            value = msg[header]
            return value.addresses[0].addr_spec if value is not None and value.addresses else ""

        return first("From"), first("Reply-To") or first("From")


def corpus() -> list[Real]:
    """Every real message of the stored corpora, in a fixed order."""
    out = [Real(f"{p.parent.name}/{p.name}", p.read_bytes(), "file", name=p.name) for p in SINGLE]
    out += [Real(f"maildir/{p.name}", p.read_bytes(), "maildir", name=p.name) for p in MAILDIR]
    for name, pattern in MBOXES.items():
        data = (REAL / "mimekit" / name).read_bytes()
        starts = [m.start() for m in re.finditer(rb"(?m)^" + pattern, data)]
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(data)
            chunk = data[start:end]
            line, _, body = chunk.partition(b"\n")
            # the blank line before a separator, where the file has one, goes back before it (Gmail's export)
            blank = b"\n" if i + 1 < len(starts) and data[:end].endswith(b"\n\n") else b""
            out.append(Real(f"{name} #{i + 1}", body, name, separator=line + b"\n", blank_after=blank))
    return out


def graft(raw: bytes, name: str, data: bytes, ctype: str = XLSX, named: bool = True) -> bytes:
    """`raw` with the form `data` (named `name`) where its first attachment was, else as its last part.

    `ctype` is the part's type; `named=False` leaves the name out, as some clients send a file.
    """
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    target = _first_attachment(msg)
    if target is None and not (msg.is_multipart() and msg.get_content_subtype() == "mixed"):
        return _wrapped(raw, name, data, ctype, named)
    if target is None:
        target = Message()
        msg.attach(target)
    for key in ("Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-ID", "Content-Length"):
        del target[key]
    for key, value in _form_headers(name, ctype, named):
        target[key] = value
    target.set_payload(_b64(data))
    buf = io.BytesIO()
    BytesGenerator(buf, policy=email.policy.compat32, mangle_from_=False).flatten(msg)
    return buf.getvalue()


def _form_headers(name: str, ctype: str = XLSX, named: bool = True) -> list[tuple[str, str]]:
    if not named:
        return [("Content-Type", ctype), ("Content-Transfer-Encoding", "base64"), ("Content-Disposition", "attachment")]
    return [("Content-Type", f"{ctype}; name*=utf-8''{quote(name)}"), ("Content-Transfer-Encoding", "base64"),
            ("Content-Disposition", f"attachment; filename*=utf-8''{quote(name)}")]


def _b64(data: bytes) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return "\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76)) + "\n"


def _wrapped(raw: bytes, name: str, data: bytes, ctype: str = XLSX, named: bool = True) -> bytes:
    """A single-part message made multipart/mixed, byte for byte: its text the first part, the form the second."""
    nl = b"\r\n" if b"\r\n" in raw[:2000] else b"\n"
    head, sep, body = raw.partition(nl + nl)
    lines = re.split(rb"\r?\n(?![ \t])", head)  # header fields, continuation lines kept with theirs
    content = [f for f in lines if re.match(rb"(?i)content-(type|transfer-encoding):", f)]
    kept = [f for f in lines if f not in content and not re.match(rb"(?i)content-length:", f)]
    if not any(re.match(rb"(?i)mime-version:", f) for f in kept):
        kept.append(b"MIME-Version: 1.0")
    boundary = b"=_grafted_form_20"
    kept.append(b'Content-Type: multipart/mixed; boundary="' + boundary + b'"')
    part = nl.join(f"{k}: {v}".encode() for k, v in _form_headers(name, ctype, named)) + nl + nl + _b64(data).encode().replace(b"\n", nl)
    return (nl.join(kept) + nl + nl + b"--" + boundary + nl + nl.join(content) + nl + nl + body + nl
            + b"--" + boundary + nl + part + b"--" + boundary + b"--" + nl)


def _first_attachment(msg: Message) -> Message | None:
    """The first leaf part that is an attachment, not looking into forwarded messages (their sender is another)."""
    if msg.get_content_type() == "message/rfc822":
        return None
    if msg.is_multipart():
        for sub in msg.get_payload() or []:
            if isinstance(sub, Message):
                found = _first_attachment(sub)
                if found is not None:
                    return found
        return None
    if msg.get_filename() or msg.get_content_disposition() == "attachment":
        return msg
    return None


def _mended_length(message: bytes) -> bytes:
    """A Content-Length header set to the body's new length (mboxcl): the grafted body is longer."""
    head, sep, body = message.partition(b"\n\n")
    if not re.search(rb"(?mi)^Content-Length:", head):
        return message
    return re.sub(rb"(?mi)^Content-Length:[^\n]*", b"Content-Length: %d" % len(body), head, count=1) + sep + body


@dataclass
class Batch:
    """One folder of grafted messages: each a different sample form (a municipality sends one)."""

    root: Path
    forms: dict[str, Real] = field(default_factory=dict)  # attachment name → the message it went into


def write_batches(out: Path, size: int = 14) -> list[Batch]:
    """All of the corpus, grafted, as folders of at most `size` messages (one sample form each)."""
    samples = sorted(SAMPLES.glob("*.xlsx"))[:size]
    reals = corpus()
    batches = []
    for b in range(0, len(reals), size):
        batch = Batch(out / f"batch{b // size + 1}")
        batch.root.mkdir(parents=True)
        mboxes: dict[str, list[bytes]] = {}
        maildir_n = 0
        for real, sample in zip(reals[b:b + size], samples):
            name = sample.name
            grafted = graft(real.raw, name, sample.read_bytes())
            batch.forms[name] = real
            if real.container == "file":
                (batch.root / real.name).write_bytes(grafted)
            elif real.container == "maildir":
                # half the Maildir's messages go into Maildir++ sub-folders, as Dovecot and Courier keep folders
                folder = batch.root / "Maildir" / ("" if maildir_n % 2 == 0 else ".Отчеты.Второй квартал")
                for sub in ("cur", "new", "tmp"):
                    (folder / sub).mkdir(parents=True, exist_ok=True)
                (folder / "cur" / real.name).write_bytes(grafted)
                maildir_n += 1
            else:
                # as the file had it: a blank line before the next separator, or none (Netscape, Roundcube)
                grafted = _mended_length(grafted.rstrip(b"\n") + b"\n")
                mboxes.setdefault(real.container, []).append(real.separator + grafted + real.blank_after)
        for name, messages in mboxes.items():
            # the file's own separators, as it wrote them: Netscape's «From - » has no blank line before it
            (batch.root / name).write_bytes(b"".join(messages))
        for sub in ("cur", "new", "tmp"):
            if (batch.root / "Maildir").exists():
                (batch.root / "Maildir" / sub).mkdir(exist_ok=True)
        batches.append(batch)
    return batches


def measure(batches: list[Batch], out: Path) -> tuple[int, int, int, int]:
    """(forms found, forms grafted, letters to the right mailbox, letters due), by running the CLI on each batch."""
    import json
    import subprocess

    found = letters = right = 0
    for batch in batches:
        run = [sys.executable, "-m", "reportgen"]
        data = json.loads(subprocess.run([*run, "validate", str(batch.root), "--format", "json"], capture_output=True,
                                         text=True, encoding="utf-8").stdout)
        read = {f["source"]["attachment"]: f for f in data["forms"] if f.get("source")}
        found += len(set(read) & set(batch.forms))
        target = out / f"letters-{batch.root.name}"
        subprocess.run([*run, "letters", str(batch.root), "-o", str(target), "--confirm"], capture_output=True)
        for name, real in batch.forms.items():
            letters += 1
            form = read.get(name)
            drafts = [p for p in target.glob(f"{form['municipality']} — *.eml") if "напоминание" not in p.name] \
                if form and form.get("municipality") else []
            head = drafts[0].read_bytes().split(b"\n\n", 1)[0] if len(drafts) == 1 else b""
            to = re.search(rb"(?m)^To: (.*)", head)
            right += bool(to) and to.group(1).decode("utf-8").strip() == real.expected()[1]
    return found, sum(len(b.forms) for b in batches), right, letters


def main(argv: list[str]) -> int:
    out = Path(argv[1])
    if out.exists():
        shutil.rmtree(out)
    batches = write_batches(out / "mail")
    found, grafted, right, letters = measure(batches, out)
    print(f"forms found in grafted real messages: {found} of {grafted}; letters to the right mailbox: {right} of {letters}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
