"""Downloads: a date's states, claims, events and areas as GeoJSON, GeoPackage, CSV or KML.

Column names follow ACLED where one applies (``event_date``, ``location``, ``latitude``,
``longitude``, ``geo_precision``, ``admin1``-``admin3``, ``country``, ``iso``, ``source``,
``notes``, ``fatalities``), so the files drop into the tools analysts already use. Every
file is written beside its target and renamed into place, never left half-written.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
import zipfile
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
    "LATEST_EVENT_DAYS",
    "changes_frame",
    "cited_claims",
    "claims_frame",
    "date_layers",
    "events_frame",
    "export_changes",
    "export_date",
    "export_timeline",
    "intervals_frame",
    "kml_text",
    "latest_events_since",
    "latest_layers",
    "latest_states",
    "states_frame",
    "timeline_layers",
    "write_layers",
]

FORMATS = ("geojson", "gpkg", "csv", "kml", "kmz")
SUFFIX = {"geojson": ".geojson", "gpkg": ".gpkg", "csv": ".csv", "kml": ".kml", "kmz": ".kmz"}
#: How far back the latest date's events layer reaches (besides the events its map shows).
LATEST_EVENT_DAYS = 28
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


_ADMIN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _admin(resolver: Resolver) -> pd.DataFrame:
    """admin1-admin3 and country names for every place, from the gazetteer's hierarchy.

    Computed once per gazetteer: a build asks for it for every file it writes.
    """
    g = resolver.gazetteer
    found = _ADMIN.get(g)
    if found is not None:
        return found
    kinds = g.places["kind"].to_numpy(dtype=object)
    names = g.places["name"].to_numpy(dtype=object)
    chain = np.concatenate([np.arange(len(g))[:, None], g.ancestor_rows], axis=1)
    rows = np.arange(len(g))
    out = {}
    first = np.full(len(g), -1)
    for col, kind in (
        ("admin1", "governorate"),
        ("admin2", "district"),
        ("admin3", "subdistrict"),
        ("country", "country"),
    ):
        hit = np.where(chain >= 0, kinds[np.maximum(chain, 0)] == kind, False)
        first = np.where(hit.any(axis=1), chain[rows, hit.argmax(axis=1)], -1)
        out[col] = np.where(first >= 0, names[np.maximum(first, 0)], "")
    ids = np.array(g.ids, dtype=object)
    iso = pd.Series(ids[np.maximum(first, 0)]).map(ISO).astype("Int64").astype("str").fillna("")
    out["iso"] = np.where(first >= 0, iso.to_numpy(dtype=object), "")
    frame = _ADMIN[g] = pd.DataFrame(out, index=g.ids)
    return frame


# The last resolver's claims (held weakly) and their table: a resolver is not hashable.
_WHO: list = [lambda: None, None]
_WHO_COLUMNS = ("claimant", "outlet", "status")


def _who(resolver: Resolver) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each claim's claimant, outlet and review status, by claim number (its first row).

    The numbers are :meth:`Resolver.claim_numbers`; each column is held as a number per
    claim and the few distinct values (a million claims name a few hundred sources): as
    Python strings the three columns took ≈ 250 MB in every process that wrote a file.
    Made once per resolver's claims: every date's changes look their claims up in it.
    """
    if _WHO[0]() is not resolver.claims:
        _, first = np.unique(resolver.claim_numbers().rows, return_index=True)
        table = {}
        for col in _WHO_COLUMNS:
            codes, names = pd.factorize(resolver.claims[col].take(first))
            # -1 (a missing value) picks the None appended at the end.
            table[col] = (codes.astype(np.int32), np.append(names.to_numpy(dtype=object), None))
        _WHO[:] = [weakref.ref(resolver.claims), table]
    return _WHO[1]


