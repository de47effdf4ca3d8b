"""Derive ``geodata/given_names.csv``: common Arabic and Persian given names.

Usage::

    pip download gender-guesser==0.4.0 --no-deps -d /tmp/gg && unzip /tmp/gg/*.whl -d /tmp/gg
    python scripts/derive_given_names.py /tmp/gg/gender_guesser/data/nam_dict.txt

The source is ``nam_dict.txt`` of Jörg Michael's "gender" program (GNU Free Documentation
License 1.2 or later), as shipped in the PyPI package gender-guesser 0.4.0. Each line gives a
name and, per country column, how common it is (1 rare ... D very common). We keep the names
whose "Arabia/Persia" column is at least 4 (common or more): a name the ingestion must not read
as the village of the same spelling without a word saying it is a place. Only the name, the
figure and the source are kept; the file is sorted, so a rerun gives the same bytes.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

# The country columns of nam_dict.txt, in order (from the file's own header).
COLUMNS = """great_britain ireland usa italy malta portugal spain france belgium luxembourg
the_netherlands east_frisia germany austria swiss iceland denmark norway sweden finland estonia
latvia lithuania poland czech_republic slovakia hungary romania bulgaria bosnia croatia kosovo
macedonia montenegro serbia slovenia albania greece russia belarus moldova ukraine armenia
azerbaijan georgia the_stans turkey arabia israel china india japan korea vietnam
other_countries""".split()
MIN_FREQUENCY = 4
SOURCE = "nam_dict.txt (J. Michael, GNU FDL 1.2+) via PyPI gender-guesser 0.4.0, column Arabia/Persia"


def derive(nam_dict: Path) -> dict[str, int]:
    """Name -> its highest Arabia/Persia frequency (1-13), for names at ``MIN_FREQUENCY`` or more."""
    col = COLUMNS.index("arabia")
    out: dict[str, int] = {}
    for line in nam_dict.read_text(encoding="utf-8").splitlines():
        if not line or line[0] in "#=":
            continue
        values = line[30:-1]
        mark = values[col] if col < len(values) else " "
        if not mark.strip():
            continue
        freq = int(mark, 16)
        for name in {line.split()[1].replace("+", sep) for sep in ("", " ", "-")}:
            if freq >= MIN_FREQUENCY and name.replace(" ", "").replace("-", "").isalpha() and name.isascii():
                out[name] = max(out.get(name, 0), freq)
    return out


def main(argv: list[str]) -> int:
    """Write geodata's given-name list from the nam_dict.txt file named in ``argv``."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    names = derive(Path(argv[0]))
    target = Path(__file__).resolve().parent.parent / "geodata" / "given_names.csv"
    with target.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "frequency", "source"])
        for name in sorted(names):
            w.writerow([name, names[name], SOURCE])
    print(f"{target}: {len(names)} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
