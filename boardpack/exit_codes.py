"""The exit codes of ``boardpack run`` and ``boardpack extract``, defined once."""

from __future__ import annotations

OK = 0
QUARANTINED = 1
FAILED = 2

MEANINGS = {
    OK: "all good: every file read",
    QUARANTINED: "done, but some files or pages were quarantined (each named, with its reason)",
    FAILED: "the run failed (one line says why; nothing was switched)",
}


def help_text() -> str:
    """The exit codes as a block for ``--help`` and README."""
    return "exit codes:\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in MEANINGS.items())
