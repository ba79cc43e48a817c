"""GX in a process of its own (``boardpack.validation.gx_process``): the results come
back first, the Data Docs of the same validation follow from the same process."""

from __future__ import annotations

from pathlib import Path

from boardpack.validation import gx_process
from tests.validation.validation_corpus import corpus_observations, meeting_dates


def test_the_results_come_back_and_the_data_docs_follow(tmp_path: Path) -> None:
    figures = corpus_observations()
    job = gx_process.GXJob(tmp_path / "gx", "run-test", figures, [], meeting_dates(), figures)

    found, docs = gx_process.validate(job)

    assert len(found) > len(figures) // 10
    assert any(not r.success and r.severity == "error" for r in found)  # the corpus's own wrong totals
    index = docs.result(timeout=300)
    assert index is not None and index.name == "index.html" and index.is_file()
    assert "run-test" in "".join(p.read_text() for p in index.parent.rglob("*.html"))
