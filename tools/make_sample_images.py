#!/usr/bin/env python3
"""Generate the sample-issue pictures for the Ledger (December 2026).

Every picture is drawn from scratch with Pillow: stylised stand-ins for news
photographs plus one bar chart. Output is deterministic (one seeded
random.Random per image, no EXIF, no timestamps), so two runs give
byte-identical files.

    python tools/make_sample_images.py [--out DIR] [--font-dir DIR]
"""
import argparse
import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "issues/ledger-2026-12/images"
DEFAULT_FONTS = ROOT / "fonts"
SIZES = {"3:2": (2400, 1600), "16:9": (2400, 1350), "4:3": (2400, 1800), "3:4": (1800, 2400)}


# ---------------------------------------------------------------- colour
def mix(a, b, t):
    """Blend two RGB tuples; t=0 gives a, t=1 gives b."""
    t = max(0.0, min(1.0, t))
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))


def jit(c, rng, n=8):
    """Small random variation of a colour."""
    return tuple(max(0, min(255, v + rng.randint(-n, n))) for v in c)


def haze(c, sky, depth):
    """Atmospheric perspective: push colour towards the sky by depth 0..1."""
    return mix(c, sky, depth)


# ---------------------------------------------------------------- drawing
def vgrad(img, box, top, bottom):
    """Vertical gradient filling box=(x0, y0, x1, y1)."""
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = [int(v) for v in box]
    n = max(1, y1 - y0)
    for i in range(n):
        d.line([(x0, y0 + i), (x1, y0 + i)], fill=mix(top, bottom, i / n))


def glow(img, xy, radius, colour, strength=0.6):
    """Soft additive light blob (lamps, floodlights, sun)."""
    layer = Image.new("RGB", img.size, (0, 0, 0))
    d = ImageDraw.Draw(layer)
    x, y = xy
    c = tuple(int(v * strength) for v in colour)
    d.ellipse([x - radius, y - radius, x + radius, y + radius], fill=c)
    layer = layer.filter(ImageFilter.GaussianBlur(radius * 0.5))
    img.paste(ImageChops.add(img, layer))


def light_patch(img, pts, colour, blur=6):
    """Soft additive light shaped by a polygon (sunlight on a floor or wall)."""
    layer = Image.new("RGB", img.size, (0, 0, 0))
    ImageDraw.Draw(layer).polygon(pts, fill=colour)
    img.paste(ImageChops.add(img, layer.filter(ImageFilter.GaussianBlur(blur))))


def facade(d, x0, y0, x1, y1, wall, win, rng, cols=6, rows=4, lit=0.0,
           lit_col=(255, 214, 140), margin=0.18, arched=False, sill=None):
    """Building front with a grid of windows; `lit` = fraction lit."""
    d.rectangle([x0, y0, x1, y1], fill=wall)
    cw, rh = (x1 - x0) / cols, (y1 - y0) / rows
    for r in range(rows):
        for c in range(cols):
            wx0 = x0 + c * cw + cw * margin
            wx1 = x0 + (c + 1) * cw - cw * margin
            wy0 = y0 + r * rh + rh * margin
            wy1 = y0 + (r + 1) * rh - rh * margin
            col = jit(lit_col, rng, 12) if rng.random() < lit else jit(win, rng, 6)
            if arched:
                rad = (wx1 - wx0) / 2
                d.ellipse([wx0, wy0, wx1, wy0 + 2 * rad], fill=col)
                d.rectangle([wx0, wy0 + rad, wx1, wy1], fill=col)
            else:
                d.rectangle([wx0, wy0, wx1, wy1], fill=col)
            if sill:
                d.rectangle([wx0 - 2, wy1, wx1 + 2, wy1 + 3], fill=sill)


def figure(d, x, y, h, col, rng=None, lean=0.0, arms=False, stride=0.0):
    """Person silhouette; (x, y) = feet centre, h = height.

    lean shifts the upper body sideways (fraction of h), stride spreads the
    legs, arms=True raises one arm (cheering, waving)."""
    rng = rng or random.Random(int(x * 31 + y))
    k = rng.uniform(0.92, 1.08)  # build varies a little
    lx = lean * h
    hip, sh, r = y - h * 0.47, y - h * 0.81, h * 0.068
    d.ellipse([x + lx - r, y - h, x + lx + r, y - h + 2 * r], fill=col)
    d.rectangle([x + lx - r * 0.45, y - h + 1.6 * r, x + lx + r * 0.45, sh + 2], fill=col)
    sw, hw = h * 0.125 * k, h * 0.095 * k
    d.polygon([(x + lx - sw, sh + h * 0.02), (x + lx - sw * 0.8, sh),
               (x + lx + sw * 0.8, sh), (x + lx + sw, sh + h * 0.02),
               (x + hw, hip), (x - hw, hip)], fill=col)
    lw = h * 0.05
    st = h * (0.06 + stride)
    for sgn in (-1, 1):  # legs
        d.polygon([(x + sgn * hw, hip), (x + sgn * 0.004 * h, hip),
                   (x + sgn * (st - lw * 0.6), y), (x + sgn * (st + lw * 0.6), y)],
                  fill=col)
    aw = max(2, int(h * 0.045))
    d.line([(x + lx - sw * 0.9, sh + h * 0.02), (x - sw * 1.05, y - h * 0.44)], fill=col, width=aw)
    if arms:
        d.line([(x + lx + sw * 0.9, sh + h * 0.02), (x + sw * 1.7, y - h * 1.08)],
               fill=col, width=aw)
    else:
        d.line([(x + lx + sw * 0.9, sh + h * 0.02), (x + sw * 1.05, y - h * 0.44)],
               fill=col, width=aw)


def tree(d, x, y, h, col, rng, trunk=None):
    """Round deciduous tree built from overlapping blobs."""
    trunk = trunk or mix(col, (40, 35, 30), 0.5)
    d.rectangle([x - h * 0.03, y - h * 0.5, x + h * 0.03, y], fill=trunk)
    for _ in range(7):
        r = h * rng.uniform(0.18, 0.28)
        cx = x + rng.uniform(-0.2, 0.2) * h
        cy = y - h * rng.uniform(0.55, 0.8)
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=jit(col, rng, 6))


def crane(d, x, y, h, col, jib=1.0, lw=3):
    """Tower crane: lattice mast, jib to the right, counter-jib left."""
    top = y - h
    w = h * 0.04
    d.rectangle([x - w, top, x + w, y], outline=col, width=lw)
    step = w * 2
    yy = y
    while yy > top:
        d.line([(x - w, yy), (x + w, yy - step)], fill=col, width=max(1, lw - 1))
        yy -= step
    L = h * 0.75 * jib
    d.line([(x - h * 0.22, top), (x + L, top)], fill=col, width=lw + 2)
    d.line([(x, top - h * 0.1), (x + L * 0.7, top)], fill=col, width=lw)
    d.line([(x, top - h * 0.1), (x - h * 0.22, top)], fill=col, width=lw)
    d.rectangle([x - h * 0.22, top, x - h * 0.14, top + h * 0.05], fill=col)
    d.line([(x + L * 0.6, top), (x + L * 0.6, top + h * 0.35)], fill=col, width=1)
    d.rectangle([x - w * 1.6, top + h * 0.02, x + w * 1.6, top + h * 0.08], fill=col)


def water(img, y0, top, bottom, rng, stripes=80, light=None, dark=None, reflect=0.0):
    """Water body from y0 down with horizontal reflection stripes."""
    w, h = img.size
    y0 = int(y0)
    mirror = img.crop((0, max(0, y0 - (h - y0)), w, y0)).transpose(Image.FLIP_TOP_BOTTOM)
    vgrad(img, (0, y0, w, h), top, bottom)
    if reflect:  # blurred mirror image of whatever stands on the far bank
        mirror = mirror.filter(ImageFilter.BoxBlur(2))
        band = img.crop((0, y0, w, y0 + mirror.height))
        img.paste(Image.blend(band, mirror, reflect), (0, y0))
    d = ImageDraw.Draw(img)
    light = light or mix(top, (255, 255, 255), 0.25)
    dark = dark or mix(bottom, (0, 0, 0), 0.2)
    for _ in range(stripes):
        y = rng.uniform(y0, h)
        t = (y - y0) / max(1, h - y0)
        ln = rng.uniform(20, 120) * (0.4 + t)
        x = rng.uniform(-50, w)
        d.line([(x, y), (x + ln, y)], fill=light if rng.random() < 0.5 else dark,
               width=max(1, int(1 + 3 * t)))


def boat(d, x, y, L, hull, cabin, rng=None):
    """Simple boat side view; (x, y) = waterline left end."""
    d.polygon([(x, y - L * 0.12), (x + L, y - L * 0.15), (x + L * 0.92, y),
               (x + L * 0.06, y)], fill=hull)
    d.rectangle([x + L * 0.3, y - L * 0.28, x + L * 0.7, y - L * 0.12], fill=cabin)


def bunting(d, p0, p1, sag, colours, rng, n=14, size=10):
    """String of triangular flags hanging between two points."""
    pts = []
    for i in range(n + 1):
        t = i / n
        pts.append((p0[0] + (p1[0] - p0[0]) * t,
                    p0[1] + (p1[1] - p0[1]) * t + sag * 4 * t * (1 - t)))
    d.line(pts, fill=(40, 40, 40), width=1)
    for i in range(n):
        (ax, ay), (bx, by) = pts[i], pts[i + 1]
        mx = (ax + bx) / 2
        d.polygon([(ax, ay), (bx, by), (mx, (ay + by) / 2 + size * 1.4)],
                  fill=colours[i % len(colours)])


def floodlight(img, x, y, h, mast, lamp=(255, 246, 215)):
    """Floodlight mast with a glowing lamp head at (x, y-h)."""
    d = ImageDraw.Draw(img)
    d.line([(x, y), (x, y - h)], fill=mast, width=3)
    d.rectangle([x - 14, y - h - 8, x + 14, y - h + 4], fill=mast)
    for i in range(4):
        d.ellipse([x - 13 + i * 7, y - h - 6, x - 8 + i * 7, y - h + 1], fill=lamp)
    glow(img, (x, y - h), 70, lamp, 0.55)
    glow(img, (x, y - h), 22, lamp, 0.9)


def tram(d, x, y, L, body, stripe, win, rng, lit=True):
    """Low-floor tram side view; (x, y) = rail level at the left end."""
    H = L * 0.16
    d.rounded_rectangle([x, y - H, x + L, y - 6], radius=int(H * 0.25), fill=body)
    d.rectangle([x + 4, y - H * 0.28, x + L - 4, y - H * 0.18], fill=stripe)
    n = 9
    pw = L * 0.86 / n
    for i in range(n):
        wx = x + L * 0.05 + i * pw
        glass = jit(win, rng, 8) if lit else (40, 45, 55)
        if i in (1, 4, 7):  # double doors, glazed almost to the floor
            d.rectangle([wx, y - H * 0.88, wx + pw - 6, y - 8], fill=mix(body, (0, 0, 0), 0.25))
            d.rectangle([wx + 4, y - H * 0.84, wx + pw - 10, y - H * 0.3], fill=glass)
            d.line([(wx + pw / 2 - 3, y - H * 0.88), (wx + pw / 2 - 3, y - 8)],
                   fill=mix(body, (0, 0, 0), 0.4), width=2)
        else:
            d.rectangle([wx, y - H * 0.82, wx + pw - 6, y - H * 0.38], fill=glass)
    # raked windscreen at the front (right) end
    d.polygon([(x + L - 4, y - H * 0.9), (x + L - 4, y - H * 0.38),
               (x + L * 0.955, y - H * 0.38), (x + L * 0.965, y - H * 0.9)],
              fill=mix(win, (40, 40, 50), 0.5))
    d.rectangle([x + L * 0.3, y - H - 8, x + L * 0.5, y - H], fill=mix(body, (0, 0, 0), 0.3))
    px = x + L * 0.4  # pantograph
    d.line([(px - 30, y - H - 8), (px + 10, y - H - H * 0.35), (px - 20, y - H - H * 0.7)],
           fill=(40, 40, 45), width=3)
    d.line([(px - 40, y - H - H * 0.7), (px, y - H - H * 0.7)], fill=(40, 40, 45), width=3)
    for wx in (x + L * 0.15, x + L * 0.5, x + L * 0.85):
        d.rectangle([wx - 20, y - 10, wx + 20, y], fill=(25, 25, 28))


# ---------------------------------------------------------------- perspective
def P(cam, X, Y, Z):
    """Project a 3-D point (Y down, Z forward) with cam = (vx, vy, focal)."""
    vx, vy, f = cam
    return (vx + f * X / Z, vy + f * Y / Z)


def quad(d, cam, pts, fill, outline=None):
    d.polygon([P(cam, *p) for p in pts], fill=fill, outline=outline)


def rect3(d, cam, a, b, fill, outline=None):
    """Axis-aligned 3-D rectangle from corner a to the opposite corner b."""
    (x0, y0, z0), (x1, y1, z1) = a, b
    if x0 == x1:
        pts = [(x0, y0, z0), (x0, y0, z1), (x0, y1, z1), (x0, y1, z0)]
    elif y0 == y1:
        pts = [(x0, y0, z0), (x1, y0, z0), (x1, y0, z1), (x0, y0, z1)]
    else:
        pts = [(x0, y0, z0), (x1, y0, z0), (x1, y1, z0), (x0, y1, z0)]
    quad(d, cam, pts, fill, outline)


def cuboid(d, cam, x0, x1, y0, y1, z0, z1, top, front, side):
    """Box seen from a camera at the origin: draws the visible faces."""
    if x1 < 0:
        rect3(d, cam, (x1, y0, z0), (x1, y1, z1), side)
    if x0 > 0:
        rect3(d, cam, (x0, y0, z0), (x0, y1, z1), side)
    if y0 > 0:
        rect3(d, cam, (x0, y0, z0), (x1, y0, z1), top)
    rect3(d, cam, (x0, y0, z0), (x1, y1, z0), front)


def room(d, cam, half_w, floor_y, ceil_y, z0, z1, floor, ceil, left, right, back):
    """Interior shell: floor, ceiling, side walls and end wall."""
    a, b = -half_w, half_w
    rect3(d, cam, (a, floor_y, z0), (b, floor_y, z1), floor)
    rect3(d, cam, (a, ceil_y, z0), (b, ceil_y, z1), ceil)
    rect3(d, cam, (a, ceil_y, z0), (a, floor_y, z1), left)
    rect3(d, cam, (b, ceil_y, z0), (b, floor_y, z1), right)
    rect3(d, cam, (a, ceil_y, z1), (b, floor_y, z1), back)


def car(d, x, y, wdt, body, rng, lights=False):
    """Car seen from behind; (x, y) = ground centre, wdt = width."""
    hgt = wdt * 0.62
    d.rounded_rectangle([x - wdt / 2, y - hgt * 0.62, x + wdt / 2, y - hgt * 0.12],
                        radius=int(wdt * 0.08), fill=body)
    d.polygon([(x - wdt * 0.4, y - hgt * 0.6), (x - wdt * 0.32, y - hgt),
               (x + wdt * 0.32, y - hgt), (x + wdt * 0.4, y - hgt * 0.6)], fill=body)
    d.polygon([(x - wdt * 0.34, y - hgt * 0.63), (x - wdt * 0.28, y - hgt * 0.94),
               (x + wdt * 0.28, y - hgt * 0.94), (x + wdt * 0.34, y - hgt * 0.63)],
              fill=mix(body, (20, 24, 30), 0.7))
    tl = (255, 60, 50) if lights else (150, 40, 40)
    for sgn in (-1, 1):
        d.rectangle([x + sgn * wdt * 0.44 - wdt * 0.05, y - hgt * 0.5,
                     x + sgn * wdt * 0.44 + wdt * 0.05, y - hgt * 0.4], fill=tl)
        d.rectangle([x + sgn * wdt * 0.36 - wdt * 0.06, y - hgt * 0.12,
                     x + sgn * wdt * 0.36 + wdt * 0.06, y], fill=(22, 22, 24))
    d.rectangle([x - wdt * 0.12, y - hgt * 0.35, x + wdt * 0.12, y - hgt * 0.26],
                fill=(220, 214, 170))


def cyclist(d, x, y, h, col):
    """Cyclist seen from behind, riding away; (x, y) = rear tyre on the ground."""
    t = max(2, int(h * 0.045))
    d.ellipse([x - h * 0.03, y - h * 0.5, x + h * 0.03, y], outline=col, width=t)  # tyre
    d.polygon([(x - h * 0.05, y - h * 0.5), (x + h * 0.05, y - h * 0.5),
               (x + h * 0.04, y - h * 0.3), (x - h * 0.04, y - h * 0.3)], fill=col)  # guard
    d.rectangle([x - h * 0.025, y - h * 0.45, x + h * 0.025, y - h * 0.4], fill=(235, 40, 40))
    hip, sh = y - h * 0.62, y - h * 0.88
    for sgn, foot in ((-1, y - h * 0.1), (1, y - h * 0.3)):  # knees out, feet on pedals
        knee = (x + sgn * h * 0.13, (hip + foot) / 2 - h * 0.04)
        d.line([(x + sgn * h * 0.06, hip), knee, (x + sgn * h * 0.08, foot)], fill=col,
               width=max(2, int(h * 0.065)), joint="curve")
    d.polygon([(x - h * 0.12, hip + h * 0.02), (x + h * 0.12, hip + h * 0.02),
               (x + h * 0.18, sh), (x - h * 0.18, sh)], fill=col)
    d.line([(x - h * 0.26, y - h * 0.68), (x + h * 0.26, y - h * 0.68)], fill=col,
           width=max(2, int(h * 0.02)))
    for sgn in (-1, 1):
        d.line([(x + sgn * h * 0.16, sh + h * 0.02), (x + sgn * h * 0.25, y - h * 0.68)],
               fill=col, width=max(2, int(h * 0.05)))
    d.ellipse([x - h * 0.08, y - h * 1.02, x + h * 0.08, y - h * 0.86], fill=col)


# ---------------------------------------------------------------- finishing
def finish(img, size, seed, grain=5, vignette=0.28):
    """Upscale to full size, add film grain and a soft vignette."""
    img = img.resize(size, Image.LANCZOS)
    w, h = size
    # Image.effect_noise is not seedable, so build grain from seeded bytes.
    rng = random.Random(seed * 7919 + 1)
    nw, nh = w // 2, h // 2
    noise = Image.frombytes("L", (nw, nh), rng.randbytes(nw * nh))
    noise = noise.resize(size, Image.BICUBIC)
    k = grain / 74.0  # uniform bytes have a standard deviation of about 74
    noise = noise.point(lambda v: max(0, min(255, int(128 + (v - 128) * k))))
    img = ImageChops.add(img, Image.merge("RGB", (noise,) * 3), 1.0, -128)
    vs = 64  # vignette mask drawn small, then smoothly enlarged
    c = (vs - 1) / 2
    mask = Image.new("L", (vs, vs))
    mask.putdata([int(255 * (1 - vignette * min(1.0, ((x - c) ** 2 + (y - c) ** 2)
                                                 / (2 * c * c)) ** 1.5))
                  for y in range(vs) for x in range(vs)])
    mask = mask.resize(size, Image.BICUBIC)
    return Image.composite(img, Image.new("RGB", size, (0, 0, 0)), mask)


def canvas(aspect, top, bottom, horizon=1.0):
    """Half-size canvas with a sky gradient down to `horizon` (fraction)."""
    W, H = SIZES[aspect]
    w, h = W // 2, H // 2
    img = Image.new("RGB", (w, h), bottom)
    vgrad(img, (0, 0, w, int(h * horizon)), top, bottom)
    return img, ImageDraw.Draw(img), w, h


# ---------------------------------------------------------------- scenes
def bus_depot(aspect, rng):
    sky = (196, 199, 202)
    img, d, w, h = canvas(aspect, (150, 155, 162), sky, 0.62)
    gy = int(h * 0.62)
    # distant tower blocks, hazy
    for i in range(5):
        x = rng.randint(0, w)
        bw, bh = rng.randint(40, 80), rng.randint(60, 160)
        d.rectangle([x, gy - 90 - bh, x + bw, gy], fill=haze((110, 112, 118), sky, 0.6))
    # depot shed with saw-tooth roof
    x0, x1, wall_top = int(w * 0.08), int(w * 0.9), gy - int(h * 0.22)
    brick = (122, 96, 84)
    d.rectangle([x0, wall_top, x1, gy + 20], fill=brick)
    n = 7
    tw = (x1 - x0) / n
    for i in range(n):
        a = x0 + i * tw
        d.polygon([(a, wall_top), (a, wall_top - tw * 0.45), (a + tw, wall_top)], fill=(82, 84, 88))
        d.rectangle([a + 2, wall_top - tw * 0.45, a + 8, wall_top], fill=(160, 170, 172))
        d.line([(a, wall_top - tw * 0.45), (a + tw, wall_top)], fill=(60, 62, 66), width=2)
    # bus bays: three tall doors, dark, one with a bus nose
    bay_w = (x1 - x0) / 4
    for i in range(4):
        bx = x0 + bay_w * i + bay_w * 0.12
        d.rectangle([bx, wall_top + 22, bx + bay_w * 0.76, gy + 20], fill=(40, 38, 38))
        for k in range(6):
            yy = wall_top + 26 + k * 10
            d.line([(bx, yy), (bx + bay_w * 0.76, yy)], fill=(62, 60, 58), width=1)
    bx = x0 + bay_w * 1 + bay_w * 0.2
    d.rectangle([bx, gy - 70, bx + bay_w * 0.6, gy + 14], fill=(150, 40, 38))
    d.rectangle([bx + 6, gy - 64, bx + bay_w * 0.6 - 6, gy - 36], fill=(30, 34, 40))
    d.rectangle([x0 + tw, wall_top + 4, x0 + tw * 3, wall_top + 16], fill=(200, 190, 160))
    # cracked tarmac yard
    vgrad(img, (0, gy + 20, w, h), (108, 106, 100), (80, 78, 72))
    for _ in range(40):
        x, y = rng.uniform(0, w), rng.uniform(gy + 30, h)
        d.line([(x, y), (x + rng.uniform(-40, 40), y + rng.uniform(-4, 12))],
               fill=(60, 58, 54), width=1)
    # weeds: clumps along the wall foot, across the yard and tall in front
    for _ in range(90):
        cx = rng.uniform(0, w)
        cy = rng.choice([gy + 24, rng.uniform(gy + 30, h), rng.uniform(h * 0.9, h + 10)])
        s = 0.5 + 1.6 * (cy - gy) / (h - gy)
        for _ in range(18):
            x = cx + rng.gauss(0, 14 * s)
            g = jit((92, 112, 60), rng, 22)
            d.line([(x, cy), (x + rng.uniform(-8, 8) * s, cy - rng.uniform(8, 30) * s)],
                   fill=g, width=2)
    for x in range(int(x0), int(x1), 9):  # moss streak along the wall foot
        d.line([(x, gy + 20), (x + rng.uniform(-3, 3), gy + 20 - rng.uniform(2, 14))],
               fill=jit((84, 100, 58), rng, 14), width=2)
    # chain-link fence in the foreground
    fy0, fy1 = int(h * 0.42), int(h * 0.96)
    post = (70, 72, 74)
    for x in range(-20, w + 40, 140):
        d.rectangle([x, fy0 - 10, x + 6, fy1], fill=post)
    wire = (88, 92, 94)
    step = 22
    for x in range(-h, w + h, step):
        d.line([(x, fy0), (x + (fy1 - fy0), fy1)], fill=wire, width=1)
        d.line([(x, fy1), (x + (fy1 - fy0), fy0)], fill=wire, width=1)
    d.line([(0, fy0), (w, fy0)], fill=post, width=4)
    for x in range(0, w, 14):  # barbed wire strands
        d.line([(x, fy0 - 12), (x + 8, fy0 - 20)], fill=post, width=1)
    d.line([(0, fy0 - 16), (w, fy0 - 16)], fill=post, width=1)
    return img


def terrace(d, x0, x1, base, h, rng, sky, depth, lit=0.0):
    """Row of two-storey terraced houses with chimneys and pitched roofs."""
    x = x0
    while x < x1:
        hw = rng.randint(38, 48)
        wall = haze(jit(rng.choice([(150, 90, 70), (170, 150, 120), (128, 78, 62),
                                    (190, 180, 160)]), rng, 8), sky, depth)
        roof = haze((70, 66, 68), sky, depth)
        d.polygon([(x - 2, base - h), (x + hw / 2, base - h - h * 0.35),
                   (x + hw + 2, base - h)], fill=roof)
        d.rectangle([x + hw * 0.6, base - h - h * 0.45, x + hw * 0.72, base - h - h * 0.2],
                    fill=roof)
        facade(d, x, base - h, x + hw, base, wall, haze((50, 55, 62), sky, depth), rng,
               cols=2, rows=2, lit=lit, margin=0.25)
        x += hw


def river_outfall(aspect, rng):
    sky = (205, 206, 200)
    img, d, w, h = canvas(aspect, (160, 168, 176), sky, 0.4)
    hz = int(h * 0.4)
    terrace(d, -10, w + 10, hz, 44, rng, sky, 0.45)
    tree(d, w * 0.7, hz, 80, haze((70, 90, 60), sky, 0.45), rng)
    # far embankment wall and the water
    d.rectangle([0, hz, w, hz + 14], fill=haze((120, 116, 104), sky, 0.3))
    water(img, hz + 14, (160, 148, 124), (112, 94, 68), rng, stripes=320,
          light=(178, 166, 142), dark=(96, 80, 58), reflect=0.3)
    # exposed mud bank in the foreground (low tide)
    edge = [(0, h * 0.7), (w * 0.3, h * 0.66), (w * 0.55, h * 0.7), (w * 0.8, h * 0.76),
            (w, h * 0.75)]
    d.polygon(edge + [(w, h), (0, h)], fill=(92, 80, 64))
    vgrad(img, (0, int(h * 0.8), w, h), (88, 76, 60), (70, 60, 48))
    d.polygon([(0, h * 0.7), (w * 0.3, h * 0.66), (w * 0.55, h * 0.7), (w * 0.8, h * 0.76),
               (w, h * 0.75), (w, h * 0.82), (0, h * 0.8)], fill=(96, 84, 66))
    d.line(edge, fill=(64, 54, 42), width=4)
    for _ in range(160):  # wet sheen, stones and weed in the mud
        x, y = rng.uniform(0, w), rng.uniform(h * 0.7, h)
        r = rng.uniform(1, 4) * (0.5 + (y - h * 0.7) / (h * 0.3))
        c = rng.choice([(70, 62, 50), (120, 112, 96), (66, 78, 50)])
        d.ellipse([x - r * 2, y - r, x + r * 2, y + r], fill=jit(c, rng, 8))
    # concrete river wall receding from the left foreground to the horizon
    wall = [(0, h * 0.12), (w * 0.5, hz - 8), (w * 0.5, hz + 14), (w * 0.3, h * 0.66),
            (0, h * 0.72)]
    d.polygon(wall, fill=(148, 144, 134))
    for i in range(1, 7):  # shuttering lines converge on the vanishing point
        t = i / 7
        d.line([(0, h * 0.12 + t * (h * 0.6)), (w * 0.5, hz - 8 + t * 22)],
               fill=(130, 126, 118), width=2)
    d.line([(0, h * 0.12), (w * 0.5, hz - 8)], fill=(176, 172, 164), width=6)
    d.polygon([(0, h * 0.6), (w * 0.3, h * 0.58), (w * 0.3, h * 0.66), (0, h * 0.72)],
              fill=(96, 104, 74))  # green tide line of weed
    # outfall pipe projecting from the wall
    cx, cy, r = w * 0.25, h * 0.42, h * 0.07
    d.polygon([(cx - 70, cy - r * 1.05), (cx, cy - r), (cx, cy + r), (cx - 70, cy + r * 1.15)],
              fill=(128, 126, 118))
    d.ellipse([cx - r * 0.6, cy - r, cx + r * 0.6, cy + r], fill=(162, 160, 150))
    d.ellipse([cx - r * 0.45, cy - r * 0.8, cx + r * 0.45, cy + r * 0.8], fill=(34, 30, 26))
    d.polygon([(cx - 70, cy + r), (cx, cy + r), (cx - 20, h * 0.6), (cx - 70, h * 0.62)],
              fill=(104, 78, 56))  # rust-brown stain below the pipe
    # discharge: a falling band of murky water landing in the river
    top, bot = [], []
    for i in range(41):
        t = i / 40
        xx = cx + r * 0.3 + t * w * 0.14
        yy = cy + r * 0.1 + t * t * (h * 0.62 - cy)
        thick = r * (0.75 - 0.25 * t)
        top.append((xx, yy - thick))
        bot.append((xx - 6 * t, yy + thick))
    d.polygon(top + bot[::-1], fill=(132, 112, 84))
    for i in range(20):
        j = rng.uniform(-0.6, 0.6)
        pts = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + j * (b[1] - a[1]) / 2)
               for a, b in zip(top, bot)]
        d.line(pts, fill=jit((168, 150, 120), rng, 14), width=1)
    fx, fy = top[-1][0], h * 0.62
    for _ in range(220):  # foam and spreading scum on the water
        a, rr = rng.uniform(0, math.tau), abs(rng.gauss(0, 30))
        x, y = fx + math.cos(a) * rr * 3.0, fy + math.sin(a) * rr * 0.45
        d.ellipse([x - 5, y - 2, x + 5, y + 2], fill=jit((200, 190, 164), rng, 12))
    return img


def library(aspect, rng):
    sky = (200, 212, 224)
    img, d, w, h = canvas(aspect, (120, 150, 190), sky, 0.75)
    brick, stone = (150, 66, 52), (214, 202, 178)
    x0, x1, top, base = int(w * 0.08), int(w * 0.92), int(h * 0.2), int(h * 0.78)
    # pediment, cornice and a small clock tower
    d.rectangle([w * 0.44, top - 130, w * 0.56, top], fill=brick)
    d.polygon([(w * 0.43, top - 130), (w * 0.5, top - 190), (w * 0.57, top - 130)],
              fill=(80, 88, 90))
    d.ellipse([w * 0.47, top - 110, w * 0.53, top - 110 + w * 0.06], fill=stone)
    d.polygon([(x0 + 40, top), (w * 0.5, top - 80), (x1 - 40, top)], fill=brick)
    d.polygon([(x0 + 80, top - 8), (w * 0.5, top - 64), (x1 - 80, top - 8)], fill=stone)
    d.polygon([(x0 + 110, top - 14), (w * 0.5, top - 52), (x1 - 110, top - 14)], fill=brick)
    d.rectangle([x0 - 12, top - 2, x1 + 12, top + 16], fill=stone)
    d.rectangle([x0, top + 16, x1, base], fill=brick)
    for y in range(top + 24, base, 7):  # brick courses
        d.line([(x0, y), (x1, y)], fill=(136, 58, 46), width=1)
    d.rectangle([x0, (top + base) // 2 - 6, x1, (top + base) // 2 + 4], fill=stone)
    # two floors of arched windows with stone surrounds
    cols, mid = 7, (top + base) // 2
    cw = (x1 - x0) / cols
    for row, (y0, y1) in enumerate([(top + 36, mid - 18), (mid + 20, base - 20)]):
        for c in range(cols):
            if row == 1 and c == 3:
                continue
            a, b = x0 + c * cw + cw * 0.24, x0 + (c + 1) * cw - cw * 0.24
            rad = (b - a) / 2
            d.ellipse([a - 6, y0 - 6, b + 6, y0 + 2 * rad + 6], fill=stone)
            d.rectangle([a - 6, y0 + rad, b + 6, y1 + 6], fill=stone)
            g = jit((52, 62, 72), rng, 6)
            d.ellipse([a, y0, b, y0 + 2 * rad], fill=g)
            d.rectangle([a, y0 + rad, b, y1], fill=g)
            d.line([(a + rad, y0), (a + rad, y1)], fill=stone, width=2)
            d.line([(a, y0 + rad + (y1 - y0) * 0.3), (b, y0 + rad + (y1 - y0) * 0.3)],
                   fill=stone, width=2)
            d.polygon([(a, y0 + rad), (a + rad, y0), (a + rad * 0.3, y0 + rad)],
                      fill=mix(g, sky, 0.35))
    # arched entrance with doors and a name band
    a, b = x0 + 3 * cw + cw * 0.12, x0 + 4 * cw - cw * 0.12
    rad = (b - a) / 2
    d.ellipse([a - 10, mid + 10, b + 10, mid + 10 + 2 * rad + 20], fill=stone)
    d.rectangle([a - 10, mid + 10 + rad, b + 10, base], fill=stone)
    d.ellipse([a, mid + 20, b, mid + 20 + 2 * rad], fill=(70, 44, 30))
    d.rectangle([a, mid + 20 + rad, b, base], fill=(70, 44, 30))
    d.line([(a + rad, mid + 20 + rad), (a + rad, base)], fill=(40, 26, 18), width=3)
    d.rectangle([x0 + cw * 2, top + 18, x0 + cw * 5, top + 32], fill=stone)
    for i in range(14):
        d.rectangle([x0 + cw * 2.2 + i * cw * 0.19, top + 21, x0 + cw * 2.2 + i * cw * 0.19
                     + cw * 0.12, top + 29], fill=(90, 80, 66))
    # steps, pavement and railings
    for i in range(5):
        inset = i * 16
        d.rectangle([a - 90 + inset - 60, base + i * 12, b + 90 - inset + 60, base + i * 12 + 12],
                    fill=mix((196, 190, 178), (150, 146, 138), i / 5))
    d.rectangle([0, base + 60, w, h], fill=(150, 148, 144))
    for x in list(range(x0, int(a - 150), 14)) + list(range(int(b + 160), x1, 14)):
        d.line([(x, base + 58), (x, base - 20)], fill=(30, 32, 30), width=2)
    d.line([(x0, base - 20), (a - 150, base - 20)], fill=(30, 32, 30), width=3)
    d.line([(b + 160, base - 20), (x1, base - 20)], fill=(30, 32, 30), width=3)
    # trees at the sides and two passers-by
    tree(d, 30, base + 60, 360, (74, 96, 58), rng)
    tree(d, w - 20, base + 60, 320, (70, 92, 56), rng)
    figure(d, w * 0.3, h * 0.93, 120, (44, 44, 50))
    figure(d, w * 0.75, h * 0.96, 130, (60, 50, 56))
    return img


def tram_route(aspect, rng):
    sky = (232, 150, 110)
    img, d, w, h = canvas(aspect, (40, 52, 90), sky, 0.55)
    hz = int(h * 0.55)
    # city skyline in layers, far ones paler
    for depth, col in ((0.55, (60, 60, 84)), (0.2, (40, 40, 58))):
        x = -20
        while x < w:
            bw, bh = rng.randint(50, 120), rng.randint(60, 220) * (1.3 - depth)
            facade(d, x, hz - bh, x + bw, hz + 5, haze(col, sky, depth * 0.6),
                   haze((30, 30, 44), sky, depth * 0.5), rng, cols=max(2, bw // 18),
                   rows=max(2, int(bh // 22)), lit=0.3 * (1 - depth))
            x += bw + rng.randint(0, 20)
    # street and platform
    vgrad(img, (0, hz, w, h), (52, 50, 58), (32, 32, 38))
    d.rectangle([0, h * 0.8, w, h * 0.86], fill=(110, 104, 100))
    d.rectangle([0, h * 0.86, w, h], fill=(64, 60, 62))
    for y in (h * 0.745, h * 0.77):  # rails
        d.line([(0, y), (w, y)], fill=(150, 140, 140), width=2)
    # overhead wires and poles
    wire_y = h * 0.77 - w * 0.72 * 0.16 * 1.7
    for x in (w * 0.06, w * 0.55, w * 0.98):
        d.line([(x, h * 0.86), (x, h * 0.3)], fill=(26, 26, 32), width=5)
        d.line([(x, h * 0.34), (x - w * 0.06, wire_y - 14)], fill=(26, 26, 32), width=2)
        d.line([(x, h * 0.4), (x - w * 0.06, wire_y)], fill=(26, 26, 32), width=2)
    d.line([(0, wire_y - 14), (w, wire_y - 14)], fill=(26, 26, 32), width=1)
    d.line([(0, wire_y), (w, wire_y)], fill=(26, 26, 32), width=2)
    # the tram
    tram(d, w * 0.12, h * 0.77, w * 0.72, (228, 228, 224), (40, 110, 120), (255, 220, 160), rng)
    glow(img, (w * 0.84, h * 0.72), 30, (255, 250, 220), 0.9)  # headlight
    # stop shelter and waiting figures
    d.rectangle([w * 0.03, h * 0.56, w * 0.2, h * 0.58], fill=(30, 30, 36))
    d.rectangle([w * 0.04, h * 0.58, w * 0.045, h * 0.86], fill=(30, 30, 36))
    d.rectangle([w * 0.185, h * 0.58, w * 0.19, h * 0.86], fill=(30, 30, 36))
    d.rectangle([w * 0.15, h * 0.6, w * 0.18, h * 0.76], fill=(220, 230, 235))
    glow(img, (w * 0.165, h * 0.68), 40, (200, 220, 255), 0.5)
    d = ImageDraw.Draw(img)
    for x, fh in ((w * 0.08, 170), (w * 0.12, 160), (w * 0.64, 180), (w * 0.7, 165)):
        figure(d, x, h * 0.9, fh, (22, 22, 28))
    return img


def school_meals(aspect, rng):
    img, d, w, h = canvas(aspect, (210, 206, 196), (210, 206, 196))
    cam = (w * 0.5, h * 0.42, w * 0.55)
    room(d, cam, 5.0, 1.6, -2.6, 0.6, 26, (150, 110, 76), (226, 224, 216),
         (226, 222, 206), (196, 206, 190), (206, 204, 190))
    for i in range(-10, 11):
        d.line([P(cam, i * 0.5, 1.6, 0.6), P(cam, i * 0.5, 1.6, 26)], fill=(136, 98, 66), width=1)
    # tall windows down the left wall, daylight spilling on the floor
    for z in range(2, 25, 3):
        rect3(d, cam, (-5, -2.1, z), (-5, 0.5, z + 1.8), (236, 242, 246))
        rect3(d, cam, (-5, -0.8, z), (-5, -0.75, z + 1.8), (150, 150, 146))
        quad(d, cam, [(-5, 1.6, z + 0.4), (-5, 1.6, z + 2.2), (-1.5, 1.6, z + 3.2),
                      (-1.5, 1.6, z + 1.4)], (172, 130, 92))
    # right wall: dado rail, serving hatch and a noticeboard
    rect3(d, cam, (5, 0.3, 0.6), (5, 1.6, 26), (120, 150, 140))
    rect3(d, cam, (5, -0.6, 5), (5, 0.3, 9), (70, 70, 66))
    rect3(d, cam, (5, -0.5, 5.3), (5, 0.3, 8.7), (190, 184, 170))
    rect3(d, cam, (5, -1.4, 12), (5, -0.3, 15), (176, 140, 96))
    for k in range(6):
        zz = 12.2 + k * 0.45
        quad(d, cam, [(5, -1.3 + (k % 2) * 0.1, zz), (5, -1.3, zz + 0.35),
                      (5, -0.8, zz + 0.35), (5, -0.8, zz)], rng.choice(
            [(230, 230, 220), (220, 190, 90), (120, 170, 210), (210, 120, 110)]))
    # ceiling strip lights
    for z in range(2, 26, 2):
        for x in (-2.2, 2.2):
            rect3(d, cam, (x - 0.15, -2.59, z), (x + 0.15, -2.59, z + 1.2), (252, 252, 244))
    # long tables with chairs, drawn far to near
    for z in range(24, 1, -3):
        for tx in (-2.6, 0.0, 2.6):
            for side in (-1, 1):
                for k in range(3):
                    cx = tx + side * 0.7
                    cz = z + 0.3 + k * 0.8
                    col = (60, 110, 160) if (k + side) % 2 else (200, 120, 50)
                    dark = mix(col, (0, 0, 0), 0.3)
                    for lz in (cz + 0.03, cz + 0.33):  # legs
                        for lx in (cx - 0.17, cx + 0.14):
                            cuboid(d, cam, lx, lx + 0.03, 1.1, 1.6, lz, lz + 0.03,
                                   (70, 70, 70), (70, 70, 70), (60, 60, 60))
                    cuboid(d, cam, cx - 0.2, cx + 0.2, 1.06, 1.11, cz, cz + 0.38, col, dark, dark)
                    bx = cx + side * 0.2
                    cuboid(d, cam, min(bx, bx + side * 0.05), max(bx, bx + side * 0.05),
                           0.6, 1.06, cz, cz + 0.38, col, dark, mix(col, (0, 0, 0), 0.15))
            cuboid(d, cam, tx - 0.5, tx + 0.5, 0.82, 0.88, z, z + 2.6,
                   (222, 220, 212), (150, 148, 140), (180, 178, 170))
            for lx in (tx - 0.45, tx + 0.4):
                cuboid(d, cam, lx, lx + 0.05, 0.88, 1.6, z + 0.1, z + 0.15,
                       (90, 90, 90), (90, 90, 90), (80, 80, 80))
            for k in range(3):  # lunch trays with plates
                for sd in (-1, 1):
                    if rng.random() < 0.7:
                        zz, xx = z + 0.35 + k * 0.8, tx + sd * 0.25
                        tray = rng.choice([(170, 60, 50), (60, 100, 140), (90, 130, 80)])
                        rect3(d, cam, (xx - 0.17, 0.819, zz), (xx + 0.17, 0.819, zz + 0.28), tray)
                        rect3(d, cam, (xx - 0.1, 0.818, zz + 0.05), (xx + 0.1, 0.818, zz + 0.22),
                              (246, 244, 236))
    return img


def care_home(aspect, rng):
    sky = (236, 160, 110)
    img, d, w, h = canvas(aspect, (50, 70, 120), sky, 0.62)
    hz = int(h * 0.62)
    for i in range(9):  # trees behind
        tree(d, rng.uniform(0, w), hz - 10, rng.uniform(110, 170), (40, 46, 52), rng)
    x0, x1, top = w * 0.1, w * 0.9, hz - int(h * 0.34)
    wall, roof = (196, 170, 140), (64, 56, 60)
    d.polygon([(x0 - 20, top), (x0 + 60, top - 70), (x1 - 60, top - 70), (x1 + 20, top)], fill=roof)
    d.rectangle([w * 0.3, top - 110, w * 0.32, top - 60], fill=(90, 70, 60))
    # dusk shading: the facade is lit by the last of the sky
    facade(d, x0, top, x1, hz + 10, mix(wall, (60, 60, 90), 0.45), (56, 60, 80), rng,
           cols=12, rows=2, lit=0.65, lit_col=(255, 214, 140), margin=0.22,
           sill=(150, 140, 130))
    # projecting entrance wing with glazed doors and a canopy
    ex0, ex1 = w * 0.44, w * 0.56
    d.rectangle([ex0, top - 20, ex1, hz + 10], fill=mix(wall, (60, 60, 90), 0.35))
    d.polygon([(ex0 - 10, top - 20), (w * 0.5, top - 70), (ex1 + 10, top - 20)], fill=roof)
    d.rectangle([ex0 + 20, hz - 80, ex1 - 20, hz + 10], fill=(255, 226, 170))
    d.line([(w * 0.5, hz - 80), (w * 0.5, hz + 10)], fill=(110, 100, 90), width=3)
    d.rectangle([ex0 - 20, hz - 92, ex1 + 20, hz - 82], fill=(50, 50, 56))
    glow(img, (w * 0.5, hz - 40), 90, (255, 210, 150), 0.45)
    for k in range(12):  # window light glows
        if rng.random() < 0.5:
            glow(img, (x0 + (k + 0.5) * (x1 - x0) / 12, top + (x1 - x0) * 0.0 + 60), 26,
                 (255, 200, 120), 0.25)
    d = ImageDraw.Draw(img)
    # car park
    vgrad(img, (0, hz + 10, w, h), (58, 58, 66), (34, 34, 40))
    for i in range(-8, 9):  # bay lines in perspective
        d.line([(w * 0.5 + i * 55, hz + 24), (w * 0.5 + i * 150, h)], fill=(200, 200, 196), width=2)
    d.line([(0, hz + 24), (w, hz + 24)], fill=(200, 200, 196), width=2)
    for i, cx in enumerate((-5, -3, -2, 1, 3, 4)):
        col = rng.choice([(120, 124, 132), (150, 40, 40), (40, 60, 100), (200, 200, 204),
                          (30, 32, 36)])
        car(d, w * 0.5 + (cx + 0.5) * 100, h * 0.9, 140, col, rng, lights=(i == 2))
    # lamp posts with pools of light
    for x in (w * 0.06, w * 0.94):
        d.line([(x, h * 0.98), (x, h * 0.4)], fill=(30, 30, 34), width=5)
        d.line([(x, h * 0.4), (x + (30 if x < w / 2 else -30), h * 0.4)], fill=(30, 30, 34),
               width=5)
        glow(img, (x + (30 if x < w / 2 else -30), h * 0.41), 60, (255, 220, 160), 0.7)
    return img


def care_corridor(aspect, rng):
    img, d, w, h = canvas(aspect, (200, 196, 186), (200, 196, 186))
    cam = (w * 0.5, h * 0.45, w * 0.7)
    room(d, cam, 1.2, 1.5, -1.1, 0.5, 30, (170, 150, 120), (236, 234, 226),
         (214, 204, 176), (204, 198, 180), (240, 244, 246))
    # end window
    rect3(d, cam, (-0.6, -0.7, 29.9), (0.6, 0.9, 29.9), (250, 252, 250))
    # floor: polished sheen stripe and tiles
    for z in (1, 1.5, 2, 3, 4, 5, 6.5, 8, 10, 12.5, 15, 19, 24):
        d.line([P(cam, -1.2, 1.5, z), P(cam, 1.2, 1.5, z)], fill=(156, 136, 108), width=1)
    rect3(d, cam, (-0.3, 1.5, 0.5), (0.3, 1.5, 30), (190, 174, 146))
    # doors on both walls, staggered, in muted colours
    colours = [(110, 140, 160), (150, 120, 90), (120, 150, 110), (170, 130, 120)]
    for i, z in enumerate((1.5, 4, 7, 10, 13.5, 17, 21, 25)):
        for side in (-1, 1):
            if (i + (side > 0)) % 2:
                continue
            X = side * 1.2
            col = colours[(i + side) % 4]
            rect3(d, cam, (X, -0.55, z - 0.06), (X, 1.5, z + 1.06), (236, 232, 222))
            rect3(d, cam, (X, -0.5, z), (X, 1.5, z + 1.0), col)
            rect3(d, cam, (X, -0.3, z + 0.7), (X, 0.2, z + 0.85), mix(col, (255, 255, 255), 0.5))
            rect3(d, cam, (X, 0.45, z + 0.12), (X, 0.5, z + 0.22), (200, 190, 150))
    # handrails on both sides and skirting
    for side in (-1, 1):
        X = side * 1.17
        rect3(d, cam, (X, 0.55, 0.5), (X, 0.6, 30), (150, 110, 70))
        rect3(d, cam, (side * 1.2, 1.38, 0.5), (side * 1.2, 1.5, 30), (120, 110, 100))
        for z in (0.8, 3, 6, 9, 12, 16, 20):
            d.line([P(cam, X, 0.6, z), P(cam, side * 1.2, 0.65, z)], fill=(120, 90, 60), width=2)
    # ceiling panels and lights
    for z in (1.5, 4, 7, 10, 14, 18, 23):
        rect3(d, cam, (-0.25, -1.09, z), (0.25, -1.09, z + 0.8), (255, 255, 248))
    # a resident with a walking frame far down the corridor
    fx, fy = P(cam, 0.35, 1.5, 11)
    figure(d, fx, fy, (P(cam, 0, 1.5, 11)[1] - P(cam, 0, -0.2, 11)[1]), (70, 74, 90))
    return img


def care_fees_chart(path, font_dir):
    """Newspaper bar chart, 1800x1200 PNG."""
    W, H = 1800, 1200
    img = Image.new("RGB", (W, H), (255, 255, 255))
    d = ImageDraw.Draw(img)
    bold = ImageFont.truetype(str(font_dir / "Lato-Bold.ttf"), 64)
    reg = ImageFont.truetype(str(font_dir / "Lato-Regular.ttf"), 44)
    small = ImageFont.truetype(str(font_dir / "Lato-Regular.ttf"), 36)
    lab = ImageFont.truetype(str(font_dir / "Lato-Bold.ttf"), 44)
    ink, grey = (30, 30, 34), (110, 112, 118)
    d.text((80, 60), "Weekly fee for a self-funded resident", font=bold, fill=ink)
    d.text((80, 150), "Average care-home fee, \u00a3 per week", font=reg, fill=grey)
    years = list(range(2019, 2027))
    values = [612, 648, 701, 779, 842, 905, 968, 1024]
    left, right, top, base = 200, 1720, 300, 1040
    vmax = 1200
    for v in range(0, vmax + 1, 200):
        y = base - (base - top) * v / vmax
        if v:
            d.line([(left, y), (right, y)], fill=(222, 224, 228), width=2)
        d.text((left - 24, y), f"{v:,}", font=small, fill=grey, anchor="rm")
    slot = (right - left) / len(years)
    for i, (yr, v) in enumerate(zip(years, values)):
        x0 = left + i * slot + slot * 0.16
        x1 = left + (i + 1) * slot - slot * 0.16
        y = base - (base - top) * v / vmax
        col = (36, 62, 96) if yr == 2026 else (128, 146, 166)
        d.rectangle([x0, y, x1, base], fill=col)
        d.text(((x0 + x1) / 2, y - 16), f"\u00a3{v:,}", font=lab if yr == 2026 else reg,
               fill=ink, anchor="ms")
        d.text(((x0 + x1) / 2, base + 20), str(yr), font=reg, fill=ink, anchor="mt")
    d.line([(left, base), (right, base)], fill=ink, width=4)
    d.text((80, H - 60), "Figures for the sample issue; not real data", font=small,
           fill=grey, anchor="ls")
    img.save(path, "PNG", optimize=True)


def market_hall(aspect, rng):
    img, d, w, h = canvas(aspect, (60, 56, 54), (60, 56, 54))
    cam = (w * 0.5, h * 0.55, w * 0.5)
    half, floor_y, eave = 4.0, 1.6, -1.6
    room(d, cam, half, floor_y, eave, 0.6, 40, (120, 112, 100), (60, 56, 54),
         (150, 140, 120), (150, 140, 120), (170, 172, 168))
    # end wall: big lunette window under the arch
    far = 40
    arc = [P(cam, half * math.cos(t), eave - 3.2 * math.sin(t), far)
           for t in [math.pi * i / 24 for i in range(25)]]
    d.polygon(arc, fill=(226, 232, 236))
    # glazed barrel roof: pale glass between dark iron ribs
    ribs = [z for z in (0.6, 1.5, 2.5, 3.5, 5, 6.5, 8.5, 11, 14, 18, 23, 30, 40)]
    for z0, z1 in zip(ribs[1:][::-1], ribs[:-1][::-1]):
        for i in range(12):
            t0, t1 = math.pi * i / 12, math.pi * (i + 1) / 12
            pts = [(half * math.cos(t0), eave - 3.2 * math.sin(t0), z0),
                   (half * math.cos(t1), eave - 3.2 * math.sin(t1), z0),
                   (half * math.cos(t1), eave - 3.2 * math.sin(t1), z1),
                   (half * math.cos(t0), eave - 3.2 * math.sin(t0), z1)]
            shade = 0.15 + 0.25 * abs(i - 5.5) / 6
            quad(d, cam, pts, mix((222, 230, 236), (120, 130, 140), shade), outline=(46, 50, 54))
    iron = (40, 46, 50)
    for z in ribs[1:-1]:
        pts = [P(cam, half * math.cos(t), eave - 3.2 * math.sin(t), z)
               for t in [math.pi * i / 24 for i in range(25)]]
        d.line(pts, fill=iron, width=max(2, int(60 / z)))
    # stalls under striped awnings along both sides, far to near
    for z in (30, 24, 19, 15, 12, 9.5, 7.5, 5.5, 3.8):
        for side in (-1, 1):
            x0, x1 = (-half, -1.4) if side < 0 else (1.4, half)
            cuboid(d, cam, x0, x1, 0.7, 1.6, z, z + 2.2, (170, 130, 90), (120, 90, 64),
                   (140, 104, 70))
            for k in range(4):  # produce in crates
                c = rng.choice([(200, 60, 40), (230, 160, 40), (90, 140, 60), (220, 200, 120)])
                zz = z + 0.1 + k * 0.5
                cuboid(d, cam, x0 + 0.2 if side < 0 else x1 - 1.0,
                       x0 + 1.0 if side < 0 else x1 - 0.2, 0.58, 0.7, zz, zz + 0.4,
                       c, mix(c, (0, 0, 0), 0.3), mix(c, (0, 0, 0), 0.2))
            stripe = rng.choice([(170, 40, 40), (40, 90, 60), (40, 70, 130)])
            for k in range(6):
                a, b = x0 + (x1 - x0) * k / 6, x0 + (x1 - x0) * (k + 1) / 6
                quad(d, cam, [(a, -0.6, z), (b, -0.6, z), (b, -0.2, z - 0.4), (a, -0.2, z - 0.4)],
                     stripe if k % 2 else (236, 230, 216))
            pole = x1 - 0.05 if side < 0 else x0
            cuboid(d, cam, pole, pole + 0.05, -0.6, 1.6, z - 0.35, z - 0.3, iron, iron, iron)
    # cast-iron columns carrying the roof
    for z in ribs[2:-1]:
        for side in (-1, 1):
            X = side * (half - 0.1)
            cuboid(d, cam, X - 0.08, X + 0.08, eave, floor_y, z, z + 0.12, iron, iron, iron)
    # shoppers in the aisle
    for z, X in ((22, -0.4), (17, 0.5), (13, -0.7), (10, 0.3), (7.5, 0.9), (6, -0.8)):
        fx, fy = P(cam, X, floor_y, z)
        figure(d, fx, fy, cam[2] * 1.7 / z, jit((40, 36, 38), rng, 6), rng)
    return img


def cycle_lane(aspect, rng):
    sky = (200, 214, 226)
    img, d, w, h = canvas(aspect, (140, 170, 205), sky, 0.5)
    cam = (w * 0.7, h * 0.45, w * 0.6)
    G = 1.6  # camera height above the road
    # buildings along both sides, paler with distance
    for side in (-1, 1):
        z = 4.0
        while z < 120:
            L = rng.uniform(6, 12)
            top = -rng.uniform(8, 16)
            X = side * 11
            col = haze(jit(rng.choice([(150, 100, 80), (180, 170, 150), (120, 110, 110)]), rng),
                       sky, min(0.7, z / 150))
            rect3(d, cam, (X, top, z), (X, G, z + L), col)
            for fl in range(int(-top // 3)):
                for k in range(int(L // 2.5)):
                    wz = z + 0.6 + k * 2.5
                    y0 = top + 1 + fl * 3
                    rect3(d, cam, (X, y0, wz), (X, y0 + 1.6, wz + 1.2),
                          haze((60, 70, 84), sky, min(0.6, z / 150)))
            z += L + rng.choice([0, 0, 3])
    # road, pavements, kerbs
    rect3(d, cam, (-11, G, 1), (11, G, 200), (150, 150, 150))
    rect3(d, cam, (-6.2, G, 1), (6.2, G, 200), (86, 88, 92))
    rect3(d, cam, (-6.2, G, 1), (-4.2, G, 200), (150, 80, 70))
    for x in (-4.0, 0):  # kerb separating the cycle lane, centre line dashes
        rect3(d, cam, (x - 0.2, G - 0.1, 1), (x + 0.2, G - 0.1, 200),
              (200, 200, 196) if x else (170, 170, 166))
    for z in range(3, 200, 6):
        rect3(d, cam, (-0.1, G, z), (0.1, G, z + 3), (230, 230, 226))
    for z in (8, 24):  # painted bicycle symbol in the lane
        bx, by = P(cam, -5.2, G, z)
        r = cam[2] * 0.25 / z
        for dx in (-r * 1.2, r * 1.2):
            d.ellipse([bx + dx - r, by - r * 0.35, bx + dx + r, by + r * 0.35],
                      outline=(236, 236, 232), width=max(2, int(r * 0.15)))
    # bollards (wands) on the kerb
    for z in range(2, 80, 3):
        p0, p1 = P(cam, -4.0, G - 0.1, z), P(cam, -4.0, G - 1.0, z)
        bw = max(1, int(cam[2] * 0.12 / z))
        d.line([p0, p1], fill=(240, 240, 236), width=bw)
        d.line([p1, P(cam, -4.0, G - 0.85, z)], fill=(200, 40, 40), width=bw)
    # street trees, traffic and the cyclist
    for z in (6, 14, 24, 40):
        tx, ty = P(cam, 8.5, G, z)
        tree(d, tx, ty, cam[2] * 7 / z, haze((70, 100, 60), sky, z / 120), rng)
    cx, cy = P(cam, 3, G, 30)
    car(d, cx, cy, cam[2] * 2.0 / 30, (60, 70, 90), rng)
    cx, cy = P(cam, 2.4, G, 14)
    car(d, cx, cy, cam[2] * 2.0 / 14, (190, 190, 196), rng)
    cx, cy = P(cam, -5.0, G, 7)
    cyclist(d, cx, cy, cam[2] * 1.75 / 6, (26, 28, 34))
    return img


def housing_estate(aspect, rng):
    sky = (222, 226, 228)
    img, d, w, h = canvas(aspect, (170, 186, 200), sky, 0.86)
    gy = int(h * 0.84)
    # three tower blocks, the far one paler
    for bx, bw, bh, depth in ((w * 0.62, 150, 500, 0.35), (w * 0.16, 170, 560, 0.15),
                              (w * 0.42, 180, 600, 0.0)):
        wall = haze((176, 170, 160), sky, depth)
        side = haze((132, 128, 124), sky, depth)
        d.polygon([(bx + bw, gy - bh), (bx + bw + 50, gy - bh + 14), (bx + bw + 50, gy),
                   (bx + bw, gy)], fill=side)
        facade(d, bx, gy - bh, bx + bw, gy, wall, haze((70, 80, 92), sky, depth), rng,
               cols=6, rows=int(bh // 30), lit=0.05, margin=0.2)
        for r in range(int(bh // 30)):  # balcony bands
            y = gy - bh + r * 30 + 26
            d.line([(bx, y), (bx + bw, y)], fill=haze((210, 204, 196), sky, depth), width=3)
        d.rectangle([bx - 4, gy - bh - 22, bx + bw * 0.4, gy - bh], fill=side)
    # low-rise terraces and maisonettes in front
    terrace(d, -10, w + 10, int(h * 0.86), 60, rng, sky, 0.0)
    vgrad(img, (0, int(h * 0.86), w, h), (100, 130, 80), (80, 110, 64))
    for x in range(-20, w, 160):
        tree(d, x + rng.uniform(0, 60), h * 0.98, rng.uniform(120, 180), (64, 92, 54), rng)
    d.rectangle([0, h * 0.965, w, h], fill=(120, 120, 118))
    return img


def shipyard_cranes(aspect, rng):
    sky = (240, 170, 110)
    img, d, w, h = canvas(aspect, (70, 80, 120), sky, 0.6)
    hz = int(h * 0.6)
    glow(img, (w * 0.7, hz - 40), 160, (255, 190, 120), 0.5)
    d = ImageDraw.Draw(img)
    d.ellipse([w * 0.7 - 28, hz - 68, w * 0.7 + 28, hz - 12], fill=(255, 220, 170))
    far = haze((60, 50, 60), sky, 0.55)  # far shore hills
    d.polygon([(0, hz - 30), (w * 0.3, hz - 50), (w * 0.6, hz - 26), (w, hz - 44), (w, hz),
               (0, hz)], fill=far)
    sil = (28, 26, 34)
    # two gantry cranes straddling a slipway, and level-luffing jib cranes
    for gx, gw, gh in ((w * 0.14, 230, 330), (w * 0.46, 200, 300)):
        for lx in (gx, gx + gw):
            d.polygon([(lx - 14, hz + 12), (lx + 14, hz + 12), (lx + 6, hz - gh),
                       (lx - 6, hz - gh)], fill=sil)
        d.rectangle([gx - 40, hz - gh - 30, gx + gw + 40, hz - gh], fill=sil)
        d.rectangle([gx + gw * 0.4, hz - gh, gx + gw * 0.55, hz - gh + 24], fill=sil)
        d.line([(gx + gw * 0.48, hz - gh + 24), (gx + gw * 0.48, hz - gh * 0.45)], fill=sil,
               width=2)
    for cx, ch in ((w * 0.78, 250), (w * 0.9, 200), (w * 0.04, 180)):
        crane(d, cx, hz + 10, ch, sil, jib=0.9, lw=3)
    # a hull on the slipway and the quay
    d.polygon([(w * 0.1, hz - 100), (w * 0.36, hz - 120), (w * 0.45, hz - 150),
               (w * 0.4, hz - 40), (w * 0.12, hz + 8)], fill=(34, 32, 40))  # bow to the right
    d.rectangle([w * 0.22, hz - 140, w * 0.3, hz - 100], fill=(34, 32, 40))
    d.rectangle([0, hz, w, hz + 14], fill=sil)
    water(img, hz + 14, (170, 120, 100), (50, 50, 70), rng, stripes=260, reflect=0.55,
          light=(250, 200, 150), dark=(40, 40, 56))
    for i in range(18):  # quay lights
        glow(img, (rng.uniform(0, w), hz + rng.uniform(-10, 6)), 8, (255, 210, 140), 1.0)
    return img


def shipyard_gates(aspect, rng):
    img, d, w, h = canvas(aspect, (200, 200, 200), (170, 170, 170), 0.5)
    img = img.convert("L")
    d = ImageDraw.Draw(img)
    gy = int(h * 0.62)
    d.rectangle([0, gy, w, h], fill=130)
    for x, bw, bh in ((w * 0.62, 200, 220), (w * 0.8, 160, 160)):  # sheds behind the wall
        d.rectangle([x, gy - bh, x + bw, gy], fill=150)
    crane(d, w * 0.7, gy - 80, 300, 110, lw=4)
    d.rectangle([0, gy - 160, w, gy], fill=118)  # yard wall
    for x in range(0, w, 36):
        d.line([(x, gy - 160), (x, gy)], fill=108, width=1)
    for px in (w * 0.28, w * 0.72):  # stone gate piers, arched sign between
        d.rectangle([px - 40, gy - 300, px + 40, gy + 20], fill=90)
        d.rectangle([px - 50, gy - 320, px + 50, gy - 296], fill=70)
    d.arc([w * 0.28, gy - 400, w * 0.72, gy - 180], 180, 360, fill=40, width=10)
    d.rectangle([w * 0.36, gy - 370, w * 0.64, gy - 320], fill=40)
    for k in range(12):
        d.rectangle([w * 0.38 + k * 24, gy - 360, w * 0.38 + k * 24 + 14, gy - 332], fill=200)
    for x in range(int(w * 0.28) + 46, int(w * 0.72) - 40, 22):  # iron gates, open
        d.line([(x, gy - 250), (x, gy)], fill=55, width=4)
    # the crowd: rows of workers in caps, nearer rows larger and darker
    for row in range(9):
        t = row / 8
        y, fh = gy + 20 + t * (h - gy + 120), 150 + t * 230
        for _ in range(int(30 - 14 * t)):
            x = rng.uniform(-40, w + 40)
            c = int(105 - 75 * t + rng.uniform(-10, 10))
            figure(d, x, y, fh, c, rng, lean=rng.uniform(-0.03, 0.03), arms=rng.random() < 0.06)
            d.ellipse([x - fh * 0.075, y - fh * 1.01, x + fh * 0.075, y - fh * 0.95], fill=c)
            d.rectangle([x - fh * 0.02, y - fh * 0.965, x + fh * 0.11, y - fh * 0.95], fill=c)
            if t > 0.4:  # faces of the nearer men, lit from above
                d.ellipse([x - fh * 0.04, y - fh * 0.95, x + fh * 0.04, y - fh * 0.875],
                          fill=min(255, c + 28))
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    d = ImageDraw.Draw(img)
    for _ in range(9):  # scratches and dust
        x, y = rng.uniform(0, w), rng.uniform(0, h * 0.6)
        d.line([(x, y), (x + rng.uniform(-4, 4), y + rng.uniform(80, 400))],
               fill=rng.choice([190, 60]), width=1)
    for _ in range(70):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.4, 1.6)
        d.ellipse([x - r, y - r, x + r, y + r], fill=rng.choice([215, 30]))
    return ImageOps.colorize(img, (38, 26, 16), (238, 222, 190))


def allotment(aspect, rng):
    sky = (214, 222, 228)
    img, d, w, h = canvas(aspect, (150, 176, 206), sky, 0.42)
    hz = int(h * 0.42)
    for i in range(14):  # hedge and trees behind, slightly hazy
        tree(d, i * w / 13 + rng.uniform(-20, 20), hz + 20, rng.uniform(120, 200),
             haze((70, 94, 60), sky, 0.3), rng)
    d.rectangle([0, hz, w, h], fill=(96, 126, 70))
    cam = (w * 0.5, hz, w * 0.7)
    for X0, X1, kind in ((-8, -3.2, "beds"), (-3, -1.2, "path"), (-1.0, 4, "beds"),
                         (4.2, 10, "beds")):
        if kind == "path":
            rect3(d, cam, (X0, 1.6, 1), (X1, 1.6, 60), (150, 160, 110))
            continue
        rect3(d, cam, (X0, 1.6, 1), (X1, 1.6, 60), (104, 80, 58))
        for z in (3.2, 4.6, 6.3, 8.5, 11, 14, 18, 24, 32, 44):  # rows of crops
            c = rng.choice([(80, 130, 60), (100, 150, 70), (60, 110, 70), (104, 80, 58)])
            for k in range(int((X1 - X0) * 2)):
                px, py = P(cam, X0 + 0.25 + k * 0.5, 1.6, z)
                r = cam[2] * 0.22 / z
                d.ellipse([px - r, py - r * 1.3, px + r, py + r * 0.3], fill=jit(c, rng, 10))
    # shed at right with felt roof, door and window
    sx, sy = w * 0.66, h * 0.66
    d.polygon([(sx - 10, sy - 170), (sx + 130, sy - 230), (sx + 270, sy - 170)], fill=(50, 52, 54))
    d.rectangle([sx, sy - 170, sx + 260, sy], fill=(118, 88, 60))
    for x in range(int(sx), int(sx + 260), 14):
        d.line([(x, sy - 170), (x, sy)], fill=(96, 70, 48), width=2)
    d.rectangle([sx + 30, sy - 130, sx + 100, sy], fill=(70, 90, 80))
    d.rectangle([sx + 150, sy - 130, sx + 230, sy - 80], fill=(180, 196, 200))
    d.rectangle([sx + 150, sy - 130, sx + 230, sy - 80], outline=(240, 236, 220), width=4)
    # water butt: dark green barrel with a lid and a tap
    bx, by = sx - 60, sy
    d.rounded_rectangle([bx - 40, by - 120, bx + 40, by], radius=12, fill=(40, 64, 48))
    d.ellipse([bx - 42, by - 132, bx + 42, by - 110], fill=(30, 48, 36))
    for y in (by - 90, by - 40):
        d.line([(bx - 40, y), (bx + 40, y)], fill=(56, 84, 64), width=3)
    d.line([(sx, sy - 170), (bx + 10, by - 128)], fill=(60, 60, 62), width=5)  # downpipe
    # bean-pole wigwams in the left plot, draped with runner beans
    for bx, by, bh in ((w * 0.16, h * 0.82, 330), (w * 0.33, h * 0.66, 220),
                       (w * 0.43, h * 0.58, 150)):
        apex = (bx, by - bh)
        for k in range(5):
            foot = (bx - bh * 0.25 + k * bh * 0.125, by + (k % 2) * 6)
            d.line([foot, (apex[0], apex[1] - bh * 0.06)], fill=(170, 140, 90), width=3)
            for j in range(10):
                t = rng.uniform(0.1, 0.9)
                lx, ly = foot[0] + (apex[0] - foot[0]) * t, foot[1] + (apex[1] - foot[1]) * t
                r = bh * 0.03
                d.ellipse([lx - r, ly - r, lx + r, ly + r], fill=jit((60, 120, 50), rng, 14))
                if rng.random() < 0.15:
                    d.ellipse([lx - 3, ly - 3, lx + 3, ly + 3], fill=(220, 60, 40))
    return img


def theatre_stage(aspect, rng):
    img, d, w, h = canvas(aspect, (14, 12, 16), (14, 12, 16))
    st = int(h * 0.62)  # stage front edge
    d.rectangle([w * 0.1, h * 0.1, w * 0.9, st], fill=(26, 22, 26))  # stage opening
    d.polygon([(w * 0.1, st), (w * 0.9, st), (w * 0.96, st + 40), (w * 0.04, st + 40)],
              fill=(60, 42, 30))
    for i in range(16):  # floorboards
        x = w * 0.1 + i * w * 0.8 / 15
        d.line([(x, st - 4), (w * 0.5 + (x - w * 0.5) * 1.15, st + 40)], fill=(48, 34, 24), width=1)
    # spotlight beam and pool of light
    beam = Image.new("RGB", img.size, (0, 0, 0))
    ImageDraw.Draw(beam).polygon([(w * 0.56, 0), (w * 0.62, 0), (w * 0.62, st - 20),
                                  (w * 0.38, st - 20)], fill=(70, 66, 56))
    img.paste(ImageChops.add(img, beam.filter(ImageFilter.GaussianBlur(18))))
    d = ImageDraw.Draw(img)
    d.ellipse([w * 0.36, st - 50, w * 0.64, st + 10], fill=(236, 214, 170))
    glow(img, (w * 0.5, st - 20), 200, (255, 230, 180), 0.35)
    d = ImageDraw.Draw(img)
    figure(d, w * 0.45, st - 18, 250, (30, 22, 24), rng, lean=0.02)
    figure(d, w * 0.55, st - 22, 230, (60, 24, 30), rng, arms=True)
    # red velvet curtains with folds, and the proscenium arch
    for side in (-1, 1):
        x0 = w * 0.1 if side < 0 else w * 0.78
        for k in range(8):
            c = (120, 20, 28) if k % 2 else (90, 12, 20)
            xx = x0 + k * w * 0.015
            d.polygon([(xx, h * 0.1), (xx + w * 0.015, h * 0.1), (xx + w * 0.015 + side * 8, st),
                       (xx + side * 8, st)], fill=c)
    for k in range(6):
        d.rectangle([w * 0.1, h * 0.1 + k * 12, w * 0.9, h * 0.1 + k * 12 + 12],
                    fill=(110 - k * 6, 16, 24))
    d.rectangle([0, 0, w, h * 0.1], fill=(70, 50, 36))
    d.rectangle([0, 0, w * 0.1, st + 40], fill=(70, 50, 36))
    d.rectangle([w * 0.9, 0, w, st + 40], fill=(70, 50, 36))
    d.line([(w * 0.1, h * 0.1), (w * 0.9, h * 0.1)], fill=(170, 140, 80), width=5)
    # dark rows of seats in the foreground, catching a little light on their tops
    for row in range(5):
        y = st + 70 + row * 70
        size = 60 + row * 14
        for k in range(-1, int(w / size) + 2):
            x = k * size + (row % 2) * size / 2
            d.rounded_rectangle([x + 4, y, x + size - 4, y + size * 1.2], radius=int(size * 0.25),
                                fill=(30, 16, 20))
            d.arc([x + 4, y, x + size - 4, y + size * 0.6], 200, 340, fill=(90, 40, 44), width=2)
    return img


def folk_festival(aspect, rng):
    sky = (230, 150, 120)
    img, d, w, h = canvas(aspect, (40, 50, 90), sky, 0.6)
    hz = int(h * 0.6)
    for i in range(12):
        tree(d, i * w / 11 + rng.uniform(-30, 30), hz + 10, rng.uniform(120, 190), (34, 36, 46),
             rng)
    vgrad(img, (0, hz, w, h), (54, 66, 50), (30, 38, 30))
    # marquee: two peaks, scalloped valance, glowing from inside
    x0, x1, eave, base = w * 0.18, w * 0.82, hz - 120, hz + 60
    canvas_col, lit = (226, 214, 190), (255, 214, 150)
    for px in (w * 0.36, w * 0.64):
        d.polygon([(px - w * 0.2, eave), (px, eave - 170), (px + w * 0.2, eave)], fill=canvas_col)
        d.line([(px, eave - 170), (px, eave - 200)], fill=(60, 60, 60), width=3)
        d.polygon([(px, eave - 200), (px + 30, eave - 192), (px, eave - 184)], fill=(200, 60, 50))
    d.rectangle([x0, eave, x1, base], fill=mix(canvas_col, (120, 110, 100), 0.3))
    d.rectangle([w * 0.38, eave + 40, w * 0.62, base], fill=lit)  # open front
    for k in range(int((x1 - x0) // 40)):
        cx = x0 + 20 + k * 40
        d.pieslice([cx - 20, eave - 14, cx + 20, eave + 22], 0, 180, fill=canvas_col)
    glow(img, (w * 0.5, hz), 240, (255, 190, 110), 0.45)
    d = ImageDraw.Draw(img)
    for k in range(5):  # band on stage inside
        figure(d, w * 0.42 + k * w * 0.04, base - 4, 110, (70, 40, 30), rng)
    # bunting and fairy lights from the marquee to poles
    flags = [(200, 50, 50), (240, 200, 60), (50, 110, 170), (60, 140, 80), (230, 230, 220)]
    for p0, p1 in (((0, hz - 200), (x0, eave)), ((x1, eave), (w, hz - 210))):
        bunting(d, p0, p1, 50, flags, rng, n=12, size=14)
    bulbs = []
    for p0, p1 in (((0, hz - 260), (w * 0.36, eave - 170)), ((w * 0.64, eave - 170), (w, hz - 270)),
                   ((w * 0.36, eave - 170), (w * 0.64, eave - 170))):
        for i in range(25):
            t = i / 24
            bulbs.append((p0[0] + (p1[0] - p0[0]) * t,
                          p0[1] + (p1[1] - p0[1]) * t + 60 * 4 * t * (1 - t)))
    for k in range(3):
        d.line(bulbs[k * 25:k * 25 + 25], fill=(30, 30, 30), width=1)
    for x, y in bulbs:
        glow(img, (x, y), 6, (255, 220, 150), 0.5)
    d = ImageDraw.Draw(img)
    for x, y in bulbs:
        d.ellipse([x - 2, y - 2, x + 2, y + 2], fill=(255, 250, 220))
    # the crowd in silhouette, some arms raised
    for row in range(3):
        for _ in range(14 - row * 3):
            x = rng.uniform(0, w)
            figure(d, x, h * (0.84 + row * 0.08), 180 + row * 70, jit((18, 18, 24), rng, 4), rng,
                   lean=rng.uniform(-0.04, 0.04), arms=rng.random() < 0.25)
    return img


def lifeboat(aspect, rng):
    sky = (196, 202, 206)
    img, d, w, h = canvas(aspect, (140, 150, 160), sky, 0.42)
    hz = int(h * 0.42)
    d.polygon([(w * 0.45, hz), (w * 0.6, hz - 90), (w * 0.8, hz - 120), (w, hz - 110), (w, hz)],
              fill=haze((70, 84, 66), sky, 0.45))  # headland
    d.polygon([(w * 0.45, hz), (w * 0.6, hz - 90), (w * 0.62, hz - 60), (w * 0.55, hz)],
              fill=haze((110, 104, 96), sky, 0.45))  # cliff face
    d.rectangle([w * 0.84, hz - 150, w * 0.855, hz - 118], fill=haze((230, 230, 226), sky, 0.3))
    water(img, hz, (120, 130, 134), (72, 82, 88), rng, stripes=500,
          light=(160, 168, 170), dark=(60, 68, 74))
    d = ImageDraw.Draw(img)
    for _ in range(160):  # white caps
        x, y = rng.uniform(0, w), rng.uniform(hz, h)
        ln = 6 + 30 * (y - hz) / (h - hz)
        d.line([(x, y), (x + ln, y - 2)], fill=(214, 220, 220), width=2)
    # inshore lifeboat: navy hull, orange sponson, console and crew, bow to the right
    bx, by, L = w * 0.26, h * 0.74, w * 0.46
    for _ in range(120):  # wake behind
        t = rng.random()
        x, y = bx - t * w * 0.3, by + rng.gauss(0, 8 + 30 * t)
        d.ellipse([x - 10, y - 3, x + 10, y + 3], fill=jit((226, 230, 230), rng, 10))
    d.polygon([(bx, by - 60), (bx + L, by - 80), (bx + L * 0.9, by), (bx + 10, by)],
              fill=(30, 40, 70))
    d.rounded_rectangle([bx - 10, by - 90, bx + L * 0.98, by - 52], radius=19, fill=(230, 100, 30))
    d.line([(bx, by - 80), (bx + L * 0.96, by - 82)], fill=(250, 150, 70), width=4)
    d.line([(bx + L * 0.2, by - 71), (bx + L * 0.7, by - 71)], fill=(30, 40, 70), width=6)
    d.rectangle([bx + L * 0.44, by - 150, bx + L * 0.6, by - 88], fill=(36, 44, 70))
    d.rectangle([bx + L * 0.46, by - 172, bx + L * 0.58, by - 150], fill=(160, 180, 190))
    d.line([(bx + L * 0.36, by - 88), (bx + L * 0.36, by - 260)], fill=(40, 40, 50), width=4)
    d.rectangle([bx + L * 0.33, by - 264, bx + L * 0.39, by - 252], fill=(40, 60, 140))
    for k, cx in enumerate((0.2, 0.3, 0.68)):  # crew in orange with yellow helmets
        x = bx + L * cx
        figure(d, x, by - 80, 120, (230, 110, 40), rng, lean=0.06)
        d.ellipse([x - 8 + 7, by - 202, x + 11 + 7, by - 184], fill=(240, 210, 40))
    # bow spray
    for _ in range(260):
        a = rng.uniform(-2.6, -0.4)
        r = abs(rng.gauss(0, 70))
        x, y = bx + L * 0.92 + math.cos(a) * r, by - 30 + math.sin(a) * r * 0.8
        rr = rng.uniform(2, 7)
        d.ellipse([x - rr, y - rr, x + rr, y + rr], fill=jit((236, 240, 240), rng, 8))
    return img


def rugby(aspect, rng):
    img, d, w, h = canvas(aspect, (8, 10, 20), (30, 34, 50), 0.5)
    hz = int(h * 0.5)
    d.rectangle([0, hz - 30, w, hz], fill=(20, 22, 26))  # clubhouse and stand silhouette
    d.rectangle([w * 0.3, hz - 70, w * 0.5, hz], fill=(20, 22, 26))
    for k in range(6):
        d.rectangle([w * 0.31 + k * 38, hz - 50, w * 0.31 + k * 38 + 20, hz - 36],
                    fill=(220, 190, 120))
    cam = (w * 0.5, hz, w * 0.6)
    rect3(d, cam, (-40, 1.7, 1.5), (40, 1.7, 120), (54, 104, 52))
    for k in range(-8, 9, 2):  # mown stripes
        rect3(d, cam, (k * 5, 1.7, 1.5), (k * 5 + 5, 1.7, 120), (62, 116, 58))
    for z in (12, 30, 60):  # pitch markings
        d.line([P(cam, -40, 1.7, z), P(cam, 40, 1.7, z)], fill=(220, 230, 220), width=2)
    for x in (-34, 34):
        d.line([P(cam, x, 1.7, 1.5), P(cam, x, 1.7, 120)], fill=(220, 230, 220), width=2)
    # H-shaped posts at the far try line, padded at the base
    for X in (-2.8, 2.8):
        d.line([P(cam, X, 1.7, 40), P(cam, X, -12, 40)], fill=(240, 240, 240), width=6)
        d.rectangle([P(cam, X - 0.5, -0.3, 40), P(cam, X + 0.5, 1.7, 40)], fill=(40, 80, 160))
    d.line([P(cam, -2.8, -1.3, 40), P(cam, 2.8, -1.3, 40)], fill=(240, 240, 240), width=6)
    # floodlights down both touchlines
    for X in (-30, 30):
        for z in (24, 50, 100):
            bx, by = P(cam, X, 1.7, z)
            floodlight(img, bx, by, cam[2] * 18 / z, (60, 60, 66))
    d = ImageDraw.Draw(img)
    # players: a ruck in mid-field, a runner with the ball in front
    kit = [(150, 30, 40), (28, 36, 80)]
    spots = [(22, -3, 0), (23, 3, 1), (21.5, -7, 1), (20, 6, 0)]
    spots += [(16 + rng.uniform(-0.4, 0.4), -3.2 + k * 0.8, k % 2) for k in range(7)]
    spots += [(12, -6, 1), (11, 5, 1), (7.5, 1.5, 0)]
    for z, X, team in sorted(spots, reverse=True):
        x, y = P(cam, X, 1.7, z)
        figure(d, x, y, cam[2] * 1.85 / z, kit[team], rng, lean=rng.uniform(-0.12, 0.12),
               stride=rng.uniform(0, 0.1), arms=rng.random() < 0.2)
    x, y = P(cam, 1.5, 1.7, 7.5)
    fh = cam[2] * 1.85 / 7.5
    d.ellipse([x + fh * 0.08, y - fh * 0.6, x + fh * 0.22, y - fh * 0.51], fill=(236, 232, 220))
    return img


def swimming(aspect, rng):
    img, d, w, h = canvas(aspect, (200, 210, 214), (200, 210, 214))
    cam = (w * 0.5, h * 0.4, w * 0.55)
    room(d, cam, 9, 1.9, -5, 0.8, 34, (210, 216, 214), (190, 196, 200), (196, 214, 216),
         (196, 214, 216), (214, 224, 226))
    for X in (-9, 9):  # wall tiles
        for y in range(-5, 2):
            d.line([P(cam, X, y, 0.8), P(cam, X, y, 34)], fill=(176, 196, 200), width=1)
        for z in range(2, 34, 2):
            d.line([P(cam, X, -5, z), P(cam, X, 1.9, z)], fill=(176, 196, 200), width=1)
    for z in range(3, 32, 5):  # high windows and roof lights
        rect3(d, cam, (-9, -4.6, z), (-9, -2.8, z + 3), (236, 244, 248))
        rect3(d, cam, (-1, -4.99, z), (1, -4.99, z + 3), (250, 252, 252))
    rect3(d, cam, (-6, 1.6, 1.2), (6, 1.6, 33), (60, 150, 180))  # water
    rect3(d, cam, (-6, 1.6, 1.2), (6, 1.9, 1.2), (230, 236, 236))
    for k in range(6):  # lane lines on the pool floor, blurred by the water
        X = -5 + k * 2 + 1
        rect3(d, cam, (X - 0.12, 1.6, 2), (X + 0.12, 1.6, 31), (40, 110, 150))
    for _ in range(300):  # ripples of light on the surface
        X, z = rng.uniform(-6, 6), rng.uniform(1.5, 32)
        a, b = P(cam, X, 1.6, z), P(cam, X + rng.uniform(0.3, 1.0), 1.6, z)
        d.line([a, b], fill=rng.choice([(130, 200, 220), (40, 120, 160)]),
               width=max(1, int(14 / z)))
    for k in range(1, 6):  # lane ropes: alternating coloured floats
        X = -6 + k * 2
        for z in [1.3 + i * 0.35 for i in range(90)]:
            (px, py) = P(cam, X, 1.58, z)
            r = max(1, cam[2] * 0.08 / z)
            c = (200, 40, 40) if int(z / 1.4) % 2 else (240, 240, 240)
            d.ellipse([px - r, py - r * 0.7, px + r, py + r * 0.7], fill=c)
    for X, z in ((-3, 12), (3, 20)):  # swimmers: head, arm stroke
        x, y = P(cam, X, 1.6, z)
        r = cam[2] * 0.14 / z
        d.ellipse([x - r, y - r * 1.3, x + r, y + r * 0.2], fill=(220, 60, 50))
        d.line([(x + r, y), (x + r * 3, y - r * 3)], fill=(210, 170, 150),
               width=max(2, int(r * 0.7)))
        d.ellipse([x - r * 3, y - r * 0.3, x + r * 3, y + r * 0.6], outline=(210, 236, 240),
                  width=2)
    for X in (-4.5, 4.5):  # steps ladders
        d.line([P(cam, X, 1.9, 2.0), P(cam, X, 0.9, 2.0)], fill=(220, 224, 226), width=6)
    return img


def ferry(aspect, rng):
    sky = (206, 208, 210)
    img, d, w, h = canvas(aspect, (150, 158, 168), sky, 0.45)
    hz = int(h * 0.45)
    d.polygon([(0, hz - 70), (w * 0.25, hz - 110), (w * 0.55, hz - 80), (w * 0.8, hz - 120),
               (w, hz - 90), (w, hz), (0, hz)], fill=haze((90, 100, 92), sky, 0.6))  # hills
    x = w * 0.12  # the village: cottages, a church tower, a jetty
    while x < w * 0.74:
        hw, hh = rng.randint(30, 50), rng.randint(24, 36)
        col = haze(rng.choice([(236, 232, 222), (210, 196, 170), (170, 120, 100)]), sky, 0.35)
        d.rectangle([x, hz - hh, x + hw, hz], fill=col)
        d.polygon([(x - 3, hz - hh), (x + hw / 2, hz - hh - 16), (x + hw + 3, hz - hh)],
                  fill=haze((70, 70, 76), sky, 0.4))
        for k in range(2):
            d.rectangle([x + 6 + k * hw / 2, hz - hh + 8, x + 12 + k * hw / 2, hz - hh + 16],
                        fill=haze((60, 66, 74), sky, 0.4))
        x += hw + rng.randint(2, 14)
    d.rectangle([w * 0.4, hz - 110, w * 0.425, hz - 20], fill=haze((150, 146, 140), sky, 0.35))
    d.polygon([(w * 0.4, hz - 110), (w * 0.4125, hz - 150), (w * 0.425, hz - 110)],
              fill=haze((90, 92, 96), sky, 0.35))
    d.rectangle([w * 0.5, hz - 6, w * 0.6, hz], fill=haze((80, 70, 60), sky, 0.3))
    water(img, hz, (160, 166, 170), (96, 106, 114), rng, stripes=400, reflect=0.3,
          light=(190, 194, 198), dark=(82, 92, 100))
    d = ImageDraw.Draw(img)
    for bx in (w * 0.08, w * 0.66, w * 0.8):  # small boats moored off the village
        boat(d, bx, hz + 16 + bx % 7, 44, haze((60, 70, 90), sky, 0.3),
             haze((230, 230, 226), sky, 0.3))
    # the ferry, heading left, with a wake
    fx, fy, L = w * 0.32, h * 0.7, w * 0.36
    for _ in range(150):
        t = rng.random()
        x, y = fx + L + t * w * 0.3, fy - 4 + rng.gauss(0, 4 + 18 * t)
        d.ellipse([x - 12, y - 3, x + 12, y + 3], fill=jit((214, 218, 220), rng, 8))
    d.polygon([(fx, fy - 70), (fx + L, fy - 60), (fx + L * 0.97, fy), (fx + L * 0.06, fy)],
              fill=(236, 236, 232))
    d.rectangle([fx + 10, fy - 34, fx + L * 0.98, fy - 22], fill=(30, 60, 110))
    d.rectangle([fx + L * 0.18, fy - 120, fx + L * 0.8, fy - 66], fill=(226, 228, 226))
    for k in range(8):
        wx = fx + L * 0.2 + k * L * 0.075
        d.rectangle([wx, fy - 108, wx + L * 0.05, fy - 84], fill=(50, 60, 72))
    d.rectangle([fx + L * 0.3, fy - 160, fx + L * 0.5, fy - 120], fill=(220, 222, 220))
    d.rectangle([fx + L * 0.31, fy - 152, fx + L * 0.49, fy - 136], fill=(40, 50, 60))
    d.rectangle([fx + L * 0.55, fy - 170, fx + L * 0.6, fy - 120], fill=(200, 160, 40))
    d.line([(fx + L * 0.4, fy - 160), (fx + L * 0.4, fy - 210)], fill=(60, 60, 66), width=3)
    figure(d, fx + L * 0.88, fy - 70, 60, (40, 44, 60), rng)
    d.line([(fx + L * 0.82, fy - 66), (fx + L * 0.98, fy - 64)], fill=(200, 200, 200), width=2)
    return img


def seated(d, cam, X, z, seat_y, floor_y, col, hair=None):
    """Elderly person sitting in profile, facing left (-X); (X, z) = middle of the seat."""
    def p(dx, dy):
        return P(cam, X + dx, seat_y + dy, z)
    s = cam[2] / z  # pixels per metre at this depth
    d.polygon([p(0.13, 0.02), p(0.14, -0.3), p(0.09, -0.5), p(0.0, -0.6), p(-0.1, -0.55),
               p(-0.15, -0.35), p(-0.17, -0.12), p(-0.1, 0.02)], fill=col)  # hunched torso
    d.polygon([p(0.1, 0.02), p(0.05, -0.16), p(-0.44, -0.15), p(-0.47, 0.0)], fill=col)  # thigh
    d.line([p(-0.44, -0.08), P(cam, X - 0.5, floor_y - 0.06, z)], fill=col,
           width=max(3, int(s * 0.11)))
    fx, fy = P(cam, X - 0.52, floor_y, z)
    d.chord([fx - s * 0.13, fy - s * 0.09, fx + s * 0.05, fy + s * 0.01], 180, 360, fill=col)
    hx, hy = p(-0.11, -0.72)  # head, bowed a little forward
    r = s * 0.1
    d.ellipse([hx - r, hy - r * 1.15, hx + r, hy + r], fill=col)
    d.rectangle([hx - r * 0.1, hy + r * 0.6, hx + r * 0.6, hy + r * 1.7], fill=col)  # neck
    if hair:  # white hair on the crown and at the back, catching the light
        d.chord([hx - r * 0.95, hy - r * 1.15, hx + r * 1.05, hy + r * 0.9], 170, 20, fill=hair)
        d.ellipse([hx + r * 0.2, hy - r * 0.7, hx + r * 1.1, hy + r * 0.5], fill=hair)
    arm = mix(col, (0, 0, 0), 0.25)
    d.line([p(0.02, -0.53), p(0.03, -0.3), p(-0.3, -0.2)], fill=arm,
           width=max(2, int(s * 0.08)), joint="curve")


def care_lounge(aspect, rng):
    img, d, w, h = canvas(aspect, (214, 204, 184), (214, 204, 184))
    cam = (w * 0.46, h * 0.38, w * 0.5)
    F, C, Z = 1.45, -1.05, 6.2  # floor and ceiling heights (eye at 0), end wall distance
    room(d, cam, 3.0, F, C, 0.4, Z, (112, 122, 110), (240, 236, 226),
         (228, 214, 188), (232, 220, 194), (222, 208, 182))
    for _ in range(1400):  # flecked carpet
        X, z = rng.uniform(-3, 3), rng.uniform(0.5, Z)
        x, y = P(cam, X, F, z)
        r = max(1, cam[2] * 0.012 / z)
        d.ellipse([x - r * 1.6, y - r * 0.6, x + r * 1.6, y + r * 0.6],
                  fill=jit(rng.choice([(100, 110, 98), (126, 132, 114)]), rng, 5))
    for X in (-3, 3):  # dado rail and skirting
        rect3(d, cam, (X, 0.45, 0.4), (X, 0.5, Z), (176, 146, 110))
        rect3(d, cam, (X, 1.33, 0.4), (X, F, Z), (244, 240, 230))
    rect3(d, cam, (-3, 0.45, Z), (3, 0.5, Z), (176, 146, 110))
    rect3(d, cam, (-3, 1.33, Z), (3, F, Z), (244, 240, 230))
    # the end wall window: garden beyond, net curtains, drapes and a pelmet
    wx0, wx1, wy0, wy1 = -2.5, -0.3, -0.75, 0.55
    rect3(d, cam, (wx0 - 0.08, wy0 - 0.08, Z), (wx1 + 0.08, wy1 + 0.1, Z), (246, 244, 238))
    rect3(d, cam, (wx0, wy0, Z), (wx1, wy1, Z), (226, 232, 230))
    for k in range(5):  # garden trees and lawn, seen through the nets
        tx, ty = P(cam, wx0 + 0.2 + k * 0.45, 0.1, Z)
        tree(d, tx, ty, cam[2] * rng.uniform(0.6, 0.9) / Z, (150, 172, 140), rng)
    rect3(d, cam, (wx0, 0.1, Z), (wx1, wy1, Z), (176, 196, 150))
    net_top = wy0 + 0.28
    nets = ImageDraw.Draw(img, "RGBA")
    a, b = P(cam, wx0, net_top, Z), P(cam, wx1, wy1, Z)
    nets.rectangle([a, b], fill=(240, 238, 230, 170))
    xx = a[0]
    while xx < b[0]:  # pleats in the nets
        nets.line([(xx, a[1]), (xx, b[1])], fill=(196, 190, 176, 150), width=2)
        nets.line([(xx + 3, a[1]), (xx + 3, b[1])], fill=(255, 255, 252, 150), width=1)
        xx += 7
    nets.line([(a[0], a[1] + 1), (b[0], a[1] + 1)], fill=(255, 255, 255, 230), width=3)
    for k in range(int((b[0] - a[0]) // 10)):  # lace hem
        hx = a[0] + 5 + k * 10
        nets.ellipse([hx - 4, b[1] - 12, hx + 4, b[1] - 4], outline=(255, 255, 252, 200), width=2)
    for k in range(1, 4):  # glazing bars of the top lights
        gx = P(cam, wx0 + k * (wx1 - wx0) / 4, 0, Z)[0]
        d.line([(gx, P(cam, 0, wy0, Z)[1]), (gx, a[1])], fill=(246, 244, 238), width=3)
    for x0, x1 in ((wx0 - 0.5, wx0 + 0.12), (wx1 - 0.12, wx1 + 0.5)):  # drapes, folds
        rect3(d, cam, (x0, wy0 - 0.2, Z - 0.01), (x1, wy1 + 0.55, Z - 0.01), (166, 98, 102))
        for k in range(6):
            fx = x0 + (k + 0.5) * (x1 - x0) / 6
            d.line([P(cam, fx, wy0 - 0.1, Z - 0.01), P(cam, fx, wy1 + 0.55, Z - 0.01)],
                   fill=(134, 74, 80), width=2)
    rect3(d, cam, (wx0 - 0.6, wy0 - 0.32, Z - 0.02), (wx1 + 0.6, wy0 - 0.12, Z - 0.02),
          (150, 86, 92))
    # end wall, right: clock at twenty past three above the television
    cx, cy = P(cam, 1.25, -0.62, Z)
    r = cam[2] * 0.19 / Z
    d.ellipse([cx - r - 3, cy - r - 3, cx + r + 3, cy + r + 3], fill=(70, 58, 44))
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(246, 242, 230))
    for k in range(12):
        a = k * math.tau / 12
        d.line([(cx + math.sin(a) * r * 0.78, cy - math.cos(a) * r * 0.78),
                (cx + math.sin(a) * r * 0.92, cy - math.cos(a) * r * 0.92)],
               fill=(60, 56, 50), width=2)
    for ang, ln, wd in ((math.tau * (3 + 20 / 60) / 12, 0.5, 3), (math.tau * 20 / 60, 0.8, 2)):
        d.line([(cx, cy), (cx + math.sin(ang) * r * ln, cy - math.cos(ang) * r * ln)],
               fill=(30, 28, 26), width=wd)
    cuboid(d, cam, 0.55, 1.95, F - 0.55, F, Z - 0.45, Z - 0.01, (132, 98, 66), (112, 80, 52),
           (100, 72, 46))
    rect3(d, cam, (0.6, F - 1.3, Z - 0.1), (1.9, F - 0.58, Z - 0.1), (24, 24, 28))
    rect3(d, cam, (0.65, F - 1.26, Z - 0.11), (1.85, F - 0.62, Z - 0.11), (110, 160, 200))
    quad(d, cam, [(0.65, F - 0.62, Z - 0.12), (0.65, F - 0.85, Z - 0.12), (1.2, F - 0.95, Z - 0.12),
                  (1.85, F - 0.8, Z - 0.12), (1.85, F - 0.62, Z - 0.12)], (92, 150, 84))
    glow(img, P(cam, 1.25, F - 0.95, Z), 50, (150, 200, 255), 0.25)
    d = ImageDraw.Draw(img)
    # left wall: framed picture and a pot plant in the corner
    quad(d, cam, [(-3, -0.55, 3.6), (-3, -0.55, 4.8), (-3, 0.2, 4.8), (-3, 0.2, 3.6)],
         (150, 120, 80))
    quad(d, cam, [(-3, -0.48, 3.7), (-3, -0.48, 4.7), (-3, 0.13, 4.7), (-3, 0.13, 3.7)],
         (176, 198, 206))
    quad(d, cam, [(-3, 0.13, 3.7), (-3, -0.2, 4.0), (-3, 0.0, 4.3), (-3, -0.25, 4.7),
                  (-3, 0.13, 4.7)], (110, 140, 96))
    px, py = P(cam, -2.65, F, Z - 0.3)
    s = cam[2] / (Z - 0.3)
    d.polygon([(px - s * 0.18, py - s * 0.35), (px + s * 0.18, py - s * 0.35),
               (px + s * 0.13, py), (px - s * 0.13, py)], fill=(170, 100, 70))
    for k in range(9):
        a = -math.pi / 2 + (k - 4) * 0.28
        d.line([(px, py - s * 0.3),
                (px + math.cos(a) * s * 0.6, py - s * 0.3 + math.sin(a) * s * 0.8)],
               fill=jit((70, 110, 64), rng, 12), width=max(2, int(s * 0.05)))
    rect3(d, cam, (-1.3, F, 2.6), (1.2, F, 4.7), (134, 100, 92))  # rug with a border
    rect3(d, cam, (-1.15, F, 2.75), (1.05, F, 4.55), (170, 150, 122))
    rect3(d, cam, (-1.0, F, 2.9), (0.9, F, 4.4), (146, 110, 100))
    # afternoon sun: a warm shaft from the window across the carpet towards the chairs
    light_patch(img, [P(cam, wx0 + 0.3, F, Z - 0.3), P(cam, wx1 + 0.3, F, Z - 0.3),
                      P(cam, wx1 + 2.3, F, 2.6), P(cam, wx0 + 2.3, F, 2.6)], (70, 52, 24), 10)
    beam = [P(cam, wx0, wy0, Z), P(cam, wx1, wy0, Z), P(cam, wx1 + 2.3, F, 2.6),
            P(cam, wx0 + 2.3, F, 2.6)]
    light_patch(img, beam, (16, 13, 6), 30)
    glow(img, P(cam, (wx0 + wx1) / 2, 0, Z), 150, (255, 226, 170), 0.16)
    d = ImageDraw.Draw(img)
    # high-backed armchairs in a row along the right wall, drawn far to near
    seat_y = F - 0.45
    wood = (120, 84, 52)
    for i, zc in enumerate((5.45, 4.5, 3.55, 2.6, 1.65)):
        col = [(74, 120, 124), (140, 78, 88)][i % 2]
        dk, lt = mix(col, (0, 0, 0), 0.3), mix(col, (255, 255, 255), 0.18)
        cuboid(d, cam, 2.72, 3.0, F - 1.15, F, zc - 0.38, zc + 0.38, lt, dk, col)  # back

        def arm(az):
            cuboid(d, cam, 2.18, 2.8, F - 0.66, F, az, az + 0.08, lt, dk, col)
            cuboid(d, cam, 2.14, 2.8, F - 0.7, F - 0.64, az - 0.01, az + 0.09, wood, wood,
                   mix(wood, (0, 0, 0), 0.2))
        arm(zc + 0.3)
        cuboid(d, cam, 2.22, 2.75, seat_y, F, zc - 0.3, zc + 0.3, lt, dk, col)  # seat
        if i in (1, 3):
            seated(d, cam, 2.62, zc, seat_y, F, (66, 60, 70), hair=(222, 220, 214))
        arm(zc - 0.38)
        if i == 1:  # walking frame parked in front of the resident
            fz, fc = zc - 0.1, (176, 180, 186)
            for X in (1.55, 1.9):
                for zz in (fz - 0.27, fz + 0.27):
                    d.line([P(cam, X, F, zz), P(cam, X, F - 0.82, zz)], fill=fc, width=4)
            for zz in (fz - 0.27, fz + 0.27):
                d.line([P(cam, 1.55, F - 0.82, zz), P(cam, 1.9, F - 0.82, zz)], fill=fc, width=3)
            d.line([P(cam, 1.55, F - 0.82, fz - 0.27), P(cam, 1.55, F - 0.82, fz + 0.27)],
                   fill=fc, width=3)
    # low table with two cups of tea
    cuboid(d, cam, 0.6, 1.3, F - 0.45, F - 0.4, 2.1, 2.8, (150, 112, 76), (110, 80, 52),
           (120, 88, 58))
    for X, zz in ((0.8, 2.3), (1.05, 2.6)):
        x, y = P(cam, X, F - 0.45, zz)
        r = cam[2] * 0.045 / zz
        d.rectangle([x - r, y - r * 2, x + r, y], fill=(240, 238, 230))
    for X in (-3, 3):  # coving where the walls meet the ceiling
        rect3(d, cam, (X, C, 0.4), (X, C + 0.08, Z), (246, 242, 234))
    rect3(d, cam, (-3, C, Z), (3, C + 0.08, Z), (246, 242, 234))
    for z in (2.2, 4.6):  # ceiling lights
        x, y = P(cam, 0, C, z)
        r = cam[2] * 0.3 / z
        d.ellipse([x - r, y - r * 0.25, x + r, y + r * 0.25], fill=(248, 244, 232))
    return img


def yacht(d, x, y, L, hull, cover=(40, 70, 120)):
    """Moored sailing yacht side view, bow to the right; (x, y) = waterline left end."""
    mast = (x + L * 0.42, y - L * 1.35)
    rig = (120, 124, 128)
    d.line([mast, (x + L * 0.98, y - L * 0.14)], fill=rig, width=1)  # forestay
    d.line([mast, (x + L * 0.02, y - L * 0.12)], fill=rig, width=1)  # backstay
    d.polygon([(x, y - L * 0.12), (x + L, y - L * 0.15), (x + L * 0.88, y), (x + L * 0.08, y)],
              fill=hull)
    d.line([(x + L * 0.04, y - L * 0.06), (x + L * 0.94, y - L * 0.08)],
           fill=mix(hull, (0, 0, 0), 0.35), width=max(1, int(L * 0.02)))
    d.polygon([(x + L * 0.22, y - L * 0.12), (x + L * 0.27, y - L * 0.2),
               (x + L * 0.6, y - L * 0.2), (x + L * 0.66, y - L * 0.13)], fill=(238, 238, 234))
    d.line([(x + L * 0.3, y - L * 0.17), (x + L * 0.55, y - L * 0.17)], fill=(60, 70, 80), width=2)
    d.line([(mast[0], y - L * 0.13), mast], fill=(214, 216, 218), width=max(1, int(L * 0.025)))
    d.line([(mast[0], y - L * 0.3), (x + L * 0.05, y - L * 0.27)], fill=(150, 150, 150),
           width=max(1, int(L * 0.03)))  # boom
    d.polygon([(mast[0], y - L * 0.36), (x + L * 0.1, y - L * 0.3),
               (x + L * 0.1, y - L * 0.26), (mast[0], y - L * 0.27)], fill=cover)  # sail cover


def quay_crane(d, x, y, h, col):
    """Preserved hammerhead shipyard crane: lattice tower, cantilever jib, machinery house."""
    top = y - h
    bw, tw = h * 0.13, h * 0.06  # tower base and top half-widths
    lw = max(2, int(h * 0.012))
    d.line([(x - bw, y), (x - tw, top)], fill=col, width=lw + 2)
    d.line([(x + bw, y), (x + tw, top)], fill=col, width=lw + 2)
    n = 9
    for i in range(n):  # cross-braced tower panels
        t0, t1 = i / n, (i + 1) / n
        ya, yb = y - h * t0, y - h * t1
        xa, xb = bw + (tw - bw) * t0, bw + (tw - bw) * t1
        d.line([(x - xa, ya), (x + xb, yb)], fill=col, width=lw)
        d.line([(x + xa, ya), (x - xb, yb)], fill=col, width=lw)
        d.line([(x - xb, yb), (x + xb, yb)], fill=col, width=lw)
    # the hammerhead: a deep lattice girder across the top
    gl, gr, gd = x - h * 0.42, x + h * 0.78, h * 0.1
    d.line([(gl, top), (gr, top)], fill=col, width=lw + 2)
    d.line([(gl, top - gd), (gr, top - gd * 0.6)], fill=col, width=lw + 2)
    xx = gl
    step = gd * 0.9
    while xx < gr - 1:
        ty = top - gd + (gd * 0.4) * (xx - gl) / (gr - gl)
        d.line([(xx, top), (xx + step, ty + gd * 0.4 * step / (gr - gl))], fill=col, width=lw)
        d.line([(xx, top), (xx, ty)], fill=col, width=max(1, lw - 1))
        xx += step
    d.line([(gr, top), (gr, top - gd * 0.6)], fill=col, width=lw)
    d.rectangle([gl - h * 0.02, top - gd * 1.1, gl + h * 0.12, top + gd * 0.35],
                fill=col)  # ballast
    d.rectangle([x - tw * 1.6, top - gd * 1.9, x + tw * 2.2, top - gd * 0.95], fill=col)  # winch
    d.polygon([(x - tw * 1.8, top - gd * 1.9), (x + tw * 2.4, top - gd * 1.9),
               (x + tw * 0.3, top - gd * 2.3)], fill=col)
    d.rectangle([x - tw * 0.6, top + gd * 0.05, x + tw * 0.9, top + gd * 0.6], fill=col)  # cab
    d.rectangle([x - tw * 0.4, top + gd * 0.15, x + tw * 0.7, top + gd * 0.35],
                fill=mix(col, (220, 224, 226), 0.6))
    tx = x + h * 0.6  # trolley with the hook hanging still
    d.rectangle([tx - gd * 0.4, top, tx + gd * 0.4, top + gd * 0.25], fill=col)
    d.line([(tx, top + gd * 0.25), (tx, top + h * 0.32)], fill=col, width=1)
    d.rectangle([tx - gd * 0.15, top + h * 0.32, tx + gd * 0.15, top + h * 0.35], fill=col)


def shipyard_site(aspect, rng):
    sky = (204, 206, 206)
    img, d, w, h = canvas(aspect, (150, 156, 162), sky, 0.56)
    for _ in range(14):  # low overcast: soft bands of darker cloud
        x, y = rng.uniform(-100, w), rng.uniform(0, h * 0.3)
        layer = Image.new("RGB", img.size, (0, 0, 0))
        ImageDraw.Draw(layer).ellipse([x, y, x + rng.uniform(200, 500), y + rng.uniform(20, 50)],
                                      fill=(14, 14, 12))
        img = ImageChops.subtract(img, layer.filter(ImageFilter.GaussianBlur(20)))
    d = ImageDraw.Draw(img)
    qy = int(h * 0.56)  # quay level
    d.polygon([(0, qy - 40), (w * 0.2, qy - 56), (w * 0.5, qy - 44), (w * 0.8, qy - 60),
               (w, qy - 50), (w, qy), (0, qy)], fill=haze((110, 118, 112), sky, 0.6))  # far shore
    # the crane, kept on its quay as a monument
    d.rectangle([w * 0.2 - h * 0.1, qy - 14, w * 0.2 + h * 0.1, qy], fill=(150, 146, 138))  # plinth
    quay_crane(d, w * 0.2, qy - 14, h * 0.44, (116, 52, 40))
    # apartment blocks, four to six storeys, balconies and cladding
    x = w * 0.33
    blocks = [(6, 7, (232, 230, 224)), (5, 5, (168, 120, 92)), (4, 6, (214, 212, 206)),
              (6, 6, (150, 150, 152)), (5, 7, (226, 222, 212))]
    for floors, bays, wall in blocks:
        fh, bw = 30, bays * 34
        top = qy - floors * fh - 8
        d.rectangle([x, top, x + bw, qy], fill=wall)
        d.rectangle([x - 3, top - 5, x + bw + 3, top], fill=mix(wall, (60, 60, 60), 0.4))
        for r in range(floors):
            y0 = top + 8 + r * fh
            for c in range(bays):
                wx = x + c * 34 + 6
                d.rectangle([wx, y0 + 5, wx + 22, y0 + fh - 2], fill=jit((84, 96, 108), rng, 8))
                d.line([(wx + 11, y0 + 5), (wx + 11, y0 + fh - 2)], fill=mix(wall, (0, 0, 0), 0.2),
                       width=1)
            if r:  # balcony slab with a glass balustrade every second bay
                d.rectangle([x - 4, y0 + fh - 3, x + bw + 4, y0 + fh], fill=(236, 236, 232))
                for c in range(0, bays, 2):
                    bx = x + c * 34 + 2
                    d.rectangle([bx, y0 + fh - 14, bx + 64, y0 + fh - 3], fill=(164, 182, 188))
                    d.line([(bx, y0 + fh - 14), (bx + 64, y0 + fh - 14)], fill=(90, 96, 100),
                           width=1)
        if wall[0] - wall[2] > 40:  # timber-clad stair core
            d.rectangle([x + bw - 24, top - 16, x + bw, qy], fill=(196, 156, 110))
            for yy in range(int(top - 14), qy, 6):
                d.line([(x + bw - 24, yy), (x + bw, yy)], fill=(170, 130, 90), width=1)
        x += bw + rng.randint(14, 30)
    # quayside promenade: railings, lamp posts, a few walkers
    d.rectangle([0, qy - 4, w, qy + 8], fill=(176, 172, 164))
    for i in range(8):
        tree(d, w * 0.34 + i * w * 0.085, qy - 2, 46, (96, 116, 84), rng)
    d.line([(0, qy - 12), (w, qy - 12)], fill=(70, 74, 78), width=2)
    for xx in range(0, w, 16):
        d.line([(xx, qy - 12), (xx, qy - 2)], fill=(70, 74, 78), width=1)
    for xx in range(int(w * 0.3), w, 110):
        d.line([(xx, qy - 2), (xx, qy - 52)], fill=(60, 62, 66), width=2)
        d.rectangle([xx - 5, qy - 56, xx + 5, qy - 51], fill=(60, 62, 66))
    for xx in (w * 0.46, w * 0.49, w * 0.78):
        figure(d, xx, qy - 2, 30, (50, 54, 64), rng)
    d.rectangle([0, qy + 8, w, qy + 26], fill=(120, 116, 108))  # stone quay wall
    for xx in range(0, w, 22):
        d.line([(xx, qy + 8), (xx, qy + 26)], fill=(104, 100, 94), width=1)
    water(img, qy + 26, (150, 156, 156), (96, 106, 108), rng, stripes=360, reflect=0.45,
          light=(178, 184, 184), dark=(86, 96, 98))
    d = ImageDraw.Draw(img)
    # marina: pontoons on piles with yachts berthed along them, far row first
    for py, L, n in ((h * 0.72, 92, 9), (h * 0.9, 150, 6)):
        for k in range(n):
            bx = -30 + k * (w + 60) / n + rng.uniform(-10, 10)
            if rng.random() < 0.85:
                yacht(d, bx, py - 2, L * rng.uniform(0.85, 1.05),
                      rng.choice([(244, 244, 240), (236, 236, 232), (40, 50, 70)]),
                      cover=rng.choice([(40, 70, 120), (30, 40, 60), (120, 40, 40)]))
        d.rectangle([0, py, w, py + L * 0.09], fill=(196, 192, 184))
        d.rectangle([0, py + L * 0.09, w, py + L * 0.13], fill=(90, 90, 88))
        for xx in range(40, w, 260):
            d.rectangle([xx, py - L * 0.45, xx + L * 0.07, py + L * 0.2], fill=(70, 72, 74))
    return img


def crew(d, x, y, h, pose="suited", skin=(160, 118, 96)):
    """Lifeboat crew member getting kitted up; (x, y) = feet, h = standing height.

    Poses are drawn from joint positions in units of h (x right, y up from the
    feet). "suited": red drysuit, yellow lifejacket and helmet, fastening the
    chin strap; "walking": suited, striding; "sleeves": suit pulled up to the
    waist over a fleece, sleeves hanging; "bench": sat down, dragging the suit
    over a raised knee."""
    red, fleece, yellow = (196, 40, 36), (32, 36, 50), (240, 198, 34)

    def pt(px, py):
        return (x + px * h, y - py * h)

    def limb(pts, wd, col):
        pts = [pt(*q) for q in pts]
        r = wd * h / 2
        d.line(pts, fill=col, width=max(2, int(wd * h)), joint="curve")
        for qx, qy in (pts[0], pts[-1]):
            d.ellipse([qx - r, qy - r, qx + r, qy + r], fill=col)

    def poly(pts, col):
        d.polygon([pt(*q) for q in pts], fill=col)

    if pose == "bench":
        hip, sh, lean = 0.27, 0.6, 0.04
        limb([(0.02, hip), (0.25, 0.29), (0.27, 0.06)], 0.09, red)
        poly([(0.21, 0.0), (0.34, 0.0), (0.32, 0.1), (0.22, 0.1)], yellow)
        limb([(0.0, hip), (0.2, 0.45), (0.3, 0.24)], 0.085, red)
        d.ellipse([*pt(0.26, 0.27), *pt(0.38, 0.2)], fill=fleece)  # stockinged foot
    else:
        hip, sh, lean = 0.47, 0.8, 0.0
        st = 0.1 if pose == "walking" else 0.05
        for sgn in (-1, 1):
            limb([(sgn * 0.05, hip), (sgn * st, 0.06)], 0.085, red)
            poly([(sgn * st - 0.05, 0.0), (sgn * st + 0.06, 0.0), (sgn * st + 0.045, 0.11),
                  (sgn * st - 0.045, 0.11)], yellow)  # wellington boots
    top = fleece if pose in ("sleeves", "bench") else red
    poly([(-0.11, hip - 0.02), (0.11, hip - 0.02), (0.13 + lean, sh), (-0.13 + lean, sh)], top)
    hx, hy = lean * 1.3, sh + 0.05  # neck
    if top == fleece:  # suit bunched at the waist, an empty sleeve hanging
        poly([(-0.13, hip - 0.05), (0.13, hip - 0.05), (0.13, hip + 0.06), (-0.13, hip + 0.06)],
             red)
        limb([(-0.12, hip + 0.03), (-0.17, hip - 0.2)], 0.06, red)
        if pose == "sleeves":  # hands on the suit at the hips, about to haul it up
            limb([(0.12, hip + 0.03), (0.16, hip - 0.18)], 0.06, red)
            limb([(-0.12, sh - 0.02), (-0.21, 0.62), (-0.12, hip + 0.05)], 0.055, fleece)
            limb([(0.12, sh - 0.02), (0.21, 0.62), (0.12, hip + 0.05)], 0.055, fleece)
        else:  # both hands pulling the suit leg over the raised knee
            limb([(-0.1 + lean, sh - 0.02), (0.04, 0.44), (0.17, 0.42)], 0.055, fleece)
            limb([(0.12 + lean, sh - 0.02), (0.24, 0.5), (0.26, 0.38)], 0.055, fleece)
        d.rectangle([*pt(hx - 0.03, hy + 0.03), *pt(hx + 0.03, sh - 0.01)], fill=skin)
        d.ellipse([*pt(hx - 0.065, hy + 0.15), *pt(hx + 0.065, hy + 0.01)], fill=skin)
        d.chord([*pt(hx - 0.068, hy + 0.155), *pt(hx + 0.068, hy + 0.02)], 170, 370,
                fill=(40, 32, 28))  # hair
        return
    poly([(-0.135, 0.61), (0.135, 0.61), (0.145, sh + 0.02), (-0.145, sh + 0.02)],
         yellow)  # lifejacket
    d.rounded_rectangle([*pt(-0.085, 0.88), *pt(0.085, 0.79)], radius=int(h * 0.03), fill=yellow)
    for yy in (0.64, 0.24):  # reflective bands
        limb([(-0.1, yy), (0.1, yy)], 0.014, (224, 226, 220))
    if pose == "walking":
        limb([(-0.13, sh - 0.02), (-0.2, 0.6), (-0.24, 0.47)], 0.06, red)
        limb([(0.13, sh - 0.02), (0.17, 0.62), (0.24, 0.52)], 0.06, red)
    else:  # one hand down, the other up at the chin strap
        limb([(-0.13, sh - 0.02), (-0.17, 0.6), (-0.16, 0.46)], 0.06, red)
        limb([(0.13, sh - 0.02), (0.21, 0.7), (0.05, 0.86)], 0.06, red)
    d.ellipse([*pt(-0.062, 0.98), *pt(0.062, 0.85)], fill=skin)
    d.chord([*pt(-0.085, 1.04), *pt(0.085, 0.87)], 180, 360, fill=yellow)  # helmet
    d.rectangle([*pt(-0.085, 0.96), *pt(0.085, 0.94)], fill=yellow)
    d.rectangle([*pt(-0.065, 0.94), *pt(0.065, 0.915)], fill=(30, 34, 40))  # visor


def lifeboat_crew(aspect, rng):
    img, d, w, h = canvas(aspect, (40, 42, 48), (40, 42, 48))
    cam = (w * 0.5, h * 0.46, w * 0.5)
    F, C, Z = 1.6, -3.4, 8.0  # floor, roof, back wall
    room(d, cam, 7.0, F, C, 0.5, Z, (132, 134, 132), (150, 156, 160), (176, 180, 178),
         (176, 180, 178), (190, 194, 190))
    for X in range(-7, 8):  # roof purlins
        d.line([P(cam, X, C, 0.5), P(cam, X, C, Z)], fill=(120, 126, 130), width=2)
    for z in (1, 2, 3, 4.5, 6):
        d.line([P(cam, -7, C, z), P(cam, 7, C, z)], fill=(130, 136, 140), width=3)
    # back wall: painted blockwork, big doors open onto the night at the right
    for Y in [C + k * 0.2 for k in range(int((F - C) / 0.2))]:
        d.line([P(cam, -7, Y, Z), P(cam, 7, Y, Z)], fill=(178, 182, 178), width=1)
    dx0, dx1 = 2.6, 6.6
    rect3(d, cam, (dx0, -1.6, Z), (dx1, F, Z), (10, 14, 28))
    for _ in range(40):  # rain in the doorway
        X, Y = rng.uniform(dx0, dx1), rng.uniform(-1.6, F)
        d.line([P(cam, X, Y, Z), P(cam, X - 0.05, Y + 0.25, Z)], fill=(50, 60, 80), width=1)
    for k in range(3):  # harbour lights beyond
        glow(img, P(cam, dx0 + 0.8 + k * 1.3, 0.2 + k * 0.1, Z), 10, (255, 200, 120), 0.9)
    d = ImageDraw.Draw(img)
    rect3(d, cam, (dx0 - 0.15, -1.75, Z), (dx1 + 0.15, -1.6, Z), (230, 190, 30))
    for sx in (dx0 - 0.5, dx1 + 0.05):  # folded door leaves
        rect3(d, cam, (sx, -1.6, Z - 0.02), (sx + 0.45, F, Z - 0.02), (40, 64, 110))
    # lockers along the back wall, kit hanging on pegs above the bench
    for k in range(14):
        X = -6.8 + k * 0.6
        col = (70, 96, 126)
        rect3(d, cam, (X, -0.4, Z - 0.05), (X + 0.58, F, Z - 0.05), col)
        rect3(d, cam, (X + 0.08, -0.3, Z - 0.06), (X + 0.5, -0.22, Z - 0.06), (110, 140, 170))
        for v in range(4):
            rect3(d, cam, (X + 0.15, -0.1 + v * 0.06, Z - 0.06),
                  (X + 0.43, -0.08 + v * 0.06, Z - 0.06),
                  (50, 70, 92))
        rect3(d, cam, (X + 0.46, 0.5, Z - 0.06), (X + 0.5, 0.65, Z - 0.06), (200, 204, 206))
    for k in range(10):  # drysuits and lifejackets on pegs
        X = -6.5 + k * 0.85
        px, py = P(cam, X, -1.2, Z - 0.1)
        s = cam[2] / Z
        if k % 3 == 2:
            d.rounded_rectangle([px - s * 0.2, py, px + s * 0.2, py + s * 0.45],
                                radius=int(s * 0.08),
                                fill=(240, 196, 30))
        else:
            d.polygon([(px - s * 0.22, py + s * 0.05), (px + s * 0.22, py + s * 0.05),
                       (px + s * 0.16, py + s * 0.75), (px - s * 0.16, py + s * 0.75)],
                      fill=(190, 42, 38))
            d.line([(px - s * 0.22, py + s * 0.05), (px - s * 0.28, py + s * 0.55)],
                   fill=(170, 36, 32),
                   width=int(s * 0.08))
        d.ellipse([px - s * 0.1, py - s * 0.34, px + s * 0.1, py - s * 0.16], fill=(236, 200, 40)
                  if k % 2 else (240, 240, 236))  # helmets on the shelf
    rect3(d, cam, (-7, -1.4, Z - 0.01), (1.8, -1.38, Z - 0.4), (150, 150, 150))  # shelf
    # inshore lifeboat on its launching trolley, bow towards the doors
    bz = 6.0
    s = cam[2] / bz
    bx0, bx1 = P(cam, -3.8, F, bz)[0], P(cam, 4.6, F, bz)[0]
    L = bx1 - bx0
    fy = P(cam, 0, F, bz)[1]
    ty = fy - s * 0.55  # trolley bed
    for X in (-2.6, -1.0, 2.2, 3.6):  # wheels
        wx = P(cam, X, F, bz)[0]
        r = s * 0.3
        d.ellipse([wx - r, fy - 2 * r, wx + r, fy], fill=(24, 24, 26))
        d.ellipse([wx - r * 0.45, fy - r * 1.45, wx + r * 0.45, fy - r * 0.55],
                  fill=(150, 150, 154))
    d.rectangle([bx0 + L * 0.05, ty, bx0 + L * 0.95, ty + s * 0.14], fill=(60, 64, 70))
    d.line([(bx0 + L * 0.95, ty + s * 0.07), (bx1 + L * 0.08, fy - s * 0.3)], fill=(60, 64, 70),
           width=int(s * 0.08))  # tow bar
    for k in range(7):  # keel rollers
        rx = bx0 + L * (0.12 + k * 0.12)
        d.rectangle([rx - 4, ty - s * 0.12, rx + 4, ty], fill=(50, 54, 60))
    hy = ty - s * 0.12  # hull bottom
    d.polygon([(bx0, hy - s * 0.75), (bx0 + L * 0.98, hy - s * 1.0), (bx0 + L * 0.82, hy),
               (bx0 + L * 0.08, hy)], fill=(28, 44, 86))
    d.rounded_rectangle([bx0 - s * 0.1, hy - s * 1.15, bx0 + L * 1.0, hy - s * 0.7],
                        radius=int(s * 0.22), fill=(232, 104, 30))  # sponson tube
    d.line([(bx0, hy - s * 0.92), (bx0 + L * 0.98, hy - s * 0.92)], fill=(60, 60, 66),
           width=max(2, int(s * 0.05)))
    d.line([(bx0 + L * 0.05, hy - s * 1.08), (bx0 + L * 0.95, hy - s * 1.08)], fill=(250, 150, 70),
           width=2)
    d.rectangle([bx0 + L * 0.4, hy - s * 1.85, bx0 + L * 0.56, hy - s * 1.1], fill=(36, 44, 70))
    d.polygon([(bx0 + L * 0.42, hy - s * 1.85), (bx0 + L * 0.56, hy - s * 1.85),
               (bx0 + L * 0.58, hy - s * 2.2), (bx0 + L * 0.45, hy - s * 2.2)],
              fill=(150, 176, 190))  # windscreen
    d.line([(bx0 + L * 0.44, hy - s * 2.2), (bx0 + L * 0.58, hy - s * 2.2)], fill=(36, 44, 70),
           width=3)
    for X in (0.06, 0.2):  # A-frame over the stern with radar and lights
        d.line([(bx0 + L * X, hy - s * 1.1), (bx0 + L * (X + 0.04), hy - s * 2.6)],
               fill=(210, 212, 214), width=int(s * 0.08))
    d.line([(bx0 + L * 0.09, hy - s * 2.6), (bx0 + L * 0.25, hy - s * 2.6)], fill=(210, 212, 214),
           width=int(s * 0.08))
    d.rectangle([bx0 + L * 0.12, hy - s * 2.8, bx0 + L * 0.22, hy - s * 2.65], fill=(230, 230, 230))
    d.ellipse([bx0 + L * 0.2, hy - s * 2.85, bx0 + L * 0.23, hy - s * 2.68], fill=(60, 120, 255))
    for k in range(2):  # outboard engines
        ex = bx0 - s * (0.15 + k * 0.12)
        d.rounded_rectangle([ex - s * 0.35, hy - s * 1.5, ex + s * 0.05, hy - s * 0.8],
                            radius=int(s * 0.1), fill=(40, 42, 46) if k else (56, 58, 62))
        d.rectangle([ex - s * 0.22, hy - s * 0.8, ex - s * 0.1, hy + s * 0.1], fill=(40, 42, 46))
    glow(img, (bx0 + L * 0.215, hy - s * 2.76), 18, (80, 140, 255), 0.8)
    d = ImageDraw.Draw(img)
    # hazard lines on the floor marking the launch path
    for zz in (3.4, 7.2):
        rect3(d, cam, (-6.5, F, zz), (6.5, F, zz + 0.15), (214, 176, 30))
    # fluorescent strip lights on the roof, with their glow and reflections on the floor
    for X in (-4.5, 0, 4.5):
        for z0 in (1.2, 2.8, 4.4, 6.0):
            rect3(d, cam, (X - 0.08, C + 0.3, z0), (X + 0.08, C + 0.3, z0 + 1.2), (250, 252, 255))
            d.line([P(cam, X, C, z0 + 0.6), P(cam, X, C + 0.3, z0 + 0.6)], fill=(90, 94, 100),
                   width=1)
    for X in (-4.5, 0, 4.5):
        for z0 in (1.2, 2.8, 4.4, 6.0):
            glow(img, P(cam, X, C + 0.3, z0 + 0.6), int(cam[2] * 0.7 / (z0 + 0.6)),
                 (200, 220, 255), 0.35)
            light_patch(img, [P(cam, X - 0.3, F, z0), P(cam, X + 0.3, F, z0),
                              P(cam, X + 0.3, F, z0 + 1.2), P(cam, X - 0.3, F, z0 + 1.2)],
                        (14, 15, 16), 16)
    d = ImageDraw.Draw(img)
    cuboid(d, cam, -2.0, -0.6, F - 0.47, F - 0.42, 4.0, 4.4, (150, 110, 70), (120, 86, 54),
           (110, 80, 50))  # bench
    for X in (-1.9, -0.75):
        cuboid(d, cam, X, X + 0.06, F - 0.42, F, 4.05, 4.35, (70, 70, 74), (70, 70, 74),
               (60, 60, 64))
    # kit bag and a spare helmet on the floor
    x, y = P(cam, -0.2, F, 3.0)
    s = cam[2] / 3.0
    d.rounded_rectangle([x - s * 0.35, y - s * 0.3, x + s * 0.35, y], radius=int(s * 0.1),
                        fill=(236, 190, 30))
    d.line([(x - s * 0.2, y - s * 0.3), (x, y - s * 0.42), (x + s * 0.2, y - s * 0.3)],
           fill=(40, 40, 44), width=max(2, int(s * 0.03)))
    x, y = P(cam, -2.2, F, 2.6)
    s = cam[2] / 2.6
    d.chord([x - s * 0.15, y - s * 0.22, x + s * 0.15, y + s * 0.06], 180, 360, fill=(240, 200, 36))
    d.rectangle([x - s * 0.16, y - s * 0.09, x + s * 0.16, y - s * 0.05], fill=(30, 34, 40))
    # the crew, pulling on their kit
    for X, z, pose, skin in ((2.6, 4.6, "walking", (176, 132, 110)),
                             (-2.9, 3.7, "sleeves", (182, 138, 112)),
                             (-1.1, 4.1, "bench", (120, 84, 64)),
                             (1.2, 3.6, "suited", (170, 124, 100))):
        x, y = P(cam, X, F, z)
        crew(d, x, y, cam[2] * 1.8 / z, pose, skin)
    return img


# ---------------------------------------------------------------- table
SCENES = {
    "bus-depot.jpg": (bus_depot, "3:2", 101),
    "river-outfall.jpg": (river_outfall, "3:2", 102),
    "library.jpg": (library, "4:3", 103),
    "tram-route.jpg": (tram_route, "16:9", 104),
    "school-meals.jpg": (school_meals, "4:3", 105),
    "care-home.jpg": (care_home, "16:9", 106),
    "care-fees-chart.png": (care_fees_chart, None, 107),
    "care-corridor.jpg": (care_corridor, "3:4", 108),
    "market-hall.jpg": (market_hall, "3:2", 109),
    "cycle-lane.jpg": (cycle_lane, "4:3", 110),
    "housing-estate.jpg": (housing_estate, "3:2", 111),
    "shipyard-cranes.jpg": (shipyard_cranes, "16:9", 112),
    "shipyard-gates.jpg": (shipyard_gates, "3:2", 113),
    "allotment.jpg": (allotment, "4:3", 114),
    "theatre-stage.jpg": (theatre_stage, "3:2", 115),
    "folk-festival.jpg": (folk_festival, "3:2", 116),
    "lifeboat.jpg": (lifeboat, "3:2", 117),
    "rugby.jpg": (rugby, "16:9", 118),
    "swimming.jpg": (swimming, "4:3", 119),
    "ferry.jpg": (ferry, "3:2", 120),
    "care-lounge.jpg": (care_lounge, "3:2", 121),
    "shipyard-site.jpg": (shipyard_site, "16:9", 122),
    "lifeboat-crew.jpg": (lifeboat_crew, "3:2", 123),
}


# Pictures the picture desk supplies in black and white: the Ledger's printer (Wexside,
# profiles/printers/wexside-coldset.yaml) prints pages 7 and 10 of a 16-page issue in
# black only, and these two are planned there.
BLACK_AND_WHITE = {"housing-estate.jpg", "allotment.jpg"}


def save_jpeg(img, path):
    img = img.convert("L" if path.name in BLACK_AND_WHITE else "RGB")
    img.save(path, "JPEG", quality=86, optimize=True, subsampling=2, progressive=False)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--font-dir", type=Path, default=DEFAULT_FONTS)
    ap.add_argument("--only", nargs="*", help="filenames to (re)generate")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (fn, aspect, seed) in SCENES.items():
        if args.only and name not in args.only:
            continue
        rng = random.Random(seed)
        if name.endswith(".png"):
            fn(args.out / name, args.font_dir)
        else:
            save_jpeg(finish(fn(aspect, rng), SIZES[aspect], seed), args.out / name)
        print(name)


if __name__ == "__main__":
    main()
