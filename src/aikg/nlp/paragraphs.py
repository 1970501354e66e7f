"""The ``aikg_paragraphs`` component: a line break always ends a sentence, and a name's
initials never do.

News text has titles, datelines and list items without final punctuation; without this the
parser glues a title to the first sentence, and the evidence of a fact becomes two sentences.
The parser also ends sentences after initials ("its chief executive is C.C. Wei" became two).
It must run after the tagger and before the parser, which keeps sentence starts already set.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$")
""""C.C.", "J.", "U.S.": a proper noun after it continues the name ("C.C. Wei", "U.S.
Commerce Department"); a pronoun or other word may start a sentence ("... in the U.S. He")."""


@Language.component("aikg_paragraphs")
def mark_sentence_starts(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
        elif (
            previous.text.endswith(".")  # tested first: most words end otherwise
            and _INITIALS.match(previous.text)
            and token.tag_ in ("NNP", "NNPS")
        ):
            token.is_sent_start = False
    return doc
