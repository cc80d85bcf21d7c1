"""Compact pickling of frozen dataclasses: what a worker sends the main process (check/workers.py)."""

from __future__ import annotations

from operator import attrgetter


def compact(cls):
    """Pickle instances of `cls` as the class and its fields' values in order: one call to unpickle.

    A frozen dataclass with slots otherwise pickles a list of its state and unpickles through
    dataclasses' `__setstate__`, a Python loop per object: for the half a million cells of a
    large run that doubled the main process's unpickling time. The class is rebuilt through
    its `__init__`, so `__post_init__` checks still run.
    """
    names = cls.__match_args__  # the fields __init__ takes, in order
    if len(names) == 1:
        name = names[0]

        def reduce(self):
            return cls, (getattr(self, name),)
    else:
        get = attrgetter(*names)

        def reduce(self):
            return cls, get(self)

    cls.__reduce__ = reduce
    return cls
