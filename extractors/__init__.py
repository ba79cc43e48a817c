"""PDF table extraction engine: ``extract_paper(path) -> PaperTables``."""

from extractors.paper import extract_paper

__all__ = ["extract_paper"]
