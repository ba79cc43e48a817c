"""Mutations of a good PDF for fuzzing: bytes flipped, the file cut short, objects dropped."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

_OBJECT = re.compile(rb"\n\d+ 0 obj\b.*?endobj", re.DOTALL)


@dataclass(frozen=True)
class Mutation:
    """One way to damage a file, reproducible from its fields."""

    kind: str  # flip | truncate | drop
    seed: int
    amount: float  # how much: share of bytes flipped, kept, or objects dropped

    def apply(self, data: bytes) -> bytes:
        """``data`` damaged as this mutation says."""
        rng = random.Random(self.seed)
        if self.kind == "flip":
            out = bytearray(data)
            for _ in range(max(1, int(len(out) * self.amount))):
                i = rng.randrange(len(out))
                out[i] ^= 1 << rng.randrange(8)
            return bytes(out)
        if self.kind == "truncate":
            return data[: int(len(data) * self.amount)]
        spans = [m.span() for m in _OBJECT.finditer(data)]
        dropped = {s for s in spans if rng.random() < self.amount} or {rng.choice(spans)} if spans else set()
        out = bytearray()
        last = 0
        for start, end in spans:
            if (start, end) in dropped:
                out += data[last:start]
                last = end
        out += data[last:]
        return bytes(out)


def mutation(rng: random.Random) -> Mutation:
    """A random mutation: a few bytes flipped, a cut, or a few objects dropped."""
    kind = rng.choice(["flip", "truncate", "drop"])
    amount = {
        "flip": rng.uniform(0.00005, 0.002),
        "truncate": rng.uniform(0.05, 0.999),
        "drop": rng.uniform(0.01, 0.2),
    }[kind]
    return Mutation(kind, rng.randrange(1 << 30), amount)
