"""Named exceptions, one family per stage.

Library code raises these with the offending value; only ``aikg.cli`` turns them into exit codes
and one-line messages.
"""

from __future__ import annotations

from pathlib import Path


class AikgError(Exception):
    """Base class of every error aikg raises on purpose."""


class ConfigError(AikgError):
    """A setting or a data file it points to is unusable."""


class DocumentError(AikgError):
    """One input document cannot be read; the others are still processed."""

    def __init__(self, source: Path | str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = str(source)
        self.problem = problem


class ModelNotFoundError(ConfigError):
    """The configured spaCy model is not installed."""


class OutputError(AikgError):
    """The output folder cannot be created or written."""
