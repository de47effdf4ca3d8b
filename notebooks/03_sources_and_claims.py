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
# # 3. Sources and claims: who said what, where they agree, and what checks out
#
# Every colour on our maps rests on claims, and every claim has an **outlet** (who published
# it) and often a **claimant** (who is quoted: SOHR, the Syrian army, an analyst). This
# notebook audits the sources behind the data:
#
# 1. claims per claimant and outlet, and how much each weighs;
# 2. where claimants agree and contradict: the Hama dispute, and the share of Aleppo held;
# 3. casualty figures side by side per source (never summed);
# 4. distances the reports state, checked against geodesic distances from the gazetteer.

# %%
import matplotlib.pyplot as plt
import pandas as pd
from geopy.distance import geodesic
from pyproj import Geod

from aleppo_map.dataset import Dataset
from aleppo_map.geocoder import OfflineGazetteer
from aleppo_map.states import Resolver

pd.set_option("display.max_colwidth", 100)
pd.set_option("display.width", 200)

ds = Dataset.load()
resolver = Resolver(ds)
LAST = resolver.change_dates()[-1].strftime("%Y-%m-%d")
names = dict(zip(ds.sources["id"], ds.sources["name"], strict=True))
sources = ds.sources.set_index("id")
print(
    f"{len(ds.claims)} claims from {ds.claims['outlet'].nunique()} outlets; {len(ds.sources)} sources; last change {LAST}"
)

# %% [markdown]
# ## 1. Claims per claimant and outlet
#
# The **claimant** is the original speaker; when a claim has none, the outlet speaks in its
# own voice (`asserted`). Sources that are a party to the war carry a `side` in
# `geodata/sources.csv`, and that decides how their claims weigh (`docs/rules.md`, rule 4):
#
# - `weak`: a party's claim in its own favour; alone it changes nothing;
# - `strong`: a party's admission against its own interest; it decides alone;
# - `normal`: outlets, monitors, analysts, and parties describing what another side holds.
#
# `resolver.explain(place, date)` gives each claim's `trust` and its `role` on that date; one
# call per place that has claims builds the ledger of every claim.

# %%
ledger = pd.concat(
    [
        pd.DataFrame(resolver.explain(pid, LAST)["claims"]).assign(place_id=pid)
        for pid in sorted(set(ds.claims["place_id"]))
    ],
    ignore_index=True,
)
ledger = ledger[ledger["inherited_from"].isna()].reset_index(drop=True)  # each claim once, at the place it names
ledger["who"] = ledger["claimant"]  # the claimant's name, or the outlet's when it speaks in its own voice
# The resolver's prepared claims say who speaks in each (`who`: the claimant, else the outlet).
who_id = resolver.claims.drop_duplicates("claim_id").set_index("claim_id")["who"]
ledger["role of source"] = ledger["claim_id"].map(who_id).map(sources["role"])
print(f"{len(ledger)} claims in the ledger")
pd.crosstab([ledger["who"], ledger["role of source"]], ledger["outlet"], margins=True)

# %%
by_trust = pd.crosstab(ledger["who"], ledger["trust"]).reindex(columns=["strong", "normal", "weak"], fill_value=0)
by_trust = by_trust.loc[by_trust.sum(axis=1).sort_values().index]
ax = by_trust.plot.barh(stacked=True, color=["#1b7837", "#9e9e9e", "#d95f02"], figsize=(9, 5), width=0.7)
ax.set_xlabel("claims")
ax.set_ylabel("")
ax.set_title("Claims per claimant (or outlet speaking in its own voice), by weight")
ax.legend(title="trust", frameon=False)
plt.show()

# %% [markdown]
# Most claims come from outlets in their own voice and from SOHR, a monitor with no side. The
# few party claims are where weighting matters; list them:

# %%
ledger[ledger["trust"] != "normal"][
    ["claim_id", "place_id", "date", "who", "side", "action", "stance", "trust", "quote"]
]

# %% [markdown]
# ## 2. Where claimants agree and contradict
#
# For each place and day, what each claimant said. Rows where claimants give different
# actions or sides are where an editor looks first; the resolved state of that day shows what
# the rules made of it.

