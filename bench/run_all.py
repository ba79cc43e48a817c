"""``make bench``: every benchmark, one after another, each printing its figures.

Results land in ``outputs/bench/*.json``; README's "Benchmarks" section summarises them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = [
    "extract_speed.py",
    "extract_synthetic.py",
    "validate_speed.py",
    "rerun_ratio.py",
    "report_speed.py",
    "render_variants.py",
    "variants_score.py",
    "tidy_truth.py",
    "other_boards.py",
    "cell_checks.py",
    "hostile_batch.py",
    "kill_runs.py",
    "fuzz_papers.py",
    "scale.py",
    "scale_dask.py",
]


def main() -> int:
    failed = 0
    for script in SCRIPTS:
        print(f"\n== {script}", flush=True)
        failed += subprocess.call([sys.executable, str(BENCH / script)], cwd=BENCH.parent) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
