"""Issue 13: Data Docs and the store (which the audit site renders) list the same failed
checks, each with its arithmetic and cell.  Read from what each side wrote: the GX
validation results JSON of the latest run (what Data Docs render), its rendered HTML,
and the DuckDB store of a real run of the flow over the corpus."""

from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import CorpusRun

Finding = tuple[Any, ...]
"""(suite, check, severity, paper_sha256, table_id, row, col, series_id, category_id,
period_start, period_end): one failed check on one figure."""

CADETS = "2019-12-17_spcb_building-a-modern-police-force.pdf"
ATTRITION = "2022-09_spcb_fairness-and-belonging.pdf"
WORKFORCE = "2023-01-23_spcb_supporting-the-workforce-organisational-change.pdf"


def _latest_run(validations: Path) -> list[Path]:
    """The result files of the latest run (run names sort by time)."""
    runs = sorted({p.parent.parent.name for p in validations.glob("*/*/*/*.json")})
    return sorted(validations.glob(f"*/{runs[-1]}/*/*.json"))


def gx_findings(gx_root: Path) -> Counter[Finding]:
    """Every failed check the latest GX run stored, one per failing figure."""
    found: Counter[Finding] = Counter()
    for path in _latest_run(gx_root / "gx" / "uncommitted" / "validations"):
        suite = json.loads(path.read_text(encoding="utf-8"))
        for r in suite["results"]:
            if r["success"]:
                continue
            config = r["expectation_config"]
            severity = "error" if config["severity"] == "critical" else "warning"
            for f in r["result"].get("details", {}).get("failures", []):
                found[(suite["suite_name"], config["type"], f["severity"], f["paper_sha256"], f["table_id"], f["row"],
                       f["col"], f["series_id"], f["category_id"], f["period_start"], f["period_end"])] += 1  # fmt: skip
            for u in r["result"].get("unexpected_index_list") or []:
                found[(suite["suite_name"], config["type"], severity, u["paper_sha256"], u["table_id"], u["row"],
                       u["col"], u["series_id"], u["category_id"], u["period_start"], u["period_end"])] += 1  # fmt: skip
    return found


def gx_passes(gx_root: Path) -> Counter[tuple[str, str]]:
    """(suite, expectation type) of every expectation the latest GX run passed."""
    found: Counter[tuple[str, str]] = Counter()
    for path in _latest_run(gx_root / "gx" / "uncommitted" / "validations"):
        suite = json.loads(path.read_text(encoding="utf-8"))
        found.update(
            (suite["suite_name"], r["expectation_config"]["type"]) for r in suite["results"] if r["success"]
        )
    return found


