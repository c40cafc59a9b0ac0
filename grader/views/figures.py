"""Pictures for the HTML report, as plain data and as inline SVG that opens offline.

Five kinds: `lines` (a function of yours over the reference's), `heatmap` (where
an array is wrong, and by how much), `heatmaps` (matrices side by side on one
colour scale, such as your attention weights beside the reference's), `regions`
(the classes a network predicts over the plane, with the data on top and a key to
which colour is which class), and `maps` (rows of small grey-scale images, such as
the feature maps of a convolution).
"""
import base64
import struct
import zlib
from dataclasses import dataclass, field

import numpy as np

COLOURS = ("#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700")
CLASS_RGB = np.array([(218, 232, 252), (253, 221, 221), (220, 244, 224), (235, 224, 250), (252, 240, 205)])
CLASS_POINT = ("#0550ae", "#a40e26", "#116329", "#6639ba", "#7d4e00")


@dataclass
class Figure:
    kind: str                 # lines, heatmap, heatmaps, regions or maps
    title: str                # a sentence above the picture
    data: dict = field(default_factory=dict)


def lines(title, x, series):
    """`series` maps a name ("yours", "reference") to y values over x."""
    return Figure("lines", title, {"x": np.asarray(x, float), "series": {k: np.asarray(v, float)
                                                                         for k, v in series.items()}})


def heatmap(title, values):
    return Figure("heatmap", title, {"values": np.asarray(values, float)})


def heatmaps(title, panels, scale, peak=None):
    """`panels` maps a name ("yours", "reference") to a matrix, drawn side by side on one colour scale that runs
    from 0 to `peak` (the largest value shown, when None) and is labelled `scale`."""
    return Figure("heatmaps", title, {"panels": {k: np.asarray(v, float) for k, v in panels.items()},
                                      "scale": scale, "peak": peak})


def regions(title, panels, points, labels, extent):
    """`panels` maps a name to a grid of predicted classes; `points` (n, 2) with `labels` (n,)."""
    return Figure("regions", title, {"panels": {k: np.asarray(v) for k, v in panels.items()},
                                     "points": np.asarray(points, float), "labels": np.asarray(labels),
                                     "extent": tuple(extent)})


def maps(title, panels):
    """`panels` maps a name ("yours", "reference") to images (k, h, w), drawn side by side in one row."""
    return Figure("maps", title, {"panels": {k: np.asarray(v, float) for k, v in panels.items()}})


def to_svg(figure):
    """The figure as an <svg> element; every piece of text in it is escaped."""
    from markupsafe import Markup

    draw = {"lines": _lines_svg, "heatmap": _heatmap_svg, "heatmaps": _heatmaps_svg, "regions": _regions_svg,
            "maps": _maps_svg}[figure.kind]
    return Markup(draw(figure.data))


# --- drawing ----------------------------------------------------------------

def _share(value, low, high):
    """Where `value` lies from `low` (0) to `high` (1), an array's values too; 0 where the two are equal. Taken in
    halves, so that values near the largest float, whose span overflows, still give numbers."""
    span = high / 2 - low / 2
    return (value / 2 - low / 2) / span if span else value * 0.0


def _lines_svg(data, width=420, height=240, margin=36):
    x, series = data["x"], data["series"]
    finite = np.concatenate([y[np.isfinite(y)] for y in series.values()] + [np.zeros(1)])
    low, high = float(finite.min()), float(finite.max())
    if high - low < 1e-9:
        low, high = low - 1, high + 1

    def point(xv, yv):
        px = margin + (xv - x.min()) / (x.max() - x.min()) * (width - 2 * margin)
        # Halves: a learner's values near the largest float would overflow their span to inf, and the point to NaN.
        py = height - margin - _share(min(max(yv, low), high), low, high) * (height - 2 * margin)
        return f"{px:.1f},{py:.1f}"

    parts = [f'<svg class="figure" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">',
             f'<rect x="{margin}" y="{margin}" width="{width - 2 * margin}" height="{height - 2 * margin}" '
             'fill="#fff" stroke="#d0d7de"/>',
             _text(margin - 4, margin + 4, f"{high:.3g}", "end"), _text(margin - 4, height - margin, f"{low:.3g}", "end"),
             _text(margin, height - margin + 14, f"{x.min():.3g}", "start"),
             _text(width - margin, height - margin + 14, f"{x.max():.3g}", "end")]
    for index, (name, y) in enumerate(series.items()):
        colour = COLOURS[index % len(COLOURS)]
        dash = ' stroke-dasharray="6 4"' if index else ""
        points = " ".join(point(a, b) for a, b in zip(x, y) if np.isfinite(b))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        parts.append(f'<rect x="{margin + 8 + 110 * index}" y="{margin - 20}" width="14" height="4" fill="{colour}"/>')
        parts.append(_text(margin + 26 + 110 * index, margin - 14, name, "start"))
    parts.append("</svg>")
    return "".join(parts)


