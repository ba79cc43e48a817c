"""Benchmark: ``boardpack run`` killed (SIGKILL) at 20 random moments, each followed by a
rerun; after every rerun the release, store and audit site must equal a clean run's,
and no Prefect server or worker of the killed run may be left running.

Each kill interrupts a cold run into a fresh output folder at a moment drawn over the
length of a clean cold run (the Prefect home is shared and migrated once, so the
moments fall in pipeline work, not in Prefect's first start).

Usage: ``python bench/kill_runs.py [KILLS] [SEED]``; prints the figures and writes
``outputs/bench/kill_runs.json``.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.whole import kill_then_rerun, snapshot, start_run  # noqa: E402

OUT = ROOT / "outputs" / "bench" / "kill_runs.json"


def main() -> int:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2026)
    source = ROOT / "raw_papers"
    with tempfile.TemporaryDirectory(prefix="boardpack-kills-") as tmp:
        base = Path(tmp)
        home = base / "prefect"  # shared and migrated once: kills land in pipeline work
        start_run(source, base / "warm-up", base / "warm-up.log", home).wait()
        started = time.monotonic()
        clean_code = start_run(source, base / "clean", base / "clean.log", home).wait()
        clean_seconds = time.monotonic() - started
        clean = snapshot(base / "clean")
        results = []
        for i in range(kills):
            out = base / f"killed-{i}"  # a cold run each time: every kill interrupts real work
            after = rng.uniform(0.5, clean_seconds)
            kill = kill_then_rerun(source, out, after, base / f"kill-{i}.log", home)
            equal = kill.rerun_code == 0 and snapshot(out) == clean
            results.append({"after_s": round(after, 1), "killed": not kill.finished_first, "rerun_code": kill.rerun_code,
                            "left_running": len(kill.left_running), "equal_to_clean": equal})  # fmt: skip
            print(f"kill {i + 1:2d} at {after:5.1f}s (killed: {not kill.finished_first}): equal={equal} "
                  f"left_running={len(kill.left_running)}", flush=True)  # fmt: skip
    figures = {
        "kills": kills,
        "clean_run_s": round(clean_seconds, 1),
        "clean_exit_code": clean_code,
        "runs_really_killed": sum(r["killed"] for r in results),
        "reruns_equal_to_clean": sum(r["equal_to_clean"] for r in results),
        "helpers_left_running": sum(r["left_running"] for r in results),
        "each": results,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=1) + "\n")
    print(json.dumps({k: v for k, v in figures.items() if k != "each"}, indent=1))
    return 0 if figures["reruns_equal_to_clean"] == kills and figures["helpers_left_running"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
