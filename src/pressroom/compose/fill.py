"""Filling: what the build may change, within the layout's limits, so that a story's copy
ends at the foot of its frames (frames.py decides when, and says what it did).

The lead picture of a story's head is made deeper or shallower: its box in the page's laid-out
head grows or shrinks, and what is under it in the head moves with it. The picture is drawn
cropped to fill its box (``object-fit: cover`` around its focus), and WeasyPrint sizes that
crop when it draws the page, so nothing is laid out again but the story's galley. Its depth
stays within ``frames.picture_aspect`` of its width and never needs more pixels than the
layout's ``min_image_ppi`` allows.
"""

from __future__ import annotations

PX_PER_MM = 96 / 25.4


def lead_picture(head):
    """The picture at the top of a story's head (its first img box), or None."""
    return next((box for box in head.descendants() if getattr(box, "element_tag", None) == "img"
                 and getattr(box, "replacement", None) is not None), None)


def resize_lead_picture(picture, part, change_mm: float, rules: dict) -> float:
    """Make the head's lead picture ``change_mm`` deeper (or shallower, negative), within the
    layout's aspect limits and the ppi minimum; move what is under it in the head. Returns
    the change made, in mm (0: none possible)."""
    width_mm = picture.width / PX_PER_MM
    height_mm = picture.height / PX_PER_MM
    pixels_high = picture.replacement.get_intrinsic_size(1, 16)[1]  # CSS px at 1 dppx: pixels
    # Cropped to fill (object-fit: cover), the picture is scaled by its box's depth once that
    # is deeper than its shape: its pixels must still give the ppi minimum.
    deepest = width_mm * rules.get("max_aspect", 1.0)
    if pixels_high:
        deepest = min(deepest, pixels_high * 25.4 / rules.get("min_ppi", 200))
    shallowest = width_mm * rules.get("min_aspect", 0.4)
    target = min(max(height_mm + change_mm, shallowest), max(deepest, height_mm))
    change = round((target - height_mm) / part.grid.leading) * part.grid.leading
    if abs(change) < 0.01:
        return 0.0
    delta = change * PX_PER_MM
    bottom = picture.position_y + picture.height
    picture.height += delta
    push_down(part.head, bottom, delta, picture)
    return change


def push_down(box, below: float, delta: float, grown) -> None:
    """Move every box of ``box`` that starts at or under ``below`` down by ``delta``, and
    make each box holding ``grown`` that much deeper."""
    for child in getattr(box, "children", ()):
        if child is grown:
            continue
        if child.position_y >= below - 0.01:
            child.translate(0, delta)
        else:
            if holds(child, grown) and getattr(child, "height", None) not in (None, "auto"):
                child.height += delta
            push_down(child, below, delta, grown)


def holds(box, wanted) -> bool:
    return box is wanted or any(holds(child, wanted) for child in getattr(box, "children", ()))


