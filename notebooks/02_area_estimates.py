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
# # 2. Area estimates: km² per side, and how far to trust them
#
# Desks like DeepStateMap publish "km² gained or lost". Our data are **points** (places) with
# a state, not front lines, so any area is an **estimate** made by a rule that turns points
# into ground. This notebook:
#
# 1. measures the maps' own estimate (Voronoi cells) per side and date, in an equal-area
#    projection;
# 2. shows why the projection matters;
# 3. compares the estimate with other reasonable rules (Voronoi over only the reported places,
#    buffers around places, polygons where we have them) to see how sensitive it is;
# 4. lists what no area estimate from these data can tell you.
#
# Read section 4 before you publish a number from this notebook.

# %%
import matplotlib.pyplot as plt
import pandas as pd

from aleppo_map.areas import control_areas, voronoi_cells
from aleppo_map.charts import colours
from aleppo_map.dataset import Dataset
from aleppo_map.snapshot import MapModel
from aleppo_map.states import Resolver

pd.set_option("display.width", 200)

ds = Dataset.load()
resolver = Resolver(ds)
model = MapModel(resolver)  # one snapshot date per change date; one tessellation, shared
print("snapshot dates:", ", ".join(d.strftime("%Y-%m-%d") for d in model.dates))
print("equal-area CRS:", model.crs.srs)

# %% [markdown]
# ## 1. The maps' estimate, per side and date
#
# How the maps colour ground (`aleppo_map.areas`): every place of the gazetteer that is not a
# region centroid (about 10,700 towns, villages, neighbourhoods and landmarks) gets a
# **Voronoi cell**, the ground nearer to it than to any other place, computed in a Lambert
# azimuthal equal-area projection centred on the data and clipped to the country. Each cell
# takes its place's state; cells of `unknown` places are left out, so unreported ground stays
# blank. `model.areas(states)` dissolves the cells by state and gives `area_km2`.

# %%
rows = []
for day in model.dates:
    areas = model.areas(resolver.states(day))
    rows += [{"date": day.strftime("%Y-%m-%d"), "state": r.state, "km2": r.area_km2} for r in areas.itertuples()]
per_day = pd.DataFrame(rows).pivot(index="date", columns="state", values="km2").fillna(0.0)
per_day

# %%
side_labels = dict(zip(ds.sides["id"], ds.sides["label"], strict=True))
palette = colours(model)  # the maps' colours; disputed is white, so bars get an outline
order = [c for c in [*ds.sides["id"], "contested", "disputed"] if c in per_day.columns]

ax = per_day[order].plot.bar(
    color=[palette[c] for c in order], edgecolor="#333333", linewidth=0.4, rot=0, figsize=(9, 4)
)
ax.set_ylabel("estimated km² (Voronoi cells of reported places)")
ax.set_xlabel("")
ax.set_title("Ground nearest to places with a reported state: an estimate, not a front line")
ax.legend([side_labels.get(c, c) for c in order], frameon=False)
plt.show()

# %% [markdown]
# **Read this chart as "ground near the places the reports talk about", not "territory held".**
# On 1 Dec the government's bar is a few km²: the cells of Damascus and Latakia, the only
# government places a claim names that day. The government held most of Syria; nobody in our
# five articles said so place by place. Equally, the opposition's bar grows mostly because one
# claim about the whole of Aleppo city decides ~120 neighbourhoods at once.
#
# Changes from day to day are more telling than levels: the opposition gained the ground of
# the places whose state changed, and the table says which places those were (notebook 1).

# %% [markdown]
# ## 2. The projection matters
#
# Area must be measured in an equal-area projection (the LAEA above) or a local projected CRS
# such as UTM zone 37N (`EPSG:32637`, within a fraction of a percent over Syria). Web Mercator
# (`EPSG:3857`, what web maps draw in) inflates areas at Syria's latitude by about half.

