"""The combined plan of several node pools answered in one address: every pool's result, the pools
still on dockershim first, because the control plane cannot pass v1.23 before they have switched."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PoolPlan:
    number: int  # 1-based, in the order the pools were answered
    result: object  # evaluate.Result
    urgent: bool  # it carries a banner: an end-of-life pool on dockershim that must switch first
    current: bool  # the pool shown in full on this page


def combined(result):
    """PoolPlan rows for the earlier pools and the current one, urgent pools first (stable)."""
    results = (*result.pools, result)
    rows = [
        PoolPlan(number, pool, bool(pool.banners), pool is result) for number, pool in enumerate(results, 1)
    ]
    return sorted(rows, key=lambda row: not row.urgent)


def runtimes(rows):
    """The distinct runtimes the plan ends on, in plan order: more than one means per-pool tooling."""
    return list(dict.fromkeys(row.result.outcome.runtime_name for row in rows))
