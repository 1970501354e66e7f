"""The ``aikg_paragraphs`` component: a line break always ends a sentence.

News text has titles, datelines and list items without final punctuation; without this the
parser glues a title to the first sentence, and the evidence of a fact becomes two sentences.
It must run before the parser, which keeps sentence starts that are already set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("aikg_paragraphs")
def mark_line_breaks(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc
