"""KML for Google Earth: coloured by state, and on its time slider."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pyogrio

from aleppo_map.dataset import Dataset
from aleppo_map.export import export_date, export_timeline
from aleppo_map.states import Resolver

K = "{http://www.opengis.net/kml/2.2}"


def test_a_dates_kml_colours_each_place_by_its_sides_colour_and_stamps_the_date(tinywar, tmp_path):
    resolver = Resolver(Dataset.load(tinywar))
    path = export_date(resolver, "2020-02-05", "kml", tmp_path / "d.kml")
    root = ET.parse(path).getroot()
    styles = {s.get("id"): s.find(f"{K}IconStyle/{K}color").text for s in root.iter(f"{K}Style")}
    red = resolver.dataset.sides.set_index("id").loc["red", "colour"].lstrip("#").lower()
    assert styles["state-red"].lower() == "ff" + red[4:6] + red[2:4] + red[0:2]  # KML writes aabbggrr
    marks = list(root.iter(f"{K}Placemark"))
    assert marks
    for mark in marks:
        assert mark.find(f"{K}styleUrl").text.lstrip("#") in styles
        assert mark.find(f"{K}TimeStamp/{K}when").text == "2020-02-05"
    zenda = next(m for m in marks if m.find(f"{K}name").text == "Zenda")
    assert zenda.find(f"{K}styleUrl").text == "#state-blue"
    assert len(pyogrio.read_dataframe(path)) == len(marks)  # GIS tools still read it


def test_the_timeline_kml_gives_each_state_a_time_span_from_its_first_day_until_the_places_next_state(
    tinywar, tmp_path
):
    resolver = Resolver(Dataset.load(tinywar))
    dates = resolver.change_dates()
    path = export_timeline(resolver, dates, "kml", tmp_path / "t.kml")
    root = ET.parse(path).getroot()
    spans: dict[str, list[tuple[str, str | None, str]]] = {}
    for mark in root.iter(f"{K}Placemark"):
        data = {d.get("name"): d.text for d in mark.iter(f"{K}SimpleData")}
        begin = mark.find(f"{K}TimeSpan/{K}begin").text
        end = mark.find(f"{K}TimeSpan/{K}end")
        spans.setdefault(data["place_id"], []).append((begin, end.text if end is not None else None, data["state"]))
    assert spans["zenda"] == [
        ("2020-01-01", "2020-02-03", "red"),
        ("2020-02-03", "2020-02-05", "contested"),
        ("2020-02-05", None, "blue"),
    ]
    for place, runs in spans.items():
        for begin, end, state in runs:
            # The slider shows, on every day of the span, the state the resolver gives that day.
            for day in [
                d for d in dates if d.strftime("%Y-%m-%d") >= begin and (end is None or d.strftime("%Y-%m-%d") < end)
            ]:
                assert resolver.states(day).set_index("place_id").loc[place, "state"] == state, (place, day)