# %%
ledger["says"] = ledger["side"] + " " + ledger["action"] + ledger["stance"].map({"denied": " (denied)"}).fillna("")
per_day = (
    ledger.groupby(["place_id", "date"])
    .agg(claimants=("who", "nunique"), positions=("says", lambda s: " | ".join(sorted(set(s)))))
    .reset_index()
)
days = sorted(set(per_day["date"]))
states_by_day = resolver.timeline(days).assign(date=lambda t: t["date"].dt.strftime("%Y-%m-%d"))
per_day = per_day.merge(states_by_day[["date", "place_id", "state"]], on=["date", "place_id"], how="left")
several = per_day[(per_day["claimants"] > 1) & per_day["positions"].str.contains(r"\|")]
several

# %% [markdown]
# ### The Hama dispute
#
# On 1 Dec SOHR (via AFP, in News18) said the army had pulled out of Hama; the army denied it.
# The rules make Hama `disputed`: a denial by another claimant within 3 days disputes the
# claim. The army's denial is *weak* (a party's word in its own favour), so it cannot put Hama
# back in the government's column, but neither can SOHR's word alone take it out while the
# army denies it. Confidence is capped at 0.5.

# %%
hama = resolver.explain("hama", LAST)
print(f"{hama['name']} on {hama['date']}: {hama['state']} (confidence {hama['confidence']})")
pd.DataFrame(hama["claims"])[
    ["claim_id", "date", "role", "trust", "side", "action", "stance", "claimant", "outlet", "quote"]
]

# %% [markdown]
# ### The share of Aleppo held
#
# The reports grew from "more than half" to "most" to "all but the Kurdish neighbourhoods".
# These are `controls-part` claims (the place is `contested`) until SOHR's whole-city
# statement of 1 Dec. The `reading` column is an analyst's reading of each phrase as a bound on
# the share held; it is ours, not the source's, and the phrases are matched in the quotes.

# %%
READINGS = {
    "more than half": "> 50 %",
    "most of": "> 50 %",
    "much of": "a large part (no bound)",
    "except the neighbourhoods": "all but the Kurdish-held neighbourhoods",
    "significant territorial gains": "some (no bound)",
}
aleppo = pd.DataFrame(resolver.explain("aleppo", LAST)["claims"])
share = aleppo[aleppo["action"].isin(["controls-part", "captured"]) & aleppo["inherited_from"].isna()].copy()
share["reading"] = share["quote"].map(lambda q: next((v for k, v in READINGS.items() if k in q), ""))
aleppo_states = states_by_day[states_by_day["place_id"] == "aleppo"].set_index("date")["state"]
share["state that day"] = share["date"].map(aleppo_states)
share[["claim_id", "date", "claimant", "outlet", "action", "trust", "quote", "reading", "state that day"]]

# %% [markdown]
# What does "all but the Kurdish-held neighbourhoods" leave out? The gazetteer has polygons
# for Aleppo's neighbourhoods, so the share can be measured (in an equal-area CRS). It is the
# share of the **mapped neighbourhoods**, not of the built-up city.

# %%
polygons = ds.place_polygons()
city = polygons[polygons["layer"] == "aleppo_neighbourhoods"].to_crs("EPSG:32637")
states_last = resolver.states(LAST).set_index("place_id")["state"]
city = city.assign(state=city["place_id"].map(states_last), km2=city.area / 1e6)
held = city.groupby("state")["km2"].sum()
print((held / held.sum() * 100).round(1).rename("% of mapped neighbourhood area").to_string())

# %% [markdown]
# So "all but the Kurdish neighbourhoods" on 1 Dec leaves out only a few per cent of the mapped
# neighbourhood area, and the state layer agrees: Aleppo city is `opposition` that day, with
# Sheikh Maqsoud and Ashrafieh `sdf`. On 30 Nov, "more than half" and "most" only bound the
# share from below, which is why the city stays `contested` rather than getting a number.

# %% [markdown]
# ## 3. Casualty figures, side by side per source
#
# `geodata/events.csv` keeps every figure as its source gave it, as `low` / `best` / `high`:
# "at least 311" is low = best = 311 with no high; "some 255" is best only; "more than 300"
# is low = 301 with no best. **Figures from different sources are never added up**: Voz.us's
# 255, SOHR's 311 and the Russian centre's "more than 300 rebels" are three claims about
# overlapping deaths, not one total. Within one source, parts are parts (SOHR's 183 rebels,
# 100 soldiers and 28 civilians are inside its 311; OCHA's 4 children inside its 12 civilians).


