"""``make eval``: how well ingestion reads the annotated seed articles, beside geotext.

The five seed articles (``../shared/seeds``) were annotated by hand in
``tests/fixtures/annotations/*.json``: every place name with its character offsets and
gazetteer id (``alt`` lists other ids a careful reader could also defend), the names of places
outside the gazetteer (``outside``), and the claims and events of the curated data that come
from the article (a careful reader's result). What counts as a match:

mentions (gazetteer places)
    a predicted mention whose span overlaps an annotated one and names the same place (or one of
    its ``alt`` ids); each annotation is matched at most once.
toponyms (span only)
    any predicted place name, resolved or not, overlapping any annotated name (gazetteer places
    and places outside it): how well names are *found*, whatever they resolve to.
claims
    the same place, side, action and about_date, a denial matching a denial; counted per article
    as sets (two candidates saying the same thing are one). Of the matched claims, the share that
    also has the annotated stance and claimant is printed as "attribution".
events
    the same place, date, type, figure and number (best, else low).

geotext (PyPI) finds city and country names only; its names get offsets by searching the text
in order and place ids through our gazetteer, so both tools are scored by the same rules.

Run ``python -m aleppo_map.ingest.evaluation [--details]``.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .._report import cpu_rate, row
from ..dataset import Dataset
from ..tables import DataError
from . import Document, Ingestor
from .corpus import Corpus, GoldClaim, GoldPlace, distance_km, load_corpus, load_seed_corpus

ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS = ROOT / "tests" / "fixtures" / "annotations"
INVENTED = ROOT / "tests" / "fixtures" / "ingest"

__all__ = ["Score", "bench_ingest", "evaluate", "geotext_mentions", "load_annotations", "main", "seeds_dir"]


def seeds_dir() -> Path:
    """``$ALEPPO_MAP_SEEDS``, else ``../shared/seeds`` beside the clone."""
    env = os.environ.get("ALEPPO_MAP_SEEDS")
    return Path(env) if env else ROOT.parent / "shared" / "seeds"


@dataclass
class Score:
    """Matches, predictions and annotations of one measure."""

    matched_pred: int = 0
    predicted: int = 0
    matched_gold: int = 0
    gold: int = 0

    def add(self, other: Score) -> None:
        self.matched_pred += other.matched_pred
        self.predicted += other.predicted
        self.matched_gold += other.matched_gold
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.matched_pred / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_annotations(folder: Path = ANNOTATIONS) -> list[dict]:
    """Every annotation file, sorted by seed file name."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def seed_text(ann: dict, seeds: Path) -> str:
    """The seed article an annotation refers to; raises when it is missing or has changed."""
    path = seeds / ann["file"]
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != ann["sha256"]:
        raise ValueError(f"{path} is not the text that was annotated (sha256 differs): offsets would not hold")
    return raw.decode("utf-8")


# -- matching -----------------------------------------------------------------------------------
def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_mentions(
    pred: list[tuple[int, int, str]], gold: list[dict], by_place: bool = True
) -> tuple[Score, list, list]:
    """One-to-one matching of predicted (start, end, place_id) with annotated mentions.

    Returns the score, the predictions that matched nothing and the annotations never matched.
    """
    used: set[int] = set()
    extra = []
    for s, e, pid in sorted(pred):
        hit = None
        for n, g in enumerate(gold):
            if n in used or not _overlap((s, e), (g["start"], g["end"])):
                continue
            if by_place and pid != g.get("place_id") and pid not in g.get("alt", []):
                continue
            hit = n
            break
        if hit is None:
            extra.append((s, e, pid))
        else:
            used.add(hit)
    missed = [g for n, g in enumerate(gold) if n not in used]
    return Score(len(pred) - len(extra), len(pred), len(used), len(gold)), extra, missed


def _claim_key(c: dict) -> tuple:
    return (c["place_id"], c["side"], c["action"], c["about_date"], c["stance"] == "denied")


def _event_key(c: dict) -> tuple:
    number = c.get("best") or c.get("low") or ""
    return (c["place_id"], c.get("date") or c.get("about_date"), c["type"], c.get("figure", ""), number)


