"""Rivers and other natural features that reports name: mentions, never places a claim is about.

"IS fighters were pushed into the Euphrates valley", "the army crossed the River Orontes":
annotators count these names, but they are not settlements or units whose control a map
colours. ``features_curated.csv`` of the data folder lists them (id, name, kind, aliases,
whether the bare name is enough, the page each name was checked against). A feature is read
with its head words: "the Euphrates", "Euphrates river", "River Euphrates", "the Euphrates
Valley", "the Yarmouk Basin". Names that are also something else ("Yarmouk" is the camp in
Damascus, "Asi" a short word) need a head word (``bare`` no, or an alias under five letters).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from .names import normalize

__all__ = ["HEAD_WORDS", "Feature", "features"]

# Words that name the feature's kind around its name: 'the Euphrates river', 'River Orontes'.
HEAD_WORDS = frozenset("river valley basin delta riverbank".split())


@dataclass(frozen=True)
class Feature:
    """A river (or valley) named in reports; ``place_id`` is ``feature:<id>``, not a gazetteer id."""

    id: str
    name: str
    kind: str
    bare: bool
    source: str

    @property
    def place_id(self) -> str:
        """A stable id outside the gazetteer's."""
        return f"feature:{self.id}"

    def describe(self) -> str:
        """Why the name is no place of a claim, for the review sheet."""
        return f"a {self.kind}, not a place a claim is about: {self.name} (features_curated.csv, {self.source})"


@functools.lru_cache(maxsize=8)
def features(root: str) -> dict[str, tuple[Feature, bool]]:
    """Normalized name -> (feature, whether the bare name is enough).

    Read from ``root``'s ``features_curated.csv`` (empty when the folder has none).
    """
    path = Path(root) / "features_curated.csv"
    out: dict[str, tuple[Feature, bool]] = {}
    if not path.is_file():
        return out
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            feat = Feature(r["id"], r["name"], r["kind"], r.get("bare", "") == "yes", r.get("source", ""))
            for alias in [r["name"], *filter(None, (a.strip() for a in r.get("aliases", "").split(";")))]:
                key = normalize(alias)
                if key:
                    out[key] = (feat, feat.bare and len(key.replace(" ", "")) >= 5)
    return out
