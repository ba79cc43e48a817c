"""The results of the checks that compare papers, kept between runs by figure group.

Those checks (agreement across reports, jumps between periods) compare the figures of
one series and category, and read nothing else: a group's results depend only on its
figures (every field, in the order the run lists them) and the code and suites that
check them.  Each group is kept under a digest of exactly those, so a run sends to GX
only the groups whose figures changed (those a new, changed or removed paper touches)
and takes the rest as they were.  Results that concern no single figure (an
expectation's pass) are kept from the last run that checked any group.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path

from boardpack.atomic import write_whole
from boardpack.models import ValidationResult
from boardpack.validation.kept import validation_version
from schemas.records import Observation

Group = tuple[str, str]
"""(series_id, category_id): the figures a cross-paper check compares with each other."""

KEPT_FILE = "across.pickle"
_FIELDS = attrgetter(*(f.name for f in fields(Observation)))


@dataclass
class KeptAcross:
    """The cross-paper results of the last run: per group, its digest and results; and
    the results about no single figure."""

    version: str
    groups: dict[Group, tuple[str, list[ValidationResult]]] = field(default_factory=dict)
    run_level: list[ValidationResult] = field(default_factory=list)


def group_digests(
    observations: Iterable[Observation], paper_keys: Mapping[str, str] | None = None
) -> dict[Group, str]:
    """Each group's digest: its figures, every field in order.

    With ``paper_keys`` (a key per paper sha256 that fixes the paper's figures:
    ``kept.figures_key``), a group's figures are named by the keys of the papers
    that give them, in order, rather than field by field: the same digest whenever the
    figures are the same, at a fraction of the cost over a thousand papers' figures."""
    hashes: dict[Group, hashlib._Hash] = {}
    last: dict[Group, str] = {}
    for o in observations:
        group = (o.series_id, o.category_id)
        if group not in hashes:
            hashes[group] = hashlib.sha256()
        if paper_keys is None:
            hashes[group].update(repr(_FIELDS(o)).encode())
        elif last.get(group) != o.paper_sha256:
            # figures come paper by paper: each paper's key once per group it gives to
            last[group] = o.paper_sha256
            hashes[group].update(f"{paper_keys[o.paper_sha256]}\0".encode())
    return {g: h.hexdigest() for g, h in hashes.items()}


def load_kept(folder: Path) -> KeptAcross:
    """What the last run kept (nothing when it was made by other code, or unreadable)."""
    version = validation_version()
    try:
        found = pickle.loads((folder / KEPT_FILE).read_bytes())
    except FileNotFoundError:
        return KeptAcross(version)
    except Exception:  # a torn or foreign file: check every group again
        return KeptAcross(version)
    return found if isinstance(found, KeptAcross) and found.version == version else KeptAcross(version)


def stale_groups(kept: KeptAcross, digests: dict[Group, str]) -> set[Group]:
    """The groups whose figures are not those the kept results were found on."""
    return {g for g, d in digests.items() if g not in kept.groups or kept.groups[g][0] != d}


def updated(
    kept: KeptAcross, digests: dict[Group, str], stale: set[Group], found: Sequence[ValidationResult]
) -> KeptAcross:
    """The kept results after a run that checked the ``stale`` groups and found ``found``:
    their results replaced, the other groups' kept, groups no longer present dropped."""
    by_group: dict[Group, list[ValidationResult]] = defaultdict(list)
    run_level = []
    for r in found:
        if r.series_id is None or r.category_id is None:
            run_level.append(r)
        else:
            by_group[(r.series_id, r.category_id)].append(r)
    groups = {g: (d, by_group.get(g, []) if g in stale else kept.groups[g][1]) for g, d in digests.items()}
    return KeptAcross(kept.version, groups, run_level if stale else kept.run_level)


def save_kept(folder: Path, kept: KeptAcross) -> None:
    """Keep ``kept`` for the next run, written whole."""
    write_whole(folder / KEPT_FILE, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))


def kept_results(kept: KeptAcross) -> list[ValidationResult]:
    """Every kept result: each group's, then those about no single figure."""
    return [r for _, rs in kept.groups.values() for r in rs] + kept.run_level
