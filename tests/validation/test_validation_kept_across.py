"""Cross-paper results kept by figure group: a run checks only the groups whose figures
changed, and what it keeps plus what it finds is what checking every group finds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from validation_corpus import corpus_observations, meeting_dates

from boardpack.models import ValidationResult
from boardpack.validation.checks import CheckConfig, CheckContext
from boardpack.validation.checks.base import across_paper_checks, check_named
from boardpack.validation.kept import validation_version
from boardpack.validation.kept_across import (
    KeptAcross,
    group_digests,
    kept_results,
    load_kept,
    save_kept,
    stale_groups,
    updated,
)
from schemas.records import Observation
from schemas.registry import default_schemas


def compare(observations: list[Observation]) -> list[ValidationResult]:
    """What the cross-paper checks find over ``observations`` (without GX)."""
    ctx = CheckContext.build(observations, default_schemas(), meeting_dates(), CheckConfig())
    return [r for name in sorted(across_paper_checks()) for r in check_named(name).validate(ctx)]


def test_a_changed_figure_changes_its_groups_digest_alone() -> None:
    figures = list(corpus_observations())
    before = group_digests(figures)
    changed = replace(figures[10], value=(figures[10].value or 0) + 1)
    after = group_digests([*figures[:10], changed, *figures[11:]])
    assert {g for g in before if before[g] != after[g]} == {(changed.series_id, changed.category_id)}


def test_checking_the_groups_a_new_paper_touches_finds_what_checking_every_group_finds() -> None:
    figures = list(corpus_observations())
    last = sorted({o.paper_sha256 for o in figures})[-1]
    earlier = [o for o in figures if o.paper_sha256 != last]

    first_digests = group_digests(earlier)
    kept = updated(KeptAcross(validation_version()), first_digests, set(first_digests), compare(earlier))

    digests = group_digests(figures)
    stale = stale_groups(kept, digests)
    touched = {(o.series_id, o.category_id) for o in figures if o.paper_sha256 == last}
    assert stale == touched and len(stale) < len(digests)
    found = compare([o for o in figures if (o.series_id, o.category_id) in stale])
    merged = kept_results(updated(kept, digests, stale, found))

    everything = compare(figures)
    assert any(not r.success for r in everything), "the corpus has cross-paper findings to keep"
    assert sorted(map(repr, merged)) == sorted(map(repr, everything))


def test_kept_results_of_other_code_are_not_used(tmp_path: Path) -> None:
    figures = list(corpus_observations())
    digests = group_digests(figures)
    save_kept(tmp_path, updated(KeptAcross("older code"), digests, set(digests), compare(figures)))
    assert load_kept(tmp_path).groups == {}
    (tmp_path / "across.pickle").write_bytes(b"torn")
    assert load_kept(tmp_path).groups == {}


def test_digests_by_paper_key_mark_stale_the_groups_field_by_field_digests_mark() -> None:
    figures = list(corpus_observations())
    last = sorted({o.paper_sha256 for o in figures})[-1]
    earlier = [o for o in figures if o.paper_sha256 != last]
    keys = {sha: f"key-{sha}" for sha in {o.paper_sha256 for o in figures}}

    def stale(before: list[Observation], after: list[Observation], by_key: bool) -> set[tuple[str, str]]:
        first = group_digests(before, keys if by_key else None)
        return stale_groups(updated(KeptAcross(validation_version()), first, set(first), []),
                            group_digests(after, keys if by_key else None))  # fmt: skip

    added = stale(earlier, figures, by_key=True)
    assert added == stale(earlier, figures, by_key=False) and 0 < len(added) < len(group_digests(figures))
    removed = stale(figures, earlier, by_key=True)
    assert removed == stale(figures, earlier, by_key=False)
    # a paper whose figures changed has a new key (its content or the code changed)
    changed = {**keys, last: "key-changed"}
    assert {
        g for g, d in group_digests(figures, changed).items() if group_digests(figures, keys)[g] != d
    } == added
