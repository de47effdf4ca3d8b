"""The index's pictures: charts on a real time axis with the sides' labels, thumbnails framed
on what changed."""

from __future__ import annotations

import itertools

import pandas as pd
from matplotlib.dates import date2num

from aleppo_map.charts import colours, over_time_chart, over_time_figure, thumbnail, thumbnail_figure
from aleppo_map.snapshot import MapModel


def test_chart_dates_are_spaced_by_the_days_between_them_and_states_are_named_by_label():
    series = pd.DataFrame(
        {
            "date": ["2024-11-26", "2024-11-29", "2024-11-30"] * 2,
            "state": ["red"] * 3 + ["disputed"] * 3,
            "places": [5, 4, 3, 0, 1, 2],
        }
    )
    fig = over_time_figure(series, "places", "t", "places", {"red": "#c00"}, {"red": "Red Crown"})
    ax = fig.axes[0]
    days = [date2num(pd.Timestamp(x)) if not isinstance(x, float) else x for x in ax.lines[0].get_xdata()]
    assert [round(b - a) for a, b in itertools.pairwise(days)] == [3, 1]
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["Red Crown", "disputed"]


def test_a_thumbnail_is_framed_on_the_places_that_changed(resolver):
    model = MapModel(resolver)
    snap = model.snapshot("2024-11-30", "2024-11-29")  # one change: Saraqib
    (pid,) = snap.changes["place_id"]
    place = snap.states.set_index("place_id").loc[pid]
    ax = thumbnail_figure(model, snap).axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < place["lon"] < x1 and y0 < place["lat"] < y1
    assert x1 - x0 < 3 and y1 - y0 < 3  # Syria is about 7 degrees wide


def test_thumbnails_of_different_maps_frame_what_changed_so_they_differ(resolver, tmp_path):
    model = MapModel(resolver)
    pictures, previous = [], None
    for day in model.dates:
        pictures.append(thumbnail(model, model.snapshot(day, previous), tmp_path / f"{day:%Y-%m-%d}.png").read_bytes())
        previous = day
    assert len(set(pictures)) == len(pictures)


def test_every_state_has_a_colour_the_sides_their_own(resolver):
    palette = colours(MapModel(resolver))
    sides = resolver.dataset.sides
    assert all(palette[s] == c for s, c in zip(sides["id"], sides["colour"], strict=True))
    for state in ("contested", "disputed", "unknown"):
        assert palette[state].startswith("#")
    assert len(set(palette.values())) == len(palette)  # no two states look alike


def test_the_same_chart_gives_the_same_png_bytes(tmp_path):
    series = pd.DataFrame({"date": ["2024-11-26", "2024-11-30"], "state": ["red", "red"], "places": [5, 3]})
    a = over_time_chart(series, "places", "t", "places", {"red": "#c00"}, tmp_path / "a.png")
    b = over_time_chart(series, "places", "t", "places", {"red": "#c00"}, tmp_path / "b" / "b.png")
    assert a.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert a.read_bytes() == b.read_bytes()


def test_a_thumbnail_is_a_small_palette_png_that_keeps_every_states_colour(resolver, tmp_path):
    import io

    from PIL import Image

    from aleppo_map.charts import THUMB_DPI

    model = MapModel(resolver)
    snap = model.snapshot("2024-11-30", "2024-11-29")
    path = thumbnail(model, snap, tmp_path / "t.png")
    assert path.stat().st_size <= 20_000  # a year of daily maps puts 365 of them on the index
    picture = Image.open(path)
    assert picture.mode == "P" and picture.size == (240, 240)
    raw = io.BytesIO()
    thumbnail_figure(model, snap).savefig(raw, format="png", dpi=THUMB_DPI)
    before = Image.open(io.BytesIO(raw.getvalue())).convert("RGB").getcolors(maxcolors=1 << 16)
    after = picture.convert("RGB").getcolors(maxcolors=256)
    # A state drawn on a few dots only (six contested places here) keeps its own colour.
    for state, colour in colours(model).items():
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        if any(c == rgb for _, c in before):
            assert any(c == rgb for _, c in after), state
    assert thumbnail(model, snap, tmp_path / "u.png").read_bytes() == path.read_bytes()
