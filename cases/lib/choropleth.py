"""The colour scale of the maps: counts sorted into a few classes with round bounds.

A sequential scale: light for few cases, dark for many, the empty provinces apart.
"""

import math
from dataclasses import dataclass

SHADES = 5  # colour steps the stylesheet defines (.map-shade-1 … 5)
# Round class bounds, finest first: 1, 2, 5, 10 …; 1, 3, 10, 30 …; 1, 10, 100 … .
_ROUND_SERIES = ((1, 2, 5), (1, 3), (1,))


@dataclass(frozen=True)
class ScaleClass:
    """``low`` to ``high`` cases (equal for a single value), drawn in ``shade``
    (1 lightest to SHADES darkest)."""

    low: int
    high: int
    shade: int

    def __contains__(self, count: int) -> bool:
        return self.low <= count <= self.high


def scale_classes(highest: int, most: int = SHADES) -> list[ScaleClass]:
    """At most ``most`` classes from 1 to ``highest`` cases, bounded by round numbers
    on a logarithmic scale (a few places hold many cases, most hold few), the finest
    such series that fits; the last class ends at ``highest``. Fewer classes still
    span the lightest to the darkest shade. None when nothing is counted."""
    if highest < 1:
        return []
    for steps in _ROUND_SERIES:
        lows = _round_bounds(highest, steps, most)
        if len(lows) <= most:
            break
    else:
        lows = lows[:: math.ceil(len(lows) / most)]
    highs = [low - 1 for low in lows[1:]] + [highest]
    last = len(lows) - 1
    return [
        ScaleClass(low, high, _shade(i, last))
        for i, (low, high) in enumerate(zip(lows, highs, strict=True))
    ]


def _round_bounds(highest: int, steps: tuple[int, ...], most: int) -> list[int]:
    """The round numbers up to ``highest``; when there are too many, the last one
    may go if it is ``highest`` itself (its class would hold that count alone)."""
    bounds = [
        step * 10**power
        for power in range(len(str(highest)))
        for step in steps
        if step * 10**power <= highest
    ]
    if len(bounds) > most and bounds[-1] == highest:
        bounds.pop()
    return bounds


def _shade(i: int, last: int) -> int:
    if last == 0:
        return SHADES
    return 1 + round(i * (SHADES - 1) / last)


def shade_of(count: int, classes: list[ScaleClass]) -> int:
    """The shade of the class holding ``count``; 0 for none."""
    for scale in classes:
        if count in scale:
            return scale.shade
    return 0
