"""Downloads: a date's states, claims, events and areas as GeoJSON, GeoPackage, CSV or KML.

Column names follow ACLED where one applies (``event_date``, ``location``, ``latitude``,
``longitude``, ``geo_precision``, ``admin1``-``admin3``, ``country``, ``iso``, ``source``,
``notes``, ``fatalities``), so the files drop into the tools analysts already use. Every
file is written beside its target and renamed into place, never left half-written.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from . import escape
from .files import atomic_path, csv_text, write_csv
from .snapshot import MapModel, Snapshot
from .states import UNKNOWN, Resolver, as_day

__all__ = [
    "FORMATS",
    "changes_frame",
    "cited_claims",
    "claims_frame",
    "events_frame",
    "export_changes",
    "export_date",
    "export_timeline",
    "intervals_frame",
    "states_frame",
]

FORMATS = ("geojson", "gpkg", "csv", "kml")
SUFFIX = {"geojson": ".geojson", "gpkg": ".gpkg", "csv": ".csv", "kml": ".kml"}
ISO = {"sy": 760}
PLACE_COLUMNS = [
    "place_id",
    "location",
    "location_ar",
    "kind",
    "admin1",
    "admin2",
    "admin3",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "approximate",
    "geometry",
]


def _admin(resolver: Resolver) -> pd.DataFrame:
    """admin1-admin3 and country names for every place, from the gazetteer's hierarchy."""
    g = resolver.gazetteer
    kinds = g.places["kind"].to_numpy(dtype=object)
    names = g.places["name"].to_numpy(dtype=object)
    chain = np.concatenate([np.arange(len(g))[:, None], g.ancestor_rows], axis=1)
    out = {}
    for col, kind in (
        ("admin1", "governorate"),
        ("admin2", "district"),
        ("admin3", "subdistrict"),
        ("country", "country"),
    ):
        hit = np.where(chain >= 0, kinds[np.maximum(chain, 0)] == kind, False)
        first = np.where(hit.any(axis=1), chain[np.arange(len(g)), hit.argmax(axis=1)], -1)
        out[col] = np.where(first >= 0, names[np.maximum(first, 0)], "")
    country_id = np.where(chain >= 0, kinds[np.maximum(chain, 0)] == "country", False)
    first = np.where(country_id.any(axis=1), chain[np.arange(len(g)), country_id.argmax(axis=1)], -1)
    ids = np.array(g.ids, dtype=object)
    out["iso"] = [ISO.get(ids[i], "") if i >= 0 else "" for i in first]
    return pd.DataFrame(out, index=g.ids)


def _source_names(resolver: Resolver, ids: pd.Series) -> pd.Series:
    """The outlets and claimants behind each row's claims, by name.

    Claims previewed with ``--include`` are not in the dataset: their rows come from the
    resolver's claims, and their outlet and claimant are marked NOT REVIEWED (a candidate
    may even name a source id that sources.csv does not know).
    """
    wanted = {cid for cids in ids.unique() for cid in str(cids).split(";") if cid}
    c = resolver.claims.loc[resolver.claims["claim_id"].isin(wanted), ["claim_id", "outlet", "claimant", "status"]]
    c = c.drop_duplicates("claim_id")
    by_claim = {
        cid: ((claimant, outlet), status)
        for cid, claimant, outlet, status in zip(c["claim_id"], c["claimant"], c["outlet"], c["status"], strict=True)
    }
    names = dict(zip(resolver.dataset.sources["id"], resolver.dataset.sources["name"], strict=True))

    def who(cids: str) -> str:
        found = []
        for cid in filter(None, cids.split(";")):
            if cid not in by_claim:
                continue
            sids, status = by_claim[cid]
            for sid in sids:
                if not sid:
                    continue
                name = names.get(sid, sid) + (" (NOT REVIEWED)" if status else "")
                if name not in found:
                    found.append(name)
        return "; ".join(found)

    # Thousands of places share the same few claim lists (a baseline inherited from a unit).
    return ids.map({cids: who(cids) for cids in ids.unique()})


