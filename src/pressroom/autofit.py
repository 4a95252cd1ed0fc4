"""Bounded auto-fit: tighten overset stories within the layout's limits, least change first.

For each page group holding an OVER story, candidate adjustments (tracking, then leading, then
both, then the pull quote dropped if the layout allows it) are tried in order of how much they
change the page, each within the limits declared in
``layout.yaml``; the first that makes the group fit is kept. Nothing beyond a limit is tried;
a story that still does not fit stays OVER, and the build says what was tried and how much
is still over at the tightest. The chosen adjustments are written to build.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class AutofitOutcome:
    """What ``fit_group`` did: the adjustment kept (None when none fits) and every one tried."""

    adjustment: Adjustment | None
    tried: list[Adjustment] = field(default_factory=list)

    @property
    def tightest(self) -> Adjustment | None:
        """The last adjustment tried: the most change the limits allow."""
        return self.tried[-1] if self.tried else None


def limits_text(limits: AutofitLimits) -> str:
    """The limits in words, as the autofit report names them."""
    steps = []
    if limits.tracking_percent.min < 0:
        steps.append(f"tracking to {limits.tracking_percent.min:+g}%")
    if limits.leading_pt.min < 0:
        steps.append(f"leading to {limits.leading_pt.min:+g} pt")
    text = ", ".join(steps) or "no tracking or leading change"
    return text + (", then without the pull quote" if limits.drop_pullquote else "")


def adjustment_text(adjustment: Adjustment) -> str:
    return (f"tracking {adjustment.tracking_percent:+g}%, leading {adjustment.leading_pt:+g} pt"
            + (", pull quote dropped" if adjustment.drop_pullquote else ""))


def fit_group(group: PageGroup, slugs: list[str], limits: AutofitLimits, lay_out) -> AutofitOutcome:
    """The least adjustment of ``slugs`` that makes ``group`` fit (None when none does),
    with the adjustments tried.

    ``lay_out(adjustments)`` lays the group out and says whether it fits."""
    tried: list[Adjustment] = []
    for adjustment in candidates(limits):
        tried.append(adjustment)
        if lay_out({slug: adjustment for slug in slugs}):
            return AutofitOutcome(adjustment, tried)
    return AutofitOutcome(None, tried)
