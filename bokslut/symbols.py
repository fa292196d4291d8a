"""Signal symbols drawn from their colour and shape in `data/signaler.toml`.

Drawn at render time (Pillow) rather than shipped as images, so a kommun that changes a colour
in the data file gets matching symbols without touching a picture.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw

SIZE = 96  # pixels; placed at about 0.35 cm, so drawn large and scaled down for sharp edges


@cache
def symbol_png(shape: str, colour: str) -> bytes:
    image = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    pad = 6
    box = (pad, pad, SIZE - pad, SIZE - pad)
    outline = "#404040"
    if shape == "circle":
        draw.ellipse(box, fill=colour, outline=outline, width=3)
    elif shape == "ring":
        draw.ellipse(box, fill=colour if colour.upper() != "#FFFFFF" else "#FFFFFF", outline=outline, width=6)
    elif shape == "square":
        draw.rectangle(box, fill=colour, outline=outline, width=3)
    elif shape == "diamond":
        mid = SIZE // 2
        draw.polygon([(mid, pad), (SIZE - pad, mid), (mid, SIZE - pad), (pad, mid)], fill=colour, outline=outline)
    elif shape.startswith("arrow"):
        _arrow(draw, shape.removeprefix("arrow-"), colour)
    else:
        raise ValueError(f"okänd symbolform: {shape}")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _arrow(draw: ImageDraw.ImageDraw, direction: str, colour: str) -> None:
    s, m, w = SIZE, SIZE // 2, 14
    up = [(m, 6), (s - 10, m), (m + w, m), (m + w, s - 6), (m - w, s - 6), (m - w, m), (10, m)]
    turned = {
        "up": up,
        "down": [(x, s - y) for x, y in up],
        "right": [(s - y, x) for x, y in up],
    }[direction]
    draw.polygon(turned, fill=colour)
