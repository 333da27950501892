"""The server-side map and trend say what the figures say, for any number of values."""

import xml.etree.ElementTree as ET

import pytest
from flask import current_app

from pilotes.reports import svg
from pilotes.reports.geometry import outlines

NS = {"s": "http://www.w3.org/2000/svg"}


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def draw(values, hidden=frozenset()):
    markup = svg.choropleth(
        outlines(current_app.config["NODE_MODULES_DIR"]), values, set(hidden), "Carte"
    )
    root = ET.fromstring(str(markup))
    fills = {
        element.get("data-code"): element.get("fill")
        for element in root.iter()
        if element.get("data-code")
    }
    legend = [
        (rect.get("fill"), text.text)
        for rect, text in zip(
            root.findall(".//s:rect[@class='legend']", NS),
            [t for t in root.findall(".//s:text", NS) if t.text and _after_legend(root, t)],
            strict=False,
        )
    ]
    return fills, legend


def _after_legend(root, text) -> bool:
    return float(text.get("y")) > 1120


SAMPLES = {
    0: {},
    1: {"35": 2.5},
    2: {"35": 0.7, "13": 1.3},
    3: {"35": 0.7, "13": 1.3, "69": 0.7, "29": 4.0},
    "many": {
        code: round(0.5 + i * 0.37, 1)
        for i, code in enumerate(
            [
                "01",
                "02",
                "03",
                "04",
                "05",
                "06",
                "07",
                "08",
                "09",
                "10",
                "11",
                "12",
                "13",
                "14",
                "15",
                "16",
                "17",
            ]
        )
    },
}


@pytest.mark.parametrize("sample", list(SAMPLES))
def test_classes_hold_every_value_in_order_for_any_number_of_values(app, sample):
    values = {**SAMPLES[sample], "75": 0.0, "2A": None}
    bounds = svg.classes(list(values.values()))
    distinct = sorted({v for v in values.values() if v})
    assert len(bounds) == min(5, len(distinct))
    assert bounds == sorted(set(bounds))  # strictly increasing, no repeated class
    if distinct:
        assert bounds[-1] == distinct[-1]  # the largest value is in the last class
    fills, legend = draw(values)
    colours = svg.palette(len(bounds))
    for code, value in values.items():
        if not value:
            assert fills[code] == svg.EMPTY
            continue
        index = colours.index(fills[code])
        assert value <= bounds[index] and (index == 0 or value > bounds[index - 1])
    assert [fill for fill, _ in legend] == [*colours, svg.EMPTY, "url(#hidden)"]
    assert legend[-2:] == [(svg.EMPTY, "aucune demande"), ("url(#hidden)", "nombre non publié")]


def test_the_palette_darkens_with_every_class(app):
    for k in range(1, 6):
        shades = [luminance(c) for c in svg.palette(k)]
        assert shades == sorted(shades, reverse=True) and len(set(shades)) == k
        assert all(shade < luminance(svg.EMPTY) for shade in shades)


def test_legend_bounds_increase(app):
    _, legend = draw(SAMPLES[2])
    assert [text for _, text in legend[:2]] == ["jusqu'à 0,7", "de 0,8 à 1,3"]


def test_hidden_cells_are_hatched_and_collectivities_are_on_the_map(app):
    fills, _ = draw({"35": 3.0, "987": 12.5, "988": 0.4}, hidden={"22", "975"})
    assert fills["22"] == fills["975"] == "url(#hidden)"
    for code in ("975", "977", "978", "986", "987", "988"):
        assert code in fills
    assert fills["987"] == svg.palette(3)[-1]
    assert fills["988"] == svg.palette(3)[0]
    assert all(code in fills for code in ("971", "972", "973", "974", "976", "2A", "2B"))


def test_a_hidden_week_is_a_gap_never_a_bar_of_zero(app):
    weeks = [
        {"week": "2026-11-02", "demands": 12, "confirmed": 5},
        {"week": "2026-11-09", "demands": None, "confirmed": None},
        {"week": "2026-11-16", "demands": 0, "confirmed": 0},
    ]
    root = ET.fromstring(str(svg.trend(weeks, "Semaines")))
    marks = root.findall(".//s:rect[@class='hidden-week']", NS)
    assert [m.get("data-week") for m in marks] == ["2026-11-09"]
    assert float(marks[0].get("y")) > 300  # under the axis, not a bar standing on it
    bars = [r for r in root.findall(".//s:rect", NS) if r.get("fill") in ("#cacafb", "#000091")]
    hidden_x = float(marks[0].get("x"))
    assert all(abs(float(bar.get("x")) - hidden_x) > 1 for bar in bars if bar.get("y") != "336")


def test_paris_and_the_petite_couronne_are_drawn_again_larger_with_the_same_colours(app):
    values = {"75": 9.0, "92": 1.0, "93": 4.0, "94": 2.0}
    markup = svg.choropleth(
        outlines(current_app.config["NODE_MODULES_DIR"]), values, {"94"}, "Carte"
    )
    root = ET.fromstring(str(markup))
    main = {e.get("data-code"): e.get("fill") for e in root.iter() if e.get("data-code")}
    inset = root.find(".//s:g[@class='inset']", NS)
    assert "scale(4)" in inset.get("transform")
    drawn = {e.get("data-inset"): e.get("fill") for e in inset}
    assert drawn == {code: main[code] for code in values}
    assert drawn["94"] == "url(#hidden)"
    assert "petite couronne" in "".join(root.itertext())
