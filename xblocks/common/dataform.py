"""Frozen dataclasses as JSON and back, the form the blocks keep their content in (a content
field's JSON, the one the JS engines read): each dataclass an object of its fields, tuples as
lists; read back from the dataclasses' own field types."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from functools import cache
from types import UnionType
from typing import Union, get_args, get_origin, get_type_hints


def json_form(value: object) -> object:
    if is_dataclass(value):
        return {f.name: json_form(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple):
        return [json_form(item) for item in value]
    return value


def read_dataclass(hint: object, value: object) -> object:
    """`value` (what `json_form` wrote) as the type `hint` names."""
    if value is None:
        return None
    if get_origin(hint) in (Union, UnionType):
        (hint,) = [arg for arg in get_args(hint) if arg is not type(None)]
    if get_origin(hint) is tuple:
        return tuple(read_dataclass(get_args(hint)[0], item) for item in value)
    if is_dataclass(hint):
        hints = _hints(hint)
        return hint(**{f.name: read_dataclass(hints[f.name], value[f.name]) for f in fields(hint)})
    return value


@cache
def _hints(cls: type) -> dict:
    return get_type_hints(cls)
