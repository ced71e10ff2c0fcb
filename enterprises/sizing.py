"""Size classes of enterprises per Decree 80/2021/NĐ-CP, Article 5.

Each class needs the employee count (social insurance, yearly average) at or under the
threshold AND either the revenue OR the total capital at or under its threshold. A class is
the smallest one whose conditions hold; beyond "medium" an enterprise is large.
"""

from __future__ import annotations

BILLION = 1_000_000_000

# sector group -> [(size class, max employees, max revenue, max capital)], smallest first
THRESHOLDS: dict[str, list[tuple[str, int, int, int]]] = {
    # Agriculture, forestry, fishery; industry and construction (Art. 5.1, 5.2, 5.3)
    "aic": [
        ("micro", 10, 3 * BILLION, 3 * BILLION),
        ("small", 100, 50 * BILLION, 20 * BILLION),
        ("medium", 200, 200 * BILLION, 100 * BILLION),
    ],
    # Trade and services
    "trade_services": [
        ("micro", 10, 10 * BILLION, 3 * BILLION),
        ("small", 50, 100 * BILLION, 50 * BILLION),
        ("medium", 100, 300 * BILLION, 100 * BILLION),
    ],
}


def size_class_for(
    *, sector_group: str, employees: int | None, revenue: int | None, capital: int | None
) -> str:
    """The Decree 80 size class, or "" when the figures needed are missing."""
    if employees is None or (revenue is None and capital is None):
        return ""
    for size, max_employees, max_revenue, max_capital in THRESHOLDS[sector_group]:
        money_ok = (revenue is not None and revenue <= max_revenue) or (
            capital is not None and capital <= max_capital
        )
        if employees <= max_employees and money_ok:
            return size
    return "large"