# %%
def figure_text(low, best, high):
    """How the source put it: '311+' for at least, '~255' for some, '4' for an exact count."""
    low, best, high = (int(x) if x else None for x in (low, best, high))
    if low is not None and low == high:
        return f"{low}"
    if low is not None and high is not None:
        return f"{low}-{high}" + (f" (best {best})" if best else "")
    if low is not None:
        return f"{low}+" if best in (None, low) else f"{low}+ (best {best})"
    if best is not None:
        return f"~{best}"
    return "no figure"


casualties = ds.events[ds.events["figure"].isin(["killed", "wounded"])].copy()
claimant = casualties["claimant"].where(casualties["claimant"] != "", casualties["outlet"])
casualties["source"] = [
    names[c] if c == o else f"{names[c]} via {names[o]}" for c, o in zip(claimant, casualties["outlet"], strict=True)
]
casualties["who"] = claimant
casualties["party"] = claimant.map(sources["side"]).fillna("")
casualties["as reported"] = [figure_text(*row) for row in casualties[["low", "best", "high"]].itertuples(index=False)]
casualties[["id", "date", "figure", "group", "as reported", "source", "party", "origin", "quote"]]

# %% [markdown]
# The same figures as a grid: one row per what is counted, one column per source and article.
# Read across a row to compare sources; never down a column to add them.

# %%
casualties["column"] = casualties["source"] + " [" + casualties["origin"].str[:3] + "]"
pd.pivot_table(
    casualties, index=["figure", "group"], columns="column", values="as reported", aggfunc=" / ".join, fill_value=""
).T

# %% [markdown]
# The killed totals and the parts each source gives, on one axis: a dot at the best (or lowest)
# figure, a bar from low to high where the source gives a range, an arrow where it gives only
# "at least". Party sources are marked: a party's count of its enemy's dead is a claim in its
# own favour.

# %%
killed = casualties[(casualties["figure"] == "killed") & (casualties["as reported"] != "no figure")].copy()
killed["value"] = pd.to_numeric(killed["best"].where(killed["best"] != "", killed["low"]))
killed["lo"] = pd.to_numeric(killed["low"].where(killed["low"] != "", killed["best"]))
killed["hi"] = pd.to_numeric(killed["high"], errors="coerce")
killed = killed.sort_values(["group", "value"]).reset_index(drop=True)
killed["label"] = [  # source ids keep the labels short: see geodata/sources.csv
    f"{g}: {c}" + ("" if c == o else f" via {o}") + f" [{origin[:3]}]"
    for g, c, o, origin in zip(killed["group"], killed["who"], killed["outlet"], killed["origin"], strict=True)
]

fig, ax = plt.subplots(figsize=(9, 0.35 * len(killed) + 1))
for y, row in killed.iterrows():
    colour = "#d95f02" if row["party"] else "#1f4e79"
    if pd.notna(row["hi"]) and row["hi"] > row["lo"]:
        ax.plot([row["lo"], row["hi"]], [y, y], color=colour, linewidth=2)
    elif row["as reported"].endswith("+") or "+ " in row["as reported"]:
        ax.annotate(
            "", xy=(row["lo"] * 1.35, y), xytext=(row["lo"], y), arrowprops={"arrowstyle": "->", "color": colour}
        )
    ax.plot(row["value"], y, "o", color=colour)
    ax.text(row["value"] * 1.45, y, row["as reported"], va="center", fontsize=8)
ax.set_yticks(range(len(killed)))
ax.set_yticklabels(killed["label"], fontsize=8)
ax.set_xscale("log")
ax.set_xlim(killed["lo"].min() / 1.5, killed[["value", "hi"]].max().max() * 2.5)
ax.set_xlabel("killed (log scale); orange: a party to the war")
ax.set_title("Death tolls as each source reported them (not additive)")
ax.invert_yaxis()
plt.show()

# %% [markdown]
# ## 4. Distances the reports state, checked against the gazetteer
#
# Reports often place a city by distance ("Hama, around 140 km south of Aleppo"). Checking
# them catches a misread place or a wrong number, and tells you whether a figure is a road
# distance or a straight line. The statements below are short quotes from the seed articles
# (they are not in `geodata/`, which records control and events only).
#
# The geodesic distance is measured on the WGS84 ellipsoid between the places' gazetteer
# points (city centres, each uncertain by its `radius_m`). A road is longer than the straight
# line, typically by 20-40 %; a stated distance **shorter** than the geodesic is wrong.

