"""Outlines of the départements for maps drawn on the server (the PDF report).

They come from the map component of @gouvfr/dsfr-chart (installed by `npm ci`), which
ships them as SVG paths: 96 metropolitan départements in one frame, and one frame per
overseas département. The version is pinned in package.json; a test checks that all
101 départements are found, so an upgrade that moves them fails loudly.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MAP_MODULE = "@gouvfr/dsfr-chart/dist/MapChart/MapChart.js"
OVERSEAS = ("971", "972", "973", "974", "976")
_PATH = re.compile(r'class: "FR-([0-9AB]+)",(?:\s*style: [^\n]*\n)?\s*d: "([^"]+)"')
# Each overseas map is its own <svg>, whose attributes (with the viewBox) are a constant.
_FRAME = re.compile(r'([\w$]+) = \{\s*xmlns: "http://www.w3.org/2000/svg",\s*viewBox: "([\d. ]+)"')
_SVG_USE = re.compile(r'rt\("svg", ([\w$]+)')


@dataclass(frozen=True)
class Outlines:
    metropole: dict[str, str]  # code -> SVG path, in METROPOLE_BOX
    overseas: dict[str, tuple[str, str]]  # code -> (viewBox, SVG path)
    metropole_box: str = "0 0 1010 1010"


@lru_cache(maxsize=1)
def outlines(node_modules: str) -> Outlines:
    source = (Path(node_modules) / MAP_MODULE).read_text(encoding="utf-8")
    paths = dict(_PATH.findall(source))
    boxes = dict(_FRAME.findall(source))
    frames = {}
    for code in OVERSEAS:
        position = source.find(f'class: "FR-{code}"')
        svgs = list(_SVG_USE.finditer(source, 0, max(position, 0)))
        if position > 0 and svgs and svgs[-1].group(1) in boxes:
            frames[code] = boxes[svgs[-1].group(1)]
    metropole = {code: d for code, d in paths.items() if code not in OVERSEAS}
    overseas = {
        code: (frames[code], paths[code]) for code in OVERSEAS if code in paths and code in frames
    }
    return Outlines(metropole, overseas)
