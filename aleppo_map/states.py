"""From dated, sourced, contradictory claims to a state for every place on every date.

The rules (docs/rules.md has each with an example from the seed articles):

- **as-of**: a state holds until a later claim changes it; baselines are claims too.
- **effective date**: a claim counts from the day it is about (``about_date``), not the
  day it was published.
- **contested** only with fighting inside the place (``fighting``) or partial control
  (``controls-part``); a side merely entering a place without reported fighting counts
  as that side holding it, with lower confidence.
- **disputed** when a claimant denies a claim made by another within a few days, or two
  independent claims on one day give different sides.
- **asymmetric trust**: a party's claim in its own favour is *weak*: alone it changes
  nothing and is only listed; a party's admission against its own interest is *strong*:
  it wins over other claims of the day and a denial does not dispute it.
- **parent and child**: a claim with scope ``whole`` decides every place below it except
  the listed exceptions (and what lies below them); a place's own claims are never
  propagated upward, so a district never silently overwrites its city.
- **staleness**: a state with no confirming claim for ``stale_after`` days is stale.

Everything is computed with table operations (merge, groupby, merge_asof); nothing
loops over places x dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .dataset import Dataset

__all__ = [
    "CONTESTED",
    "DISPUTED",
    "UNKNOWN",
    "ClaimNumbers",
    "Resolver",
    "as_day",
    "changes_between",
    "explain",
    "states_on",
]

UNKNOWN, CONTESTED, DISPUTED = "unknown", "contested", "disputed"
WEAK, NORMAL, STRONG = 0.3, 1.0, 1.5
# What each action says about who holds the place; None: it does not change control.
IMPLIES = {
    "holds": "side",
    "captured": "side",
    "entered": "side",
    "repelled": "side",
    "fighting": CONTESTED,
    "controls-part": CONTESTED,
    "withdrew": "withdrew",
    "besieged": None,
    "approached": None,
}
BASE_CONFIDENCE = {
    "holds": 0.85,
    "captured": 0.9,
    "entered": 0.6,
    "repelled": 0.6,
    "fighting": 0.8,
    "controls-part": 0.7,
    "withdrew": 0.6,
}
INHERITED_FACTOR = 0.8
# Claims that a side holds the whole place, as against being present in it.
COMPLETE = ("holds", "captured")
PRESENCE = ("entered", "repelled")
# Actions that report ground changing hands: said by a party of its enemy, an admission.
GAINS = ("captured", "entered", "controls-part", "fighting")
_NEGATIVE = {"withdrew"}


def as_day(value: object) -> pd.Timestamp:
    """A day as the resolver counts them: a midnight Timestamp from a date, a Timestamp or 'YYYY-MM-DD'.

    Raises
    ------
    ValueError
        Anything else, naming the value (the CLI turns it into a usage error on its option).
    """
    if isinstance(value, pd.Timestamp):
        return value.normalize()
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    try:
        text = str(value)
        if len(text) != 10:
            raise ValueError(text)
        return pd.Timestamp(dt.date.fromisoformat(text))
    except ValueError as exc:
        raise ValueError(f"not a date in the form YYYY-MM-DD: {value!r}") from exc


@dataclass
class Resolver:
    """Resolves the claims of a dataset into states; build once, ask for many dates.

    Parameters
    ----------
    dataset : Dataset
    stale_after : int
        Days without a confirming claim after which a state is marked stale.
    dispute_window : int
        Days apart within which a denial disputes a claim.
    """

    dataset: Dataset
    stale_after: int = 45
    dispute_window: int = 3
    extra_claims: pd.DataFrame | None = None

    def __post_init__(self):
        """Prepare every claim once (confidence, inheritance, disputes): states on a date are then a lookup."""
        self.gazetteer = self.dataset.gazetteer
        claims = self.dataset.claims.assign(status="")
        if self.extra_claims is not None and len(self.extra_claims):
            extra = self.extra_claims.copy()
            extra["status"] = extra["status"] if "status" in extra else "candidate"
            claims = claims.drop(columns=["line"], errors="ignore")
            columns = [c for c in claims.columns if c in extra.columns]
            claims = pd.concat([claims, extra[columns].astype("str")], ignore_index=True).fillna("")
        self.claims = self._expand(self._prepare(claims))
        self._transitions_cache: pd.DataFrame | None = None

    @property
    def transitions(self) -> pd.DataFrame:
        """One row per place and day that claims speak of (computed on first use)."""
        if self._transitions_cache is None:
            self._transitions_cache, self.support = transitions(self.claims)
        return self._transitions_cache

    def use_transitions(self, t: pd.DataFrame, support: pd.DataFrame) -> None:
        """Adopt transitions computed elsewhere (by :mod:`aleppo_map.distributed`)."""
        self._transitions_cache, self.support = t, support
        self.__dict__.pop("_states_cache", None)

    # -- claims ---------------------------------------------------------------------------
    def _prepare(self, claims: pd.DataFrame) -> pd.DataFrame:
        # No copy: under copy-on-write the columns stay shared with the dataset's claims
        # (the quote, link and note text of a million claims are held once), and only the
        # columns written here are new.
        c = claims.drop(columns=["line"], errors="ignore").rename(columns={"id": "claim_id"})
        c["scope"] = _with_default(c["scope"], "place")
        c["eff"] = pd.to_datetime(c["about_date"])
        c["since"] = pd.to_datetime(c["held_since"].replace("", None))
        c["who"] = _first_given(c["claimant"], c["outlet"])
        party = self.dataset.sources.set_index("id")["side"]
        # The claimant's own side, for the trust only (not kept: a million rows of it).
        side_of = _lookup(c["who"], dict(zip(party.index, party, strict=True)), c.index).fillna("")
        sign = np.where(c["action"].isin(_NEGATIVE), -1, 1) * np.where(c["stance"] == "denied", -1, 1)
        favours_side = sign > 0
        is_party = (side_of != "").to_numpy()
        same = (side_of == c["side"]).to_numpy()
        gain = c["action"].isin(GAINS)
        own = is_party & ((favours_side & same) | (~favours_side & ~same))
        against = is_party & ((~favours_side & same) | (favours_side & ~same & gain))
        c["trust"] = np.select([own, against], ["weak", "strong"], "normal")
        c["weight"] = np.select([own, against], [WEAK, STRONG], NORMAL).astype(float)
        implied = _lookup(c["action"], IMPLIES, c.index)
        c["implied"] = np.where(implied == "side", c["side"], implied.fillna(""))
        c.loc[c["stance"] == "denied", "implied"] = ""
        c["base"] = _lookup(c["action"], BASE_CONFIDENCE, c.index).fillna(0.0).astype(float)
        c["inherited_from"] = ""
        return c

    def _expand(self, c: pd.DataFrame) -> pd.DataFrame:
        """Add one inherited claim per place below each claim of scope ``whole``."""
        g = self.gazetteer
        rows, places = [], []
        whole = c[c["scope"] == "whole"]
        for i, place, excepted in zip(whole.index, whole["place_id"], whole["except"], strict=True):
            below = g.below(place)
            for ex in filter(None, (e.strip() for e in excepted.split(";"))):
                ei = g.index[ex]
                below &= ~g.below(ex)
                below[ei] = False
            idx = np.flatnonzero(below)
            rows.append(np.full(len(idx), c.index.get_loc(i)))
            places.append(idx)
        out = c
        if rows and sum(map(len, rows)):
            taken = np.concatenate(rows)
            inherited = c.take(taken)
            inherited["place_id"] = g.ids[np.concatenate(places)]
            inherited["inherited_from"] = c["place_id"].to_numpy(dtype=object)[taken]
            inherited["base"] = inherited["base"] * INHERITED_FACTOR
            out = pd.concat([c, inherited], ignore_index=True)
        out["pidx"] = _lookup(out["place_id"], g.index, out.index).astype("int64")
        return self._mark_disputes(out)

    def _mark_disputes(self, c: pd.DataFrame) -> pd.DataFrame:
        """Mark claims denied by another claimant (disputed) or by their own (retracted).

        Denials are matched on the place the claim was made about, so a denial of a
        whole-city claim also reaches the districts that inherited it.
        """
        inherited = c["inherited_from"] != ""
        # The place's own column when nothing is inherited (shared, not a copy of a million ids).
        c["about_place"] = c["inherited_from"].where(inherited, c["place_id"]) if inherited.any() else c["place_id"]
        keys = ["about_place", "side", "action"]
        denials = c.loc[(c["stance"] == "denied") & (c["inherited_from"] == ""), [*keys, "eff", "who", "claim_id"]]
        denials = denials.rename(columns={"claim_id": "claim_id_d"})
        # Only claims about a place some denial is about can pair with one: the rest (nearly
        # all of a million) are left out before the merge, which gives the same pairs.
        denied_places = c["about_place"].isin(denials["about_place"].unique())
        claims = c.loc[
            (c["stance"] != "denied") & (c["implied"] != "") & denied_places, [*keys, "eff", "who", "weight"]
        ]
        pairs = claims.reset_index().merge(denials, on=keys, suffixes=("", "_d"))
        close = (pairs["eff"] - pairs["eff_d"]).abs() <= pd.Timedelta(days=self.dispute_window)
        other = pairs["who"] != pairs["who_d"]
        disputes = pairs[close & other & (pairs["weight"] < STRONG)]
        retractions = pairs[~other & (pairs["eff_d"] >= pairs["eff"])]
        # The earliest denial is kept per claim; explain() lists them all for one place.
        for column, found in (("disputed_by", disputes), ("retracted_by", retractions)):
            by = found.sort_values(["index", "eff_d", "claim_id_d"]).groupby("index")["claim_id_d"].first()
            c[column] = by.reindex(c.index).fillna("").astype("str")
        return c

    # -- transitions ----------------------------------------------------------------------
    # -- queries --------------------------------------------------------------------------
    def states(self, date, max_claims: int | None = None, cache: bool = True) -> gpd.GeoDataFrame:
        """Every place's state on ``date``, as a GeoDataFrame of points (EPSG:4326).

        ``claims`` and ``contradicting`` list every claim id, or with ``max_claims`` the
        first and the latest of them (a map popup need not list 300 routine confirmations);
        ``n_claims`` and ``n_contradicting`` always count them all. With ``cache=False``
        the answer is not kept (a site build asks for each date once, and a year of
        answers would not fit in memory).
        """
        day = as_day(date)
        if not cache:
            return self._states(day, max_claims)
        # A build asks for the same dates many times (maps, downloads in four formats, the
        # timeline): resolve each once. Callers get a copy they may change.
        answers = self.__dict__.setdefault("_states_cache", {})
        key = (day, max_claims)
        if key not in answers:
            answers[key] = self._states(day, max_claims)
        return answers[key].copy()

    def _states(self, day: pd.Timestamp, max_claims: int | None) -> gpd.GeoDataFrame:
        ix = self._day_index()
        at = ix.latest(day)
        has = at >= 0
        row = np.where(has, at, 0)
        state = np.where(has, ix.t_state_names[ix.t_state[row]], UNKNOWN).astype(object)
        # Day numbers are kept as int32; "none" (_NAT) needs int64.
        confirmed = np.where(has, ix.t_eff_days[row].astype(np.int64), _NAT)
        since = np.where(has, ix.t_since_days[row].astype(np.int64), _NAT)
        conf = np.where(has, ix.t_conf[row], 0.0)
        lead = ix.numbers.names(np.where(has, ix.t_lead[row], -1))
        lead_from = np.where(has, ix.t_lead_from_names[ix.t_lead_from[row]], "").astype(object)
        lead_row = np.where(has, ix.t_lead_row[row], -1)
        stale = (state != UNKNOWN) & has & (_day_number(day) - confirmed > self.stale_after)
        support, n_support = self._support(day, at, max_claims)
        contradicting, n_against = self._contradicting(day, state, since, max_claims)
        o = ix.order  # the answer's rows, by place_id
        columns = {
            **{name: ix.static[name] for name in ix.static.columns},
            "state": pd.array(state[o], dtype="str"),
            "since": pd.array(_iso(since[o]), dtype="str"),
            "confidence": pd.Series(conf[o]).round(2),
            "stale": stale[o],
            "last_confirmed": pd.array(_iso(confirmed[o]), dtype="str"),
            "claims": pd.array(support[o], dtype="str"),
            "contradicting": pd.array(contradicting[o], dtype="str"),
            "n_claims": n_support[o],
            "n_contradicting": n_against[o],
            "lead_claim": pd.array(lead[o], dtype="str"),
            "decided_by_parent": pd.array(lead_from[o], dtype="str"),
        }
        out = pd.DataFrame(columns)
        listed = n_support
        if max_claims is not None:
            most = max(1, max_claims // 2) + max(1, max_claims - max_claims // 2)
            listed = np.minimum(n_support, most)
        out["explanation"] = self._explanations(out, day, listed[o], lead_row[o])
        return gpd.GeoDataFrame(out, geometry=ix.points.copy(), crs="EPSG:4326")

    def claim_numbers(self) -> ClaimNumbers:
        """The prepared claims' ids as numbers (:class:`ClaimNumbers`), made on first use.

        Shared by the per-date index, the site build and the downloads: each of them used
        to hold a million ids as Python strings of its own.
        """
        found = getattr(self, "_claim_numbers", None)
        if found is None:
            found = self._claim_numbers = ClaimNumbers(self.claims["claim_id"])
        return found

    def prepare_dates(self) -> None:
        """Sort the claims for per-date answers now rather than on the first date asked.

        A site build calls it before forking its workers, so that they share one copy
        (≈ 2 s and ≈ 100 MB for a year of a million claims) instead of each making its own.
        """
        self._day_index()

    def _day_index(self) -> _DayIndex:
        """The prepared claims sorted for per-date questions.

        Built on first use, and again if the transitions were replaced.
        """
        ix = getattr(self, "_day_index_cache", None)
        if ix is None or ix.transitions is not self.transitions:
            ix = self._day_index_cache = _DayIndex(self)
        return ix

    def _support(self, day, at: np.ndarray, max_claims: int | None) -> tuple[np.ndarray, np.ndarray]:
        """The claims behind each place's state on ``day``: those of its current run so far.

        The supporting claims are sorted by place and day, so a place's are one slice of
        them, from its run's start to ``day`` (in gazetteer order).
        """
        ix = self._day_index()
        places = np.arange(ix.n, dtype=np.int64) * _SPAN
        start = np.where(at >= 0, ix.t_start_days[np.maximum(at, 0)], _day_number(day) + 1)
        lo = np.searchsorted(ix.s_key, places + start + _OFFSET, side="left")
        hi = np.maximum(np.searchsorted(ix.s_key, places + _day_number(day) + _OFFSET, side="right"), lo)
        return _slices(ix.s_text, ix.s_offset, (ix.s_numbers, ix.numbers), lo, hi, ix.s_dup_places, max_claims)

    def _contradicting(
        self, day, state: np.ndarray, since: np.ndarray, max_claims: int | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The claims of each place's current run (from ``since``) up to ``day`` that disagree.

        Denials, retracted claims and claims of another side or state, in gazetteer order.
        """
        ix = self._day_index()
        k = int(np.searchsorted(ix.c_days, _day_number(day), side="right"))
        pidx = ix.c_pidx[:k]
        code = ix.code_of(state)[pidx]
        in_run = ix.c_days[:k] >= since[pidx]
        withdrawal_agrees = ix.c_withdrew[:k] & (code == ix.unknown)
        disagree = ix.c_always[:k] | ((ix.c_implied[:k] != code) & ix.c_implies[:k] & ~withdrawal_agrees)
        # In a disputed state the disputed claims support it; their denials contradict it.
        disagree &= ~((code == ix.disputed) & ix.c_disputed[:k])
        hit = np.flatnonzero(in_run & disagree)
        # Each place's in the order of the claims table, as the states always listed them.
        hit = hit[np.lexsort((ix.c_row[hit], pidx[hit]))]
        if ix.c_dup[hit].any():
            keep = ~pd.DataFrame({"p": pidx[hit], "id": ix.c_numbers[hit]}).duplicated().to_numpy()
            hit = hit[keep]
        numbers = ix.c_numbers[hit]
        counts = np.bincount(pidx[hit], minlength=ix.n)
        hi = np.cumsum(counts)
        text, offset = _joined(ix.numbers.names(numbers))
        return _slices(text, offset, (numbers, ix.numbers), hi - counts, hi, np.empty(0, dtype=np.int64), max_claims)

    def _explanations(self, out: pd.DataFrame, day, listed: np.ndarray, lead_row: np.ndarray) -> pd.Series:
        """Each place's state in words: since when, on whose claim, how many agree, who not.

        ``listed`` counts the claims the ``claims`` column lists; ``lead_row`` is the lead
        claim's row in the claims table. One f-string per place: element-wise string
        arrays made a new array of 11,000 strings for every piece.
        """
        lead = out["lead_claim"].to_numpy(dtype=object)
        has = lead != ""
        lead_text = np.full(len(out), "", dtype=object)
        lead_text[has] = self._lead_texts(lead[has], lead_row[has])
        names = self._day_index().names
        stale = f"; stale: no confirmation for over {self.stale_after} days"
        none = "no claim about this place up to " + day.strftime("%Y-%m-%d")
        text = [
            f"{state} since {since}: {said}"
            + (f"; decided for all of {names.get(parent, '')}" if names.get(parent, "") else "")
            + (f"; {n} claims in support" if n > 1 else "")
            + (f"; contradicted by {against}" if against else "")
            + (stale if is_stale else "")
            + ("; location approximate" if approximate else "")
            if said
            else none
            for state, since, said, parent, n, against, is_stale, approximate in zip(
                out["state"].tolist(),
                out["since"].tolist(),
                lead_text.tolist(),
                out["decided_by_parent"].tolist(),
                listed.tolist(),
                out["contradicting"].tolist(),
                out["stale"].tolist(),
                out["approximate"].tolist(),
                strict=True,
            )
        ]
        return pd.Series(text, index=out.index, dtype="str")

    def _lead_texts(self, lead: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """'captured (claimant via outlet, date) “quote” [id]' for each lead claim id.

        Kept from one call to the next for the ids asked again (a date's leads are mostly
        the previous date's), and only those: the memo holds one date's leads at most.
        """
        known: dict[str, str] = getattr(self, "_lead_memo", {})
        new = np.flatnonzero([x not in known for x in lead.tolist()])
        if len(new):
            info = self.claims.iloc[rows[new]]
            names = self._source_names()
            made = {
                claim: f"{action} ({names.get(who, who)}"
                + (f" via {names.get(outlet, outlet)}" if who != outlet else "")
                + f", {date})"
                + (f" \u201c{quoted}\u201d" if (quoted := shorten(quote)) else "")
                + f" [{claim}]"
                for claim, action, who, outlet, date, quote in zip(
                    lead[new].tolist(),
                    info["action"].fillna("").tolist(),
                    info["who"].fillna("").tolist(),
                    info["outlet"].fillna("").tolist(),
                    info["about_date"].fillna("").tolist(),
                    info["quote"].fillna("").tolist(),
                    strict=True,
                )
            }
            known = {**known, **made}
        self._lead_memo = {x: known[x] for x in lead.tolist()}
        return np.array([known[x] for x in lead.tolist()], dtype=object)

    def _source_names(self) -> dict[str, str]:
        names = getattr(self, "_names", None)
        if names is None:
            names = self._names = dict(zip(self.dataset.sources["id"], self.dataset.sources["name"], strict=True))
        return names

    def _source_name(self, sid: str) -> str:
        return self._source_names().get(sid, sid)

    def timeline(self, dates) -> pd.DataFrame:
        """State of every place that has any claim, for each date (long format)."""
        return timeline_of(self.transitions, dates, self.stale_after, self.gazetteer.ids)

    def walk(self, dates) -> Iterator[tuple[pd.Timestamp, np.ndarray]]:
        """Each date's state of every place (in gazetteer order), in date order.

        Walks the transitions once, applying each date's to the previous date's states: a
        year of dates costs about one resolution, where :meth:`states` resolves each
        date in full (claims, confidence, explanations). Gives the same ``state`` column.
        """
        t = self.transitions
        order = np.argsort(t["eff"].to_numpy(), kind="stable")
        eff = t["eff"].to_numpy()[order]
        pidx = t["pidx"].to_numpy()[order]
        state = t["state"].to_numpy(dtype=object)[order]
        current = np.full(len(self.gazetteer), UNKNOWN, dtype=object)
        done = 0
        for day in sorted({as_day(d) for d in dates}):
            upto = int(np.searchsorted(eff, day.to_datetime64().astype(eff.dtype), side="right"))
            # Each place takes its latest transition of the slice (the first seen backwards).
            places, last = np.unique(pidx[done:upto][::-1], return_index=True)
            current[places] = state[done:upto][::-1][last]
            done = upto
            yield day, current.copy()

    def change_dates(self) -> list[pd.Timestamp]:
        """Dates on which at least one place's state changes."""
        t = self.transitions
        first = t.groupby("run")["eff"].transform("first") == t["eff"]
        # Distinct days found on the array: a set of 700,000 Timestamps takes seconds.
        return [pd.Timestamp(day) for day in np.unique(t.loc[first, "eff"].to_numpy())]

    def changes(self, start, end) -> pd.DataFrame:
        """Places whose state differs between two dates, with the old and new state."""
        a, b = self.states(start), self.states(end)
        diff = a["state"] != b["state"]
        out = pd.DataFrame(
            {
                "place_id": a["place_id"],
                "name": a["name"],
                "kind": a["kind"],
                "old_state": a["state"],
                "new_state": b["state"],
                "since": b["since"],
                "claims": b["claims"],
                "explanation": b["explanation"],
            }
        )
        return out[diff.to_numpy()].reset_index(drop=True)

    def _denials(self, claim_id: str) -> list[str]:
        """Every denial that disputes a claim (the claims table keeps only the first)."""
        c = self.claims
        row = c[c["claim_id"] == claim_id].iloc[0]
        d = c[
            (c["stance"] == "denied")
            & (c["inherited_from"] == "")
            & (c["about_place"] == row["about_place"])
            & (c["side"] == row["side"])
            & (c["action"] == row["action"])
            & (c["who"] != row["who"])
        ]
        close = (d["eff"] - row["eff"]).abs() <= pd.Timedelta(days=self.dispute_window)
        return sorted(set(d.loc[close, "claim_id"]))

    def explain(self, place_id: str, date) -> dict:
        """The state of one place on one date, with every claim behind and against it.

        ``place_id`` may also be a name the gazetteer resolves ("Hama", "Saraqeb").
        """
        day = as_day(date)
        if place_id not in self.gazetteer:
            match = self.gazetteer.resolve(place_id)
            if match.place is None:
                raise KeyError(f"unknown place {place_id!r}: {match.reason}")
            place_id = match.place["id"]
        row = self.states(day).set_index("place_id").loc[place_id]
        support = set(filter(None, row["claims"].split(";")))
        against = set(filter(None, row["contradicting"].split(";")))
        c = self.claims[(self.claims["place_id"] == place_id) & (self.claims["eff"] <= day)].sort_values(
            ["eff", "claim_id"]
        )
        chain = []
        for r in c.itertuples():
            role = "supports" if r.claim_id in support else "contradicts" if r.claim_id in against else "earlier"
            chain.append(
                {
                    "claim_id": r.claim_id,
                    "role": role,
                    "date": r.about_date,
                    "published": r.published,
                    "side": r.side,
                    "action": r.action,
                    "stance": r.stance,
                    "trust": r.trust,
                    "claimant": self._source_name(r.who),
                    "outlet": self._source_name(r.outlet),
                    "quote": r.quote,
                    "origin": r.origin,
                    "inherited_from": r.inherited_from or None,
                    "disputed_by": ";".join(self._denials(r.claim_id)) if r.disputed_by else None,
                    "status": r.status or None,
                    "note": r.note,
                }
            )
        return {
            "place_id": place_id,
            "name": row["name"],
            "date": day.strftime("%Y-%m-%d"),
            "state": row["state"],
            "since": row["since"],
            "confidence": float(row["confidence"]),
            "stale": bool(row["stale"]),
            "approximate": bool(row["approximate"]),
            "explanation": row["explanation"],
            "claims": chain,
        }


def transitions(c: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per place and day on which claims that count say something about control.

    Works place by place: any split of the prepared claims by place gives the same rows
    (the distributed engine relies on it). Returns the transitions and the supporting
    claims (one row each), kept long.
    """
    columns = [
        "pidx",
        "eff",
        "implied",
        "action",
        "side",
        "who",
        "weight",
        "base",
        "since",
        "claim_id",
        "inherited_from",
        "disputed_by",
    ]
    # Strongest first, then in the order of claims.csv (ids are stable, the file order too):
    # the live claims are picked and sorted in one copy (np.lexsort is stable).
    picked = np.flatnonzero((c["implied"] != "") & (c["trust"] != "weak") & (c["retracted_by"] == ""))
    neg_weight = -c["weight"].to_numpy()[picked]
    order = np.lexsort((neg_weight, c["eff"].to_numpy()[picked], c["pidx"].to_numpy()[picked]))
    live = c[columns].take(picked[order])
    keys = ["pidx", "eff"]
    withdrew = live["implied"] == "withdrew"
    # A claim that a side withdrew, beside another claimant's that the same side holds.
    wd = live.loc[withdrew, ["pidx", "eff", "side", "who"]]
    holds = live.loc[~withdrew, ["pidx", "eff", "implied", "who"]].rename(columns={"implied": "side", "who": "who_h"})
    clash = wd.merge(holds, on=["pidx", "eff", "side"])
    clash = clash[clash["who"] != clash["who_h"]][keys].drop_duplicates().assign(clash=True)

    live["conf"] = live["base"] * np.minimum(live["weight"], 1.0)
    live.loc[live["weight"] >= STRONG, "conf"] = np.maximum(live["conf"], 0.9)
    live["neg_weight"] = neg_weight[order]
    sided = live["action"].isin(COMPLETE + PRESENCE)
    masks = {
        "complete": live["action"].isin(COMPLETE),
        "presence": live["action"].isin(PRESENCE),
        "strong": sided & (live["weight"] >= STRONG),
    }
    t = (
        live.assign(
            fighting=live["action"] == "fighting",
            partial=live["action"] == "controls-part",
            disputed=live["disputed_by"] != "",
            withdrawal=withdrew,
        )
        .groupby(keys, sort=True)
        .agg(
            fighting=("fighting", "max"),
            partial=("partial", "max"),
            disputed=("disputed", "max"),
            only_withdrawals=("withdrawal", "min"),
            withdrawn=("side", "first"),
        )
    )
    for name, mask in masks.items():
        sub = live[mask].groupby(keys)["implied"]
        t[f"n_{name}"] = sub.nunique().reindex(t.index).fillna(0)
        t[f"first_{name}"] = sub.first().reindex(t.index).fillna("")
    t = t.reset_index().merge(clash, on=keys, how="left")
    t["clash"] = t["clash"].fillna(False).astype(bool)
    # Precedence within one day (docs/rules.md).
    t["state"] = np.select(
        [
            t["n_strong"] == 1,
            t["only_withdrawals"],
            t["disputed"] | t["clash"] | (t["n_complete"] > 1),
            t["fighting"],
            t["n_complete"] == 1,
            t["partial"] | (t["n_presence"] > 1),
            t["n_presence"] == 1,
        ],
        [t["first_strong"], "withdrew", DISPUTED, CONTESTED, t["first_complete"], CONTESTED, t["first_presence"]],
        DISPUTED,
    )
    t = _resolve_withdrawals(t)

    # Only the claims that agree with the day's state support it.
    # Only the columns read below go into the merge, and the live claims are let go after it.
    kept = [*keys, "implied", "action", "who", "since", "claim_id", "inherited_from", "conf"]
    rows = live[kept].merge(t[[*keys, "state", "fighting", "partial"]], on=keys)
    del live, masks, sided
    presence_contest = (
        (rows["state"] == CONTESTED) & rows["action"].isin(PRESENCE) & ~rows["fighting"] & ~rows["partial"]
    )
    agrees = (
        (rows["implied"] == rows["state"])
        | (rows["state"] == DISPUTED)
        | ((rows["state"] == UNKNOWN) & (rows["implied"] == "withdrew"))
        | presence_contest
    )
    rows = rows[agrees]
    # Kept long (one row per supporting claim), joined into lists only for the dates asked.
    support_rows = rows[["pidx", "eff", "claim_id"]].sort_values(["pidx", "eff"], kind="stable").reset_index(drop=True)
    support = rows.groupby(keys, sort=True).agg(
        lead=("claim_id", "first"), lead_from=("inherited_from", "first"), since=("since", "min")
    )
    # Independent claimants combine; one claimant relayed by two outlets counts once.
    per_claimant = rows.groupby([*keys, "who"], sort=False)["conf"].max().clip(upper=0.99)
    support["log_miss"] = np.log1p(-per_claimant).groupby(level=[0, 1]).sum().reindex(support.index)
    t = t.merge(support.reset_index(), on=keys, how="left")

    # Runs of equal states: a confirmation does not reset "since".
    t = t.sort_values(keys).reset_index(drop=True)
    first_in_run = (t["state"] != t.groupby("pidx")["state"].shift()) | (t["pidx"] != t["pidx"].shift())
    t["run"] = first_in_run.cumsum()
    start = t.groupby("run")["eff"].transform("first")
    # held_since counts from the run's first claim only, and never before the previous state.
    held = t["since"].where(first_in_run).groupby(t["run"]).transform("first")
    before = t.groupby("pidx")["eff"].shift().where(first_in_run).groupby(t["run"]).transform("first")
    usable = held.notna() & (held < start) & (before.isna() | (held > before))
    t["run_since"] = held.where(usable, start)
    t["run_miss"] = np.exp(t["log_miss"].fillna(0.0)).groupby(t["run"]).cumprod()
    t["confidence"] = (1 - t["run_miss"]).clip(upper=0.99)
    t.loc[t["state"] == DISPUTED, "confidence"] = np.minimum(t["confidence"], 0.5)
    t.loc[t["state"] == UNKNOWN, "confidence"] = 0.0
    for col in ("lead", "lead_from"):
        t[col] = t[col].fillna("").astype("str")
    t["run_start"] = start
    return t[["pidx", "eff", "state", "run", "run_start", "run_since", "confidence", "lead", "lead_from"]], support_rows


def _first_given(first: pd.Series, other: pd.Series) -> pd.Series:
    """``first`` where it is not empty, else ``other`` (categorical if both are)."""
    if isinstance(first.dtype, pd.CategoricalDtype) and isinstance(other.dtype, pd.CategoricalDtype):
        both = first.cat.categories.union(other.cat.categories)
        first, other = first.cat.set_categories(both), other.cat.set_categories(both)
    return first.where(first != "", other)


def _with_default(values: pd.Series, default: str) -> pd.Series:
    """``values`` with every empty cell ``default``, keeping a categorical column categorical."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        if "" not in values.cat.categories:
            return values
        if default in values.cat.categories:
            values = values.cat.remove_categories([""]).fillna(default)
            return values
        return values.cat.rename_categories({"": default})
    return values.replace("", default)


def _lookup(values: pd.Series, table: dict, index: pd.Index) -> pd.Series:
    """``values.map(table)``, looking each distinct value up once.

    A million claims name a few actions, sides and ten thousand places: ``Series.map`` on
    Arrow-backed strings goes through Python for every row, this for every distinct value.
    """
    codes, uniques = pd.factorize(values)
    found = pd.Series([table.get(u) for u in uniques], dtype=object)
    return pd.Series(found.reindex(codes).to_numpy(), index=index).infer_objects()


def _resolve_withdrawals(t: pd.DataFrame) -> pd.DataFrame:
    """A day with only withdrawals matters only if the withdrawing side held the place.

    Then the place is unknown (nobody is reported holding it), or disputed if the
    withdrawal is denied; otherwise the day changes nothing.
    """
    marks = t["state"] == "withdrew"
    if not marks.any():
        return t
    others = t.loc[~marks, ["pidx", "eff", "state"]].rename(columns={"state": "held_by"}).sort_values("eff")
    probe = t.loc[marks, ["pidx", "eff", "withdrawn"]].reset_index().sort_values("eff")
    found = pd.merge_asof(probe, others, on="eff", by="pidx", allow_exact_matches=False).set_index("index")
    held = found["held_by"].reindex(t.index)
    holder = marks & (held == t["withdrawn"])
    t.loc[holder, "state"] = np.where(t.loc[holder, "disputed"], DISPUTED, UNKNOWN)
    return t[t["state"] != "withdrew"].reset_index(drop=True)


# -- one date's states -----------------------------------------------------------------
# Days are counted as integers (days since 1970); keys put the place before the day, so
# one place's rows are one sorted slice and a binary search finds a date in it.
_OFFSET = 1 << 31
_SPAN = 1 << 32
_NAT = np.iinfo(np.int64).min


def _day_number(day: pd.Timestamp) -> int:
    return int(np.datetime64(day.date(), "D").astype(np.int64))


def _days(values) -> np.ndarray:
    """Day numbers of datetime64 values; NaT gives the smallest int64 (before every day)."""
    return np.asarray(values).astype("datetime64[D]").astype(np.int64)


def _iso(days: np.ndarray) -> np.ndarray:
    """'YYYY-MM-DD' for each day number, '' for none (each distinct day written once)."""
    unique, inverse = np.unique(days, return_inverse=True)
    text = np.datetime_as_string(unique.astype("datetime64[D]"), unit="D").astype(object)
    text[unique == _NAT] = ""
    return text[inverse.ravel()]


def _joined(ids) -> tuple[str, np.ndarray]:
    """``ids`` (strings, or an Arrow string array) joined by ';', and where each starts.

    Offsets count characters (one more for the end). Arrow joins a long array without
    making a Python string of each id.
    """
    if not isinstance(ids, pa.Array):
        ids = _arrow_strings(np.asarray(ids, dtype=object))
    lengths = pc.utf8_length(ids).to_numpy(zero_copy_only=False).astype(np.int64)
    offset = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=offset[1:])
    if not len(ids):
        return "", offset
    one_list = pa.ListArray.from_arrays(pa.array([0, len(ids)], type=pa.int32()), ids)
    return pc.binary_join(one_list, ";")[0].as_py(), offset


def _slices(
    text: str,
    offset: np.ndarray,
    ids: tuple[np.ndarray, ClaimNumbers],
    lo: np.ndarray,
    hi: np.ndarray,
    duplicated: np.ndarray,
    max_claims: int | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Each place's ids ``ids[lo:hi]`` as 'a;b;c' (cut from ``text``) and their count.

    ``ids`` are the ids as numbers and the names of those numbers (the text holds them
    joined). ``duplicated`` lists the places whose slices may hold an id twice: only the
    first is kept there. With ``max_claims``, a longer list keeps its first ``max_claims // 2`` and
    its latest ``max_claims - max_claims // 2`` ids (at least one each).
    """
    counts = hi - lo
    numbers, names = ids
    los, his = lo.tolist(), hi.tolist()
    start, end = offset[lo].tolist(), (offset[hi] - 1).tolist()
    out = np.array([text[a:b] if b > a else "" for a, b in zip(start, end, strict=True)], dtype=object)
    for p in duplicated[counts[duplicated] > 1].tolist():
        kept = list(dict.fromkeys(numbers[los[p] : his[p]].tolist()))
        out[p], counts[p] = ";".join(names.names(np.array(kept)).tolist()), len(kept)
    if max_claims is not None:
        head, tail = max(1, max_claims // 2), max(1, max_claims - max_claims // 2)
        for p in np.flatnonzero(counts > head + tail).tolist():
            parts = out[p].split(";")
            out[p] = ";".join(parts[:head] + parts[-tail:])
    return out, counts


class ClaimNumbers:
    """Claim ids as numbers: each distinct id's position among the distinct ids.

    ``rows[i]`` is the number of the ``i``-th id given (repeated ids and inherited copies
    share their claim's number). The distinct ids are kept as one Arrow array (≈ 17 MB
    for a million), not as Python strings with a hash table (≈ 100 MB); a lookup hashes
    whichever side is smaller, so looking up a date's few thousand ids costs
    milliseconds.

    Parameters
    ----------
    claim_ids : Series
        The ids, in the order of the rows to number.
    """

    def __init__(self, claim_ids: pd.Series):
        encoded = _arrow_strings(claim_ids).dictionary_encode()
        self.rows: np.ndarray = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32)
        self.ids: pa.Array = encoded.dictionary

    def __len__(self) -> int:
        """How many distinct ids are numbered."""
        return len(self.ids)

    def of(self, claim_ids) -> np.ndarray:
        """The number of each of ``claim_ids`` (int64; -1 for a value that is no claim id)."""
        wanted = _arrow_strings(claim_ids).cast(self.ids.type)
        if len(wanted) * 8 >= len(self.ids):
            return pc.index_in(wanted, value_set=self.ids).fill_null(-1).to_numpy().astype(np.int64)
        # Few ids asked: the ids asked are hashed, and every known id is looked up among them.
        distinct = pc.unique(wanted)
        hit = pc.index_in(self.ids, value_set=distinct).fill_null(-1).to_numpy()
        known = np.flatnonzero(hit >= 0)
        number = np.full(len(distinct) + 1, -1, dtype=np.int64)
        number[hit[known]] = known
        return number[pc.index_in(wanted, value_set=distinct).fill_null(-1).to_numpy()]

    def ranks(self) -> np.ndarray:
        """Each number's place among the ids in text order (code points, as ``sorted``)."""
        rank = np.empty(len(self.ids), dtype=np.int64)
        rank[pc.sort_indices(self.ids).to_numpy()] = np.arange(len(self.ids))
        return rank

    def names(self, numbers: np.ndarray) -> np.ndarray:
        """The claim id of each number, as Python strings ('' for -1)."""
        numbers = np.asarray(numbers, dtype=np.int64)
        out = np.full(len(numbers), "", dtype=object)
        known = np.flatnonzero(numbers >= 0)
        if len(known):
            out[known] = self.ids.take(pa.array(numbers[known])).to_numpy(zero_copy_only=False)
        return out


def _arrow_strings(values) -> pa.Array:
    """``values`` (a Series, an Index or an array of strings) as one Arrow string array."""
    if isinstance(values, pd.Series | pd.Index):
        values = values.array if values.dtype != object else values.to_numpy()
    if isinstance(values, np.ndarray):
        values = pa.array(values.astype(object), type=pa.string(), from_pandas=True)
    else:
        values = pa.array(values)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.cast(pa.string()) if not pa.types.is_string(values.type) else values


class _DayIndex:
    """A resolver's transitions, supporting claims and claims, sorted once for dates.

    One date's states are then a binary search per place in the transitions and in the
    supporting claims (a place's are one slice, joined by cutting one long text) and one
    pass of array operations over the claims up to the date (for the contradicting ones):
    no grouping or joining of a year of claims per date.
    """

    def __init__(self, resolver: Resolver):
        g = resolver.gazetteer
        self.transitions = t = resolver.transitions
        self.n = len(g)
        # Claim ids as numbers (the resolver's): a year's index holds a million ids three
        # times over (claims, supporting claims, leads), as Python strings ≈ 160 MB.
        numbers = self.numbers = resolver.claim_numbers()
        code = numbers.rows
        self._sort_transitions(t, numbers)
        c = resolver.claims
        # Which (place, claim) pairs repeat, where each id first is.
        pidx = c["pidx"].to_numpy(np.int64)
        repeated = pd.Series(pidx * max(1, len(numbers)) + code).duplicated(keep=False).to_numpy()
        _, first = np.unique(code, return_index=True)
        # The lead claim's first row in the claims table (inherited copies come later).
        at = self.t_lead
        self.t_lead_row = np.where(at >= 0, first[np.maximum(at, 0)], -1).astype(np.int32)
        self._sort_support(resolver.support, numbers, check=bool(repeated.any()))
        self._sort_claims(c, code, repeated)
        p = g.places
        self.order = np.argsort(g.ids.astype(str), kind="stable")
        static = pd.DataFrame(
            {
                "place_id": p["id"],
                "name": p["name"],
                "name_ar": p["name_ar"],
                "kind": p["kind"],
                "parent_id": p["parent_id"],
                "lat": g.lat,
                "lon": g.lon,
                "precision": g.precision.astype(int),
                "radius_m": pd.to_numeric(p["radius_m"], errors="coerce").astype("Int64"),
                "approximate": (g.precision == 2),
            }
        )
        self.static = static.iloc[self.order].reset_index(drop=True)
        self.points = gpd.points_from_xy(self.static["lon"], self.static["lat"], crs="EPSG:4326")
        self.names = dict(zip(p["id"], p["name"], strict=True))

    def _sort_transitions(self, t: pd.DataFrame, numbers: ClaimNumbers) -> None:
        tp, td = t["pidx"].to_numpy(np.int64), _days(t["eff"])
        o = np.lexsort((td, tp))
        self.t_key = tp[o] * _SPAN + td[o] + _OFFSET
        self.t_first = np.searchsorted(self.t_key, np.arange(self.n, dtype=np.int64) * _SPAN, side="left")
        # States as numbers of a few names: as Python strings, one per transition (≈ 45 MB a year).
        state, names = pd.factorize(t["state"])
        self.t_state = state[o].astype(np.int32)
        self.t_state_names = np.asarray(names, dtype=object)
        self.t_eff_days = td[o].astype(np.int32)
        self.t_since_days = _days(t["run_since"])[o].astype(np.int32)
        self.t_start_days = _days(t["run_start"])[o].astype(np.int32)
        self.t_conf = t["confidence"].to_numpy(dtype=float)[o]
        self.t_lead = numbers.of(t["lead"])[o].astype(np.int32)
        lead_from, self.t_lead_from_names = pd.factorize(t["lead_from"].to_numpy(dtype=object)[o])
        self.t_lead_from = lead_from.astype(np.int32)

    def _sort_support(self, sup: pd.DataFrame, numbers: ClaimNumbers, check: bool) -> None:
        """The supporting claims by place and day, and their ids joined into one text.

        ``check``: whether a place may list a claim twice (claims.csv repeating an id);
        those places are joined one by one, keeping each id's first mention.
        """
        sp, sd = sup["pidx"].to_numpy(np.int64), _days(sup["eff"])
        o = np.lexsort((sd, sp))
        self.s_key = sp[o] * _SPAN + sd[o] + _OFFSET
        ids = _arrow_strings(sup["claim_id"]).take(pa.array(o))
        self.s_text, self.s_offset = _joined(ids)
        self.s_numbers = numbers.of(ids).astype(np.int32)
        del ids
        self.s_dup_places = np.empty(0, dtype=np.int64)
        if check:
            dup = pd.DataFrame({"p": sp[o], "id": self.s_numbers}).duplicated().to_numpy()
            self.s_dup_places = np.unique(sp[o][dup])

    def _sort_claims(self, c: pd.DataFrame, code: np.ndarray, repeated: np.ndarray) -> None:
        """The claims that could contradict a state, by day (ties in table order)."""
        # What each claim implies, as a number of a few names (not a million Python strings).
        implied, names = pd.factorize(c["implied"].astype("str"))
        names = np.asarray(names, dtype=object)
        always = ((c["stance"] == "denied") | (c["retracted_by"] != "")).to_numpy()
        may = always | (names != "")[implied]
        days = _days(c["eff"])
        o = np.flatnonzero(may)[np.argsort(days[may], kind="stable")]
        implied = implied[o]
        self.c_row = o.astype(np.int32)
        self.c_days = days[o].astype(np.int32)
        self.c_pidx = c["pidx"].to_numpy(np.int64)[o].astype(np.int32)
        self.c_numbers = code[o]
        self.c_always = always[o]
        self.c_implies = (names != "")[implied]
        self.c_withdrew = (names == "withdrew")[implied]
        self.c_disputed = (c["disputed_by"] != "").to_numpy()[o]
        self.c_dup = repeated[o]
        vocabulary = sorted({*names[np.unique(implied)].tolist(), *self.t_state_names.tolist(), UNKNOWN, DISPUTED})
        self.codes = {s: i for i, s in enumerate(vocabulary)}
        # Each name's number in the vocabulary, then each claim's.
        self.c_implied = np.array([self.codes.get(n, -1) for n in names.tolist()], dtype=np.int32)[implied]
        self.unknown, self.disputed = self.codes[UNKNOWN], self.codes[DISPUTED]

    def code_of(self, state: np.ndarray) -> np.ndarray:
        """Each place's state as a number of the claims' ``implied`` vocabulary (-1: none)."""
        return pd.Categorical(state, categories=list(self.codes)).codes.astype(np.int32)

    def latest(self, day: pd.Timestamp) -> np.ndarray:
        """Each place's latest transition on or before ``day`` (a row of the sorted ones), or -1."""
        places = np.arange(self.n, dtype=np.int64) * _SPAN
        hi = np.searchsorted(self.t_key, places + _day_number(day) + _OFFSET, side="right")
        return np.where(hi > self.t_first, hi - 1, -1)


def shorten(text: str, limit: int = 90) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis when cut.

    A quote cut mid-word ("a c") reads as a different word, or as the source's typo.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "\u2026"


def timeline_of(t: pd.DataFrame, dates, stale_after: int, ids) -> pd.DataFrame:
    """Each date's state of every place in the transitions ``t``, with one merge_asof."""
    days = pd.DatetimeIndex(sorted({as_day(d) for d in dates}))
    places = np.unique(t["pidx"])
    grid = pd.DataFrame({"eff": np.repeat(days.values, len(places)), "pidx": np.tile(places, len(days))}).sort_values(
        "eff"
    )
    t = t.sort_values("eff")
    grid["eff"] = grid["eff"].astype(t["eff"].dtype)
    known = t[["eff", "pidx", "state", "run_since", "confidence"]].assign(confirmed=t["eff"])
    merged = pd.merge_asof(grid, known, on="eff", by="pidx")
    merged["state"] = merged["state"].fillna(UNKNOWN)
    merged["confidence"] = merged["confidence"].fillna(0.0)
    merged["stale"] = (merged["state"] != UNKNOWN) & ((merged["eff"] - merged["confirmed"]).dt.days > stale_after)
    merged["place_id"] = np.asarray(ids, dtype=object)[merged["pidx"].to_numpy()]
    merged = merged.rename(columns={"eff": "date", "run_since": "since"})
    return (
        merged[["date", "place_id", "state", "since", "confidence", "stale"]]
        .sort_values(["date", "place_id"])
        .reset_index(drop=True)
    )


def states_on(dataset: Dataset, date, **kwargs) -> gpd.GeoDataFrame:
    """Every place's state on ``date`` (see :class:`Resolver`)."""
    return Resolver(dataset, **kwargs).states(date)


def changes_between(dataset: Dataset, start, end, **kwargs) -> pd.DataFrame:
    """Places whose state changed between two dates."""
    return Resolver(dataset, **kwargs).changes(start, end)


def explain(dataset: Dataset, place_id: str, date, **kwargs) -> dict:
    """The chain of claims behind one place's state on one date."""
    return Resolver(dataset, **kwargs).explain(place_id, date)
