"""Cheap construction of frozen, slotted dataclasses on the parse hot path.

A frozen dataclass ``__init__`` stores each field through ``object.__setattr__``, which costs a
global lookup and a generic call per field. ``positional(cls)`` returns a function taking every
field positionally (in declaration order) that fills an instance of a private slotted twin with
plain stores and then turns it into ``cls`` by ``__class__`` assignment, which CPython allows
between classes of the same slot layout. The result is an ordinary, still frozen, ``cls``.
Where the interpreter refuses the assignment the dataclass constructor itself is returned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def positional(cls: type[T]) -> Callable[..., T]:
    """A constructor for ``cls`` taking all of its fields positionally, in declaration order."""
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    slots = getattr(cls, "__slots__", None)
    if not names or slots is None or tuple(slots) != tuple(names) or "__dict__" in dir(cls):
        return cls
    twin = type(f"_{cls.__name__}Parts", (), {"__slots__": tuple(names), "__module__": cls.__module__})
    params = ", ".join(names)
    stores = "".join(f"    o.{n} = {n}\n" for n in names)
    source = f"def build({params}):\n    o = new(twin)\n{stores}    o.__class__ = cls\n    return o\n"
    namespace: dict[str, Any] = {"new": object.__new__, "twin": twin, "cls": cls}
    exec(source, namespace)  # noqa: S102 - the source is built from dataclass field names only
    build: Callable[..., T] = namespace["build"]
    probe = [object() for _ in names]
    try:
        made = build(*probe)
    except TypeError:
        return cls
    if type(made) is not cls or any(getattr(made, n) is not v for n, v in zip(names, probe, strict=True)):
        return cls  # pragma: no cover - an interpreter with other layout rules
    return build