def match_sets(pred: list[tuple], gold: list[tuple]) -> tuple[Score, list, list]:
    p, g = set(pred), set(gold)
    return Score(len(p & g), len(p), len(p & g), len(g)), sorted(p - g), sorted(g - p)


def geotext_mentions(text: str, gazetteer) -> list[tuple[int, int, str]]:
    """geotext's cities and countries, with offsets found in order and ids from our gazetteer.

    A name that our gazetteer does not resolve gets an empty id (a place outside it).
    """
    from geotext import GeoText

    found = GeoText(text)
    names = [n for n in _in_order(text, found.cities + found.countries)]
    out = []
    for start, name in names:
        match = gazetteer.resolve(name)
        out.append((start, start + len(name), match.place_id or ""))
    return out


def _in_order(text: str, names: list[str]) -> list[tuple[int, str]]:
    """Offsets of names that geotext returns without them: each occurrence once, in text order."""
    out, taken = [], set()
    for name in sorted(set(names), key=len, reverse=True):
        start = 0
        for _ in range(names.count(name)):
            i = text.find(name, start)
            while i >= 0 and any(_overlap((i, i + len(name)), t) for t in taken):
                i = text.find(name, i + 1)
            if i < 0:
                break
            taken.add((i, i + len(name)))
            out.append((i, name))
            start = i + len(name)
    return sorted(out)


# -- evaluation ---------------------------------------------------------------------------------
@dataclass
class Report:
    """Scores per measure and tool, with the errors behind them."""

    scores: dict[str, dict[str, Score]]
    attribution: tuple[int, int]
    details: list[str]
    files: int


def evaluate(ingestor: Ingestor | None = None, seeds: Path | None = None, folder: Path = ANNOTATIONS) -> Report:
    """Run ingestion and geotext over the annotated seeds and score both."""
    seeds = seeds or seeds_dir()
    ing = ingestor or Ingestor(Dataset.load())
    g = ing.gazetteer
    measures = ("mentions", "toponyms", "claims", "events")
    scores = {m: {"aleppo_map": Score(), "geotext": Score()} for m in measures}
    details: list[str] = []
    same_attr = matched = 0
    anns = load_annotations(folder)
    for ann in anns:
        text = seed_text(ann, seeds)
        doc: Document = ing.ingest(text, ann["published"], origin=ann["file"], outlet=ann["outlet"])
        gold = ann["mentions"]
        names = gold + [dict(o, place_id="") for o in ann["outside"]]
        ours = [(m.start, m.end, m.place_id) for m in doc.mentions]
        theirs = geotext_mentions(text, g)
        s, extra, missed = match_mentions(ours, gold)
        scores["mentions"]["aleppo_map"].add(s)
        details += [f"{ann['file']}: mention not annotated: {text[a:b]!r} at {a} -> {p}" for a, b, p in extra]
        details += [f"{ann['file']}: mention missed: {m['text']!r} at {m['start']} ({m['place_id']})" for m in missed]
        scores["mentions"]["geotext"].add(match_mentions([t for t in theirs if t[2]], gold)[0])
        found = ours + [(m.start, m.end, "") for m in doc.unresolved]
        scores["toponyms"]["aleppo_map"].add(match_mentions(found, names, by_place=False)[0])
        scores["toponyms"]["geotext"].add(match_mentions(theirs, names, by_place=False)[0])
        claims = [c.fields for c in doc.candidates if c.kind == "claim"]
        s, extra, missed = match_sets([_claim_key(c) for c in claims], [_claim_key(c) for c in ann["claims"]])
        scores["claims"]["aleppo_map"].add(s)
        details += [f"{ann['file']}: claim not annotated: {k}" for k in extra]
        details += [f"{ann['file']}: claim missed: {k}" for k in missed]
        attr = {_claim_key(c): (c["stance"], c["claimant"]) for c in ann["claims"]}
        for c in claims:
            k = _claim_key(c)
            if k in attr:
                matched += 1
                same_attr += attr[k] == (c["stance"], c["claimant"])
        events = [c.fields for c in doc.candidates if c.kind == "event"]
        s, extra, missed = match_sets([_event_key(c) for c in events], [_event_key(c) for c in ann["events"]])
        scores["events"]["aleppo_map"].add(s)
        details += [f"{ann['file']}: event not annotated: {k}" for k in extra]
        details += [f"{ann['file']}: event missed: {k}" for k in missed]
    return Report(scores, (same_attr, matched), details, len(anns))


