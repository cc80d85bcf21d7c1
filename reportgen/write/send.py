"""Sending the drafts over SMTP (`letters --send`), each letter at most once across reruns.

A log in the letters' folder records every letter the server accepted (by its key: recipients,
subject and text), so a rerun after a dropped connection sends only what is left. A recipient
the server refuses is reported and the other letters still go; a connection that drops is
opened again once for the letter it dropped.
"""

from __future__ import annotations

import datetime as dt
import json
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import Message
from email.utils import format_datetime, getaddresses
from pathlib import Path

from reportgen.damage import explain_os

LOG_NAME = "журнал отправки.jsonl"
LOCK_NAME = ".reportgen-send.lock"  # one sender at a time per letters folder
SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int | None = None
    security: str = "starttls"
    user: str = ""
    password: str = ""  # only ever from the environment (REPORTGEN_SMTP_PASSWORD)
    timeout: float = 30.0


@dataclass
class Sent:
    sent: list[str] = field(default_factory=list)  # file names
    already: list[str] = field(default_factory=list)  # sent by an earlier run (in the log)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)
    no_address: list[str] = field(default_factory=list)


class SendFailed(Exception):
    """The server could not be reached or would not let us in: nothing more can be sent."""


def _logged(folder: Path) -> set[str]:
    log = folder / LOG_NAME
    keys: set[str] = set()
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                keys.add(json.loads(line)["key"])
            except (ValueError, KeyError, TypeError):
                continue  # a line cut by a crash: that letter's key is not trusted, it is sent again
    return keys


