"""The library of named queries in ``queries/``: one SPARQL file each, documented in its header.

A file is plain SPARQL that any client can run as it is. Its leading comment lines describe
it: the first line is its title, later ones its parameters::

    # Who founded which organization, and how sure the graph is of it.
    # param org: only this organization (a name or alias, any case)
    SELECT ... WHERE {
      VALUES ?org { UNDEF }
      ...
      FILTER(!BOUND(?org) || ...)
    }

A parameter is a ``VALUES ?name { UNDEF }`` line: left alone it binds nothing, so the query
answers for everything; :meth:`NamedQuery.text_with` puts the user's value there as a SPARQL
literal, escaped, so a value can never change the query's shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal

from aikg.errors import ConfigError
from aikg.sparql import QueryError

_PARAM = re.compile(r"^#\s*param\s+(\w+)\s*(\(required\))?\s*:\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    text: str
    params: dict[str, str] = field(default_factory=dict)  # name -> description
    required: frozenset[str] = frozenset()

    def text_with(self, values: dict[str, str]) -> str:
        """The query with parameter values in place of their ``UNDEF``.

        >>> query = NamedQuery("q", "t", "SELECT * { VALUES ?org { UNDEF } }", {"org": "an org"})
        >>> query.text_with({"org": 'Deep"Seek'})
        'SELECT * { VALUES ?org { "Deep\\\\"Seek" } }'
        """
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            known = ", ".join(self.params) or "none"
            raise QueryError(
                f"query {self.name!r} has no parameter {unknown[0]!r} (parameters: {known})",
                "usage",
            )
        missing = sorted(self.required - set(values))
        if missing:
            raise QueryError(
                f"query {self.name!r} needs --param {missing[0]}=VALUE ({self.params[missing[0]]})",
                "usage",
            )
        text = self.text
        for name, value in values.items():
            slot = _slot(name)
            filled = f"VALUES ?{name} {{ {Literal(value)} }}"
            text = slot.sub(lambda _, filled=filled: filled, text, count=1)
        return text


def load_queries(folder: Path) -> dict[str, NamedQuery]:
    """Every ``*.rq`` file of the folder, by name (the file name without ``.rq``)."""
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such query folder")
    return {path.stem: _read(path) for path in sorted(folder.glob("*.rq"))}


def _read(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read query: {err}") from err
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    if not header:
        raise ConfigError(f"{path}: a named query starts with a '# title' comment line")
    params: dict[str, str] = {}
    required: set[str] = set()
    for line in header[1:]:
        match = _PARAM.match(line)
        if match is None:
            continue
        name, is_required, description = match.groups()
        if not _slot(name).search(text):
            raise ConfigError(f"{path}: parameter {name!r} has no 'VALUES ?{name} {{ UNDEF }}'")
        params[name] = description.strip()
        if is_required:
            required.add(name)
    return NamedQuery(
        name=path.stem,
        title=header[0].lstrip("# ").strip(),
        text=text,
        params=params,
        required=frozenset(required),
    )


def _slot(name: str) -> re.Pattern[str]:
    """The ``VALUES ?name { UNDEF }`` line a parameter's value goes in."""
    return re.compile(rf"VALUES\s+\?{re.escape(name)}\s*\{{\s*UNDEF\s*\}}")
