"""Benchmark: 1,000 corpus PDFs damaged at random (bytes flipped, cut short, objects
dropped), each read by the per-paper worker beside the good papers.

Counts: crashes (an exception escaping ``read_paper``: the batch would stop), hangs (a
read past the time limit plus a grace of 10 s), outcomes by status and quarantine kind,
and lost good papers (a good paper read between the mutants that does not come out
exactly as read alone).

Usage: ``python bench/fuzz_papers.py [COUNT] [SEED]``; prints the figures and writes
``outputs/bench/fuzz_papers.json``.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from boardpack.worker import Limits, read_paper  # noqa: E402
from tests.reliability.mutate import mutation  # noqa: E402

OUT = ROOT / "outputs" / "bench" / "fuzz_papers.json"
GRACE = 10.0
GOOD_EVERY = 50


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 12)
    limits = Limits.from_env()
    good = sorted((ROOT / "raw_papers").glob("*.pdf"))
    expected = {p.name: read_paper(p, p.name, "", limits).tables.to_contract() for p in good}
    outcomes: Counter[str] = Counter()
    crashes, hangs, lost, slowest = 0, 0, 0, 0.0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="boardpack-fuzz-") as tmp:
        jobs: list[tuple[Path, bool]] = []
        for i in range(count):
            source = rng.choice(good)
            m = mutation(rng)
            path = Path(tmp) / f"{i:04d}-{m.kind}-{source.name}"
            path.write_bytes(m.apply(source.read_bytes()))
            jobs.append((path, False))
            if i % GOOD_EVERY == 0:
                jobs.append((good[i // GOOD_EVERY % len(good)], True))

        def run(job: tuple[Path, bool]) -> tuple[str, float, bool]:
            path, is_good = job
            t = time.monotonic()
            try:
                read = read_paper(path, path.name, hashlib.sha256(path.read_bytes()).hexdigest(), limits)
            except Exception as exc:  # a crash: counted, never raised
                return f"crash: {type(exc).__name__}", time.monotonic() - t, False
            seconds = time.monotonic() - t
            if is_good:
                return "good", seconds, read.tables.to_contract() == expected[path.name]
            kinds = sorted(
                {str(p.kind) for p in read.problems if p.whole_paper or read.status != "quarantined"}
            )
            return f"{read.status}{':' + ','.join(kinds) if kinds else ''}", seconds, True

        with ThreadPoolExecutor(max_workers=limits.workers) as pool:
            for outcome, seconds, kept in pool.map(run, jobs):
                slowest = max(slowest, seconds)
                crashes += outcome.startswith("crash")
                hangs += seconds > limits.seconds + GRACE
                if outcome == "good":
                    lost += not kept
                else:
                    outcomes[outcome.split(":")[0] if outcome.startswith("ok") else outcome] += 1
    figures = {
        "mutations": count,
        "good_papers_read_between": sum(1 for i in range(count) if i % GOOD_EVERY == 0),
        "crashes": crashes,
        "hangs_past_limit": hangs,
        "lost_good_papers": lost,
        "slowest_read_s": round(slowest, 1),
        "time_limit_s": limits.seconds,
        "total_s": round(time.monotonic() - started, 1),
        "outcomes": dict(outcomes.most_common()),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=1) + "\n")
    print(json.dumps(figures, indent=1))
    return 0 if crashes == hangs == lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