def _log(folder: Path, key: str, name: str, to: list[str]) -> None:
    entry = {"key": key, "file": name, "to": to, "sent": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    with open(folder / LOG_NAME, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        f.flush()


def _lock(folder: Path) -> Path:
    """Take the folder's send lock (O_EXCL); a lock of a dead process on this host is taken over.

    Two `--send` at once would each read the log before the other wrote it, and send every letter twice.
    """
    import os

    lock = folder / LOCK_NAME
    me = {"pid": os.getpid(), "host": socket.gethostname(),
          "since": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            try:
                held = json.loads(lock.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                held = {}
            if held.get("host") == me["host"] and isinstance(held.get("pid"), int) and not _alive(held["pid"]):
                lock.unlink(missing_ok=True)  # left by a run that died: ours now
                continue
            raise SendFailed(f"письма из папки «{folder}» уже отправляет другой запуск reportgen "
                             f"(процесс {held.get('pid', '?')} на компьютере {held.get('host', '?')}, "
                             f"с {held.get('since', '?')}); дождитесь его конца. Если его нет, удалите файл "
                             f"«{lock}»") from None
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(me, ensure_ascii=False))
        return lock
    raise SendFailed(f"файл блокировки «{lock}» не удалось создать")


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _connect(smtp: Smtp) -> smtplib.SMTP:
    port = smtp.port or DEFAULT_PORTS[smtp.security]
    try:
        if smtp.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, port, timeout=smtp.timeout,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, port, timeout=smtp.timeout)
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
        if smtp.user:
            _login(client, smtp.user, smtp.password)
    except smtplib.SMTPAuthenticationError:
        raise SendFailed(f"сервер {smtp.host} не принял имя пользователя «{smtp.user}» и пароль "
                         "(REPORTGEN_SMTP_PASSWORD)") from None
    except smtplib.SMTPNotSupportedError as exc:
        if "AUTH" in str(exc).upper():
            raise SendFailed(f"сервер {smtp.host}:{port} не предлагает вход по имени и паролю"
                             + (" без шифрования: укажите --smtp-security starttls или ssl" if smtp.security == "none"
                                else "") + " (или уберите --smtp-user, если сервер принимает письма без входа)") from None
        raise SendFailed(f"сервер {smtp.host}:{port} не поддерживает STARTTLS: попробуйте --smtp-security ssl "
                         "(порт 465) или none") from None
    except ssl.SSLError as exc:
        raise SendFailed(f"защищенное соединение с {smtp.host}:{port} не установлено ({exc.reason or exc}): "
                         "проверьте --smtp-security и порт") from None
    except (socket.gaierror, ConnectionRefusedError, TimeoutError, socket.timeout) as exc:
        what = "сервер не найден" if isinstance(exc, socket.gaierror) else "сервер не отвечает"
        raise SendFailed(f"{what}: {smtp.host}:{port}; проверьте адрес и порт сервера") from None
    except (smtplib.SMTPException, OSError) as exc:
        reason = explain_os(exc, "соединение") if isinstance(exc, OSError) else str(exc)
        raise SendFailed(f"соединение с {smtp.host}:{port} не удалось: {reason}") from None
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
             on_sent=None) -> Sent:
    """Send (name, message) pairs not yet in the folder's log; returns what was sent and refused.

    Raises SendFailed when the server cannot be reached at all (nothing is lost: the drafts stay).
    """
    done = _logged(folder)
    result = Sent()
    todo = []
    for name, msg in letters:
        key = msg["X-Reportgen-Key"]
        if key in done:
            result.already.append(name)
        elif not msg["To"]:
            result.no_address.append(name)
        else:
            todo.append((name, msg, key))
    if not todo:
        return result
    lock = _lock(folder)
    try:
        return _send_todo(todo, folder, smtp, sender, on_sent, result)
    finally:
        lock.unlink(missing_ok=True)


def _send_todo(todo, folder: Path, smtp: Smtp, sender: str, on_sent, result: Sent) -> Sent:
    done = _logged(folder)  # read again under the lock: a run that just ended may have sent some
    client: smtplib.SMTP | None = None
    from_address = getaddresses([sender])[0][1]
    try:
        for name, msg, key in todo:
            if key in done:
                result.already.append(name)
                continue
            if client is None:
                client = _connect(smtp)
            outgoing = _outgoing(msg, sender)
            to = [address for _, address in getaddresses([str(outgoing["To"])]) if address]
            for attempt in (1, 2):
                dropped: BaseException | None = None
                try:
                    if client is None:
                        client = _connect(smtp)
                    refused = client.send_message(outgoing, from_address, to)
                except smtplib.SMTPRecipientsRefused as exc:
                    result.refused.append((name, "сервер отклонил адрес: " + ", ".join(
                        f"{a} ({_said(r)})" for a, r in exc.recipients.items())))
                    break
                except smtplib.SMTPSenderRefused as exc:
                    raise SendFailed(f"сервер не принимает письма от {from_address}: {_said(exc)}") from None
                except smtplib.SMTPDataError as exc:
                    if exc.smtp_code != 421:  # the server refused this letter (too big, spam…): the others still go
                        result.refused.append((name, f"сервер не принял письмо: {_said(exc)}"))
                        break
                    dropped = exc  # 421: the server is closing the connection
                except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError, socket.timeout) as exc:
                    dropped = exc
                if dropped is not None:
                    _close(client)
                    client = None
                    if attempt == 2:
                        result.refused.append((name, f"соединение оборвалось дважды ({_said(dropped)}): письмо не "
                                                     "отправлено, повторите --send позже"))
                    continue
                _log(folder, key, name, [a for a in to if a not in refused])
                result.sent.append(name)
                if refused:
                    result.refused.append((name, "часть адресов отклонена: " + ", ".join(
                        f"{a} ({_said(r)})" for a, r in refused.items())))
                if on_sent:
                    on_sent(name)
                break
    finally:
        _close(client)
    return result


def _outgoing(msg: Message, sender: str) -> Message:
    """The draft as it goes out: with a sender and today's date, no longer marked unsent."""
    import copy

    out = copy.deepcopy(msg)
    del out["X-Unsent"]
    if not out["From"]:
        out["From"] = sender
    del out["Date"]
    out["Date"] = format_datetime(dt.datetime.now().astimezone())
    return out


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