def _fmt(score: Score | None) -> str:
    if score is None or (score.predicted == 0 and score.gold == 0):
        return f"{'-':>6} {'-':>6} {'-':>6}"
    return f"{score.precision:6.1%} {score.recall:6.1%} {score.f1:6.1%}"


def render(report: Report) -> str:
    """The side-by-side table ``make eval`` prints."""
    from importlib.metadata import version

    try:
        gt = f"geotext {version('geotext')}"
    except Exception:  # pragma: no cover - geotext is a dependency
        gt = "geotext"
    lines = [
        f"ingestion on {report.files} hand-annotated seed articles ({ANNOTATIONS.relative_to(ROOT)})",
        "",
        f"{'':44} {'aleppo_map':^20}   {gt:^20}",
        f"{'measure (match rule)':44} {'P':>6} {'R':>6} {'F1':>6}   {'P':>6} {'R':>6} {'F1':>6}",
    ]
    rules = {
        "mentions": "mentions (overlap + same place)",
        "toponyms": "toponyms, incl. outside (overlap only)",
        "claims": "claims (place, side, action, about_date)",
        "events": "events (place, date, type, figure, number)",
    }
    for m, label in rules.items():
        ours = report.scores[m]["aleppo_map"]
        theirs = report.scores[m]["geotext"] if m in ("mentions", "toponyms") else None
        gold = ours.gold
        lines.append(f"{label:44} {_fmt(ours)}   {_fmt(theirs) if theirs else '   (finds places only)':20}  n={gold}")
    same, total = report.attribution
    if total:
        lines.append(f"\nattribution: {same}/{total} matched claims also have the annotated stance and claimant")
    return "\n".join(lines)


# -- any annotated corpus -------------------------------------------------------------------------
@dataclass
class CorpusScore:
    """The figures ``aleppo-map eval`` prints for one corpus, and the misses behind them."""

    name: str
    articles: int
    surfaces: int = 0
    found: int = 0
    located: int = 0
    resolved: int = 0
    predicted: int = 0
    right: int = 0
    gold_claims: int = 0
    recalled: int = 0
    claims: int = 0
    claims_right: int = 0
    geotext_found: int = 0
    geotext_resolved: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)

    @staticmethod
    def _pct(a: int, b: int) -> str:
        return f"{a / b:6.1%} ({a}/{b})" if b else "     - (0/0)"

    def lines(self, details: bool = True) -> list[str]:
        p = self._pct
        out = [
            f"{self.name}: {self.articles} articles",
            f"  mentions found                {p(self.found, self.surfaces):>20}   geotext {p(self.geotext_found, self.surfaces)}",
            f"  resolved within tolerance     {p(self.resolved, self.located):>20}   geotext {p(self.geotext_resolved, self.located)}",
            f"  mention precision             {p(self.right, self.predicted):>20}",
            f"  claims recall                 {p(self.recalled, self.gold_claims):>20}",
            f"  claims precision              {p(self.claims_right, self.claims):>20}",
        ]
        if details:
            for name, misses in self.misses.items():
                if misses:
                    out.append(f"  {name}:")
                    out += [f"    {m}" for m in misses]
        return out


# What a claim's action says about the side that holds the place (None: nothing).
_IMPLIED = {"fighting": "contested", "controls-part": "contested", "besieged": None, "approached": None}


