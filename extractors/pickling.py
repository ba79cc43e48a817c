"""Pickling of the small frozen records by position.

A run pickles hundreds of thousands of cells, tidy cells and observations: into the
cache, to the stage processes and back.  A slotted frozen dataclass pickles through
``dataclasses``' own ``__getstate__``/``__setstate__``, which look the fields up again
for every object; at a thousand papers that was most of the time spent loading the
cache.  Pickled by position instead, an object is its class and its values, and is
rebuilt through its ``__init__``.  A pickle written the old way still loads.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


def pickled_by_position(cls: type[T]) -> type[T]:
    """``cls`` (a dataclass without ``__post_init__``) pickled as ``cls(*values)``, its
    values in field order."""
    values = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def reduce(self: Any) -> tuple[type[T], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = reduce  # type: ignore[method-assign]
    return cls
