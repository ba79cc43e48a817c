"""Each paper's one-paper validation results, kept between runs.

A paper's results from every check but those that compare papers depend only on its own
figures and cells, its file name (results name it), its meeting date, and the code and
suites that made and checked them.  They are kept under a key of exactly those, so a
run validates only the papers it has not validated before; a kept file that cannot be
read back whole is treated as absent (and the paper validated again).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from boardpack.atomic import write_whole
from boardpack.fingerprint import extractor_version, mapping_version, package_fingerprint
from boardpack.models import Paper, ValidationResult


def validation_version() -> str:
    """What a paper's results depend on beyond its own figures: the validation code,
    the mapping (whose package holds the suites) and the extractor."""
    return "-".join((package_fingerprint("boardpack/validation"), mapping_version(), extractor_version()))


def results_key(paper: Paper) -> str:
    """The key of a paper's one-paper results."""
    parts = (paper.sha256, paper.file, paper.meeting_date or "", validation_version())
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def figures_key(paper: Paper) -> str:
    """A key that fixes a paper's figures (mapped from its content, with its file name
    and facts, by the code): ``results_key`` and every field of the paper but its path.

    Where the file lies is in no figure, result or stored row of it; keyed on it, a
    source folder moved or mounted elsewhere made every figure group stale and every
    paper's rows be written again."""
    return hashlib.sha256(f"{results_key(paper)}\0{replace(paper, path='')!r}".encode()).hexdigest()


def kept_results(folder: Path, paper: Paper) -> list[ValidationResult] | None:
    """The results kept for ``paper``; None when there are none (or none readable)."""
    path = folder / f"{results_key(paper)}.pickle"
    try:
        found = pickle.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except Exception:  # a torn or foreign file: validate the paper again
        path.unlink(missing_ok=True)
        return None
    return found if isinstance(found, list) else None


def keep_results(folder: Path, paper: Paper, results: Sequence[ValidationResult]) -> None:
    """Keep ``paper``'s one-paper results, written whole (temp file, then rename)."""
    data = pickle.dumps(list(results), protocol=pickle.HIGHEST_PROTOCOL)
    write_whole(folder / f"{results_key(paper)}.pickle", data)


def forget_others(folder: Path, papers: Iterable[Paper]) -> None:
    """Remove what is kept for any paper not in ``papers`` (or under an old key)."""
    keep = {f"{results_key(p)}.pickle" for p in papers}
    for path in folder.glob("*.pickle") if folder.is_dir() else ():
        if path.name not in keep:
            path.unlink(missing_ok=True)


def run_level(results: Iterable[ValidationResult]) -> list[ValidationResult]:
    """The run's results that concern no single paper, from the results of several
    validations (kept papers' and this run's), each once: a suite-level failure as
    often as it differs, an expectation's pass once, and only when no paper fails it."""
    found = list(results)
    failing = {(r.suite, r.check) for r in found if not r.success and r.checked}
    seen: set[tuple[object, ...]] = set()
    out = []
    for r in found:
        if r.paper_sha256 is not None:
            continue
        key: tuple[object, ...] = (r.suite, r.check, r.message, r.expected) if r.success else (
            r.suite, r.check, r.severity, r.message, r.observed)  # fmt: skip
        if key in seen or (r.success and (r.suite, r.check) in failing):
            continue
        seen.add(key)
        out.append(r)
    return out
