"""Great Expectations (GX Core 1.x): versioned suites run by one checkpoint per paper.

Suites live as JSON in ``schemas/expectations/`` (the versioned source of truth); at run
time they are loaded into a file context under ``outputs/gx`` so validation results and
Data Docs land in ``outputs/`` and the repository stays clean.  GX is imported lazily:
it costs seconds and only this module needs it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from boardpack.models import Severity, ValidationResult
from schemas.records import Observation

SUITES_DIR = Path(__file__).resolve().parents[2] / "schemas" / "expectations"
READ_STATUSES = ("ok", "note", "qualified")
"""Value statuses under which a number was read from the cell."""


def load_suite_specs(directory: Path = SUITES_DIR) -> dict[str, dict[str, Any]]:
    """Every suite JSON in ``directory``, by suite name."""
    specs = {}
    for path in sorted(directory.glob("*.json")):
        spec = json.loads(path.read_text())
        specs[spec["name"]] = spec
    return specs


def observations_frame(observations: Sequence[Observation]) -> pd.DataFrame:
    """One row per observation, with a positional index that maps GX failures back."""
    rows = [asdict(o) for o in observations]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    # One column for "allowed categories per series": GX checks a single column against
    # a set several times faster than a column pair against a set of pairs.
    frame["series_category"] = frame["series_id"] + "/" + frame["category_id"]
    # GX's pandas engine cannot hash tuples; bboxes are not validated anyway.
    return frame.drop(columns=["bbox"]).reset_index(drop=True)


class GXValidator:
    """A GX file context holding the suites, run as one checkpoint per paper."""

    def __init__(self, context_root: Path, specs: dict[str, dict[str, Any]] | None = None) -> None:
        import great_expectations as gx

        self._gx = gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.context = gx.get_context(mode="file", project_root_dir=str(context_root))
        # Progress bars would interleave with the run logs: one line per metric batch.
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        self.specs = specs if specs is not None else load_suite_specs()
        # A fresh data source each run: assets and definitions from an earlier run of
        # the same context are replaced, not accumulated.
        source = self.context.data_sources.add_or_update_pandas("observations")
        self._source = source
        self._definitions: dict[str, Any] = {}
        self._batch_definition: Any = None
        self._suites = {name: self._install_suite(name, spec) for name, spec in self.specs.items()}

    def _install_suite(self, name: str, spec: dict[str, Any]) -> Any:
        from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

        gx = self._gx
        expectations = [
            ExpectationConfiguration(
                type=e["type"], kwargs=e["kwargs"], meta=e.get("meta", {})
            ).to_domain_obj()
            for e in spec["expectations"]
        ]
        suite = gx.ExpectationSuite(name=name, expectations=expectations, meta=spec.get("meta", {}))
        return self.context.suites.add_or_update(suite)

    def _definition(self, suite_name: str) -> Any:
        """The suite's validation definition, made once per context and reused: every
        suite validates the same whole-dataframe batch definition, so GX rewrites its
        project YAML (~45 ms a time) twice per run instead of twice per suite."""
        if suite_name not in self._definitions:
            definition = self._gx.ValidationDefinition(
                data=self._batch(), suite=self._suites[suite_name], name=suite_name
            )
            self._definitions[suite_name] = self.context.validation_definitions.add_or_update(definition)
        return self._definitions[suite_name]

    def _batch(self) -> Any:
        if self._batch_definition is None:
            asset = self._source.add_dataframe_asset(name="observations")
            self._batch_definition = asset.add_batch_definition_whole_dataframe("whole")
        return self._batch_definition

    def validate(
        self, run_name: str, by_suite: Mapping[str, Sequence[Observation]], build_docs: bool = True
    ) -> list[ValidationResult]:
        """Run every suite once on its observations (of all papers); one result per
        failure, naming its paper and cell, or per passed expectation.

        One run per suite, not per paper and suite: GX spends 20-80 ms per expectation
        and run whatever the batch size, so batching papers keeps a corpus under 2 s."""
        from great_expectations.core.run_identifier import RunIdentifier

        results: list[ValidationResult] = []
        run_id = RunIdentifier(run_name=run_name)
        for suite_name, observations in by_suite.items():
            if not observations:
                continue
            run = self._definition(suite_name).run(
                batch_parameters={"dataframe": observations_frame(observations)},
                result_format={"result_format": "COMPLETE"},
                run_id=run_id,
            )
            for er in run.results:
                results.extend(_to_results(suite_name, er, list(observations)))
        if build_docs:
            self.build_docs()
        return results

    def build_docs(self) -> Path | None:
        """Build Data Docs with their assets shipped locally; returns the index page."""
        from boardpack.validation.offline_docs import localise_site

        self.context.build_data_docs()
        index = self.docs_index()
        if index is not None:
            localise_site(index.parent)
        return index

    def docs_index(self) -> Path | None:
        """The Data Docs index page, once built."""
        urls = self.context.get_docs_sites_urls()
        for site in urls:
            url = site.get("site_url") or ""
            if url.startswith("file://"):
                return Path(url.removeprefix("file://"))
        return None


def _to_results(suite: str, er: Any, observations: list[Observation]) -> list[ValidationResult]:
    """Turn one GX expectation result into records naming each failing cell."""
    config = er.expectation_config
    check = config.type
    meta = config.meta or {}
    why = meta.get("why", "")
    severity: Severity = "warning" if meta.get("severity") == "warning" else "error"
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
    expected = json.dumps(kwargs, default=str)
    if er.success:
        return [ValidationResult(suite, check, True, severity, f"passed: {why}", expected=expected)]
    out = []
    for idx in er.result.get("unexpected_index_list") or []:
        i = idx if isinstance(idx, int) else int(idx.get("index", -1)) if isinstance(idx, dict) else -1
        if not 0 <= i < len(observations):
            continue
        o = observations[i]
        out.append(ValidationResult(
            suite, check, False, severity, f"{o.series_id} / {o.category_label} / {o.period_label}: {why}",
            series_id=o.series_id, paper_file=o.paper_file, page=o.page, table_id=o.table_id,
            row=o.row, col=o.col, expected=expected, observed=o.value_text, paper_sha256=o.paper_sha256,
            category_id=o.category_id, period_start=o.period_start, period_end=o.period_end,
        ))  # fmt: skip
    if not out:  # a failure GX did not tie to rows (a suite-level expectation)
        observed = json.dumps(er.result, default=str)[:500]
        out.append(
            ValidationResult(
                suite, check, False, severity, f"failed: {why}", expected=expected, observed=observed
            )
        )
    return out
