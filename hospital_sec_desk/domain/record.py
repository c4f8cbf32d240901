"""Value classes that cost almost nothing to define: `@record` in place of `@dataclass`.

Why: `dataclasses.dataclass` compiles generated source for every class it decorates (six
`exec` calls for a frozen class). Measured with valgrind (instructions, load-independent), one
frozen dataclass costs about 5 million instructions to define — 18 of them on the path to the
first painted window cost about 90 million, a sixth of what the app adds to a bare Qt window,
and 20 more before the readiness panel. `@record` builds the same methods from closures over
the field list: no source is compiled, and a class costs about 0.1 million instructions.

Behaviour kept from dataclasses (tests/domain/test_record.py compares the two):
  - `__init__` with the fields in order, positional or by keyword; defaults; `field(default_factory=…)`;
    TypeError for a missing, unexpected or doubled argument; `__post_init__` called when defined;
  - `__repr__` `Name(a=1, b='x')` (fields with `repr=False` left out);
  - `__eq__` between instances of the same class on the fields with `compare=True`;
  - frozen (the default): `__hash__` from those fields, and setting or deleting an attribute
    raises FrozenInstanceError; `frozen=False`: mutable and unhashable, as a dataclass with eq;
  - pickling and copying (the instance's `__dict__` holds the fields);
  - `replace(obj, **changes)` as `dataclasses.replace`.
Not supported (not used in this project): inheritance between records, ordering, slots,
ClassVar / InitVar, keyword-only fields.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")
_MISSING = object()


class FrozenInstanceError(AttributeError):
    """Raised when a field of a frozen record is set or deleted."""


class Field:
    """What `field()` returns: a default or a factory, and whether the field compares / prints."""

    __slots__ = ("default", "default_factory", "compare", "repr")

    def __init__(self, default: Any, default_factory: Callable[[], Any] | None, compare: bool, repr: bool):  # noqa: A002
        self.default, self.default_factory, self.compare, self.repr = default, default_factory, compare, repr


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] | None = None,
          compare: bool = True, repr: bool = True) -> Any:  # noqa: A002 - the dataclasses name
    if default is not _MISSING and default_factory is not None:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, compare, repr)


def _frozen_setattr(self, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _fields_of(cls: type) -> tuple[list[str], dict[str, Any], dict[str, Callable[[], Any]], list[str], list[str]]:
    names: list[str] = []
    defaults: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    compared: list[str] = []
    shown: list[str] = []
    for name in cls.__dict__.get("__annotations__", {}):
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(value, None, True, True)
        if spec.default_factory is not None:
            factories[name] = spec.default_factory
        elif spec.default is not _MISSING:
            defaults[name] = spec.default
        elif defaults or factories:
            raise TypeError(f"non-default argument {name!r} follows default argument")
        if isinstance(value, Field):  # the class attribute is the default, as with dataclasses
            if spec.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
        names.append(name)
        if spec.compare:
            compared.append(name)
        if spec.repr:
            shown.append(name)
    return names, defaults, factories, compared, shown


def _make_init(cls: type, names: list[str], defaults: dict, factories: dict) -> Callable[..., None]:
    count, title = len(names), cls.__qualname__
    post_init = "__post_init__" in cls.__dict__

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: N807 - the method itself
        if len(args) > count:
            raise TypeError(f"{title}() takes {count} positional arguments but {len(args)} were given")
        state = self.__dict__  # written directly: a frozen record refuses setattr
        for name, value in zip(names, args, strict=False):  # fewer args than fields: the rest below
            state[name] = value
        for name in names[len(args):]:
            if name in kwargs:
                state[name] = kwargs.pop(name)
            elif name in defaults:
                state[name] = defaults[name]
            elif name in factories:
                state[name] = factories[name]()
            else:
                raise TypeError(f"{title}() missing required argument: {name!r}")
        if kwargs:
            name = next(iter(kwargs))
            if name in names:
                raise TypeError(f"{title}() got multiple values for argument {name!r}")
            raise TypeError(f"{title}() got an unexpected keyword argument {name!r}")
        if post_init:
            self.__post_init__()

    return __init__


def _decorate(cls: type, frozen: bool) -> type:
    names, defaults, factories, compared, shown = _fields_of(cls)
    key = attrgetter(*compared) if compared else (lambda _obj: ())
    single = len(compared) == 1

    def __eq__(self, other: object) -> bool:  # noqa: N807
        if other.__class__ is not self.__class__:
            return NotImplemented
        return key(self) == key(other)

    def __repr__(self) -> str:  # noqa: N807
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    cls.__init__ = _make_init(cls, names, defaults, factories)
    cls.__eq__ = __eq__
    cls.__repr__ = __repr__
    cls.__match_args__ = tuple(names)
    cls.__record_fields__ = tuple(names)
    if frozen:
        def __hash__(self) -> int:  # noqa: N807
            value = key(self)
            return hash((value,) if single else value)

        cls.__hash__ = __hash__
        cls.__setattr__ = _frozen_setattr
        cls.__delattr__ = _frozen_delattr
    else:
        cls.__hash__ = None  # mutable with equality: unhashable, as a dataclass
    return cls


def record(cls: type[T] | None = None, *, frozen: bool = True) -> Any:
    """`@record` (frozen, hashable) or `@record(frozen=False)` (mutable)."""
    if cls is None:
        return lambda c: _decorate(c, frozen)
    return _decorate(cls, frozen)


def replace(obj: T, **changes: Any) -> T:
    """A copy of `obj` with some fields changed (dataclasses.replace)."""
    values = {name: getattr(obj, name) for name in obj.__record_fields__}
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{obj.__class__.__qualname__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return obj.__class__(**values)
