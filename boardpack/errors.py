"""Errors that stop a whole run, each said in one line (the CLI prints it and exits 2)::

    RunError
    ├── RunLocked        another run is writing to the same output folder
    ├── StoreError       the DuckDB store cannot be opened for writing
    └── OutputError      the output folder cannot be written

Problems with one paper never raise: they are quarantined (``boardpack.problems``).
Errors in the sources file are ``boardpack.sources.ConfigError``.
"""

from __future__ import annotations


class RunError(Exception):
    """A run cannot go on; the message is one line for a person."""


class RunLocked(RunError):
    """Another run holds the output folder's lock."""


class StoreError(RunError):
    """The store cannot be opened or written."""


class OutputError(RunError):
    """The output folder cannot be written."""
