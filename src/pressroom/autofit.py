"""Bounded auto-fit: tighten overset stories within the layout's limits, least change first.

For each page group holding an OVER story, candidate adjustments (tracking, then leading, then
both, then the pull quote dropped if the layout allows it) are tried in order of how much they
change the page, each within the limits declared in
``layout.yaml``; the first that makes the group fit is kept. Nothing beyond a limit is tried;
a story that still does not fit stays OVER. The chosen adjustments are written to build.json.
"""

from __future__ import annotations

from .layout import Adjustment, AutofitLimits
from .manifest import PageGroup


def candidates(limits: AutofitLimits) -> list[Adjustment]:
    """Every tightening within the limits, smallest relative change first; dropping the pull
    quote (where the layout allows it) only after every type adjustment has failed."""
    tracking = limits.tracking_percent
    leading = limits.leading_pt
    options = [
        Adjustment(t, l)
        for t in tracking.steps_towards_min()
        for l in leading.steps_towards_min()
        if t or l
    ]

    def cost(adjustment: Adjustment) -> tuple[float, float]:
        share = (abs(adjustment.tracking_percent) / abs(tracking.min or 1)
                 + abs(adjustment.leading_pt) / abs(leading.min or 1))
        return (round(share, 6), abs(adjustment.leading_pt))

    ordered = sorted(options, key=cost)
    if limits.drop_pullquote:
        ordered += [Adjustment(drop_pullquote=True)] + [
            Adjustment(option.tracking_percent, option.leading_pt, True) for option in ordered]
    return ordered


def fit_group(group: PageGroup, slugs: list[str], limits: AutofitLimits, lay_out) -> Adjustment | None:
    """The least adjustment of ``slugs`` that makes ``group`` fit, or None.

    ``lay_out(adjustments)`` lays the group out and says whether it fits."""
    for adjustment in candidates(limits):
        if lay_out({slug: adjustment for slug in slugs}):
            return adjustment
    return None
