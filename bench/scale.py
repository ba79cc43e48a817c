"""Benchmark: ``boardpack run`` over N distinct papers, cold and rerun, each a fresh process.

For each N (default 50, 200, 1000) the first N papers of the scale corpus
(``bench/scale_corpus.py``: the corpus re-typeset, one year and meeting per copy, figures
changed) go into a folder of their own, and ``.venv/bin/boardpack run --source DIR --out
DIR`` runs as a user runs it, into an empty output folder:

* **cold**: wall time of the process (Python and Prefect start included), seconds per
  paper and per page of each stage (from the run's ``run_timings.json``), peak memory of
  the flow process and of any process it starts (the process tree sampled with psutil;
  the largest ``ru_maxrss`` of the tree as the kernel saw it), the sizes of the store, the
  release, the audit site and the cache;
* **rerun, nothing new**: the same command again;
* **rerun, one new paper**: copy N+1 added to the folder, the same command again.

Figures go to ``outputs/bench/scale.json`` and are printed as two tables.  Usage::

    python bench/scale.py [--sizes 50,200,1000] [--reruns 1000] [--keep]

``--reruns`` lists the sizes that get the two reruns (default: every size); ``--keep``
keeps each size's output folder under ``outputs/bench/scale/`` for a look.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.scale_corpus import build_corpus  # noqa: E402
from boardpack.timings import STAGES, TIMINGS_FILE  # noqa: E402

WORK = ROOT / "outputs" / "bench" / "scale"
RESULT = ROOT / "outputs" / "bench" / "scale.json"
BOARDPACK = ROOT / ".venv" / "bin" / "boardpack"
SAMPLE_EVERY_S = 0.1
TARGETS = {
    "cold_1000_s": 15 * 60,
    "peak_mb": 1024,
    "per_paper_drift": 0.20,
    "one_new_ratio": 0.05,
    "nothing_new_s": 20,
}


@dataclass
class Peak:
    """The highest memory seen while a process tree ran, in MB."""

    tree_mb: float = 0.0
    """The sum over the tree at one moment: what the run took from the machine."""
    flow_mb: float = 0.0
    """The flow's own process."""
    worker_mb: float = 0.0
    """The largest process the flow started (a worker, a Dask worker, a server)."""
    processes: int = 1
    """The most processes the tree held at once."""


def sample_tree(pid: int, peak: Peak, done: threading.Event) -> None:
    """Sample the resident memory of ``pid`` and its descendants until ``done``."""
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    while not done.is_set():
        try:
            children = root.children(recursive=True)
            flow = root.memory_info().rss
        except psutil.NoSuchProcess:
            return
        sizes = []
        for child in children:
            try:
                sizes.append(child.memory_info().rss)
            except psutil.NoSuchProcess:
                continue
        mb = 1024 * 1024
        peak.flow_mb = max(peak.flow_mb, flow / mb)
        peak.worker_mb = max(peak.worker_mb, max(sizes, default=0) / mb)
        peak.tree_mb = max(peak.tree_mb, (flow + sum(sizes)) / mb)
        peak.processes = max(peak.processes, 1 + len(sizes))
        done.wait(SAMPLE_EVERY_S)


@dataclass
class RunFigures:
    """One ``boardpack run`` as a process: wall time, memory, and what the flow recorded."""

    wall_s: float
    peak: Peak
    maxrss_mb: float
    """The largest ``ru_maxrss`` of the process or any descendant it waited for."""
    timings: dict[str, Any] = field(default_factory=dict)
    stdout_tail: str = ""