# %%
STATED = [
    {
        "from": "Aleppo",
        "to": "Damascus",
        "km": 360,
        "by": "road",
        "direction": None,
        "quote": "located some 360 kilometers from the capital Damascus by road",
        "outlet": "voz-us",
        "origin": "000_8368130dcc6a5997.txt",
    },
    {
        "from": "Aleppo",
        "to": "Hama",
        "km": 140,
        "by": "unspecified",
        "direction": "south",
        "quote": "around 140 kilometres (90 miles) south of Aleppo",
        "outlet": "news18",
        "origin": "004_d8d2ad98a00a5d45.txt",
    },
]
COMPASS = {"north": 0, "east": 90, "south": 180, "west": 270}

geocoder = OfflineGazetteer(gazetteer=ds.gazetteer)  # offline, geopy-compatible
geod = Geod(ellps="WGS84")


def check(statement):
    a, b = geocoder.geocode(statement["from"]), geocoder.geocode(statement["to"])
    km = geodesic(a.point, b.point).km
    slack = ((a.raw["radius_m"] or 0) + (b.raw["radius_m"] or 0)) / 1000  # how far the centre points may be off
    bearing = geod.inv(a.longitude, a.latitude, b.longitude, b.latitude)[0] % 360
    ratio = statement["km"] / km
    if statement["km"] < km - slack:
        verdict = "shorter than the straight line: check the number or the place"
    elif statement["km"] <= km + slack:
        verdict = "matches the straight-line distance"
    elif ratio <= 1.5:
        verdict = "longer than the straight line by a road's detour: plausible as a road distance"
    else:
        verdict = "far longer than any road detour: check"
    heading = ""
    if statement["direction"]:
        off = abs((bearing - COMPASS[statement["direction"]] + 180) % 360 - 180)
        heading = f"{'yes' if off <= 45 else 'NO'} ({off:.0f}° off)"
    return {
        "from": f"{a.raw['name']} ({a.raw['id']})",
        "to": f"{b.raw['name']} ({b.raw['id']})",
        "stated km": statement["km"],
        "by": statement["by"],
        "geodesic km": round(km, 1),
        "± km (place sizes)": slack,
        "stated / geodesic": round(ratio, 2),
        "verdict": verdict,
        "bearing °": round(bearing),
        "direction as stated": heading,
        "source": names[statement["outlet"]],
        "quote": statement["quote"],
    }


pd.DataFrame([check(s) for s in STATED])

# %% [markdown]
# Both hold up. Damascus lies about 310 km from Aleppo as the crow flies; 360 km by road is a
# detour of about a sixth, normal for the M5 motorway. Hama lies about 125 km from Aleppo,
# bearing a little west of south; "around 140 km" is longer than the straight line by more
# than the cities' size can explain, so it is most likely a road distance (the article does
# not say) or generous rounding.
#
# When the seed articles sit beside this clone (`../shared/seeds`), check that each quote is
# really in its article. A fresh clone without them skips this check.

# %%
seeds = ds.root.resolve().parent.parent / "shared" / "seeds"
if seeds.is_dir():
    for s in STATED:
        text = (seeds / s["origin"]).read_text(encoding="utf-8")
        print(f"{s['origin']}: quote {'found' if s['quote'] in text else 'NOT FOUND'}: {s['quote']!r}")
else:
    print(f"no seed articles at {seeds}; quotes not re-checked")

# %% [markdown]
# ## What this cannot tell you
#
# - **Counts of claims measure coverage, not truth.** Voz.us has many claims because its
#   article relays many voices, not because it is more reliable.
# - **Trust is a rule, not a judgement of the source.** `weak` and `strong` follow from whether
#   a party speaks for or against its own side; an honest party and a lying monitor are not told
#   apart.
# - **Agreement can be one source repeated.** SOHR's 311 appears in two articles because two
#   outlets relayed it; that is one count, not corroboration.
# - **The readings of "more than half" and "most" are ours.** Keep the quote beside any number.
# - **Distances check places, not claims.** A consistent distance says we put the right city
#   where the report meant; it says nothing about who holds it.
