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


def _fingerprints(frame: pd.DataFrame) -> dict[str, tuple[str, str]]:
    texts = frame.value_text.fillna("").astype(str)
    statuses = frame.validation_status.fillna("").astype(str)
    return dict(zip(frame.observation_id.astype(str), zip(texts, statuses, strict=True), strict=True))


def diff(previous: pd.DataFrame | None, current: pd.DataFrame) -> Changes:
    """Changes from ``previous`` to ``current`` full sets (``None``: first release)."""
    now = _fingerprints(current)
    before = _fingerprints(previous) if previous is not None else {}
    return Changes(
        added=sorted(set(now) - set(before)),
        changed=sorted(k for k in set(now) & set(before) if now[k] != before[k]),
        removed=sorted(set(before) - set(now)),
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
