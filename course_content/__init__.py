"""The French course as an Open edX OLX tree, with the référentiel's capacity list.

This package ships the data files beside it; these helpers read them from the installed
package, never from outside the project.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Capacity:
    """One capacity of the certification ("capacité attestée")."""

    code: str
    block: int
    label: str


@cache
def capacities() -> tuple[Capacity, ...]:
    """The 29 capacities of RNCP 12976, in référentiel order."""
    with (ROOT / "capacites.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return tuple(Capacity(r["code"], int(r["bloc"]), r["capacite"]) for r in rows)


def capacity_codes() -> frozenset[str]:
    return frozenset(c.code for c in capacities())


def activity_files(block_type: str, root: Path = ROOT) -> list[Path]:
    """The OLX files of every activity of one block type in a course folder, by file name."""
    return sorted((Path(root) / block_type).glob("*.xml"))
