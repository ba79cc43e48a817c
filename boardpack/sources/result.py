"""What a pull returns: the papers it got and the failures it kept going past."""

from __future__ import annotations

from dataclasses import dataclass, field

from boardpack.models import Paper


@dataclass(frozen=True)
class PullFailure:
    """One file or URL that could not be pulled, and why (a one-line reason)."""

    url_or_path: str
    reason: str


@dataclass
class PullResult:
    """Papers pulled plus failures; a failure never stops the rest of a batch."""

    papers: list[Paper] = field(default_factory=list)
    failures: list[PullFailure] = field(default_factory=list)

    def extend(self, other: PullResult) -> None:
        """Append another result's papers and failures (in order) to this one."""
        self.papers.extend(other.papers)
        self.failures.extend(other.failures)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failures
