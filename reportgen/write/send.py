"""Sending the drafts over SMTP (`letters --send`), each letter at most once across reruns and runs at once.

A log in the letters' folder records each letter before its text goes to the server («trying») and
what came of it: accepted («sent»), not accepted («not-sent»), or unknown — the connection dropped
after the text was sent, or the run died («unknown», said «возможно отправлено»). A rerun sends only
the letters not accepted; an unknown one only with `resend_unknown`. One run at a time per folder
(a lock file). A recipient the server refuses is reported and the other letters still go; a
connection that drops before the text was sent is opened again once for that letter.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import smtplib
import socket
import ssl
import time
from dataclasses import dataclass, field
from email.message import Message
from email.utils import format_datetime, getaddresses
from pathlib import Path

from reportgen.catalogue import say
from reportgen.damage import explain_os
from reportgen.errors import SendFailed  # noqa: F401 - raised here; its home is errors.py
from reportgen.temp import alive

LOG_NAME = say("send.log-name")
LOCK_NAME = ".reportgen-send.lock"  # one sender at a time per letters folder
SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEADLINE = 600.0  # seconds for the whole send, by default (--send-deadline)


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int | None = None
    security: str = "starttls"
    user: str = ""
    password: str = ""  # only ever from the environment (REPORTGEN_SMTP_PASSWORD)
    timeout: float = 30.0  # for each reply of the server
    deadline: float = DEADLINE  # for the whole send


@dataclass
class Sent:
    sent: list[str] = field(default_factory=list)  # file names
    already: list[str] = field(default_factory=list)  # sent by an earlier run (in the log)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)
    no_address: list[str] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # «возможно отправлено» by this run: (name, why)
    unknown_before: list[str] = field(default_factory=list)  # «возможно отправлено» by an earlier run: not resent
    not_tried: list[str] = field(default_factory=list)  # the deadline came first
    notes: list[str] = field(default_factory=list)


def _logged(folder: Path) -> dict[str, str]:
    """Each letter's fate by its key: sent, unknown, or not-sent (absent: never tried)."""
    log = folder / LOG_NAME
    fate: dict[str, str] = {}
    if not log.exists():
        return fate
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
            key, status = entry["key"], entry.get("status", "sent")  # the log before 2026 held only sent letters
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # a line cut by a crash: the «trying» before it (if any) already says unknown
        if fate.get(key) == "sent":
            continue  # accepted once is accepted
        fate[key] = "unknown" if status == "trying" else status
    return fate


