"""Benchmark: a batch of bad files of every kind beside the five good papers.

Writes the batch (``tests/reliability/hostile.py``: empty, HTML, Word, image, truncated,
damaged-but-repairable, no pages, broken page tree, password, scanned, a 1 GiB stream
bomb, a page of 50,000 rectangles, a byte-identical copy of a good paper under a name
that sorts first, a 500-page pack printing one table on every page) beside
``raw_papers/``, runs ``boardpack run`` on it and on the good papers alone (each in a
fresh output folder, in a subprocess, as a user would), and checks:

* every bad file is quarantined as its kind (or processed: the repaired one, the pack,
  the copy), with a reason naming the file;
* the good papers' published figures and source cells equal those of the run without
  the bad files;
* wall time (target < 3 min) and the peak memory of the whole run: the sum of the
  resident memory of the run's process tree (flow, workers, Prefect server), sampled
  every 0.1 s (target < 1.5 GB).

Usage: ``python bench/hostile_batch.py``; prints the figures and writes
``outputs/bench/hostile_batch.json``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability import hostile  # noqa: E402
from tests.reliability.whole import cli_env  # noqa: E402

OUT = ROOT / "outputs" / "bench" / "hostile_batch.json"
COPY = "!copy of 2025-01-28_agb_minutes.pdf"
PACK = "workforce-pack-500-pages.pdf"
PROCESSED = {"broken-xref.pdf": "repaired", PACK: "ok"}


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * 4096
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def timed_run(source: Path, out: Path) -> tuple[int, float, int]:
    """Run ``boardpack run``; (exit code, seconds, peak bytes of its process tree)."""
    started = time.monotonic()
    log = out.with_suffix(".log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "boardpack.cli", "run", "--source", str(source), "--out", str(out)],
        env=cli_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    peak = 0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = proc.wait()
    sampler.join()
    return code, time.monotonic() - started, peak


def published(out: Path, files: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The figures and source cells a release publishes from the papers ``files``."""
    full = pd.read_parquet(out / "dataset" / "observations_full.parquet")
    sources = pd.read_csv(out / "dataset" / "sources.csv")
    full = full[full["paper_file"].isin(files)].sort_values("observation_id").reset_index(drop=True)
    sources = sources[sources["paper_file"].isin(files)].sort_values(["observation_id", "paper_file"])
    return full, sources.reset_index(drop=True)


def main() -> int:
    good = {p.name for p in (ROOT / "raw_papers").glob("*.pdf")}
    with tempfile.TemporaryDirectory(prefix="boardpack-hostile-") as tmp:
        base = Path(tmp)
        clean_src, batch_src = base / "clean", base / "batch"
        shutil.copytree(ROOT / "raw_papers", clean_src)
        shutil.copytree(ROOT / "raw_papers", batch_src)
        hostile.write_batch(batch_src)
        shutil.copy(ROOT / "raw_papers" / "2025-01-28_agb_minutes.pdf", batch_src / COPY)
        (batch_src / PACK).write_bytes(hostile.repeated_table(500))
        code, seconds, peak = timed_run(batch_src, base / "batch-out")
        clean_code, clean_seconds, clean_peak = timed_run(clean_src, base / "clean-out")
        with duckdb.connect(str(base / "batch-out" / "boardpack.duckdb"), read_only=True) as con:
            held = con.execute("SELECT file, kind, reason FROM quarantine WHERE stage <> 'map'").fetchall()
            status = dict(
                con.execute(
                    "SELECT p.paper_file, s.status FROM paper_status s JOIN papers p USING (paper_sha256)"
                ).fetchall()
            )
            names = con.execute("SELECT file, is_label FROM paper_names").fetchall()
        kinds = {Path(f).name: k for f, k, _ in held if k != "over_objects"}
        kinds.update({Path(f).name: k for f, k, _ in held if k == "over_objects"})
        checks = {}
        for name, expected in hostile.EXPECTED_KIND.items():
            if expected is None:
                checks[name] = status.get(name) == PROCESSED[name]
            else:
                reasons = [r for f, k, r in held if Path(f).name == name]
                checks[name] = kinds.get(name) == expected and all(name in r for r in reasons)
        checks[PACK] = status.get(PACK) == "ok"
        checks[COPY] = (COPY, False) in names and ("2025-01-28_agb_minutes.pdf", True) in names
        same = all(
            a.equals(b)
            for a, b in zip(
                published(base / "batch-out", good), published(base / "clean-out", good), strict=True
            )
        )
    figures = {
        "batch_files": len(hostile.BATCH) + 2,
        "exit_code": code,
        "clean_exit_code": clean_code,
        "seconds": round(seconds, 1),
        "peak_mb": round(peak / 2**20),
        "clean_seconds": round(clean_seconds, 1),
        "clean_peak_mb": round(clean_peak / 2**20),
        "each_file_as_its_kind": all(checks.values()),
        "wrong": sorted(n for n, ok in checks.items() if not ok),
        "good_figures_equal_clean_run": same,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=1) + "\n")
    print(json.dumps(figures, indent=1))
    ok = code == 1 and figures["each_file_as_its_kind"] and same and seconds < 180 and peak < 1.5 * 2**30
    print("targets met" if ok else "targets NOT met (under load? compare clean_seconds)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
