"""Validation: Great Expectations suites per schema plus board-table checks."""
