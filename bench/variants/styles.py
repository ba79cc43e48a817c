"""The typesetting styles a variant paper can be rendered in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Rules = Literal["grid", "booktabs", "hrules", "headrule", "none"]
CaptionLook = Literal["bold", "italic", "body"]


@dataclass(frozen=True)
class Style:
    """One way to typeset a paper: fonts, sizes, rulings, shading, page orientation."""

    name: str
    body_font: str
    body_bold: str
    body_italic: str
    body_size: float
    table_font: str
    table_bold: str
    table_size: float
    header_size: float  # header cells may be set bigger than body cells
    pad_v: float  # cell padding above and below (0: rows touch)
    pad_h: float
    rules: Rules
    zebra: bool
    caption_look: CaptionLook
    repeat_header: bool  # repeat header rows on a continuation page
    landscape_min_cols: int | None = None  # tables this wide go on a rotated landscape page
    note: str = ""
    header_wrap: bool = False  # columns as wide as their body: longer header cells wrap
    figures_right: bool = False  # body figures right-aligned (labels stay left)
    header_valign: str = "TOP"  # header cells set TOP, MIDDLE or BOTTOM in their row


STYLES: dict[str, Style] = {
    s.name: s
    for s in (
        Style(
            "serif_booktabs",
            "Times-Roman",
            "Times-Bold",
            "Times-Italic",
            11.0,
            "Times-Roman",
            "Times-Bold",
            10.0,
            10.0,
            3.0,
            5.0,
            "booktabs",
            False,
            "bold",
            False,
            note="(a) serif, horizontal rules only: top, below header, bottom",
        ),
        Style(
            "zebra",
            "Helvetica",
            "Helvetica-Bold",
            "Helvetica-Oblique",
            10.0,
            "Helvetica",
            "Helvetica-Bold",
            9.0,
            9.0,
            4.0,
            5.0,
            "none",
            True,
            "italic",
            True,
            note="(b) zebra-shaded rows, no rules",
        ),
        Style(
            "landscape",
            "Helvetica",
            "Helvetica-Bold",
            "Helvetica-Oblique",
            11.0,
            "Helvetica",
            "Helvetica-Bold",
            9.0,
            9.0,
            2.0,
            4.0,
            "grid",
            False,
            "bold",
            True,
            landscape_min_cols=8,
            note="(c) full grid; tables of 8+ columns on a /Rotate 90 landscape page",
        ),
        Style(
            "unruled",
            "Helvetica",
            "Helvetica-Bold",
            "Helvetica-Oblique",
            11.0,
            "Helvetica",
            "Helvetica-Bold",
            8.0,
            9.5,
            0.0,
            6.0,
            "none",
            False,
            "body",
            False,
            note="(d) no rules, no shading, no padding, header bigger than cells, body-styled captions",
        ),
        Style(
            "serif_hrules_zebra_landscape",
            "Times-Roman",
            "Times-Bold",
            "Times-Italic",
            11.0,
            "Times-Roman",
            "Times-Bold",
            9.5,
            9.5,
            2.5,
            5.0,
            "hrules",
            True,
            "italic",
            True,
            landscape_min_cols=8,
            note="(e) serif, a rule under every row, zebra shading, wide tables landscape",
        ),
        Style(
            "wrapped_headers_unruled",
            "Helvetica",
            "Helvetica-Bold",
            "Helvetica-Oblique",
            10.0,
            "Helvetica",
            "Helvetica-Bold",
            9.0,
            9.0,
            1.0,
            5.0,
            "none",
            False,
            "bold",
            False,
            note="(f) no rules; columns as wide as their body, so header cells wrap (set mid-row); figures right",
            header_wrap=True,
            figures_right=True,
            header_valign="MIDDLE",
        ),
        Style(
            "wrapped_headers_headrule",
            "Times-Roman",
            "Times-Bold",
            "Times-Italic",
            11.0,
            "Times-Roman",
            "Times-Bold",
            10.0,
            10.0,
            2.0,
            4.0,
            "headrule",
            False,
            "body",
            False,
            note="(g) serif, one rule under the header; wrapped header cells set at the row bottom; figures right",
            header_wrap=True,
            figures_right=True,
            header_valign="BOTTOM",
        ),
    )
}
