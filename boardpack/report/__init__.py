"""The audit site: every finding, series and value of a run, down to the cell on the page.

Modules: ``reading`` (the store → typed ``records``), ``drawing`` (page images),
``targets`` and ``links`` (where each link lands), ``*_view`` (what each page shows, pure),
``rendering`` (Jinja2 templates, static files), ``kept_images`` and ``kept_html`` (page
images and pages kept from the previous site while their inputs are unchanged, through
``kept_files``) and ``site`` (the whole site).
"""

from boardpack.report.site import PaperSide, write_audit_report, write_paper_side, write_release_side

__all__ = ["PaperSide", "write_audit_report", "write_paper_side", "write_release_side"]
