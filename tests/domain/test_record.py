"""`@record` behaves as `@dataclass` where the project uses it (domain/record.py)."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hospital_sec_desk.domain.record import FrozenInstanceError, field, record, replace


@record
class Point:
    x: int
    label: str = ""
    tags: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, repr=False)


@dataclasses.dataclass(frozen=True)
class DPoint:
    x: int
    label: str = ""
    tags: tuple[str, ...] = ()
    extra: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)


@record(frozen=False)
class Box:
    size: int
    items: list = field(default_factory=list)


@record
class Indexed:
    items: tuple[int, ...]
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({i: n for n, i in enumerate(self.items)})


values = st.tuples(st.integers(), st.text(max_size=5), st.tuples(st.text(max_size=3)))


@given(values, values)
def test_equality_hash_and_repr_follow_dataclasses(a, b):
    pa, pb, da, db = Point(*a), Point(*b), DPoint(*a), DPoint(*b)
    assert (pa == pb) == (da == db)
    assert (hash(pa) == hash(Point(*a)))
    assert repr(pa) == repr(da).replace("DPoint", "Point")
    assert pa != da  # another class is never equal, as with dataclasses


def test_init_keywords_defaults_and_factories():
    p = Point(1, tags=("a",))
    assert (p.x, p.label, p.tags, p.extra) == (1, "", ("a",), {})
    assert Point(1).extra is not Point(1).extra  # a new dict each time
    assert Point(1, extra={"k": 1}) == Point(1)  # compare=False
    with pytest.raises(TypeError, match="missing required argument: 'x'"):
        Point()
    with pytest.raises(TypeError, match="unexpected keyword argument 'y'"):
        Point(1, y=2)
    with pytest.raises(TypeError, match="multiple values for argument 'x'"):
        Point(1, x=2)
    with pytest.raises(TypeError, match="positional arguments"):
        Point(1, "a", (), {}, 5)


def test_frozen_refuses_changes_and_mutable_is_unhashable():
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2
    with pytest.raises(FrozenInstanceError):
        del p.x
    assert isinstance(FrozenInstanceError("x"), AttributeError)
    b = Box(3)
    b.size = 4
    b.items.append(1)
    assert b == Box(4, [1])
    with pytest.raises(TypeError):
        hash(b)


def test_post_init_pickle_copy_and_replace():
    ix = Indexed((5, 7))
    assert ix._index == {5: 0, 7: 1}
    for clone in (pickle.loads(pickle.dumps(ix)), copy.copy(ix), copy.deepcopy(ix)):
        assert clone == ix and clone._index == ix._index
    p = Point(1, "a")
    q = replace(p, label="b")
    assert (q.x, q.label, p.label) == (1, "b", "a")
    with pytest.raises(TypeError):
        replace(p, nope=1)


def test_a_required_field_after_a_default_is_refused():
    with pytest.raises(TypeError, match="non-default argument"):
        @record
        class Bad:
            a: int = 0
            b: int