# %%
latest = model.areas(resolver.states(model.dates[-1]))
by_crs = pd.DataFrame(
    {
        "LAEA (the maps)": latest.to_crs(model.crs).area / 1e6,
        "UTM 37N (EPSG:32637)": latest.to_crs("EPSG:32637").area / 1e6,
        "Web Mercator (EPSG:3857)": latest.to_crs("EPSG:3857").area / 1e6,
    }
).set_index(latest["state"])
by_crs["Mercator / LAEA"] = by_crs["Web Mercator (EPSG:3857)"] / by_crs["LAEA (the maps)"]
by_crs.round(2)

# %% [markdown]
# (`area_km2` in the model is measured before the outlines are simplified for drawing, so it
# differs from these by a fraction of a km².)
#
# ## 3. How sensitive is the estimate to the method?
#
# The same states of 1 Dec, turned into ground by five rules:
#
# - **Voronoi, all places** (the maps): cells of the whole gazetteer; a reported place gets only
#   the ground nearest to it.
# - **Voronoi, reported places only**: cells of only the places with a state; every point of the
#   country goes to the nearest reported place. This is what a sparser gazetteer would give.
# - **Buffer 1 km / 5 km**: a disc of fixed radius around each reported place.
# - **Buffer radius_m**: a disc of the place's own radius from the gazetteer (5 km for a city,
#   a few hundred metres for a landmark; 1 km where none is given).
#
# Region centroids (the four governorates with a `controls-part` claim) carry no area in any
# of these: a point at the middle of a province says nothing about which part is held.

# %%
DAY = model.dates[-1]
states = resolver.states(DAY)
reported = states[(states["state"] != "unknown") & (states["precision"] < 3)]
print(f"{DAY:%Y-%m-%d}: {len(reported)} reported places with a usable point")


def dissolved_km2(frame):
    """km² per state of a GeoDataFrame of shapes in the equal-area CRS, plus the overlap between states."""
    per_state = frame.dissolve(by="state").area / 1e6
    union = frame.geometry.union_all().area / 1e6
    return per_state, per_state.sum() - union


def buffers(radius_m):
    shapes = reported.to_crs(model.crs)[["state", "geometry"]].copy()
    shapes["geometry"] = shapes.geometry.buffer(radius_m)
    return dissolved_km2(shapes)


sparse_cells = voronoi_cells(reported.geometry, ds.country(), model.crs)
methods = {
    "Voronoi, all places": (model.areas(states).set_index("state")["area_km2"], 0.0),
    "Voronoi, reported places only": (control_areas(reported, sparse_cells).set_index("state")["area_km2"], 0.0),
    "Buffer 1 km": buffers(1_000),
    "Buffer 5 km": buffers(5_000),
    "Buffer radius_m": buffers(reported["radius_m"].fillna(1_000).astype(float).to_numpy()),
}
compare = pd.DataFrame({name: km2 for name, (km2, _) in methods.items()}).T.fillna(0.0)
compare["overlap between states"] = [overlap for _, overlap in methods.values()]
compare.round(1)

# %%
cols = [c for c in order if c in compare.columns]
ax = compare[cols].plot.barh(
    color=[palette[c] for c in cols], edgecolor="#333333", linewidth=0.4, logx=True, figsize=(9, 4.5)
)
ax.set_xlabel("km² (log scale)")
ax.set_title(f"The same states on {DAY:%d %b %Y}, five ways to turn points into ground")
ax.legend([side_labels.get(c, c) for c in cols], frameon=False, loc="lower right")
ax.invert_yaxis()
plt.show()

