"""PDF table extraction engine: ``extract_paper(path) -> PaperTables``."""

from extractors.pipeline import extract_paper

__all__ = ["extract_paper"]