# The side a heat map's grid spans at least, in pixels: a 3 x 3 array of the smallest cells would be a speck beside
# the other pictures (240 pixels), and its colours hard to tell apart.
SMALLEST_GRID = 150
LARGEST_CELL = 48
# The cells a heat map shows along each axis at most: a larger array shows the window around its largest value.
WINDOW = 24


def _heatmap_svg(data, cell=22, margin=30):
    return _heatmaps_svg({"panels": {"": data["values"]}, "scale": "difference", "peak": None}, cell, margin)


def _heatmaps_svg(data, cell=22, margin=30, gap=36):
    whole = {name: np.atleast_2d(values) for name, values in data["panels"].items()}
    # The colours span the whole arrays, whatever part of them is drawn.
    finite = [values[np.isfinite(values)] for values in whole.values()]
    peak = data["peak"] or float(max([values.max() for values in finite if values.size] + [0.0])) or 1.0
    # Panels side by side (yours, the reference's) show the same cells: those around where the first two differ most.
    shapes = {values.shape for values in whole.values()}
    pair = list(whole.values())[:2] if len(whole) > 1 and len(shapes) == 1 else None
    windows = {name: _window(np.abs(pair[0] - pair[1]) if pair else values) for name, values in whole.items()}
    around = "where they differ most" if pair else "the largest " + data["scale"]
    panels = {name: values[windows[name]] for name, values in whole.items()}
    labels = {name: _window_label(name, whole[name].shape, *windows[name], around) for name in whole}
    # A small array's cells grow, up to LARGEST_CELL, until its grid spans SMALLEST_GRID; a large one's keep `cell`.
    longest = max((max(values.shape) for values in panels.values()), default=1)
    cell = max(cell, min(LARGEST_CELL, SMALLEST_GRID // max(longest, 1)))
    rows = max(values.shape[0] for values in panels.values())
    top = margin + (16 if any(labels.values()) else 0)
    scale_top = top + rows * cell + 12
    lefts, left = [], margin
    for values in panels.values():
        lefts.append(left)
        left += values.shape[1] * cell + gap
    width, height = max(left - gap + 8, 260), scale_top + 34
    parts = [f'<svg class="figure" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    parts += _colour_scale(margin, scale_top, 160, peak, data["scale"])
    for (name, values), left in zip(panels.items(), lefts):
        if labels[name]:
            parts.append(_text(left, margin - 4, labels[name], "start"))
        parts += _cells(values, left, top, cell, peak, windows[name][0].start, windows[name][1].start)
    parts.append("</svg>")
    return "".join(parts)


def _window(values):
    """(rows, columns): slices of the part of an array of `values`' shape (2-D) a heat map draws, at most WINDOW along
    each axis, around the largest of `values` (a value that is not finite counts as the largest)."""
    scores = np.where(np.isfinite(values), values, np.inf)
    worst = np.unravel_index(int(np.argmax(scores)), values.shape) if values.size else (0, 0)
    return tuple(slice(start, start + WINDOW) for start in
                 (min(max(at - WINDOW // 2, 0), max(length - WINDOW, 0)) for at, length in zip(worst, values.shape)))


def _window_label(name, shape, rows, columns, around):
    """The panel's name, with the rows and columns drawn where they are not all of them, and `around` what."""
    parts = [f"{axis} {window.start}-{min(window.stop, length) - 1} of {length}"
             for axis, window, length in (("rows", rows, shape[0]), ("columns", columns, shape[1]))
             if window.start > 0 or window.stop < length]
    if not parts:
        return name
    return (f"{name}: " if name else "") + " and ".join(parts) + f", around {around}"


def _cells(values, left, top, cell, peak, first_row=0, first_column=0):
    """One matrix as squares from white (0) to the strongest red (peak), its row and column numbers beside it
    (counted from `first_row` and `first_column`, where it is part of a larger array)."""
    rows, columns = values.shape
    parts = [_text(left - 6, top + row * cell + cell * 0.7, str(first_row + row), "end") for row in range(rows)]
    parts += [_text(left + column * cell + cell / 2, top - 6, str(first_column + column), "middle")
              for column in range(columns)]
    for row in range(rows):
        for column in range(columns):
            value = values[row, column]
            strength = 1.0 if not np.isfinite(value) else min(max(value / peak, 0.0), 1.0)
            red, green, blue = 255, int(255 - 200 * strength), int(255 - 200 * strength)
            parts.append(f'<rect x="{left + column * cell}" y="{top + row * cell}" width="{cell - 1}" '
                         f'height="{cell - 1}" fill="rgb({red},{green},{blue})"><title>[{first_row + row}, '
                         f'{first_column + column}] {value:.4g}</title></rect>')
    return parts


def _colour_scale(left, top, length, peak, label):
    """A bar from white (0) to the strongest red (peak), with its numbers and what it measures."""
    return ['<defs><linearGradient id="heat-scale"><stop offset="0" stop-color="rgb(255,255,255)"/>'
            '<stop offset="1" stop-color="rgb(255,55,55)"/></linearGradient></defs>',
            f'<rect x="{left}" y="{top}" width="{length}" height="10" fill="url(#heat-scale)" stroke="#d0d7de"/>',
            _text(left, top + 24, "0", "start"), _text(left + length, top + 24, f"{peak:.3g}", "end"),
            _text(left + length + 8, top + 9, label, "start")]


def _regions_svg(data, size=240, gap=24, key_entry=80, key_row=20):
    panels, points, labels = data["panels"], data["points"], data["labels"]
    left, right, bottom, top = data["extent"]
    width = len(panels) * (size + gap)
    found = np.unique(np.concatenate([np.ravel(_classes(grid)) for grid in panels.values()]
                                     + [np.ravel(_classes(labels))]))
    # One entry per colour at most: past them the colours repeat, and a grid of many values stays a small figure.
    classes = [int(label) for label in found[found >= 0][:len(CLASS_RGB)]]
    more = int(np.count_nonzero(found >= 0)) - len(classes)
    per_row = max(width // key_entry, 1)
    height = size + 30 + key_row * -(-(len(classes) + (more > 0)) // per_row)
    parts = [f'<svg class="figure" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for index, (name, grid) in enumerate(panels.items()):
        offset = index * (size + gap)
        rgb = CLASS_RGB[_colour_index(_classes(grid))].astype(np.uint8)
        parts.append(f'<image x="{offset}" y="20" width="{size}" height="{size}" preserveAspectRatio="none" '
                     f'style="image-rendering: pixelated" href="{_png_data_uri(rgb[::-1])}"/>')
        for (px, py), label in zip(points, _classes(labels)):
            cx = offset + (px - left) / (right - left) * size
            cy = 20 + size - (py - bottom) / (top - bottom) * size
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.2" '
                         f'fill="{CLASS_POINT[_colour_index(label)]}"/>')
        parts.append(_text(offset + size / 2, 14, name, "middle"))
    for place, label in enumerate(classes):
        x, y = (place % per_row) * key_entry, size + 30 + (place // per_row) * key_row
        colour = CLASS_RGB[_colour_index(label)]
        parts.append(f'<g class="class-key"><rect x="{x}" y="{y}" width="14" height="14" '
                     f'fill="rgb({colour[0]},{colour[1]},{colour[2]})" stroke="#d0d7de"/>'
                     f'<circle cx="{x + 7}" cy="{y + 7}" r="2.2" fill="{CLASS_POINT[_colour_index(label)]}"/>'
                     f'{_text(x + 20, y + 11, f"class {label}", "start")}</g>')
    if more:
        x, y = (len(classes) % per_row) * key_entry, size + 30 + (len(classes) // per_row) * key_row
        parts.append(_text(x, y + 11, f"and {more} more, in these colours again", "start"))
    parts.append("</svg>")
    return "".join(parts)


def _classes(values):
    """`values` as class numbers: what is no number of a class (NaN, infinite, negative) as -1."""
    values = np.asarray(values, float)
    return np.where(np.isfinite(values) & (values >= 0), np.minimum(values, 2 ** 31), -1).astype(int)


def _colour_index(label):
    """Where class `label` (a number or an array of them) finds its colours in CLASS_RGB and CLASS_POINT."""
    return np.maximum(label, 0) % len(CLASS_RGB)


def _maps_svg(data, size=56, gap=6, label=90):
    panels = data["panels"]
    count = min(max((len(images) for images in panels.values()), default=0), 24)
    width, height = label + count * (size + gap), len(panels) * (size + gap) + 4
    parts = [f'<svg class="figure" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for row, (name, images) in enumerate(panels.items()):
        top = row * (size + gap)
        parts.append(_text(label - 8, top + size / 2 + 4, name, "end"))
        for index, image in enumerate(images[:24]):
            # Each map on its own grey scale, black its lowest value and white its highest.
            finite = np.where(np.isfinite(image), image, 0.0)
            grey = np.round(255 * _share(finite, finite.min(), finite.max())).astype(np.uint8)
            rgb = np.repeat(grey[:, :, np.newaxis], 3, axis=2)
            parts.append(f'<image x="{label + index * (size + gap)}" y="{top}" width="{size}" height="{size}" '
                         f'preserveAspectRatio="none" style="image-rendering: pixelated" '
                         f'href="{_png_data_uri(rgb)}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _text(x, y, text, anchor):
    from markupsafe import escape

    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" fill="#57606a" text-anchor="{anchor}">'
            f"{escape(text)}</text>")


def _png_data_uri(rgb):
    """An (h, w, 3) uint8 array as a PNG data URI: the standard library's zlib is all a PNG needs."""
    height, width, _ = rgb.shape
    raw = b"".join(b"\x00" + row.tobytes() for row in rgb)

    def chunk(tag, payload):
        return (struct.pack(">I", len(payload)) + tag + payload
                + struct.pack(">I", zlib.crc32(tag + payload) & 0xFFFFFFFF))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
