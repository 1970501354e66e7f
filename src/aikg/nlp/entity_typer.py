"""The ``aikg_entity_typer`` component: turn spaCy's entities into AI-industry entities.

The stock model knows ORG/PERSON/GPE but not AI models or chips, and it errs in ways that matter
here (Nvidia as a place, V3 as a person, "Anthropic's Claude" as one name). This component:

1. keeps gazetteer matches, typed as their gazetteer entry (the ruler labels them with the
   statistical NER's labels, see :mod:`aikg.nlp.ruler`);
2. trims statistical entities (a leading "the", titles, a trailing possessive) and splits one
   that spans a possessive ("Anthropic's Claude" -> Anthropic, Claude);
3. types each from context, strongest cue first: a cue noun right after it ("H20 chips"), an
   apposition or copula ("Zhipu, a Beijing startup"), a policy suffix ("AI Act"), a version-like
   shape ("V3", "Qwen-2.5") and finally spaCy's own label;
4. finds names the statistical model missed: an abbreviation in parentheses after a name
   ("... Corporation (SMIC)"), a name in front of a chip/model/product cue noun ("Ascend 910B
   processors") or coordinated with a typed one ("the A100 and H800");
5. drops generic phrases ("AI", "Big Tech") and labels aikg has no use for (dates, money).

The cue words live in ``patterns/typing.json``, not in code.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from aikg.errors import ConfigError
from aikg.gazetteer import load_gazetteer
from aikg.model import PLACE_TYPES, EntityType
from aikg.nlp.cues import Cues, load_cues
from aikg.nlp.syntax import description_after
from aikg.normalize import normalize_name

_PHRASE_TYPES = (EntityType.CHIP, EntityType.AI_MODEL, EntityType.PRODUCT)
_NOT_NAMES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "NORP"})
"""spaCy labels of amounts, dates and nationalities: never an entity here, whatever their shape
("the Dutch company" names no company called Dutch)."""
_VERSIONED = frozenset({EntityType.AI_MODEL.value, EntityType.CHIP.value})
_PLACE_LABELS = frozenset(t.value for t in PLACE_TYPES)
_PHRASE_LABELS = frozenset(t.value for t in _PHRASE_TYPES)
_CALENDAR_WORDS = frozenset(name.lower() for name in (*calendar.month_name[1:], *calendar.day_name))
_HEADLINE_MIN_WORDS = 4
_UNIVERSITY_WORDS = frozenset({"university", "college"})
NOT_NAMES = "aikg_not_names"
"""Doc extension: indices of tokens that must not be taken for a name: dates, amounts,
nationalities, words of a title-cased headline."""
VALUES = "aikg_values"
"""Doc extension: (start, end, label) token spans of the dates and amounts spaCy found
(DATE, MONEY, PERCENT, CARDINAL, QUANTITY), for qualifiers and attributes."""
_VALUE_LABELS = frozenset({"DATE", "MONEY", "PERCENT", "CARDINAL", "QUANTITY"})
TYPED_BY = "aikg_typed_by"
"""Doc extension: how each entity's type was decided, by (start, end) token offsets:
"gazetteer", "context" (a cue word), "shape" (looks like a version name) or "model" (spaCy)."""
_DISCARD = "discard"


@Language.factory("aikg_entity_typer", default_config={"cues_path": None, "gazetteer_path": None})
def make_entity_typer(
    nlp: Language, name: str, cues_path: str | None, gazetteer_path: str | None
) -> EntityTyper:
    if cues_path is None or gazetteer_path is None:
        raise ConfigError("aikg_entity_typer needs cues_path and gazetteer_path")
    gazetteer = load_gazetteer(Path(gazetteer_path))
    cues = load_cues(Path(cues_path))
    known_people = {entry.name.split()[0] for entry in gazetteer if entry.type is EntityType.PERSON}
    return EntityTyper(
        cues, {entry.id: entry.type for entry in gazetteer}, cues.given_names | known_people
    )


class EntityTyper:
    """Retype, trim, complete and clean ``doc.ents`` with aikg types as labels."""

    def __init__(
        self,
        cues: Cues,
        gazetteer_types: dict[str, EntityType],
        given_names: frozenset[str] = frozenset(),
    ) -> None:
        self.cues = cues
        self.gazetteer_types = gazetteer_types
        """The type of each gazetteer entry, by the id the entity ruler puts on its matches."""
        self.given_names = given_names
        """First names: a short name the model typed otherwise that begins with one is a
        person's."""

    def __call__(self, doc: Doc) -> Doc:
        for extension in (TYPED_BY, NOT_NAMES, VALUES):
            if not Doc.has_extension(extension):
                Doc.set_extension(extension, default=None)
        self._sources: dict[tuple[int, int], str] = {}
        not_names: set[int] = set()
        spans: list[Span] = []
        doc._.set(
            VALUES, [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in _VALUE_LABELS]
        )
        self._headline = {
            i for sent in doc.sents if _is_headline(sent) for i in range(sent.start, sent.end)
        }
        for ent in doc.ents:
            entry_type = self.gazetteer_types.get(ent.ent_id_) if ent.ent_id_ else None
            if entry_type is not None:
                typed = Span(doc, ent.start, ent.end, label=entry_type.value, span_id=ent.ent_id)
                spans.append(self._typed(typed, "gazetteer"))
            elif ent.label_ == "NORP" and self._described_name(ent):
                spans.extend(self._retype(doc, ent))  # "Moveworks, a maker of ..."
            elif ent.label_ in _NOT_NAMES or ent.start in self._headline:
                not_names.update(range(ent.start, ent.end))
            else:
                spans.extend(self._retype(doc, ent))
        doc._.set(NOT_NAMES, frozenset(not_names))
        spans = self._with_versions(doc, self._with_prefixes(doc, spans, not_names))
        spans = self._with_suffixed_names(doc, spans)
        spans = self._with_places_of_universities(doc, spans)
        spans = self._with_places_of_laws(doc, spans)
        spans.extend(self._missed_names(doc, spans))
        spans = [s for s in spans if not self._is_junk(s)]
        kept = filter_spans(self._people_by_coordination(spans))
        doc.ents = kept
        doc._.set(TYPED_BY, {(e.start, e.end): self._sources[(e.start, e.end)] for e in kept})
        return doc

    def _with_versions(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """A model or chip name runs on over the version and tier words after it: the
        gazetteer knows "Claude" and "Llama", the text says "Claude 3 Opus", "Llama 4 Scout",
        "TPU v5e". The longer name is a different entity, so it keeps no gazetteer id."""
        # a bare version the tagger took for a name of its own joins the name before it:
        # "Mixtral" + "8x22B"
        loose = {
            i
            for span in spans
            if not span.id_ and all(self._version_word(t) for t in span)
            for i in range(span.start, span.end)
        }
        taken = {i for span in spans for i in range(span.start, span.end)} - loose
        absorbed: set[int] = set()
        extended = []
        for span in spans:
            if span.start in absorbed:
                continue
            end = span.end
            if span.label_ in _VERSIONED:
                while end < len(doc) and end not in taken and self._version_word(doc[end]):
                    end += 1
            if end == span.end:
                extended.append(span)
                continue
            absorbed.update(range(span.end, end))
            extended.append(self._longer(span, span.start, end))
        return extended

    def _with_prefixes(self, doc: Doc, spans: list[Span], not_names: set[int]) -> list[Span]:
        """A model or chip name starts at the capitalized words the parser hangs on it that
        name nothing themselves: "Code Llama" is Meta's coding model, not Llama; so does a
        person's name the model found only the surname of ("Sterling Anderson"), and a
        university's name whose first word is University ("Chinese University of Hong Kong").
        Like a version, the prefix makes another entity: the longer name keeps no gazetteer id."""
        # a one-word name the model made of a university's first word ("the Chinese" ORG
        # before "University of Hong Kong") is the start of the university's name
        by_start: dict[int, list[Span]] = {}
        for span in spans:
            by_start.setdefault(span.start, []).append(span)
        absorbed = {
            (span.start, span.end)
            for span in spans
            if len(span) == 1
            and self._sources[(span.start, span.end)] == "model"
            and any(
                _names_a_place_of_learning(other, span[0], set())
                for other in by_start.get(span.end, ())
            )
        }
        spans = [span for span in spans if (span.start, span.end) not in absorbed]
        taken = {i for span in spans for i in range(span.start, span.end)}
        extended = []
        for span in spans:
            start = span.start
            while start > 0 and _names_a_place_of_learning(span, doc[start - 1], taken):
                start -= 1  # "Chinese University of Hong Kong" is not "University of Hong Kong"
            # "Sterling Anderson", "Raghib Hussain": the model named only the surname; the
            # capitalized word the parser hangs on it is the rest of the name
            surname = span.label_ == EntityType.PERSON.value and len(span) == 1
            while start > 0 and (span.label_ in _VERSIONED or (surname and start == span.start)):
                word = doc[start - 1]
                if (
                    word.pos_ != "PROPN"
                    or word.dep_ != "compound"
                    or not span.start <= word.head.i < span.end
                    or not word.is_title
                    or word.i in taken
                    or word.i in not_names
                    or word.i in self._headline
                    or word.lower_ in self.cues.titles
                    or word.lower_ in _CALENDAR_WORDS  # "In late July Zuckerberg named ..."
                    or (surname and self.cues.noun_type(word.lower_) is not None)  # "Scientist"
                ):
                    break
                start -= 1
            if start == span.start:
                extended.append(span)
                continue
            extended.append(self._longer(span, start, span.end))
        return extended

    def _with_suffixed_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """A name that modifies capitalized words ending in a word that names a kind of
        organization is the start of that organization's name: "Boston Dynamics" is not
        Boston, "OpenAI Startup Fund" not OpenAI, "Meta Superintelligence Labs" not Meta
        (the gazetteer knew the first word; the model made a name, or nothing, of the rest)."""
        known = {i for span in spans if span.id_ for i in range(span.start, span.end)}
        result = list(spans)
        absorbed: set[int] = set()
        for span in spans:
            if span.start in absorbed:
                continue
            end = span.end
            while (
                end < len(doc)
                and doc[end].pos_ == "PROPN"
                and doc[end].is_title
                and end not in known
                and end not in self._headline
            ):
                end += 1
            suffix_type = self.cues.suffix_type(doc[end - 1].text) if end > span.end else None
            if suffix_type is None or not span.end <= span.root.head.i < end:
                continue
            if span.id_ and all(t.text in self.cues.legal_forms for t in doc[span.end : end]):
                continue  # "Micron Technology Inc." is the known Micron Technology
            # "Gemini Robotics" is one of the Gemini models, not a company
            label = span.label_ if span.label_ in _PHRASE_LABELS else suffix_type.value
            longer = self._typed(Span(doc, span.start, end, label=label), "shape")
            result = [s for s in result if s.end <= span.start or s.start >= end]
            result.append(longer)
            absorbed.update(range(span.start, end))
        return sorted(result, key=lambda s: s.start)

    def _with_places_of_universities(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """A university's name ending in "University" or "College" goes on through "of" and
        the capitalized words after it, and one that begins with "University" through "at"
        and its campus: "Ludwig Maximilian University of Munich" and "the University of
        Texas at Austin" are neither shorter names nor places beside one. (The model names
        the word University alone, or the words before it.)"""
        result: list[Span] = []
        skip_to = -1
        for span in spans:
            if span.start < skip_to:
                continue  # a place the university's name took in
            end = span.end
            if (
                (span.label_ == EntityType.UNIVERSITY.value or len(span) == 1)
                and span[-1].lower_ in _UNIVERSITY_WORDS
                and span[-1].is_title
            ):
                end = _title_words_after(doc, end, "of")
                if end > span.end and span[0].lower_ == "university":
                    end = _title_words_after(doc, end, "at")
            if end > span.end:
                span = Span(doc, span.start, end, label=EntityType.UNIVERSITY.value)
                span = self._typed(span, "shape")
                skip_to = end
            result.append(span)
        return result

    def _with_places_of_laws(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """A known law's name after a place that modifies it is another law's: "the Colorado
        AI Act" is not the EU AI Act (the gazetteer knows the latter as "AI Act"). The model
        may call the place an organization; a generic policy ("US export controls") keeps
        its place apart, as who enacted it."""
        by_end = {span.end: span for span in spans}
        merged: dict[int, Span] = {}  # by the start of the place taken in
        for span in spans:
            place = by_end.get(span.start)
            if (
                span.label_ == EntityType.POLICY.value
                and span.id_
                and span[-1].is_title  # a law's name, not "US export controls"
                and place is not None
                and (
                    place.label_ in _PLACE_LABELS
                    or self._sources[(place.start, place.end)] == "model"
                )
                and place.root.dep_ in ("compound", "nmod")
                and span.start <= place.root.head.i < span.end
            ):
                longer = Span(doc, place.start, span.end, label=EntityType.POLICY.value)
                merged[place.start] = self._typed(longer, "context")
        if not merged:
            return spans
        taken = {i for longer in merged.values() for i in range(longer.start, longer.end)}
        kept = [span for span in spans if span.start not in taken]
        return sorted([*kept, *merged.values()], key=lambda s: s.start)

    def _longer(self, span: Span, start: int, end: int) -> Span:
        """The span widened to ``start:end``, same type; a gazetteer match's longer name is
        another entity, typed by its context, not by the gazetteer."""
        source = self._sources[(span.start, span.end)]
        longer = Span(span.doc, start, end, label=span.label_)
        return self._typed(longer, "context" if source == "gazetteer" else source)

    def _version_word(self, token: Token) -> bool:
        """A version or tier: "3", "4.5", "v5e", "8x22B", "Opus"; never sentence-final."""
        text = token.text
        if text.endswith((".", ",")):
            return False
        return (
            (token.lower_ in self.cues.model_tiers and token.is_title)
            or (token.like_num and len(text) <= 4)
            or (
                bool(self.cues.version_name.match(text))
                and (not token.is_upper or any(c.isdigit() for c in text))
            )
        )

    def _typed(self, span: Span, source: str) -> Span:
        """Note how the span's type was decided: resolution trusts a cue over a guess."""
        self._sources[(span.start, span.end)] = source
        return span

    def _people_by_coordination(self, spans: list[Span]) -> list[Span]:
        """A statistical name coordinated with a person is a person: "founded by Arthur Mensch,
        Guillaume Lample and Timothée Lacroix" (the tagger calls the middle one a company). A
        name typed otherwise keeps its type ("Intel Capital and Jeff Bezos")."""
        people = {s.root.i for s in spans if s.label_ == EntityType.PERSON.value}
        fixed = []
        for span in spans:
            if (
                not span.id_
                and self._sources[(span.start, span.end)] == "model"
                and span.label_ != EntityType.PERSON.value
                and len(span) >= 2
                and all(t.is_title for t in span)
                and any(t.i in people for t in span.root.conjuncts)
            ):
                label = EntityType.PERSON.value
                span = self._typed(Span(span.doc, span.start, span.end, label=label), "context")
            fixed.append(span)
        return fixed

    # ------------------------------------------------------------------ statistical entities

    def _described_name(self, ent: Span) -> bool:
        """Whether a span the model called a nationality is a proper noun that a cue noun next
        to it types (in apposition, modified, by the copula): the small model calls unknown
        plural-looking names NORP ("Moveworks, a maker of AI assistants"), but a nationality
        is no "maker"."""
        return ent.root.pos_ == "PROPN" and isinstance(self._context_type(ent), EntityType)

    def _retype(self, doc: Doc, ent: Span) -> Iterable[Span]:
        fallback = self.cues.spacy_labels.get(ent.label_)
        for part in self._split_possessive(self._trim(ent)):
            if part is None:
                continue
            cue = self._context_type(part, person=fallback is EntityType.PERSON)
            if cue == _DISCARD:
                continue
            if _before_its_region(part):  # "the Foster City, California, firm"
                cue = EntityType.CITY
            if isinstance(cue, EntityType):
                yield self._typed(Span(doc, part.start, part.end, label=cue.value), "context")
                continue
            if self._personal_name(part):  # "Cristobal Valenzuela", whatever the model said
                person = Span(doc, part.start, part.end, label=EntityType.PERSON.value)
                yield self._typed(person, "context")
                continue
            entity_type = self._shape_type(part, fallback)
            if entity_type is not None:
                named = len(part) > 1 and self.cues.suffix_type(part[-1].text) is entity_type
                # a name's last word says what it is as surely as a cue noun ("EQT Ventures")
                source = "model" if entity_type is fallback else "context" if named else "shape"
                yield self._typed(Span(doc, part.start, part.end, label=entity_type.value), source)

    def _personal_name(self, span: Span) -> bool:
        """Two or three capitalized words, the first a given name and the last no word that
        says what kind of organization or thing the name is ("Allen Institute")."""
        last = span[-1]
        return (
            2 <= len(span) <= 3
            and span[0].text in self.given_names
            and all((t.is_title and t.is_alpha) or "-" in t.text for t in span)
            and self.cues.suffix_type(last.text) is None
            and last.text not in self.cues.legal_forms
            and last.lower_ not in _UNIVERSITY_WORDS
            and self.cues.noun_type(last.lower_) is None
        )

    def _trim(self, ent: Span) -> Span | None:
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end and (
            doc[start].dep_ == "det"
            or doc[start].lower_ in self.cues.titles
            or doc[start].is_punct
            or _common_word_before_name(doc[start:end])  # "start-up Mentee Robotics"
        ):
            start += 1
        while end > start and (
            doc[end - 1].dep_ == "case"
            or doc[end - 1].is_punct
            or doc[end - 1].pos_ in ("ADP", "DET", "CCONJ")
        ):
            end -= 1
        return doc[start:end] if end > start else None

    @staticmethod
    def _split_possessive(ent: Span | None) -> Iterable[Span | None]:
        if ent is None:
            return (None,)
        for token in ent:
            if token.dep_ == "case" and token.i > ent.start:
                doc = ent.doc
                return (doc[ent.start : token.i], doc[token.i + 1 : ent.end] or None)
        return (ent,)

    def _shape_type(self, span: Span, fallback: EntityType | None) -> EntityType | None:
        text = span.text
        if span[-1].text in self.cues.policy_suffixes and len(span) > 1:
            return EntityType.POLICY
        if len(span) > 1 and (named := self.cues.suffix_type(span[-1].text)) is not None:
            return named  # "Archer Aviation", "Sequoia Capital"
        if len(span) <= 2 and self.cues.version_name.match(text.replace(" ", "-")):
            return EntityType.AI_MODEL
        # "Stanford University", "University of Tokyo": the name says what it is (an
        # "Institute" may be a university or a research lab, and says nothing)
        if len(span) > 1 and {span[0].lower_, span[-1].lower_} & _UNIVERSITY_WORDS:
            return EntityType.UNIVERSITY
        return fallback

    # ------------------------------------------------------------------ context cues

    def _context_type(self, span: Span, person: bool = False) -> EntityType | str | None:
        """The type a cue noun next to the name gives it, :data:`_DISCARD` when the noun says
        the name is none of ours ("the Apache 2.0 license"), else None. With ``person`` (the
        tagger's guess), nouns said of people and companies alike ("a former chess player",
        "a chip designer") leave the guess alone."""
        root = span.root
        head = root.head
        # "H20 chips", "the Kimi model": the name directly precedes the noun it modifies. Only
        # things take their type from such a noun: in "a San Diego maker" the name is a place.
        named = root.dep_ in ("oprd", "attr") and head.lemma_.lower() in ("call", "name", "dub")
        if named and head.head.lemma_.lower() in self.cues.not_ours:  # "a process called 4N"
            return _DISCARD
        if root.dep_ in ("compound", "nmod", "amod") and _modifies_next(span, head):
            if head.lemma_.lower() in self.cues.not_ours:
                return _DISCARD
            found = self._cue(head, person)
            if found in _PHRASE_TYPES:
                return found
        # "the private-equity firm Carlyle", "the chipmaker Nvidia": a cue noun right before
        # the name, modifying it
        before = span.doc[span.start - 1] if span.start > 0 else None
        if (
            before is not None
            and before.dep_ == "compound"
            and before.head.i in range(span.start, span.end)
        ):
            found = self._cue(before, person) if before.text.islower() else None
            if found is not None:
                return found
        # "Zhipu, a Beijing startup" / "the startup, Zhipu"
        for token in root.children:
            if token.dep_ == "appos" and not token.ent_type_:
                found = self._cue(token, person)
                if found is not None:
                    return found
        if root.dep_ == "appos" and not head.ent_type_:
            found = self._cue(head, person)
            if found is not None:
                return found
        loose = description_after(span)  # "bought Cruise, a start-up ..." read as two objects
        if loose is not None and not loose.ent_type_:
            found = self._cue(loose, person)
            if found is not None:
                return found
        # "Zhipu is a startup"
        if root.dep_ == "nsubj" and head.lemma_ == "be":
            for token in head.children:
                if token.dep_ == "attr" and not token.ent_type_:
                    return self._cue(token, person)
        return None

    def _cue(self, token: Token, person: bool = False) -> EntityType | None:
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        if person and token.lemma_.lower() in self.cues.person_or_organization:
            return None
        return self.cues.noun_type(token.lemma_) or self.cues.noun_type(token.lower_)

    # ------------------------------------------------------------------ names the model missed

    def _missed_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        taken = {i for span in spans for i in range(span.start, span.end)}
        found: list[Span] = []
        for span in spans:  # "Foo Bar Corporation (FBC)": the abbreviation names the same thing
            at = span.end + 1
            if (
                at + 1 < len(doc)
                and doc[span.end].text == "("
                and doc[at + 1].text == ")"
                and at not in taken
                and doc[at].is_upper
                and doc[at].is_alpha
            ):
                abbreviation = Span(doc, at, at + 1, label=span.label_)
                found.append(self._typed(abbreviation, self._sources[(span.start, span.end)]))
                taken.add(at)
        for token in doc:
            if token.i in taken or token.i in self._headline or not self._name_like(token):
                continue  # in a title-cased headline every word looks like a name
            entity_type = self._phrase_type(token, spans)
            if entity_type is not None:
                start = token.i
                while start > 0 and self._name_like(doc[start - 1]) and start - 1 not in taken:
                    start -= 1
                name = Span(doc, start, token.i + 1, label=entity_type.value)
                found.append(self._typed(name, "context"))
                taken.update(range(start, token.i + 1))
        return found

    def _name_like(self, token: Token) -> bool:
        if token.pos_ not in ("PROPN", "NUM", "NOUN"):
            return False  # most words: no need to test the version pattern
        versioned = bool(self.cues.version_name.match(token.text))
        return (
            (
                token.pos_ in ("PROPN", "NUM")
                # the tagger calls "Inflection-2" a common noun; its capital and digit say name
                or (token.pos_ == "NOUN" and versioned and token.text[0].isupper())
            )
            and (token.is_title or token.is_upper or versioned)
            and token.ent_type_ not in _NOT_NAMES
        )

    def _phrase_type(self, token: Token, spans: list[Span]) -> EntityType | None:
        """A type from the noun right after the name ("Ascend 910B chips"), from a title noun
        right before it ("the networking specialist Mellanox"), or from a typed conjunct."""
        head = token.head
        if token.dep_ in ("compound", "nmod") and head.i == token.i + 1:
            cue = self._cue(head)
            if cue in _PHRASE_TYPES:
                return cue
        if token.pos_ in ("PROPN", "NOUN"):
            # "the networking specialist Mellanox", "OctoAI, a Seattle firm"
            titles = [c for c in token.children if c.dep_ in ("compound", "appos")]
            if (token.i > 0 and token.doc[token.i - 1] in titles) or any(
                c.dep_ == "appos" for c in titles
            ):
                for title in titles:
                    cue = self._cue(title)
                    if cue is not None and cue is not EntityType.PERSON:
                        return cue
        if self.cues.version_name.match(token.text):
            by_root = {span.root.i: span.label_ for span in spans}
            for other in token.conjuncts:
                label = by_root.get(other.i)
                if label in {t.value for t in _PHRASE_TYPES}:
                    return EntityType(label)
        return None

    def _is_junk(self, span: Span) -> bool:
        key = normalize_name(span.text)
        return not key or key in self.cues.junk or (span.text.islower() and not span.id_)


def _title_words_after(doc: Doc, at: int, word: str) -> int:
    """Where the capitalized proper nouns after ``word`` at ``at`` end, or ``at`` if ``word``
    and one such noun are not there."""
    if at + 1 >= len(doc) or doc[at].lower_ != word:
        return at
    end = at + 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title:
        end += 1
    return end if end > at + 1 else at


def _names_a_place_of_learning(span: Span, word: Token, taken: set[int]) -> bool:
    """Whether a capitalized word modifying a University name that begins with "University"
    is the start of a longer name (even one the model called a nationality: "Chinese")."""
    return (
        span.label_ == EntityType.UNIVERSITY.value
        and span[0].lower_ == "university"
        and word.is_title
        and word.dep_ in ("amod", "compound", "nmod")
        and span.start <= word.head.i < span.end
        and word.i not in taken
    )


def _is_headline(sentence: Span) -> bool:
    """Whether the sentence is a title-cased line, where the statistical NER mistakes
    capitalized words for names ("Tech Industry Lobbies for Relief")."""
    if sentence[-1].text in (".", "!", "?", '"', "”"):
        return False  # tested first: it settles most sentences without looking at their words
    words = [t for t in sentence if t.is_alpha]
    if len(words) < _HEADLINE_MIN_WORDS:
        return False
    # "OpenAI" and "iPhone"-like names are capitalized words of a headline too, though not
    # title case in Python's sense
    capitalized = sum(1 for t in words if t.text[0].isupper() or (t.is_stop and len(t) <= 4))
    return capitalized == len(words)


def _common_word_before_name(span: Span) -> bool:
    """Whether the span starts with a lower-case noun before capitalized words: no name
    starts so, the small model's spans sometimes do ("start-up Brett Adcock", where it tags
    the hyphenated noun a proper one); an all lower-case name ("gpt-oss") keeps its words,
    and so does a lower-case particle of a name ("von der Leyen")."""
    first = span[0]
    return (
        (first.pos_ == "NOUN" or (first.pos_ == "PROPN" and "-" in first.text))  # not "von"
        and first.text.replace("-", "").isalpha()
        and first.text.islower()
        and any(token.text[:1].isupper() for token in span[1:])
    )


def _modifies_next(span: Span, noun: Token) -> bool:
    """Whether the span modifies the noun right after it, or after lower-case words that
    modify the same noun: "H20 chips", "Grace data-centre processor"."""
    if noun.i < span.end:
        return False
    return all(
        token.is_punct or (token.text.islower() and token.i < token.head.i <= noun.i)
        for token in span.doc[span.end : noun.i]
    )


def _before_its_region(span: Span) -> bool:
    """Whether a name is followed by a place set off by commas, as a city by its state or
    country is: "the Foster City, California, firm", "Boise, Idaho, ...". The place's own
    span comes from the gazetteer or the model (GPE or LOC)."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text != ",":
        return False
    place = doc[span.end + 1]
    if place.ent_type_ not in ("GPE", "LOC") or place.ent_iob_ != "B":
        return False
    end = place.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end < len(doc) and doc[end].text == ","