def states_frame(resolver: Resolver, date, known_only: bool = True, states=None) -> gpd.GeoDataFrame:
    """A date's states with ACLED-like columns, as points in EPSG:4326.

    ``states`` may pass the date's :meth:`Resolver.states` when the caller already has it.
    """
    day = as_day(date)
    s = states if states is not None else resolver.states(day)
    if known_only:
        s = s[s["state"] != UNKNOWN]
    admin = _admin(resolver).reindex(s["place_id"]).reset_index(drop=True)
    labels = dict(zip(resolver.dataset.sides["id"], resolver.dataset.sides["label"], strict=True))
    s = s.reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "place_id": s["place_id"],
            "event_date": day.strftime("%Y-%m-%d"),
            "location": s["name"],
            "location_ar": s["name_ar"],
            "kind": s["kind"],
            "admin1": admin["admin1"],
            "admin2": admin["admin2"],
            "admin3": admin["admin3"],
            "country": admin["country"],
            "iso": admin["iso"].astype("str"),
            "latitude": s["lat"].round(5),
            "longitude": s["lon"].round(5),
            "geo_precision": s["precision"].astype(int),
            "approximate": s["approximate"],
            "state": s["state"],
            "state_label": s["state"].map(labels).fillna(s["state"]),
            "since": s["since"],
            "confidence": s["confidence"],
            "stale": s["stale"],
            "last_confirmed": s["last_confirmed"],
            "claims": s["claims"],
            "contradicting": s["contradicting"],
            "source": _source_names(resolver, s["claims"]),
            "notes": s["explanation"],
        }
    )
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs="EPSG:4326")


def _at_places(resolver: Resolver, frame: pd.DataFrame) -> gpd.GeoDataFrame:
    g = resolver.gazetteer
    idx = frame["place_id"].map(g.index).to_numpy(dtype=int)
    frame = frame.assign(
        latitude=g.lat[idx].round(5),
        longitude=g.lon[idx].round(5),
        location=g.places["name"].to_numpy(dtype=object)[idx],
    )
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs="EPSG:4326")


def claims_frame(resolver: Resolver, until=None) -> gpd.GeoDataFrame:
    """Every claim (about a date up to ``until``) as a point at its place."""
    c = resolver.dataset.claims.drop(columns=["line"], errors="ignore")
    if until is not None:
        c = c[c["about_date"] <= as_day(until).strftime("%Y-%m-%d")]
    c = c.rename(columns={"id": "claim_id", "about_date": "event_date", "except": "except_places"})
    return _at_places(resolver, c.reset_index(drop=True))


def events_frame(resolver: Resolver, since=None, until=None) -> gpd.GeoDataFrame:
    """Events as points, with ACLED's ``fatalities`` filled from each source's own figure."""
    e = resolver.dataset.events.drop(columns=["line"], errors="ignore")
    if until is not None:
        e = e[e["date"] <= as_day(until).strftime("%Y-%m-%d")]
    if since is not None:
        e = e[e["date"] > as_day(since).strftime("%Y-%m-%d")]
    e = e.rename(columns={"id": "event_id_cnty", "date": "event_date", "type": "sub_event_type", "quote": "notes"})
    best = pd.to_numeric(e["best"], errors="coerce").fillna(pd.to_numeric(e["low"], errors="coerce"))
    e = e.assign(fatalities=best.where(e["figure"] == "killed").astype("Int64"))
    return _at_places(resolver, e.reset_index(drop=True))


KML_FIELDS = (
    ("place_id", "string"),
    ("event_date", "string"),
    ("state", "string"),
    ("since", "string"),
    ("confidence", "float"),
    ("source", "string"),
)


INTERVAL_KML_FIELDS = (
    ("place_id", "string"),
    ("valid_from", "string"),
    ("valid_until", "string"),
    ("state", "string"),
    ("since", "string"),
    ("confidence", "float"),
    ("source", "string"),
)


def kml_styles(resolver: Resolver) -> dict[str, str]:
    """State id -> colour (#rrggbb) for the KML styles: the sides', then the three other states."""
    from .styles import state_colours

    return state_colours(resolver.dataset.sides)


def _kml_colour(hex_rgb: str) -> str:
    """#rrggbb -> KML's aabbggrr, opaque."""
    h = hex_rgb.lstrip("#")
    return "ff" + h[4:6] + h[2:4] + h[0:2] if len(h) == 6 else "ff888888"


