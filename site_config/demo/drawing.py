"""The demo publication's generated media: illustrations drawn with Pillow
(deterministic per key, from ``content.IMAGES``) and episodes of realistic
length made from the short MP3 files shipped (``looped_mp3``)."""

import io
import math
import random
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

AUDIO_DIR = Path(__file__).resolve().parent / "audio"


def _font(size):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _gradient(size, top, bottom):
    """A vertical gradient from ``top`` to ``bottom`` (RGB tuples)."""
    width, height = size
    img = PILImage.new("RGB", size, top)
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return img


def _rgb(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _darker(rgb, factor=0.55):
    return tuple(round(c * factor) for c in rgb)


def _draw_network(draw, size, base, accent, light, rng):
    width, height = size
    nodes = [
        (rng.randint(60, width - 60), rng.randint(60, height - 60)) for _ in range(18)
    ]
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            if math.dist(a, b) < width / 4:
                draw.line([a, b], fill=light, width=3)
    for x, y in nodes:
        r = rng.randint(10, 26)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=accent, outline=light, width=3)


def _draw_circles(draw, size, base, accent, light, rng):
    width, height = size
    cx, cy = width // 2, height // 2
    for r in range(height // 2, 20, -45):
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=light, width=4)
    for _ in range(7):
        angle, dist = rng.uniform(0, 2 * math.pi), rng.uniform(0, height / 2.4)
        x, y = cx + dist * math.cos(angle), cy + dist * math.sin(angle)
        draw.ellipse([x - 14, y - 14, x + 14, y + 14], fill=accent)


def _draw_waves(draw, size, base, accent, light, rng):
    width, height = size
    for n in range(6):
        amplitude, offset = 20 + n * 14, height * (0.2 + n * 0.12)
        points = [
            (x, offset + amplitude * math.sin(x / (60 + n * 15) + n))
            for x in range(0, width + 10, 10)
        ]
        draw.line(points, fill=accent if n % 2 else light, width=5)


def _draw_bars(draw, size, base, accent, light, rng):
    width, height = size
    count, margin = 12, 80
    step = (width - 2 * margin) / count
    for i in range(count):
        top = height - margin - rng.randint(height // 6, height - 2 * margin)
        x0 = margin + i * step + 8
        fill = accent if i % 3 == 0 else light
        draw.rectangle([x0, top, x0 + step - 16, height - margin], fill=fill)
    baseline = height - margin
    draw.line([(margin, baseline), (width - margin, baseline)], fill=light, width=4)


def _draw_grid(draw, size, base, accent, light, rng):
    width, height = size
    cols, rows, gap = 5, 3, 24
    cell_w = (width - gap * (cols + 1)) / cols
    cell_h = (height - gap * (rows + 1)) / rows
    for row in range(rows):
        for col in range(cols):
            x0, y0 = gap + col * (cell_w + gap), gap + row * (cell_h + gap)
            fill = accent if rng.random() < 0.3 else light
            draw.rounded_rectangle(
                [x0, y0, x0 + cell_w, y0 + cell_h], radius=18, fill=fill
            )
            cx, cy = x0 + cell_w / 2, y0 + cell_h / 2.2
            draw.ellipse([cx - 22, cy - 22, cx + 22, cy + 22], fill=base)


def _draw_podcast(draw, size, base, accent, light, rng):
    """Square show artwork: sound rings, a microphone and the show's name."""
    width, height = size
    cx, cy = width // 2, int(height * 0.42)
    for r in range(520, 140, -90):
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=accent, width=10)
    draw.rounded_rectangle([cx - 70, cy - 190, cx + 70, cy + 60], radius=70, fill=light)
    draw.arc([cx - 120, cy - 90, cx + 120, cy + 130], 0, 180, fill=light, width=16)
    draw.line([(cx, cy + 130), (cx, cy + 200)], fill=light, width=16)
    draw.text((cx, height - 300), "Pressroom", font=_font(120), fill=light, anchor="mm")
    draw.text(
        (cx, height - 170),
        "le podcast du marketing B2B",
        font=_font(64),
        fill=accent,
        anchor="mm",
    )


MOTIFS = {
    "network": _draw_network,
    "circles": _draw_circles,
    "waves": _draw_waves,
    "bars": _draw_bars,
    "grid": _draw_grid,
    "podcast": _draw_podcast,
}


def draw_image(key, spec):
    """Draw one demo illustration (a PIL image); deterministic per key."""
    base, accent, light = (_rgb(c) for c in spec["colors"])
    img = _gradient(spec["size"], base, _darker(base))
    MOTIFS[spec["motif"]](
        ImageDraw.Draw(img), spec["size"], base, accent, light, random.Random(key)
    )
    return img


def png(key, spec):
    """The illustration ``key`` as PNG bytes."""
    buffer = io.BytesIO()
    draw_image(key, spec).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# -- audio: episodes of realistic length from short shipped clips -------------

# Bitrates (kbit/s) of MPEG-1 / MPEG-2 and 2.5 Layer III, by header index.
_BITRATES = {
    3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
}
_SAMPLE_RATES = {
    3: [44100, 48000, 32000],
    2: [22050, 24000, 16000],
    0: [11025, 12000, 8000],
}


def _mp3_frames(data):
    """The Layer III frames of ``data`` (after any ID3v2 tag), as
    ``(bytes, seconds)``, without a leading Xing/Info/VBRI header frame."""
    pos = 0
    if data[:3] == b"ID3":
        size = 0
        for byte in data[6:10]:
            size = (size << 7) | (byte & 0x7F)
        pos = 10 + size
    frames = []
    while pos + 4 <= len(data):
        header = int.from_bytes(data[pos : pos + 4], "big")
        if header >> 21 != 0x7FF:
            break
        version = (header >> 19) & 3
        bitrate_index = (header >> 12) & 0xF
        rate_index = (header >> 10) & 3
        padding = (header >> 9) & 1
        if version == 1 or bitrate_index in (0, 15) or rate_index == 3:
            break
        bitrate = _BITRATES[3 if version == 3 else 2][bitrate_index] * 1000
        rate = _SAMPLE_RATES[version][rate_index]
        samples = 1152 if version == 3 else 576
        length = samples // 8 * bitrate // rate + padding
        frame = data[pos : pos + length]
        if len(frame) < length:
            break
        frames.append((frame, samples / rate))
        pos += length
    if frames and any(tag in frames[0][0][:64] for tag in (b"Xing", b"Info", b"VBRI")):
        frames = frames[1:]
    return frames


def looped_mp3(path, seconds):
    """An MP3 of about ``seconds`` made by repeating the frames of the clip
    at ``path``: realistic episode lengths (minutes) without shipping
    megabytes or encoding anything, and without network."""
    frames = _mp3_frames(Path(path).read_bytes())
    if not frames:
        raise ValueError(f"No MPEG audio frames in {path}.")
    out = bytearray()
    total = 0.0
    while total < seconds:
        for frame, duration in frames:
            out += frame
            total += duration
            if total >= seconds:
                break
    return bytes(out)
