"""Draws shared by the fictional cohorts (cohort_huyen.py, cohort_xa.py, cohort_so_2026.py,
cohort_xa_2026.py)."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal


def reported_percent(part: int, whole: int) -> float:
    """A percentage as a report writes it: part / whole × 100, rounded half up to 2 decimals."""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return float(value)


def decimal_text(value: float, places: int) -> str:
    """A number as the system exports it: rounded half up to `places` decimals, with a dot."""
    return str(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


class Draw:
    """Draws for one unit: `share` and `yes` lean towards the unit's quality level."""

    def __init__(self, rng: random.Random, quality: float, perfect: bool) -> None:
        self.rng = rng
        self.quality = quality
        self.perfect = perfect

    def share(self, spread: float = 0.12, floor: float = 0.0) -> float:
        if self.perfect:
            return 1.0
        return min(1.0, max(floor, self.quality + self.rng.uniform(-spread, spread)))

    def part(self, whole: int, spread: float = 0.12, floor: float = 0.0) -> int:
        return min(whole, round(whole * self.share(spread, floor)))

    def yes(self) -> bool:
        return self.perfect or self.rng.random() < 0.35 + 0.65 * self.quality

    def survey(self) -> float:
        if self.perfect:
            return 100.0
        low = 45 + 40 * self.quality
        return round(min(99.5, self.rng.uniform(low, low + 15)), 2)
