"""boardpack: board papers (PDF) in, a validated longitudinal dataset out."""

__version__ = "0.1.0"
