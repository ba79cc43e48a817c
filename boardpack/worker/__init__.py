"""Papers read in worker processes, with limits per paper: time, memory, stream size,
objects a page.

``read_paper(path, label, sha256, limits)`` reads one paper in a child process
(``child``) that checks the file first (``pdf_check``: password, damage and repair, no
pages, streams that inflate past the limit), then extracts its tables (``read``).  A
paper over a limit fails alone, quarantined with a reason naming the file, the page and
the limit.
"""

from boardpack.worker.limits import Limits
from boardpack.worker.records import PAPER_STATUSES, PaperRead, PaperStatus
from boardpack.worker.run import read_paper

__all__ = ["PAPER_STATUSES", "Limits", "PaperRead", "PaperStatus", "read_paper"]
