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
from .files import atomic_path, csv_text
from .snapshot import MapModel
from .states import UNKNOWN, Resolver, as_day

__all__ = ["FORMATS", "claims_frame", "events_frame", "export_date", "export_timeline", "states_frame"]

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
    c = resolver.claims[["claim_id", "outlet", "claimant", "status"]].drop_duplicates("claim_id")
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


def kml_styles(resolver: Resolver) -> dict[str, str]:
    """State id -> colour (#rrggbb) for the KML styles: the sides', then the three other states."""
    from .render import SPECIAL

    out = dict(zip(resolver.dataset.sides["id"], resolver.dataset.sides["colour"], strict=True))
    return out | {k: v[1] for k, v in SPECIAL.items()}


def _kml_colour(hex_rgb: str) -> str:
    """#rrggbb -> KML's aabbggrr, opaque."""
    h = hex_rgb.lstrip("#")
    return "ff" + h[4:6] + h[2:4] + h[0:2] if len(h) == 6 else "ff888888"


def _write_kml(frame: gpd.GeoDataFrame, path: Path, styles: dict[str, str]) -> None:
    """KML that Google Earth colours by state and puts on its time slider.

    Written by hand rather than through GDAL's KML driver, which writes neither styles nor
    times. One ``Style`` per state; each placemark has a ``TimeStamp`` (a date's file) or a
    ``TimeSpan`` from its date to the next date of the file (the timeline), so the slider
    shows the state in effect on every day. Descriptions are shown as HTML by viewers, so
    the report text in them is HTML-escaped, then XML-escaped like every other value.
    """
    from xml.sax.saxutils import escape as xml

    dates = sorted(set(frame["event_date"]))
    following = dict(zip(dates, [*dates[1:], None], strict=True))
    spans = len(dates) > 1
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
    out += [f'\t<SimpleField name="{name}" type="{kind}"></SimpleField>' for name, kind in KML_FIELDS]
    out += ["</Schema>", "<Folder><name>states</name>"]
    description = (frame["state_label"] + ": " + frame["notes"]).map(escape.text)
    for n, row in enumerate(frame.to_dict("records")):
        day = row["event_date"]
        if spans and following[day]:
            when = f"<TimeSpan><begin>{day}</begin><end>{following[day]}</end></TimeSpan>"
        elif spans:
            when = f"<TimeSpan><begin>{day}</begin></TimeSpan>"
        else:
            when = f"<TimeStamp><when>{day}</when></TimeStamp>"
        data = "".join(
            f'<SimpleData name="{name}">{xml(str(row[name]))}</SimpleData>' for name, _ in KML_FIELDS if row[name] != ""
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


def export_date(
    resolver: Resolver, date, fmt: str, out: Path | str, model: MapModel | None = None, states=None
) -> Path:
    """One date: states (GeoJSON, CSV, KML), or every layer (GeoPackage)."""
    _check(fmt)
    resolved = states if states is not None else resolver.states(date)
    states = states_frame(resolver, date, states=resolved)
    layers = {"states": states}
    if fmt == "gpkg":
        # A date's file lists the places with a state; the timeline's has the whole gazetteer.
        model = model or MapModel(resolver, dates=[date])
        layers = {
            "places": states[PLACE_COLUMNS],
            "states": states,
            "claims": claims_frame(resolver, until=date),
            "events": events_frame(resolver, until=date),
            "areas": model.areas(resolved).assign(event_date=as_day(date).strftime("%Y-%m-%d")),
        }
    return _write(layers, fmt, out, kml_styles(resolver))


def export_timeline(resolver: Resolver, dates, fmt: str, out: Path | str, model: MapModel | None = None) -> Path:
    """Every date at once: one row per place and date where the state is known."""
    _check(fmt)
    days = sorted({as_day(d) for d in dates})
    if not days:
        raise ValueError("no dates to export: the dataset has no claim")
    states = pd.concat([states_frame(resolver, d) for d in days], ignore_index=True)
    states = gpd.GeoDataFrame(states, geometry="geometry", crs="EPSG:4326")
    layers = {"states": states}
    if fmt == "gpkg":
        model = model or MapModel(resolver, dates=days)
        areas = [model.areas(resolver.states(d)).assign(event_date=d.strftime("%Y-%m-%d")) for d in days]
        places = states_frame(resolver, days[-1], known_only=False)
        layers = {
            "places": places[PLACE_COLUMNS],
            "states": states,
            "claims": claims_frame(resolver, until=days[-1]),
            "events": events_frame(resolver, until=days[-1]),
            "areas": gpd.GeoDataFrame(pd.concat(areas, ignore_index=True), geometry="geometry", crs="EPSG:4326"),
        }
    return _write(layers, fmt, out, kml_styles(resolver))
