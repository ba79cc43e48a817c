"""What a pull returns: the papers it got and the failures it kept going past."""

from __future__ import annotations

from dataclasses import dataclass, field

from boardpack.models import Paper
from boardpack.problems import Kind


@dataclass(frozen=True)
class PullFailure:
    """One file or URL that could not be pulled, and why (a one-line reason)."""

    url_or_path: str
    reason: str
    kind: Kind | None = None
    """The quarantine code (``boardpack.problems.Kind``); None when no finer one is known."""
    sha256: str | None = None
    """The hash of the file's bytes, when they could be read."""


@dataclass(frozen=True)
class PaperName:
    """One name under which a paper's bytes were found (a paper has one per copy)."""

    sha256: str
    file: str
    path: str
    source: str
    is_label: bool
    """This name is the paper's label, the one every output uses."""


@dataclass
class PullResult:
    """Papers pulled plus failures; a failure never stops the rest of a batch.

    ``papers`` holds one paper per content (sha256); ``names`` every name found for
    each (filled by ``pull``; see ``boardpack.sources.duplicates``).
    """

    papers: list[Paper] = field(default_factory=list)
    failures: list[PullFailure] = field(default_factory=list)
    names: list[PaperName] = field(default_factory=list)

    def extend(self, other: PullResult) -> None:
        """Append another result's papers, failures and names (in order) to this one."""
        self.papers.extend(other.papers)
        self.failures.extend(other.failures)
        self.names.extend(other.names)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failures