def _claim_matches(c: dict, coords, gold: GoldClaim, gp: GoldPlace, place_text: str) -> bool:
    implied = _IMPLIED.get(c["action"], c["side"])
    if implied is None or (gold.status == "denied") != (c["stance"] == "denied"):
        return False
    if c["action"] == "withdrew":
        # The annotation reads a withdrawal as the other side's control of the place.
        side_ok = gold.side not in (c["side"], "contested")
    else:
        side_ok = gold.side == implied or (gold.side == "contested" and c["action"] == "entered")
    if not side_ok:
        return False
    if gp.located and coords is not None:
        return distance_km(gp.lat, gp.lon, *coords) <= gp.tolerance_km
    return bool(gold.surface) and (gold.surface in place_text or place_text in gold.surface)


def score_corpus(corpus: Corpus, ing: Ingestor, geotext: bool = True) -> CorpusScore:
    """Mentions found / resolved within tolerance / precision, claims recall / precision.

    Mentions are scored per distinct surface of an article: *found* when a name the reader
    reports (resolved or not) overlaps one of its occurrences; *resolved* when such a name
    resolves within the annotated place's tolerance (places without a coordinate are left
    out). Precision counts the reader's resolved names (one per surface and place), countries
    left out (a corpus annotates none): right when it overlaps an annotated surface and lies
    within its tolerance. A claim is recalled when a candidate names a place within the
    tolerance of the annotated one, the same side (or contested for fighting and partial
    control), and a denial for a denial; a candidate is right when it recalls some claim of its
    article. The ``--published`` and ``--outlet`` of each article come from its header.
    """
    places = ing.gazetteer.places.set_index("id")
    coord = {pid: (float(r["lat"]), float(r["lon"])) for pid, r in places[["lat", "lon"]].iterrows()}
    kind = places["kind"].to_dict()
    out = CorpusScore(corpus.name, len(corpus.articles))
    for art in corpus.articles:
        outlet = ing.outlet_id(art.outlet) or "" if art.outlet else ""
        doc = ing.ingest(art.text, art.published, origin=art.origin, outlet=outlet)
        misses: list[str] = []
        names = [(m.start, m.end, m.place_id) for m in doc.mentions] + [(m.start, m.end, "") for m in doc.unresolved]
        theirs = geotext_mentions(art.text, ing.gazetteer) if geotext else []
        spans: dict[str, list[tuple[int, int]]] = {}
        for surface in art.mentions:
            at, occ = art.text.find(surface), []
            while at >= 0:
                occ.append((at, at + len(surface)))
                at = art.text.find(surface, at + 1)
            spans[surface] = occ

        def near(pid: str, gp: GoldPlace) -> bool:
            c = coord.get(pid)
            return c is not None and gp.located and distance_km(gp.lat, gp.lon, *c) <= gp.tolerance_km

        for surface, place in art.mentions.items():
            gp = corpus.places[place]
            over = [n for n in names if any(_overlap((n[0], n[1]), o) for o in spans[surface])]
            gt_over = [n for n in theirs if any(_overlap((n[0], n[1]), o) for o in spans[surface])]
            out.surfaces += 1
            out.found += bool(over)
            out.geotext_found += bool(gt_over)
            if not over:
                misses.append(f"mention not found: {surface!r} ({place})")
            if gp.located:
                out.located += 1
                ok = any(near(pid, gp) for _, _, pid in over)
                out.resolved += ok
                out.geotext_resolved += any(near(pid, gp) for _, _, pid in gt_over)
                if over and not ok:
                    got = ", ".join(sorted({pid or "(unresolved)" for _, _, pid in over}))
                    misses.append(f"mention resolved out of tolerance: {surface!r} -> {got} (wanted {place})")
        seen: set[tuple[str, str]] = set()
        for m in doc.mentions:
            if kind.get(m.place_id) == "country" or (m.text, m.place_id) in seen:
                continue
            seen.add((m.text, m.place_id))
            hits = [s for s, occ in spans.items() if any(_overlap((m.start, m.end), o) for o in occ)]
            if hits and not any(corpus.places[art.mentions[s]].located for s in hits):
                continue  # an annotated name with no coordinate: nothing to check against
            out.predicted += 1
            if any(near(m.place_id, corpus.places[art.mentions[s]]) for s in hits):
                out.right += 1
            else:
                misses.append(f"mention wrong: {m.text!r} -> {m.place_id}" + ("" if hits else " (not annotated)"))
        cands = [c for c in doc.candidates if c.kind == "claim" and _IMPLIED.get(c.fields["action"], "") is not None]
        golds = {(g.place, g.side, g.status == "denied"): g for g in art.claims}
        out.gold_claims += len(golds)
        for g in golds.values():
            gp = corpus.places[g.place]
            if any(_claim_matches(c.fields, coord.get(c.fields["place_id"]), g, gp, c.place_text) for c in cands):
                out.recalled += 1
            else:
                misses.append(
                    f"claim missed: {g.place} {g.side} {g.status}" + (f" ({g.surface!r})" if g.surface else "")
                )
        pred_seen: set[tuple] = set()
        for c in cands:
            f = c.fields
            k = (f["place_id"], f["side"], f["action"] in ("fighting", "controls-part"), f["stance"] == "denied")
            if k in pred_seen:
                continue
            pred_seen.add(k)
            out.claims += 1
            if any(
                _claim_matches(f, coord.get(f["place_id"]), g, corpus.places[g.place], c.place_text)
                for g in golds.values()
            ):
                out.claims_right += 1
            else:
                misses.append(
                    f"claim wrong: {f['place_id']} {f['side']} {f['action']} {f['stance']} {f['claimant']}"
                    f" from {c.place_text!r}: {f['quote'][:90]!r}"
                )
        out.misses[art.file] = misses
    return out