def _write_kml(frame: gpd.GeoDataFrame, path: Path, styles: dict[str, str]) -> None:
    """KML that Google Earth colours by state and puts on its time slider.

    Written by hand rather than through GDAL's KML driver, which writes neither styles nor
    times. One ``Style`` per state; each placemark has a ``TimeStamp`` (a date's file) or,
    for the timeline's intervals, a ``TimeSpan`` from the day the state began to the day
    the place's next state began, so the slider shows the state in effect on every day. Descriptions are shown as HTML by viewers, so
    the report text in them is HTML-escaped, then XML-escaped like every other value.
    """
    from xml.sax.saxutils import escape as xml

    intervals = "valid_from" in frame
    fields = INTERVAL_KML_FIELDS if intervals else KML_FIELDS
    out = [
        '<?xml version="1.0" encoding="utf-8" ?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2">',
        '<Document id="root_doc">',
    ]
    for state in sorted(set(frame["state"])):
        colour = _kml_colour(styles.get(state, "#888888"))
        out.append(
            f'<Style id="state-{xml(state)}"><IconStyle><color>{colour}</color><scale>0.9</scale></IconStyle>'
            f"<LabelStyle><scale>0.8</scale></LabelStyle></Style>"
        )
    out.append('<Schema name="states" id="states">')
    out += [f'\t<SimpleField name="{name}" type="{kind}"></SimpleField>' for name, kind in fields]
    out += ["</Schema>", "<Folder><name>states</name>"]
    description = (frame["state_label"] + ": " + frame["notes"]).map(escape.text)
    for n, row in enumerate(frame.to_dict("records")):
        if intervals:
            until = f"<end>{row['valid_until']}</end>" if row["valid_until"] else ""
            when = f"<TimeSpan><begin>{row['valid_from']}</begin>{until}</TimeSpan>"
        else:
            when = f"<TimeStamp><when>{row['event_date']}</when></TimeStamp>"
        data = "".join(
            f'<SimpleData name="{name}">{xml(str(row[name]))}</SimpleData>' for name, _ in fields if row[name] != ""
        )
        out.append(
            f'  <Placemark id="states.{n + 1}"><name>{xml(str(row["location"]))}</name>'
            f"<description>{xml(description.iloc[n])}</description>{when}"
            f"<styleUrl>#state-{xml(row['state'])}</styleUrl>"
            f'<ExtendedData><SchemaData schemaUrl="#states">{data}</SchemaData></ExtendedData>'
            f"<Point><coordinates>{row['longitude']},{row['latitude']}</coordinates></Point></Placemark>"
        )
    out += ["</Folder>", "</Document></kml>", ""]
    path.write_text("\n".join(out), encoding="utf-8")


def _write(layers: dict[str, gpd.GeoDataFrame], fmt: str, out: Path, styles: dict[str, str] | None = None) -> Path:
    """Write ``layers`` to ``out`` through a temporary file in the same folder.

    CSV cells that a spreadsheet would run as a formula are neutralised
    (:func:`aleppo_map.escape.spreadsheet_cell`); the file gets the umask's mode.
    """
    out = Path(out)
    with atomic_path(out, SUFFIX[fmt]) as tmp:
        if fmt == "gpkg":
            # GeoPackages record a "last change" time: make it the data's date, not the clock's,
            # so the same inputs give the same bytes.
            stamp = str(layers["states"]["event_date"].max()) if len(layers["states"]) else "2000-01-01"
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": f"{stamp}T00:00:00.000Z"})
            try:
                for name, frame in layers.items():
                    frame.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
            finally:
                pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
        else:
            frame = layers["states"]
            if fmt == "geojson":
                frame.to_file(
                    tmp, driver="GeoJSON", engine="pyogrio", layer_options={"RFC7946": "YES", "WRITE_NAME": "NO"}
                )
            elif fmt == "csv":
                tmp.write_bytes(csv_text(pd.DataFrame(frame.drop(columns="geometry"))).encode("utf-8"))
            elif fmt == "kml":
                _write_kml(frame, tmp, styles or {})
    return out


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def cited_claims(resolver: Resolver, states: pd.DataFrame) -> gpd.GeoDataFrame:
    """The claims a file's rows cite (in ``claims`` or ``contradicting``), as points.

    Not every claim up to the date: at a year's scale that is a million rows per file,
    and a claim no state rests on is still in the data folder and in ``explain``.
    """
    columns = [c for c in ("claims", "contradicting") if c in states]
    cited = set()
    for column in columns:
        for ids in states[column].unique():
            cited.update(filter(None, str(ids).split(";")))
    c = claims_frame(resolver)
    return c[c["claim_id"].isin(cited)].reset_index(drop=True)


