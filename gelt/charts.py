"""Geometry of the small server-rendered SVG charts (plain functions, no Django)."""

from decimal import Decimal

from .compliance import to_decimal


def bar_length(percent, width=100) -> Decimal:
    """The length of a progress bar of `width` units for a percentage (clamped to 0-100)."""
    if percent is None:
        return Decimal(0)
    percent = min(max(to_decimal(percent), Decimal(0)), Decimal(100))
    return (percent * to_decimal(width) / 100).quantize(Decimal("0.1"))


def sparkline(values, width=120, height=32, pad=3) -> dict:
    """
    Points of a line chart for `values` (oldest first; None leaves a gap in the x axis).

    Returns {"points": "x,y x,y ...", "last": (x, y) or None, "count": n}. The y axis runs
    from the smallest value (or 0 if all are positive) to the largest value.
    """
    known = [(i, to_decimal(v)) for i, v in enumerate(values) if v is not None]
    if not known:
        return {"points": "", "last": None, "count": 0}
    numbers = [v for _, v in known]
    low = min(min(numbers), Decimal(0))
    high = max(numbers)
    span = high - low or Decimal(1)
    steps = max(len(values) - 1, 1)
    inner_w, inner_h = Decimal(width - 2 * pad), Decimal(height - 2 * pad)
    coords = []
    for i, v in known:
        x = pad + inner_w * i / steps if len(values) > 1 else Decimal(width) / 2
        y = pad + inner_h * (1 - (v - low) / span)
        coords.append((x.quantize(Decimal("0.1")), y.quantize(Decimal("0.1"))))
    return {
        "points": " ".join(f"{x},{y}" for x, y in coords),
        "last": coords[-1],
        "count": len(coords),
    }