# %% [markdown]
# The answers span **several orders of magnitude** for the same claims. With only the
# reported places, disputed Hama alone "holds" tens of thousands of km² (everything nearer to
# Hama than to Aleppo, Damascus or Latakia). Buffers overlap where places of different sides
# lie close together (the Kurdish-held neighbourhoods inside Aleppo), so their totals count
# some ground twice; the last column says how much.
#
# None of these is "right". The maps use the first because it never claims ground that no
# report speaks to. Quote it as "ground nearest to the places reported held", with its date,
# and prefer changes to levels.
#
# ### Where we have polygons: Aleppo city
#
# Inside Aleppo the gazetteer has neighbourhood **polygons** (`boundaries/`), so there the
# point estimate can be checked against mapped outlines. Keep only the city's places (the city
# and every place below it) and measure each rule again.

# %%
city = {"aleppo", *ds.gazetteer.descendants("aleppo")}
in_city = states.assign(state=states["state"].where(states["place_id"].isin(city), "unknown"))
city_points = reported[reported["place_id"].isin(city)]
city_buffers = city_points.to_crs(model.crs)[["state", "geometry"]].copy()
city_buffers["geometry"] = city_buffers.geometry.buffer(city_points["radius_m"].fillna(1_000).astype(float).to_numpy())

polygons = ds.place_polygons().merge(states[["place_id", "state"]], on="place_id")
polygons = polygons[polygons["place_id"].isin(city) & (polygons["state"] != "unknown")].to_crs(model.crs)

city_compare = pd.DataFrame(
    {
        "Voronoi, all places": model.areas(in_city).set_index("state")["area_km2"],
        "Buffer radius_m": dissolved_km2(city_buffers)[0],
        "Neighbourhood polygons": dissolved_km2(polygons)[0],
    }
).T.fillna(0.0)
city_compare.round(1)

# %%
voronoi_city = model.areas(in_city).to_crs(model.crs)
panels = {
    "Voronoi cells (the maps)": voronoi_city,
    "Buffers of radius_m": city_buffers,
    "Neighbourhood polygons": polygons,
}
bounds = polygons.total_bounds
pad = 3_000
fig, axes = plt.subplots(1, 3, figsize=(15, 5), sharex=True, sharey=True)
for ax, (title, frame) in zip(axes, panels.items(), strict=True):
    frame.plot(ax=ax, color=[palette[s] for s in frame["state"]], edgecolor="#333333", linewidth=0.3, alpha=0.8)
    city_points.to_crs(model.crs).plot(ax=ax, color="black", markersize=3)
    ax.set_title(title)
    ax.set_xlim(bounds[0] - pad, bounds[2] + pad)
    ax.set_ylim(bounds[1] - pad, bounds[3] + pad)
    ax.set_axis_off()
fig.suptitle(f"Aleppo city on {DAY:%d %b %Y}: three pictures of the same claims (dots: places)")
plt.show()

# %% [markdown]
# In the city, where points are dense, the rules agree on the order of magnitude. The Voronoi
# cells of the outer neighbourhoods reach into the countryside, halfway to the next village,
# so they overshoot the mapped outlines; the buffers miss the gaps between discs. Outside the
# city the gazetteer has no polygons and the points are sparse, and the rules diverge as in
# the table above.
#
# ## 4. What these numbers cannot tell you
#
# - **They are estimates from points.** No front line is known; a cell's edge is halfway to
#   the next place, not where anyone stands.
# - **Unreported is blank, not empty.** The government's small totals mean nobody reported on
#   its ground in these articles, not that it held a few km².
# - **Whole-place claims inflate counts.** One city-wide claim decides every neighbourhood
#   below it; the area follows the gazetteer's density, not the fighting.
# - **Region centroids carry no area.** A `controls-part` claim on a governorate is real
#   information with no honest shape.
# - **Approximate places move the estimate.** Al-Rashidin is placed by reasoning within
#   3 km; its cell, and the cells around it, are as uncertain as its point.
# - **Contested and disputed ground is not split.** A contested city is all purple; the
#   share each side holds inside it is unknown (notebook 3 reads what the sources say).
# - **Never measure in Web Mercator** (`EPSG:3857`): +50 % here.
