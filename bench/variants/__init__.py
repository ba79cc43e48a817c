"""Re-render the corpus papers' tables (from truth JSON) in other typesetting styles."""
