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


@dataclass(frozen=True)
class Crosswalk:
    """How one capacity of RNCP 12976 maps to the titre professionnel CIP (RNCP37274)."""

    code: str
    ccps: tuple[str, ...]  # "CCP1"…
    note: str


#: The titre professionnel « Conseiller en insertion professionnelle » (revised, registered
#: for five years from 23 March 2023, level 5) and its three certificates of competence.
TP_CIP = "RNCP37274"
TP_CIP_CCPS = {
    "CCP1": "Accueillir pour analyser la demande des personnes et poser les bases d’un "
    "diagnostic partagé",
    "CCP2": "Accompagner les personnes dans leur parcours d’insertion sociale et professionnelle",
    "CCP3": "Mettre en œuvre une offre de services auprès des employeurs pour favoriser "
    "l’insertion professionnelle",
}


@cache
def _crosswalk_rows() -> tuple[tuple[str, ...], ...]:
    with (ROOT / "crosswalk_tp_cip.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader)
        return tuple(tuple(row) for row in reader if row)


def crosswalk() -> dict[str, Crosswalk]:
    """Each capacity's crosswalk to the TP CIP, by capacity code."""
    return {
        row[0]: Crosswalk(row[0], tuple(row[1].split()), row[2])
        for row in _crosswalk_rows()
        if row[0] != "gap"
    }


def crosswalk_gaps() -> tuple[tuple[str, str], ...]:
    """What the TP CIP asks that RNCP 12976 does not: (CCP, competence)."""
    return tuple((row[1], row[2]) for row in _crosswalk_rows() if row[0] == "gap")