def _source_names(resolver: Resolver, ids: pd.Series) -> pd.Series:
    """The outlets and claimants behind each row's claims, by name.

    Claims previewed with ``--include`` are not in the dataset: their rows come from the
    resolver's claims, and their outlet and claimant are marked NOT REVIEWED (a candidate
    may even name a source id that sources.csv does not know). Names keep the order of
    the claims (each claim's claimant, then its outlet), each once.
    """
    unique = pd.Series(pd.unique(ids.astype("str").to_numpy(dtype=object)), dtype=object)
    # Thousands of places share the same few claim lists (a baseline inherited from a unit):
    # the lists are exploded once each, into one row per claim, and joined back in order.
    pairs = unique.str.split(";").explode()
    pairs = pd.DataFrame({"row": pairs.index.to_numpy(), "claim_id": pairs.to_numpy(dtype=object)})
    pairs = pairs[pairs["claim_id"].notna() & (pairs["claim_id"] != "")]
    c = _who(resolver)
    at = resolver.claim_numbers().of(pairs["claim_id"].to_numpy(dtype=object))
    pairs = pairs[at >= 0]
    found = pairs.assign(**{col: names[codes[at[at >= 0]]] for col, (codes, names) in c.items()})
    found = found.assign(order=np.arange(len(found)))
    names = dict(zip(resolver.dataset.sources["id"], resolver.dataset.sources["name"], strict=True))
    who = pd.concat(
        [
            found[["row", "order", "claimant", "status"]].rename(columns={"claimant": "sid"}).assign(k=0),
            found[["row", "order", "outlet", "status"]].rename(columns={"outlet": "sid"}).assign(k=1),
        ]
    )
    who = who[who["sid"].notna() & (who["sid"] != "")].sort_values(["row", "order", "k"], kind="stable")
    name = who["sid"].map(names).fillna(who["sid"]).astype(object)
    name = name + np.where(who["status"].fillna("").to_numpy(dtype=object) != "", " (NOT REVIEWED)", "")
    listed = pd.DataFrame({"row": who["row"].to_numpy(), "name": name.to_numpy(dtype=object)})
    listed = listed.drop_duplicates(["row", "name"])
    joined = listed.groupby("row", sort=False)["name"].agg("; ".join)
    text = joined.reindex(range(len(unique))).fillna("").to_numpy(dtype=object)
    return ids.map(dict(zip(unique, text, strict=True))).astype("str")


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
            "n_claims": s["n_claims"].astype(int),
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


def _xml(values) -> np.ndarray:
    """XML-escaped text of each value (``&``, ``<``, ``>``), as an object array."""
    text = pd.Series(values, dtype=object).astype(str)
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        text = text.str.replace(raw, entity, regex=False)
    return text.to_numpy(dtype=object)


