"""What a release changed against the previous one, and the CHANGELOG that records it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass
class Changes:
    """Figures added, changed (value or status) and removed, by observation id."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _fingerprints(frame: pd.DataFrame) -> pd.DataFrame:
    """Each figure's printed text and status, indexed by observation id (the last row of
    an id that repeats)."""
    return pd.DataFrame(
        {
            "text": frame.value_text.fillna("").astype(str).to_numpy(),
            "status": frame.validation_status.fillna("").astype(str).to_numpy(),
        },
        index=pd.Index(frame.observation_id.astype(str).to_numpy(), name="observation_id"),
    ).pipe(lambda f: f[~f.index.duplicated(keep="last")])


def diff(previous: pd.DataFrame | None, current: pd.DataFrame) -> Changes:
    """Changes from ``previous`` to ``current`` full sets (``None``: first release).

    Compared column by column, not figure by figure: at a thousand papers the sets hold
    tens of thousands of figures, and a release is published every run."""
    now = _fingerprints(current)
    before = _fingerprints(previous if previous is not None else current.iloc[:0])
    common = now.index.intersection(before.index)
    differs = (now.loc[common] != before.loc[common]).any(axis=1)
    return Changes(
        added=sorted(now.index.difference(before.index)),
        changed=sorted(common[differs.to_numpy()]),
        removed=sorted(before.index.difference(now.index)),
    )


def entry(release_id: str, created: str, previous_id: str | None, changes: Changes, limit: int = 20) -> str:
    """A markdown CHANGELOG entry; long lists are cut at ``limit`` ids with a count."""

    def listed(title: str, ids: list[str]) -> str:
        shown = "".join(f"  - `{i}`\n" for i in ids[:limit])
        more = f"  - … and {len(ids) - limit} more\n" if len(ids) > limit else ""
        return f"- {title}: {len(ids)}\n{shown}{more}"

    against = f"against `{previous_id}`" if previous_id else "first release"
    return (
        f"## {release_id} ({created}, {against})\n\n"
        + listed("added", changes.added)
        + listed("changed", changes.changed)
        + listed("removed", changes.removed)
        + "\n"
    )


def prepend(changelog: Path, text: str) -> None:
    """Put ``text`` at the top of the CHANGELOG (newest first), below its title."""
    title = "# boardpack dataset CHANGELOG\n\n"
    old = changelog.read_text() if changelog.exists() else title
    body = old.removeprefix(title)
    tmp = changelog.with_suffix(".tmp")
    tmp.write_text(title + text + body)
    tmp.replace(changelog)
