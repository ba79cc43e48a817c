"""Byte-identical files: one paper, every name kept.

The same bytes under several names (a copy, a re-upload, two sources) are one paper,
processed once.  Its label, the name every output uses, is the copy a manifest or index
page describes (it carries the meeting date and title), else the copy seen earliest
(oldest file), then the earliest in source order; the other names are kept as
``PaperName`` rows and never change the label's facts.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from boardpack.models import Paper
from boardpack.sources.result import PaperName


def described(paper: Paper) -> bool:
    """True when a manifest or index page gave this copy its metadata."""
    return any(v is not None for v in (paper.board, paper.meeting_date, paper.title))


def _seen(paper: Paper) -> float:
    try:
        return os.stat(paper.path).st_mtime
    except OSError:
        return float("inf")


def one_per_content(papers: Sequence[Paper]) -> tuple[list[Paper], list[PaperName]]:
    """One paper per sha256 (its label chosen as the module says), in the order each
    content was first pulled, and every name of every paper (labels flagged)."""
    copies: dict[str, list[tuple[int, Paper]]] = {}
    for order, paper in enumerate(papers):
        copies.setdefault(paper.sha256, []).append((order, paper))
    labels: list[Paper] = []
    names: list[PaperName] = []
    for group in copies.values():
        _, label = min(group, key=lambda c: (not described(c[1]), _seen(c[1]), c[0]))
        labels.append(label)
        names.extend(PaperName(p.sha256, p.file, p.path, p.source, is_label=p is label) for _, p in group)
    return labels, names