def _store(database: Path, sql: str) -> list[tuple[Any, ...]]:
    """The rows of a query on the store, opened read-only."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def store_passes(database: Path) -> Counter[tuple[str, str]]:
    """(suite, check) of every passed result the store holds (not the results not checked)."""
    sql = 'SELECT suite, "check" FROM validation_results WHERE success AND checked IS NOT FALSE'
    return Counter((r[0], r[1]) for r in _store(database, sql))


def gx_not_checked(gx_root: Path) -> Counter[tuple[Any, ...]]:
    """(suite, check, paper_sha256, table_id, row, col, message) of every result the latest
    GX run could not decide (``details.not_checked``)."""
    found: Counter[tuple[Any, ...]] = Counter()
    for path in _latest_run(gx_root / "gx" / "uncommitted" / "validations"):
        suite = json.loads(path.read_text(encoding="utf-8"))
        for r in suite["results"]:
            for u in r["result"].get("details", {}).get("not_checked", []):
                found[(suite["suite_name"], r["expectation_config"]["type"], u["paper_sha256"], u["table_id"],
                       u["row"], u["col"], u["message"])] += 1  # fmt: skip
    return found


def store_not_checked(database: Path) -> Counter[tuple[Any, ...]]:
    """The same, as the store holds them (``checked`` false)."""
    sql = """SELECT suite, "check", paper_sha256, table_id, row, col, message FROM validation_results
             WHERE checked IS FALSE"""
    return Counter(_store(database, sql))


def store_findings(database: Path) -> Counter[Finding]:
    """Every failed check the store holds."""
    rows = _store(
        database,
        """SELECT suite, "check", severity, paper_sha256, table_id, row, col, series_id, category_id,
                  strftime(period_start, '%Y-%m-%d'), strftime(period_end, '%Y-%m-%d')
           FROM validation_results WHERE NOT success""",
    )
    return Counter(rows)


def _store_failures(database: Path) -> list[dict[str, Any]]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        frame = con.execute("SELECT * FROM validation_results WHERE NOT success").df()
    finally:
        con.close()
    return frame.to_dict("records")  # type: ignore[return-value]


@pytest.mark.slow
def test_data_docs_and_the_store_list_the_same_failed_checks(corpus_run: CorpusRun) -> None:
    in_gx = gx_findings(corpus_run.out / "gx")
    in_store = store_findings(corpus_run.out / "boardpack.duckdb")
    assert in_gx == in_store
    assert gx_passes(corpus_run.out / "gx") == store_passes(corpus_run.out / "boardpack.duckdb")
    assert gx_not_checked(corpus_run.out / "gx") == store_not_checked(corpus_run.out / "boardpack.duckdb")
    # ... and they are the corpus's findings: three errors, the explained warning (down
    # and across), and the jumps of the small chief-officer groups
    files = dict(_store(corpus_run.out / "boardpack.duckdb", "SELECT paper_sha256, paper_file FROM papers"))
    summary = Counter((f[1], f[2], files[f[3]], f[4]) for f in in_gx.elements())
    assert summary == Counter({
        ("expect_parts_sum_to_total", "error", CADETS, "t08"): 1,
        ("expect_parts_sum_to_total", "error", WORKFORCE, "t15"): 1,
        ("expect_period_before_meeting", "error", ATTRITION, "t04"): 1,
        ("expect_parts_sum_to_total", "warning", WORKFORCE, "t16"): 2,
        ("expect_jump_between_periods", "warning", WORKFORCE, "t03"): 1,
        ("expect_jump_between_periods", "warning", WORKFORCE, "t04"): 3,
    })  # fmt: skip


@pytest.mark.slow
def test_data_docs_pages_show_each_failures_arithmetic_and_cell(corpus_run: CorpusRun) -> None:
    validations = corpus_run.out / "gx" / "gx" / "uncommitted" / "data_docs" / "local_site" / "validations"
    pages = {
        p.relative_to(validations).parts[0]: p.read_text(encoding="utf-8")
        for p in _latest_run_pages(validations)
    }
    rows = {suite: table_rows(page) for suite, page in pages.items()}
    failures = _store_failures(corpus_run.out / "boardpack.duckdb")
    assert len(failures) == 9
    for f in failures:
        shown = [f["severity"], f["message"], f["expected"], f["observed"], f["paper_file"], str(f["page"]),
                 f["table_id"], str(f["row"]), str(f["col"])]  # fmt: skip
        assert any(r[: len(shown)] == shown for r in rows[f["suite"]]), shown
    assert "218 ≠ 219 (off by 1; exact count)" in pages["parts_sum_to_total"]


def _latest_run_pages(validations: Path) -> list[Path]:
    runs = sorted({p.parent.parent.name for p in validations.glob("*/*/*/*.html")})
    return sorted(validations.glob(f"*/{runs[-1]}/*/*.html"))


class _Rows(HTMLParser):
    """The text of every table row's cells, innermost tables included."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._open: list[list[str]] = []
        self._in_cell: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._open.append([])
        elif tag in ("td", "th") and self._open:
            self._open[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._open:
            self.rows.append([" ".join(c.split()) for c in self._open.pop()])

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1]:
            self._open[-1][-1] += data


def table_rows(page: str) -> list[list[str]]:
    """Every table row of a page as its cells' text (whitespace collapsed, unescaped)."""
    parser = _Rows()
    parser.feed(page)
    return parser.rows