def export_date(
    resolver: Resolver,
    date,
    fmt: str,
    out: Path | str,
    model: MapModel | None = None,
    states=None,
    snapshot: Snapshot | None = None,
) -> Path:
    """One date: states (GeoJSON, CSV, KML), or every layer (GeoPackage).

    ``snapshot`` (a site build's, for this date) passes the states, with every claim
    listed, and the areas already resolved; else ``states`` may pass the states alone.
    """
    _check(fmt)
    if snapshot is not None:
        states = snapshot.full_states
    resolved = states if states is not None else resolver.states(date, cache=False)
    states = states_frame(resolver, date, states=resolved)
    layers = {"states": states}
    if fmt == "gpkg":
        # A date's file lists the places with a state; the timeline's has the whole gazetteer.
        if snapshot is not None:
            areas = snapshot.areas
        else:
            areas = (model or MapModel(resolver, dates=[date])).areas(resolved)
        layers = {
            "places": states[PLACE_COLUMNS],
            "states": states,
            "claims": cited_claims(resolver, states),
            "events": events_frame(resolver, until=date),
            "areas": areas.assign(event_date=as_day(date).strftime("%Y-%m-%d")),
        }
    return _write(layers, fmt, out, kml_styles(resolver))


CHANGE_COLUMNS = [
    "event_date",
    "place_id",
    "location",
    "location_ar",
    "kind",
    "admin1",
    "admin2",
    "admin3",
    "latitude",
    "longitude",
    "geo_precision",
    "old_state",
    "state",
    "state_label",
    "since",
    "confidence",
    "claims",
    "source",
    "notes",
]


def changes_frame(resolver: Resolver, snapshot: Snapshot) -> pd.DataFrame:
    """A date's changes since the previous map, one row per place.

    With the new state's details and the claims that made it (the first map lists every place with a state).
    """
    full = snapshot.full_states
    if snapshot.previous is None:
        rows = full[full["state"] != UNKNOWN]
        old = pd.Series("", index=rows.index, dtype="str")
    else:
        was = dict(zip(snapshot.changes["place_id"], snapshot.changes["old_state"], strict=True))
        rows = full[full["place_id"].isin(was.keys())]
        old = rows["place_id"].map(was).astype("str")
    frame = states_frame(resolver, snapshot.date, known_only=False, states=rows)
    frame["old_state"] = old.to_numpy()
    return pd.DataFrame(frame[CHANGE_COLUMNS])


def export_changes(resolver: Resolver, snapshot: Snapshot, out: Path | str) -> Path:
    """Write a date's changes (:func:`changes_frame`) as a spreadsheet-safe CSV."""
    return write_csv(out, changes_frame(resolver, snapshot))


INTERVAL_COLUMNS = [
    "place_id",
    "valid_from",
    "valid_until",
    "location",
    "location_ar",
    "kind",
    "admin1",
    "admin2",
    "admin3",
    "country",
    "iso",
    "latitude",
    "longitude",
    "geo_precision",
    "approximate",
    "state",
    "state_label",
    "since",
    "confidence",
    "claims",
    "source",
    "notes",
]


