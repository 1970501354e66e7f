"""The NLP stage, the only package that touches spaCy.

:func:`build_pipeline` loads the configured spaCy model and adds aikg's components;
:func:`analyze` streams documents through it and returns plain :class:`DocumentAnalysis` data.
"""

from __future__ import annotations

from aikg.nlp.analysis import analyze
from aikg.nlp.pipeline import build_pipeline

__all__ = ["analyze", "build_pipeline"]
