"""The command line's own words: help pages and usage errors, in Russian.

click (inside typer) writes its help and its errors in English («Usage:», «Show this message and
exit.», «Option '-o' requires an argument.»), and their wording changes between versions. So the
help pages are drawn here from the commands' own parameters, and the usage errors are said in
Russian where click raises them: its command classes (typer's `cls`) are subclassed, and the
errors are made from what click knows (the option, the leftover arguments, the choices), never
read back from its English. The words are the catalogue's. Nothing here reads inputs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import typer
from typer.core import TyperCommand, TyperGroup

from reportgen.catalogue import say

# Typer ships its own copy of click (typer._click) in recent versions, plain click in older
# ones; its public BadParameter tells which module holds the exception classes.
CLICK_ERRORS = sys.modules[typer.BadParameter.__module__]


class Said(CLICK_ERRORS.UsageError):
    """A usage error already said in Russian, from click's facts."""


class Command(TyperCommand):
    """A command whose parsing errors are said in Russian: an option's value, arguments left over."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True  # the leftovers come back here, to be named, instead of click's sentence
        try:
            rest = super().parse_args(ctx, args)
        except CLICK_ERRORS.BadOptionUsage as exc:
            option = exc.option_name
            param = next((p for p in self.params if option in getattr(p, "opts", ())), None)
            key = "usage.no-value" if param is not None and getattr(param, "is_flag", False) else "usage.needs-value"
            raise Said(say(key, option=option), ctx) from None
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise Said(say("usage.extra", args=" ".join(rest)), ctx)
        return rest


class Group(TyperGroup):
    """The root command: an unknown command is said in Russian, with the nearest one."""

    def resolve_command(self, ctx, args: list[str]):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            import difflib

            commands = list(self.commands)
            near = difflib.get_close_matches(name, commands, n=1)
            raise Said(say("usage.no-command", name=name, commands=commands,
                           maybe=say("usage.maybe", near=near[0]) if near else ""), ctx)
        return super().resolve_command(ctx, args)

HELP_TEXT = say("help.help")


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
    return say("help.default", shown=shown)


def print_help(console, root, name: str | None) -> None:
    """The help page of `reportgen` (name None) or of one of its commands, in Russian."""
    command = root if name is None else root.commands[name]
    prog = "reportgen" if name is None else f"reportgen {name}"
    params = [p for p in command.params if p.name != "help"]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    usage = [prog] + [say("help.usage.command" if name is None else "help.usage.options")]
    usage += [(p.metavar or p.name.upper()) if p.required else f"[{p.metavar or p.name.upper()}]" for p in arguments]
    lines = [say("help.usage", usage=" ".join(usage)), "", (command.help or "").strip()]
    width = console.width if console.is_terminal else 0

    def table(title: str, rows: list[tuple[str, str]]) -> None:
        if not rows:
            return
        left = max(len(r[0]) for r in rows) + 4
        lines.extend(["", title])
        for label, text in rows:
            lines.extend(_wrapped(f"  {label}".ljust(left), text, width))

    if name is None:
        table(say("help.commands"), [(n, (c.help or "").strip().split("\n")[0]) for n, c in root.commands.items()])
    table(say("help.arguments"), [(p.metavar or p.name.upper(),
                                   (getattr(p, "help", "") or "") + (say("help.required") if p.required else ""))
                                  for p in arguments])
    table(say("help.options"), [(_option_label(p), (p.help or "") + _default(p)) for p in options]
          + [("-h, --help", HELP_TEXT)])
    if name is None:
        lines.extend(["", say("help.more")])
    console.file.write("\n".join(lines) + "\n")


def _wrapped(label: str, text: str, width: int) -> list[str]:
    """`label` then `text`, the text wrapped under itself when a terminal is narrower than the line."""
    import textwrap

    room = width - len(label) if width else 0
    if room < 20:
        return [label + text]
    parts = textwrap.wrap(text, room) or [""]
    return [label + parts[0], *(" " * len(label) + part for part in parts[1:])]


def usage_message(exc, errors, commands: Sequence[str], args: Sequence[str] = ()) -> str:
    """A click usage error said in Russian ("" for a bare `reportgen`, which shows its help instead).

    `errors` is the module holding click's exception classes (typer's own copy or click); `args`
    the command line, to name what was typed («-force» reads to click as «-f»).
    """
    if isinstance(exc, Said):
        return exc.message
    if type(exc).__name__ == "NoArgsIsHelpError":
        return ""
    if isinstance(exc, errors.NoSuchOption):
        typed = next((a for a in args if a.startswith(exc.option_name) and not a.startswith("--")
                      and len(a) > len(exc.option_name)), exc.option_name)
        if typed != exc.option_name:
            return say("usage.no-option", option=typed, maybe=say("usage.maybe", near=f"-{typed}"))
        near = [p for p in (exc.possibilities or ()) if p.startswith("-")][:1]
        hint = say("usage.maybe", near=near[0]) if near else ""
        return say("usage.no-option", option=exc.option_name, maybe=hint)
    if isinstance(exc, errors.MissingParameter):
        param = exc.param
        name = (param.metavar or param.name.upper()) if param is not None else say("usage.argument")
        if param is not None and param.param_type_name == "option":
            return say("usage.missing-option", option="/".join(param.opts))
        return say("usage.missing-argument", name=name.rstrip("."))
    if isinstance(exc, errors.BadParameter):
        hint = exc.param_hint or (exc.param.opts[0] if exc.param is not None and exc.param.opts else "")
        if isinstance(hint, (list, tuple)):
            hint = " / ".join(hint)
        said = exc.message
        choices = _choices(exc.param)
        if choices:  # an enum option: typer says it in English; its values and the typed one are known
            value = _typed(exc.param, args)
            if value is not None:
                said = say("usage.not-a-choice", value=value, choices=choices)
        return say("usage.bad-value", option=hint, said=said) if hint else said
    return say("usage.unparsed")


def _choices(param) -> list[str]:
    """The values an enum option takes («text», «json»), or [] for any other parameter."""
    import enum

    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(m.value) for m in annotation]
    choices = getattr(getattr(param, "type", None), "choices", None)  # plain click's Choice
    return [str(getattr(c, "value", c)) for c in choices] if choices else []


def _typed(param, args: Sequence[str]) -> str | None:
    """What was typed for an option («--format xml», «--format=xml»; the last one counts), else its envvar's."""
    import os

    value = None
    for i, arg in enumerate(args):
        for opt in getattr(param, "opts", ()):
            if arg == opt and i + 1 < len(args):
                value = args[i + 1]
            elif arg.startswith(opt + "="):
                value = arg[len(opt) + 1:]
    if value is None and isinstance(getattr(param, "envvar", None), str):
        value = os.environ.get(param.envvar)
    return value

