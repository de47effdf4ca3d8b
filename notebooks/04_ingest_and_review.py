# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: -ExecuteTime,-execution,-autoscroll,-collapsed,-scrolled,-trusted
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kernelspec,jupytext,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 4. Ingest an article and review its candidate claims
#
# `aleppo_map.ingest` reads a news article and **proposes** claims and events: the places it
# names (in any spelling the gazetteer knows), the days it refers to, who did what to which
# place, who says so, and casualty figures. Nothing it proposes enters `geodata/` by itself:
# a person reviews each candidate, and this notebook is that review.
#
# 1. read one article into mentions, dates and candidates;
# 2. check each candidate against what the data already say;
# 3. decide, write the review file, and validate it;
# 4. see what the accepted claims would change on the maps;
# 5. (when the seed articles are beside the clone) measure what the reader finds in them.

# %%
import dataclasses
import tempfile
from pathlib import Path

import pandas as pd

from aleppo_map.dataset import Dataset
from aleppo_map.ingest import Ingestor, candidates_frame, load_candidates
from aleppo_map.states import Resolver

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 200)

ds = Dataset.load()
resolver = Resolver(ds)
ingestor = Ingestor(ds)  # build once: the alias index takes a couple of seconds, each article then much less

# %% [markdown]
# ## 1. Read one article
#
# The dispatch below is **invented for this notebook**, in the style of the seed articles, to
# show each kind of reading: an attribution, a denial, a spelling variant (Saraqeb), a place
# nested in another's name (Aleppo University is not Aleppo), weekdays, a casualty figure,
# and a village name the gazetteer does not know (Zawiyat Nourhan is made up). It is not a
# source; nothing in it is recorded.
#
# `ingest` needs the publication day (weekdays count back from it) and the outlet's source id
# (a statement with no claimant is the outlet's own voice).

# %%
ARTICLE = """Rebels take Saraqeb; army denies leaving Hama

Rebel forces captured Saraqeb on Saturday, according to the Syrian Observatory for Human Rights.
The Observatory also said the army had withdrawn from Hama, but the army denied this.
Rebels captured Aleppo International Airport on Saturday, the Observatory said.
On Friday an AFP correspondent saw rebels in New Aleppo, and shells hit Aleppo University,
killing at least three students. Clashes were reported in Zawiyat Nourhan.
"""
doc = ingestor.ingest(ARTICLE, published="2024-12-01", origin="example-dispatch.txt", outlet="afp")
print(
    f"{len(doc.mentions)} place mentions, {len(doc.unresolved)} unresolved names, "
    f"{len(doc.dates)} dates, {len(doc.candidates)} candidates"
)
for warning in doc.warnings:
    print("warning:", warning)

# %% [markdown]
# **Places.** Each mention keeps its character offsets, the place it resolved to and why. A
# name that resolves to nothing is listed apart with its context and the nearest candidates;
# it never stops the rest of the article from being read.

# %%
mentions = pd.DataFrame([dataclasses.asdict(m) for m in doc.mentions])
mentions[["start", "end", "text", "place_id", "kind", "score", "reason"]]

# %%
unresolved = pd.DataFrame(
    [dataclasses.asdict(m) for m in doc.unresolved], columns=["text", "reason", "context", "candidates"]
)
unresolved[["text", "reason", "context", "candidates"]]

# %% [markdown]
# **Dates.** Weekdays resolve against the publication day, within the week before it. A date
# that opens a sentence ("On Friday, ...") frames what follows; a statement with no day is
# dated on the publication day, which the candidate's note says.

# %%
pd.DataFrame([dataclasses.asdict(d) for d in doc.dates])

# %% [markdown]
# ## 2. The candidates, checked against what we know
#
# `candidates_frame` lays the candidates out with the columns of `claims.csv` (and of
# `events.csv` for events), plus the review columns: `status`, `confidence` (how sure the
# **reading** is, not whether the statement is true), the `cue` that triggered it,
# `place_text` as written, and a `note` saying how each field was read. The `quote` is the
# whole sentence: shorten it to the few words that carry the claim before recording it.

# %%
candidates = candidates_frame([doc])
view = ["id", "kind", "place_id", "side", "action", "stance", "about_date", "claimant", "confidence", "cue"]
candidates[view]

# %%
for row in candidates.itertuples():
    print(f"{row.id} [{row.kind}] {row.note}")

# %% [markdown]
# Before accepting a claim, look at what the data already say about the place on that day:
#
# - `recorded as`: curated claims with the same place, side, action, stance, day and claimant
#   (accepting a duplicate adds nothing);
# - `state then` and `explanation`: the place's current state on the claim's day, from the
#   resolver.

# %%
claims = candidates[candidates["kind"] == "claim"].copy()
key = ["place_id", "side", "action", "stance", "about_date", "claimant"]
curated = ds.claims.groupby(key)["id"].agg(";".join).rename("recorded as").reset_index()
claims = claims.merge(curated, on=key, how="left").fillna({"recorded as": ""})
then = pd.concat(
    [resolver.states(day).assign(about_date=day) for day in sorted(set(claims["about_date"]))], ignore_index=True
)
claims = claims.merge(
    then[["place_id", "about_date", "state", "explanation"]].rename(columns={"state": "state then"}),
    on=["place_id", "about_date"],
    how="left",
)
claims[
    ["id", "place_id", "side", "action", "stance", "about_date", "claimant", "recorded as", "state then", "explanation"]
]

