"""Turn parsed spaCy Docs into plain :class:`DocumentAnalysis` records.

Everything after this module works on pydantic data, never on spaCy objects, so analyses can
be cached, sent between processes and tested without a model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from aikg.model import (
    Document,
    DocumentAnalysis,
    EntityType,
    Mention,
    MentionKind,
    Predicate,
    RelationCandidate,
    Span,
)
from aikg.nlp.arguments import ArgumentMapper, is_main_subject, is_object
from aikg.nlp.cues import load_cues
from aikg.nlp.qualifiers import ValueReader, load_quantity_cues
from aikg.nlp.relations import load_modality
from aikg.nlp.values import is_whole_date, parse_date

CHUNK_CHARS = 100_000
"""Documents longer than this are parsed in pieces cut at line breaks or sentence ends: the
parser's memory grows with document length, and spaCy refuses texts over nlp.max_length."""


def analyze(
    nlp: Language, documents: Iterable[Document], *, batch_size: int = 32
) -> Iterator[DocumentAnalysis]:
    """Stream documents through the pipeline, yielding one analysis per document, in order."""
    cues_path = Path(nlp.get_pipe_config("aikg_entity_typer")["cues_path"])
    pieces = (
        (text, (document.id, document_date(document), offset, last))
        for document in documents
        for offset, text, last in _pieces(document.text, min(CHUNK_CHARS, nlp.max_length))
    )
    parts: list[DocumentAnalysis] = []
    for doc, (doc_id, today, offset, last) in nlp.pipe(
        pieces, as_tuples=True, batch_size=batch_size
    ):
        parts.append(_shifted(doc_to_analysis(doc, doc_id, cues_path, today), offset, parts))
        if last:
            yield _joined(parts)
            parts = []


_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z .'-]*,\s*)?(?P<date>[^\n\u2014\u2013(]{6,40}?)\s*(?:[\u2014\u2013(-]|\n)"
)


def document_date(document: Document) -> str | None:
    """When the document was written: its own date field, else a dateline opening the text
    ("SAN FRANCISCO, March 3, 2024 —", or a first line that is a full date)."""
    if document.date:
        return document.date
    match = _DATELINE.match(document.text[:200])
    if match is None:
        return None
    written = parse_date(match["date"])
    if not written or len(written) != 10 or not is_whole_date(match["date"]):
        return None  # "OpenAI was founded on December 11, 2015 - a decade ago" is no dateline
    return written


def _pieces(text: str, limit: int) -> Iterator[tuple[int, str, bool]]:
    """(offset, text, is last) pieces of at most ``limit`` characters, cut after a line break,
    else after a sentence end, else anywhere; nothing is dropped."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind("\n"), window.rfind(". "), window.rfind("? "), window.rfind("! "))
        end = start + (cut + 1 if cut > 0 else limit)
        yield start, text[start:end], False
        start = end
    yield start, text[start:], True


def _shifted(
    part: DocumentAnalysis, offset: int, before: list[DocumentAnalysis]
) -> DocumentAnalysis:
    """A piece's analysis in the coordinates of the whole document."""
    if not before:
        return part
    sentences = sum(len(p.sentences) for p in before)
    mentions = sum(len(p.mentions) for p in before)

    def span(item: Any) -> dict[str, int]:
        return {"start": item.start + offset, "end": item.end + offset}

    return part.model_copy(
        update={
            "sentences": tuple(s.model_copy(update=span(s)) for s in part.sentences),
            "mentions": tuple(
                m.model_copy(
                    update={
                        **span(m),
                        "sentence": m.sentence + sentences,
                        "alias_of": None if m.alias_of is None else m.alias_of + mentions,
                        "clause_subject": None
                        if m.clause_subject is None
                        else m.clause_subject + mentions,
                        "governing_subject": None
                        if m.governing_subject is None
                        else m.governing_subject + mentions,
                    }
                )
                for m in part.mentions
            ),
            "relations": tuple(
                r.model_copy(
                    update={
                        "subject": r.subject + mentions,
                        "object": r.object + mentions,
                        "sentence": r.sentence + sentences,
                    }
                )
                for r in part.relations
            ),
            "attributes": tuple(
                a.model_copy(
                    update={"mention": a.mention + mentions, "sentence": a.sentence + sentences}
                )
                for a in part.attributes
            ),
        }
    )


def _joined(parts: list[DocumentAnalysis]) -> DocumentAnalysis:
    if len(parts) == 1:
        return parts[0]
    return DocumentAnalysis(
        document=parts[0].document,
        text="".join(p.text for p in parts),
        sentences=tuple(s for p in parts for s in p.sentences),
        mentions=tuple(m for p in parts for m in p.mentions),
        relations=tuple(r for p in parts for r in p.relations),
        attributes=tuple(a for p in parts for a in p.attributes),
        date=parts[0].date,
    )


_MAKER_TYPES = frozenset({EntityType.COMPANY, EntityType.ORGANIZATION})
_MADE_TYPES = frozenset({EntityType.AI_MODEL, EntityType.PRODUCT, EntityType.CHIP})


