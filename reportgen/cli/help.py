"""The command line's own words: help pages and usage errors, in Russian.

click (inside typer) writes its help and its errors in English («Usage:», «Show this message and
exit.», «Option '-o' requires an argument.»), and their wording changes between versions. So the
help pages are drawn here from the commands' own parameters, and each kind of usage error is
said again in Russian, naming the command's own `--help`. Nothing here reads inputs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

HELP_TEXT = "Показать эту справку и выйти."


def command_of(args: Sequence[str], names: Sequence[str]) -> str | None:
    """The subcommand an argument list runs: the first word that names one."""
    for arg in args:
        if arg in names:
            return arg
        if not arg.startswith("-"):
            return None
    return None


def _option_label(param) -> str:
    opts = sorted(param.opts, key=lambda o: (o.startswith("--"), o))  # «-o, --output»
    label = ", ".join(opts)
    if not getattr(param, "is_flag", False) and param.metavar:
        label += f" {param.metavar}"
    return label


def _default(param) -> str:
    default = getattr(param, "default", None)
    show = getattr(param, "show_default", True)
    if getattr(param, "is_flag", False) or default in (None, "", (), []) or show is False:
        return ""
    # An enum default is shown as the value typed on the command line («submitted»), not its Python name.
    if isinstance(default, (list, tuple)):
        shown = ", ".join(str(getattr(d, "value", d)) for d in default)
    else:
        shown = str(getattr(default, "value", default))
    return f" [по умолчанию: {shown}]"


def print_help(console, root, name: str | None) -> None:
    """The help page of `reportgen` (name None) or of one of its commands, in Russian."""
    command = root if name is None else root.commands[name]
    prog = "reportgen" if name is None else f"reportgen {name}"
    params = [p for p in command.params if p.name != "help"]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    usage = [prog] + (["КОМАНДА [ПАРАМЕТРЫ] ..."] if name is None else ["[ПАРАМЕТРЫ]"])
    usage += [p.metavar or p.name.upper() for p in arguments]
    lines = [f"Использование: {' '.join(usage)}", "", (command.help or "").strip()]
    width = console.width if console.is_terminal else 0

    def table(title: str, rows: list[tuple[str, str]]) -> None:
        if not rows:
            return
        left = max(len(r[0]) for r in rows) + 4
        lines.extend(["", title])
        for label, text in rows:
            lines.extend(_wrapped(f"  {label}".ljust(left), text, width))

    if name is None:
        table("Команды:", [(n, (c.help or "").strip().split("\n")[0]) for n, c in root.commands.items()])
    table("Аргументы:", [(p.metavar or p.name.upper(),
                          (getattr(p, "help", "") or "") + (" [обязательно]" if p.required else "")) for p in arguments])
    table("Параметры:", [(_option_label(p), (p.help or "") + _default(p)) for p in options]
          + [("-h, --help", HELP_TEXT)])
    if name is None:
        lines.extend(["", "Справка по команде: reportgen КОМАНДА --help, например reportgen build --help."])
    console.file.write("\n".join(lines) + "\n")


def _wrapped(label: str, text: str, width: int) -> list[str]:
    """`label` then `text`, the text wrapped under itself when a terminal is narrower than the line."""
    import textwrap

    room = width - len(label) if width else 0
    if room < 20:
        return [label + text]
    parts = textwrap.wrap(text, room) or [""]
    return [label + parts[0], *(" " * len(label) + part for part in parts[1:])]


_NO_VALUE = re.compile(r"Option '([^']+)' does not take a value")
_NEEDS_VALUE = re.compile(r"Option '([^']+)' requires (?:an argument|(\d+) arguments)")
_NO_COMMAND = re.compile(r"No such command '([^']+)'")
_EXTRA = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", re.S)


_NOT_ONE_OF = re.compile(r"'(.*)' is not one of (.*?)\.?$")


def usage_message(exc, errors, commands: Sequence[str], args: Sequence[str] = ()) -> str:
    """A click usage error said in Russian ("" for a bare `reportgen`, which shows its help instead).

    `errors` is the module holding click's exception classes (typer's own copy or click); `args`
    the command line, to name what was typed («-force» reads to click as «-f»).
    """
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if type(exc).__name__ == "NoArgsIsHelpError":
        return ""
    if isinstance(exc, errors.NoSuchOption):
        typed = next((a for a in args if a.startswith(exc.option_name) and not a.startswith("--")
                      and len(a) > len(exc.option_name)), exc.option_name)
        if typed != exc.option_name:
            return f"Неизвестный параметр {typed}. Возможно, имелось в виду: -{typed}."
        near = [p for p in (exc.possibilities or ()) if p.startswith("-")][:1]
        hint = f" Возможно, имелось в виду: {near[0]}." if near else ""
        return f"Неизвестный параметр {exc.option_name}.{hint}"
    if isinstance(exc, errors.MissingParameter):
        param = exc.param
        name = (param.metavar or param.name.upper()) if param is not None else "аргумент"
        if param is not None and param.param_type_name == "option":
            return f"Не указан обязательный параметр {'/'.join(param.opts)}."
        return f"Не указан обязательный аргумент {name.rstrip('.')}."
    if isinstance(exc, errors.BadParameter):
        hint = exc.param_hint or (exc.param.opts[0] if exc.param is not None and exc.param.opts else "")
        if isinstance(hint, (list, tuple)):
            hint = " / ".join(hint)
        said = exc.message
        choice = _NOT_ONE_OF.search(said)
        if choice:  # an enum option: typer says it in English
            allowed = ", ".join(v.strip().strip("'") for v in choice.group(2).split(","))
            said = f"«{choice.group(1)}» — такого значения нет; возможны: {allowed}"
        return f"Неверное значение {hint}: {said}" if hint else said
    m = _NO_VALUE.search(message)
    if m:
        return f"Параметр {m.group(1)} не принимает значения: пишите просто {m.group(1)}."
    m = _NEEDS_VALUE.search(message)
    if m:
        return f"После параметра {m.group(1)} нужно указать значение."
    m = _NO_COMMAND.search(message)
    if m:
        import difflib

        near = difflib.get_close_matches(m.group(1), list(commands), n=1)
        maybe = f" Возможно, имелось в виду: {near[0]}." if near else ""
        return f"Неизвестная команда «{m.group(1)}».{maybe} Команды: {', '.join(commands)}."
    m = _EXTRA.search(message)
    if m:
        return f"Лишние аргументы: {m.group(1)}."
    return "Неверный вызов команды: параметры не удалось разобрать."
