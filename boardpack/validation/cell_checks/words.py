"""What a line's labels say about it, read from the words printed (no family needed).

Each pattern is matched once per distinct label (labels are categoricals in the cells
frame), never per cell.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

NOT_ADDITIVE = re.compile(r"\b(?:average|avg|mean|median|rate|ratio|index|score)s?\b", re.IGNORECASE)
"""A measure whose figures do not add: a total of them is an average or a rate."""

CHANGE = re.compile(
    r"\b(?:change|difference|diff|variance|var|movement|growth|increase|decrease)s?\b|\+/-|±", re.IGNORECASE
)
"""A total labelled as a change is the difference of the figures beside it, not their sum."""

AVERAGE_CAPTION = re.compile(r"\b(?:average|avg|mean|median)s?\b", re.IGNORECASE)
"""A caption that says every figure of the table is an average."""

ROUNDED = re.compile(r"(?:\b000s?\b|'000|\bthousands?\b|\bmillions?\b|\bbn\b|\(\s*[km]\s*\))", re.IGNORECASE)
"""Whole numbers printed in thousands or millions are rounded, not exact counts."""

SHARE = re.compile(
    r"%\s*of\b|\bper ?cent(?:age)?\s+of\b|\bproportion\b|\bshares?\b|\bsplit\b|\bdistribution\b",
    re.IGNORECASE,
)
"""A line of percentages labelled as parts of a whole."""

PLAN = re.compile(
    r"\b(?:forecasts?|plan(?:s|ned)?|targets?|budget(?:s|ed)?|projections?|projected|estimates?|estimated|"
    r"trajector(?:y|ies)|required|expected|future|ambitions?|proposed|outturn|anticipated|profiled?|"
    r"to engage|pipeline|commitments?)\b",
    re.IGNORECASE,
)
"""Words of a table whose periods may lie after the meeting: plans, targets, forecasts."""


def matches(column: pd.Series, pattern: re.Pattern[str]) -> np.ndarray:
    """For each row, whether the pattern occurs in the column's text (missing text: no);
    matched once per distinct value."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        uniques = column.cat.categories
    else:
        codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=True)
    hits = np.array([bool(pattern.search(str(u))) for u in uniques] + [False], dtype=bool)
    return hits[codes]
