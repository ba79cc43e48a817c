"""Finding a meeting date in free text (index rows, link text, headings, file names).

One date finder serves the project: ``extractors.cover.find_date``, which also reads the
meeting date off a paper's cover.  It returns ISO text, ``YYYY-MM-DD``, or ``YYYY-MM``
when only a month is given (the manifest's convention for month-only papers), with the
text it matched; numeric dates like ``17/12/2019`` are read day first, as UK public
bodies write them, and a full date anywhere beats a month-only one.
"""

from __future__ import annotations

from extractors.cover import find_date

__all__ = ["find_date"]