def default_corpora() -> list[tuple[str, Path | None, str]]:
    """What ``make eval`` scores: the seeds and ``../shared/dev-corpus`` (name, folder, why absent)."""
    dev = Path(os.environ.get("ALEPPO_MAP_DEV_CORPUS") or ROOT.parent / "shared" / "dev-corpus")
    seeds = seeds_dir()
    return [
        ("seeds", seeds if seeds.is_dir() else None, f"{seeds} (the seed articles) is not there"),
        ("dev-corpus", dev if dev.is_dir() else None, f"{dev} is not there"),
    ]


# -- throughput ---------------------------------------------------------------------------------
def _articles() -> tuple[list[str], str]:
    """Texts to time: the seed articles when present, else the invented test articles."""
    seeds = seeds_dir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))] if seeds.is_dir() else []
    texts = [t for t in texts if len(t) > 500]
    if texts:
        return texts, f"{len(texts)} seed articles, {sum(map(len, texts)) // len(texts)} chars on average"
    texts = [p.read_text(encoding="utf-8") for p in sorted(INVENTED.glob("*.txt"))]
    texts = [t for t in texts if t.strip()]
    return texts, f"{len(texts)} invented test articles (../shared/seeds absent)"


def bench_ingest() -> list[dict]:
    """Articles per second through the whole ingestion, beside geotext on the same texts (one core)."""
    from geotext import GeoText

    t0 = time.perf_counter()
    ds = Dataset.load()
    ing = Ingestor(ds)
    build_s = time.perf_counter() - t0
    texts, what = _articles()
    gc.collect()
    gc.freeze()  # as the ingest command does: the long-lived index is not re-scanned by every collection
    for t in texts:  # warm the memo, as a long run would be
        ing.ingest(t, "2024-11-30", origin="bench.txt", outlet="afp")
    ours = cpu_rate(lambda: sum(1 for t in texts if ing.ingest(t, "2024-11-30", origin="bench.txt", outlet="afp")))
    mentions_only = cpu_rate(lambda: sum(1 for t in texts if GeoText(t) is not None))
    ours_mentions = cpu_rate(lambda: sum(1 for t in texts if ing.mentions(t) is not None))
    # The naive way to find gazetteer names: look for every alias in the text, one by one.
    aliases = sorted({a for a in ds.gazetteer.names["alias"] if len(a) >= 3})
    naive = cpu_rate(lambda: sum(len([a for a in aliases if a in t]) >= 0 for t in texts[:2]), 0.5)
    return [
        row("ingestor build (data + index)", build_s, "s", note="dataset load, lexicon, alias index"),
        row(
            "ingestion, warm",
            ours,
            "articles/s",
            mentions_only,
            200,
            note=f"{what}; per CPU second (one core); mentions, dates, claims, events; baseline: geotext (place names only)",
        ),
        row(
            "place mentions only",
            ours_mentions,
            "articles/s",
            naive,
            note=f"longest match over alias tokens, resolved; baseline: a substring search per alias ({len(aliases):,} aliases)",
        ),
    ]


