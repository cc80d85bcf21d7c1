"""Blank forms for the municipalities (reportgen template)."""

from __future__ import annotations

from pathlib import Path

from reportgen.catalogue import say
from reportgen.errors import RequestError
from reportgen.kind import Kind, load_kind
from reportgen.period import Period
from reportgen.write.plan import atomic_output


def write_forms(output: Path | None = None, municipality: str | None = None, every: bool = False,
                period: Period | None = None, send_to: str | None = None, *, kind: Kind | None = None) -> list[Path]:
    """Blank forms: one (optionally pre-filled with a municipality) or one per municipality."""
    from reportgen.write.form import form_file_name, write_form

    kind = kind or load_kind()
    if municipality is not None and every:
        raise RequestError(say("refusal.municipality-and-all"))
    if municipality is not None and not municipality.strip():
        raise RequestError(say("refusal.municipality-blank"))
    owner = None
    if municipality is not None:
        owner = kind.registry.match(municipality)
        if owner is None:
            near = ", ".join(f"«{n}»" for n in kind.registry.suggest(municipality))
            raise RequestError(say("refusal.municipality-unknown", name=municipality,
                                   maybe=say("refusal.maybe", near=near) if near else ""))
    from reportgen.write.plan import OutputPlan, check_folder, check_length

    if output is not None:
        check_length(output, "-o")
    plan = OutputPlan(folders=[output or Path(say("forms.folder", period=period))] if every else [],
                      keep_existing="template")
    if every:
        folder = output or Path(say("forms.folder", period=period))
        check_folder(folder, "-o", forms_apart=True)
        targets = [(m, folder / form_file_name(m, period)) for m in kind.registry]
    else:
        target = output or Path(form_file_name(owner, period))
        if target.is_dir():
            target = target / form_file_name(owner, period)
        targets = [(owner, target)]
    for _, target in targets:
        plan.add(target, say("plan.what.form"), (".xlsx",), "-o")
    plan.check()
    from reportgen.write.plan import probe

    probe(targets[0][1].parent, "-o")
    if every:
        folder.mkdir(exist_ok=True)
    from reportgen.write.plan import together

    with together():  # all the blank forms or none
        for m, target in targets:
            with atomic_output(target) as tmp:
                write_form(kind, tmp, m, period, send_to)
    return [t for _, t in targets]