# %% [markdown]
# ## 3. Decide, write the review file, validate it
#
# A first pass by rule, then by hand: accept claims that are not recorded yet and were read
# with some confidence, reject duplicates, and leave events and unresolved names as
# `candidate` for a closer look. Check, for example, which place the casualty figure is
# attached to: its sentence names both New Aleppo and Aleppo University, and the shells hit
# the university. Put your own decisions in `OVERRIDES`, by candidate id.

# %%
OVERRIDES: dict[str, str] = {}  # e.g. {"cand-example-dispatch-004": "rejected"}

decided = claims.set_index("id")
auto = pd.Series("candidate", index=candidates["id"])
auto[decided.index[(decided["recorded as"] != "")]] = "rejected"
fresh = decided.index[(decided["recorded as"] == "") & (decided["confidence"].astype(float) >= 0.6)]
auto[fresh] = "accepted"
auto.update(pd.Series(OVERRIDES, dtype="str"))
candidates["status"] = candidates["id"].map(auto)
candidates[["id", "kind", "place_id", "action", "status"]]

# %% [markdown]
# The review file is an ordinary CSV: one row per candidate, the same columns. Write it where
# you keep your work (here a temporary folder, never the repository) and read it back with
# `load_candidates`: every candidate claim gets the checks `claims.csv` gets, and any problem
# raises `DataError` listing them all with the file, line and field.

# %%
review_dir = Path(tempfile.mkdtemp(prefix="aleppo-review-"))
review_file = review_dir / "example-dispatch.candidates.csv"
candidates.to_csv(review_file, index=False)
checked = load_candidates(review_file, ds)
print(f"{review_file.name}: {len(checked)} candidate claims pass the checks")
checked[["id", "status", "place_id", "side", "action", "about_date"]]

# %% [markdown]
# ## 4. What would the accepted claims change?
#
# Add them to a copy of the dataset (the files are untouched), resolve again, and compare the
# states day by day with the current ones. This is the question to answer before moving the
# rows into `geodata/claims.csv` (with a new `clm-` id and a short quote) and running
# `aleppo-map validate`.

# %%
accepted = checked[checked["status"] == "accepted"]
claim_columns = [c for c in ds.claims.columns if c != "line"]
what_if = dataclasses.replace(ds, claims=pd.concat([ds.claims, accepted[claim_columns]], ignore_index=True))
resolver_if = Resolver(what_if)

first = min([*resolver.change_dates(), *pd.to_datetime(accepted["about_date"])])
days = pd.date_range(first, max(resolver_if.change_dates()), freq="D")
before = resolver.timeline(days).set_index(["date", "place_id"])["state"]
after = resolver_if.timeline(days).set_index(["date", "place_id"])["state"]
both = pd.concat([before.rename("now"), after.rename("with accepted")], axis=1).fillna("unknown")
moved = both[both["now"] != both["with accepted"]].reset_index()
moved["date"] = moved["date"].dt.strftime("%Y-%m-%d")
print(f"{len(accepted)} accepted claims change {len(moved)} place-days")
moved

# %% [markdown]
# ## 5. What the reader finds in the seed articles
#
# When the five seed articles sit beside this clone (`../shared/seeds`), ingest each and
# compare its candidate claims with the claims curated by hand from the same article, matched
# on place, side and action. This measures the reader, not the articles: a curated claim with
# no candidate is one the reader missed (a reading that needed judgement, see
# `docs/seed-dataset.md`), a candidate with no curated claim is one to check. A fresh clone
# without the seeds skips this section.

# %%
seeds = ds.root.resolve().parent.parent / "shared" / "seeds"
rows = []
if seeds.is_dir():
    for path in sorted(seeds.glob("0*.txt")):
        curated_here = ds.claims[ds.claims["origin"] == path.name]
        if curated_here.empty:
            continue
        published = curated_here["published"].mode()[0]
        outlet = curated_here["outlet"].mode()[0]
        found = candidates_frame([ingestor.ingest(path.read_text(encoding="utf-8"), published, path.name, outlet)])
        found_claims = found[found["kind"] == "claim"]
        match = ["place_id", "side", "action"]
        hit = curated_here.set_index(match).index.isin(found_claims.set_index(match).index)
        extra = ~found_claims.set_index(match).index.isin(curated_here.set_index(match).index)
        rows.append(
            {
                "article": path.name,
                "curated claims": len(curated_here),
                "candidate claims": len(found_claims),
                "curated found": int(hit.sum()),
                "candidates not curated": int(extra.sum()),
                "unresolved names": int((found["kind"] == "unresolved").sum()),
            }
        )
    seed_table = pd.DataFrame(rows)
    seed_table.loc["all"] = seed_table.sum(numeric_only=True)
    seed_table.loc["all", "article"] = "all"
else:
    seed_table = pd.DataFrame()
    print(f"no seed articles at {seeds}; section skipped")
seed_table

# %% [markdown]
# ## What ingestion cannot tell you
#
# - **A candidate is a reading, not a fact.** Its `confidence` ranks how clearly the sentence
#   matched a cue; a confident reading of a false report is still false.
# - **It reads sentences, not articles.** Hedges a paragraph away ("according to various
#   reports"), background told in the past tense, and "the city" meaning a place named three
#   sentences earlier need a person.
# - **Unresolved names are not absent places.** Look each one up (`aleppo-map geocode`), add
#   the spelling to `aliases_curated.csv` if it is a known place, or the place to
#   `places_curated.csv` with its source and precision.
# - **Duplicates across outlets are one claim relayed, not corroboration.** The same SOHR
#   statement in two papers is recorded once per article; confidence combines every
#   supporting claim, so say in the `note` that a row is a relay.
