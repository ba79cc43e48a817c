"""What the worker made of one paper: its tables, and why any of it was not read."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from boardpack.models import Paper
from boardpack.paper_facts import relabelled, with_facts
from boardpack.problems import Problem
from extractors.records import PaperTables

PaperStatus = Literal["ok", "repaired", "quarantined"]
PAPER_STATUSES: tuple[PaperStatus, ...] = ("ok", "repaired", "quarantined")
"""``ok``: read as it is; ``repaired``: damaged, repaired and read; ``quarantined``: not
read (its whole-paper problem says why)."""


@dataclass
class PaperRead:
    """One paper as the worker read it.

    ``tables`` is the extraction (empty when the paper is quarantined; its ``file`` is
    the paper's label and its ``sha256`` the hash of the bytes as pulled, even when a
    repaired copy was read).  ``problems`` lists every whole-paper or page problem
    with its quarantine code.  ``seconds`` is the wall time the read took.
    """

    tables: PaperTables
    status: PaperStatus = "ok"
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def file(self) -> str:
        """The paper's label (progress lines print it)."""
        return self.tables.file

    def without_tables(self) -> PaperRead:
        """This read with its tables left out (status, problems, pages and facts kept):
        what a run holds once the tables are stored."""
        return replace(self, tables=replace(self.tables, tables=[]))

    def labelled(self, file: str) -> PaperRead:
        """This read under the file name ``file``: the same bytes may arrive under another
        name than the one they were read, and cached, under (the name is only a label)."""
        old = self.tables.file
        if old == file:
            return self
        problems = [replace(p, message=p.message.replace(old, file, 1)) for p in self.problems]
        return replace(self, tables=relabelled(self.tables, file), problems=problems)


def settle_read(paper: Paper, read: PaperRead) -> tuple[Paper, PaperRead]:
    """``paper`` with its facts completed from its own pages (``with_facts``), and
    ``read`` under the paper's file name (it may come from the cache under another)."""
    settled = with_facts(paper, read.tables.facts)
    return settled, read.labelled(settled.file)