def _log(folder: Path, key: str, name: str, to: list[str], status: str, why: str = "") -> None:
    entry = {"key": key, "file": name, "to": to, "status": status,
             "at": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    if why:
        entry["why"] = why
    with open(folder / LOG_NAME, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        f.flush()
        if status == "trying":
            os.fsync(f.fileno())  # on disk before the text goes: a crash after it is «возможно отправлено»


def _lock(folder: Path) -> tuple[Path, str]:
    """Take the folder's send lock (O_EXCL); a lock of a dead process on this host is taken over, and said.

    Two `--send` at once would each read the log before the other wrote it, and send every letter twice.
    """
    lock = folder / LOCK_NAME
    me = {"pid": os.getpid(), "host": socket.gethostname(),
          "since": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    note = ""
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            try:
                held = json.loads(lock.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                held = {}
            if not isinstance(held, dict):
                held = {}
            if held.get("host") == me["host"] and isinstance(held.get("pid"), int) and not alive(held["pid"]):
                lock.unlink(missing_ok=True)  # left by a run that died: ours now
                note = say("send.lock-taken-over", pid=held["pid"], since=held.get("since", "?"))
                continue
            raise SendFailed(say("send.lock-held", folder=folder, pid=held.get("pid", "?"),
                                 host=held.get("host", "?"), since=held.get("since", "?"), lock=lock)) from None
        except OSError as exc:
            raise SendFailed(say("send.lock-failed", lock=lock, why=explain_os(exc))) from None
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(me, ensure_ascii=False))
        return lock, note
    raise SendFailed(say("send.lock-not-made", lock=lock))


def _quoted(reply) -> str:
    return f"«{_said(reply)}»"


def _connect(smtp: Smtp, timeout: float) -> smtplib.SMTP:
    port = smtp.port or DEFAULT_PORTS[smtp.security]
    where = f"{smtp.host}:{port}"
    try:
        if smtp.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, port, timeout=timeout,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, port, timeout=timeout)
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
        if smtp.user:
            _login(client, smtp.user, smtp.password)
        client.ehlo_or_helo_if_needed()  # here, so a refused EHLO is said as the server's refusal
    except smtplib.SMTPAuthenticationError as exc:
        raise SendFailed(say("send.login-refused", host=smtp.host, user=smtp.user, reply=_quoted(exc))) from None
    except smtplib.SMTPNotSupportedError as exc:
        if "AUTH" in str(exc).upper():
            raise SendFailed(say("send.no-auth", where=where, plain=smtp.security == "none")) from None
        raise SendFailed(say("send.no-starttls", where=where)) from None
    except smtplib.SMTPServerDisconnected:
        # Connected, but no greeting (220) came in time, or the server hung up at once: often a
        # port that speaks TLS from the start (465) asked for plain SMTP, or the wrong service.
        raise SendFailed(say("send.no-greeting", where=where, timeout=timeout)) from None
    except smtplib.SMTPResponseException as exc:  # a greeting, EHLO or STARTTLS refused: the server's words
        raise SendFailed(say("send.connection-refused", where=where, reply=_quoted(exc))) from None
    except ssl.SSLError as exc:
        raise SendFailed(say("send.tls-failed", where=where, reason=exc.reason or exc)) from None
    except (socket.gaierror, ConnectionRefusedError, TimeoutError, socket.timeout) as exc:
        raise SendFailed(say("send.unreachable", unknown=isinstance(exc, socket.gaierror), where=where)) from None
    except (smtplib.SMTPException, OSError) as exc:
        reason = (explain_os(exc, say("send.connecting")) if isinstance(exc, OSError) and exc.errno
                  else say("send.connection-error"))
        raise SendFailed(say("send.connection-failed", where=where, reason=reason, said=exc)) from None
    return client


def _login(client: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib sends a login as ASCII only; a Russian password goes as AUTH PLAIN in UTF-8 (RFC 4616)."""
    try:
        client.login(user, password)
    except UnicodeEncodeError:
        import base64

        client.ehlo_or_helo_if_needed()
        token = base64.b64encode(f"\0{user}\0{password}".encode("utf-8")).decode("ascii")
        code, reply = client.docmd("AUTH", f"PLAIN {token}")
        if code != 235:
            raise smtplib.SMTPAuthenticationError(code, reply) from None


def send_all(letters: list[tuple[str, Message]], folder: Path, smtp: Smtp, sender: str,
             on_sent=None, resend_unknown: bool = False) -> Sent:
    """Send (name, message) pairs not yet accepted by the server (by the folder's log); returns what came of each.

    Raises SendFailed when the server cannot be reached at all (nothing is lost: the drafts stay).
    """
    result = Sent()
    todo = _todo(letters, _logged(folder), resend_unknown, result)
    if not todo:
        return result
    lock, note = _lock(folder)
    if note:
        result.notes.append(note)
    try:
        return _send_todo(todo, folder, smtp, sender, on_sent, result, resend_unknown)
    finally:
        lock.unlink(missing_ok=True)


def _todo(letters, fate: dict[str, str], resend_unknown: bool, result: Sent) -> list:
    todo = []
    for item in letters:
        name, msg = item[:2]
        key = msg["X-Reportgen-Key"]
        if fate.get(key) == "sent":
            result.already.append(name)
        elif fate.get(key) == "unknown" and not resend_unknown:
            result.unknown_before.append(name)
        elif not msg["To"]:
            result.no_address.append(name)
        else:
            todo.append((name, msg, key))
    return todo


SENT_HERE: list[str] = []  # every letter this process has sent: an interrupted run says how many went


def _send_todo(todo, folder: Path, smtp: Smtp, sender: str, on_sent, result: Sent, resend_unknown: bool) -> Sent:
    # Read again under the lock: a run that just ended may have sent some.
    todo = _todo(todo, _logged(folder), resend_unknown, result)
    end = time.monotonic() + smtp.deadline
    client: smtplib.SMTP | None = None
    from_address = getaddresses([sender])[0][1]
    try:
        for i, (name, msg, key) in enumerate(todo):
            left = end - time.monotonic()
            if left <= 0:
                result.not_tried.extend(n for n, _, _ in todo[i:])
                break
            timeout = max(1.0, min(smtp.timeout, left))
            for attempt in (1, 2):
                if client is None:
                    client = _connect(smtp, timeout)
                envelope, utf8, why = _envelope(client, smtp.host, _recipients(msg))
                if why:
                    result.refused.append((name, why))
                    break
                data = _flat(_outgoing(msg, sender, envelope if not utf8 else None))
                if client.sock is not None:
                    client.sock.settimeout(max(1.0, min(smtp.timeout, end - time.monotonic())))
                status, refused, why = _transaction(client, folder, key, name, from_address, envelope, data, utf8)
                if status == "sent":
                    _log(folder, key, name, [a for a in envelope if a not in refused], "sent")
                    result.sent.append(name)
                    if refused:
                        result.refused.append((name, say("send.some-refused", refused=", ".join(
                            f"{a} ({_said(r)})" for a, r in refused.items()))))
                    if on_sent:
                        on_sent(name)
                    break
                if status == "unknown":
                    _log(folder, key, name, envelope, "unknown", why)
                    result.unknown.append((name, why))
                    _close(client)
                    client = None
                    break
                if status == "refused":
                    _log(folder, key, name, envelope, "not-sent", why)
                    result.refused.append((name, why))
                    break
                # dropped before the text went: this letter surely was not accepted; once more on a fresh connection
                _log(folder, key, name, envelope, "not-sent", why)
                _close(client)
                client = None
                if attempt == 2:
                    result.refused.append((name, say("send.dropped-twice", why=why)))
    except BaseException as exc:
        if not isinstance(exc, Exception) and client is not None:
            client.close()  # Ctrl-C, SIGTERM: no QUIT, whose answer could keep the user waiting --smtp-timeout
            client = None
        raise
    finally:
        _close(client)
        SENT_HERE.extend(result.sent)
    return result


def _transaction(client: smtplib.SMTP, folder: Path, key: str, name: str, from_address: str, envelope: list[str],
                 data: bytes, utf8: bool) -> tuple[str, dict, str]:
    """One MAIL/RCPT/DATA: («sent», refused recipients, ""), or («refused» | «dropped» | «unknown», {}, why).

    «unknown» once the text has gone to the server and no reply came: it may have been accepted.
    """
    gone = {"text": False}
    plain_send = client.send

    def send(s):  # smtplib sends commands as str and the letter's text as bytes
        plain_send(s)
        if isinstance(s, bytes):
            gone["text"] = True

    client.send = send  # type: ignore[method-assign]
    _log(folder, key, name, envelope, "trying")
    options = ["SMTPUTF8", "BODY=8BITMIME"] if utf8 else []
    try:
        refused = client.sendmail(from_address, envelope, data, options)
        return "sent", refused, ""
    except smtplib.SMTPRecipientsRefused as exc:
        return "refused", {}, say("send.address-refused", refused=", ".join(
            f"{a} ({_said(r)})" for a, r in exc.recipients.items()))
    except smtplib.SMTPSenderRefused as exc:
        if exc.smtp_code == 421:
            return "dropped", {}, say("send.closed", reply=_quoted(exc))
        _log(folder, key, name, envelope, "not-sent", "sender refused")
        raise SendFailed(say("send.sender-refused", sender=from_address, reply=_quoted(exc))) from None
    except smtplib.SMTPDataError as exc:
        if exc.smtp_code == 421:  # the server is closing the connection: this letter was not taken
            return "dropped", {}, say("send.closed", reply=_quoted(exc))
        return "refused", {}, say("send.letter-refused", reply=_quoted(exc))
    except smtplib.SMTPResponseException as exc:
        return "refused", {}, say("send.answered", reply=_quoted(exc))
    except (smtplib.SMTPServerDisconnected, OSError) as exc:
        what = _dropped(exc)
        if gone["text"]:
            return "unknown", {}, say("send.maybe-sent", what=what)
        return "dropped", {}, what
    except BaseException:
        # Ctrl-C or SIGTERM: before the text went, the letter surely was not sent
        if not gone["text"]:
            _log(folder, key, name, envelope, "not-sent", "interrupted")
        raise
    finally:
        client.send = plain_send  # type: ignore[method-assign]


def _dropped(exc: BaseException) -> str:
    text = str(exc).lower()
    if isinstance(exc, (TimeoutError, socket.timeout)) or "timed out" in text:
        return say("send.timed-out")
    return say("send.dropped")


def _recipients(msg: Message) -> list[str]:
    """The draft's recipients as written: a Russian address may come as RFC 2047 words in a compat32 header."""
    from email.header import decode_header, make_header

    raw = str(msg["To"])
    try:
        raw = str(make_header(decode_header(raw)))
    except (ValueError, LookupError, UnicodeDecodeError):
        pass
    return [address for _, address in getaddresses([raw]) if address]


def _envelope(client: smtplib.SMTP, host: str, recipients: list[str]) -> tuple[list[str], bool, str]:
    """The recipients as the server will take them, whether SMTPUTF8 is needed, and why not sendable.

    A Russian domain (.рф) goes as IDNA (xn--…) unless the server takes UTF-8; a Russian mailbox
    (before @) needs SMTPUTF8 (RFC 6531), which a server may not offer.
    """
    offers = client.has_extn("smtputf8")
    if all(a.isascii() for a in recipients):
        return recipients, False, ""
    if offers:
        return recipients, True, ""
    out = []
    for address in recipients:
        local, _, domain = address.rpartition("@")
        if not local.isascii():
            return [], False, say("send.mailbox-not-ascii", address=address, host=host)
        try:
            out.append(f"{local}@{domain.encode('idna').decode('ascii')}")
        except UnicodeError:
            return [], False, say("send.domain-wrong", address=address)
    return out, False, ""


def _outgoing(msg: Message, sender: str, envelope: list[str] | None) -> Message:
    """The draft as it goes out: with a sender and today's date, no longer marked unsent.

    With `envelope` (IDNA addresses), To names those; without, a Russian address stays UTF-8 (RFC 6532).
    """
    import copy

    out = copy.deepcopy(msg)
    del out["X-Unsent"]
    if not out["From"]:
        out["From"] = sender
    del out["Date"]
    out["Date"] = format_datetime(dt.datetime.now().astimezone())
    recipients = _recipients(msg)
    if not all(a.isascii() for a in recipients):
        del out["To"]
        shown = envelope if envelope is not None else recipients
        # surrogates: compat32 writes the bytes as they are instead of RFC 2047 words, which no address may be
        out["To"] = ", ".join(shown).encode("utf-8").decode("ascii", "surrogateescape")
    return out


def _flat(msg: Message) -> bytes:
    import io
    from email.generator import BytesGenerator
    from email.policy import compat32

    buf = io.BytesIO()
    BytesGenerator(buf, policy=compat32.clone(linesep="\r\n"), mangle_from_=False).flatten(msg)
    return buf.getvalue()


def _said(reply) -> str:
    """What a server said (code and text), readable."""
    if isinstance(reply, tuple) and len(reply) == 2:
        code, text = reply
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{code} {text}".strip()
    if isinstance(reply, smtplib.SMTPResponseException):
        return _said((reply.smtp_code, reply.smtp_error))
    return str(reply) or type(reply).__name__


def _close(client: smtplib.SMTP | None) -> None:
    if client is None:
        return
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()