def _named_after_maker(mentions: list[Mention]) -> Iterator[RelationCandidate]:
    """A model, product or chip whose name starts with the name of a company the document
    names was developed by it: "Apple Intelligence", "DeepSeek-V3" (the name says whose it
    is, as "Nvidia H100 chips" does), stated by the sentence naming the product."""
    makers: dict[str, int] = {}
    for index, mention in enumerate(mentions):
        if (
            mention.kind is MentionKind.NAME
            and mention.type in _MAKER_TYPES
            and mention.typed_by != "model"  # a guess: "Gaudi" is Intel's chip, not a company
        ):
            makers.setdefault(mention.text, index)
    if not makers:
        return
    for index, mention in enumerate(mentions):
        if mention.kind is not MentionKind.NAME or mention.type not in _MADE_TYPES:
            continue
        text = mention.text
        named = [
            name
            for name in makers
            if len(text) > len(name) + 1 and text.startswith(name) and text[len(name)] in " -"
        ]
        if named:  # the longest: "Google DeepMind X" is Google DeepMind's, not Google's
            yield RelationCandidate(
                subject=makers[max(named, key=len)],
                predicate=Predicate.DEVELOPED,
                object=index,
                sentence=mention.sentence,
                confidence=_NAMED_AFTER_MAKER,
                pattern="named-after-maker",
            )


_NAMED_AFTER_MAKER = 0.6


def doc_to_analysis(
    doc: Doc, doc_id: str, cues_path: Path, today: str | None = None
) -> DocumentAnalysis:
    sentences: list[Span] = []
    sentence_of = [0] * len(doc)
    doc_text = doc.text  # Doc.text, like Span.text, joins every token again on each access
    for index, sent in enumerate(doc.sents):
        sentence_of[sent.start : sent.end] = [index] * (sent.end - sent.start)
        text = doc_text[sent.start_char : sent.end_char]
        start = sent.start_char + (len(text) - len(text.lstrip()))
        sentences.append(Span(start=start, end=start + len(text.strip())))

    ents = list(doc.ents)  # doc.ents rebuilds its list on every access
    typed_by = doc._.aikg_typed_by
    mentions = [
        Mention(
            text=ent.text,
            start=ent.start_char,
            end=ent.end_char,
            type=EntityType(ent.label_),
            sentence=sentence_of[ent.start],
            # a token keeps the ruler's id even when its name was extended ("TPU v5e")
            gazetteer_id=ent.ent_id_ or None
            if typed_by[(ent.start, ent.end)] == "gazetteer"
            else None,
            typed_by=typed_by[(ent.start, ent.end)],
            is_subject=is_main_subject(ent),
            is_object=is_object(ent),
            alias_of=_renamed(ents, position),
        )
        for position, ent in enumerate(ents)
    ]
    mapper = ArgumentMapper(doc, mentions, sentence_of, load_cues(cues_path))
    reader = ValueReader(
        doc,
        mapper,
        load_quantity_cues(cues_path.with_name("quantities.json")),
        today,
        load_modality(cues_path.with_name("modality.json")),
    )
    candidates: dict[tuple[int, str, int, str], RelationCandidate] = {}
    for raw in doc._.aikg_relations:
        subject_i, predicate, object_i, confidence, pattern = raw[:5]
        if _attributed(doc[subject_i]) or _attributed(doc[object_i]):
            continue  # "according to Reuters": a source, never a party to the fact
        qualifiers, source = reader.relation_qualifiers(raw)
        if source is not None and _within(mentions[source], doc[subject_i], doc[object_i]):
            continue  # "..., Reuters reported": the reporter is no party to the fact
        subjects = mapper.refer(doc[subject_i], raw.subject_coordinated)
        if len(subjects) > 1 and predicate is Predicate.INVESTED_IN and qualifiers.amount:
            # "$500 million from a consortium that included A, B and C": a sum, no one's share
            # (a deal's value is still each party's: "signed a $300 billion contract")
            qualifiers = qualifiers.model_copy(update={"amount": None})
        for subject, s_factor in subjects:
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
                    release=reader.is_release(raw),
                    qualifiers=qualifiers,
                    source=source,
                )
                key = (subject, predicate.value, obj, pattern)
                if key not in candidates or candidates[key].confidence < candidate.confidence:
                    candidates[key] = candidate
    for candidate in _named_after_maker(mentions):
        key = (candidate.subject, candidate.predicate.value, candidate.object, candidate.pattern)
        candidates.setdefault(key, candidate)
    mapper.track_subject_anaphors()
    attributes = reader.attributes()
    return DocumentAnalysis(
        document=doc_id,
        text=doc_text,
        sentences=tuple(sentences),
        mentions=tuple(mentions),
        relations=tuple(candidates[key] for key in sorted(candidates)),
        attributes=tuple(attributes),
        date=today,
    )


def _within(mention: Mention, *tokens: Token) -> bool:
    """Whether one of the tokens is a word of the mention."""
    return any(mention.start <= token.idx < mention.end for token in tokens)


def _attributed(token: Token) -> bool:
    """Whether the token is the source of an "according to" phrase."""
    return token.dep_ == "pobj" and token.head.head.lower_ == "according"


def _renamed(ents: list[SpacySpan], position: int) -> int | None:
    """The index of the entity this one abbreviates: "Foo Bar Corporation (FBC)"."""
    if position == 0:
        return None
    ent, before = ents[position], ents[position - 1]
    doc = ent.doc
    if (
        ent.start == before.end + 1
        and doc[before.end].text == "("
        and ent.end < len(doc)
        and doc[ent.end].text == ")"
    ):
        return position - 1
    return None
