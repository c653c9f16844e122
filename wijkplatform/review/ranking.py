"""Fair priorities: pure calculations, explained on the review page (review_page.html).

Raw counts favour big neighbourhoods and old contributions. We rank by the *lower bound* of
a 95% Wilson score interval of a share instead: the share we can be fairly sure of, given
how few people it rests on. A small neighbourhood where 30 of 40 residents who take part
support something ranks above a large one where 100 of 5,000 do; a brand-new contribution
with 2 of 3 is not put on top by chance, because a share of 3 people is very uncertain.
"""

from __future__ import annotations

from math import sqrt

Z = 1.96  # 95% confidence


def wilson_lower_bound(successes: int, trials: int, z: float = Z) -> float:
    """The lower bound of the Wilson score interval for successes / trials (0 when no
    trials). 0 <= result <= successes / trials."""
    if trials <= 0:
        return 0.0
    successes = max(0, min(successes, trials))
    share = successes / trials
    z2 = z * z
    centre = share + z2 / (2 * trials)
    spread = z * sqrt(share * (1 - share) / trials + z2 / (4 * trials * trials))
    return max(0.0, (centre - spread) / (1 + z2 / trials))


def per_thousand(count: int | float, inhabitants: float | None) -> float | None:
    """`count` per 1,000 inhabitants, or None without a population figure."""
    if not inhabitants:
        return None
    return count * 1000 / inhabitants


def bar_step(value: float | None, maximum: float | None) -> int:
    """Bar width 0-100 in steps of 5 for the CSS classes (the page has no inline styles)."""
    if not value or not maximum or maximum <= 0:
        return 0
    return round(max(0.0, min(1.0, value / maximum)) * 20) * 5
