"""How commands talk to the terminal: one-line errors on stderr, tables on stdout."""

from __future__ import annotations

from typing import NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console

from aikg.config import Settings

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2

stdout = Console(highlight=False)
stderr = Console(stderr=True, highlight=False)


def warn(message: str) -> None:
    stderr.print(f"aikg: {message}", markup=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    stderr.print(f"aikg: error: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


def load_settings(**overrides: str) -> Settings:
    """Settings from the environment and the given options; a bad value is a usage error."""
    try:
        return Settings(**overrides)
    except ValidationError as err:
        first = err.errors()[0]
        fail(f"invalid setting {'.'.join(str(p) for p in first['loc'])}: {first['msg']}")