def kml_text(frame: gpd.GeoDataFrame, styles: dict[str, str]) -> str:
    """KML that Google Earth colours by state and puts on its time slider.

    Written by hand rather than through GDAL's KML driver, which writes neither styles nor
    times. One ``Style`` per state; each placemark has a ``TimeStamp`` (a date's file) or,
    for the timeline's intervals, a ``TimeSpan`` from the day the state began to the day
    the place's next state began, so the slider shows the state in effect on every day.
    Descriptions are shown as HTML by viewers, so the report text in them is HTML-escaped,
    then XML-escaped like every other value. Built column by column (tens of thousands of
    placemarks for a year's timeline), not row by row.
    """
    intervals = "valid_from" in frame
    fields = INTERVAL_KML_FIELDS if intervals else KML_FIELDS
    head = [
        '<?xml version="1.0" encoding="utf-8" ?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2">',
        '<Document id="root_doc">',
    ]
    for state in sorted(set(frame["state"])):
        colour = _kml_colour(styles.get(state, "#888888"))
        head.append(
            f'<Style id="state-{_xml([state])[0]}"><IconStyle><color>{colour}</color><scale>0.9</scale></IconStyle>'
            f"<LabelStyle><scale>0.8</scale></LabelStyle></Style>"
        )
    head.append('<Schema name="states" id="states">')
    head += [f'\t<SimpleField name="{name}" type="{kind}"></SimpleField>' for name, kind in fields]
    head += ["</Schema>", "<Folder><name>states</name>"]
    n = len(frame)
    if intervals:
        until = frame["valid_until"].astype(str).to_numpy(dtype=object)
        ends = np.where(until != "", "<end>" + until + "</end>", "")
        when = "<TimeSpan><begin>" + frame["valid_from"].astype(str).to_numpy(dtype=object) + "</begin>" + ends
        when = when + "</TimeSpan>"
    else:
        when = "<TimeStamp><when>" + frame["event_date"].astype(str).to_numpy(dtype=object) + "</when></TimeStamp>"
    data = np.full(n, "", dtype=object)
    for name, _ in fields:
        values = frame[name].astype(str).to_numpy(dtype=object)
        cell = f'<SimpleData name="{name}">' + _xml(values) + "</SimpleData>"
        data = data + np.where(values != "", cell, "")
    description = (frame["state_label"].astype(str) + ": " + frame["notes"].astype(str)).map(escape.text)
    ids = pd.Series(np.arange(1, n + 1)).astype(str).to_numpy(dtype=object)
    lon = frame["longitude"].astype(str).to_numpy(dtype=object)
    lat = frame["latitude"].astype(str).to_numpy(dtype=object)
    marks = (
        '  <Placemark id="states.'
        + ids
        + '"><name>'
        + _xml(frame["location"].to_numpy(dtype=object))
        + "</name><description>"
        + _xml(description.to_numpy(dtype=object))
        + "</description>"
        + when
        + "<styleUrl>#state-"
        + _xml(frame["state"].to_numpy(dtype=object))
        + '</styleUrl><ExtendedData><SchemaData schemaUrl="#states">'
        + data
        + "</SchemaData></ExtendedData><Point><coordinates>"
        + lon
        + ","
        + lat
        + "</coordinates></Point></Placemark>"
    )
    return "\n".join([*head, *marks.tolist(), "</Folder>", "</Document></kml>", ""])


def _write_kml(frame: gpd.GeoDataFrame, path: Path, styles: dict[str, str]) -> None:
    """:func:`kml_text` written to ``path``."""
    path.write_text(kml_text(frame, styles), encoding="utf-8")