def run_boardpack(source: Path, out: Path) -> RunFigures:
    """Run ``boardpack run --source SOURCE --out OUT`` as a fresh process and measure it."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("PREFECT_HOME", None)  # the run's own OUT/prefect, as a user's run has
    env.pop("PREFECT_API_URL", None)
    cmd = [str(BOARDPACK), "run", "--source", str(source), "--out", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak, done = Peak(), threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    sampler = threading.Thread(target=sample_tree, args=(proc.pid, peak, done), daemon=True)
    sampler.start()
    output, _ = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{output[-4000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux
    timings_path = out / TIMINGS_FILE
    timings = json.loads(timings_path.read_text()) if timings_path.is_file() else {}
    tail = "\n".join(output.strip().splitlines()[-4:])
    return RunFigures(round(wall, 2), peak, round(max(after, before) / 1024, 1), timings, tail)


def dir_mb(path: Path) -> float:
    """Size of the file ``path``, or of the files under it (links not followed), in MB."""
    if not path.exists():
        return 0.0
    if path.is_file():  # the store is one file
        return round(path.stat().st_size / 1024 / 1024, 2)
    total = sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return round(total / 1024 / 1024, 2)


def stored_counts(out: Path) -> dict[str, int]:
    """Papers, pages, tables, observations and tidy cells in the run's store."""
    import duckdb

    con = duckdb.connect(str(out / "boardpack.duckdb"), read_only=True)
    try:
        row = con.execute(
            "SELECT (SELECT count(*) FROM papers), (SELECT coalesce(sum(pages), 0) FROM papers), "
            "(SELECT count(*) FROM tables), (SELECT count(*) FROM observations), "
            "(SELECT count(*) FROM tidy_cells), "
            "(SELECT count(*) FROM validation_results WHERE NOT success AND severity = 'error')"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    keys = ("papers", "pages", "tables", "observations", "tidy_cells", "validation_errors")
    return dict(zip(keys, (int(v) for v in row), strict=True))


def sizes(out: Path) -> dict[str, float]:
    """MB of the store, the current release, the audit site and the per-paper cache."""
    release = (out / "dataset").resolve()
    return {
        "store_mb": dir_mb(out / "boardpack.duckdb"),
        "release_mb": dir_mb(release),
        "audit_mb": dir_mb(out / "audit"),
        "cache_mb": dir_mb(out / "cache"),
    }


def per_unit(stage_seconds: dict[str, float], count: int) -> dict[str, float]:
    """Each stage's seconds divided by ``count`` (papers or pages), in stage order."""
    return {s: round(stage_seconds[s] / count, 4) for s in STAGES if s in stage_seconds and count}


def link_papers(papers: list[Path], folder: Path) -> None:
    """``folder`` holding exactly ``papers`` (hard links; copies across file systems)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for p in papers:
        add_paper(p, folder)


def add_paper(paper: Path, folder: Path) -> None:
    """Put ``paper`` into ``folder`` (a hard link, else a copy)."""
    try:
        os.link(paper, folder / paper.name)
    except OSError:
        shutil.copy2(paper, folder / paper.name)


def bench_size(n: int, corpus: list[Path], reruns: bool, keep: bool) -> dict[str, Any]:
    """Cold run over the first ``n`` papers, then (``reruns``) the two reruns."""
    source, out = WORK / f"papers-{n}", WORK / f"out-{n}"
    link_papers(corpus[:n], source)
    shutil.rmtree(out, ignore_errors=True)
    print(f"N = {n}: cold run ...", flush=True)
    cold = run_boardpack(source, out)
    counts = stored_counts(out)
    stage_s = cold.timings.get("stage_seconds", {})
    figures: dict[str, Any] = {
        "papers": n,
        **counts,
        "cold": asdict(cold),
        "seconds_per_paper": round(cold.wall_s / n, 4),
        "stage_seconds": stage_s,
        "stage_seconds_per_paper": per_unit(stage_s, n),
        "stage_seconds_per_page": per_unit(stage_s, counts["pages"]),
        **sizes(out),
    }
    print(f"  {cold.wall_s:.1f} s, {figures['seconds_per_paper']:.3f} s/paper, peak {cold.peak.tree_mb:.0f} MB",
          flush=True)  # fmt: skip
    if reruns:
        print(f"N = {n}: rerun with nothing new ...", flush=True)
        same = run_boardpack(source, out)
        print(f"  {same.wall_s:.1f} s", flush=True)
        add_paper(corpus[n], source)
        print(f"N = {n}: rerun with one new paper ...", flush=True)
        one = run_boardpack(source, out)
        print(f"  {one.wall_s:.1f} s ({100 * one.wall_s / cold.wall_s:.1f}% of cold)", flush=True)
        figures["rerun_nothing_new"] = asdict(same)
        figures["rerun_one_new"] = asdict(one)
        figures["one_new_ratio"] = round(one.wall_s / cold.wall_s, 4)
        figures["one_new_sizes"] = sizes(out)
    if not keep:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(source, ignore_errors=True)
    return figures


def machine() -> dict[str, Any]:
    """What the machine was doing: cores and load averages at the start."""
    return {"cpus": os.cpu_count(), "load_avg": [round(x, 2) for x in os.getloadavg()]}


def cold_table(results: list[dict[str, Any]]) -> list[str]:
    """The markdown table of the cold runs."""
    head = ["N", "pages", "wall s", "s/paper", *[f"{s} s/paper" for s in STAGES], "peak tree MB",
            "peak flow MB", "peak worker MB", "store MB", "release MB", "audit MB"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        per = r["stage_seconds_per_paper"]
        peak = r["cold"]["peak"]
        cells = [r["papers"], r["pages"], r["cold"]["wall_s"], r["seconds_per_paper"],
                 *[per.get(s, "") for s in STAGES], round(peak["tree_mb"]), round(peak["flow_mb"]),
                 round(peak["worker_mb"]), r["store_mb"], r["release_mb"], r["audit_mb"]]  # fmt: skip
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return lines


def rerun_table(results: list[dict[str, Any]]) -> list[str]:
    """The markdown table of the reruns."""
    lines = ["| N | cold s | nothing new s | one new s | one new / cold | peak MB (one new) |",
             "|---|---|---|---|---|---|"]  # fmt: skip
    for r in results:
        if "rerun_one_new" not in r:
            continue
        one = r["rerun_one_new"]
        lines.append(f"| {r['papers']} | {r['cold']['wall_s']} | {r['rerun_nothing_new']['wall_s']} | "
                     f"{one['wall_s']} | {100 * r['one_new_ratio']:.1f}% | {one['peak']['tree_mb']:.0f} |")  # fmt: skip
    return lines


def main(argv: list[str] | None = None) -> int:
    """CLI entry: build the corpus, run every size, print and save the figures."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="50,200,1000", help="comma-separated numbers of papers")
    ap.add_argument("--reruns", default=None, help="sizes that get the two reruns (default: all)")
    ap.add_argument("--keep", action="store_true", help="keep each size's output folder")
    ap.add_argument("--out", type=Path, default=RESULT, help="where the JSON figures go")
    args = ap.parse_args(argv)
    ns = [int(x) for x in args.sizes.split(",") if x]
    rerun_ns = set(ns) if args.reruns is None else {int(x) for x in args.reruns.split(",") if x}
    started = machine()
    print(f"building {max(ns) + 1} papers ...", flush=True)
    t = time.perf_counter()
    corpus = build_corpus(max(ns) + 1)
    print(f"  corpus ready in {time.perf_counter() - t:.0f} s", flush=True)
    results = [bench_size(n, corpus, n in rerun_ns, args.keep) for n in ns]
    report = {
        "command": "python bench/scale.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine_at_start": started,
        "machine_at_end": machine(),
        "targets": TARGETS,
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print("\n".join(["", *cold_table(results), "", *rerun_table(results)]))
    print(f"\nfigures: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
