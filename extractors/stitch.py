"""Stitch a table that breaks across a page into one.

Two fragments on consecutive pages are one table when the first is the last thing on
its page, the second is the first thing on the next page, and their columns line up.
A header repeated at the top of the continuation is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.geometry import Fragment, overlap


def columns_match(a: Fragment, b: Fragment) -> bool:
    """Same number of columns, each overlapping its counterpart by half its width."""
    if a.ncols != b.ncols or a.ncols == 0:
        return False
    for k in range(a.ncols):
        a0, a1 = a.col_edges[k], a.col_edges[k + 1]
        b0, b1 = b.col_edges[k], b.col_edges[k + 1]
        if overlap(a0, a1, b0, b1) < 0.5 * min(a1 - a0, b1 - b0):
            return False
    return True


def continues(a: Fragment, b: Fragment, a_is_last: bool, b_is_first: bool) -> bool:
    """Does ``b`` continue ``a`` on the next page?"""
    return b.page == a.page + 1 and a_is_last and b_is_first and a.method == b.method and columns_match(a, b)


def repeated_header_rows(head: Fragment, cont: Fragment) -> int:
    """How many of ``head``'s header rows are repeated at the top of ``cont``."""
    n = 0
    for k in range(min(head.header_rows, len(cont.grid) - 1)):
        if [c.text for c in head.grid[k]] == [c.text for c in cont.grid[k]]:
            n += 1
        else:
            break
    return n


def group_fragments(
    frags: Sequence[Fragment], last_on_page: set[int], first_on_page: set[int]
) -> list[list[Fragment]]:
    """Chain fragments (in reading order) into tables.

    ``last_on_page``/``first_on_page`` hold the ``id()`` of fragments with no other page
    content below/above them (running headers and footers aside).
    """
    groups: list[list[Fragment]] = []
    for f in frags:
        if groups:
            prev = groups[-1][-1]
            if continues(prev, f, id(prev) in last_on_page, id(f) in first_on_page):
                groups[-1].append(f)
                continue
        groups.append([f])
    return groups
