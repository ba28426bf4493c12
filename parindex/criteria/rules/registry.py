"""The rule kinds a criteria set may use, by the name written as `kind:`.

The compiler, the reference evaluator and the explainer look a kind up here; the schema accepts
exactly the registered kinds (each registration installs the models in `schema`). The built-in
kinds are registered when this module is first imported, in the order messages list them.
"""

from __future__ import annotations

from parindex.criteria import schema
from parindex.criteria.rules import (
    bands,
    deduction,
    formula,
    judged,
    levels,
    per_item,
    proportional,
    relative,
    survey,
    yes_no,
)
from parindex.criteria.rules.kind import RuleKind

BUILT_IN: tuple[RuleKind, ...] = (
    yes_no.KIND, levels.KIND, bands.KIND, proportional.KIND,
    per_item.KIND, deduction.KIND, formula.KIND, relative.KIND, judged.KIND, survey.KIND,
)

_KINDS: dict[str, RuleKind] = {}


def _install() -> None:
    schema.install_rule_kinds({name: kind.model for name, kind in _KINDS.items()})


def register(kind: RuleKind) -> None:
    """Add a kind: criteria sets may use it from now on. Its model's `kind` must be its name, and
    every formula field must be a field of the model."""
    if kind.name in _KINDS:
        raise ValueError(f"loại quy tắc '{kind.name}' đã được đăng ký")
    missing = [key for key in kind.formulas if key not in kind.model.model_fields]
    if missing:
        raise ValueError(f"loại quy tắc '{kind.name}': trường công thức {', '.join(missing)} "
                         f"không có trong mô hình {kind.model.__name__}")
    _KINDS[kind.name] = kind
    try:
        _install()
    except Exception:
        del _KINDS[kind.name]
        _install()
        raise


def unregister(name: str) -> RuleKind:
    """Remove a kind (criteria sets using it are refused again); returns it."""
    kind = _KINDS.pop(name)
    _install()
    return kind


def find(name: str | None) -> RuleKind | None:
    """The kind of that name, or None."""
    return _KINDS.get(name) if name is not None else None


def get(name: str) -> RuleKind:
    """The kind of that name; a name that is not registered is a programming error."""
    kind = _KINDS.get(name)
    if kind is None:
        raise LookupError(f"loại quy tắc '{name}' chưa được đăng ký; có: {', '.join(_KINDS)}")
    return kind


def kinds() -> tuple[RuleKind, ...]:
    """Every registered kind, in registration order."""
    return tuple(_KINDS.values())


def names() -> tuple[str, ...]:
    return tuple(_KINDS)


for _built_in in BUILT_IN:
    _KINDS[_built_in.name] = _built_in
_install()
