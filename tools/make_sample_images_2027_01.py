#!/usr/bin/env python3
"""Generate the sample-issue pictures for the Ledger No. 38 (January 2027).

Like tools/make_sample_images.py (whose drawing helpers this script imports
and reuses), every picture is drawn from scratch with Pillow: stylised
stand-ins for news photographs plus one bar chart. Output is deterministic
(one seeded random.Random per image, no EXIF, no timestamps), so two runs
give byte-identical files. The script also writes CREDITS.md.

    python tools/make_sample_images_2027_01.py [--out DIR] [--font-dir DIR] [--only NAME ...]
"""
import argparse
import importlib.util
import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "issues/ledger-2027-01/images"
DEFAULT_FONTS = ROOT / "fonts"


def _load_base():
    """Import tools/make_sample_images.py by path (tools/ is not a package)."""
    path = Path(__file__).resolve().with_name("make_sample_images.py")
    spec = importlib.util.spec_from_file_location("make_sample_images", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


base = _load_base()
mix, jit, haze, vgrad, glow, light_patch = (base.mix, base.jit, base.haze, base.vgrad,
                                            base.glow, base.light_patch)
facade, figure, tree, crane, water, boat = (base.facade, base.figure, base.tree, base.crane,
                                            base.water, base.boat)
bunting, floodlight, tram, car, terrace = (base.bunting, base.floodlight, base.tram, base.car,
                                           base.terrace)
P, quad, rect3, cuboid, room = base.P, base.quad, base.rect3, base.cuboid, base.room
finish, canvas, yacht = base.finish, base.canvas, base.yacht

# Scenes are drawn on the old script's half-size canvases (1200 px wide for the
# 2400 px pictures) and finish() scales them to the output size, so the 1600 px
# pictures for one or two columns share the same drawing units. The night
# harbour panorama needs a 3:1 canvas, which the old table lacks.
base.SIZES.setdefault("3:1", (4800, 1600))
LARGE = {"3:2": (2400, 1600), "16:9": (2400, 1350), "4:3": (2400, 1800), "3:4": (1800, 2400),
         "3:1": (4800, 1600)}
SMALL = {"3:2": (1600, 1067), "16:9": (1600, 900), "4:3": (1600, 1200), "3:4": (1600, 2133)}
FONT_DIR = DEFAULT_FONTS
GRAIN = 3.5  # a little finer than the December set's 5, to keep the folder under ~12 MB

SKINS = [(238, 202, 178), (228, 180, 150), (206, 152, 118), (172, 120, 88), (128, 86, 62),
         (98, 66, 50)]
HAIRS = [(36, 30, 26), (64, 46, 34), (112, 78, 46), (196, 164, 112), (150, 146, 140),
         (222, 218, 208), (156, 74, 42)]
CLOTHES = [(40, 62, 112), (156, 42, 46), (58, 112, 82), (222, 180, 58), (92, 92, 98),
           (204, 112, 62), (118, 72, 132), (32, 36, 44), (232, 228, 216), (70, 132, 172),
           (150, 120, 90)]


def font(name, size):
    return ImageFont.truetype(str(FONT_DIR / name), size)


# ---------------------------------------------------------------- light and air
def clouds(img, rng, n, y0, y1, col=(14, 14, 12), wr=(200, 500), hr=(20, 50), blur=20,
           lighten=False):
    """Soft cloud bands: darker (or lighter) blurred ellipses over the sky."""
    layer = Image.new("RGB", img.size, (0, 0, 0))
    ld = ImageDraw.Draw(layer)
    for _ in range(n):
        x, y = rng.uniform(-200, img.width), rng.uniform(y0, y1)
        ld.ellipse([x, y, x + rng.uniform(*wr), y + rng.uniform(*hr)], fill=col)
    layer = layer.filter(ImageFilter.GaussianBlur(blur))
    return ImageChops.add(img, layer) if lighten else ImageChops.subtract(img, layer)


def glows(img, items):
    """Many soft additive lights at once: items = (x, y, radius, colour, strength).

    Same result as base.glow() per item, but one layer and one blur per radius."""
    by_r = {}
    for x, y, r, col, s in items:
        by_r.setdefault(int(r), []).append((x, y, col, s))
    for r in sorted(by_r):
        layer = Image.new("RGB", img.size, (0, 0, 0))
        ld = ImageDraw.Draw(layer)
        for x, y, col, s in by_r[r]:
            ld.ellipse([x - r, y - r, x + r, y + r], fill=tuple(int(v * s) for v in col))
        img.paste(ImageChops.add(img, layer.filter(ImageFilter.GaussianBlur(r * 0.5))))


def streaks(img, items, rng, blur=1.5):
    """Broken vertical reflections of lights on water: items = (x, y0, y1, half_width, colour)."""
    layer = Image.new("RGB", img.size, (0, 0, 0))
    ld = ImageDraw.Draw(layer)
    for x, y0, y1, hw, col in items:
        y = y0
        while y < y1:
            t = (y - y0) / max(1, y1 - y0)
            seg = rng.uniform(2, 7) * (1 + t)
            ww = hw * (1 - 0.5 * t) * rng.uniform(0.4, 1.4)
            k = (1 - t) ** 1.3
            dx = rng.uniform(-1, 1) * hw * t
            ld.rectangle([x - ww + dx, y, x + ww + dx, y + seg * 0.55],
                         fill=tuple(int(v * k) for v in col))
            y += seg
    img.paste(ImageChops.add(img, layer.filter(ImageFilter.GaussianBlur(blur))))


def beam(img, pts, colour, blur=18):
    """Soft additive shaft of light (spotlight, floodlight, sunbeam)."""
    light_patch(img, pts, colour, blur)


def stars(d, rng, w, y1, n, col=(220, 224, 236)):
    for _ in range(n):
        x, y = rng.uniform(0, w), rng.uniform(0, y1) ** 1.0
        r = rng.choice([0.6, 0.8, 1.0, 1.3])
        c = mix(col, (60, 70, 100), rng.uniform(0, 0.7) + y / max(1, y1) * 0.3)
        d.ellipse([x - r, y - r, x + r, y + r], fill=c)


def rain(img, rng, n, box, col=(200, 210, 220), alpha=70, slant=0.12, length=(20, 50)):
    d = ImageDraw.Draw(img, "RGBA")
    x0, y0, x1, y1 = box
    for _ in range(n):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        ln = rng.uniform(*length)
        d.line([(x, y), (x + ln * slant, y + ln)], fill=col + (alpha,), width=1)


def mould(img, rng, clusters, col=(30, 32, 26), halo=(118, 104, 70)):
    """Black mould: clusters of specks, dense at the centre, with a stained halo.

    clusters = (x, y, rx, ry, n): centre, spread (pixels) and number of specks."""
    w, h = img.size
    mask = Image.new("L", (w, h), 0)
    stain = Image.new("L", (w, h), 0)
    md, sd = ImageDraw.Draw(mask), ImageDraw.Draw(stain)
    for cx, cy, rx, ry, n in clusters:
        sd.ellipse([cx - rx * 1.3, cy - ry * 1.3, cx + rx * 1.3, cy + ry * 1.3], fill=90)
        blobs = [(cx + rng.gauss(0, 0.35) * rx, cy + rng.gauss(0, 0.35) * ry,
                  rng.uniform(0.3, 0.7)) for _ in range(max(2, n // 250))]
        for _ in range(n):
            bx, by, k = rng.choice(blobs)
            gx, gy = rng.gauss(0, 0.45), rng.gauss(0, 0.45)
            dist = min(1.0, math.hypot(gx, gy))
            x, y = bx + gx * rx * k, by + gy * ry * k
            r = rng.uniform(0.5, 2.8) * (1.25 - dist)
            md.ellipse([x - r, y - r, x + r, y + r], fill=int(120 + 135 * (1 - dist)))
    stain = stain.filter(ImageFilter.GaussianBlur(26))
    img.paste(Image.composite(Image.new("RGB", (w, h), halo), img, stain.point(lambda v: v // 2)))
    mask = mask.filter(ImageFilter.GaussianBlur(0.8))
    img.paste(Image.composite(Image.new("RGB", (w, h), col), img, mask))


def depth_blur(img, box, radius):
    """Blur one region (background out of focus)."""
    box = tuple(int(v) for v in box)
    img.paste(img.crop(box).filter(ImageFilter.GaussianBlur(radius)), box[:2])


# ---------------------------------------------------------------- people
def person(d, x, y, h, top, legs, skin=SKINS[1], hair=HAIRS[1], pose="stand", arms="down",
           shoes=(34, 32, 34), sleeves=None, hat=None, hat_col=(190, 36, 40), trunks=None,
           coat=None, lean=0.0, back=False, hair_style="short", scarf=None, bag=None,
           face=False):
    """Standing person in colour, front or back view; (x, y) = feet, h = height.

    Joint positions are in units of h (x right, y up from the feet); `lean`
    shears the body sideways with height. pose: stand / walk / run / wade;
    arms: down / up / one_up / front / swing / push_r / push_l / reach_r /
    hips / fold, or a pair of polylines."""
    sleeves = sleeves or top

    def pt(px, py):
        return (x + (px + lean * py) * h, y - py * h)

    def limb(pts, wd, col):
        pts = [pt(*q) for q in pts]
        r = wd * h / 2
        d.line(pts, fill=col, width=max(2, int(wd * h)), joint="curve")
        for qx, qy in (pts[0], pts[-1]):
            d.ellipse([qx - r, qy - r, qx + r, qy + r], fill=col)

    def poly(pts, col):
        d.polygon([pt(*q) for q in pts], fill=col)

    hip, sh = 0.48, 0.8
    if hair_style == "long" and not back:
        poly([(-0.075, 0.94), (0.075, 0.94), (0.085, 0.74), (-0.085, 0.74)], hair)
    # legs and shoes
    if pose == "run":
        limb([(-0.04, hip), (-0.13, 0.27), (-0.1, 0.03)], 0.082, legs)
        limb([(0.04, hip), (0.12, 0.25), (0.24, 0.14)], 0.078, legs)
        feet = [(-0.1, 0.02), (0.25, 0.12)]
    elif pose == "walk":
        limb([(-0.045, hip), (-0.1, 0.04)], 0.085, legs)
        limb([(0.045, hip), (0.1, 0.04)], 0.085, legs)
        feet = [(-0.1, 0.02), (0.1, 0.02)]
    else:
        limb([(-0.045, hip), (-0.05, 0.04)], 0.085, legs)
        limb([(0.045, hip), (0.05, 0.04)], 0.085, legs)
        feet = [(-0.05, 0.02), (0.05, 0.02)]
    if shoes and pose != "wade":
        for fx, fy in feet:
            a, b = pt(fx - 0.045, fy + 0.03), pt(fx + 0.045, fy - 0.02)
            d.ellipse([a[0], a[1], b[0], b[1]], fill=shoes)
    if trunks:
        poly([(-0.105, hip + 0.07), (0.105, hip + 0.07), (0.11, hip - 0.07), (0.01, hip - 0.05),
              (-0.11, hip - 0.07)], trunks)
    # torso (and a long coat or changing robe over it)
    poly([(-0.1, hip + 0.02), (0.1, hip + 0.02), (0.128, sh - 0.03), (0.1, sh + 0.015),
          (-0.1, sh + 0.015), (-0.128, sh - 0.03)], top)
    if trunks and top == skin:
        pass
    if coat:
        poly([(-0.13, sh), (0.13, sh), (0.18, 0.22), (-0.18, 0.22)], coat)
    # arms
    table = {
        "down": ([(-0.12, sh - 0.03), (-0.155, 0.62), (-0.15, 0.47)],
                 [(0.12, sh - 0.03), (0.155, 0.62), (0.15, 0.47)]),
        "up": ([(-0.12, sh - 0.02), (-0.2, 0.97), (-0.25, 1.13)],
               [(0.12, sh - 0.02), (0.2, 0.97), (0.25, 1.13)]),
        "one_up": ([(-0.12, sh - 0.03), (-0.155, 0.62), (-0.15, 0.47)],
                   [(0.12, sh - 0.02), (0.2, 0.97), (0.22, 1.14)]),
        "front": ([(-0.12, sh - 0.03), (-0.15, 0.62), (-0.03, 0.6)],
                  [(0.12, sh - 0.03), (0.15, 0.62), (0.03, 0.6)]),
        "swing": ([(-0.12, sh - 0.03), (-0.21, 0.62), (-0.12, 0.52)],
                  [(0.12, sh - 0.03), (0.2, 0.64), (0.27, 0.74)]),
        "push_r": ([(-0.12, sh - 0.03), (0.02, 0.62), (0.3, 0.6)],
                   [(0.12, sh - 0.03), (0.24, 0.64), (0.34, 0.6)]),
        "push_l": ([(-0.12, sh - 0.03), (-0.24, 0.64), (-0.34, 0.6)],
                   [(0.12, sh - 0.03), (-0.02, 0.62), (-0.3, 0.6)]),
        "reach_r": ([(-0.12, sh - 0.03), (-0.155, 0.62), (-0.15, 0.47)],
                    [(0.12, sh - 0.03), (0.27, 0.74), (0.38, 0.82)]),
        "hips": ([(-0.12, sh - 0.03), (-0.22, 0.62), (-0.1, hip + 0.03)],
                 [(0.12, sh - 0.03), (0.22, 0.62), (0.1, hip + 0.03)]),
        "fold": ([(-0.12, sh - 0.03), (-0.16, 0.64), (0.08, 0.66)],
                 [(0.12, sh - 0.03), (0.16, 0.64), (-0.08, 0.68)]),
    }
    arm_l, arm_r = table[arms] if isinstance(arms, str) else arms
    hidden = back and arms in ("front", "fold")
    for arm in (arm_l, arm_r):
        if hidden:  # seen from behind, forearms held in front are out of sight
            limb(arm[:2], 0.062, sleeves)
            continue
        limb(arm, 0.062, sleeves)
        hx, hy = pt(*arm[-1])
        r = 0.036 * h
        d.ellipse([hx - r, hy - r, hx + r, hy + r], fill=skin)
    if bag:
        hx, hy = pt(*arm_l[-1])
        d.rounded_rectangle([hx - 0.07 * h, hy, hx + 0.05 * h, hy + 0.13 * h],
                            radius=int(0.02 * h), fill=bag)
    # neck, scarf, head, hair and hat
    a, b = pt(-0.03, 0.875), pt(0.03, sh - 0.01)
    d.rectangle([a[0], a[1], b[0], b[1]], fill=skin)
    if scarf:
        poly([(-0.07, sh + 0.04), (0.07, sh + 0.04), (0.08, sh - 0.02), (-0.08, sh - 0.02)], scarf)
        poly([(0.02, sh), (0.07, sh), (0.06, sh - 0.16), (0.02, sh - 0.16)], scarf)
    hx, hy = pt(0.0, 0.915)
    rx, ry = 0.064 * h, 0.074 * h
    d.ellipse([hx - rx, hy - ry, hx + rx, hy + ry], fill=hair if back else skin)
    if back:
        d.chord([hx - rx, hy - ry, hx + rx, hy + ry], 30, 150, fill=skin)  # neck shows below
    elif hair:
        d.chord([hx - rx * 1.04, hy - ry * 1.06, hx + rx * 1.04, hy + ry * 0.5], 175, 365,
                fill=hair)
    if face and not back:  # eyes, nose and a smile, for close-ups
        for sgn in (-1, 1):
            ex, ey = hx + sgn * rx * 0.36, hy - ry * 0.02
            d.ellipse([ex - rx * 0.1, ey - rx * 0.08, ex + rx * 0.1, ey + rx * 0.08],
                      fill=(52, 42, 38))
        d.line([(hx, hy + ry * 0.05), (hx + rx * 0.08, hy + ry * 0.3)],
               fill=mix(skin, (0, 0, 0), 0.25), width=max(1, int(h * 0.004)))
        d.arc([hx - rx * 0.4, hy + ry * 0.2, hx + rx * 0.4, hy + ry * 0.62], 20, 160,
              fill=mix(skin, (60, 10, 10), 0.45), width=max(1, int(h * 0.005)))
    if hat == "santa":
        d.polygon([(hx - rx * 1.1, hy - ry * 0.45), (hx + rx * 1.1, hy - ry * 0.45),
                   (hx + rx * 1.9, hy - ry * 1.7), (hx + rx * 2.3, hy - ry * 1.2)], fill=hat_col)
        d.polygon([(hx - rx * 1.1, hy - ry * 0.45), (hx + rx * 1.1, hy - ry * 0.45),
                   (hx + rx * 0.3, hy - ry * 2.2)], fill=hat_col)
        d.rounded_rectangle([hx - rx * 1.2, hy - ry * 0.7, hx + rx * 1.2, hy - ry * 0.3],
                            radius=int(ry * 0.2), fill=(244, 244, 240))
        d.ellipse([hx + rx * 1.9, hy - ry * 1.55, hx + rx * 2.6, hy - ry * 0.95],
                  fill=(244, 244, 240))
    elif hat in ("beanie", "swimcap"):
        d.chord([hx - rx * 1.08, hy - ry * 1.12, hx + rx * 1.08,
                 hy + ry * (0.55 if hat == "beanie" else 0.75)], 175, 365, fill=hat_col)
        if hat == "beanie":
            d.ellipse([hx - rx * 0.35, hy - ry * 1.45, hx + rx * 0.35, hy - ry * 0.85],
                      fill=hat_col)
    elif hat == "chef":
        d.rounded_rectangle([hx - rx * 1.0, hy - ry * 2.1, hx + rx * 1.0, hy - ry * 0.5],
                            radius=int(rx * 0.5), fill=(246, 246, 242))
    elif hat == "cap":  # peaked cap
        d.chord([hx - rx * 1.06, hy - ry * 1.1, hx + rx * 1.06, hy + ry * 0.4], 180, 360,
                fill=hat_col)
        d.rectangle([hx - rx * 1.1, hy - ry * 0.35, hx + rx * 1.5, hy - ry * 0.15], fill=hat_col)
    elif hat == "hood":
        d.chord([hx - rx * 1.35, hy - ry * 1.3, hx + rx * 1.35, hy + ry * 1.5], 150, 390,
                fill=hat_col)


def swimmer(d, x, y, h, rng, costume, skin, pose="run", arms="swing", hat=None,
            hat_col=None, lean=0.0, one_piece=False):
    """Bather seen from behind, in a costume (trunks, or a one-piece)."""
    hair = rng.choice(HAIRS)
    top = costume if one_piece else skin
    person(d, x, y, h, top, skin, skin, hair, pose=pose, arms=arms, shoes=None, sleeves=skin,
           hat=hat, hat_col=hat_col or costume, trunks=costume, lean=lean, back=True)


# ---------------------------------------------------------------- geometry
def wall_poly(d, cam, X, pts, fill):
    """Polygon drawn on the side wall plane X = const; pts are (Y, Z)."""
    d.polygon([P(cam, X, yy, zz) for yy, zz in pts], fill=fill)


def end_poly(d, cam, Z, pts, fill):
    """Polygon drawn on the plane Z = const; pts are (X, Y)."""
    d.polygon([P(cam, xx, yy, Z) for xx, yy in pts], fill=fill)


def line3(d, cam, a, b, fill, width=1):
    d.line([P(cam, *a), P(cam, *b)], fill=fill, width=max(1, int(width)))


def scale_at(cam, z):
    """Pixels per metre at depth z."""
    return cam[2] / z


def gull(d, x, y, s, col=(60, 62, 66)):
    d.line([(x - s, y - s * 0.3), (x - s * 0.4, y - s * 0.45), (x, y)], fill=col, width=2)
    d.line([(x, y), (x + s * 0.4, y - s * 0.45), (x + s, y - s * 0.3)], fill=col, width=2)


def sparkle(d, rng, n, box, col=(255, 252, 236)):
    x0, y0, x1, y1 = box
    for _ in range(n):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        r = rng.uniform(0.8, 2.2)
        d.ellipse([x - r * 2, y - r * 0.6, x + r * 2, y + r * 0.6], fill=col)


# ---------------------------------------------------------------- p1-3 news
def flood_barrier(aspect, rng):
    """Half-built concrete barrier towers across the Wex under a grey sky."""
    sky = (200, 202, 202)
    img, d, w, h = canvas(aspect, (120, 126, 134), sky, 0.44)
    img = clouds(img, rng, 24, -30, h * 0.32, col=(24, 24, 22), wr=(260, 640), hr=(30, 80),
                 blur=26)
    img = clouds(img, rng, 10, 0, h * 0.3, col=(16, 16, 16), wr=(200, 400), hr=(20, 40),
                 blur=14, lighten=True)
    d = ImageDraw.Draw(img)
    hz = int(h * 0.44)
    cam = (w * 0.2, hz, w * 0.85)
    Wy = 5.0  # water level: the camera is 5 m above it, on the embankment (eye at 0)
    d.polygon([(0, hz - 34), (w * 0.25, hz - 52), (w * 0.55, hz - 40), (w * 0.8, hz - 62),
               (w, hz - 50), (w, hz), (0, hz)], fill=haze((110, 118, 112), sky, 0.65))
    for _ in range(18):
        tree(d, rng.uniform(0, w), hz, rng.uniform(34, 60), haze((78, 90, 76), sky, 0.55), rng)
    # the far bank across the river: the Flats' terraces behind a flood wall
    fb = int(P(cam, 0, Wy, 190)[1])
    d.rectangle([0, hz, w, fb], fill=haze((104, 116, 96), sky, 0.4))
    terrace(d, w * 0.28, w + 10, fb - 5, 28, rng, sky, 0.4)
    d.rectangle([0, fb - 5, w, fb], fill=haze((168, 164, 154), sky, 0.4))
    water(img, fb, (150, 154, 152), (96, 102, 102), rng, stripes=300,
          light=(178, 182, 180), dark=(88, 94, 94), reflect=0.35)
    d = ImageDraw.Draw(img)
    # towers and raised steel gates, far to near; the far span is still being built
    towers = [(9 + i * 15, 74 + i * 6) for i in range(5)]
    conc, conc_s, conc_t = (182, 180, 172), (146, 144, 138), (198, 196, 190)
    gate_col = (66, 88, 90)

    def tower(cx, cz, col, side, top, mirror=False):
        def Y(v):
            return 2 * Wy - v if mirror else v
        y0, y1 = sorted((Y(-11.0), Y(Wy)))
        cuboid(d, cam, cx - 2.4, cx + 2.4, y0, y1, cz - 4.5, cz + 4.5, top, col, side)
        y0, y1 = sorted((Y(-14.5), Y(-11.0)))
        cuboid(d, cam, cx - 1.8, cx + 1.8, y0, y1, cz - 3.0, cz + 3.0, top,
               mix(col, (90, 100, 110), 0.3), mix(side, (90, 100, 110), 0.3))

    def gate(a, b, mirror=False, col=gate_col):
        (ax, az), (bx, bz) = a, b
        ys = [(-10.0, -3.0)]
        for y0, y1 in ys:
            if mirror:
                y0, y1 = 2 * Wy - y1, 2 * Wy - y0
            quad(d, cam, [(ax + 2.4, y0, az), (bx - 2.4, y0, bz), (bx - 2.4, y1, bz),
                          (ax + 2.4, y1, az)], col)
            if not mirror:
                for k in range(1, 6):
                    yy = y0 + (y1 - y0) * k / 6
                    line3(d, cam, (ax + 2.4, yy, az), (bx - 2.4, yy, bz),
                          mix(col, (20, 30, 30), 0.4), 2)
                line3(d, cam, (ax + 2.4, y1, az), (bx - 2.4, y1, bz), (120, 140, 138), 3)

    wc = (120, 126, 124)  # reflections first, muted towards the water colour
    for i in range(4, -1, -1):
        cx, cz = towers[i]
        if i < 3:
            gate(towers[i], towers[i + 1], mirror=True, col=mix(gate_col, wc, 0.5))
        tower(cx, cz, mix(conc, wc, 0.55), mix(conc_s, wc, 0.55), mix(conc_t, wc, 0.55),
              mirror=True)
    for _ in range(260):  # ripples breaking up the reflections
        y = rng.uniform(hz + 6, h)
        t = (y - hz) / (h - hz)
        x = rng.uniform(w * 0.2, w)
        d.line([(x, y), (x + rng.uniform(20, 90) * (0.4 + t), y)],
               fill=rng.choice([(150, 156, 154), (96, 102, 102)]), width=max(1, int(1 + 2 * t)))
    # scaffold and a crane at the unfinished far tower
    cx, cz = towers[4]
    for i in range(4, -1, -1):
        cx, cz = towers[i]
        if i < 3:
            gate(towers[i], towers[i + 1])
        tower(cx, cz, conc, conc_s, conc_t)
        for k in range(1, 7):  # shuttering joints and rain streaks on the front face
            yy = -11 + k * (Wy + 11) / 7
            line3(d, cam, (cx - 2.4, yy, cz - 4.5), (cx + 2.4, yy, cz - 4.5),
                  mix(conc, (0, 0, 0), 0.1), 1)
        for k in range(9):
            xx = cx - 2.2 + k * 0.55
            line3(d, cam, (xx, -11, cz - 4.5), (xx, -11 + rng.uniform(3, 9), cz - 4.5),
                  mix(conc, (60, 60, 56), 0.25), 2)
        quad(d, cam, [(cx - 2.4, Wy - 1.2, cz - 4.5), (cx + 2.4, Wy - 1.2, cz - 4.5),
                      (cx + 2.4, Wy, cz - 4.5), (cx - 2.4, Wy, cz - 4.5)], (96, 104, 90))
        # windows of the machinery house, a railing on the roof
        for k in range(3):
            xx = cx - 1.4 + k * 1.0
            rect3(d, cam, (xx, -13.6, cz - 3.0), (xx + 0.6, -12.2, cz - 3.0), (60, 74, 84))
        line3(d, cam, (cx - 1.8, -15.5, cz - 3), (cx + 1.8, -15.5, cz - 3), (230, 190, 40), 2)
        for k in range(5):
            xx = cx - 1.8 + k * 0.9
            line3(d, cam, (xx, -14.5, cz - 3), (xx, -15.5, cz - 3), (230, 190, 40), 1)
    cx, cz = towers[4]
    for k in range(8):  # scaffold round the far tower
        xx = cx - 3.2 + k * 0.9
        line3(d, cam, (xx, -16, cz - 5.3), (xx, Wy, cz - 5.3), (90, 94, 98), 2)
    for k in range(11):
        yy = -16 + k * 2
        line3(d, cam, (cx - 3.2, yy, cz - 5.3), (cx + 3.2, yy, cz - 5.3), (90, 94, 98), 1)
    for k in range(3):
        yy = -15 + k * 6
        quad(d, cam, [(cx - 3.2, yy, cz - 5.3), (cx + 3.2, yy, cz - 5.3),
                      (cx + 3.2, yy + 2, cz - 5.3), (cx - 3.2, yy + 2, cz - 5.3)],
             (196, 200, 202) if k != 1 else (60, 120, 170))  # sheeting
    x, y = P(cam, cx + 6, Wy - 1.5, cz + 4)
    d.rectangle([x - 30, y - 6, x + 40, y + 10], fill=(70, 74, 80))  # pontoon
    crane(d, x, y - 6, 250, (214, 170, 40), jib=0.7, lw=3)
    # the barrier's control building on our bank, where the first tower lands
    cuboid(d, cam, -6.5, 5.5, -4.0, 1.6, 64, 74, (200, 198, 192), (186, 184, 176),
           (160, 158, 150))
    for k in range(6):
        xx = -6.0 + k * 1.9
        rect3(d, cam, (xx, -3.0, 64), (xx + 1.1, -1.6, 64), (70, 84, 96))
    rect3(d, cam, (-1.0, -0.6, 64), (0.4, 1.6, 64), (60, 70, 80))
    # our embankment: promenade, flood wall, railings, grass bank and houses
    d.polygon([(0, hz), (P(cam, -6.5, 1.6, 74)[0], hz), P(cam, -6.5, 1.6, 64), (0, h * 0.7)],
              fill=(102, 118, 88))
    rect3(d, cam, (-9.0, 1.6, 1.5), (3.0, 1.6, 64), (150, 146, 138))
    for z in (3, 5, 8, 12, 17, 24, 33, 45):
        line3(d, cam, (-9.0, 1.6, z), (3.0, 1.6, z), (136, 132, 124), 1)
    for X in (-6, -3, 0):
        line3(d, cam, (X, 1.6, 1.5), (X, 1.6, 64), (138, 134, 126), 1)
    cuboid(d, cam, -9.6, -9.0, 0.4, 1.6, 1.5, 64, (178, 176, 168), (150, 148, 140),
           (168, 166, 158))
    rail = (46, 64, 70)
    for z in [3.0 + k * 2.0 for k in range(31)]:  # railings along the river edge
        line3(d, cam, (2.8, 1.6, z), (2.8, 0.5, z), rail, 40 / z)
    for yy in (0.5, 1.05):
        quad(d, cam, [(2.8, yy, 3.0), (2.8, yy, 64), (2.8, yy + 0.06, 64), (2.8, yy + 0.06, 3.0)],
             rail)
    # a site notice and two residents watching from the rail
    sx, sy = P(cam, -4.5, 1.6, 13)
    s = scale_at(cam, 13)
    for px in (sx - s * 1.1, sx + s * 1.1):
        d.rectangle([px - 3, sy - s * 2.2, px + 3, sy], fill=(80, 84, 88))
    d.rectangle([sx - s * 1.4, sy - s * 2.6, sx + s * 1.4, sy - s * 1.2], fill=(28, 70, 130))
    f1, f2 = font("LeagueSpartan-Bold.otf", int(s * 0.28)), font("Lato-Regular.ttf", int(s * 0.13))
    d.text((sx - s * 1.25, sy - s * 2.5), "WEX FLOOD", font=f1, fill=(255, 255, 255))
    d.text((sx - s * 1.25, sy - s * 2.18), "BARRIER", font=f1, fill=(255, 255, 255))
    d.text((sx - s * 1.25, sy - s * 1.78), "Works in progress", font=f2, fill=(220, 230, 240))
    d.rectangle([sx - s * 1.4, sy - s * 1.5, sx + s * 1.4, sy - s * 1.2], fill=(230, 190, 40))
    for X, z, col, hair in ((2.3, 8.5, (52, 70, 60), HAIRS[5]), (1.6, 9.3, (150, 60, 52),
                                                                 HAIRS[1])):
        x, y = P(cam, X, 1.6, z)
        person(d, x, y, scale_at(cam, z) * 1.7, col, (40, 42, 50), SKINS[1], hair, back=True,
               arms="front", lean=0.02)
    return img


def flats_flooding(aspect, rng):
    """A terraced street on the Flats with floodwater to the doorsteps."""
    sky = (212, 214, 212)
    img, d, w, h = canvas(aspect, (150, 156, 162), sky, 0.5)
    img = clouds(img, rng, 12, 0, h * 0.3, col=(20, 20, 18), wr=(200, 420), hr=(24, 60))
    d = ImageDraw.Draw(img)
    cam = (w * 0.52, h * 0.5, w * 0.62)
    G, Wl = 1.6, 1.05  # road surface and water surface (eye at 0)
    half = 5.0
    bricks = [(150, 88, 68), (168, 104, 80), (132, 78, 62), (188, 176, 156), (204, 196, 180),
              (176, 120, 92)]
    doors = [(40, 60, 110), (150, 40, 44), (40, 90, 70), (30, 30, 34), (220, 220, 214),
             (90, 60, 110)]

    def houses(mirror):
        for side in (-1, 1):
            X = side * half
            z = 60.0
            k = 0
            while z > 1.0:
                L = 5.2
                z0 = max(1.0, z - L)
                wall = jit(bricks[(k * 7 + (side > 0) * 3) % len(bricks)], rng, 6)
                murk = (116, 110, 94)
                wl = mix(wall, murk, 0.66) if mirror else wall
                top = -4.6

                def Y(v):
                    return 2 * Wl - v if mirror else v
                if mirror:
                    wall_poly(d, cam, X, [(Y(top), z0), (Y(top), z), (Y(Wl), z), (Y(Wl), z0)], wl)
                else:
                    wall_poly(d, cam, X, [(top, z0), (top, z), (Wl, z), (Wl, z0)], wl)
                    # roof slope rising away from the street, and a chimney
                    quad(d, cam, [(X, top, z0), (X, top, z), (X + side * 2.5, top - 2.2, z),
                                  (X + side * 2.5, top - 2.2, z0)], (72, 70, 74))
                    if k % 2 == 0:
                        cuboid(d, cam, min(X + side * 1.5, X + side * 2.3),
                               max(X + side * 1.5, X + side * 2.3), top - 3.2, top - 1.3, z0 + 0.4,
                               z0 + 1.2, (130, 80, 60), (120, 74, 56), (104, 64, 50))
                # door (towards the near end), downstairs bay and upstairs window
                dc = doors[(k + (side > 0)) % len(doors)]
                dc = mix(dc, murk, 0.66) if mirror else dc
                win = (58, 64, 74) if rng.random() > 0.25 else (230, 200, 140)
                win = mix(win, murk, 0.66) if mirror else win
                sill = (226, 222, 212) if not mirror else (150, 148, 140)
                wall_poly(d, cam, X, [(Y(-0.6), z0 + 0.5), (Y(-0.6), z0 + 1.5), (Y(Wl), z0 + 1.5),
                                      (Y(Wl), z0 + 0.5)], sill)
                wall_poly(d, cam, X, [(Y(-0.45), z0 + 0.6), (Y(-0.45), z0 + 1.4),
                                      (Y(Wl), z0 + 1.4), (Y(Wl), z0 + 0.6)], dc)
                wall_poly(d, cam, X, [(Y(-0.9), z0 + 2.2), (Y(-0.9), z0 + 4.4),
                                      (Y(0.8), z0 + 4.4), (Y(0.8), z0 + 2.2)], sill)
                wall_poly(d, cam, X, [(Y(-0.75), z0 + 2.35), (Y(-0.75), z0 + 4.25),
                                      (Y(0.65), z0 + 4.25), (Y(0.65), z0 + 2.35)], win)
                for uz in (z0 + 1.0, z0 + 3.0):
                    wall_poly(d, cam, X, [(Y(-3.6), uz), (Y(-3.6), uz + 1.4), (Y(-2.0), uz + 1.4),
                                          (Y(-2.0), uz)], sill)
                    wall_poly(d, cam, X, [(Y(-3.5), uz + 0.1), (Y(-3.5), uz + 1.3),
                                          (Y(-2.1), uz + 1.3), (Y(-2.1), uz + 0.1)],
                              mix((58, 64, 74), murk, 0.66) if mirror else
                              (58, 64, 74))
                if not mirror:  # sandbags piled across the doorway
                    for j in range(3):
                        for kk in range(3 - j):
                            bz = z0 + 0.45 + kk * 0.38 + j * 0.19
                            bx, by = P(cam, X - side * 0.15, Wl - 0.12 - j * 0.17, bz)
                            s = scale_at(cam, bz)
                            d.ellipse([bx - s * 0.22, by - s * 0.09, bx + s * 0.22,
                                       by + s * 0.09], fill=jit((176, 154, 110), rng, 8))
                z -= L
                k += 1
    houses(mirror=False)
    # the water: a brown-grey sheet reflecting the houses, ruffled
    wcol = (128, 122, 106)
    rect3(d, cam, (-half, Wl, 1.0), (half, Wl, 400), mix(wcol, sky, 0.3))  # sky reflected
    houses(mirror=True)
    ripple = ImageDraw.Draw(img, "RGBA")
    for _ in range(1300):
        z = 1.2 + rng.random() ** 2 * 60
        X = rng.uniform(-half, half)
        a = P(cam, X, Wl, z)
        ln = scale_at(cam, z) * rng.uniform(0.2, 0.9)
        ripple.line([a, (a[0] + ln, a[1])], fill=rng.choice([(170, 164, 146, 120),
                                                             (90, 84, 70, 110),
                                                             (190, 188, 180, 110)]),
                    width=max(1, int(scale_at(cam, z) * 0.012)))
    # a lamp post, a floating wheelie bin, a resident wading with a box, and a rescue boat
    for z in (9, 26):
        x0, y0 = P(cam, half - 0.6, Wl, z)
        x1, y1 = P(cam, half - 0.6, -4.2, z)
        s = scale_at(cam, z)
        d.line([(x0, y0), (x1, y1)], fill=(50, 54, 58), width=max(2, int(s * 0.12)))
        d.line([(x1, y1), (x1 - s * 0.6, y1)], fill=(50, 54, 58), width=max(2, int(s * 0.1)))
        d.line([(x0, y0), (x0, y0 + (y0 - y1) * 0.6)], fill=(82, 86, 84),
               width=max(2, int(s * 0.1)))  # its reflection
    bx, by = P(cam, -2.6, Wl, 7)
    s = scale_at(cam, 7)
    d.polygon([(bx - s * 0.3, by - s * 0.55), (bx + s * 0.35, by - s * 0.5), (bx + s * 0.3, by),
               (bx - s * 0.3, by + s * 0.02)], fill=(40, 86, 60))
    d.polygon([(bx - s * 0.36, by - s * 0.6), (bx + s * 0.4, by - s * 0.56),
               (bx + s * 0.37, by - s * 0.48), (bx - s * 0.34, by - s * 0.52)], fill=(30, 70, 48))
    d.ellipse([bx - s * 0.5, by - s * 0.06, bx + s * 0.5, by + s * 0.1], outline=(170, 168, 156),
              width=2)
    # inflatable rescue boat with two firefighters
    bx, by = P(cam, 1.2, Wl, 22)
    s = scale_at(cam, 22)
    for k, fx in enumerate((-0.9, 0.8)):
        person(d, bx + fx * s, by + s * 0.2, s * 1.75, (30, 36, 44), (30, 36, 44),
               SKINS[2], HAIRS[0], hat="beanie", hat_col=(230, 200, 30),
               arms="front" if k else "down")
    d.rounded_rectangle([bx - s * 1.9, by - s * 0.5, bx + s * 1.9, by + s * 0.05],
                        radius=int(s * 0.25), fill=(232, 106, 36))
    d.line([(bx - s * 1.6, by - s * 0.3), (bx + s * 1.6, by - s * 0.3)], fill=(40, 40, 44),
           width=max(1, int(s * 0.05)))
    # the wader: chest waders and a box of belongings, waterline across the thighs
    X, z = -1.0, 10.5
    x, y = P(cam, X, G, z)
    s = scale_at(cam, z)
    person(d, x, y, s * 1.75, (70, 80, 60), (40, 52, 40), SKINS[0], HAIRS[4], arms="front",
           pose="wade")
    d.rectangle([x - s * 0.22, y - s * 1.2, x + s * 0.22, y - s * 0.9], fill=(190, 160, 112))
    wy = P(cam, X, Wl, z)[1]
    d.rectangle([x - s * 0.3, wy, x + s * 0.3, y + 2], fill=wcol)
    d.ellipse([x - s * 0.4, wy - s * 0.04, x + s * 0.4, wy + s * 0.08], outline=(176, 172, 160),
              width=2)
    rain(img, rng, 500, (0, 0, w, h), col=(220, 224, 228), alpha=50, slant=0.05)
    return img


def disc3(d, cam, X, yc, zc, r, fill, n=20):
    """Circle lying in the side plane X = const (a wheel seen at an angle)."""
    d.polygon([P(cam, X, yc + r * math.sin(t), zc + r * math.cos(t))
               for t in [math.tau * i / n for i in range(n)]], fill=fill)


def shop_row(d, cam, X, z0, z1, G, rng, sky, shade=0.0, lit=0.0):
    """Parade of three-storey shops with fascias on the side plane X = const."""
    z = z1
    while z > z0:
        L = rng.uniform(5.5, 8.0)
        za = max(z0, z - L)
        top = -rng.uniform(6.5, 9.0)
        wall = jit(rng.choice([(196, 150, 110), (214, 200, 176), (170, 104, 80), (226, 214, 190),
                               (150, 160, 166), (188, 120, 96)]), rng, 6)
        depth = min(0.6, z / 160)
        wall = haze(mix(wall, (70, 80, 110), shade), sky, depth)
        wall_poly(d, cam, X, [(top, za), (top, z), (G, z), (G, za)], wall)
        wall_poly(d, cam, X, [(top, za), (top, z), (top + 0.4, z), (top + 0.4, za)],
                  mix(wall, (0, 0, 0), 0.2))
        for fl in range(2):
            yy = top + 1.2 + fl * 2.6
            n = max(2, int(L // 2.2))
            for k in range(n):
                wz = za + 0.7 + k * (L - 1.0) / n
                win = (255, 214, 150) if rng.random() < lit else mix((70, 84, 100), sky, 0.25)
                wall_poly(d, cam, X, [(yy, wz), (yy, wz + 1.0), (yy + 1.6, wz + 1.0),
                                      (yy + 1.6, wz)], haze(mix(win, (0, 0, 0), shade * 0.4),
                                                            sky, depth))
        fascia = haze(mix(rng.choice(CLOTHES), (0, 0, 0), shade * 0.3), sky, depth)
        wall_poly(d, cam, X, [(-1.9, za + 0.2), (-1.9, z - 0.2), (-1.3, z - 0.2),
                              (-1.3, za + 0.2)], fascia)
        glass = haze(mix((84, 100, 112), (0, 0, 0), shade * 0.3), sky, depth)
        wall_poly(d, cam, X, [(-1.15, za + 0.4), (-1.15, z - 0.4), (G - 0.3, z - 0.4),
                              (G - 0.3, za + 0.4)], glass)
        wall_poly(d, cam, X, [(-1.15, za + 0.4), (-1.15, za + 1.2), (G - 0.3, za + 2.4),
                              (G - 0.3, za + 1.6)], mix(glass, (255, 255, 255), 0.12))
        z = za - rng.choice([0, 0, 0.4])


def bus_stop(aspect, rng):
    """Teenagers at a shelter as a single-decker pulls in, low morning sun."""
    sky = (240, 228, 204)
    img, d, w, h = canvas(aspect, (120, 164, 212), sky, 0.5)
    cam = (w * 0.5, h * 0.47, w * 0.62)
    G = 1.6
    # shops both sides: the left side in shade, the right side in sunshine
    shop_row(d, cam, -10.0, 2, 120, G, rng, sky, shade=0.45)
    shop_row(d, cam, 4.5, 2, 120, G, rng, sky, shade=0.0)
    rect3(d, cam, (-10, G, 1), (4.5, G, 300), (132, 130, 132))
    rect3(d, cam, (-8.5, G, 1), (-1.0, G, 300), (84, 84, 90))  # road
    for z in range(2, 300, 7):
        rect3(d, cam, (-4.85, G, z), (-4.65, G, z + 3), (226, 226, 220))
    rect3(d, cam, (-3.9, G, 4), (-3.8, G, 34), (226, 190, 40))  # bus-stop box
    for z in range(4, 34, 2):
        rect3(d, cam, (-3.9, G, z), (-1.0, G, z + 0.12), (84, 84, 90))
    rect3(d, cam, (-1.0, G - 0.14, 1), (-1.0, G, 300), (170, 170, 168))  # kerb face
    rect3(d, cam, (-1.05, G - 0.14, 1), (-0.85, G - 0.14, 300), (186, 184, 180))
    # long morning shadows from the right falling across the pavement and road
    shadow = ImageDraw.Draw(img, "RGBA")
    for X, z in ((2.2, 4.5), (2.2, 9.0), (2.6, 7.1), (1.1, 6.3), (0.6, 8.1), (1.4, 10.0),
                 (0.3, 9.4)):
        shadow.polygon([P(cam, X - 0.15, G, z), P(cam, X + 0.15, G, z + 0.3),
                        P(cam, X - 5.5, G, z + 2.5), P(cam, X - 5.9, G, z + 2.0)],
                       fill=(20, 24, 50, 70))
    # the bus, pulling in towards us: front face, nearside with the doors
    x0, x1, top, z0, z1 = -3.7, -1.25, -1.55, 12.0, 24.0
    body, yellow, skirt = (24, 120, 128), (238, 196, 42), (22, 62, 72)
    cuboid(d, cam, x0, x1, top, G - 0.35, z0, z1, (220, 224, 224), yellow, body)
    rect3(d, cam, (x1, G - 0.8, z0), (x1, G - 0.35, z1), skirt)
    glass = (58, 70, 80)
    rect3(d, cam, (x0 + 0.12, top + 0.25, z0), (x1 - 0.12, top + 1.55, z0), glass)  # windscreen
    rect3(d, cam, (x0 + 0.25, top + 0.05, z0), (x1 - 0.25, top + 0.32, z0), (20, 20, 22))
    s = scale_at(cam, z0)
    f = font("Lato-Bold.ttf", max(8, int(s * 0.2)))
    tx, ty = P(cam, (x0 + x1) / 2, top + 0.19, z0)
    d.text((tx, ty), "7  HARBOUR", font=f, fill=(255, 178, 40), anchor="mm")
    for k in range(2):  # quarter lights and the driver, windows down the side
        pass
    quad(d, cam, [(x0 + 0.12, top + 0.25, z0), (x0 + 1.0, top + 0.25, z0),
                  (x0 + 0.12, top + 1.2, z0)], mix(glass, sky, 0.35))
    for X in (x0 + 0.35, x1 - 0.35):  # headlights
        hx, hy = P(cam, X, G - 0.75, z0)
        glow(img, (hx, hy), int(s * 0.28), (255, 246, 220), 0.8)
    d = ImageDraw.Draw(img)
    rect3(d, cam, (x1, top + 0.3, z0 + 0.3), (x1, G - 0.45, z0 + 1.5), (30, 32, 36))  # open door
    rect3(d, cam, (x1, top + 0.45, z0 + 0.45), (x1, G - 0.6, z0 + 0.9), (210, 180, 120))
    for k in range(7):
        wz = z0 + 1.8 + k * 1.45
        rect3(d, cam, (x1, top + 0.45, wz), (x1, top + 1.45, wz + 1.25), glass)
        if k in (1, 2, 4, 6):  # passengers' heads
            hx, hy = P(cam, x1, top + 1.0, wz + 0.6)
            r = scale_at(cam, wz) * 0.12
            d.ellipse([hx - r, hy - r * 1.2, hx + r, hy + r], fill=(40, 42, 48))
    quad(d, cam, [(x1, G - 0.8, z0 + 1.6), (x1, G - 1.5, z0 + 3.5), (x1, G - 1.5, z1),
                  (x1, G - 0.8, z1)], yellow)  # livery sweep
    rect3(d, cam, (x1, top + 1.5, z0 + 1.6), (x1, top + 1.6, z1), (240, 240, 236))
    for zc in (z0 + 2.6, z0 + 9.4):
        disc3(d, cam, x1, G - 0.45, zc, 0.62, (30, 30, 32))
        disc3(d, cam, x1 + 0.01, G - 0.45, zc, 0.5, (26, 26, 28))
        disc3(d, cam, x1 + 0.02, G - 0.45, zc, 0.25, (150, 150, 154))
    # the shelter: posts, roof, glass and an advert panel at the near end
    for X, z in ((2.0, 4.5), (3.3, 4.5), (2.0, 9.0), (3.3, 9.0)):
        cuboid(d, cam, X - 0.04, X + 0.04, -0.95, G, z - 0.04, z + 0.04, (60, 62, 66),
               (60, 62, 66), (50, 52, 56))
    rect3(d, cam, (3.3, -0.8, 4.5), (3.3, G - 0.1, 9.0), (190, 214, 220))
    cuboid(d, cam, 2.1, 3.2, 0.55, 0.62, 5.5, 8.0, (120, 122, 126), (100, 102, 106),
           (90, 92, 96))  # bench
    ad = (2.05, 3.3)
    rect3(d, cam, (ad[0], -0.85, 4.48), (ad[1], G - 0.1, 4.48), (50, 52, 56))
    rect3(d, cam, (ad[0] + 0.06, -0.75, 4.47), (ad[1] - 0.06, G - 0.25, 4.47), (210, 40, 90))
    s = scale_at(cam, 4.47)
    ax, ay = P(cam, ad[0] + 0.12, -0.6, 4.47)
    d.text((ax, ay), "\u00a31", font=font("LeagueSpartan-Black.otf", int(s * 0.55)),
           fill=(255, 255, 255))
    d.text((ax, ay + s * 0.62), "fares for", font=font("Lato-Bold.ttf", int(s * 0.13)),
           fill=(255, 236, 120))
    d.text((ax, ay + s * 0.8), "under-21s", font=font("Lato-Bold.ttf", int(s * 0.13)),
           fill=(255, 236, 120))
    cuboid(d, cam, ad[0] - 0.02, ad[1] + 0.1, -1.0, -0.9, 4.4, 9.1, (90, 92, 96), (70, 72, 76),
           (60, 62, 66))
    # teenagers waiting, one with a hand out to stop the bus
    kids = [(2.6, 7.1, (40, 62, 112), (30, 32, 40), "down", SKINS[4], None),
            (1.4, 10.0, (222, 180, 58), (40, 44, 60), "fold", SKINS[0], "beanie"),
            (0.6, 8.1, (120, 72, 132), (30, 32, 40), "reach_r", SKINS[2], None),
            (1.1, 6.3, (200, 60, 50), (52, 70, 110), "front", SKINS[1], None),
            (0.3, 9.4, (58, 112, 82), (30, 32, 40), "down", SKINS[3], "beanie")]
    for X, z, top_c, legs, arms, skin, hat in sorted(kids, key=lambda k: -k[1]):
        x, y = P(cam, X, G, z)
        s = scale_at(cam, z)
        if arms == "reach_r":
            arms = ([(-0.12, 0.77), (-0.155, 0.62), (-0.15, 0.47)],
                    [(-0.12, 0.78), (-0.3, 0.78), (-0.42, 0.86)])
        person(d, x, y, s * 1.68, top_c, legs, skin, rng.choice(HAIRS[:4]), arms=arms, hat=hat,
               hat_col=rng.choice(CLOTHES), bag=(30, 30, 34) if arms == "down" else None,
               lean=rng.uniform(-0.03, 0.03))
    return img


def pier_cafe(aspect, rng):
    """The pier café lit up at dusk, festoon lights along the rails."""
    sky = (246, 150, 108)
    img, d, w, h = canvas(aspect, (30, 36, 84), sky, 0.56)
    hz = int(h * 0.56)
    img = clouds(img, rng, 10, h * 0.15, h * 0.45, col=(30, 10, 0), wr=(300, 600), hr=(8, 22),
                 blur=8)
    glow(img, (w * 0.12, hz), 220, (255, 150, 80), 0.45)
    d = ImageDraw.Draw(img)
    d.polygon([(0, hz - 46), (w * 0.12, hz - 56), (w * 0.3, hz - 30), (w * 0.4, hz - 8),
               (w * 0.4, hz), (0, hz)], fill=(52, 40, 60))  # headland
    lights = []
    for _ in range(40):
        x = rng.uniform(0, w * 0.36)
        lights.append((x, hz - rng.uniform(2, 30) * (1 - x / (w * 0.42)), 3, (255, 200, 130),
                       0.9))
    water(img, hz, (150, 108, 120), (34, 36, 64), rng, stripes=260, reflect=0.55,
          light=(240, 160, 130), dark=(30, 32, 56))
    d = ImageDraw.Draw(img)
    cam = (w * 0.36, hz, w * 0.8)
    Wy, deck = 4.0, 0.9
    sil, sil2 = (34, 28, 42), (44, 36, 52)
    zs = [6 + k * 5.0 for k in range(45)]
    for z in reversed(zs):  # legs and bracing, far to near
        s = scale_at(cam, z)
        for X in (3.3, 6.0, 8.7):
            line3(d, cam, (X, deck + 0.3, z), (X, Wy + 0.3, z), sil, s * 0.3)
        line3(d, cam, (3.3, deck + 0.4, z), (8.7, Wy - 0.6, z), sil, s * 0.08)
        line3(d, cam, (8.7, deck + 0.4, z), (3.3, Wy - 0.6, z), sil, s * 0.08)
        line3(d, cam, (3.3, deck + 0.4, z), (3.3, Wy - 0.6, z + 5), sil, s * 0.08)
    cuboid(d, cam, 3.0, 9.0, deck, deck + 0.45, 6, 232, (86, 70, 76), sil2, sil2)
    # the café pavilion with its lit windows, a hipped roof and a cupola
    c0, c1 = 22.0, 36.0
    wall, lit = (214, 196, 180), (255, 210, 140)
    cuboid(d, cam, 2.6, 9.4, deck - 3.6, deck, c0, c1, wall, mix(wall, (60, 50, 80), 0.35),
           mix(wall, (60, 50, 80), 0.5))
    for k in range(6):
        zz = c0 + 1.0 + k * 2.2
        rect3(d, cam, (2.6, deck - 3.0, zz), (2.6, deck - 0.4, zz + 1.5), lit)
        line3(d, cam, (2.6, deck - 2.1, zz), (2.6, deck - 2.1, zz + 1.5), (170, 130, 90), 2)
    for k in range(4):
        xx = 3.0 + k * 1.6
        rect3(d, cam, (xx, deck - 3.0, c0), (xx + 1.1, deck - 0.4, c0), lit)
    rect3(d, cam, (2.6, deck - 3.6, c0), (9.4, deck - 3.2, c0), (40, 70, 90))
    s = scale_at(cam, c0)
    tx, ty = P(cam, 6.0, deck - 3.4, c0)
    d.text((tx, ty), "PIER CAF\u00c9", font=font("LeagueSpartan-Bold.otf", max(8, int(s * 0.34))),
           fill=(255, 230, 180), anchor="mm")
    roof = (70, 90, 104)
    ridge = deck - 5.6
    quad(d, cam, [(2.4, deck - 3.6, c0 - 0.2), (5.0, ridge, c0 + 3), (5.0, ridge, c1 - 3),
                  (2.4, deck - 3.6, c1 + 0.2)], roof)
    quad(d, cam, [(2.4, deck - 3.6, c0 - 0.2), (9.6, deck - 3.6, c0 - 0.2), (7.0, ridge, c0 + 3),
                  (5.0, ridge, c0 + 3)], mix(roof, (255, 160, 110), 0.2))
    cx, cy = P(cam, 6.0, ridge, (c0 + c1) / 2)
    s = scale_at(cam, (c0 + c1) / 2)
    d.rectangle([cx - s * 0.7, cy - s * 1.2, cx + s * 0.7, cy], fill=wall)
    d.pieslice([cx - s * 0.8, cy - s * 2.0, cx + s * 0.8, cy - s * 0.6], 180, 360, fill=roof)
    d.line([(cx, cy - s * 2.0), (cx, cy - s * 3.0)], fill=sil, width=2)
    d.polygon([(cx, cy - s * 3.0), (cx + s * 0.8, cy - s * 2.8), (cx, cy - s * 2.6)],
              fill=(200, 60, 60))
    # shelter at the pier head far out
    cuboid(d, cam, 3.4, 8.6, deck - 2.4, deck, 200, 212, (150, 120, 130), (110, 90, 110),
           (100, 80, 100))
    for z in (202, 205, 208):
        lights.append((*P(cam, 3.4, deck - 1.2, z), 4, (255, 210, 140), 0.9))
    # railings, lamp posts and festoon lights running out along the near rail
    for z in reversed(zs):
        s = scale_at(cam, z)
        line3(d, cam, (3.05, deck, z), (3.05, deck - 1.0, z), sil, s * 0.06)
    d.line([P(cam, 3.05, deck - 1.0, 6), P(cam, 3.05, deck - 1.0, 232)], fill=sil, width=3)
    d.line([P(cam, 3.05, deck - 0.5, 6), P(cam, 3.05, deck - 0.5, 232)], fill=sil, width=2)
    posts = [9, 15] + [c1 + 4 + k * 10 for k in range(19)]
    refl = []
    for z in posts:
        if c0 - 2 < z < c1 + 2:
            continue
        s = scale_at(cam, z)
        line3(d, cam, (3.05, deck, z), (3.05, deck - 4.0, z), sil, s * 0.14)
        line3(d, cam, (3.05, deck - 4.0, z), (2.5, deck - 4.0, z), sil, s * 0.1)
        x, y = P(cam, 2.5, deck - 3.9, z)
        lights.append((x, y, min(40, max(4, int(s * 0.6))), (255, 220, 160), 0.9))
        d.ellipse([x - s * 0.16, y - s * 0.16, x + s * 0.16, y + s * 0.16], fill=(255, 244, 214))
        wy = P(cam, 2.5, Wy, z)[1]
        refl.append((x, wy + 2, wy + (wy - y) * 1.2, max(1.5, s * 0.12), (200, 150, 90)))
    bulbs = []
    for za, zb in zip(posts, posts[1:]):
        if za >= c0 - 2 and za <= c1 + 2 or zb >= c0 - 2 and za <= c1:
            continue
        if za > 120:
            break
        for k in range(11):
            t = k / 10
            z = za + (zb - za) * t
            yy = deck - 3.7 + 0.9 * 4 * t * (1 - t)
            bulbs.append(P(cam, 3.05, yy, z) + (scale_at(cam, z),))
    for k in range(len(bulbs) - 1):
        a, b = bulbs[k], bulbs[k + 1]
        if abs(a[0] - b[0]) < 40:
            d.line([a[:2], b[:2]], fill=sil, width=1)
    for x, y, s in bulbs:
        c = rng.choice([(255, 220, 150), (255, 150, 120), (170, 220, 255), (255, 240, 200)])
        lights.append((x, y, min(9, max(3, int(s * 0.25))), c, 0.9))
        r = min(3.5, max(1.2, s * 0.06))
        d.ellipse([x - r, y - r, x + r, y + r], fill=(255, 248, 230))
    for k in range(6):  # café window light on the water
        zz = c0 + 1.0 + k * 2.2
        x, y = P(cam, 2.6, deck - 1.5, zz + 0.75)
        wy = P(cam, 2.6, Wy, zz + 0.75)[1]
        refl.append((x, wy + 2, wy + 150, scale_at(cam, zz) * 0.4, (230, 170, 90)))
    # people on the pier, and diners' silhouettes at the café windows
    for z, X in ((16, 4.4), (17, 5.0), (44, 5.5), (60, 4.0), (90, 5.0)):
        x, y = P(cam, X, deck, z)
        figure(d, x, y, scale_at(cam, z) * 1.75, sil, rng)
    for k in (1, 3, 4):
        zz = c0 + 1.0 + k * 2.2
        x, y = P(cam, 2.6, deck - 0.4, zz + 0.75)
        s = scale_at(cam, zz)
        d.ellipse([x - s * 0.16, y - s * 1.35, x + s * 0.16, y - s * 1.0], fill=(90, 60, 50))
        d.rectangle([x - s * 0.3, y - s * 1.0, x + s * 0.3, y], fill=(90, 60, 50))
    glows(img, lights)
    streaks(img, refl, rng)
    return img


def bottle_kiln(d, x, y, h, col, rng):
    """Brick bottle kiln: a swelling hovel narrowing to a chimney; (x, y) = base centre."""
    pts_l, pts_r = [], []
    for i in range(21):
        t = i / 20
        r = h * (0.24 * math.sin(math.pi * min(1, t * 1.25)) ** 0.7 + 0.06) if t < 0.8 else h * 0.07
        pts_l.append((x - r, y - t * h))
        pts_r.append((x + r, y - t * h))
    d.polygon(pts_l + pts_r[::-1], fill=col)
    for i in range(1, 20):
        t = i / 20
        a, b = pts_l[i], pts_r[i]
        d.line([a, b], fill=mix(col, (0, 0, 0), 0.12), width=1)
    d.rectangle([x - h * 0.085, y - h * 1.02, x + h * 0.085, y - h * 0.98],
                fill=mix(col, (0, 0, 0), 0.25))
    d.polygon(pts_r[:17] + [(x + h * 0.02, y - h * 0.8), (x + h * 0.02, y)],
              fill=mix(col, (40, 40, 70), 0.25))  # the shaded side
    d.rectangle([x - h * 0.05, y - h * 0.16, x + h * 0.05, y], fill=(50, 40, 36))  # doorway


def car_park(aspect, rng):
    """Kiln Street car park, half empty, in low winter sun."""
    sky = (226, 230, 226)
    img, d, w, h = canvas(aspect, (110, 150, 200), sky, 0.42)
    img = clouds(img, rng, 8, 0, h * 0.25, col=(30, 30, 30), wr=(200, 500), hr=(20, 40),
                 lighten=True)
    d = ImageDraw.Draw(img)
    cam = (w * 0.46, h * 0.42, w * 0.62)
    G = 3.2  # standing on the raised entrance ramp
    # the old bottle kiln that gives the street its name, behind the shop backs
    # backs of the high-street shops along the far side: brick, fire escapes, bins
    x = -20
    far = 46
    while x < w + 20:
        bw = rng.randint(90, 160)
        top = P(cam, 0, G - rng.uniform(9, 13), far)[1]
        base_y = P(cam, 0, G, far)[1]
        wall = jit(rng.choice([(150, 92, 72), (168, 118, 92), (190, 178, 156), (136, 84, 66)]),
                   rng, 6)
        wall = mix(wall, (255, 214, 160), 0.15)
        facade(d, x, top, x + bw, base_y, wall, (64, 72, 84), rng, cols=3, rows=3, margin=0.3,
               sill=mix(wall, (255, 255, 255), 0.4))
        d.polygon([(x - 2, top), (x + bw / 2, top - bw * 0.25), (x + bw + 2, top)],
                  fill=(80, 74, 76))
        if rng.random() < 0.4:  # black fire escape zig-zag
            for k in range(3):
                yy = top + (base_y - top) * (k + 0.6) / 3.4
                d.line([(x + bw * 0.7, yy), (x + bw * 0.95, yy + 24)], fill=(30, 30, 32), width=2)
                d.line([(x + bw * 0.68, yy), (x + bw * 0.98, yy)], fill=(30, 30, 32), width=3)
        x += bw
    kx, ky = P(cam, -10, G, far - 3)
    bottle_kiln(d, kx, ky, scale_at(cam, far - 3) * 17, (170, 106, 80), rng)
    rect3(d, cam, (-60, G - 1.8, far - 0.5), (60, G, far - 0.5), (140, 92, 74))  # boundary wall
    for k in range(-30, 31):
        line3(d, cam, (k * 2, G - 1.8, far - 0.5), (k * 2, G, far - 0.5), (124, 80, 64), 1)
    for k in range(14):  # wheelie bins by the wall
        X = -24 + k * 3.4 + rng.uniform(-0.5, 0.5)
        c = rng.choice([(40, 70, 50), (40, 44, 50), (60, 90, 140)])
        cuboid(d, cam, X, X + 0.7, G - 1.1, G, far - 1.6, far - 0.8, mix(c, (255, 255, 255), 0.1),
               c, mix(c, (0, 0, 0), 0.2))
    # tarmac, patched, with bay lines and low sun shadows
    rect3(d, cam, (-60, G, 2), (60, G, far - 0.5), (96, 96, 100))
    for _ in range(22):
        X, z = rng.uniform(-30, 30), rng.uniform(9, 40)
        c = rng.choice([(84, 84, 88), (108, 108, 110), (76, 76, 80)])
        quad(d, cam, [(X, G, z), (X + rng.uniform(2, 6), G, z), (X + rng.uniform(2, 6), G, z + 2),
                      (X, G, z + rng.uniform(1, 3))], c)
    for _ in range(7):  # puddles holding the sky
        X, z = rng.uniform(-16, 16), rng.uniform(5, 30)
        a, b = P(cam, X, G, z), P(cam, X + rng.uniform(1.5, 4), G, z + rng.uniform(0.6, 1.5))
        d.ellipse([min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])],
                  fill=mix(sky, (140, 170, 210), 0.5))
    rows = [(12.0, 17.0), (24.0, 29.0), (35.0, 40.0)]
    bay = 2.5
    for zf, zb in rows:
        rect3(d, cam, (-40, G, zf - 0.08), (40, G, zf + 0.08), (236, 236, 230))
        for k in range(-16, 17):
            X = k * bay
            rect3(d, cam, (X - 0.06, G, zf), (X + 0.06, G, zb), (236, 236, 230))
    sh = ImageDraw.Draw(img, "RGBA")
    parked = []
    for r, (zf, zb) in enumerate(rows):
        for k in range(-15, 16):
            if rng.random() < 0.42:
                parked.append((zf + 1.0, (k + 0.5) * bay))
    parked.append((21.0, None))  # a shopper crossing between the rows
    for z, X in sorted(parked, key=lambda p: -p[0]):
        if X is None:
            x, y = P(cam, -1.5, G, z)
            person(d, x, y, scale_at(cam, z) * 1.7, (150, 60, 52), (40, 44, 60), SKINS[2],
                   HAIRS[4], pose="walk", bag=(220, 220, 210))
            continue
        sh.polygon([P(cam, X - 0.9, G, z), P(cam, X + 0.9, G, z), P(cam, X + 4.6, G, z + 3.2),
                    P(cam, X + 2.6, G, z + 4.3)], fill=(30, 34, 60, 90))
        x, y = P(cam, X, G, z)
        col = rng.choice([(120, 124, 132), (150, 40, 40), (40, 60, 100), (200, 200, 204),
                          (30, 32, 36), (180, 160, 120), (60, 90, 70)])
        car(d, x, y, scale_at(cam, z) * 1.8, col, rng)
    # lamp columns, a pay-and-display machine, the car park sign with a planning notice
    for X, z in ((-9, 20), (9, 20), (-9, 38), (9, 38)):
        s = scale_at(cam, z)
        x, y = P(cam, X, G, z)
        sh.polygon([P(cam, X - 0.1, G, z), P(cam, X + 0.1, G, z), P(cam, X + 10.1, G, z + 6),
                    P(cam, X + 9.9, G, z + 6)], fill=(30, 34, 60, 60))
        d.line([(x, y), (x, y - s * 8)], fill=(120, 124, 128), width=max(2, int(s * 0.16)))
        d.rectangle([x - s * 0.7, y - s * 8.1, x + s * 0.1, y - s * 7.85], fill=(110, 114, 118))
    x, y = P(cam, 3.0, G, 7)
    s = scale_at(cam, 7)
    d.rectangle([x - s * 0.05, y - s * 1.0, x + s * 0.05, y], fill=(60, 60, 64))
    d.rectangle([x - s * 0.28, y - s * 1.7, x + s * 0.28, y - s * 0.9], fill=(40, 70, 130))
    d.rectangle([x - s * 0.3, y - s * 1.8, x + s * 0.3, y - s * 1.65], fill=(230, 190, 40))
    d.rectangle([x - s * 0.15, y - s * 1.5, x + s * 0.15, y - s * 1.3], fill=(170, 200, 180))
    sh.polygon([(x - s * 0.3, y), (x + s * 0.3, y), P(cam, 3.0 + 3.2, G, 7 + 1.8)],
               fill=(30, 34, 60, 80))
    x, y = P(cam, -2.6, G, 6.5)
    s = scale_at(cam, 6.5)
    for px in (x - s * 0.55, x + s * 0.55):
        d.rectangle([px - s * 0.04, y - s * 2.3, px + s * 0.04, y], fill=(80, 84, 88))
    d.rectangle([x - s * 0.75, y - s * 2.9, x + s * 0.75, y - s * 1.7], fill=(24, 72, 150))
    d.rectangle([x - s * 0.7, y - s * 2.85, x - s * 0.2, y - s * 2.35], fill=(255, 255, 255))
    d.text((x - s * 0.45, y - s * 2.6), "P", font=font("Lato-Black.ttf", int(s * 0.45)),
           fill=(24, 72, 150), anchor="mm")
    f = font("Lato-Bold.ttf", int(s * 0.16))
    d.text((x - s * 0.12, y - s * 2.78), "Kiln Street", font=f, fill=(255, 255, 255))
    d.text((x - s * 0.12, y - s * 2.55), "Car Park", font=f, fill=(255, 255, 255))
    d.rectangle([x - s * 0.35, y - s * 1.62, x + s * 0.1, y - s * 1.05], fill=(246, 246, 240))
    for k in range(6):  # a laminated planning notice cable-tied to the post
        d.line([(x - s * 0.3, y - s * (1.52 - k * 0.08)),
                (x + s * 0.05, y - s * (1.52 - k * 0.08))],
               fill=(120, 120, 120), width=1)
    return img


def coastguard(aspect, rng):
    """The station's new orange rescue boat at speed off the headland, bright sun."""
    sky = (204, 224, 238)
    img, d, w, h = canvas(aspect, (70, 128, 200), sky, 0.44)
    img = clouds(img, rng, 9, h * 0.05, h * 0.3, col=(60, 56, 50), wr=(120, 300), hr=(20, 50),
                 blur=12, lighten=True)
    d = ImageDraw.Draw(img)
    hz = int(h * 0.44)
    # headland with the coastguard station and its lookout
    d.polygon([(0, hz - 140), (w * 0.18, hz - 150), (w * 0.3, hz - 120), (w * 0.42, hz - 40),
               (w * 0.46, hz), (0, hz)], fill=(98, 138, 82))
    d.polygon([(w * 0.3, hz - 120), (w * 0.42, hz - 40), (w * 0.46, hz), (w * 0.36, hz),
               (w * 0.33, hz - 60)], fill=(150, 140, 120))  # cliff face
    sx, sy = w * 0.1, hz - 146
    d.rectangle([sx, sy - 60, sx + 170, sy], fill=(244, 244, 238))
    d.rectangle([sx, sy - 64, sx + 170, sy - 58], fill=(40, 60, 100))
    for k in range(6):
        d.rectangle([sx + 12 + k * 26, sy - 44, sx + 28 + k * 26, sy - 24], fill=(60, 80, 100))
    d.rectangle([sx + 110, sy - 112, sx + 170, sy - 60], fill=(244, 244, 238))  # lookout
    d.rectangle([sx + 106, sy - 104, sx + 174, sy - 80], fill=(70, 100, 124))
    d.rectangle([sx + 104, sy - 116, sx + 176, sy - 110], fill=(40, 60, 100))
    d.line([(sx + 150, sy - 116), (sx + 150, sy - 200)], fill=(70, 70, 74), width=3)
    d.rectangle([sx + 132, sy - 180, sx + 168, sy - 175], fill=(70, 70, 74))  # radar scanner
    d.line([(sx + 40, sy - 60), (sx + 40, sy - 150)], fill=(220, 220, 220), width=2)
    d.polygon([(sx + 40, sy - 150), (sx + 70, sy - 144), (sx + 40, sy - 136)], fill=(30, 50, 120))
    for k in range(5):
        tree(d, sx - 30 + k * 16, sy + 2, 40, (70, 110, 64), rng)
    water(img, hz, (90, 150, 176), (24, 82, 120), rng, stripes=700, light=(150, 196, 214),
          dark=(24, 70, 104))
    d = ImageDraw.Draw(img)
    sparkle(d, rng, 200, (w * 0.5, hz + 4, w, hz + 120))
    d.rectangle([w * 0.8, hz - 8, w * 0.86, hz - 2], fill=(110, 116, 126))  # ship on the horizon
    d.rectangle([w * 0.83, hz - 14, w * 0.845, hz - 8], fill=(110, 116, 126))
    for gx, gy, gs in ((w * 0.6, h * 0.12, 14), (w * 0.66, h * 0.18, 10), (w * 0.9, h * 0.1, 12)):
        gull(d, gx, gy, gs, (250, 250, 250))
    # the boat, bow to the left, lifting on a bow wave, with a long wake
    bx, by, L = w * 0.2, h * 0.76, w * 0.62
    orange, navy, white = (236, 100, 28), (28, 36, 60), (244, 244, 240)
    for _ in range(500):  # wake
        t = rng.random() ** 0.7
        x = bx + L * 0.9 + t * w * 0.5
        y = by + 8 + rng.gauss(0, 6 + 40 * t) * 0.6 - t * 30
        r = rng.uniform(3, 12) * (1 - t * 0.5)
        d.ellipse([x - r * 2, y - r * 0.6, x + r * 2, y + r * 0.6],
                  fill=jit((232, 240, 242), rng, 10))
    hull = [(bx, by - L * 0.2), (bx + L * 0.1, by - L * 0.16), (bx + L, by - L * 0.15),
            (bx + L * 0.99, by - L * 0.02), (bx + L * 0.22, by + 4), (bx + L * 0.05, by - L * 0.08)]
    shade = ImageDraw.Draw(img, "RGBA")
    reflect = [(x, by + (by - y) * 0.45) for x, y in hull]
    shade.polygon(reflect, fill=orange + (70,))
    for _ in range(60):
        y = rng.uniform(by, by + L * 0.08)
        x = rng.uniform(bx, bx + L)
        d.line([(x, y), (x + rng.uniform(20, 70), y)], fill=(60, 120, 150), width=2)
    d = ImageDraw.Draw(img)
    d.polygon(hull, fill=orange)
    d.polygon([(bx + L * 0.05, by - L * 0.08), (bx + L * 0.22, by + 4),
               (bx + L * 0.99, by - L * 0.02),
               (bx + L * 0.99, by - L * 0.06), (bx + L * 0.2, by - L * 0.04)], fill=navy)
    d.line([(bx + L * 0.02, by - L * 0.18), (bx + L, by - L * 0.14)], fill=(30, 30, 34), width=8)
    f = font("LeagueSpartan-Bold.otf", int(L * 0.045))
    d.text((bx + L * 0.48, by - L * 0.11), "COASTGUARD RESCUE", font=f, fill=white, anchor="mm")
    d.rectangle([bx + L * 0.78, by - L * 0.125, bx + L * 0.96, by - L * 0.095], fill=navy)
    # wheelhouse
    d.polygon([(bx + L * 0.3, by - L * 0.19), (bx + L * 0.38, by - L * 0.33),
               (bx + L * 0.78, by - L * 0.33), (bx + L * 0.82, by - L * 0.17)], fill=white)
    d.polygon([(bx + L * 0.33, by - L * 0.21), (bx + L * 0.39, by - L * 0.31),
               (bx + L * 0.48, by - L * 0.31), (bx + L * 0.48, by - L * 0.21)], fill=(36, 50, 66))
    for k in range(3):
        d.rectangle([bx + L * (0.5 + k * 0.09), by - L * 0.3, bx + L * (0.57 + k * 0.09),
                     by - L * 0.23], fill=(36, 50, 66))
    d.rectangle([bx + L * 0.42, by - L * 0.345, bx + L * 0.76, by - L * 0.33], fill=orange)
    d.line([(bx + L * 0.62, by - L * 0.345), (bx + L * 0.64, by - L * 0.47)], fill=white,
           width=6)  # mast with radar and blue light
    d.line([(bx + L * 0.74, by - L * 0.345), (bx + L * 0.7, by - L * 0.47)], fill=white, width=6)
    d.line([(bx + L * 0.6, by - L * 0.47), (bx + L * 0.73, by - L * 0.47)], fill=white, width=6)
    d.rectangle([bx + L * 0.6, by - L * 0.5, bx + L * 0.72, by - L * 0.485], fill=(40, 40, 44))
    d.ellipse([bx + L * 0.655, by - L * 0.53, bx + L * 0.675, by - L * 0.5], fill=(90, 150, 255))
    for k, fx in enumerate((0.84, 0.9)):  # crew in the open stern, helmets on
        x = bx + L * fx
        person(d, x, by - L * 0.15, L * 0.12, (236, 100, 28), (28, 36, 60), SKINS[k * 2 + 1],
               HAIRS[0], hat="beanie", hat_col=(240, 240, 236), arms="front")
    # foam along the waterline, a bow wave and spray thrown forward
    for _ in range(300):
        t = rng.random()
        x = bx + L * (0.08 + 0.9 * t)
        y = by - L * (0.005 + 0.02 * (1 - t)) + rng.gauss(0, 3)
        r = rng.uniform(3, 9)
        d.ellipse([x - r * 1.6, y - r * 0.6, x + r * 1.6, y + r * 0.6],
                  fill=jit((236, 242, 244), rng, 8))
    for _ in range(380):
        a = rng.uniform(-2.8, -1.4)
        r = abs(rng.gauss(0, L * 0.09))
        x = bx + L * 0.12 + math.cos(a) * r * 1.5
        y = by - L * 0.01 + math.sin(a) * r * 0.6
        rr = rng.uniform(1.5, 6)
        d.ellipse([x - rr, y - rr, x + rr, y + rr], fill=jit((240, 246, 248), rng, 8))
    glow(img, (bx + L * 0.665, by - L * 0.515), 26, (90, 150, 255), 0.8)
    return img



# ---------------------------------------------------------------- p4-5 investigation
def damp_wall(aspect, rng):
    """Black mould spreading from a cold window corner in a child's bedroom."""
    paper = (224, 214, 192)
    img, d, w, h = canvas(aspect, paper, paper)
    # flat wall seen square-on: the ceiling and the side wall at a shallow angle
    for x in range(0, w, 26):  # faint wallpaper stripe
        d.line([(x, 0), (x, h)], fill=(216, 206, 184), width=8)
    d.polygon([(0, 0), (w, 0), (w, h * 0.06), (w * 0.1, h * 0.09), (0, h * 0.11)],
              fill=(236, 234, 226))  # ceiling
    d.line([(w * 0.1, h * 0.09), (w, h * 0.06)], fill=(200, 196, 186), width=4)  # coving
    d.polygon([(0, h * 0.11), (w * 0.1, h * 0.09), (w * 0.1, h * 0.93), (0, h * 0.98)],
              fill=(196, 186, 164))  # side wall, in shadow
    d.line([(w * 0.1, h * 0.09), (w * 0.1, h * 0.93)], fill=(180, 170, 150), width=2)
    d.rectangle([w * 0.1, h * 0.9, w, h * 0.95], fill=(236, 232, 222))  # skirting
    d.polygon([(0, h * 0.95), (w * 0.1, h * 0.95), (w, h * 0.95), (w, h), (0, h)],
              fill=(120, 110, 130))  # carpet
    d.polygon([(0, h * 0.98), (w * 0.1, h * 0.93), (w * 0.1, h * 0.95), (0, h)],
              fill=(206, 202, 192))
    # the window: deep reveal, white uPVC frame, fogged glass, a grey block outside
    wx0, wx1, wy0, wy1 = w * 0.55, w * 0.88, h * 0.17, h * 0.62
    rv = 22
    d.rectangle([wx0 - rv, wy0 - rv, wx1 + rv, wy1 + 8], fill=(214, 206, 188))
    d.polygon([(wx0 - rv, wy0 - rv), (wx1 + rv, wy0 - rv), (wx1, wy0), (wx0, wy0)],
              fill=(204, 196, 178))
    d.polygon([(wx0 - rv, wy0 - rv), (wx0, wy0), (wx0, wy1), (wx0 - rv, wy1 + 8)],
              fill=(196, 188, 170))
    glass = Image.new("RGB", (int(wx1 - wx0), int(wy1 - wy0)), (186, 192, 198))
    gd = ImageDraw.Draw(glass)
    gw, gh = glass.size
    vgrad(glass, (0, 0, gw, gh), (176, 184, 194), (208, 210, 210))
    gd.rectangle([gw * 0.05, gh * 0.35, gw * 0.6, gh], fill=(150, 146, 140))  # block opposite
    for r in range(4):
        for c in range(5):
            gd.rectangle([gw * (0.08 + c * 0.1), gh * (0.42 + r * 0.14), gw * (0.13 + c * 0.1),
                          gh * (0.5 + r * 0.14)], fill=(96, 100, 108))
    tree(gd, gw * 0.8, gh, gh * 0.7, (120, 130, 120), rng)
    glass = glass.filter(ImageFilter.GaussianBlur(5))  # condensation fogs the view
    fog = Image.new("RGB", glass.size, (232, 234, 234))
    fmask = Image.new("L", glass.size, 0)
    fd = ImageDraw.Draw(fmask)
    for yy in range(gh):
        fd.line([(0, yy), (gw, yy)], fill=int(70 + 100 * yy / gh))
    for _ in range(45):  # droplets running down through the mist
        x, y = rng.uniform(0, gw), rng.uniform(0, gh * 0.7)
        ln = rng.uniform(20, gh - y)
        fd.line([(x, y), (x + rng.uniform(-3, 3), y + ln)], fill=45, width=2)
        fd.ellipse([x - 2.5, y + ln - 2.5, x + 2.5, y + ln + 2.5], fill=30)
    glass = Image.composite(fog, glass, fmask)
    img.paste(glass, (int(wx0), int(wy0)))
    d = ImageDraw.Draw(img)
    frame = (234, 234, 228)
    mid = (wx0 + wx1) / 2
    for box in ([wx0, wy0, wx1, wy0 + 12], [wx0, wy1 - 12, wx1, wy1], [wx0, wy0, wx0 + 12, wy1],
                [wx1 - 12, wy0, wx1, wy1], [mid - 8, wy0, mid + 8, wy1]):
        d.rectangle(box, fill=frame)
    d.rectangle([mid + 22, wy0 + h * 0.2, mid + 30, wy0 + h * 0.26], fill=(200, 200, 196))  # handle
    d.rectangle([wx0 - rv - 14, wy1 + 8, wx1 + rv + 14, wy1 + 20], fill=(238, 236, 230))  # sill
    d.rectangle([wx0 - rv - 14, wy1 + 20, wx1 + rv + 14, wy1 + 24], fill=(200, 196, 188))
    d.ellipse([wx0 + 40, wy1 + 6, wx0 + 160, wy1 + 14], fill=(196, 204, 208))  # puddled water
    # curtain pulled back, radiator with a child's school jumper drying on it
    for k in range(6):
        cx = wx1 + rv + 4 + k * 13
        d.polygon([(cx, wy0 - rv - 30), (cx + 13, wy0 - rv - 30), (cx + 18, h * 0.8),
                   (cx + 2, h * 0.8)], fill=(120, 160, 170) if k % 2 else (104, 142, 152))
    d.rectangle([wx0 - 60, wy0 - rv - 40, w, wy0 - rv - 32], fill=(150, 150, 150))
    rx0, rx1, ry0, ry1 = wx0 + 10, wx1 - 10, h * 0.72, h * 0.87
    d.rectangle([rx0, ry0, rx1, ry1], fill=(238, 238, 234))
    for x in range(int(rx0) + 6, int(rx1) - 4, 10):
        d.line([(x, ry0 + 4), (x, ry1 - 4)], fill=(214, 214, 208), width=3)
    d.rectangle([rx0 + 30, ry1, rx0 + 38, h * 0.91], fill=(200, 200, 196))
    d.polygon([(rx0 + 60, ry0 - 6), (rx0 + 220, ry0 - 6), (rx0 + 230, ry0 + 70),
               (rx0 + 196, ry0 + 74), (rx0 + 186, ry0 + 14), (rx0 + 96, ry0 + 14),
               (rx0 + 86, ry0 + 76), (rx0 + 52, ry0 + 70)], fill=(40, 70, 130))  # jumper
    d.rectangle([rx0 + 250, ry0 - 6, rx0 + 290, ry0 + 40], fill=(236, 236, 236))  # socks
    d.rectangle([rx0 + 300, ry0 - 6, rx0 + 336, ry0 + 34], fill=(236, 140, 170))
    # a child's drawing taped up, a socket with a dehumidifier plugged in
    px0, py0 = w * 0.2, h * 0.34
    paper_img = Image.new("RGB", (170, 130), (250, 250, 246))
    pd = ImageDraw.Draw(paper_img)
    pd.rectangle([40, 60, 120, 118], outline=(220, 60, 50), width=4)
    pd.polygon([(34, 62), (80, 24), (126, 62)], outline=(60, 90, 200), width=4)
    pd.ellipse([130, 10, 160, 40], outline=(240, 190, 30), width=4)
    pd.rectangle([70, 86, 88, 118], outline=(60, 160, 70), width=3)
    pd.line([(0, 124), (170, 124)], fill=(80, 170, 80), width=6)
    paper_img = paper_img.rotate(-4, expand=True, fillcolor=paper)
    img.paste(paper_img, (int(px0), int(py0)))
    d = ImageDraw.Draw(img)
    for tx, ty in ((px0 + 20, py0 + 4), (px0 + 150, py0 + 14)):
        d.rectangle([tx - 12, ty - 6, tx + 12, ty + 6], fill=(240, 232, 200))
    d.rectangle([w * 0.3, h * 0.8, w * 0.36, h * 0.86], fill=(244, 244, 240))
    d.line([(w * 0.33, h * 0.84), (w * 0.34, h * 0.93), (w * 0.42, h * 0.97)], fill=(40, 40, 44),
           width=3)
    d.rounded_rectangle([w * 0.4, h * 0.72, w * 0.5, h * 0.97], radius=10, fill=(236, 236, 232))
    d.rectangle([w * 0.41, h * 0.74, w * 0.49, h * 0.78], fill=(70, 130, 170))
    for k in range(5):
        d.line([(w * 0.415, h * (0.81 + k * 0.025)), (w * 0.485, h * (0.81 + k * 0.025))],
               fill=(190, 190, 186), width=2)
    # peeling wallpaper at the top of the reveal, a brown water line below the ceiling
    d.polygon([(wx0 - rv - 80, wy0 - rv - 4), (wx0 - rv - 6, wy0 - rv - 4), (wx0 - rv - 30,
               wy0 + 60), (wx0 - rv - 76, wy0 + 30)], fill=(196, 188, 170))
    d.polygon([(wx0 - rv - 6, wy0 - rv - 4), (wx0 - rv - 30, wy0 + 60), (wx0 - rv - 10,
               wy0 + 40), (wx0 - rv + 4, wy0 + 8)], fill=(246, 240, 226))
    # black mould: along the ceiling, down the cold corner, round the window and sill
    clusters = [(w * 0.1, h * 0.12, 160, 60, 2600), (w * 0.25, h * 0.1, 200, 40, 1800),
                (w * 0.42, h * 0.085, 140, 30, 900), (w * 0.1, h * 0.35, 40, 160, 1500),
                (w * 0.1, h * 0.62, 30, 120, 700), (wx0 - rv, wy0 - rv, 80, 70, 1600),
                (wx1 + rv, wy0 - rv, 60, 50, 900), (wx0 - rv, wy1 + 10, 70, 50, 1100),
                (wx1 + rv + 10, wy1 + 10, 50, 40, 600), (wx0 + 12, wy1 - 8, 80, 12, 500),
                (w * 0.16, h * 0.9, 90, 20, 700), (w * 0.7, h * 0.065, 180, 20, 700)]
    mould(img, rng, clusters)
    # cold light from the window: the wall falls off into shadow towards the corner
    shade = Image.new("L", (w, h), 0)
    sd = ImageDraw.Draw(shade)
    for x in range(w):
        t = abs(x - (wx0 + wx1) / 2) / w
        sd.line([(x, 0), (x, h)], fill=int(min(120, 170 * t)))
    dark = ImageChops.multiply(img, Image.new("RGB", (w, h), (150, 156, 170)))
    img = Image.composite(dark, img, shade)
    return img


def tenant_kitchen(aspect, rng):
    """A tenant in her kitchen: ceiling stain, a bucket under the drip, broken units."""
    img, d, w, h = canvas(aspect, (200, 200, 190), (200, 200, 190))
    cam = (w * 0.52, h * 0.4, w * 0.52)
    F, C, Z, half = 1.5, -1.05, 4.6, 1.6
    wallc = (196, 210, 180)
    room(d, cam, half, F, C, 0.3, Z, (150, 120, 100), (228, 226, 214), wallc,
         mix(wallc, (0, 0, 0), 0.08), mix(wallc, (255, 255, 255), 0.1))
    for i in range(-6, 7):  # lino tiles
        line3(d, cam, (i * 0.3, F, 0.3), (i * 0.3, F, Z), (134, 104, 86), 1)
    for z in (0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.4, 2.7, 3.0, 3.3, 3.6, 3.9, 4.2):
        line3(d, cam, (-half, F, z), (half, F, z), (134, 104, 86), 1)
    # back wall: window on to the dark evening, tiles, sink run
    wx0, wx1, wy0, wy1 = -1.0, 0.5, -0.6, 0.3
    rect3(d, cam, (wx0 - 0.06, wy0 - 0.06, Z), (wx1 + 0.06, wy1 + 0.06, Z), (236, 236, 230))
    rect3(d, cam, (wx0, wy0, Z), (wx1, wy1, Z), (30, 40, 66))
    for k in range(6):
        x, y = P(cam, wx0 + 0.2 + k * 0.22, wy1 - 0.15 - (k % 3) * 0.08, Z)
        d.rectangle([x - 3, y - 3, x + 3, y + 3], fill=(230, 190, 110))  # lit windows opposite
    line3(d, cam, ((wx0 + wx1) / 2, wy0, Z), ((wx0 + wx1) / 2, wy1, Z), (236, 236, 230), 4)
    for yy in (0.35, 0.5):
        line3(d, cam, (-half, yy, Z), (half, yy, Z), (200, 208, 196), 1)
    for xx in [-half + k * 0.15 for k in range(22)]:
        line3(d, cam, (xx, 0.3, Z), (xx, 0.6, Z), (200, 208, 196), 1)
    cuboid(d, cam, -half, 0.6, 0.6, F, Z - 0.6, Z, (120, 110, 100), (226, 222, 210),
           (210, 206, 196))  # back base units
    rect3(d, cam, (-half, 0.56, Z - 0.62), (0.6, 0.6, Z - 0.62), (90, 84, 80))
    quad(d, cam, [(-half, 0.56, Z - 0.62), (0.6, 0.56, Z - 0.62), (0.6, 0.56, Z),
                  (-half, 0.56, Z)], (120, 110, 100))  # worktop
    rect3(d, cam, (-0.9, 0.555, Z - 0.5), (0.2, 0.555, Z - 0.1), (170, 176, 180))  # sink
    for k in range(4):
        xx = -half + 0.05 + k * 0.53
        rect3(d, cam, (xx, 0.7, Z - 0.61), (xx + 0.48, F - 0.1, Z - 0.61), (236, 232, 220))
    # left run: base units, worktop, wall units with one door hanging off
    cuboid(d, cam, -half, -half + 0.6, 0.6, F, 0.5, Z - 0.6, (120, 110, 100), (226, 222, 210),
           (226, 222, 210))
    quad(d, cam, [(-half + 0.62, 0.56, 0.5), (-half + 0.62, 0.56, Z - 0.6),
                  (-half + 0.62, 0.6, Z - 0.6), (-half + 0.62, 0.6, 0.5)], (96, 88, 82))
    quad(d, cam, [(-half, 0.56, 0.5), (-half + 0.62, 0.56, 0.5), (-half + 0.62, 0.56, Z - 0.6),
                  (-half, 0.56, Z - 0.6)], (120, 110, 100))
    for zz in (0.7, 1.3, 1.9, 2.5, 3.1):
        rect3(d, cam, (-half + 0.6, 0.7, zz), (-half + 0.6, F - 0.1, zz + 0.55), (236, 232, 220))
        line3(d, cam, (-half + 0.6, 0.8, zz + 0.45), (-half + 0.6, 0.8, zz + 0.5), (90, 90, 90), 2)
    cuboid(d, cam, -half, -half + 0.35, -0.95, -0.25, 0.8, Z, (210, 206, 196), (226, 222, 210),
           (236, 232, 220))
    for zz in (0.9, 1.5, 2.7, 3.3, 3.9):
        rect3(d, cam, (-half + 0.35, -0.9, zz), (-half + 0.35, -0.3, zz + 0.55), (238, 234, 222))
    rect3(d, cam, (-half + 0.35, -0.9, 2.12), (-half + 0.35, -0.3, 2.62), (60, 56, 54))
    for k in range(3):  # plates and cups glimpsed inside
        rect3(d, cam, (-half + 0.35, -0.8 + k * 0.18, 2.2), (-half + 0.35, -0.7 + k * 0.18, 2.55),
              (200, 196, 186))
    quad(d, cam, [(-half + 0.35, -0.85, 2.1), (-half + 0.78, -0.7, 2.3), (-half + 0.8, -0.1, 2.36),
                  (-half + 0.35, -0.28, 2.1)], (222, 218, 206), outline=(150, 146, 136))
    line3(d, cam, (-half + 0.7, -0.5, 2.3), (-half + 0.7, -0.4, 2.31), (90, 90, 90), 2)
    # kettle and a toaster on the worktop
    x, y = P(cam, -half + 0.3, 0.56, 1.2)
    s = scale_at(cam, 1.2)
    d.rounded_rectangle([x - s * 0.1, y - s * 0.24, x + s * 0.1, y], radius=int(s * 0.04),
                        fill=(200, 60, 50))
    # fridge on the right with a drawing under a magnet
    cuboid(d, cam, 0.95, half, -0.45, F, 3.5, Z - 0.05, (230, 230, 226), (236, 236, 232),
           (214, 214, 210))
    rect3(d, cam, (1.05, 0.1, 3.49), (1.4, 0.5, 3.49), (250, 250, 240))
    rect3(d, cam, (1.1, 0.2, 3.48), (1.35, 0.45, 3.48), (230, 200, 90))
    line3(d, cam, (1.0, 0.0, 3.49), (1.5, 0.0, 3.49), (190, 190, 186), 2)
    # the ceiling: a brown stain ringed with tide marks, dripping into a bucket
    sx, sz = -0.1, 2.3
    stain = img.copy()
    sd = ImageDraw.Draw(stain)
    smask = Image.new("L", img.size, 0)
    for k, col in enumerate(((190, 166, 126), (206, 188, 150), (168, 138, 98), (150, 120, 84))):
        r = 0.45 - k * 0.1
        pts = [(sx + r * math.cos(t) * rng.uniform(0.85, 1.1), C,
                sz + r * 0.8 * math.sin(t) * rng.uniform(0.85, 1.1))
               for t in [math.tau * i / 18 for i in range(18)]]
        sd.polygon([P(cam, *p) for p in pts], fill=col)
        if k == 0:
            ImageDraw.Draw(smask).polygon([P(cam, *p) for p in pts], fill=255)
    img.paste(Image.composite(stain.filter(ImageFilter.GaussianBlur(3)), img,
                              smask.filter(ImageFilter.GaussianBlur(6))))
    d = ImageDraw.Draw(img)
    mould(img, rng, [(P(cam, -half, C, Z)[0] + 10, P(cam, -half, C, Z)[1] + 6, 60, 30, 600),
                     (*P(cam, wx0, wy0, Z), 30, 24, 300), (*P(cam, wx1, wy0, Z), 24, 20, 200),
                     (*P(cam, -half, C, 1.2), 70, 20, 500)])
    d = ImageDraw.Draw(img)
    bx, by = P(cam, sx, F, sz)
    s = scale_at(cam, sz)
    d.polygon([(bx - s * 0.16, by - s * 0.3), (bx + s * 0.16, by - s * 0.3), (bx + s * 0.12, by),
               (bx - s * 0.12, by)], fill=(40, 110, 180))
    d.ellipse([bx - s * 0.16, by - s * 0.34, bx + s * 0.16, by - s * 0.26], fill=(30, 80, 140))
    d.ellipse([bx - s * 0.13, by - s * 0.325, bx + s * 0.13, by - s * 0.275], fill=(150, 140, 110))
    d.arc([bx - s * 0.16, by - s * 0.5, bx + s * 0.16, by - s * 0.2], 200, 340, fill=(30, 30, 34),
          width=2)
    for k in range(4):  # drips falling
        x, y = P(cam, sx, C + 0.3 + k * 0.6, sz)
        d.ellipse([x - 3, y - 6, x + 3, y + 4], fill=(150, 176, 204))
    # the tenant, mug in hand
    x, y = P(cam, 0.55, F, 2.75)
    s = scale_at(cam, 2.75)
    person(d, x, y, s * 1.64, (150, 70, 90), (50, 56, 80), SKINS[4], HAIRS[0], arms="front",
           hair_style="long", lean=-0.01)
    d.rectangle([x - s * 0.05, y - s * 1.06, x + s * 0.04, y - s * 0.96], fill=(240, 240, 236))
    # ceiling light, warm in the evening
    lx, ly = P(cam, 0.2, C + 0.12, 3.0)
    d.ellipse([lx - 16, ly - 8, lx + 16, ly + 8], fill=(255, 246, 220))
    glow(img, (lx, ly), 160, (255, 220, 160), 0.25)
    return img


def repairs_chart(path):
    """Newspaper bar chart, 1600x1200 PNG, in the house style of the care-fees chart."""
    W, H = 1600, 1200
    img = Image.new("RGB", (W, H), (255, 255, 255))
    d = ImageDraw.Draw(img)
    bold, reg = font("Lato-Bold.ttf", 62), font("Lato-Regular.ttf", 42)
    small, lab = font("Lato-Regular.ttf", 34), font("Lato-Bold.ttf", 42)
    ink, grey = (30, 30, 34), (110, 112, 118)
    d.text((70, 56), "Damp and mould complaints", font=bold, fill=ink)
    d.text((70, 144), "Complaints to the landlord each year, 2020\u20132026", font=reg, fill=grey)
    years = list(range(2020, 2027))
    values = [610, 690, 820, 940, 1130, 1280, 1410]
    left, right, top, base = 170, 1540, 290, 1040
    vmax = 1600
    for v in range(0, vmax + 1, 400):
        y = base - (base - top) * v / vmax
        if v:
            d.line([(left, y), (right, y)], fill=(222, 224, 228), width=2)
        d.text((left - 22, y), f"{v:,}", font=small, fill=grey, anchor="rm")
    slot = (right - left) / len(years)
    for i, (yr, v) in enumerate(zip(years, values)):
        x0 = left + i * slot + slot * 0.15
        x1 = left + (i + 1) * slot - slot * 0.15
        y = base - (base - top) * v / vmax
        col = (36, 62, 96) if yr == 2026 else (128, 146, 166)
        d.rectangle([x0, y, x1, base], fill=col)
        d.text(((x0 + x1) / 2, y - 16), f"{v:,}", font=lab if yr == 2026 else reg, fill=ink,
               anchor="ms")
        d.text(((x0 + x1) / 2, base + 20), str(yr), font=reg, fill=ink, anchor="mt")
    d.line([(left, base), (right, base)], fill=ink, width=4)
    d.text((70, H - 56), "Figures for the sample issue; not real data", font=small, fill=grey,
           anchor="ls")
    img.save(path, "PNG", optimize=True)


def estate_walkway(aspect, rng):
    """Deck-access walkway on a wet afternoon: front doors, stained concrete, a pram."""
    sky = (206, 208, 210)
    img, d, w, h = canvas(aspect, (150, 154, 160), sky, 0.7)
    cam = (w * 0.4, h * 0.5, w * 0.55)
    F, C, half = 1.5, -1.1, 1.3
    # across the courtyard: the next block, with its own walkways
    bx0, bx1, by0, by1 = w * 0.55, w * 1.05, h * 0.1, h * 0.86
    d.rectangle([bx0, by0, bx1, by1], fill=(176, 172, 164))
    for k in range(7):
        y = by0 + 30 + k * 92
        d.rectangle([bx0, y, bx1, y + 20], fill=(196, 192, 184))  # walkway fronts
        d.rectangle([bx0, y + 20, bx1, y + 26], fill=(150, 146, 140))
        for j in range(9):
            x = bx0 + 14 + j * 66
            c = rng.choice([(70, 80, 96), (60, 66, 76), (226, 196, 130)])
            d.rectangle([x, y + 36, x + 26, y + 84], fill=c)
            d.rectangle([x + 32, y + 40, x + 56, y + 70], fill=(70, 80, 96))
    for x in range(int(bx0), int(bx1), 9):  # streaks down the concrete
        if rng.random() < 0.4:
            d.line([(x, by0), (x, by0 + rng.uniform(40, 600))], fill=(160, 156, 148), width=2)
    for _ in range(6):
        tree(d, rng.uniform(w * 0.55, w), h * 0.98, rng.uniform(90, 140), (86, 100, 80), rng)
    rain(img, rng, 700, (w * 0.45, 0, w, h), col=(236, 238, 240), alpha=80, slant=0.05)
    d = ImageDraw.Draw(img)
    # the walkway: floor, soffit of the deck above, the wall of front doors on the left
    rect3(d, cam, (-half, F, 0.5), (half, F, 80), (150, 150, 146))
    rect3(d, cam, (-half, C, 0.5), (half + 0.4, C, 80), (170, 168, 162))
    rect3(d, cam, (-half, C, 0.5), (-half, F, 80), (196, 190, 176))
    for z in range(1, 80, 3):  # soffit joints and floor joints
        line3(d, cam, (-half, C, z), (half + 0.4, C, z), (150, 148, 142), 1)
        line3(d, cam, (-half, F, z), (half, F, z), (132, 132, 128), 1)
    doors = [(40, 90, 140), (170, 50, 50), (50, 110, 80), (220, 200, 80), (60, 60, 66),
             (120, 80, 140)]
    for k, z in enumerate([1.2 + 4.2 * i for i in range(18)]):
        dc = doors[k % len(doors)]
        rect3(d, cam, (-half, -0.6, z), (-half, F, z + 1.0), mix(dc, (0, 0, 0), 0.1))
        rect3(d, cam, (-half, -0.45, z + 0.3), (-half, -0.05, z + 0.7), (200, 210, 214))
        rect3(d, cam, (-half, 0.45, z + 0.78), (-half, 0.52, z + 0.88), (200, 190, 120))
        rect3(d, cam, (-half, -0.75, z + 1.5), (-half, 0.3, z + 2.9), (90, 100, 110))  # kitchen
        for j in range(6):  # security grille
            zz = z + 1.5 + j * 0.28
            line3(d, cam, (-half + 0.02, -0.75, zz), (-half + 0.02, 0.3, zz), (40, 40, 44), 2)
        rect3(d, cam, (-half, 0.45, z + 3.2), (-half, F - 0.1, z + 3.8), (150, 150, 146))  # meters
        stain = ImageDraw.Draw(img, "RGBA")
        for j in range(3):  # rust streaks from the deck above
            zz = z + 1.2 + j * 0.9
            stain.polygon([P(cam, -half, C, zz), P(cam, -half, C, zz + 0.05),
                           P(cam, -half, C + rng.uniform(0.4, 1.4), zz + 0.04),
                           P(cam, -half, C + rng.uniform(0.4, 1.4), zz + 0.01)],
                          fill=(150, 120, 90, 90))
    # parapet, handrail and the columns carrying the deck above
    rect3(d, cam, (half, 0.45, 0.5), (half, F, 80), (182, 178, 170))
    for z in range(2, 80, 6):
        cuboid(d, cam, half, half + 0.2, C, 0.45, z, z + 0.25, (170, 166, 158), (170, 166, 158),
               (150, 146, 140))
    cuboid(d, cam, half, half + 0.2, 0.4, F, 1.6, 80, (200, 196, 188), (182, 178, 170),
           (170, 166, 158))
    for z in [1.6 + k * 1.2 for k in range(40)]:  # steel balustrade on the upstand
        line3(d, cam, (half + 0.05, 0.4, z), (half + 0.05, -0.05, z), (60, 64, 70), 12 / z + 1)
    quad(d, cam, [(half + 0.05, -0.05, 1.6), (half + 0.05, -0.05, 80), (half + 0.05, -0.1, 80),
                  (half + 0.05, -0.1, 1.6)], (60, 64, 70))
    # puddles holding the light, and strip lights under the deck
    lights = []
    for z in (3.0, 9.0, 15.0, 21.0, 27.0, 33.0, 39.0):
        on = z != 15.0
        rect3(d, cam, (-0.3, C + 0.02, z), (0.3, C + 0.02, z + 0.15),
              (250, 250, 236) if on else (120, 120, 116))
        if on and z < 30:
            lights.append((*P(cam, 0, C + 0.05, z), int(scale_at(cam, z) * 0.5) + 4,
                           (255, 240, 210), 0.3))
    for _ in range(9):
        X, z = rng.uniform(-1.0, 0.9), rng.uniform(2.5, 30)
        a, b = P(cam, X, F, z), P(cam, X + rng.uniform(0.4, 1.2), F, z + rng.uniform(0.6, 2))
        d.ellipse([min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])],
                  fill=(178, 180, 182))
    glows(img, lights)
    d = ImageDraw.Draw(img)
    # a mother pushing a pram away from us, and a neighbour at a door further down
    person(d, P(cam, -1.0, F, 22.6)[0], P(cam, -1.0, F, 22.6)[1], scale_at(cam, 22.6) * 1.7,
           (200, 196, 180), (40, 44, 56), SKINS[3], HAIRS[0])
    x, y = P(cam, -0.2, F, 10.0)
    s = scale_at(cam, 10.0)
    d.rectangle([x - s * 0.3, y - s * 0.9, x + s * 0.3, y - s * 0.35], fill=(40, 44, 60))
    d.chord([x - s * 0.32, y - s * 1.15, x + s * 0.32, y - s * 0.65], 180, 360, fill=(30, 34, 48))
    for wx in (x - s * 0.24, x + s * 0.24):
        d.ellipse([wx - s * 0.08, y - s * 0.32, wx + s * 0.08, y - s * 0.16], fill=(20, 20, 22))
    x2, y2 = P(cam, -0.2, F, 9.0)
    person(d, x2, y2, scale_at(cam, 9.0) * 1.66, (140, 60, 50), (40, 44, 60), SKINS[1],
           HAIRS[2], back=True, arms="front", hair_style="long", pose="walk",
           coat=(120, 50, 44))
    return img


# ---------------------------------------------------------------- p6-7 news
def ferry_terminal(aspect, rng):
    """Artist's impression of the planned ferry terminal at Gull Point."""
    sky = (222, 236, 246)
    img, d, w, h = canvas(aspect, (100, 160, 224), sky, 0.5)
    img = clouds(img, rng, 10, h * 0.05, h * 0.3, col=(80, 70, 60), wr=(150, 320), hr=(20, 44),
                 blur=14, lighten=True)
    d = ImageDraw.Draw(img)
    hz = int(h * 0.5)
    d.polygon([(w * 0.62, hz), (w * 0.74, hz - 34), (w * 0.9, hz - 40), (w, hz - 30), (w, hz)],
              fill=haze((96, 130, 96), sky, 0.5))
    water(img, hz, (110, 170, 200), (60, 130, 170), rng, stripes=220, light=(160, 206, 226),
          dark=(56, 120, 160))
    d = ImageDraw.Draw(img)
    qy = hz + 52  # quay edge
    # the docked ferry, stern to the linkspan on the right
    fx, fy, L = w * 0.62, hz + 26, w * 0.4
    d.polygon([(fx, fy - 70), (fx + L, fy - 74), (fx + L * 0.96, fy), (fx + L * 0.05, fy)],
              fill=(244, 244, 240))
    d.rectangle([fx + 6, fy - 30, fx + L * 0.97, fy - 18], fill=(30, 80, 150))
    d.rectangle([fx + L * 0.15, fy - 118, fx + L * 0.88, fy - 70], fill=(236, 238, 236))
    for k in range(11):
        d.rectangle([fx + L * (0.18 + k * 0.062), fy - 106, fx + L * (0.22 + k * 0.062),
                     fy - 86], fill=(50, 70, 90))
    d.rectangle([fx + L * 0.62, fy - 150, fx + L * 0.72, fy - 118], fill=(30, 80, 150))
    d.rectangle([fx + L * 0.3, fy - 140, fx + L * 0.55, fy - 118], fill=(236, 238, 236))
    d.rectangle([fx + L * 0.31, fy - 136, fx + L * 0.54, fy - 126], fill=(50, 70, 90))
    # the terminal: glazed hall under a wave-form roof, timber-clad ends
    tx0, tx1 = w * 0.04, w * 0.64
    roof = []
    for i in range(41):
        t = i / 40
        roof.append((tx0 - 20 + (tx1 - tx0 + 40) * t, hz - 110 - 36 * math.sin(t * math.pi * 1.5)))
    d.polygon(roof + [(tx1 + 20, hz - 70), (tx0 - 20, hz - 70)], fill=(244, 244, 240))
    d.line(roof, fill=(200, 200, 196), width=4)
    glass_top = [(x, y + 16) for x, y in roof]
    d.polygon([(tx0, glass_top[0][1])] + glass_top[1:-1] + [(tx1, glass_top[-1][1]), (tx1, qy),
                                                           (tx0, qy)], fill=(150, 196, 214))
    for i in range(1, 40, 2):  # mullions and reflections of sky in the glass
        x, y = glass_top[i]
        d.line([(x, y), (x, qy)], fill=(110, 150, 170), width=2)
    for k in range(6):
        xa = tx0 + (tx1 - tx0) * (0.1 + k * 0.16)
        d.polygon([(xa, hz - 60), (xa + 40, hz - 60), (xa + 10, qy), (xa - 30, qy)],
                  fill=(186, 222, 236))
    d.rectangle([tx0, hz + 10, tx1, hz + 14], fill=(236, 236, 232))  # first-floor edge
    for x0 in (tx0, tx1 - 70):
        d.rectangle([x0, hz - 90, x0 + 70, qy], fill=(178, 132, 90))
        for x in range(int(x0), int(x0 + 70), 7):
            d.line([(x, hz - 90), (x, qy)], fill=(150, 108, 72), width=2)
    f = font("LeagueSpartan-Bold.otf", 26)
    d.text((tx0 + (tx1 - tx0) * 0.42, hz - 62), "GULL POINT FERRY TERMINAL", font=f,
           fill=(40, 60, 90), anchor="mm")
    # the linkspan to the ferry's ramp
    d.polygon([(tx1, qy - 10), (fx + L * 0.02, fy - 28), (fx + L * 0.02, fy - 18), (tx1, qy)],
              fill=(150, 154, 160))
    d.line([(tx1, qy - 26), (fx + L * 0.02, fy - 44)], fill=(230, 190, 40), width=3)
    # the plaza: pale paving in perspective, planters with trees, people
    d.rectangle([0, qy, w, h], fill=(214, 210, 200))
    d.rectangle([0, qy, w, qy + 6], fill=(160, 156, 150))
    vx = w * 0.45
    for k in range(-14, 15):
        d.line([(vx + k * 30, qy + 6), (vx + k * 180, h)], fill=(198, 194, 184), width=1)
    for k in range(9):
        y = qy + 6 + (h - qy) * (k / 9) ** 1.6
        d.line([(0, y), (w, y)], fill=(198, 194, 184), width=1)
    crowd = []
    for _ in range(15):
        y = qy + 8 + (h - qy - 10) * rng.random() ** 1.8
        crowd.append((y, rng.uniform(0, w)))
    for tx, ty in ((w * 0.08, qy + 40), (w * 0.9, qy + 70), (w * 0.36, qy + 110)):
        crowd.append((ty, -tx))  # trees in planters (negative x marks a tree)
    for y, x in sorted(crowd):
        s = (y - hz) / (h - hz)
        if x < 0:
            x = -x
            d.rectangle([x - 50 * s, y - 34 * s, x + 50 * s, y], fill=(150, 140, 126))
            tree(d, x, y - 34 * s, 300 * s, (88, 140, 70), rng)
            continue
        hh = 30 + 170 * s
        if rng.random() < 0.35:  # the render's see-through people
            layer = img.copy()
            person(ImageDraw.Draw(layer), x, y, hh, rng.choice(CLOTHES), (60, 64, 70),
                   rng.choice(SKINS), rng.choice(HAIRS), pose="walk")
            img.paste(Image.blend(img, layer, 0.45))
            d = ImageDraw.Draw(img)
        else:
            person(d, x, y, hh, rng.choice(CLOTHES), rng.choice([(40, 44, 60), (70, 74, 80),
                                                                  (150, 130, 100)]),
                   rng.choice(SKINS), rng.choice(HAIRS), pose=rng.choice(["walk", "stand"]),
                   back=rng.random() < 0.5, bag=rng.choice([None, None, (40, 40, 44)]))
    for gx, gy, gs in ((w * 0.7, h * 0.12, 12), (w * 0.76, h * 0.16, 9)):
        gull(d, gx, gy, gs, (250, 250, 250))
    d.text((w - 40, h - 34), "Artist's impression", font=font("Lato-Italic.ttf", 16),
           fill=(70, 70, 74), anchor="rs")
    return img


def shelf_items(d, cam, X, y_base, y_room, z0, z1, rng, face=1):
    """Goods on one shelf seen from the aisle: tins, packets, cereal boxes, loo rolls."""
    z = z0
    while z < z1 - 0.15:
        kind = rng.choice(["tins", "tins", "box", "pasta", "rolls", "jar"])
        wdt = {"tins": 0.42, "box": 0.3, "pasta": 0.34, "rolls": 0.45, "jar": 0.32}[kind]
        wdt = min(wdt, z1 - z)
        hh = {"tins": 0.22, "box": 0.38, "pasta": 0.26, "rolls": 0.3, "jar": 0.2}[kind]
        hh = min(hh, y_base - y_room - 0.05)
        top = y_base - hh
        if kind == "tins":
            label = rng.choice([(200, 50, 40), (40, 90, 160), (230, 190, 50), (60, 130, 70),
                                (220, 120, 40)])
            n = 3
            for k in range(n):
                a, b = z + k * wdt / n + 0.01, z + (k + 1) * wdt / n - 0.01
                wall_poly(d, cam, X, [(top, a), (top, b), (y_base, b), (y_base, a)],
                          (200, 200, 204))
                wall_poly(d, cam, X, [(top + 0.04, a), (top + 0.04, b), (y_base - 0.03, b),
                                      (y_base - 0.03, a)], label)
            if y_base - y_room > 0.5:  # a second layer of tins stacked on top
                for k in range(n):
                    a, b = z + k * wdt / n + 0.01, z + (k + 1) * wdt / n - 0.01
                    wall_poly(d, cam, X, [(top - hh, a), (top - hh, b), (top, b), (top, a)],
                              (200, 200, 204))
                    wall_poly(d, cam, X, [(top - hh + 0.04, a), (top - hh + 0.04, b),
                                          (top - 0.03, b), (top - 0.03, a)], label)
        elif kind == "box":
            for k in range(2):
                c = rng.choice([(230, 200, 60), (200, 60, 50), (60, 120, 190), (240, 240, 230)])
                a, b = z + k * wdt / 2 + 0.005, z + (k + 1) * wdt / 2 - 0.005
                wall_poly(d, cam, X, [(top, a), (top, b), (y_base, b), (y_base, a)], c)
                wall_poly(d, cam, X, [(top + 0.06, a + 0.02), (top + 0.06, b - 0.02),
                                      (top + 0.14, b - 0.02), (top + 0.14, a + 0.02)],
                          mix(c, (255, 255, 255), 0.6))
        elif kind == "pasta":
            c = rng.choice([(40, 80, 160), (250, 210, 80), (220, 100, 40)])
            wall_poly(d, cam, X, [(top + 0.02, z), (top, z + wdt * 0.5), (top + 0.02, z + wdt),
                                  (y_base, z + wdt), (y_base, z)], c)
            wall_poly(d, cam, X, [(top + 0.08, z + 0.05), (top + 0.08, z + wdt - 0.05),
                                  (y_base - 0.05, z + wdt - 0.05), (y_base - 0.05, z + 0.05)],
                      (236, 210, 140))
        elif kind == "rolls":
            for k in range(3):
                a, b = z + k * wdt / 3 + 0.005, z + (k + 1) * wdt / 3 - 0.005
                wall_poly(d, cam, X, [(top, a), (top, b), (y_base, b), (y_base, a)],
                          (244, 244, 240))
            wall_poly(d, cam, X, [(top + 0.1, z), (top + 0.1, z + wdt), (top + 0.16, z + wdt),
                                  (top + 0.16, z)], (120, 170, 210))
        else:
            for k in range(3):
                a, b = z + k * wdt / 3 + 0.015, z + (k + 1) * wdt / 3 - 0.015
                wall_poly(d, cam, X, [(top + 0.04, a), (top + 0.04, b), (y_base, b), (y_base, a)],
                          rng.choice([(150, 60, 40), (190, 140, 60), (110, 40, 50)]))
                wall_poly(d, cam, X, [(top, a + 0.01), (top, b - 0.01), (top + 0.04, b - 0.01),
                                      (top + 0.04, a + 0.01)], (200, 180, 40))
        z += wdt + 0.03


def foodbank(aspect, rng):
    """Foodbank store room: shelves of tins and packets, volunteers packing bags."""
    img, d, w, h = canvas(aspect, (210, 206, 196), (210, 206, 196))
    cam = (w * 0.5, h * 0.44, w * 0.5)
    F, C, Z, half = 1.6, -2.2, 13.0, 2.4
    room(d, cam, half, F, C, 0.4, Z, (150, 146, 136), (226, 226, 220), (214, 206, 186),
         (214, 206, 186), (222, 214, 196))
    for z in range(1, 14):
        line3(d, cam, (-half, F, z), (half, F, z), (140, 136, 128), 1)
    for X in (-0.8, 0.8):
        line3(d, cam, (X, F, 0.4), (X, F, Z), (190, 170, 60), 3)  # aisle markings
    # back wall: a banner, a window, noticeboard
    rect3(d, cam, (-1.9, -1.9, Z), (1.9, -1.2, Z), (40, 110, 80))
    s = scale_at(cam, Z)
    bx, by = P(cam, 0, -1.55, Z)
    d.text((bx, by), "WEXMOOR FOODBANK", font=font("LeagueSpartan-Bold.otf", int(s * 0.34)),
           fill=(255, 255, 255), anchor="mm")
    rect3(d, cam, (1.0, -0.9, Z), (2.2, 0.2, Z), (216, 226, 232))
    rect3(d, cam, (-2.2, -0.9, Z), (-1.2, -0.1, Z), (180, 150, 110))
    for k in range(6):
        xx = -2.1 + (k % 3) * 0.3
        yy = -0.8 + (k // 3) * 0.35
        rect3(d, cam, (xx, yy, Z), (xx + 0.24, yy + 0.28, Z),
              rng.choice([(250, 250, 240), (250, 230, 120), (180, 220, 240)]))
    # packing tables at the end, bags and crates, volunteers in green tabards
    cuboid(d, cam, -1.9, 1.9, 0.75, 0.8, 10.6, 11.6, (226, 226, 220), (200, 200, 196),
           (190, 190, 186))
    for X in (-1.85, 1.8):
        cuboid(d, cam, X, X + 0.05, 0.8, F, 10.7, 10.75, (80, 80, 84), (80, 80, 84), (70, 70, 74))
    vols = [(-1.2, 11.9, SKINS[0], HAIRS[5]), (0.1, 12.0, SKINS[4], HAIRS[0]),
            (1.3, 11.9, SKINS[2], HAIRS[2])]
    for X, z, skin, hair in vols:
        x, y = P(cam, X, F, z)
        sc = scale_at(cam, z)
        person(d, x, y, sc * 1.68, (60, 150, 90), (40, 44, 56), skin, hair, arms="front",
               sleeves=rng.choice([(40, 44, 60), (200, 200, 196), (150, 60, 60)]))
    for X in (-1.6, -0.7, 0.4, 1.2):
        x, y = P(cam, X, 0.75, 10.9)
        sc = scale_at(cam, 10.9)
        d.polygon([(x - sc * 0.16, y - sc * 0.36), (x + sc * 0.16, y - sc * 0.36),
                   (x + sc * 0.18, y), (x - sc * 0.18, y)], fill=(190, 150, 104))
        for k in range(3):
            d.rectangle([x - sc * 0.12 + k * sc * 0.08, y - sc * 0.45,
                         x - sc * 0.06 + k * sc * 0.08,
                         y - sc * 0.34], fill=rng.choice([(200, 50, 40), (230, 200, 60),
                                                          (60, 120, 190)]))
    # shelving runs down both sides of the aisle, far to near
    rack = (40, 90, 150)
    levels = [F, 0.9, 0.2, -0.5, -1.2]
    for side in (-1, 1):
        X = side * 1.5
        for lv in range(len(levels) - 1):
            shelf_items(d, cam, X, levels[lv] - 0.05, levels[lv + 1], 1.0, 9.8, rng)
        for lv, yy in enumerate(levels[1:] + [-1.9]):
            quad(d, cam, [(X, yy, 1.0), (X, yy, 9.8), (X, yy + 0.07, 9.8), (X, yy + 0.07, 1.0)],
                 (230, 120, 40))
            rect3(d, cam, (X, yy - 0.02, 1.0), (X + side * 0.9, yy - 0.02, 9.8), (200, 196, 190))
        for z in (1.0, 3.2, 5.4, 7.6, 9.8):
            cuboid(d, cam, min(X, X + side * 0.08), max(X, X + side * 0.08), -1.95, F, z - 0.04,
                   z + 0.04, rack, rack, mix(rack, (0, 0, 0), 0.2))
    # boxes of donations on top of the racks and a trolley of crates in the aisle
    for side in (-1, 1):
        for z in (1.6, 3.8, 6.0, 8.2):
            X0 = side * 1.5
            cuboid(d, cam, min(X0, X0 + side * 0.8), max(X0, X0 + side * 0.8), -2.2, -1.92, z,
                   z + 1.2, (200, 166, 120), (186, 150, 104), (176, 140, 96))
    for z, X in ((5.2, -0.2), (3.4, 0.5)):
        for k in range(3):
            c = rng.choice([(60, 120, 190), (200, 60, 50), (60, 150, 90)])
            cuboid(d, cam, X - 0.3, X + 0.3, F - 0.28 - k * 0.26, F - 0.05 - k * 0.26, z,
                   z + 0.4, mix(c, (255, 255, 255), 0.2), c, mix(c, (0, 0, 0), 0.2))
    # a volunteer restocking with a crate of tins
    x, y = P(cam, -0.55, F, 6.4)
    sc = scale_at(cam, 6.4)
    person(d, x, y, sc * 1.7, (60, 150, 90), (60, 60, 70), SKINS[3], HAIRS[4], arms="front",
           sleeves=(230, 226, 214))
    d.rectangle([x - sc * 0.22, y - sc * 1.08, x + sc * 0.22, y - sc * 0.9], fill=(220, 120, 40))
    for k in range(4):
        d.ellipse([x - sc * 0.2 + k * sc * 0.1, y - sc * 1.14, x - sc * 0.12 + k * sc * 0.1,
                   y - sc * 1.06], fill=(190, 190, 196))
    for z in (2.0, 5.0, 8.0, 11.0):  # strip lights
        rect3(d, cam, (-0.15, C + 0.05, z), (0.15, C + 0.05, z + 1.2), (252, 252, 244))
    return img



# ---------------------------------------------------------------- p8-9 long read
def mirror_into_water(img, line_y, height, x0, x1, strength, rng, light, dark, stripes=200):
    """Reflect the band above line_y into the water below it, broken by ripples."""
    x0, x1, line_y, height = int(max(0, x0)), int(min(img.width, x1)), int(line_y), int(height)
    height = min(height, img.height - line_y, line_y)
    band = img.crop((x0, line_y - height, x1, line_y)).transpose(Image.FLIP_TOP_BOTTOM)
    band = band.filter(ImageFilter.BoxBlur(2))
    under = img.crop((x0, line_y, x1, line_y + height))
    fade = Image.new("L", (x1 - x0, height))
    fd = ImageDraw.Draw(fade)
    for y in range(height):
        fd.line([(0, y), (x1 - x0, y)], fill=int(255 * strength * (1 - y / height) ** 0.6))
    img.paste(Image.composite(band, under, fade), (x0, line_y))
    d = ImageDraw.Draw(img)
    for _ in range(stripes):
        y = rng.uniform(line_y + 2, line_y + height)
        x = rng.uniform(x0 - 40, x1)
        d.line([(x, y), (x + rng.uniform(15, 80), y)], fill=light if rng.random() < 0.5 else dark,
               width=rng.choice([1, 2]))


def lightship_hull(d, x0, wl, L, red=(190, 36, 34)):
    """Lightvessel hull in side view, bow to the right; returns the sheer (deck edge) line."""
    sheer = []
    for i in range(41):
        t = i / 40
        sheer.append((x0 + L * (0.02 + 0.96 * t), wl - L * (0.112 - 0.03 * t + 0.075 * t ** 3)))
    stern = [(x0 + L * 0.075, wl), (x0, wl - L * 0.07)]
    bow = [(x0 + L * 1.0, wl - L * 0.16), (x0 + L * 0.93, wl)]
    d.polygon(stern + sheer + bow, fill=red)
    d.line(sheer, fill=(244, 240, 232), width=max(2, int(L * 0.006)))  # white rail
    d.polygon([(x0 + L * 0.075, wl), (x0 + L * 0.93, wl), (x0 + L * 0.925, wl - L * 0.012),
               (x0 + L * 0.07, wl - L * 0.012)], fill=(30, 28, 30))  # boot top
    return sheer


def lightship(aspect, rng):
    """The red Wex Bar lightship at her quay in low winter sun, scaffolded for repair."""
    sky = (240, 222, 196)
    img, d, w, h = canvas(aspect, (92, 142, 204), sky, 0.55)
    img = clouds(img, rng, 8, h * 0.08, h * 0.35, col=(60, 40, 40), wr=(200, 420), hr=(14, 30),
                 blur=10, lighten=True)
    hz = int(h * 0.55)
    glow(img, (w * 0.04, hz - 40), 260, (255, 200, 140), 0.35)
    d = ImageDraw.Draw(img)
    # the far side of the harbour: warehouses, a chapel, a crane, lit by the low sun
    x = -10
    while x < w:
        bw, bh = rng.randint(70, 140), rng.randint(40, 110)
        col = haze(rng.choice([(170, 100, 76), (190, 170, 140), (150, 90, 70), (210, 200, 180)]),
                   sky, 0.35)
        d.rectangle([x, hz - bh, x + bw, hz], fill=col)
        d.polygon([(x - 3, hz - bh), (x + bw / 2, hz - bh - bw * 0.3), (x + bw + 3, hz - bh)],
                  fill=haze((90, 84, 86), sky, 0.35))
        for k in range(int(bw // 26)):
            d.rectangle([x + 8 + k * 26, hz - bh + 14, x + 20 + k * 26, hz - bh + 30],
                        fill=haze((70, 74, 84), sky, 0.35))
        x += bw + rng.randint(0, 10)
    d.rectangle([w * 0.66, hz - 190, w * 0.69, hz - 60], fill=haze((160, 150, 136), sky, 0.35))
    d.polygon([(w * 0.66, hz - 190), (w * 0.675, hz - 240), (w * 0.69, hz - 190)],
              fill=haze((90, 90, 96), sky, 0.35))
    crane(d, w * 0.9, hz, 200, haze((60, 64, 70), sky, 0.4), jib=0.6, lw=2)
    d.rectangle([0, hz - 4, w, hz + 4], fill=haze((120, 112, 100), sky, 0.3))
    water(img, hz + 4, (150, 156, 170), (70, 90, 110), rng, stripes=300, reflect=0.5,
          light=(226, 200, 170), dark=(70, 84, 100))
    d = ImageDraw.Draw(img)
    # the lightship
    x0, wl, L = w * 0.07, h * 0.8, w * 0.84
    sheer = lightship_hull(d, x0, wl, L)

    def deck_y(fx):
        i = min(40, max(0, int(round((fx - 0.02) / 0.96 * 40))))
        return sheer[i][1]
    # portholes, hawse pipe and the name in white
    for k in range(14):
        fx = 0.12 + k * 0.055
        px, py = x0 + L * fx, deck_y(fx) + L * 0.03
        r = L * 0.006
        d.ellipse([px - r * 1.5, py - r * 1.5, px + r * 1.5, py + r * 1.5], fill=(210, 170, 90))
        d.ellipse([px - r, py - r, px + r, py + r], fill=(40, 36, 44))
    d.ellipse([x0 + L * 0.9, deck_y(0.9) + L * 0.015, x0 + L * 0.92, deck_y(0.9) + L * 0.035],
              fill=(40, 30, 30))
    f = font("LeagueSpartan-Black.otf", int(L * 0.05))
    d.text((x0 + L * 0.52, wl - L * 0.045), "WEX  BAR", font=f, fill=(250, 248, 240),
           anchor="mm")
    # deckhouse aft, the lantern tower amidships, masts fore and aft
    dh0, dh1 = 0.22, 0.44
    top = deck_y(0.3) - L * 0.05
    d.rectangle([x0 + L * dh0, top, x0 + L * dh1, deck_y(0.3) + 2], fill=(236, 230, 214))
    for k in range(6):
        d.rectangle([x0 + L * (dh0 + 0.012 + k * 0.035), top + L * 0.012,
                     x0 + L * (dh0 + 0.03 + k * 0.035), top + L * 0.03], fill=(60, 70, 80))
    d.rectangle([x0 + L * (dh0 - 0.005), top - 4, x0 + L * (dh1 + 0.005), top], fill=(150, 120, 80))
    tx = x0 + L * 0.55
    ty0, ty1 = deck_y(0.55), deck_y(0.55) - L * 0.27
    red = (190, 36, 34)
    for sgn in (-1, 1):
        d.line([(tx + sgn * L * 0.03, ty0), (tx + sgn * L * 0.016, ty1)], fill=red, width=6)
    for k in range(7):  # lattice bracing
        ya = ty0 + (ty1 - ty0) * k / 7
        yb = ty0 + (ty1 - ty0) * (k + 1) / 7
        wa = L * (0.03 - 0.014 * k / 7)
        wb = L * (0.03 - 0.014 * (k + 1) / 7)
        d.line([(tx - wa, ya), (tx + wb, yb)], fill=red, width=3)
        d.line([(tx + wa, ya), (tx - wb, yb)], fill=red, width=3)
        d.line([(tx - wb, yb), (tx + wb, yb)], fill=red, width=3)
    lw_, lh = L * 0.028, L * 0.04  # lantern: gallery, glazing, dome, vent
    d.rectangle([tx - lw_ * 1.4, ty1 - 4, tx + lw_ * 1.4, ty1 + 4], fill=(40, 40, 44))
    d.rectangle([tx - lw_, ty1 - lh, tx + lw_, ty1 - 4], fill=(214, 224, 226))
    for k in range(4):
        xx = tx - lw_ + k * lw_ * 2 / 3
        d.line([(xx, ty1 - lh), (xx, ty1 - 4)], fill=(60, 40, 40), width=2)
    d.ellipse([tx - lw_ * 0.5, ty1 - lh * 0.75, tx + lw_ * 0.5, ty1 - lh * 0.25],
              fill=(250, 226, 160))
    d.pieslice([tx - lw_ * 1.1, ty1 - lh * 1.6, tx + lw_ * 1.1, ty1 - lh * 0.5], 180, 360,
               fill=(190, 36, 34))
    d.rectangle([tx - 3, ty1 - lh * 1.8, tx + 3, ty1 - lh * 1.05], fill=(40, 40, 44))
    for fx, mh in ((0.1, 0.22), (0.82, 0.24)):
        mx = x0 + L * fx
        d.line([(mx, deck_y(fx)), (mx, deck_y(fx) - L * mh)], fill=(230, 226, 216), width=5)
        d.line([(mx, deck_y(fx) - L * mh), (x0 + L * (fx + (0.1 if fx < 0.5 else -0.12)),
                                             deck_y(fx))], fill=(60, 60, 64), width=1)
        d.line([(mx, deck_y(fx) - L * mh), (x0 + L * (fx + (-0.08 if fx < 0.5 else 0.16)),
                                             deck_y(fx + (-0.08 if fx < 0.5 else 0.16)))],
               fill=(60, 60, 64), width=1)
    bx = x0 + L * 0.82
    by = deck_y(0.82) - L * 0.25
    d.ellipse([bx - L * 0.018, by - L * 0.018, bx + L * 0.018, by + L * 0.018], fill=(30, 30, 30))
    # scaffold and sheeting round the stern while she is repaired
    for k in range(9):
        sx = x0 + L * (0.01 + k * 0.025)
        d.line([(sx, wl - L * 0.02), (sx, deck_y(0.1) - L * 0.12)], fill=(150, 150, 156), width=2)
    for k in range(7):
        yy = wl - L * 0.02 - k * L * 0.035
        d.line([(x0 + L * 0.005, yy), (x0 + L * 0.215, yy)], fill=(150, 150, 156), width=2)
    sheet = ImageDraw.Draw(img, "RGBA")
    sheet.rectangle([x0 + L * 0.04, deck_y(0.1) - L * 0.1, x0 + L * 0.19, deck_y(0.1) + L * 0.04],
                    fill=(40, 120, 90, 150))
    mirror_into_water(img, wl, h - wl, x0 - 10, x0 + L + 10, 0.6, rng, (220, 200, 170),
                      (60, 76, 96), stripes=420)
    d = ImageDraw.Draw(img)
    # our quay: granite edge, bollards, the mooring lines, an appeal board
    qy = h * 0.92
    d.rectangle([0, qy, w, h], fill=(150, 140, 126))
    d.rectangle([0, qy, w, qy + 8], fill=(176, 166, 150))
    for x in range(0, w, 70):
        d.line([(x, qy + 8), (x, h)], fill=(128, 120, 108), width=2)
    for bxx, tx2, ty2 in ((w * 0.16, x0 + L * 0.08, deck_y(0.08)),
                          (w * 0.84, x0 + L * 0.9, deck_y(0.9))):
        d.line([(bxx, qy - 16), (tx2, ty2 + 6)], fill=(90, 80, 60), width=3)
        d.rectangle([bxx - 14, qy - 24, bxx + 14, qy + 4], fill=(30, 32, 34))
        d.ellipse([bxx - 18, qy - 32, bxx + 18, qy - 18], fill=(40, 42, 44))
    ax, ay = w * 0.5, qy + 4
    d.polygon([(ax - 50, ay), (ax - 40, ay - 100), (ax + 40, ay - 100), (ax + 50, ay)],
              fill=(240, 238, 230))
    d.text((ax, ay - 86), "LIGHTSHIP", font=font("LeagueSpartan-Bold.otf", 15), fill=red,
           anchor="mm")
    d.text((ax, ay - 68), "Restoration", font=font("Lato-Bold.ttf", 12), fill=(40, 40, 44),
           anchor="mm")
    d.text((ax, ay - 54), "appeal", font=font("Lato-Bold.ttf", 12), fill=(40, 40, 44),
           anchor="mm")
    d.rectangle([ax - 30, ay - 42, ax + 30, ay - 30], fill=red)
    return img


def archive_look(img, warmth=(255, 236, 200), fade=0.22, desat=0.45):
    """Make a picture read as a faded 1970s colour print."""
    grey = ImageOps.grayscale(img).convert("RGB")
    img = Image.blend(img, grey, desat)
    img = ImageChops.multiply(img, Image.new("RGB", img.size, warmth))
    img = Image.blend(img, Image.new("RGB", img.size, (236, 222, 196)), fade)  # lifted blacks
    return img.filter(ImageFilter.GaussianBlur(1.0))


def lightship_crew(aspect, rng):
    """Archive-style colour photograph: the crew on deck, 1970s."""
    sky = (200, 206, 206)
    img, d, w, h = canvas(aspect, (150, 164, 176), sky, 0.5)
    hz = int(h * 0.5)
    water(img, hz, (120, 134, 140), (70, 84, 92), rng, stripes=500, light=(170, 180, 182),
          dark=(64, 76, 84))
    d = ImageDraw.Draw(img)
    for _ in range(80):
        x, y = rng.uniform(0, w), rng.uniform(hz, h * 0.6)
        d.line([(x, y), (x + 14, y - 2)], fill=(214, 220, 220), width=2)
    # the lantern tower behind, a lifebuoy on the rail, the bulwark and the deck
    tx = w * 0.82
    red = (176, 40, 36)
    for sgn in (-1, 1):
        d.line([(tx + sgn * 70, h * 0.62), (tx + sgn * 36, h * 0.06)], fill=red, width=10)
    for k in range(6):
        ya, yb = h * 0.62 - k * h * 0.093, h * 0.62 - (k + 1) * h * 0.093
        wa, wb = 70 - k * 5.7, 70 - (k + 1) * 5.7
        d.line([(tx - wa, ya), (tx + wb, yb)], fill=red, width=5)
        d.line([(tx + wa, ya), (tx - wb, yb)], fill=red, width=5)
    d.rectangle([tx - 60, h * 0.0, tx + 60, h * 0.06], fill=(40, 40, 44))
    d.rectangle([0, h * 0.6, w, h * 0.66], fill=(236, 232, 222))  # bulwark, inboard face
    d.rectangle([0, h * 0.58, w, h * 0.61], fill=(130, 90, 60))  # varnished cap rail
    for x in range(40, w, 150):
        d.rectangle([x, h * 0.61, x + 10, h * 0.66], fill=(214, 210, 200))
    d.rectangle([0, h * 0.66, w, h], fill=(170, 150, 120))
    for k in range(-20, 21):  # deck planks converging
        d.line([(w * 0.5 + k * 30, h * 0.66), (w * 0.5 + k * 110, h)], fill=(140, 120, 92), width=2)
    lx, ly = w * 0.1, h * 0.56
    d.ellipse([lx - 44, ly - 44, lx + 44, ly + 44], fill=(236, 120, 40))
    d.ellipse([lx - 24, ly - 24, lx + 24, ly + 24], fill=(170, 150, 120))
    for a in (0.8, 2.4, 3.9, 5.5):
        d.line([(lx + math.cos(a) * 24, ly + math.sin(a) * 24),
                (lx + math.cos(a) * 44, ly + math.sin(a) * 44)], fill=(240, 240, 236), width=8)
    # the crew, posed for the camera
    crew = [(w * 0.24, (40, 48, 80), (50, 50, 56), SKINS[1], HAIRS[1], "fold", None, True),
            (w * 0.42, (226, 218, 196), (60, 60, 64), SKINS[0], HAIRS[3], "down", "cap", False),
            (w * 0.6, (34, 40, 60), (40, 40, 48), SKINS[2], HAIRS[0], "hips", None, True),
            (w * 0.76, (150, 120, 70), (50, 54, 60), SKINS[0], HAIRS[4], "fold", "beanie",
             False)]
    for k, (x, top, legs, skin, hair, arms, hat, beard) in enumerate(crew):
        hh = h * (0.66 + 0.03 * (k % 2))
        y = h * 0.98 - (k % 2) * h * 0.02
        person(d, x, y, hh, top, legs, skin, hair, arms=arms, hat=hat, hat_col=(30, 34, 50),
               shoes=(26, 24, 24), lean=rng.uniform(-0.015, 0.015))
        hx, hy = x, y - hh * 0.915
        rx, ry = hh * 0.064, hh * 0.074
        for sgn in (-1, 1):  # eyes, large enough to matter at this size
            ex, ey = hx + sgn * rx * 0.36, hy - ry * 0.02
            d.ellipse([ex - rx * 0.1, ey - rx * 0.08, ex + rx * 0.1, ey + rx * 0.08],
                      fill=(52, 42, 38))
        d.line([(hx, hy + ry * 0.05), (hx + rx * 0.08, hy + ry * 0.3)],
               fill=mix(skin, (0, 0, 0), 0.25), width=2)  # nose
        if beard:
            d.chord([hx - rx * 1.04, hy - ry * 1.0, hx + rx * 1.04, hy + ry * 1.12], 28, 152,
                    fill=hair)
            d.rectangle([hx - rx * 0.4, hy + ry * 0.36, hx + rx * 0.4, hy + ry * 0.46],
                        fill=hair)  # moustache
        else:
            d.line([(hx - rx * 0.3, hy + ry * 0.5), (hx + rx * 0.3, hy + ry * 0.5)],
                   fill=mix(skin, (0, 0, 0), 0.3), width=2)
        if top[0] > 200:  # cable-knit jumper
            for j in range(5):
                xx = x - hh * 0.08 + j * hh * 0.04
                d.line([(xx, y - hh * 0.78), (xx, y - hh * 0.5)], fill=(206, 196, 170), width=2)
    img = archive_look(img)
    return img


def lamp_room(aspect, rng):
    """Inside the lantern: the great glass lens, brass frame, the sea beyond."""
    sky = (222, 230, 234)
    img, d, w, h = canvas(aspect, (170, 196, 216), sky, 0.56)
    hz = int(h * 0.56)
    water(img, hz, (140, 160, 172), (90, 112, 128), rng, stripes=300, light=(190, 204, 210),
          dark=(84, 104, 118))
    d = ImageDraw.Draw(img)
    d.polygon([(0, hz), (w * 0.2, hz - 16), (w * 0.4, hz - 6), (w * 0.5, hz)],
              fill=haze((110, 124, 110), sky, 0.6))
    # lantern glazing: diagonal astragals, dark red
    frame = (96, 30, 30)
    for k in range(-12, 14):
        x = k * 110
        d.line([(x, 0), (x + h * 0.5, h)], fill=frame, width=7)
        d.line([(x + h * 0.5, 0), (x, h)], fill=frame, width=7)
    d.rectangle([0, h * 0.8, w, h * 0.84], fill=frame)
    d.rectangle([0, 0, w, h * 0.07], fill=(60, 40, 40))  # roof
    d.polygon([(0, h * 0.07), (w, h * 0.07), (w, h * 0.1), (0, h * 0.1)], fill=frame)
    d.rectangle([0, h * 0.84, w, h], fill=(50, 70, 60))  # floor and pedestal plinth
    for x in range(0, w, 24):
        d.line([(x, h * 0.84), (x + 12, h)], fill=(60, 82, 70), width=2)
    # the lens: a beehive of glass rings in a brass cage on a cast-iron pedestal
    cx, lw, top, bot = w * 0.5, w * 0.34, h * 0.16, h * 0.7
    d.polygon([(cx - lw * 0.55, bot), (cx + lw * 0.55, bot), (cx + lw * 0.7, h * 0.9),
               (cx - lw * 0.7, h * 0.9)], fill=(44, 70, 58))  # pedestal
    d.rectangle([cx - lw * 0.72, h * 0.88, cx + lw * 0.72, h * 0.93], fill=(36, 56, 46))
    d.rectangle([cx - lw * 0.2, h * 0.76, cx + lw * 0.2, h * 0.84],
                fill=(170, 130, 60))  # clockwork
    rings = 26
    for i in range(rings):
        t0, t1 = i / rings, (i + 1) / rings
        y0 = top + (bot - top) * t0
        y1 = top + (bot - top) * t1
        mid = abs(t0 + t1 - 1)  # 0 at the belt, 1 at the ends
        half = lw * (1 - 0.35 * mid ** 2)
        for j in range(24):  # vertical strips shade the glass like a cylinder
            u0, u1 = -1 + 2 * j / 24, -1 + 2 * (j + 1) / 24
            xa, xb = cx + half * u0, cx + half * u1
            lightness = 0.55 + 0.4 * math.cos((u0 + u1) / 2 * 1.3) - 0.25 * ((i % 2) if mid > 0.3
                                                                              else 0)
            col = mix((70, 110, 120), (236, 246, 246), lightness)
            d.rectangle([xa, y0, xb + 1, y1], fill=col)
        d.line([(cx - half, y1), (cx + half, y1)], fill=(150, 180, 184), width=1)
    for u in (-0.92, -0.55, 0.0, 0.55, 0.92):  # brass frame: uprights
        pts = []
        for i in range(rings + 1):
            t = i / rings
            mid = abs(2 * t - 1)
            pts.append((cx + lw * (1 - 0.35 * mid ** 2) * u, top + (bot - top) * t))
        d.line(pts, fill=(190, 150, 70), width=6 if u == 0 else 4)
    for t in (0.0, 0.34, 0.66, 1.0):
        y = top + (bot - top) * t
        half = lw * (1 - 0.35 * abs(2 * t - 1) ** 2)
        d.line([(cx - half, y), (cx + half, y)], fill=(190, 150, 70), width=8)
    by = top + (bot - top) * 0.5  # the central bullseye panel
    for k in range(9, 0, -1):
        r = lw * 0.045 * k
        col = mix((90, 130, 140), (240, 248, 248), (k % 2) * 0.6 + 0.2)
        d.ellipse([cx - lw * 0.27 - r * 0.0 - r + lw * 0.27, by - r * 1.05, cx + r, by + r * 1.05],
                  fill=col)
    d.ellipse([cx - lw * 0.05, by - lw * 0.05, cx + lw * 0.05, by + lw * 0.05],
              fill=(255, 236, 190))
    glow(img, (cx, by), int(lw * 0.35), (255, 220, 160), 0.35)
    d = ImageDraw.Draw(img)
    for _ in range(40):  # glints on the prisms
        x = cx + rng.uniform(-lw * 0.8, lw * 0.8)
        y = rng.uniform(top, bot)
        r = rng.uniform(1.5, 4)
        d.ellipse([x - r * 3, y - r * 0.5, x + r * 3, y + r * 0.5], fill=(255, 255, 250))
    spectrum = [(230, 60, 60), (240, 170, 40), (240, 230, 80), (80, 190, 90), (70, 120, 220),
                (140, 80, 200)]
    rainbow = ImageDraw.Draw(img, "RGBA")
    for _ in range(9):  # light split into colours, thrown on the frame and floor
        x, y = rng.uniform(0, w), rng.uniform(h * 0.72, h * 0.97)
        for k, c in enumerate(spectrum):
            rainbow.line([(x + k * 4, y), (x + k * 4 + 30, y - 8)], fill=c + (120,), width=4)
    # brass handrail round the lens in the foreground
    d.line([(0, h * 0.9), (w, h * 0.86)], fill=(180, 140, 60), width=10)
    for x in (w * 0.1, w * 0.9):
        d.line([(x, h * 0.9 - (x / w) * h * 0.04), (x, h)], fill=(170, 130, 56), width=8)
    return img


def lightship_deck(aspect, rng):
    """On deck: the lantern tower, a volunteer painting it, golden afternoon light."""
    sky = (246, 214, 170)
    img, d, w, h = canvas(aspect, (120, 160, 210), sky, 0.6)
    hz = int(h * 0.6)
    cam = (w * 0.5, hz, w * 0.52)
    F = 1.6
    # the harbour beyond the bow: the town, water
    x = -10
    while x < w:
        bw, bh = rng.randint(40, 90), rng.randint(20, 70)
        col = haze(rng.choice([(190, 150, 120), (220, 210, 190), (160, 110, 90)]), sky, 0.4)
        facade(d, x, hz - bh, x + bw, hz, col, haze((80, 84, 96), sky, 0.4), rng,
               cols=max(2, bw // 16), rows=max(1, bh // 18), margin=0.3)
        d.polygon([(x - 2, hz - bh), (x + bw / 2, hz - bh - bw * 0.3), (x + bw + 2, hz - bh)],
                  fill=haze((100, 90, 90), sky, 0.4))
        x += bw
    water(img, hz, (170, 170, 170), (110, 130, 150), rng, stripes=120, reflect=0.4)
    d = ImageDraw.Draw(img)
    # the deck: planks, narrowing to the bow; bulwarks white inboard, red outboard
    def hw(z):
        return 3.2 if z < 26 else 3.2 * max(0.05, (44 - z) / 18) ** 0.7
    zs = [2.4 + k * 0.5 for k in range(84)]
    left = [P(cam, -hw(z), F, z) for z in zs]
    right = [P(cam, hw(z), F, z) for z in zs]
    d.polygon(left + right[::-1], fill=(190, 160, 118))
    for k in range(-14, 15):  # plank seams
        pts = [P(cam, k * 0.22 * hw(z) / 3.2, F, z) for z in zs]
        d.line(pts, fill=(150, 118, 80), width=1)
    for side in (-1, 1):
        inner = [P(cam, side * hw(z), F - 0.8, z) for z in zs]
        base = [P(cam, side * hw(z), F, z) for z in zs]
        d.polygon(inner + base[::-1], fill=(240, 236, 224) if side < 0 else (226, 220, 206))
        rail = [P(cam, side * hw(z), F - 0.85, z) for z in zs]
        outer = [P(cam, side * (hw(z) + 0.18), F - 0.85, z) for z in zs]
        d.polygon(rail + outer[::-1], fill=(140, 90, 50))
        d.line(inner, fill=(120, 76, 44), width=3)
    # the tower's long shadow across the deck
    sh = ImageDraw.Draw(img, "RGBA")
    sh.polygon([P(cam, -0.6, F, 14.5), P(cam, 0.6, F, 14.5), P(cam, 3.2, F, 6),
                P(cam, 2.4, F, 5.5)], fill=(60, 40, 50, 70))
    # skylight, ventilators, a windlass at the bow, coiled rope
    cuboid(d, cam, -1.0, 1.0, F - 0.6, F, 5.5, 7.3, (200, 220, 226), (120, 80, 50), (110, 74, 46))
    for k in range(4):
        line3(d, cam, (-1.0 + k * 0.66, F - 0.6, 5.5), (-1.0 + k * 0.66, F - 0.6, 7.3),
              (110, 74, 46), 2)
    for X, z in ((-2.2, 4.5), (2.3, 9.0)):  # cowl ventilators
        x, y = P(cam, X, F, z)
        s = scale_at(cam, z)
        d.rectangle([x - s * 0.12, y - s * 1.2, x + s * 0.12, y], fill=(240, 238, 230))
        d.polygon([(x - s * 0.12, y - s * 1.2), (x + s * 0.12, y - s * 1.2),
                   (x + s * 0.26, y - s * 1.55),
                   (x - s * 0.22, y - s * 1.62)], fill=(240, 238, 230))
        d.ellipse([x - s * 0.26, y - s * 1.78, x + s * 0.28, y - s * 1.4], fill=(232, 228, 218))
        d.ellipse([x - s * 0.19, y - s * 1.72, x + s * 0.21, y - s * 1.46], fill=(190, 40, 36))
    x, y = P(cam, 0, F, 30)
    s = scale_at(cam, 30)
    d.rectangle([x - s * 1.0, y - s * 0.9, x + s * 1.0, y], fill=(40, 44, 46))
    d.ellipse([x - s * 1.2, y - s * 1.3, x - s * 0.6, y - s * 0.5], fill=(50, 54, 58))
    d.ellipse([x + s * 0.6, y - s * 1.3, x + s * 1.2, y - s * 0.5], fill=(50, 54, 58))
    x, y = P(cam, -1.6, F, 3.2)
    s = scale_at(cam, 3.2)
    for k in range(6):
        r = s * (0.1 + k * 0.06)
        d.ellipse([x - r, y - r * 0.3, x + r, y + r * 0.3], outline=(214, 196, 150),
                  width=max(2, int(s * 0.04)))
    # the lantern tower: four red legs, braced, the lantern on top
    red = (186, 40, 34)
    zt = 14.0
    legs = [(-0.9, zt - 0.9), (0.9, zt - 0.9), (-0.9, zt + 0.9), (0.9, zt + 0.9)]
    topY = -7.2
    for X, z in legs[2:] + legs[:2]:
        s = scale_at(cam, z)
        line3(d, cam, (X, F, z), (X * 0.45, topY, zt + (z - zt) * 0.45), red, s * 0.14)
    for k in range(8):
        y0 = F + (topY - F) * k / 8
        y1 = F + (topY - F) * (k + 1) / 8
        f0 = 1 - 0.55 * k / 8
        f1 = 1 - 0.55 * (k + 1) / 8
        line3(d, cam, (-0.9 * f0, y0, zt - 0.9 * f0), (0.9 * f1, y1, zt - 0.9 * f1), red, 3)
        line3(d, cam, (0.9 * f0, y0, zt - 0.9 * f0), (-0.9 * f1, y1, zt - 0.9 * f1), red, 3)
        line3(d, cam, (-0.9 * f1, y1, zt - 0.9 * f1), (0.9 * f1, y1, zt - 0.9 * f1), red, 3)
    lx, ly = P(cam, 0, topY, zt)
    s = scale_at(cam, zt)
    d.rectangle([lx - s * 0.9, ly - 4, lx + s * 0.9, ly + 4], fill=(40, 40, 44))
    d.rectangle([lx - s * 0.6, ly - s * 1.4, lx + s * 0.6, ly - 4], fill=(220, 232, 234))
    for k in range(5):
        xx = lx - s * 0.6 + k * s * 0.3
        d.line([(xx, ly - s * 1.4), (xx, ly - 4)], fill=(110, 40, 36), width=2)
    d.pieslice([lx - s * 0.75, ly - s * 2.1, lx + s * 0.75, ly - s * 0.8], 180, 360, fill=red)
    d.rectangle([lx - 3, ly - s * 2.4, lx + 3, ly - s * 1.4], fill=(40, 40, 44))
    # fog horn on the tower, pointing out to sea
    fx, fy = P(cam, 0.5, -2.0, zt)
    d.polygon([(fx, fy - s * 0.12), (fx + s * 1.2, fy - s * 0.4), (fx + s * 1.2, fy + s * 0.4),
               (fx, fy + s * 0.12)], fill=(60, 64, 70))
    # a volunteer up a ladder with a paint pot, another scraping the rail
    ax, ay = P(cam, -1.3, F, zt - 1.4)
    bx, by = P(cam, -0.75, -3.2, zt - 0.7)
    for off in (-s * 0.18, s * 0.18):
        d.line([(ax + off, ay), (bx + off, by)], fill=(160, 150, 130), width=3)
    for k in range(1, 9):
        t = k / 9
        d.line([(ax - s * 0.18 + (bx - ax) * t, ay + (by - ay) * t),
                (ax + s * 0.18 + (bx - ax) * t, ay + (by - ay) * t)], fill=(160, 150, 130), width=2)
    s1 = scale_at(cam, zt - 1.1)
    px, py = ax + (bx - ax) * 0.62, ay + (by - ay) * 0.62
    person(d, px, py, s1 * 1.7, (230, 226, 216), (60, 70, 100), SKINS[1], HAIRS[4],
           arms="reach_r", back=True, hat="cap", hat_col=(40, 60, 100))
    d.rectangle([px - s1 * 0.1, py - s1 * 1.0, px + s1 * 0.06, py - s1 * 0.85], fill=(190, 40, 36))
    x, y = P(cam, 2.5, F, 5.2)
    s2 = scale_at(cam, 5.2)
    person(d, x, y, s2 * 1.68, (50, 70, 60), (50, 54, 60), SKINS[4], HAIRS[0], arms="push_r",
           hat="beanie", hat_col=(200, 120, 40))
    light_patch(img, [(0, 0), (w * 0.45, 0), (w * 0.2, h), (0, h)], (24, 16, 4), 60)
    return img



# ---------------------------------------------------------------- p10-11 centre spread
def night_shift_harbour(aspect, rng):
    """Panorama of the harbour at night: town lights, quay lamps, the pilot boat going out."""
    sky = (38, 48, 88)
    img, d, w, h = canvas(aspect, (6, 9, 26), sky, 0.56)
    hz = int(h * 0.56)
    stars(d, rng, w, hz * 0.8, 260)
    img = clouds(img, rng, 14, h * 0.1, h * 0.4, col=(14, 16, 26), wr=(300, 700), hr=(10, 30),
                 blur=12, lighten=True)
    mx, my = w * 0.82, h * 0.14
    glow(img, (mx, my), 120, (200, 210, 240), 0.35)
    d = ImageDraw.Draw(img)
    d.ellipse([mx - 26, my - 26, mx + 26, my + 26], fill=(236, 234, 222))
    lights, refl = [], []
    # the town climbing the hill behind the harbour
    hill = [(0, hz - 60)]
    for i in range(1, 25):
        x = w * i / 24
        hill.append((x, hz - 60 - 170 * math.exp(-((x - w * 0.38) / (w * 0.22)) ** 2)
                     - 40 * math.sin(i * 0.7)))
    hill.append((w, hz - 40))
    d.polygon(hill + [(w, hz), (0, hz)], fill=(16, 18, 30))
    for _ in range(170):
        x = rng.uniform(0, w * 0.86)
        top = min(y for xx, y in hill if abs(xx - x) < w / 24 + 1)
        y = rng.uniform(top + 20, hz - 8)
        bw, bh = rng.randint(22, 46), rng.randint(16, 30)
        facade(d, x, y - bh, x + bw, y, (24, 26, 40), (30, 34, 50), rng, cols=max(2, bw // 12),
               rows=2, lit=0.35, lit_col=(255, 206, 130), margin=0.28)
        d.polygon([(x - 2, y - bh), (x + bw / 2, y - bh - 10), (x + bw + 2, y - bh)],
                  fill=(20, 22, 34))
    def hill_top(x):
        i = min(len(hill) - 2, max(0, int(x / (w / 24))))
        (xa, ya), (xb, yb) = hill[i], hill[i + 1]
        return ya + (yb - ya) * (x - xa) / max(1, xb - xa)
    for k in range(5):  # streets climbing the hill, lamps along them
        lx, ly = w * (0.04 + k * 0.17), hz - 14
        dx = rng.choice([-1, 1]) * 30
        for j in range(16):
            if ly < hill_top(lx) + 18:
                dx, ly = -dx, ly + 14  # the road turns back along the contour
            lights.append((lx, ly, 5, (255, 170, 80), 0.9))
            lx += dx + rng.uniform(-3, 3)
            ly -= 9
    d.rectangle([w * 0.36, hz - 260, w * 0.368, hz - 150], fill=(22, 24, 38))  # church spire
    d.polygon([(w * 0.36, hz - 260), (w * 0.364, hz - 320), (w * 0.368, hz - 260)],
              fill=(22, 24, 38))
    # the shipyard cranes on the left with red warning lights
    for cx, ch in ((w * 0.05, 300), (w * 0.12, 250)):
        crane(d, cx, hz, ch, (12, 14, 22), jib=0.8, lw=3)
        lights.append((cx, hz - ch - 8, 6, (255, 40, 30), 1.0))
        lights.append((cx + ch * 0.75 * 0.8, hz - ch, 4, (255, 40, 30), 1.0))
    # the quay front: warehouses, the bakery's lit window, lamps, a taxi waiting
    d.rectangle([0, hz - 8, w, hz + 18], fill=(30, 30, 40))
    x = w * 0.2
    while x < w * 0.78:
        bw = rng.randint(90, 160)
        bh = rng.randint(50, 90)
        d.rectangle([x, hz - bh, x + bw, hz], fill=(26, 26, 38))
        d.polygon([(x, hz - bh), (x + bw / 2, hz - bh - 26), (x + bw, hz - bh)], fill=(22, 22, 32))
        for k in range(int(bw // 30)):
            if rng.random() < 0.3:
                wx = x + 8 + k * 30
                d.rectangle([wx, hz - bh + 16, wx + 14, hz - bh + 34], fill=(240, 190, 110))
        x += bw + rng.randint(4, 20)
    bx = w * 0.46  # the bakery
    d.rectangle([bx, hz - 48, bx + 110, hz - 6], fill=(255, 214, 140))
    d.rectangle([bx, hz - 56, bx + 110, hz - 48], fill=(60, 30, 30))
    lights.append((bx + 55, hz - 26, 70, (255, 190, 110), 0.35))
    refl.append((bx + 55, hz + 20, hz + 170, 30, (200, 150, 80)))
    for k in range(14):
        lx = w * 0.18 + k * w * 0.045
        d.line([(lx, hz + 10), (lx, hz - 50)], fill=(20, 20, 28), width=3)
        lights.append((lx, hz - 52, 18, (255, 176, 90), 0.8))
        d.ellipse([lx - 3, hz - 55, lx + 3, hz - 49], fill=(255, 230, 180))
        refl.append((lx, hz + 22, hz + 210, 4, (220, 140, 60)))
    tx = w * 0.6  # taxi, side on, sign lit
    d.rounded_rectangle([tx, hz - 6, tx + 80, hz + 14], radius=6, fill=(20, 20, 24))
    d.polygon([(tx + 16, hz - 6), (tx + 26, hz - 22), (tx + 58, hz - 22), (tx + 68, hz - 6)],
              fill=(20, 20, 24))
    d.polygon([(tx + 22, hz - 7), (tx + 29, hz - 19), (tx + 55, hz - 19), (tx + 62, hz - 7)],
              fill=(200, 170, 110))
    d.rectangle([tx + 34, hz - 28, tx + 50, hz - 22], fill=(255, 220, 90))
    lights.append((tx + 42, hz - 25, 8, (255, 210, 80), 0.9))
    lights.append((tx + 82, hz + 4, 10, (255, 250, 220), 0.9))
    # the harbour wall curving out on the right with its little lighthouse
    d.polygon([(w * 0.78, hz + 6), (w * 0.97, hz - 2), (w * 0.97, hz + 8), (w * 0.78, hz + 18)],
              fill=(26, 26, 36))
    d.rectangle([w * 0.955, hz - 60, w * 0.97, hz], fill=(200, 196, 190))
    d.rectangle([w * 0.952, hz - 70, w * 0.973, hz - 60], fill=(40, 40, 50))
    lights.append((w * 0.9625, hz - 66, 26, (255, 60, 50), 0.9))
    refl.append((w * 0.9625, hz + 10, hz + 200, 4, (200, 40, 30)))
    for k in range(3):  # a ship's lights out at sea
        lights.append((w * (0.985 + k * 0.004), hz - 6 - k * 3, 3, (255, 240, 200), 1.0))
    water(img, hz + 18, (28, 34, 60), (8, 10, 22), rng, stripes=900, reflect=0.45,
          light=(60, 70, 110), dark=(6, 8, 18))
    d = ImageDraw.Draw(img)
    # moonlight on the water
    for _ in range(160):
        y = rng.uniform(hz + 24, h)
        t = (y - hz) / (h - hz)
        x = mx + rng.gauss(0, 30 + 80 * t)
        d.line([(x, y), (x + rng.uniform(8, 40), y)], fill=(170, 176, 200), width=1)
    # fishing boats moored along the quay, deck lights on
    for k in range(6):
        fx = w * 0.2 + k * w * 0.07 + rng.uniform(-20, 20)
        L = rng.uniform(90, 130)
        y = hz + 44
        boat(d, fx, y, L, rng.choice([(44, 52, 80), (70, 74, 86), (90, 40, 40)]), (60, 64, 76))
        d.line([(fx + L * 0.6, y - L * 0.28), (fx + L * 0.6, y - L * 0.75)], fill=(30, 32, 44),
               width=2)
        d.rectangle([fx + L * 0.33, y - L * 0.26, fx + L * 0.45, y - L * 0.18],
                    fill=(240, 200, 120))
        lights.append((fx + L * 0.6, y - L * 0.75, 5, (255, 250, 230), 1.0))
        refl.append((fx + L * 0.4, y + 4, y + 90, 5, (200, 160, 90)))
    # the pilot boat heading out, wake silver behind it
    px, py, L = w * 0.66, h * 0.82, 210
    for _ in range(260):
        t = rng.random()
        x = px - t * w * 0.2
        y = py + rng.gauss(0, 2 + 14 * t)
        d.line([(x, y), (x + rng.uniform(6, 20), y)], fill=(150, 160, 190), width=1)
    d.polygon([(px, py - L * 0.12), (px + L, py - L * 0.18), (px + L * 0.9, py),
               (px + L * 0.05, py)],
              fill=(20, 20, 26))
    d.rectangle([px + L * 0.3, py - L * 0.32, px + L * 0.62, py - L * 0.14], fill=(230, 230, 226))
    d.rectangle([px + L * 0.34, py - L * 0.28, px + L * 0.58, py - L * 0.22], fill=(255, 220, 150))
    d.text((px + L * 0.56, py - L * 0.08), "PILOT", font=font("LeagueSpartan-Bold.otf", 20),
           fill=(236, 236, 230), anchor="mm")
    d.line([(px + L * 0.5, py - L * 0.32), (px + L * 0.5, py - L * 0.62)], fill=(60, 60, 70),
           width=2)
    for yy, c in ((0.62, (255, 255, 245)), (0.52, (255, 50, 40))):
        lights.append((px + L * 0.5, py - L * yy, 9, c, 1.0))
    lights.append((px + L * 0.7, py - L * 0.2, 7, (60, 255, 120), 1.0))
    refl.append((px + L * 0.5, py + 4, py + 80, 3, (200, 200, 190)))
    # the near quay corner: a bollard, a ladder, a pilot walking out to the boat
    d.polygon([(0, h * 0.84), (w * 0.16, h * 0.86), (w * 0.19, h), (0, h)], fill=(20, 20, 28))
    d.line([(0, h * 0.84), (w * 0.16, h * 0.86)], fill=(60, 60, 74), width=3)
    d.rectangle([w * 0.1, h * 0.8, w * 0.11, h * 0.86], fill=(12, 12, 18))
    d.ellipse([w * 0.097, h * 0.79, w * 0.113, h * 0.81], fill=(16, 16, 22))
    fx, fy = w * 0.05, h * 0.97
    person(d, fx, fy, 120, (24, 26, 36), (20, 20, 28), (60, 50, 46), (20, 20, 24), pose="walk",
           back=True, hat="beanie", hat_col=(20, 20, 26), bag=(18, 18, 24))
    for yy in (0.62, 0.7):
        d.line([(fx - 13, fy - 120 * yy), (fx + 13, fy - 120 * yy)], fill=(150, 150, 140), width=3)
    glows(img, lights)
    streaks(img, refl, rng)
    d = ImageDraw.Draw(img)
    for x, y, r, c, sgt in lights:
        if r <= 9:
            d.ellipse([x - 1.5, y - 1.5, x + 1.5, y + 1.5], fill=mix(c, (255, 255, 255), 0.6))
    return img


def night_baker(aspect, rng):
    """A baker sliding loaves into the deck oven at three in the morning."""
    img, d, w, h = canvas(aspect, (40, 34, 30), (40, 34, 30))
    cam = (w * 0.56, h * 0.44, w * 0.55)
    F, C, Z, half = 1.55, -1.5, 6.0, 3.4
    room(d, cam, half, F, C, 0.4, Z, (92, 80, 70), (60, 54, 50), (120, 112, 100), (110, 102, 92),
         (150, 144, 132))
    for yy in [C + k * 0.15 for k in range(21)]:  # white tiles, dim
        line3(d, cam, (-half, yy, Z), (half, yy, Z), (136, 130, 120), 1)
    for xx in [-half + k * 0.15 for k in range(46)]:
        line3(d, cam, (xx, -0.2, Z), (xx, F, Z), (136, 130, 120), 1)
    # night window in the left wall, a street lamp outside
    wall_poly(d, cam, -half, [(-0.9, 1.2), (-0.9, 3.2), (0.3, 3.2), (0.3, 1.2)], (18, 26, 54))
    lx, ly = P(cam, -half, -0.6, 2.6)
    glow(img, (lx, ly), 24, (255, 170, 80), 0.9)
    d = ImageDraw.Draw(img)
    for zz in (1.9, 2.5):
        line3(d, cam, (-half, -0.9, zz), (-half, 0.3, zz), (90, 84, 76), 3)
    # the deck oven: stainless front, three decks with glowing windows, the bottom one open
    ox0, ox1 = -0.6, 2.6
    cuboid(d, cam, ox0, ox1, -1.2, F, Z - 1.2, Z, (150, 152, 156), (170, 172, 176), (130, 132, 136))
    decks = [(-0.95, -0.3), (-0.15, 0.5), (0.65, 1.3)]
    for k, (y0, y1) in enumerate(decks):
        rect3(d, cam, (ox0 + 0.2, y0, Z - 1.21), (ox1 - 0.2, y1, Z - 1.21), (90, 92, 96))
        if k == 2:
            rect3(d, cam, (ox0 + 0.3, y0 + 0.08, Z - 1.22), (ox1 - 0.3, y1 - 0.08, Z - 1.22),
                  (255, 150, 50))
            rect3(d, cam, (ox0 + 0.4, y0 + 0.2, Z - 1.23), (ox1 - 0.4, y1 - 0.1, Z - 1.23),
                  (255, 210, 120))
        else:
            rect3(d, cam, (ox0 + 0.4, y0 + 0.12, Z - 1.22), (ox1 - 0.4, y1 - 0.12, Z - 1.22),
                  (230, 120, 40))
            for j in range(4):  # loaves seen through the glass
                xx = ox0 + 0.6 + j * 0.5
                rect3(d, cam, (xx, y1 - 0.3, Z - 1.225), (xx + 0.35, y1 - 0.14, Z - 1.225),
                      (150, 80, 30))
        line3(d, cam, (ox0 + 0.3, y1 + 0.06, Z - 1.22), (ox1 - 0.3, y1 + 0.06, Z - 1.22),
              (200, 202, 206), 3)
    rect3(d, cam, (ox0 + 0.2, -1.15, Z - 1.21), (ox1 - 0.2, -1.05, Z - 1.21), (40, 200, 120))
    ov = P(cam, (ox0 + ox1) / 2, 0.98, Z - 1.2)
    glow(img, ov, 150, (255, 150, 60), 0.5)
    glow(img, P(cam, (ox0 + ox1) / 2, 0.2, Z - 1.2), 110, (255, 140, 50), 0.3)
    d = ImageDraw.Draw(img)
    # the baker in whites, slipping a loaded peel into the open deck
    bxz = (-0.4, 3.6)
    x, y = P(cam, bxz[0], F, bxz[1])
    s = scale_at(cam, bxz[1])
    tip = P(cam, 1.2, 0.95, Z - 1.0)
    hand = (x + s * 0.34, y - s * 0.98)
    d.line([hand, tip], fill=(170, 130, 80), width=max(3, int(s * 0.035)))
    d.polygon([(tip[0] - s * 0.25, tip[1] - 4), (tip[0] + s * 0.05, tip[1] - 4),
               (tip[0] + s * 0.05, tip[1] + 4), (tip[0] - s * 0.25, tip[1] + 4)],
              fill=(180, 140, 90))
    person(d, x, y, s * 1.75, (240, 238, 230), (60, 60, 66), SKINS[2], HAIRS[1], hat="chef",
           arms=([(-0.12, 0.77), (0.05, 0.62), (0.25, 0.6)], [(0.12, 0.77), (0.26, 0.64),
                                                                (0.34, 0.56)]),
           lean=0.03, coat=(236, 234, 226))
    # a rack of trays full of loaves on the left, dough on the bench at right
    rx0, rz0, rz1 = -2.9, 1.6, 2.7
    for k in range(6):
        yy = F - 0.3 - k * 0.32
        quad(d, cam, [(rx0, yy, rz0), (rx0 + 0.9, yy, rz0), (rx0 + 0.9, yy, rz1),
                      (rx0, yy, rz1)], (120, 122, 126))
        for j in range(3):
            for i in range(2):
                cx, cz = rx0 + 0.2 + i * 0.45, rz0 + 0.2 + j * 0.34
                x2, y2 = P(cam, cx, yy - 0.05, cz)
                s2 = scale_at(cam, cz)
                d.ellipse([x2 - s2 * 0.17, y2 - s2 * 0.09, x2 + s2 * 0.17, y2 + s2 * 0.03],
                          fill=jit((196, 130, 60), rng, 10))
                d.line([(x2 - s2 * 0.08, y2 - s2 * 0.05), (x2 + s2 * 0.08, y2 - s2 * 0.02)],
                       fill=(236, 200, 140), width=2)
    for X in (rx0, rx0 + 0.9):
        for zz in (rz0, rz1):
            line3(d, cam, (X, F, zz), (X, F - 2.0, zz), (150, 152, 156), 3)
    cuboid(d, cam, 1.2, 3.3, 0.65, 0.72, 2.3, 3.5, (200, 196, 186), (120, 96, 70), (110, 86, 62))
    rect3(d, cam, (1.4, 0.648, 2.45), (3.1, 0.648, 3.35), (236, 232, 220))  # flour
    for j in range(3):
        for i in range(4):
            x2, y2 = P(cam, 1.6 + i * 0.42, 0.64, 2.6 + j * 0.3)
            s2 = scale_at(cam, 2.6 + j * 0.3)
            d.ellipse([x2 - s2 * 0.11, y2 - s2 * 0.08, x2 + s2 * 0.11, y2 + s2 * 0.02],
                      fill=(238, 226, 196))
    for X in (1.3, 3.2):
        line3(d, cam, (X, 0.72, 2.4), (X, F, 2.4), (90, 80, 70), 4)
    # flour dust hanging in the oven light
    dust = ImageDraw.Draw(img, "RGBA")
    ox, oy = ov
    for _ in range(500):
        x2, y2 = ox + rng.gauss(0, 150), oy + rng.gauss(-60, 110)
        r = rng.uniform(0.6, 1.8)
        dust.ellipse([x2 - r, y2 - r, x2 + r, y2 + r], fill=(255, 230, 190, rng.randint(60, 160)))
    lamp = P(cam, 0.2, C + 0.3, 2.8)
    d.line([P(cam, 0.2, C, 2.8), lamp], fill=(30, 30, 30), width=2)
    d.chord([lamp[0] - 30, lamp[1] - 14, lamp[0] + 30, lamp[1] + 14], 180, 360, fill=(40, 60, 50))
    glow(img, (lamp[0], lamp[1] + 6), 90, (255, 210, 150), 0.35)
    return img


def night_porter(aspect, rng):
    """A porter wheeling a patient along a dimmed hospital corridor at night."""
    img, d, w, h = canvas(aspect, (40, 50, 60), (40, 50, 60))
    cam = (w * 0.42, h * 0.42, w * 0.6)
    F, C, half, Z = 1.6, -1.2, 1.5, 40.0
    room(d, cam, half, F, C, 0.4, Z, (52, 82, 110), (100, 112, 118), (118, 148, 144),
         (108, 138, 136), (30, 40, 70))
    rect3(d, cam, (-0.8, -0.6, Z), (0.8, 0.8, Z), (16, 24, 52))  # window at the end, night
    for z in range(1, 40, 2):
        line3(d, cam, (-half, F, z), (half, F, z), (54, 84, 110), 1)
    for side in (-1, 1):  # bumper rails and door frames
        X = side * half
        rect3(d, cam, (X, 0.55, 0.4), (X, 0.7, Z), (190, 196, 200))
        rect3(d, cam, (X, 1.45, 0.4), (X, F, Z), (70, 90, 100))
        for k, z in enumerate((3.0, 8.5, 14.0, 20.0, 27.0)):
            if (k + (side > 0)) % 2:
                continue
            rect3(d, cam, (X, -0.5, z), (X, F, z + 1.6), (86, 110, 130))
            rect3(d, cam, (X, -0.2, z + 0.2), (X, 0.4, z + 0.6), (170, 200, 210))
    # the night lighting: every other panel on, pools of light on the floor
    lights = []
    for k, z in enumerate((2.0, 5.5, 9.0, 12.5, 16.0, 19.5, 23.0, 26.5, 30.0, 34.0)):
        on = k % 2 == 0
        rect3(d, cam, (-0.35, C + 0.01, z), (0.35, C + 0.01, z + 0.8),
              (236, 244, 240) if on else (100, 112, 116))
        if on:
            light_patch(img, [P(cam, -1.0, F, z - 0.6), P(cam, 1.0, F, z - 0.6),
                              P(cam, 1.0, F, z + 1.6), P(cam, -1.0, F, z + 1.6)], (30, 40, 40),
                        int(14 * 6 / z) + 4)
            lights.append((*P(cam, 0, C + 0.05, z + 0.4), int(scale_at(cam, z) * 0.5) + 6,
                           (200, 230, 220), 0.3))
    glows(img, lights)
    d = ImageDraw.Draw(img)
    # hanging direction signs
    for z, text in ((7.0, "Ward 7  \u2192"), (18.0, "X-ray  \u2190")):
        x0, y0 = P(cam, -0.7, C + 0.25, z)
        x1, y1 = P(cam, 0.7, C + 0.55, z)
        d.line([P(cam, -0.5, C, z), P(cam, -0.5, C + 0.25, z)], fill=(30, 30, 34), width=1)
        d.line([P(cam, 0.5, C, z), P(cam, 0.5, C + 0.25, z)], fill=(30, 30, 34), width=1)
        d.rectangle([x0, y0, x1, y1], fill=(20, 60, 130))
        d.text(((x0 + x1) / 2, (y0 + y1) / 2), text,
               font=font("Lato-Bold.ttf", max(8, int(scale_at(cam, z) * 0.2))),
               fill=(255, 255, 255), anchor="mm")
    # a wall clock at twenty to four
    cx, cy = P(cam, half, -0.6, 4.6)
    r = scale_at(cam, 4.6) * 0.18
    d.ellipse([cx - r, cy - r * 1.2, cx + r * 0.7, cy + r * 1.2], fill=(236, 236, 232))
    d.line([(cx - r * 0.15, cy), (cx - r * 0.55, cy + r * 0.45)], fill=(20, 20, 20), width=2)
    d.line([(cx - r * 0.15, cy), (cx + r * 0.3, cy + r * 0.25)], fill=(20, 20, 20), width=3)
    # the porter and the bed, coming towards us
    bz0, bz1 = 4.2, 6.4
    X0, X1 = -0.5, 0.45
    x, y = P(cam, 0.0, F, bz1 + 0.35)
    s = scale_at(cam, bz1 + 0.35)
    person(d, x, y, s * 1.76, (30, 44, 90), (30, 36, 60), SKINS[3], HAIRS[0], arms="front",
           sleeves=(30, 44, 90))
    d.line([(x - s * 0.03, y - s * 1.4), (x + s * 0.03, y - s * 1.05)], fill=(40, 140, 90),
           width=2)  # lanyard
    for X in (X0 + 0.05, X1 - 0.05):
        for z in (bz0 + 0.1, bz1 - 0.1):
            line3(d, cam, (X, 0.9, z), (X, F - 0.12, z), (150, 154, 160), 3)
            x2, y2 = P(cam, X, F - 0.06, z)
            r2 = scale_at(cam, z) * 0.06
            d.ellipse([x2 - r2, y2 - r2, x2 + r2, y2 + r2], fill=(30, 30, 34))
    cuboid(d, cam, X0, X1, 0.78, 0.9, bz0, bz1, (220, 222, 222), (170, 174, 178), (160, 164, 168))
    cuboid(d, cam, X0 + 0.02, X1 - 0.02, 0.62, 0.78, bz0 + 0.02, bz1 - 0.02, (246, 246, 244),
           (236, 236, 234), (226, 226, 224))  # mattress
    quad(d, cam, [(X0, 0.6, bz0 - 0.02), (X1, 0.6, bz0 - 0.02), (X1, 0.6, bz1 - 0.6),
                  (X0, 0.6, bz1 - 0.6)], (110, 150, 196))  # blanket
    rect3(d, cam, (X0, 0.6, bz0 - 0.02), (X1, 0.85, bz0 - 0.02), (100, 140, 186))
    quad(d, cam, [(X0 + 0.05, 0.56, bz0 + 0.5), (X1 - 0.05, 0.56, bz0 + 0.5),
                  (X1 - 0.1, 0.48, bz1 - 0.9), (X0 + 0.1, 0.48, bz1 - 0.9)], (120, 160, 204))
    px, py = P(cam, 0, 0.5, bz1 - 0.35)
    ps = scale_at(cam, bz1 - 0.35)
    d.ellipse([px - ps * 0.26, py - ps * 0.1, px + ps * 0.26, py + ps * 0.08], fill=(250, 250, 250))
    d.ellipse([px - ps * 0.1, py - ps * 0.2, px + ps * 0.1, py + ps * 0.0], fill=SKINS[1])
    d.chord([px - ps * 0.1, py - ps * 0.2, px + ps * 0.1, py + ps * 0.0], 180, 360, fill=HAIRS[5])
    rect3(d, cam, (X0, 0.35, bz0), (X1, 0.78, bz0), (200, 204, 208))  # foot board
    pole = P(cam, X1 - 0.05, -0.7, bz1 - 0.1)  # drip stand
    d.line([P(cam, X1 - 0.05, 0.78, bz1 - 0.1), pole], fill=(190, 194, 198), width=2)
    d.rounded_rectangle([pole[0] - 6, pole[1], pole[0] + 6, pole[1] + 20], radius=3,
                        fill=(220, 236, 240))
    return img


def night_depot(aspect, rng):
    """A cleaner at work in the tram depot at night, the tram's lights on."""
    img, d, w, h = canvas(aspect, (30, 32, 38), (30, 32, 38))
    # depot shed: back wall, roof trusses, strip lights; open doors on the right
    d.rectangle([0, 0, w, h * 0.68], fill=(58, 62, 70))
    for x in range(0, w, 40):
        d.line([(x, h * 0.08), (x, h * 0.68)], fill=(64, 68, 76), width=2)
    d.rectangle([0, 0, w, h * 0.08], fill=(34, 36, 42))
    for k in range(6):  # trusses
        x0 = k * w / 5 - w * 0.05
        d.line([(x0, h * 0.08), (x0 + w * 0.1, h * 0.02), (x0 + w * 0.2, h * 0.08)],
               fill=(90, 94, 100), width=4)
        for j in range(1, 5):
            xx = x0 + j * w * 0.04
            d.line([(xx, h * 0.08), (xx, h * 0.08 - (h * 0.06) * (1 - abs(xx - x0 - w * 0.1)
                                                                 / (w * 0.1)))],
                   fill=(90, 94, 100), width=2)
    d.rectangle([w * 0.8, h * 0.14, w * 0.98, h * 0.68], fill=(14, 18, 36))  # doorway
    for k in range(5):
        d.line([(w * 0.8, h * 0.14 + k * 8), (w * 0.98, h * 0.14 + k * 8)], fill=(80, 84, 90),
               width=3)  # roller door rolled up
    stars(d, rng, w, h * 0.3, 0)
    lights = []
    for k in range(3):
        lights.append((w * (0.84 + k * 0.05), h * 0.45 - k * 10, 10, (255, 170, 80), 0.9))
    d.rectangle([w * 0.8, h * 0.52, w * 0.98, h * 0.68], fill=(24, 26, 34))
    # a second tram, unlit, further back through the doorway
    tram(d, w * 0.55, h * 0.66, w * 0.5, (150, 152, 150), (30, 80, 90), (60, 66, 70), rng,
         lit=False)
    # floor: concrete, rails, the inspection pit, puddles catching the light
    vgrad(img, (0, int(h * 0.68), w, h), (76, 78, 80), (50, 52, 56))
    d = ImageDraw.Draw(img)
    for y in (h * 0.75, h * 0.79):
        d.line([(0, y), (w, y)], fill=(170, 170, 176), width=3)
    d.rectangle([0, h * 0.755, w, h * 0.785], fill=(24, 24, 28))  # pit between the rails
    for _ in range(12):
        x, y = rng.uniform(0, w), rng.uniform(h * 0.82, h)
        d.ellipse([x - 60, y - 6, x + 60, y + 6], fill=(82, 86, 92))
    # the tram, lit inside, doors open for cleaning
    tx, ty, L = w * 0.04, h * 0.75, w * 0.78
    tram(d, tx, ty, L, (236, 236, 232), (40, 110, 120), (255, 226, 170), rng)
    for k in range(3):  # interior light spilling on the floor
        light_patch(img, [(tx + L * (0.1 + k * 0.3), ty + 2), (tx + L * (0.3 + k * 0.3), ty + 2),
                          (tx + L * (0.34 + k * 0.3), h), (tx + L * (0.04 + k * 0.3), h)],
                    (40, 34, 20), 18)
    d = ImageDraw.Draw(img)
    # fluorescent tubes across the roof, with their glow
    for k in range(5):
        x = w * (0.08 + k * 0.2)
        d.rectangle([x - 60, h * 0.1, x + 60, h * 0.115], fill=(240, 250, 250))
        lights.append((x, h * 0.11, 70, (190, 220, 230), 0.3))
    glows(img, lights)
    d = ImageDraw.Draw(img)
    # the cleaner in hi-vis, mop and bucket, by the open doors
    cx, cy = w * 0.58, h * 0.93
    hh = h * 0.42
    d.rectangle([cx + hh * 0.2, cy - hh * 0.18, cx + hh * 0.4, cy], fill=(230, 200, 30))  # bucket
    d.rectangle([cx + hh * 0.18, cy - hh * 0.2, cx + hh * 0.42, cy - hh * 0.16],
                fill=(200, 170, 20))
    person(d, cx, cy, hh, (236, 220, 40), (40, 44, 56), SKINS[4], HAIRS[0], arms="push_l",
           hat="beanie", hat_col=(30, 32, 40))
    d.line([(cx - hh * 0.26, cy - hh * 0.62), (cx - hh * 0.6, cy - hh * 0.02)], fill=(150, 120, 80),
           width=5)
    d.ellipse([cx - hh * 0.74, cy - hh * 0.05, cx - hh * 0.46, cy + hh * 0.02],
              fill=(210, 210, 200))
    for yy in (0.62, 0.7):  # reflective bands on the vest
        d.line([(cx - hh * 0.11, cy - hh * yy), (cx + hh * 0.11, cy - hh * yy)],
               fill=(220, 224, 224), width=4)
    return img



# ---------------------------------------------------------------- p14-16 culture, community
def panto_cow(d, x, y, h, rng):
    """Two-person pantomime cow, side on, facing right; (x, y) = ground under its middle."""
    body, patch = (246, 244, 236), (30, 30, 32)
    d.rounded_rectangle([x - h * 0.6, y - h * 0.95, x + h * 0.55, y - h * 0.45],
                        radius=int(h * 0.18), fill=body)
    for px, py, r in ((-0.35, -0.8, 0.13), (0.1, -0.62, 0.1), (0.32, -0.85, 0.08)):
        d.ellipse([x + (px - r * 1.3) * h, y + (py - r) * h, x + (px + r * 1.3) * h,
                   y + (py + r) * h], fill=patch)
    for lx in (-0.48, -0.3, 0.28, 0.44):  # four trousered legs and shoes
        d.rectangle([x + (lx - 0.06) * h, y - h * 0.5, x + (lx + 0.06) * h, y - h * 0.04],
                    fill=body)
        d.ellipse([x + (lx - 0.09) * h, y - h * 0.07, x + (lx + 0.1) * h, y + h * 0.02],
                  fill=(30, 30, 30))
    hx, hy = x + h * 0.65, y - h * 1.0
    d.ellipse([hx - h * 0.2, hy - h * 0.17, hx + h * 0.22, hy + h * 0.17], fill=body)
    d.ellipse([hx + h * 0.05, hy, hx + h * 0.3, hy + h * 0.2], fill=(240, 160, 170))  # muzzle
    for sgn in (-1, 1):
        d.polygon([(hx + sgn * h * 0.1, hy - h * 0.14), (hx + sgn * h * 0.2, hy - h * 0.32),
                   (hx + sgn * h * 0.04, hy - h * 0.16)], fill=(250, 236, 180))
    d.ellipse([hx - h * 0.02, hy - h * 0.08, hx + h * 0.08, hy + h * 0.02], fill=(20, 20, 20))
    d.ellipse([hx + h * 0.06, hy - h * 0.09, hx + h * 0.1, hy - h * 0.05], fill=(255, 255, 255))
    d.line([(x - h * 0.6, y - h * 0.85), (x - h * 0.78, y - h * 0.55)], fill=body, width=4)  # tail
    d.polygon([(x - h * 0.05, y - h * 0.45), (x + h * 0.1, y - h * 0.45),
               (x + h * 0.07, y - h * 0.36),
               (x - h * 0.02, y - h * 0.36)], fill=(240, 160, 170))  # udder


def panto(aspect, rng):
    """The Theatre Royal pantomime: the Dame, Jack and the cow under bright stage lights."""
    img, d, w, h = canvas(aspect, (20, 10, 24), (20, 10, 24))
    sx0, sx1, sy0, st = w * 0.08, w * 0.92, h * 0.1, h * 0.7
    # painted backcloth: sky, clouds, a beanstalk climbing to a castle on a cloud
    vgrad(img, (sx0, sy0, sx1, st), (70, 120, 220), (170, 210, 250))
    d = ImageDraw.Draw(img)
    for cx, cy, r in ((0.25, 0.22, 70), (0.7, 0.18, 90), (0.45, 0.3, 60), (0.82, 0.34, 50)):
        for k in range(5):
            ox = (k - 2) * r * 0.55
            d.ellipse([w * cx + ox - r * 0.6, h * cy - r * 0.4 - (k % 2) * 12,
                       w * cx + ox + r * 0.6,
                       h * cy + r * 0.3], fill=(250, 250, 255))
    cx, cy = w * 0.7, h * 0.36
    for k in range(6):  # the castle's cloud
        d.ellipse([cx - 110 + k * 40, cy - 20 - (k % 2) * 10, cx - 40 + k * 40, cy + 24],
                  fill=(250, 250, 255))
    for tx, tw, th in ((-60, 30, 100), (-20, 40, 140), (30, 30, 110), (64, 26, 80)):
        d.rectangle([cx + tx, cy - th, cx + tx + tw, cy], fill=(236, 170, 210))
        d.polygon([(cx + tx - 6, cy - th), (cx + tx + tw / 2, cy - th - 40),
                   (cx + tx + tw + 6, cy - th)],
                  fill=(150, 70, 170))
        d.rectangle([cx + tx + tw * 0.35, cy - th + 20, cx + tx + tw * 0.65, cy - th + 40],
                    fill=(90, 40, 110))
    d.polygon([(sx0, st - 90), (w * 0.3, st - 150), (w * 0.6, st - 110), (sx1, st - 160), (sx1, st),
               (sx0, st)], fill=(90, 190, 90))
    stalk = [(w * 0.3 + 40 * math.sin(t * 0.9), st - 100 - t * 40) for t in range(12)]
    d.line(stalk, fill=(60, 150, 60), width=18, joint="curve")
    for k, (x, y) in enumerate(stalk[1:]):
        sgn = 1 if k % 2 else -1
        d.ellipse([x + sgn * 10 - 30, y - 14, x + sgn * 10 + 30, y + 14], fill=(80, 180, 70))
    # stage floor and the wing flats
    d.polygon([(sx0, st), (sx1, st), (w, st + 60), (0, st + 60)], fill=(120, 80, 60))
    for k in range(18):
        x = sx0 + k * (sx1 - sx0) / 17
        d.line([(x, st), (w / 2 + (x - w / 2) * 1.15, st + 60)], fill=(100, 66, 50), width=2)
    for side in (-1, 1):
        xa = sx0 if side < 0 else sx1
        for k in range(3):
            xx = xa - side * (30 + k * 40)
            tree(d, xx, st - k * 6, 260 - k * 30, (40, 120 + k * 20, 60), rng)
    # coloured beams from the lighting bars, a follow spot on the Dame
    for x0, x1, col in ((w * 0.15, w * 0.5, (90, 20, 70)), (w * 0.85, w * 0.5, (20, 40, 100)),
                        (w * 0.35, w * 0.62, (90, 80, 20))):
        beam(img, [(x0 - 20, 0), (x0 + 20, 0), (x1 + 130, st), (x1 - 130, st)], col, 26)
    glow(img, (w * 0.46, st - 120), 200, (255, 240, 210), 0.35)
    d = ImageDraw.Draw(img)
    d.ellipse([w * 0.36, st - 24, w * 0.56, st + 14], fill=(250, 230, 190))
    # the Dame: a vast polka-dot frock, towering ginger wig, arms flung up
    dx, dy, dh = w * 0.46, st - 8, 300
    person(d, dx, dy, dh, (220, 40, 70), (240, 200, 200), SKINS[0], None, arms="up",
           sleeves=(250, 220, 80), shoes=(40, 120, 220), face=True)
    d.polygon([(dx - dh * 0.12, dy - dh * 0.6), (dx + dh * 0.12, dy - dh * 0.6),
               (dx + dh * 0.4, dy - dh * 0.06), (dx - dh * 0.4, dy - dh * 0.06)], fill=(220, 40,
                                                                                        70))
    for row in range(7):  # polka dots in rows down the skirt
        t = (row + 0.5) / 7
        half_w = dh * (0.12 + 0.28 * t)
        y = dy - dh * 0.6 + dh * 0.54 * t
        n = 3 + row
        for k in range(n):
            x = dx - half_w * 0.85 + (k + 0.5 * (row % 2)) * half_w * 1.7 / n
            d.ellipse([x - 7, y - 7, x + 7, y + 7], fill=(255, 255, 255))
    hx, hy = dx, dy - dh * 0.915
    d.ellipse([hx - dh * 0.13, hy - dh * 0.3, hx + dh * 0.13, hy - dh * 0.04], fill=(240, 110, 30))
    d.ellipse([hx - dh * 0.09, hy - dh * 0.38, hx + dh * 0.09, hy - dh * 0.2], fill=(240, 110, 30))
    d.ellipse([hx + dh * 0.04, hy - dh * 0.4, hx + dh * 0.1, hy - dh * 0.34], fill=(60, 200, 120))
    for sgn in (-1, 1):
        d.ellipse([hx + sgn * dh * 0.04 - 5, hy + dh * 0.01 - 4, hx + sgn * dh * 0.04 + 5,
                   hy + dh * 0.01 + 4], fill=(240, 120, 140))  # rouged cheeks
    # Jack in his tunic, and Daisy the cow
    person(d, w * 0.27, st + 4, 250, (60, 150, 80), (150, 90, 50), SKINS[2], HAIRS[6],
           arms="one_up", shoes=(90, 60, 40), face=True)
    d.polygon([(w * 0.27 - 30, st - 130), (w * 0.27 + 30, st - 130), (w * 0.27 + 36, st - 100),
               (w * 0.27 - 36, st - 100)], fill=(50, 120, 60))
    panto_cow(d, w * 0.7, st + 6, 200, rng)
    # confetti falling through the light
    conf = ImageDraw.Draw(img, "RGBA")
    for _ in range(260):
        x, y = rng.uniform(sx0, sx1), rng.uniform(sy0, st)
        c = rng.choice([(255, 80, 120), (255, 220, 60), (90, 200, 255), (255, 255, 255)])
        a = rng.uniform(0, math.pi)
        conf.line([(x, y), (x + 5 * math.cos(a), y + 5 * math.sin(a))], fill=c + (200,), width=3)
    # proscenium: red and gold, swagged curtains
    d.rectangle([0, 0, w, sy0], fill=(110, 14, 28))
    for k in range(9):
        x = k * w / 8
        d.pieslice([x - w / 16, sy0 - 50, x + w / 16, sy0 + 40], 0, 180, fill=(150, 20, 36))
    d.line([(0, sy0 + 38), (w, sy0 + 38)], fill=(230, 190, 80), width=4)
    for side in (-1, 1):
        xa = 0 if side < 0 else w
        xb = sx0 + 40 if side < 0 else sx1 - 40
        d.polygon([(xa, 0), (xb, 0), (xb - side * 10, sy0 + 80), (xa + side * 20, st + 60),
                   (xa, st + 60)], fill=(150, 20, 36))
        for k in range(5):
            x = xa + (xb - xa) * (k + 0.5) / 5
            d.line([(x, 0), (x - side * 6 * k, st)], fill=(120, 14, 28), width=4)
        d.rectangle([xa + (side * 12 if side < 0 else -22), sy0 + 100, xa + (side * 12 if side < 0
                     else -22) + 10, sy0 + 130], fill=(230, 190, 80))  # tie-back
    d.rectangle([0, st + 60, w, st + 76], fill=(40, 20, 24))
    lights = [(w * (0.05 + k * 0.06), st + 62, 14, (255, 230, 170), 0.7) for k in range(16)]
    glows(img, lights)
    d = ImageDraw.Draw(img)
    # the audience in front: heads and shoulders, children with arms up
    for row in range(3):
        y = st + 110 + row * 60
        size = 60 + row * 18
        for k in range(-1, int(w / size) + 2):
            x = k * size + (row % 2) * size / 2 + rng.uniform(-8, 8)
            col = jit((24, 18, 26), rng, 4)
            d.ellipse([x - size * 0.22, y - size * 0.62, x + size * 0.22, y - size * 0.12],
                      fill=col)
            d.rounded_rectangle([x - size * 0.45, y - size * 0.2, x + size * 0.45, y + size * 0.8],
                                radius=int(size * 0.2), fill=col)
            if rng.random() < 0.18:
                d.line([(x + size * 0.3, y - size * 0.1), (x + size * 0.5, y - size * 0.95)],
                       fill=col, width=int(size * 0.14))
    return img


def framed(d, cam, X, z0, z1, y0, y1, picture, rng):
    """A framed picture on a side wall; `picture` draws the image inside (Y, Z) bounds."""
    wall_poly(d, cam, X, [(y0 - 0.06, z0 - 0.06), (y0 - 0.06, z1 + 0.06), (y1 + 0.06, z1 + 0.06),
                          (y1 + 0.06, z0 - 0.06)], (40, 36, 32))
    wall_poly(d, cam, X, [(y0, z0), (y0, z1), (y1, z1), (y1, z0)], (236, 232, 220))
    picture(d, cam, X, z0 + 0.1, z1 - 0.1, y0 + 0.1, y1 - 0.1, rng)


def pic_hull(d, cam, X, z0, z1, y0, y1, rng):
    """Sepia photograph: a hull on the slipway between cranes."""
    sep, dark = (196, 176, 140), (90, 72, 52)
    wall_poly(d, cam, X, [(y0, z0), (y0, z1), (y1, z1), (y1, z0)], sep)
    L = z1 - z0
    wall_poly(d, cam, X,
              [(y1 - (y1 - y0) * 0.2, z0 + L * 0.1), (y1 - (y1 - y0) * 0.55, z0 + L * 0.2),
                          (y1 - (y1 - y0) * 0.6, z1 - L * 0.15), (y1 - (y1 - y0) * 0.2,
                                                                  z1 - L * 0.1)],
              dark)
    for fz in (0.08, 0.92):
        zz = z0 + L * fz
        line3(d, cam, (X, y0 + (y1 - y0) * 0.05, zz), (X, y1, zz), dark, 2)
        line3(d, cam, (X, y0 + (y1 - y0) * 0.05, zz), (X, y0 + (y1 - y0) * 0.05,
                                                      zz + (0.3 if fz < 0.5 else -0.3)), dark, 2)


def pic_workers(d, cam, X, z0, z1, y0, y1, rng):
    """Sepia photograph: a row of shipyard workers."""
    sep, dark = (206, 188, 150), (80, 64, 48)
    wall_poly(d, cam, X, [(y0, z0), (y0, z1), (y1, z1), (y1, z0)], sep)
    n = 6
    for k in range(n):
        zc = z0 + (k + 0.5) * (z1 - z0) / n
        hw = (z1 - z0) / n * 0.3
        wall_poly(d, cam, X, [(y1, zc - hw), (y1, zc + hw), (y0 + (y1 - y0) * 0.45, zc + hw),
                              (y0 + (y1 - y0) * 0.45, zc - hw)], dark)
        wall_poly(d, cam, X, [(y0 + (y1 - y0) * 0.2, zc - hw * 0.5),
                              (y0 + (y1 - y0) * 0.2, zc + hw * 0.5),
                              (y0 + (y1 - y0) * 0.42, zc + hw * 0.5),
                              (y0 + (y1 - y0) * 0.42, zc - hw * 0.5)], dark)


def gallery(aspect, rng):
    """The harbour gallery's shipbuilders' exhibition: photographs, a model ship, visitors."""
    img, d, w, h = canvas(aspect, (230, 228, 222), (230, 228, 222))
    cam = (w * 0.5, h * 0.46, w * 0.5)
    F, C, Z, half = 1.6, -2.6, 16.0, 4.0
    room(d, cam, half, F, C, 0.4, Z, (196, 164, 122), (244, 244, 240), (242, 240, 234),
         (236, 234, 228), (248, 246, 240))
    for k in range(-16, 17):  # oak boards
        line3(d, cam, (k * 0.25, F, 0.4), (k * 0.25, F, Z), (182, 150, 110), 1)
    for z in (3, 7, 11):  # roof lights
        rect3(d, cam, (-1.6, C + 0.01, z), (1.6, C + 0.01, z + 2.4), (252, 254, 255))
        light_patch(img,
                    [P(cam, -1.6, F, z + 1.0), P(cam, 1.6, F, z + 1.0), P(cam, 1.6, F, z + 3.4),
                          P(cam, -1.6, F, z + 3.4)], (14, 14, 12), 20)
    d = ImageDraw.Draw(img)
    # the end wall: title and a big painting of a launch
    s = scale_at(cam, Z)
    tx, ty = P(cam, 0, -2.25, Z)
    d.text((tx, ty), "BUILT ON THE WEX", font=font("LeagueSpartan-Bold.otf", int(s * 0.42)),
           fill=(30, 50, 80), anchor="mm")
    d.text((tx, ty + s * 0.4), "Shipbuilders of Wexmoor, 1850\u20131986",
           font=font("Lato-Regular.ttf", int(s * 0.16)), fill=(80, 84, 90), anchor="mm")
    px0, py0 = P(cam, -1.9, -1.55, Z)
    px1, py1 = P(cam, 1.9, 0.55, Z)
    d.rectangle([px0 - 6, py0 - 6, px1 + 6, py1 + 6], fill=(150, 116, 60))
    pw, ph = int(px1 - px0), int(py1 - py0)
    paint = Image.new("RGB", (pw, ph), (180, 200, 214))
    pd = ImageDraw.Draw(paint)
    vgrad(paint, (0, 0, pw, int(ph * 0.6)), (150, 180, 210), (230, 214, 190))
    pd.rectangle([0, ph * 0.6, pw, ph], fill=(90, 110, 120))
    pd.polygon([(pw * 0.1, ph * 0.3), (pw * 0.75, ph * 0.42), (pw * 0.8, ph * 0.7),
                (pw * 0.15, ph * 0.64)],
               fill=(40, 40, 46))
    pd.polygon([(pw * 0.1, ph * 0.3), (pw * 0.75, ph * 0.42), (pw * 0.76, ph * 0.47),
                (pw * 0.1, ph * 0.36)],
               fill=(180, 40, 36))
    for cx2 in (0.05, 0.9):
        crane(pd, pw * cx2, ph * 0.62, ph * 0.5, (60, 56, 60), jib=0.5, lw=2)
    for k in range(14):
        figure(pd, pw * (0.05 + k * 0.065), ph * 0.98, ph * 0.16, (40, 36, 40))
    bunting(pd, (pw * 0.12, ph * 0.28), (pw * 0.74, ph * 0.4), 12, [(200, 50, 50), (240, 200, 60),
                                                                    (50, 110,
                                                                     170)], rng, n=12, size=3)
    img.paste(paint, (int(px0), int(py0)))
    d = ImageDraw.Draw(img)
    # photographs along both side walls
    pics = [pic_hull, pic_workers]
    for side in (-1, 1):
        X = side * half
        for k, z in enumerate((2.0, 5.0, 8.0, 11.0, 13.6)):
            framed(d, cam, X, z, z + 1.8, -0.9, 0.3, pics[(k + (side > 0)) % 2], rng)
            rect3(d, cam, (X, 0.5, z + 0.6), (X, 0.62, z + 1.2), (250, 250, 248))  # caption card
    # a model of a cargo ship in a glass case on a plinth
    mX, mz = -1.6, 7.2  # the case stands left of centre
    cuboid(d, cam, mX - 0.9, mX + 0.9, 0.4, F, mz - 0.8, mz + 0.8, (250, 250, 248), (236, 236, 232),
           (222, 222, 218))
    hx0, hy = P(cam, mX - 0.8, 0.25, mz)
    hx1, _ = P(cam, mX + 0.8, 0.25, mz)
    sc = scale_at(cam, mz)
    L = hx1 - hx0
    d.polygon([(hx0, hy - sc * 0.3), (hx1, hy - sc * 0.38), (hx1 - L * 0.06, hy),
               (hx0 + L * 0.04, hy)], fill=(30, 30, 34))
    d.polygon([(hx0 + L * 0.03, hy - sc * 0.06), (hx1 - L * 0.05, hy - sc * 0.06),
               (hx1 - L * 0.06, hy),
               (hx0 + L * 0.04, hy)], fill=(170, 40, 36))
    d.rectangle([hx0 + L * 0.12, hy - sc * 0.5, hx0 + L * 0.32, hy - sc * 0.3],
                fill=(244, 242, 236))
    d.rectangle([hx0 + L * 0.2, hy - sc * 0.68, hx0 + L * 0.27, hy - sc * 0.5], fill=(210, 150, 40))
    for mx in (0.5, 0.78):
        d.line([(hx0 + L * mx, hy - sc * 0.34), (hx0 + L * mx, hy - sc * 0.7)], fill=(60, 50, 40),
               width=2)
    d.rectangle([hx0 + L * 0.25, hy + 2, hx0 + L * 0.3, P(cam, 0, 0.4, mz)[1]], fill=(90, 80, 70))
    d.rectangle([hx0 + L * 0.7, hy + 2, hx0 + L * 0.75, P(cam, 0, 0.4, mz)[1]], fill=(90, 80, 70))
    glass = ImageDraw.Draw(img, "RGBA")
    a, b = P(cam, mX - 0.9, -0.7, mz - 0.8), P(cam, mX + 0.9, 0.4, mz - 0.8)
    glass.rectangle([a[0], a[1], b[0], b[1]], fill=(200, 230, 240, 50),
                    outline=(160, 180, 190, 160))
    glass.polygon([(a[0] + 10, a[1]), (a[0] + 40, a[1]), (a[0] + 10, b[1]), (a[0] - 20, b[1])],
                  fill=(255, 255, 255, 60))
    # a bench for looking, and the visitors
    cuboid(d, cam, 0.6, 2.6, 1.15, 1.25, 4.2, 4.8, (60, 50, 46), (50, 42, 38), (44, 36, 32))
    for X in (0.75, 2.45):
        cuboid(d, cam, X - 0.05, X + 0.05, 1.25, F, 4.3, 4.7, (150, 150, 150), (150, 150, 150),
               (130, 130, 130))
    people = [(-3.0, 5.0, (60, 70, 110), HAIRS[5], True, "down"),
              (-2.6, 9.5, (170, 60, 60), HAIRS[1], True, "fold"),
              (3.0, 4.0, (90, 120, 90), HAIRS[4], True, "down"),
              (-0.55, 6.6, (230, 190, 60), HAIRS[2], False, "reach_r"),
              (1.6, 11.0, (40, 40, 50), HAIRS[0], True, "down"),
              (-1.0, 13.0, (120, 90, 140), HAIRS[3], True, "fold")]
    for X, z, col, hair, back, arms in sorted(people, key=lambda p: -p[1]):
        x, y = P(cam, X, F, z)
        sc = scale_at(cam, z)
        hh = sc * (1.25 if arms == "reach_r" else 1.72)
        if arms == "reach_r":  # the child points at the model, to the left
            arms = ([(-0.12, 0.77), (-0.27, 0.74), (-0.38, 0.82)],
                    [(0.12, 0.77), (0.155, 0.62), (0.15, 0.47)])
        person(d, x, y, hh, col, rng.choice([(40, 44, 60), (70, 70, 76), (120, 100, 80)]),
               rng.choice(SKINS), hair, back=back, arms=arms)
    return img


def repair_cafe(aspect, rng):
    """Volunteers mending toasters, lamps and a bike at the monthly repair café."""
    img, d, w, h = canvas(aspect, (230, 220, 196), (230, 220, 196))
    cam = (w * 0.5, h * 0.38, w * 0.5)
    F, C, Z, half = 1.9, -2.8, 14.0, 5.0
    room(d, cam, half, F, C, 0.4, Z, (170, 126, 84), (232, 226, 210), (226, 214, 186),
         (232, 220, 192), (236, 226, 200))
    for k in range(-20, 21):
        line3(d, cam, (k * 0.25, F, 0.4), (k * 0.25, F, Z), (154, 112, 74), 1)
    # tall windows on the left with the afternoon sun slanting across the floor
    for z in (2.0, 5.5, 9.0, 12.0):
        wall_poly(d, cam, -half, [(-1.8, z), (-1.8, z + 1.6), (0.6, z + 1.6), (0.6, z)],
                  (240, 246, 250))
        wall_poly(d, cam, -half, [(-2.4, z), (-2.4, z + 1.6), (-1.8, z + 1.6), (-1.8, z)],
                  (236, 242, 246))
        line3(d, cam, (-half, -0.6, z), (-half, -0.6, z + 1.6), (200, 190, 170), 2)
        light_patch(img, [P(cam, -half, F, z), P(cam, -half, F, z + 1.6),
                          P(cam, -half + 3.4, F, z + 0.4),
                          P(cam, -half + 3.4, F, z - 1.2)], (40, 30, 10), 8)
    d = ImageDraw.Draw(img)
    # banner and bunting
    s = scale_at(cam, Z)
    rect3(d, cam, (-2.2, -2.2, Z), (2.2, -1.3, Z), (40, 100, 130))
    tx, ty = P(cam, 0, -1.75, Z)
    d.text((tx, ty), "REPAIR CAF\u00c9", font=font("LeagueSpartan-Bold.otf", int(s * 0.5)),
           fill=(255, 250, 230), anchor="mm")
    flags = [(220, 60, 60), (240, 200, 60), (60, 140, 200), (80, 170, 90), (240, 240, 230)]
    for z in (3.0, 6.5, 10.0):
        bunting(d, P(cam, -half, C + 0.1, z), P(cam, half, C + 0.1, z + 1), 30 * 6 / z, flags, rng,
                n=16, size=max(4, int(40 / z)))
    # three trestle tables, far to near, with menders and visitors
    items = ["lamp", "toaster", "radio", "kettle", "sewing", "wheel", "laptop"]
    rows = [(10.5, [-2.0, 1.8]), (7.0, [-1.8, 2.0]), (3.4, [-1.7, 2.1])]
    for z, xs in rows:
        for tx0 in xs:
            # the people behind the table (seated) and a visitor standing at the end
            for k, dx in enumerate((-0.55, 0.55)):
                x, y = P(cam, tx0 + dx, F, z + 0.75)
                s2 = scale_at(cam, z + 0.75)
                person(d, x, y + s2 * 0.45, s2 * 1.72, rng.choice(CLOTHES), (50, 54, 64),
                       rng.choice(SKINS), rng.choice(HAIRS), arms="front")
            x, y = P(cam, tx0 + 1.35, F, z + 0.2)
            s2 = scale_at(cam, z + 0.2)
            person(d, x, y, s2 * 1.68, rng.choice(CLOTHES), (60, 60, 70), rng.choice(SKINS),
                   rng.choice(HAIRS), arms="fold", coat=rng.choice([None, (100, 80, 60)]))
            cloth = rng.choice([(236, 232, 222), (200, 220, 236), (236, 214, 200)])
            for lx in (tx0 - 0.9, tx0 + 0.85):
                line3(d, cam, (lx, 1.16, z + 0.05), (lx, F, z + 0.05), (90, 90, 96), 3)
            cuboid(d, cam, tx0 - 1.0, tx0 + 1.0, 1.1, F - 0.04, z, z + 0.8, cloth,
                   mix(cloth, (0, 0, 0), 0.1), mix(cloth, (0, 0, 0), 0.18))  # table and its cloth
            quad(d, cam, [(tx0 - 1.0, 1.1, z), (tx0 + 1.0, 1.1, z), (tx0 + 1.0, 1.1, z + 0.8),
                          (tx0 - 1.0, 1.1, z + 0.8)], cloth)
            # things being mended on the table top
            for j, dx in enumerate((-0.5, 0.45)):
                kind = rng.choice(items)
                x, y = P(cam, tx0 + dx, 1.1, z + 0.35)
                s3 = scale_at(cam, z + 0.35)
                if kind == "lamp":
                    d.line([(x, y), (x + s3 * 0.12, y - s3 * 0.4)], fill=(60, 60, 64),
                           width=max(2, int(s3 * 0.03)))
                    d.polygon([(x + s3 * 0.02, y - s3 * 0.36), (x + s3 * 0.24, y - s3 * 0.36),
                               (x + s3 * 0.18, y - s3 * 0.52), (x + s3 * 0.08, y - s3 * 0.52)],
                              fill=(220, 120, 40))
                elif kind == "toaster":
                    d.rounded_rectangle([x - s3 * 0.16, y - s3 * 0.2, x + s3 * 0.16, y],
                                        radius=int(s3 * 0.04), fill=(200, 204, 208))
                    d.rectangle([x - s3 * 0.1, y - s3 * 0.22, x - s3 * 0.02, y - s3 * 0.18],
                                fill=(40, 40, 44))
                elif kind == "radio":
                    d.rounded_rectangle([x - s3 * 0.18, y - s3 * 0.16, x + s3 * 0.18, y],
                                        radius=int(s3 * 0.03), fill=(150, 100, 60))
                    d.ellipse([x - s3 * 0.14, y - s3 * 0.13, x - s3 * 0.02, y - s3 * 0.03],
                              fill=(70, 60, 50))
                elif kind == "kettle":
                    d.rounded_rectangle([x - s3 * 0.1, y - s3 * 0.22, x + s3 * 0.1, y],
                                        radius=int(s3 * 0.05), fill=(60, 140, 170))
                elif kind == "sewing":
                    d.rectangle([x - s3 * 0.2, y - s3 * 0.05, x + s3 * 0.2, y],
                                fill=(240, 240, 236))
                    d.rectangle([x - s3 * 0.18, y - s3 * 0.24, x - s3 * 0.1, y],
                                fill=(240, 240, 236))
                    d.rectangle([x - s3 * 0.18, y - s3 * 0.24, x + s3 * 0.16, y - s3 * 0.16],
                                fill=(240, 240, 236))
                elif kind == "wheel":
                    r = s3 * 0.22
                    d.ellipse([x - r * 0.3, y - 2 * r, x + r * 0.3, y], outline=(30, 30, 32),
                              width=max(2, int(s3 * 0.03)))
                else:
                    d.polygon([(x - s3 * 0.16, y), (x + s3 * 0.16, y),
                               (x + s3 * 0.14, y - s3 * 0.2),
                               (x - s3 * 0.18, y - s3 * 0.2)], fill=(50, 54, 60))
                if j == 0:  # a mug of tea
                    d.rectangle([x + s3 * 0.25, y - s3 * 0.08, x + s3 * 0.31, y],
                                fill=(240, 238, 230))
    # a bike upside down on the floor at the left, the near tool table on the right
    bx, by = P(cam, -2.0, F, 2.3)
    s4 = scale_at(cam, 2.3)
    for wx in (bx - s4 * 0.5, bx + s4 * 0.5):
        d.ellipse([wx - s4 * 0.33, by - s4 * 1.05, wx + s4 * 0.33, by - s4 * 0.39],
                  outline=(30, 30, 34),
                  width=max(3, int(s4 * 0.04)))
    d.line([(bx - s4 * 0.5, by - s4 * 0.72), (bx, by - s4 * 0.4), (bx + s4 * 0.5, by - s4 * 0.72),
            (bx - s4 * 0.1, by - s4 * 0.72), (bx, by - s4 * 0.4)], fill=(40, 130, 90),
           width=max(3, int(s4 * 0.04)))
    d.line([(bx, by - s4 * 0.4), (bx, by)], fill=(40, 40, 44), width=max(2, int(s4 * 0.03)))
    d.line([(bx + s4 * 0.35, by - s4 * 0.4), (bx + s4 * 0.35, by)], fill=(40, 40, 44),
           width=max(2, int(s4 * 0.03)))
    x, y = P(cam, -1.7, 1.1, 3.5)
    s5 = scale_at(cam, 3.5) * 0.7
    d.rectangle([x - s5 * 0.5, y - s5 * 0.02, x + s5 * 0.5, y + s5 * 0.04], fill=(60, 90, 60))
    for k in range(7):  # screwdrivers and pliers laid out on a tool roll
        tx2 = x - s5 * 0.44 + k * s5 * 0.13
        c = rng.choice([(220, 50, 40), (240, 190, 40), (50, 100, 190)])
        d.rectangle([tx2, y - s5 * 0.01, tx2 + s5 * 0.05, y + s5 * 0.02], fill=c)
        d.line([(tx2 + s5 * 0.025, y + s5 * 0.0), (tx2 + s5 * 0.025, y - s5 * 0.02)],
               fill=(180, 180, 186), width=2)
    return img


# ---------------------------------------------------------------- p18-20 sport, back page
def rotated_person(img, x, y, h, angle, **kw):
    """A person drawn on their own layer and rotated (a diving goalkeeper)."""
    size = int(h * 2.4)
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    person(ImageDraw.Draw(layer), size / 2, size / 2 + h / 2, h, **kw)
    layer = layer.rotate(angle, resample=Image.BICUBIC)
    img.paste(layer, (int(x - size / 2), int(y - size / 2)), layer)


def football(aspect, rng):
    """Floodlit FA Trophy tie seen from behind the goal: the keeper at full stretch."""
    img, d, w, h = canvas(aspect, (6, 8, 18), (26, 30, 46), 0.45)
    hz = int(h * 0.45)
    cam = (w * 0.5, hz, w * 0.6)
    G = 2.6  # the camera is up on the terrace behind the goal
    # the far terrace and main stand, crowds as dots under the roof
    rect3(d, cam, (-40, G - 8, 112), (40, G, 112), (30, 30, 40))
    for k in range(260):
        X, Y = rng.uniform(-38, 38), rng.uniform(G - 6.5, G - 0.6)
        x, y = P(cam, X, Y, 111)
        c = rng.choice([(200, 150, 30), (30, 30, 34), (180, 180, 180), (140, 60, 50)])
        d.ellipse([x - 2, y - 2, x + 2, y + 2], fill=c)
    rect3(d, cam, (-42, G - 9, 111), (42, G - 8, 111), (60, 62, 70))
    quad(d, cam, [(36, G - 10, 8), (36, G - 10, 110), (36, G, 110), (36, G, 8)], (36, 36, 46))
    for k in range(500):
        z, Y = rng.uniform(10, 108), rng.uniform(G - 7, G - 0.5)
        x, y = P(cam, 36, Y, z)
        r = max(1, 60 / z)
        c = rng.choice([(210, 160, 30), (30, 30, 34), (190, 190, 190), (150, 60, 50)])
        d.ellipse([x - r, y - r, x + r, y + r], fill=c)
    quad(d, cam, [(36, G - 10, 8), (36, G - 10, 110), (30, G - 11, 110), (30, G - 11, 8)],
         (50, 52, 60))
    # the pitch: mown stripes, markings, the far goal
    rect3(d, cam, (-36, G, 3), (36, G, 110), (46, 100, 50))
    for k in range(6):
        z0 = 3 + k * 18
        rect3(d, cam, (-36, G, z0), (36, G, z0 + 9), (56, 116, 58))
    white = (226, 232, 226)
    for z in (4.0, 20.5, 56.5, 109):
        line3(d, cam, (-34, G, z), (34, G, z), white, 2)
    for X in (-34, 34):
        line3(d, cam, (X, G, 4), (X, G, 109), white, 2)
    for X in (-20.2, 20.2):
        line3(d, cam, (X, G, 4), (X, G, 20.5), white, 2)
    pts = [P(cam, 9.15 * math.cos(t), G, 56.5 + 9.15 * math.sin(t))
           for t in [math.tau * i / 40 for i in range(41)]]
    d.line(pts, fill=white, width=2)
    for X in (-3.66, 3.66):
        line3(d, cam, (X, G, 109), (X, G - 2.44, 109), white, 3)
    line3(d, cam, (-3.66, G - 2.44, 109), (3.66, G - 2.44, 109), white, 3)
    # floodlight pylons at the corners and along the side
    lights = []
    for X, z in ((-30, 112), (30, 112), (-30, 40), (38, 60)):
        bx, by = P(cam, X, G, z)
        hh = cam[2] * 22 / z
        d.line([(bx, by), (bx, by - hh)], fill=(70, 72, 80), width=max(2, int(cam[2] * 0.4 / z)))
        r = cam[2] * 1.6 / z
        d.rectangle([bx - r * 1.4, by - hh - r, bx + r * 1.4, by - hh + r * 0.6], fill=(60, 62, 70))
        for i in range(3):
            for j in range(2):
                lx, ly = bx - r + i * r, by - hh - r * 0.6 + j * r * 0.7
                d.ellipse([lx - r * 0.3, ly - r * 0.3, lx + r * 0.3, ly + r * 0.3],
                          fill=(255, 250, 230))
        lights.append((bx, by - hh, int(r * 6), (255, 246, 220), 0.55))
        lights.append((bx, by - hh, int(r * 2.5), (255, 250, 235), 0.9))
    glows(img, lights)
    rain(img, rng, 900, (0, 0, w, h * 0.9), col=(230, 236, 246), alpha=60, slant=0.1)
    d = ImageDraw.Draw(img)
    # the players: a striker who has just shot, defenders turning, from far to near
    home, away = ((236, 178, 30), (24, 24, 28)), ((240, 240, 240), (30, 60, 140))
    players = [(30, -10, home), (27, 6, away), (22, 2, home), (19, -4, away), (17, 5, away),
               (16, -1.5, home), (14, 2.5, away), (12.5, -6, away)]
    for z, X, (shirt, shorts) in players:
        x, y = P(cam, X, G, z)
        sc = scale_at(cam, z)
        person(d, x, y, sc * 1.8, shirt, shorts, rng.choice(SKINS[1:]), rng.choice(HAIRS[:3]),
               pose=rng.choice(["run", "walk"]), arms=rng.choice(["swing", "down", "one_up"]),
               shoes=(20, 20, 20), sleeves=shirt, lean=rng.uniform(-0.05, 0.05))
        d.rectangle([x - sc * 0.09, y - sc * 0.22, x + sc * 0.09, y - sc * 0.08],
                    fill=shirt)  # socks
    # the goal we stand behind: posts, bar, and the keeper diving across it
    gz = 8.0
    post = (246, 246, 244)
    rotated_person(img, *P(cam, -1.6, G - 1.5, gz + 0.6), scale_at(cam, gz + 0.6) * 1.85, 70,
                   top=(60, 200, 90), legs=(20, 20, 24), skin=SKINS[1], hair=HAIRS[0],
                   arms="up", sleeves=(60, 200, 90), shoes=(20, 20, 20), pose="run")
    bx, by = P(cam, -3.1, G - 2.15, gz + 0.3)
    r = scale_at(cam, gz) * 0.11
    blur = ImageDraw.Draw(img, "RGBA")
    for k in range(6):
        blur.ellipse([bx + k * r * 0.5 - r, by + k * r * 0.25 - r, bx + k * r * 0.5 + r,
                      by + k * r * 0.25 + r], fill=(255, 255, 255, 40))
    d = ImageDraw.Draw(img)
    d.ellipse([bx - r, by - r, bx + r, by + r], fill=(250, 250, 250))
    for X in (-3.66, 3.66):
        line3(d, cam, (X, G, gz), (X, G - 2.44, gz), post, scale_at(cam, gz) * 0.12)
    line3(d, cam, (-3.72, G - 2.44, gz), (3.72, G - 2.44, gz), post, scale_at(cam, gz) * 0.12)
    net = ImageDraw.Draw(img, "RGBA")
    for k in range(60):  # the net between us and the goal mouth
        X = -3.66 + k * 7.32 / 59
        net.line([P(cam, X, G, gz - 2.0), P(cam, X, G - 2.44, gz)], fill=(240, 240, 240, 70),
                 width=1)
    for k in range(22):
        t = k / 21
        Y, zz = G - 2.44 * t, gz - 2.0 + 2.0 * t
        net.line([P(cam, -3.66, Y, zz), P(cam, 3.66, Y, zz)], fill=(240, 240, 240, 70), width=1)
    # shine on the wet grass under the lights
    sheen = ImageDraw.Draw(img, "RGBA")
    for X, z in ((-30, 112), (30, 112), (-30, 40), (38, 60)):
        x, y = P(cam, X * 0.7, G, z * 0.6)
        sheen.ellipse([x - 120, y - 14, x + 120, y + 14], fill=(255, 255, 255, 18))
    return img


def gig(d, x, y, L, hull, shirt, rng, stroke=0.0):
    """Cornish pilot gig side view, bow to the left, six rowers and a cox; (x, y) = waterline."""
    d.polygon([(x, y - L * 0.05), (x + L * 0.08, y), (x + L * 0.95, y), (x + L, y - L * 0.045),
               (x + L * 0.5, y - L * 0.035)], fill=hull)
    d.line([(x, y - L * 0.05), (x + L * 0.5, y - L * 0.035), (x + L, y - L * 0.045)],
           fill=(214, 180, 120), width=max(2, int(L * 0.006)))
    for k in range(6):
        rx = x + L * (0.2 + k * 0.1)
        ry = y - L * 0.04
        lean = -0.6 + stroke  # leaning back at the finish, forward at the catch
        hx, hy = rx + L * 0.03 * lean, ry - L * 0.075
        d.polygon([(rx - L * 0.018, ry), (rx + L * 0.018, ry), (hx + L * 0.015, hy + L * 0.02),
                   (hx - L * 0.015, hy + L * 0.02)], fill=shirt)
        d.ellipse([hx - L * 0.012, hy - L * 0.012, hx + L * 0.012, hy + L * 0.016],
                  fill=rng.choice(SKINS[:4]))
        if k % 2 == 0:  # oars on our side, blades in the water
            ox = rx + L * 0.11 * (0.6 - stroke)
            d.line([(hx - L * 0.01, hy + L * 0.035), (ox, y + L * 0.012)], fill=(230, 220, 190),
                   width=max(2, int(L * 0.006)))
            d.ellipse([ox - L * 0.02, y + L * 0.004, ox + L * 0.02, y + L * 0.02],
                      fill=(240, 244, 246))
    cx = x + L * 0.85
    d.polygon([(cx - L * 0.015, y - L * 0.04), (cx + L * 0.015, y - L * 0.04),
               (cx + L * 0.012, y - L * 0.1), (cx - L * 0.012, y - L * 0.1)], fill=(240, 200, 30))
    d.ellipse([cx - L * 0.012, y - L * 0.125, cx + L * 0.012, y - L * 0.1], fill=SKINS[1])


def rowing(aspect, rng):
    """Pilot gigs racing across the bay on New Year's Day, low bright sun."""
    sky = (244, 226, 190)
    img, d, w, h = canvas(aspect, (120, 164, 210), sky, 0.42)
    hz = int(h * 0.42)
    glow(img, (w * 0.8, hz - 70), 160, (255, 230, 170), 0.5)
    d = ImageDraw.Draw(img)
    d.ellipse([w * 0.8 - 20, hz - 90, w * 0.8 + 20, hz - 50], fill=(255, 246, 220))
    d.polygon([(0, hz - 60), (w * 0.12, hz - 80), (w * 0.28, hz - 50), (w * 0.36, hz), (0, hz)],
              fill=haze((80, 100, 84), sky, 0.5))
    d.rectangle([w * 0.08, hz - 104, w * 0.1, hz - 74], fill=haze((200, 196, 186), sky, 0.5))
    water(img, hz, (120, 150, 170), (40, 80, 110), rng, stripes=600, light=(200, 210, 210),
          dark=(40, 76, 104))
    d = ImageDraw.Draw(img)
    sparkle(d, rng, 500, (w * 0.62, hz + 2, w * 0.98, h * 0.75))
    for _ in range(300):  # the sun's path, denser near the horizon
        y = rng.uniform(hz + 2, h)
        t = (y - hz) / (h - hz)
        x = w * 0.8 + rng.gauss(0, 20 + 120 * t)
        d.line([(x, y), (x + rng.uniform(6, 30), y)], fill=(255, 244, 210),
               width=rng.choice([1, 2]))
    # three gigs, far to near, each with a wake
    for gx, gy, L, hull, shirt, stroke in ((w * 0.5, hz + 40, 300, (40, 44, 60), (200, 40, 40),
                                            0.9),
                                           (w * 0.22, hz + 96, 480, (236, 234, 224), (30, 60, 140),
                                            0.2),
                                           (w * 0.36, hz + 200, 720, (30, 90, 70), (240, 200, 40),
                                            0.6)):
        for _ in range(int(L * 0.4)):
            t = rng.random()
            x = gx + L + t * L * 0.6
            y = gy + rng.gauss(0, 2 + 6 * t)
            d.line([(x, y), (x + rng.uniform(8, 24), y)], fill=(224, 232, 234), width=2)
        gig(d, gx, gy, L, hull, shirt, rng, stroke)
    # the harbour wall along the bottom, spectators wrapped up against the cold
    d.rectangle([0, h * 0.9, w, h], fill=(120, 112, 100))
    d.rectangle([0, h * 0.9, w, h * 0.91], fill=(150, 142, 128))
    for k in range(7):
        x = w * (0.06 + k * 0.15) + rng.uniform(-20, 20)
        person(d, x, h * 1.22, 300, rng.choice(CLOTHES), (40, 44, 56), rng.choice(SKINS),
               rng.choice(HAIRS), back=True, arms="front", hat=rng.choice(["beanie", None]),
               hat_col=rng.choice(CLOTHES), scarf=rng.choice([None, (200, 40, 40), (40, 120, 80)]))
    return img


def swim(aspect, rng):
    """Six hundred bathers charging into a grey winter sea on New Year's Day."""
    sky = (226, 214, 210)
    img, d, w, h = canvas(aspect, (140, 160, 186), sky, 0.36)
    hz = int(h * 0.36)
    img = clouds(img, rng, 10, 0, h * 0.28, col=(24, 24, 24), wr=(260, 600), hr=(20, 50))
    glow(img, (w * 0.14, hz - 40), 180, (255, 200, 170), 0.4)
    d = ImageDraw.Draw(img)
    water(img, hz, (130, 150, 156), (84, 110, 116), rng, stripes=500, light=(190, 204, 206),
          dark=(70, 92, 100))
    d = ImageDraw.Draw(img)
    # lines of breaking surf, and the lifeboat standing by offshore
    shore = lambda x: h * 0.56 + 24 * math.sin(x / w * 3.0)  # noqa: E731
    for k, base_y in enumerate((h * 0.42, h * 0.47, h * 0.52)):
        pts = [(x, base_y + 8 * math.sin(x / 70 + k)) for x in range(0, w + 20, 20)]
        d.line(pts, fill=(236, 240, 240), width=3 + k * 2)
        for x, y in pts[::2]:
            d.ellipse([x - 14, y - 3, x + 14, y + 5], fill=(226, 232, 232))
    boat(d, w * 0.72, hz + 26, 70, (236, 100, 28), (40, 50, 80))
    # the beach: wet sand shining, then dry, footprints
    sand = [(x, shore(x)) for x in range(0, w + 20, 20)]
    d.polygon(sand + [(w, h), (0, h)], fill=(178, 160, 128))
    d.polygon(sand + [(x, y + 40) for x, y in sand[::-1]], fill=(150, 146, 136))
    for x, y in sand[::3]:
        d.ellipse([x - 30, y - 3, x + 30, y + 4], fill=(236, 240, 240))  # last wash of foam
    for _ in range(300):
        x, y = rng.uniform(0, w), rng.uniform(h * 0.62, h)
        d.ellipse([x - 3, y - 1.5, x + 3, y + 1.5], fill=(160, 142, 112))
    # spectators on the prom steps at the left, a banner
    for k in range(40):
        x = rng.uniform(0, w * 0.2)
        y = rng.uniform(h * 0.5, h * 0.7)
        person(d, x, y + 60, 110 + (y - h * 0.5) * 0.4, rng.choice(CLOTHES), (40, 44, 56),
               rng.choice(SKINS), rng.choice(HAIRS), hat=rng.choice(["beanie", None, None]),
               hat_col=rng.choice(CLOTHES), coat=rng.choice([None, (60, 60, 70), (120, 90, 60)]))
    for px in (w * 0.04, w * 0.2):
        d.line([(px, h * 0.42), (px, h * 0.56)], fill=(60, 60, 60), width=3)
    d.rectangle([w * 0.04, h * 0.42, w * 0.2, h * 0.47], fill=(240, 240, 236))
    d.text((w * 0.12, h * 0.445), "NEW YEAR'S DAY DIP", font=font("LeagueSpartan-Bold.otf", 17),
           fill=(200, 40, 40), anchor="mm")
    # the bathers: far ones already in the surf, near ones running
    costumes = [(220, 40, 50), (30, 60, 140), (20, 20, 24), (240, 200, 40), (40, 150, 120),
                (240, 110, 160), (250, 250, 250), (140, 60, 160)]
    bathers = []
    for _ in range(120):
        t = rng.random() ** 1.5
        y = shore(0) - 50 + t * (h * 1.1 - shore(0) + 50)
        x = rng.uniform(w * 0.2, w * 1.02)
        bathers.append((y, x))
    spray = []
    for y, x in sorted(bathers):
        hh = 36 + max(0, y - shore(x)) * 0.62
        if y < shore(x) + 6:  # already in the water: cut off at the waist by the surf
            sea = img.getpixel((int(min(w - 1, x + hh * 0.45)), int(y - hh * 0.2)))
            swimmer(d, x, y, hh, rng, rng.choice(costumes), rng.choice(SKINS), pose="run",
                    arms=rng.choice(["up", "swing", "one_up"]),
                    hat=rng.choice([None, "swimcap", "santa"]))
            d.rectangle([x - hh * 0.3, y - hh * 0.42, x + hh * 0.3, y + 4], fill=sea)
            d.ellipse([x - hh * 0.34, y - hh * 0.47, x + hh * 0.34, y - hh * 0.36],
                      fill=(236, 240, 240))
            spray.append((x, y - hh * 0.42, hh))
            continue
        hat = rng.choice([None, None, "santa", "swimcap", "santa"])
        swimmer(d, x, y, hh, rng, rng.choice(costumes), rng.choice(SKINS), pose="run",
                arms=rng.choice(["swing", "up", "swing", "one_up"]), hat=hat,
                hat_col=(200, 30, 40) if hat == "santa" else None, lean=rng.uniform(-0.06, 0.02),
                one_piece=rng.random() < 0.4)
        if rng.random() < 0.08:  # fancy dress: a cape or a tutu
            c = rng.choice([(200, 30, 40), (40, 80, 200), (250, 200, 220)])
            if rng.random() < 0.5:
                d.polygon([(x - hh * 0.13, y - hh * 0.8), (x + hh * 0.13, y - hh * 0.8),
                           (x + hh * 0.22, y - hh * 0.3), (x - hh * 0.22, y - hh * 0.3)], fill=c)
            else:
                d.ellipse([x - hh * 0.2, y - hh * 0.56, x + hh * 0.2, y - hh * 0.44], fill=c)
    for x, y, hh in spray:  # splashes where they hit the water
        for _ in range(14):
            a = rng.uniform(math.pi * 1.05, math.pi * 1.95)
            r = rng.uniform(0.1, 0.45) * hh
            sx, sy = x + math.cos(a) * r, y + math.sin(a) * r * 0.8
            rr = rng.uniform(1, 3.5)
            d.ellipse([sx - rr, sy - rr, sx + rr, sy + rr], fill=(240, 244, 244))
    return img


def swim_towels(aspect, rng):
    """After the dip: swimmers in towels and robes with hot drinks, the beach behind."""
    sky = (224, 224, 226)
    img, d, w, h = canvas(aspect, (150, 176, 204), sky, 0.42)
    hz = int(h * 0.42)
    water(img, hz, (140, 156, 160), (96, 116, 120), rng, stripes=200)
    d = ImageDraw.Draw(img)
    d.rectangle([0, h * 0.52, w, h], fill=(176, 160, 130))
    for k in range(40):  # crowd behind, out of focus
        x, y = rng.uniform(0, w), rng.uniform(h * 0.44, h * 0.6)
        person(d, x, y, 70 + (y - hz), rng.choice(CLOTHES + SKINS[:3]), rng.choice(SKINS),
               rng.choice(SKINS), rng.choice(HAIRS), arms=rng.choice(["up", "down", "swing"]))
    depth_blur(img, (0, 0, w, h), 7)
    d = ImageDraw.Draw(img)
    # four friends, close, wrapped up and steaming
    group = [(w * 0.18, (230, 60, 60), "robe", SKINS[0], HAIRS[3], "beanie", (40, 60, 120)),
             (w * 0.42, (60, 130, 200), "towel", SKINS[3], HAIRS[0], "santa", (200, 30, 40)),
             (w * 0.64, (40, 44, 54), "robe", SKINS[1], HAIRS[5], "swimcap", (240, 200, 40)),
             (w * 0.86, (240, 200, 60), "towel", SKINS[5], HAIRS[0], None, None)]
    steam = []
    for k, (x, col, kind, skin, hair, hat, hat_col) in enumerate(group):
        hh = h * (1.05 + 0.05 * (k % 2))
        y = h * 1.35
        if kind == "robe":
            person(d, x, y, hh, col, skin, skin, hair, arms="front", sleeves=col, coat=col,
                   hat=hat, hat_col=hat_col or col, face=True, shoes=None)
        else:
            person(d, x, y, hh, (230, 110, 140), skin, skin, hair, arms="front", sleeves=skin,
                   hat=hat, hat_col=hat_col, face=True, shoes=None)
            # a towel round the shoulders, its ends hanging down the front, striped
            d.polygon([(x - hh * 0.15, y - hh * 0.84), (x + hh * 0.15, y - hh * 0.84),
                       (x + hh * 0.14, y - hh * 0.78), (x - hh * 0.14, y - hh * 0.78)], fill=col)
            for sgn in (-1, 1):
                a, b = sorted((sgn * 0.045, sgn * 0.15))
                d.polygon([(x + hh * a, y - hh * 0.84), (x + hh * b, y - hh * 0.84),
                           (x + hh * (b + sgn * 0.015), y - hh * 0.4),
                           (x + hh * (a + sgn * 0.015), y - hh * 0.4)], fill=col)
                for yy in (0.5, 0.46):
                    d.line([(x + hh * (a + sgn * 0.012), y - hh * yy),
                            (x + hh * (b + sgn * 0.012), y - hh * yy)], fill=(250, 250, 246),
                           width=max(2, int(hh * 0.012)))
        mx, my = x, y - hh * 0.6
        d.rounded_rectangle([mx - hh * 0.035, my - hh * 0.05, mx + hh * 0.035, my + hh * 0.015],
                            radius=4, fill=rng.choice([(240, 240, 236), (60, 120, 180),
                                                       (200, 60, 50)]))
        for hxs in (-1, 1):
            d.ellipse([mx + hxs * hh * 0.03 - hh * 0.022, my - hh * 0.03,
                       mx + hxs * hh * 0.03 + hh * 0.022,
                       my + hh * 0.014], fill=skin)
        steam.append((mx, my - hh * 0.05, hh))
    wisps = ImageDraw.Draw(img, "RGBA")
    for mx, my, hh in steam:
        for j in range(3):
            pts = [(mx + (j - 1) * hh * 0.012 + math.sin(t * 0.8 + j) * hh * 0.02,
                    my - t * hh * 0.02)
                   for t in range(10)]
            wisps.line(pts, fill=(255, 255, 255, 110), width=3, joint="curve")
    light_patch(img, [(w * 0.6, 0), (w, 0), (w, h), (w * 0.8, h)], (26, 18, 6), 80)
    return img


# ---------------------------------------------------------------- table
# name: (scene, aspect, output size, seed, subject for CREDITS.md)
SCENES = {
    "flood-barrier.jpg": (flood_barrier, "3:2", "large", 201,
                          "Concrete towers and raised gates of the unfinished Wex flood barrier"),
    "flats-flooding.jpg": (flats_flooding, "3:2", "small", 202,
                           "Floodwater in a terraced street on the Flats"),
    "bus-stop.jpg": (bus_stop, "3:2", "small", 203,
                     "Teenagers at a bus stop as a single-decker pulls in"),
    "pier-cafe.jpg": (pier_cafe, "3:2", "small", 204, "The pier caf\u00e9 lit up at dusk"),
    "car-park.jpg": (car_park, "3:2", "large", 205,
                     "Kiln Street car park, with the old bottle kiln behind"),
    "coastguard.jpg": (coastguard, "3:2", "small", 206,
                       "Orange coastguard rescue boat at speed off the station"),
    "damp-wall.jpg": (damp_wall, "3:2", "large", 207,
                      "Black mould spreading round a bedroom window"),
    "tenant-kitchen.jpg": (tenant_kitchen, "4:3", "small", 208,
                           "A tenant in her kitchen under a stained, dripping ceiling"),
    "repairs-chart.png": (repairs_chart, None, None, 209,
                          "Chart: damp and mould complaints per year, 2020\u20132026"),
    "estate-walkway.jpg": (estate_walkway, "3:2", "large", 210,
                           "Deck-access walkway on a council estate in the rain"),
    "ferry-terminal.jpg": (ferry_terminal, "16:9", "small", 211,
                           "Artist's impression of the planned ferry terminal at Gull Point"),
    "foodbank.jpg": (foodbank, "3:2", "large", 212,
                     "Shelves of tins and packets at the foodbank, volunteers packing bags"),
    "lightship.jpg": (lightship, "3:2", "large", 213,
                      "The red Wex Bar lightship at her quay, scaffolded for restoration"),
    "lightship-crew.jpg": (lightship_crew, "4:3", "small", 214,
                           "Lightship crew on deck (archive-style colour photograph)"),
    "lamp-room.jpg": (lamp_room, "3:4", "small", 215,
                      "The lantern's glass lens in its brass frame"),
    "lightship-deck.jpg": (lightship_deck, "3:2", "large", 216,
                           "Volunteers painting the lantern tower on the lightship's deck"),
    "night-shift-harbour.jpg": (night_shift_harbour, "3:1", "large", 217,
                                "Panorama of the harbour and town at night"),
    "night-baker.jpg": (night_baker, "3:2", "small", 218,
                        "A baker loading the deck oven in the early hours"),
    "night-porter.jpg": (night_porter, "3:2", "small", 219,
                         "A hospital porter wheeling a patient along a dimmed corridor"),
    "night-depot.jpg": (night_depot, "3:2", "small", 220,
                        "A cleaner at work beside a tram in the depot at night"),
    "panto.jpg": (panto, "3:2", "large", 221,
                  "Pantomime on stage under bright lights: the Dame, Jack and the cow"),
    "gallery.jpg": (gallery, "3:2", "large", 222,
                    "Visitors at the harbour gallery's shipbuilders' exhibition"),
    "repair-cafe.jpg": (repair_cafe, "3:2", "large", 223,
                        "Tables of volunteers and visitors mending things at the repair caf\u00e9"),
    "football.jpg": (football, "16:9", "large", 224,
                     "Floodlit football seen from behind the goal, the keeper diving"),
    "rowing.jpg": (rowing, "3:2", "small", 225, "Pilot gigs racing on the sea on New Year's Day"),
    "swim.jpg": (swim, "3:2", "large", 226,
                 "Crowd of bathers running into a winter sea on New Year's Day"),
    "swim-towels.jpg": (swim_towels, "3:2", "small", 227,
                        "Swimmers in towels and robes with hot drinks after the dip"),
}

CREDIT = "Generated by tools/make_sample_images_2027_01.py (made by the project, released with it)"


def write_credits(path):
    lines = [
        "# Image credits \u2014 Ledger sample issue (January 2027)",
        "",
        "Every picture in this folder was generated by `tools/make_sample_images_2027_01.py`:",
        "drawn from scratch with Pillow by the Pressroom project (no photographs, downloads",
        "or third-party artwork) and released with the project under the same terms. The",
        "script reuses the drawing helpers of `tools/make_sample_images.py`.",
        "",
        "Regenerate them (byte-identical output) from the repository root with:",
        "",
        "    .venv/bin/python tools/make_sample_images_2027_01.py",
        "",
        "| File | Subject | Credit |",
        "|---|---|---|",
    ]
    for name, (_fn, _aspect, _size, _seed, subject) in SCENES.items():
        lines.append(f"| {name} | {subject} | {CREDIT} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def save_jpeg(img, path):
    img.convert("RGB").save(path, "JPEG", quality=88, optimize=True, subsampling=2,
                            progressive=False)


def main(argv=None):
    global FONT_DIR
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--font-dir", type=Path, default=DEFAULT_FONTS)
    ap.add_argument("--only", nargs="*", help="filenames to (re)generate")
    args = ap.parse_args(argv)
    FONT_DIR = args.font_dir
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (fn, aspect, size, seed, _subject) in SCENES.items():
        if args.only and name not in args.only:
            continue
        rng = random.Random(seed)
        if name.endswith(".png"):
            fn(args.out / name)
        else:
            out = (SMALL if size == "small" else LARGE)[aspect]
            save_jpeg(finish(fn(aspect, rng), out, seed, grain=GRAIN), args.out / name)
        print(name)
    if not args.only:
        write_credits(args.out / "CREDITS.md")
        print("CREDITS.md")


if __name__ == "__main__":
    main()
