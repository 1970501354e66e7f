"""Name normalization shared by resolution and evaluation.

Two surface forms name the same thing when they agree after folding case and dropping
punctuation, spacing, a leading "the" and a trailing possessive: the comparison the gold
format prescribes (README, "Corpus and gold"), made blind to spacing too so that "High-Flyer",
"High Flyer" and "HighFlyer" meet.
"""

from __future__ import annotations

import re
import unicodedata

_POSSESSIVE = re.compile("(?:['\u2019]s|['\u2019])$")  # ASCII or typographic apostrophe
_LEADING_THE = re.compile(r"^the\s+")
_NOT_WORD = re.compile(r"[\W_]+")


def normalize_name(name: str) -> str:
    """A comparison key for a name.

    >>> normalize_name("The U.S.")
    'us'
    >>> normalize_name("Nvidia's")
    'nvidia'
    >>> normalize_name("High-Flyer") == normalize_name("HighFlyer")
    True
    """
    text = unicodedata.normalize("NFKC", name).strip().casefold()
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_THE.sub("", text)
    return _NOT_WORD.sub("", text)