def bench_long_article(size: int = 2_000_000) -> list[dict]:
    """Seconds to ingest one article of ``size`` characters (the 2 MB limit), beside linear growth.

    The article is the seed texts (else the invented test articles) repeated to ``size``. The
    baseline is the time of a 100 kB article scaled by the size ratio, what linear-time
    reading costs; a ratio near 1 says ingestion stays linear in the article's length.
    """
    ing = Ingestor(Dataset.load())
    texts, what = _articles()
    base = "\n\n".join(texts)
    small_size = 100_000

    def article(n: int) -> str:
        return (base * (n // len(base) + 1))[:n]

    small, big = article(small_size), article(size)
    ing.ingest(small, "2024-11-30", origin="bench.txt", outlet="afp")  # warm the memo
    t0 = time.process_time()
    ing.ingest(small, "2024-11-30", origin="bench.txt", outlet="afp")
    small_s = time.process_time() - t0
    t0 = time.process_time()
    ing.ingest(big, "2024-11-30", origin="bench.txt", outlet="afp")
    big_s = time.process_time() - t0
    return [
        row(
            f"one {size / 1e6:.0f} MB article",
            big_s,
            "s",
            small_s * size / small_size,
            10,
            higher_is_better=False,
            note=f"{what}, repeated; CPU seconds; baseline: a 100 kB article's time x {size // small_size} (linear growth)",
        )
    ]


# -- entry point --------------------------------------------------------------------------------
def run_corpora(folders: list[Path] | None = None, details: bool = True, geotext: bool = True) -> tuple[str, int]:
    """The figures of each corpus (the default ones when ``folders`` is empty), and an exit code.

    A default corpus that is absent is skipped with the reason; a folder named explicitly
    that cannot be read is an error (exit 2) naming its file, line and field.
    """
    ing = Ingestor(Dataset.load())
    lines: list[str] = []
    code = 0
    if folders:
        todo: list[tuple[str, Path | None, str]] = [(f.name, f, "") for f in folders]
    else:
        todo = default_corpora()
    for name, folder, why in todo:
        if folder is None:
            lines.append(f"{name}: skipped, {why}")
            continue
        try:
            if name == "seeds" and not folders:
                corpus = load_seed_corpus(ANNOTATIONS, folder, ing.gazetteer)
            else:
                corpus = load_corpus(folder)
        except (OSError, ValueError, DataError) as exc:
            lines.append(f"{name}: cannot evaluate:\n{exc}")
            code = 2
            continue
        lines += score_corpus(corpus, ing, geotext=geotext).lines(details)
        lines.append("")
    return "\n".join(lines).rstrip(), code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aleppo_map.ingest.evaluation", description=__doc__.split("\n")[0])
    parser.add_argument("--details", action="store_true", help="also list every miss and every extra")
    parser.add_argument("--json", type=Path, help="write the scores to this file as JSON")
    args = parser.parse_args(argv)
    seeds = seeds_dir()
    if not seeds.is_dir():
        print(f"cannot evaluate: {seeds} (the seed articles) is not there; set ALEPPO_MAP_SEEDS", file=sys.stderr)
        return 2
    try:
        report = evaluate(seeds=seeds)
    except (OSError, ValueError) as exc:
        print(f"cannot evaluate: {exc}", file=sys.stderr)
        return 2
    print(render(report))
    if args.details:
        print("\n" + "\n".join(report.details))
    if args.json:
        out = {
            m: {
                tool: {
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                    "predicted": s.predicted,
                    "gold": s.gold,
                }
                for tool, s in per.items()
            }
            for m, per in report.scores.items()
        }
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
