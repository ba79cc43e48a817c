"""Papers split into a few chunks of about equal work, one task each on a cluster.

On a Dask cluster every task run costs its own orchestration (state changes and logs
sent to the Prefect API, a result shipped back), often more than reading a small paper.
A worker that reads a chunk of papers one after the other in its warm reader pays that
once per chunk; a few chunks per worker, rather than one, still let a worker that
finishes early take the next chunk.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence


def chunk_count(items: int, slots: int, per_slot: int) -> int:
    """How many chunks ``items`` papers go in for ``slots`` tasks running at once,
    ``per_slot`` chunks each: never more chunks than papers, at least one."""
    if slots < 1 or per_slot < 1:
        raise ValueError(f"slots={slots}, per_slot={per_slot}: expected positive numbers")
    return max(1, min(items, slots * per_slot))


def balanced_chunks(weights: Sequence[float], count: int) -> list[list[int]]:
    """The positions of ``weights`` split into at most ``count`` non-empty chunks whose
    total weights are as even as the greedy rule makes them (each weight, heaviest first,
    joins the chunk lightest so far).

    Each chunk lists its positions in ascending order; the chunks come heaviest first,
    so the longest work starts first.  Every position is in exactly one chunk.
    """
    if count < 1:
        raise ValueError(f"count={count}: expected a positive number of chunks")
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    slots = min(count, len(weights))
    # (total weight, chunk number): the lightest chunk first, ties to the lower number.
    heap = [(0.0, k) for k in range(slots)]
    chunks: list[list[int]] = [[] for _ in range(slots)]
    for i in sorted(range(len(weights)), key=lambda i: (-weights[i], i)):
        total, k = heapq.heappop(heap)
        chunks[k].append(i)
        heapq.heappush(heap, (total + weights[i], k))
    totals = {k: total for total, k in heap}
    order = sorted(range(slots), key=lambda k: (-totals[k], k))
    return [sorted(chunks[k]) for k in order]