def intervals_frame(resolver: Resolver, until=None) -> gpd.GeoDataFrame:
    """Every place's states as intervals: one row per place and run of one state.

    ``valid_from`` is the day the state began (a map date), ``valid_until`` the day the
    place's next state began (exclusive), empty while it still holds. A year of daily
    states of 10,000 places is a few tens of thousands of rows, not millions. ``claims``
    are those that made the state on its first day; ``confidence`` is that day's.
    Places and days with no known state have no row. ``until`` drops runs that begin later.
    """
    g = resolver.gazetteer
    t = resolver.transitions.sort_values(["pidx", "eff"], kind="stable")
    if until is not None:
        t = t[t["eff"] <= as_day(until)]
    first = t.drop_duplicates("run").reset_index(drop=True)
    ends = first.groupby("pidx")["eff"].shift(-1)
    first = first.assign(valid_until=ends)
    first = first[first["state"] != UNKNOWN].reset_index(drop=True)
    support = resolver.support
    opening = support.merge(first[["pidx", "run_start"]].rename(columns={"run_start": "eff"}), on=["pidx", "eff"])
    opening = opening.drop_duplicates(["pidx", "eff", "claim_id"])
    claims = opening.groupby(["pidx", "eff"], sort=False)["claim_id"].agg(";".join)
    key = pd.MultiIndex.from_arrays([first["pidx"], first["run_start"]])
    ids = claims.reindex(key).fillna("").astype("str").to_numpy()
    idx = first["pidx"].to_numpy()
    admin = _admin(resolver).iloc[idx].reset_index(drop=True)
    places = g.places.iloc[idx].reset_index(drop=True)
    labels = dict(zip(resolver.dataset.sides["id"], resolver.dataset.sides["label"], strict=True))
    state = first["state"].astype("str")
    frame = pd.DataFrame(
        {
            "place_id": places["id"],
            "valid_from": first["run_start"].dt.strftime("%Y-%m-%d"),
            "valid_until": first["valid_until"].dt.strftime("%Y-%m-%d").fillna(""),
            "location": places["name"],
            "location_ar": places["name_ar"],
            "kind": places["kind"],
            "admin1": admin["admin1"],
            "admin2": admin["admin2"],
            "admin3": admin["admin3"],
            "country": admin["country"],
            "iso": admin["iso"].astype("str"),
            "latitude": np.round(g.lat[idx], 5),
            "longitude": np.round(g.lon[idx], 5),
            "geo_precision": g.precision[idx].astype(int),
            "approximate": g.precision[idx] == 2,
            "state": state,
            "state_label": state.map(labels).fillna(state),
            "since": first["run_since"].dt.strftime("%Y-%m-%d").fillna(""),
            "confidence": first["confidence"].round(2),
            "claims": ids,
        }
    )
    frame["source"] = _source_names(resolver, frame["claims"]).to_numpy()
    frame["notes"] = (
        "from "
        + frame["valid_from"]
        + np.where(frame["valid_until"] != "", " until " + frame["valid_until"], " (still held)")
    )
    frame = frame.sort_values(["valid_from", "place_id"], kind="stable").reset_index(drop=True)
    frame = frame[INTERVAL_COLUMNS].assign(event_date=frame["valid_from"])
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs="EPSG:4326")


def export_timeline(
    resolver: Resolver,
    dates,
    fmt: str,
    out: Path | str,
    model: MapModel | None = None,
    intervals: gpd.GeoDataFrame | None = None,
) -> Path:
    """Every date at once, as state intervals per place (:func:`intervals_frame`).

    The GeoPackage adds the whole gazetteer (``places``), the claims the intervals cite
    and the events up to the last date; the estimated areas are in the latest date's file.
    ``intervals`` may pass :func:`intervals_frame` when the caller writes several formats.
    """
    _check(fmt)
    days = sorted({as_day(d) for d in dates})
    if not days:
        raise ValueError("no dates to export: the dataset has no claim")
    states = intervals if intervals is not None else intervals_frame(resolver, until=days[-1])
    layers = {"states": states}
    if fmt == "gpkg":
        layers = {
            "places": _place_columns(resolver),
            "states": states,
            "claims": cited_claims(resolver, states),
            "events": events_frame(resolver, until=days[-1]),
        }
    return _write(layers, fmt, out, kml_styles(resolver))


def _place_columns(resolver: Resolver) -> gpd.GeoDataFrame:
    """The gazetteer's places with the download's place columns."""
    g = resolver.gazetteer
    admin = _admin(resolver).reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "place_id": g.places["id"].to_numpy(),
            "location": g.places["name"].to_numpy(),
            "location_ar": g.places["name_ar"].to_numpy(),
            "kind": g.places["kind"].to_numpy(),
            "admin1": admin["admin1"],
            "admin2": admin["admin2"],
            "admin3": admin["admin3"],
            "country": admin["country"],
            "latitude": np.round(g.lat, 5),
            "longitude": np.round(g.lon, 5),
            "geo_precision": g.precision.astype(int),
            "approximate": g.precision == 2,
        }
    )
    frame = frame.sort_values("place_id", kind="stable").reset_index(drop=True)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs="EPSG:4326")
