"""Turn parsed spaCy Docs into plain :class:`DocumentAnalysis` records.

Everything after this module works on pydantic data, never on spaCy objects, so analyses can
be cached, sent between processes and tested without a model.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from aikg.model import Document, DocumentAnalysis, EntityType, Mention, RelationCandidate, Span
from aikg.nlp.arguments import ArgumentMapper, is_main_subject, is_object
from aikg.nlp.cues import load_cues


def analyze(
    nlp: Language, documents: Iterable[Document], *, batch_size: int = 32
) -> Iterator[DocumentAnalysis]:
    """Stream documents through the pipeline, yielding one analysis per document, in order."""
    cues_path = Path(nlp.get_pipe_config("aikg_entity_typer")["cues_path"])
    pairs = ((document.text, document.id) for document in documents)
    for doc, doc_id in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield doc_to_analysis(doc, doc_id, cues_path)


def doc_to_analysis(doc: Doc, doc_id: str, cues_path: Path) -> DocumentAnalysis:
    sentences: list[Span] = []
    sentence_of = [0] * len(doc)
    for index, sent in enumerate(doc.sents):
        for token in sent:
            sentence_of[token.i] = index
        stripped = sent.text.strip()
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        sentences.append(Span(start=start, end=start + len(stripped)))

    mentions = [
        Mention(
            text=ent.text,
            start=ent.start_char,
            end=ent.end_char,
            type=EntityType(ent.label_),
            sentence=sentence_of[ent.start],
            gazetteer_id=ent.ent_id_ or None,
            typed_by=doc._.aikg_typed_by[(ent.start, ent.end)],
            is_subject=is_main_subject(ent),
            is_object=is_object(ent),
            alias_of=_renamed(doc, position),
        )
        for position, ent in enumerate(doc.ents)
    ]
    mapper = ArgumentMapper(doc, mentions, sentence_of, load_cues(cues_path))
    candidates: dict[tuple[int, str, int, str], RelationCandidate] = {}
    for raw in doc._.aikg_relations:
        subject_i, predicate, object_i, confidence, pattern = raw[:5]
        for subject, s_factor in mapper.refer(doc[subject_i], raw.subject_coordinated):
            objects = (
                mapper.implicit(doc[object_i], raw.implicit_object)
                if raw.implicit_object is not None
                else mapper.refer(doc[object_i], raw.object_coordinated)
            )
            for obj, o_factor in objects:
                if subject == obj:
                    continue
                candidate = RelationCandidate(
                    subject=subject,
                    predicate=predicate,
                    object=obj,
                    sentence=sentence_of[subject_i],
                    confidence=round(confidence * s_factor * o_factor, 3),
                    pattern=pattern,
                )
                key = (subject, predicate.value, obj, pattern)
                if key not in candidates or candidates[key].confidence < candidate.confidence:
                    candidates[key] = candidate
    return DocumentAnalysis(
        document=doc_id,
        text=doc.text,
        sentences=tuple(sentences),
        mentions=tuple(mentions),
        relations=tuple(candidates[key] for key in sorted(candidates)),
    )


def _renamed(doc: Doc, position: int) -> int | None:
    """The index of the entity this one abbreviates: "Foo Bar Corporation (FBC)"."""
    if position == 0:
        return None
    ent, before = doc.ents[position], doc.ents[position - 1]
    if (
        ent.start == before.end + 1
        and doc[before.end].text == "("
        and ent.end < len(doc)
        and doc[ent.end].text == ")"
    ):
        return position - 1
    return None
