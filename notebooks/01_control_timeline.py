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
# # 1. Control timeline: who held what, when, and on whose word
#
# This notebook walks through the questions a map desk asks every morning, with the same
# Python API the `aleppo-map` command uses:
#
# 1. **States on a date**: who holds each place on a given day, since when, how sure we are.
# 2. **Changes between two dates**: what moved, and the claim that moved it.
# 3. **Places per side over time**: a chart of the daily counts.
# 4. **One place's history**: every claim behind and against its state.
# 5. **The map** of one day, drawn by the project's own renderer.
#
# Change the dates and place ids in the cells below to ask your own questions. The rules that
# turn claims into states are in `docs/rules.md`; read them before you quote a number.
#
# The seed data covers the offensive that took Aleppo: baselines on 26 Nov 2024, then claims
# from 27 Nov to 1 Dec 2024.

# %%
import html

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from aleppo_map.charts import colours
from aleppo_map.dataset import Dataset
from aleppo_map.render import render_snapshot
from aleppo_map.snapshot import MapModel
from aleppo_map.states import Resolver

pd.set_option("display.max_colwidth", 110)
pd.set_option("display.width", 200)

# %% [markdown]
# Load the data once and build **one** `Resolver`: it reads every claim and works out all the
# transitions up front (a couple of seconds), after which each question is a fast lookup.
# `Dataset.load()` validates `geodata/` and raises `DataError` listing every problem if the
# files are broken; run `aleppo-map validate` to see the same list on the command line.

# %%
ds = Dataset.load()
resolver = Resolver(ds)  # stale_after=45 days, dispute_window=3 days: the defaults of the maps
change_dates = [d.strftime("%Y-%m-%d") for d in resolver.change_dates()]
print(f"{len(ds.places):,} places, {len(ds.claims)} claims, {len(ds.events)} events")
print("dates on which some state changes:", ", ".join(change_dates))

# %% [markdown]
# ## 1. States on a date
#
# `resolver.states(date)` answers for **every** place in the gazetteer (over 11,000), as a
# GeoDataFrame of points. Most have no claim and are `unknown`: that means *nobody in our
# sources said*, not *nobody holds it*. Keep the places that have a state.
#
# What the columns mean:
#
# - `state`: a side id from `geodata/sides.csv`, or `contested` (fighting inside, or partial
#   control), `disputed` (claimants contradict each other), `unknown` (no claim).
# - `since`: the day the current state began (a baseline's `held_since` can reach back years).
# - `confidence`: 0 to 1, a **ranking aid** for editors, not a probability. It grows with
#   independent claims that agree and is capped at 0.5 when disputed.
# - `stale`: no confirming claim for more than 45 days. Stale states are kept, not dropped.
# - `approximate`: the coordinate is placed by reasoning, not measured (Al-Rashidin).
# - `decided_by_parent`: the state comes from a claim about a bigger place ("all of Aleppo
#   city except..."), not from a claim naming this one.

# %%
DAY = "2024-12-01"
states = resolver.states(DAY)
known = states[states["state"] != "unknown"]
print(f"{DAY}: {len(known)} of {len(states):,} places have a reported state")
pd.crosstab(known["kind"], known["state"], margins=True)

# %% [markdown]
# The neighbourhoods dominate the count because one claim about the whole city decides all of
# them. The places that some claim names directly tell the story better. A place both named
# and covered by a whole-city claim shows the city in `decided_by_parent` when that claim now
# leads its state.

# %%
named_ids = set(ds.claims["place_id"])
columns = [
    "name",
    "kind",
    "state",
    "since",
    "confidence",
    "approximate",
    "decided_by_parent",
    "claims",
    "contradicting",
]
named = known[known["place_id"].isin(named_ids)]
named.set_index("place_id")[columns].sort_values(["state", "kind"])

# %% [markdown]
# Every row carries its `explanation`: the state, the claim that leads it (who said it, via
# which outlet, about which day, in which words) and what contradicts it.

# %%
for row in named.sort_values("place_id").itertuples():
    print(f"{row.place_id:28} {row.explanation}")

# %% [markdown]
# ## 2. Changes between two dates
#
# `resolver.changes(d1, d2)` lists the places whose state on `d2` differs from `d1`. It compares
# two days only: a place taken and retaken in between does not appear. Use the timeline in
# section 3 for the days in between.

# %%
START, END = "2024-11-26", "2024-12-01"
changes = resolver.changes(START, END)
print(f"{len(changes)} places changed state between {START} and {END}")
changes.groupby(["old_state", "new_state"]).size().rename("places").to_frame()

# %% [markdown]
# The same list without the neighbourhoods that merely followed their city:

# %%
changes[changes["kind"] != "neighbourhood"][["place_id", "name", "kind", "old_state", "new_state", "since", "claims"]]

# %% [markdown]
# ## 3. Places per side over time
#
# `resolver.timeline(dates)` gives the state of every place that has any claim on each date, in
# long format (one row per place and date). Counting rows per state per day gives a chart.
#
# A count of places is **not** a measure of ground: a neighbourhood counts as much as a city,
# and a single whole-city claim adds a hundred neighbourhoods at once. The right-hand panel
# counts only the places that some claim names directly. For ground, see notebook 2 (areas).

# %%
days = pd.date_range(change_dates[0], change_dates[-1], freq="D")
timeline = resolver.timeline(days)
counts_all = pd.crosstab(timeline["date"], timeline["state"])
counts_named = pd.crosstab(
    timeline.loc[timeline["place_id"].isin(named_ids), "date"],
    timeline.loc[timeline["place_id"].isin(named_ids), "state"],
)
counts_all.index = counts_all.index.strftime("%d %b")
counts_named.index = counts_named.index.strftime("%d %b")
counts_named

# %% [markdown]
# The colours are the maps' (`aleppo_map.charts.colours`): each side's from
# `geodata/sides.csv`, and neutral ones for the three states that are not sides (`disputed` is
# white, so every bar gets an outline).

# %%
model = MapModel(resolver)  # the maps' model: its palette here, its snapshots in section 5
palette = colours(model)
side_labels = dict(zip(ds.sides["id"], ds.sides["label"], strict=True))
order = [*ds.sides["id"], "contested", "disputed", "unknown"]


def stacked(ax, counts, title):
    cols = [c for c in order if c in counts.columns]
    counts[cols].plot.bar(
        stacked=True,
        ax=ax,
        color=[palette[c] for c in cols],
        edgecolor="#333333",
        linewidth=0.4,
        rot=0,
        legend=False,
    )
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel("places")


fig, axes = plt.subplots(1, 2, figsize=(12, 4))
stacked(axes[0], counts_all, "Every place with a state (neighbourhoods included)")
stacked(axes[1], counts_named, "Only places that a claim names")
handles, labels = axes[0].get_legend_handles_labels()
fig.legend(handles, [side_labels.get(x, x) for x in labels], loc="center right", frameon=False)
fig.subplots_adjust(right=0.8)
plt.show()

# %% [markdown]
# ## 4. One place's history, with its claims
#
# `resolver.explain(place_id, date)` returns the state and **every** claim about the place up to
# that date, each with its role:
#
# - `supports`: it agrees with the state and counts towards it;
# - `contradicts`: it says otherwise (a denial, a capture claim on a day of fighting...);
# - `earlier`: it belonged to an earlier state.
#
# `trust` says how much a claim weighs: `weak` for a party's claim in its own favour (alone it
# changes nothing), `strong` for a party's admission against its own interest, `normal` for
# everyone else. `explain` wants a place **id**; a name in any spelling goes through the
# gazetteer first.

# %%
place = ds.gazetteer.resolve("Alep").place_id  # French spelling; any alias works
print("place id:", place)
history = timeline[timeline["place_id"] == place].assign(date=lambda t: t["date"].dt.strftime("%Y-%m-%d"))
history[["date", "state", "since", "confidence", "stale"]]

# %%
info = resolver.explain(place, END)
print(f"{info['name']} on {info['date']}: {info['state']} since {info['since']}, confidence {info['confidence']}")
print(info["explanation"])
chain = pd.DataFrame(info["claims"])
chain[["claim_id", "date", "role", "trust", "side", "action", "stance", "claimant", "outlet", "quote"]]

# %% [markdown]
# Read the chain from the top: the 2016 baselines; the Salvation Government's "liberated" on
# 28 Nov (a party in its own favour: `weak`, it changes nothing alone); the contested days of
# 29 and 30 Nov; SOHR's whole-city statement on 1 Dec, which leads. The army's own words that
# day, insurgents "entered much of Aleppo", are an admission against its interest (`strong`)
# and are listed as contradicting only because they describe partial control, not capture.
#
# ### An approximate place: Al-Rashidin
#
# Al-Rashidin has no open coordinate. The gazetteer places it by reasoning and says so; every
# answer about it carries `approximate = True`. Never measure distances from it or draw it as
# a precise point without that caveat.

# %%
rashidin = ds.gazetteer.record("al-rashidin")
print(
    "precision:", rashidin["precision"], "| radius_m:", rashidin["radius_m"], "| approximate:", rashidin["approximate"]
)
print("note:", rashidin["note"])
print()
print(resolver.explain("al-rashidin", END)["explanation"])

# %% [markdown]
# ## 5. The map of one day
#
# `MapModel(resolver)` holds one snapshot per change date; iterating it yields each day's
# `Snapshot` with the changes since the previous map. `render_snapshot(model, snapshot,
# assets=None)` returns a self-contained HTML page (Leaflet, the map script and its data
# inlined; no web tiles, no network): what a dated page of `make maps` shows, whose pages share
# their data as scripts instead. Here it is shown in an iframe; write it to a file to share.
# The coloured ground on the map is the Voronoi **estimate** discussed in notebook 2.

# %%
snapshots = {snap.label: snap for snap in model}
snap = snapshots[END]
print(f"{snap.label}: {len(snap.changes)} changes since {snap.previous:%Y-%m-%d}, {len(snap.events)} events")
page = render_snapshot(model, snap, assets=None)
display(HTML(f'<div><iframe srcdoc="{html.escape(page)}" style="width:100%;height:560px;border:0"></iframe></div>'))
# To share it: pathlib.Path("aleppo-2024-12-01.html").write_text(page, encoding="utf-8")

# %% [markdown]
# ## What these answers cannot tell you
#
# - **Hindsight.** States are rebuilt with every claim now in the data, not as they were known
#   on the day. A report published on 1 Dec about "Friday" changes Friday's state.
# - **Silence is not control.** `unknown` means no source spoke; a place may be quietly held.
# - **Confidence ranks; it does not measure.** 0.9 is "better supported than 0.7", not "90 %".
# - **Stale states** are old answers nobody has confirmed; they stay on the map, faded.
# - **Counts of places** mix cities and neighbourhoods; use them for trends, not for ground.
