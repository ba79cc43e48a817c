"""The audit site: every finding, series and value of a run, down to the cell on the page.

Modules: ``reading`` (the store → typed ``records``), ``drawing`` (page images),
``targets`` and ``links`` (where each link lands), ``*_view`` (what each page shows, pure),
``rendering`` (Jinja2 templates, static files) and ``site`` (the whole site).
"""

from boardpack.report.site import write_audit_report

__all__ = ["write_audit_report"]