def _write_kmz(frame: gpd.GeoDataFrame, path: Path, styles: dict[str, str]) -> None:
    """The KML of :func:`kml_text` zipped as ``doc.kml``: a KMZ, which Google Earth opens.

    The zip entry's time is fixed, so the same inputs give the same bytes.
    """
    info = zipfile.ZipInfo("doc.kml", date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(info, kml_text(frame, styles).encode("utf-8"), compresslevel=9)


def _write(layers: dict[str, gpd.GeoDataFrame], fmt: str, out: Path, styles: dict[str, str] | None = None) -> Path:
    """Write ``layers`` to ``out`` through a temporary file in the same folder.

    CSV cells that a spreadsheet would run as a formula are neutralised
    (:func:`aleppo_map.escape.spreadsheet_cell`); the file gets the umask's mode.
    """
    out = Path(out)
    if out.suffix == ".zip" and fmt != "kmz":
        return _write_zipped(layers, fmt, out, styles)
    with atomic_path(out, SUFFIX[fmt]) as tmp:
        if fmt == "gpkg":
            # GeoPackages record a "last change" time: make it the data's date, not the clock's,
            # so the same inputs give the same bytes.
            stamp = str(layers["states"]["event_date"].max()) if len(layers["states"]) else "2000-01-01"
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": f"{stamp}T00:00:00.000Z"})
            try:
                for name, frame in layers.items():
                    # No R-tree: it adds a fifth to the file, and GIS tools scan a few
                    # hundred thousand points at once without one (or build their own).
                    frame.to_file(
                        tmp, layer=name, driver="GPKG", engine="pyogrio", layer_options={"SPATIAL_INDEX": "NO"}
                    )
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
            elif fmt == "kmz":
                _write_kmz(frame, tmp, styles or {})
    return out


def _write_zipped(layers: dict[str, gpd.GeoDataFrame], fmt: str, out: Path, styles: dict[str, str] | None) -> Path:
    """``layers`` as ``fmt`` zipped at ``out``: one entry, ``out``'s name without ``.zip``.

    For downloads that compress threefold (a GeoPackage's text). The entry's time is fixed, so the same inputs give the same bytes.
    """
    inner = out.name[: -len(".zip")]
    with atomic_path(out, ".zip") as tmp, tempfile.TemporaryDirectory(dir=out.parent, prefix=".zip-") as scratch:
        plain = _write(layers, fmt, Path(scratch) / inner, styles)
        info = zipfile.ZipInfo(inner, date_time=(2000, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with zipfile.ZipFile(tmp, "w") as z, z.open(info, "w") as entry, plain.open("rb") as src:
            shutil.copyfileobj(src, entry, 1 << 20)
    return out


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _cited_ids(states: pd.DataFrame) -> np.ndarray:
    """The claim ids a file's rows cite (in ``claims`` or ``contradicting``), each once."""
    lists = [states[c].astype("str") for c in ("claims", "contradicting") if c in states]
    if not lists:
        return np.array([], dtype=object)
    joined = pd.Series(pd.unique(pd.concat(lists).to_numpy(dtype=object)), dtype=object)
    ids = joined.str.split(";").explode()
    return pd.unique(ids[ids.notna() & (ids != "")].to_numpy(dtype=object))


def cited_claims(resolver: Resolver, states: pd.DataFrame) -> gpd.GeoDataFrame:
    """The claims a file's rows cite (in ``claims`` or ``contradicting``), as points.

    Not every claim up to the date: at a year's scale that is a million rows per file,
    and a claim no state rests on is still in the data folder and in ``explain``.
    """
    c = resolver.dataset.claims
    c = c[c["id"].isin(_cited_ids(states))].drop(columns=["line"], errors="ignore")
    c = c.rename(columns={"id": "claim_id", "about_date": "event_date", "except": "except_places"})
    return _at_places(resolver, c.reset_index(drop=True))


def date_layers(
    resolver: Resolver,
    date,
    states: pd.DataFrame,
    areas: gpd.GeoDataFrame,
    events_since=None,
) -> dict[str, gpd.GeoDataFrame]:
    """A date's GeoPackage layers, computed once for every format.

    The places with a state, their states, the claims the states cite, the events up to
    the date (after ``events_since`` when given) and the estimated areas. The GeoJSON,
    CSV and KML files hold the ``states`` layer.
    """
    frame = states_frame(resolver, date, states=states)
    return {
        "places": frame[PLACE_COLUMNS],
        "states": frame,
        "claims": cited_claims(resolver, frame),
        "events": events_frame(resolver, since=events_since, until=date),
        "areas": areas.assign(event_date=as_day(date).strftime("%Y-%m-%d")),
    }


def write_layers(resolver: Resolver, layers: dict[str, gpd.GeoDataFrame], fmt: str, out: Path | str) -> Path:
    """Write :func:`date_layers` (or :func:`timeline_layers`) in one format.

    A GeoPackage holds every layer, the other formats the ``states`` layer.
    """
    _check(fmt)
    return _write(layers if fmt == "gpkg" else {"states": layers["states"]}, fmt, out, kml_styles(resolver))


def latest_states(snapshot: Snapshot) -> pd.DataFrame:
    """The latest date's states as its map cites them.

    The first and the latest claims behind each state (``claims``, as the popup lists
    them; ``n_claims`` counts them all) and every claim against it (``contradicting``:
    its denials among them). A place held all year rests on a hundred routine confirmations; listing them all put a
    million claims in the latest GeoPackage. ``aleppo-map export`` keeps every claim.
    """
    full = snapshot.full_states if snapshot.full_states is not None else snapshot.states
    return snapshot.states.assign(contradicting=full["contradicting"].to_numpy())


def latest_events_since(date: pd.Timestamp, previous: pd.Timestamp | None) -> pd.Timestamp:
    """The day after which the latest date's events layer starts.

    The layer holds the events its map shows (those after the previous map,
    ``previous``) and at least those of the last :data:`LATEST_EVENT_DAYS` days, not every
    event of the year.
    """
    weeks = as_day(date) - pd.Timedelta(days=LATEST_EVENT_DAYS)
    return min(weeks, as_day(previous)) if previous is not None else weeks


def latest_layers(resolver: Resolver, snapshot: Snapshot) -> dict[str, gpd.GeoDataFrame]:
    """The latest date's download layers, as its map shows them.

    See :func:`latest_states` and :func:`latest_events_since`; computed once for every
    format, from the snapshot the page was made from (no date is resolved again). No
    ``places`` layer: its rows would be the states layer's, which has every place column.
    """
    layers = date_layers(
        resolver,
        snapshot.date,
        latest_states(snapshot),
        snapshot.areas,
        events_since=latest_events_since(snapshot.date, snapshot.previous),
    )
    del layers["places"]
    return layers


def export_date(
    resolver: Resolver,
    date,
    fmt: str,
    out: Path | str,
    model: MapModel | None = None,
    states=None,
) -> Path:
    """One date with every claim of every state.

    States (GeoJSON, CSV, KML, KMZ), or every layer (GeoPackage), with every event up to
    the date. ``states`` may pass the date's states (:meth:`Resolver.states`, every claim listed)
    when the caller has them. A site's latest downloads are :func:`latest_layers`.
    """
    _check(fmt)
    resolved = states if states is not None else resolver.states(date, cache=False)
    if fmt != "gpkg":
        return write_layers(resolver, {"states": states_frame(resolver, date, states=resolved)}, fmt, out)
    # A date's file lists the places with a state; the timeline's has the whole gazetteer.
    areas = (model or MapModel(resolver, dates=[date])).areas(resolved)
    return write_layers(resolver, date_layers(resolver, date, resolved, areas), fmt, out)


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


def timeline_layers(
    resolver: Resolver, dates, intervals: gpd.GeoDataFrame | None = None
) -> dict[str, gpd.GeoDataFrame]:
    """Every date at once, as layers.

    The state intervals per place (:func:`intervals_frame`), the whole gazetteer
    (``places``), the claims the intervals cite and every event up to the last date; the
    estimated areas are in the latest date's file. ``intervals`` may pass
    :func:`intervals_frame` when the caller has it.
    """
    days = sorted({as_day(d) for d in dates})
    if not days:
        raise ValueError("no dates to export: the dataset has no claim")
    states = intervals if intervals is not None else intervals_frame(resolver, until=days[-1])
    return {
        "places": _place_columns(resolver),
        "states": states,
        "claims": cited_claims(resolver, states),
        "events": events_frame(resolver, until=days[-1]),
    }


def export_timeline(
    resolver: Resolver,
    dates,
    fmt: str,
    out: Path | str,
    model: MapModel | None = None,
    intervals: gpd.GeoDataFrame | None = None,
) -> Path:
    """Every date at once, as state intervals per place (:func:`timeline_layers`).

    Every layer in a GeoPackage, the intervals in the other formats.
    """
    _check(fmt)
    days = sorted({as_day(d) for d in dates})
    if not days:
        raise ValueError("no dates to export: the dataset has no claim")
    if fmt != "gpkg":
        states = intervals if intervals is not None else intervals_frame(resolver, until=days[-1])
        return write_layers(resolver, {"states": states}, fmt, out)
    return write_layers(resolver, timeline_layers(resolver, days, intervals), fmt, out)


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
