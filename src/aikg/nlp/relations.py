"""The ``aikg_relations`` component: relation candidates from dependency patterns.

Patterns live in a JSON Lines file, one a line::

    {"id": "founded/passive", "predicate": "founded", "confidence": 0.9,
     "trigger": {"LOWER": {"REGEX": "^(co-?)?found(ed|s)?$"}},
     "subject": ">agent >pobj", "object": ">nsubjpass"}

``trigger`` is a spaCy token pattern, found with spaCy's ``Matcher``. A path walks the parse from
the trigger token: ``>dep`` steps to the children with that dependency label, ``>>dep`` to any
descendant with it, ``>prep:in|on`` also requires the lemma, ``<dep`` steps to the head of a
token attached by ``dep``; alternatives are written ``>nsubj,nsubjpass``; an empty path is the
trigger itself. ``requires`` lists paths that must lead somewhere without being arguments
(``">prt:off"`` for "spin off"), ``forbids`` paths that must lead nowhere (``">amod:vice"`` for
"vice president"). Walking paths from the few trigger tokens costs far less than spaCy's
``DependencyMatcher``, which matches every node of every pattern against every token.

The component writes ``doc._.aikg_relations``: :class:`RawRelation` tuples. An argument reached
by stepping down from the trigger stands for its whole coordination ("founded by A, B and C");
one reached by climbing from a modifier of its own ("A, based in Paris, and B") does not. Which
entity a token stands for is decided later (:mod:`aikg.nlp.arguments`). A negated trigger yields
nothing; a hedged sentence lowers the confidence.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from aikg.errors import ConfigError
from aikg.model import EntityType, Predicate
from aikg.nlp.syntax import name_after, name_before, relative_antecedents


class RawRelation(NamedTuple):
    subject: int  # token index
    predicate: Predicate
    object: int
    confidence: float
    pattern: str
    subject_coordinated: bool  # the subject's conjuncts are subjects too
    object_coordinated: bool
    implicit_object: EntityType | None  # the object token stands for an unnamed entity
    trigger: int  # token index of the word that states the relation
    hedged: bool


EXTENSION = "aikg_relations"


def _lemma_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    """Make a LEMMA constraint blind to case. The tagger keeps the case of proper nouns (the
    lemma of "CEO" is "CEO"), so each lemma also matches capitalized and upper case; listing the
    variants keeps matching in spaCy's native code."""
    attrs = dict(attrs)
    lemma = attrs.get("LEMMA")
    if lemma is not None:
        words = lemma["IN"] if isinstance(lemma, dict) else [lemma]
        variants = {v for w in words for v in (w.lower(), w.capitalize(), w.upper())}
        attrs["LEMMA"] = {"IN": sorted(variants)}
    return attrs


@dataclass(frozen=True)
class Hop:
    """One step of a path: to children (``>``), to any descendant (``>>``) or to the head
    (``<``), along the given dependency labels (``<appos`` also reaches a name the parser made
    the apposition's sibling, :mod:`aikg.nlp.syntax`)."""

    op: str
    deps: frozenset[str]
    lemmas: frozenset[str] | None
    dep_ids: frozenset[int] = frozenset()  # the labels' ids: comparing them needs no string

    def __post_init__(self) -> None:
        object.__setattr__(self, "dep_ids", frozenset(get_string_id(d) for d in self.deps))

    @property
    def apposition(self) -> bool:
        """An up-step to the noun an apposition describes, which also takes the apposed name
        the small model read as a sibling ("bought Cruise, a San Francisco start-up")."""
        return "appos" in self.deps

    @property
    def relative(self) -> bool:
        """An up-step from a relative clause to the noun it describes."""
        return "relcl" in self.deps

    @classmethod
    def parse(cls, text: str) -> Hop:
        op = ">>" if text.startswith(">>") else text[:1]
        spec = text[len(op) :]
        if op not in ("<", ">", ">>") or not spec:
            raise ValueError(f"bad hop {text!r}: expected >dep, >>dep or <dep")
        deps, _, lemmas = spec.partition(":")
        return cls(
            op=op,
            deps=frozenset(deps.split(",")),
            lemmas=frozenset(w.lower() for w in lemmas.split("|")) if lemmas else None,
        )

    @property
    def down(self) -> bool:
        return self.op != "<"

    def step(self, tokens: Iterable[Token]) -> list[Token]:
        found: list[Token] = []
        deps = self.dep_ids
        for token in tokens:
            if not self.down:
                if token.dep in deps and token.head.i != token.i and self._lemma_ok(token.head):
                    if self.relative:  # "founded by A, B and C, who met at MIT": all three
                        found.extend(relative_antecedents(token))
                    else:
                        found.append(token.head)
                elif self.apposition:  # the parser gave an apposition its name's own role
                    name = name_before(token) or name_after(token)
                    if name is not None and self._lemma_ok(name):
                        found.append(name)
                continue
            below = token.children if self.op == ">" else (t for t in token.subtree if t != token)
            found.extend(t for t in below if t.dep in deps and self._lemma_ok(t))
        return found

    def _lemma_ok(self, token: Token) -> bool:
        return self.lemmas is None or token.lemma_.lower() in self.lemmas


@cache
def parse_path(text: str) -> tuple[Hop, ...]:
    """The hops of a path; one tuple per distinct text, so :class:`Walks` can key on it."""
    return tuple(Hop.parse(hop) for hop in text.split())


def walk(start: Token, path: tuple[Hop, ...]) -> list[Token]:
    """The tokens a path reaches from ``start``."""
    tokens = [start]
    for hop in path:
        tokens = hop.step(tokens)
        if not tokens:
            break
    return tokens


class Walks:
    """:func:`walk` remembered for one Doc: the patterns of a trigger mostly share their paths
    (">nsubj" for a dozen verbs' patterns), and each would walk it again."""

    def __init__(self) -> None:
        self._reached: dict[tuple[int, int], list[Token]] = {}

    def __call__(self, start: Token, path: tuple[Hop, ...]) -> list[Token]:
        key = (start.i, id(path))  # paths come from parse_path, which keeps one per text
        reached = self._reached.get(key)
        if reached is None:
            reached = self._reached[key] = walk(start, path)
        return reached


class RelationPattern(BaseModel):
    """One line of the patterns file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    predicate: Predicate
    trigger: dict[str, Any]
    subject: str
    object: str
    requires: tuple[str, ...] = ()
    forbids: tuple[str, ...] = ()
    implicit_object: EntityType | None = Field(
        None,
        description="The object is left unsaid and stands for the most salient entity of this "
        "type: 'Chairman Joe Tsai' in an article about Alibaba. The object path must be empty.",
    )
    reciprocal: bool = Field(
        False,
        description="The relation holds between the members of the subject, each with each: "
        "'the two companies will jointly develop', 'Anthropic and OpenAI compete'. The object "
        "path must be empty.",
    )
    confidence: float = Field(0.8, gt=0.0, le=1.0)

    @model_validator(mode="after")
    def _reciprocal_has_no_object(self) -> RelationPattern:
        if self.reciprocal and self.object:
            raise ValueError("a reciprocal pattern relates its subject's members: no object path")
        return self


_MODALS = frozenset({"may", "might", "could", "would", "should"})


class Modality(BaseModel):
    """Words that negate or hedge a statement."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    negations: frozenset[str]
    hedges: frozenset[str]
    intentions: frozenset[str] = frozenset()
    """Verbs that make what follows a plan, not a fact: "agreed to buy", "plans to open"."""
    abandonments: frozenset[str] = frozenset()
    """Verbs that say what their object or complement names did not happen: "abandoned its
    bid for Arm", "failed to buy", "blocked the acquisition"."""
    hedge_factor: float = Field(gt=0.0, le=1.0)

    def abandoned(self, trigger: Token) -> bool:
        """Whether the trigger is a deed given up: the object of a verb of abandoning ("its
        bid for Arm", "plans to buy") or its complement ("failed to acquire")."""
        head = trigger.head
        if head.i == trigger.i:
            return False
        if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("on", "from"):
            head = head.head  # "withdrew from the deal"
        if trigger.dep_ == "xcomp" and head.dep_ == "dobj":
            head = head.head  # "dropped plans to acquire"
        return head.lemma_.lower() in self.abandonments and trigger.dep_ != "nsubj"

    def negates(self, token: Token) -> bool:
        """Whether a dependent of the token negates it ("has not invested", "no stake"), or it
        is what was done instead of ("rather than buying Scale AI", "instead of acquiring it")."""
        if token.dep_ == "pcomp" and token.head.i > 0:
            before = token.doc[token.head.i - 1].lower_
            if (before, token.head.lower_) in (("rather", "than"), ("instead", "of")):
                return True
        return any(
            child.dep_ == "neg"
            or child.lower_ in self.negations
            or (child.dep_ == "det" and child.lower_ == "no")  # "took no stake in Windsurf"
            for child in token.children
        )

    def doubt(self, trigger: Token, hedged: bool) -> float:
        """What a statement's confidence is multiplied by: ``hedge_factor`` when it is hedged
        or only intended, else 1."""
        return self.hedge_factor if hedged or self.intended(trigger) else 1.0

    def intended(self, trigger: Token) -> bool:
        """Whether the trigger states an intention, not a deed ("agreed to buy Arm"): the deal
        may never close, so the fact is less sure, but the text does not hedge it."""
        return trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in self.intentions

    def hedged(self, trigger: Token) -> bool:
        """Whether the statement the trigger makes is hedged, by a word whose scope holds it:
        an adverb or attribution ("reportedly", "according to") on the trigger's clause, a
        verb the trigger's clause is the complement of ("was reported to have bought"), a
        modal verb ("could") over the trigger. So neither "Nvidia, which could not be reached,
        acquired Mellanox" nor "GPT-4 was built on machines that reportedly linked A100s"
        hedge the acquisition or the development. Words inside names ("May 2023") never
        count."""
        governing = {trigger.i, *(a.i for a in trigger.ancestors)}
        # a noun phrase's own fact is taken for granted by its clause, whose modal does not
        # weaken it ("the restrictions on its MI308 chip could cost AMD $800 million"); a
        # predicate noun's is the clause's ("he could become its chief executive")
        presupposed = trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ not in ("attr", "oprd")
        clause = trigger if trigger.pos_ in ("VERB", "AUX") else verb_above(trigger)
        not_names = trigger.doc._.get("aikg_not_names") or frozenset()
        for token in trigger.sent:
            if token.lower_ not in self.hedges or token.ent_type_ or token.i in not_names:
                continue
            if token.lower_ in _MODALS:
                if token.tag_ == "MD" and token.head.i in governing and not presupposed:
                    return True
            elif token.i in governing and token.i != trigger.i:
                if child_toward(token, trigger).dep_ in ("xcomp", "ccomp"):
                    return True
            elif token.head.i in (trigger.i, clause.i if clause is not None else -1):
                return True
        return False


def verb_above(token: Token) -> Token | None:
    """The first verb above a token: the verb of its clause."""
    return next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)


def counted_phrase(noun: Token) -> Token:
    """The quantity a noun is counted in, which plays its role in the clause ("bought $5
    billion of Intel shares", "raised $500 million in funding"), else the noun itself."""
    if noun.dep_ == "pobj" and noun.head.lower_ in ("of", "in") and noun.head.head.pos_ == "NUM":
        return noun.head.head
    return noun


def child_toward(ancestor: Token, token: Token) -> Token:
    """The child of ``ancestor`` on the way down to ``token``."""
    while token.head.i != ancestor.i:
        token = token.head
    return token


@dataclass(frozen=True)
class CompiledPattern:
    pattern: RelationPattern
    subject: tuple[Hop, ...]
    object: tuple[Hop, ...]
    requires: tuple[tuple[Hop, ...], ...]
    forbids: tuple[tuple[Hop, ...], ...]

    @classmethod
    def build(cls, pattern: RelationPattern) -> CompiledPattern:
        try:
            return cls(
                pattern,
                parse_path(pattern.subject),
                parse_path(pattern.object),
                tuple(parse_path(path) for path in pattern.requires),
                tuple(parse_path(path) for path in pattern.forbids),
            )
        except ValueError as err:
            raise ConfigError(f"relation pattern {pattern.id}: {err}") from err

    @property
    def climbs(self) -> bool:
        """Whether an argument is reached through the trigger's head: a noun trigger's fact is
        then its clause's assertion ("has not taken money from X"), not a presupposition of
        its phrase ("would not offer its Llama models")."""
        return any(path and not path[0].down for path in (self.subject, self.object))

    def arguments(self, trigger: Token, walks: Walks) -> list[tuple[Token, Token]]:
        """(subject, object) token pairs the pattern finds around a trigger token."""
        for path in self.requires:  # loops, not all()/any(): this runs for every trigger
            if not walks(trigger, path):
                return []
        for path in self.forbids:
            if walks(trigger, path):
                return []
        subjects = _walk_shared(walks, trigger, self.subject, own_object=False)
        if not subjects and self.pattern.subject == ">nsubj":
            subjects = participle_subject(trigger)
        if not subjects and self.pattern.subject in _SUBJECT_PATHS:
            subjects = conjunct_subject(trigger)
        if self.pattern.reciprocal:  # the members of the subject, paired when mapped
            return [(s, s) for s in subjects]
        objects = _walk_shared(walks, trigger, self.object, own_object=True) if subjects else []
        if subjects and not objects and self.pattern.object in _SUBJECT_PATHS:
            objects = conjunct_subject(trigger)  # "... and was bought by Nvidia"
        return [(s, o) for s in subjects for o in objects if s.i != o.i]


def participle_subject(trigger: Token) -> list[Token]:
    """The subject a present-participle adjunct without one of its own shares with the clause
    it hangs from: "The startup has grown by acquisition, buying Gradio in 2021" (the startup
    bought it). Not a past participle: "Founded in 2015, OpenAI ..." makes the clause's subject
    its object, which patterns of their own read. Also the subject of a sentence whose verb
    the parser hung from it (below)."""
    if _has_own_subject(trigger):
        return []
    head = trigger.head
    if trigger.dep_ == "acl" and head.dep_ == "ROOT" and head.pos_ in ("PROPN", "NOUN"):
        # the small model hangs a sentence's verb from its subject when an apposition stands
        # between them and leaves no verb at the root: "Srinivas, a former OpenAI
        # researcher, studied at UC Berkeley"
        between = trigger.doc[head.i : trigger.i]
        return [head] if any(t.text == "," for t in between) else []
    if trigger.dep_ != "advcl" or trigger.tag_ != "VBG":
        return []
    return [child for child in head.children if child.dep_ == "nsubj"]


_SUBJECT_PATHS = frozenset({">nsubj", ">nsubjpass"})


def conjunct_subject(trigger: Token) -> list[Token]:
    """The subject a coordinated verb without one of its own shares with the verb before it,
    whatever the voice of either: "Claude 3.5 Sonnet followed in June and was pitched against
    GPT-4o"."""
    if trigger.dep_ != "conj" or trigger.head.pos_ not in ("VERB", "AUX"):
        return []
    if _has_own_subject(trigger):
        return []
    return [c for c in trigger.head.children if c.dep_ in ("nsubj", "nsubjpass")]


def _has_own_subject(verb: Token) -> bool:
    return any(child.dep_ in ("nsubj", "nsubjpass", "expl") for child in verb.children)


def _walk_shared(
    walks: Walks, trigger: Token, path: tuple[Hop, ...], own_object: bool
) -> list[Token]:
    """The tokens a path reaches from the trigger or, for a role noun coordinated with another
    ("Adept's co-founder and chief executive"), from the first noun of the coordination, whose
    holder and organization the later ones share, unless the noun names its own ("Google's
    chief executive and a board member of Alphabet")."""
    found = walks(trigger, path)
    if found or not path or trigger.pos_ != "NOUN" or trigger.dep_ != "conj":
        return found
    if own_object and any(c.dep_ in ("prep", "poss") for c in trigger.children):
        return []
    first = trigger
    while first.dep_ == "conj" and first.head.pos_ == "NOUN" and first.head.i != first.i:
        first = first.head
    return walks(first, path) if first.i != trigger.i else []


def load_patterns(path: Path) -> list[RelationPattern]:
    patterns: list[RelationPattern] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read relation patterns: {err}") from err
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            pattern = RelationPattern.model_validate(json.loads(line))
        except ValueError as err:  # bad JSON, or a pydantic ValidationError (a ValueError)
            raise ConfigError(f"{path}:{number}: bad relation pattern: {_problem(err)}") from err
        if any(p.id == pattern.id for p in patterns):
            raise ConfigError(f"{path}:{number}: duplicate pattern id {pattern.id!r}")
        patterns.append(pattern)
    return patterns


def _problem(err: ValueError) -> str:
    """A pattern's fault in one line: the field and the validator's message, or the parser's."""
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where + ': ' if where else ''}{first['msg']}"
    return str(err).splitlines()[0]


def load_modality_beside(data_path: Path, modality_path: str | None) -> Modality:
    """The negation and hedge words a component was given, else those next to its data file."""
    return load_modality(
        Path(modality_path) if modality_path else data_path.with_name("modality.json")
    )


@cache
def load_modality(path: Path) -> Modality:
    try:
        return Modality.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ConfigError(f"{path}: cannot read negation and hedge words: {err}") from err


@Language.factory("aikg_relations", default_config={"patterns_path": None, "modality_path": None})
def make_relation_extractor(
    nlp: Language, name: str, patterns_path: str | None, modality_path: str | None
) -> RelationExtractor:
    if patterns_path is None:
        raise ConfigError("aikg_relations needs patterns_path")
    patterns = Path(patterns_path)
    return RelationExtractor(
        nlp, load_patterns(patterns), load_modality_beside(patterns, modality_path)
    )


class TriggerIndex:
    """The pattern triggers each token of a Doc matches, found by hashing its lemma, its
    lower-case form or its entity type, then checking its part of speech.

    Nearly every trigger is a set of lemmas or words with a part of speech; spaCy's Matcher
    tests every token against every entry's predicates, which cost a quarter of the whole
    extraction. A trigger of any other shape still goes to a Matcher, which also validates it.
    """

    _HASHED: ClassVar[dict[str, str]] = {"LEMMA": "lemma", "LOWER": "lower", "ENT_TYPE": "entity"}

    def __init__(self, vocab: Vocab) -> None:
        self.hashed: dict[str, defaultdict[str, list[tuple[frozenset[str] | None, str]]]] = {
            kind: defaultdict(list) for kind in self._HASHED.values()
        }
        self.regexes: list[tuple[re.Pattern[str], frozenset[str] | None, str]] = []
        self.matcher = Matcher(vocab, validate=True)
        self.matched_keys: set[str] = set()
        self._known: dict[tuple[int, int, int, int], tuple[str, ...]] = {}

    def _keys(self, token: Token) -> tuple[str, ...]:
        """The hashed and regular-expression triggers a token matches."""
        candidates = (
            *self.hashed["lemma"].get(token.lemma_.lower(), ()),
            *self.hashed["lower"].get(token.lower_, ()),
            *(self.hashed["entity"].get(token.ent_type_, ()) if token.ent_type_ else ()),
            *((pos, key) for regex, pos, key in self.regexes if regex.search(token.lower_)),
        )
        return tuple(key for pos, key in candidates if pos is None or token.pos_ in pos)

    def add(self, key: str, trigger: dict[str, Any]) -> None:
        pos = _word_set(trigger.get("POS")) if "POS" in trigger else None
        rest = {name: value for name, value in trigger.items() if name != "POS"}
        if len(rest) == 1 and ("POS" not in trigger or pos is not None):
            ((name, value),) = rest.items()
            words = _word_set(value)
            if name in self._HASHED and words is not None:
                for word in words:
                    folded = word if name == "ENT_TYPE" else word.lower()
                    self.hashed[self._HASHED[name]][folded].append((pos, key))
                return
            if name == "LOWER" and isinstance(value, dict) and set(value) == {"REGEX"}:
                self.regexes.append((re.compile(value["REGEX"]), pos, key))
                return
        self.matcher.add(key, [[_lemma_attrs(trigger)]])
        self.matched_keys.add(key)

    def __call__(self, doc: Doc) -> Iterator[tuple[str, Token]]:
        """(trigger key, token) for every token and trigger it matches."""
        known = self._known
        for token in doc:
            # the same word with the same lemma, entity type and part of speech matches the
            # same triggers: looked up once per process by the attributes' ids
            signature = (token.lemma, token.lower, token.ent_type, token.pos)
            keys = known.get(signature)
            if keys is None:
                if len(known) >= _KNOWN_LIMIT:
                    known.clear()
                keys = known[signature] = self._keys(token)
            for key in keys:
                yield key, token
        if self.matched_keys:
            strings = doc.vocab.strings
            for match_id, start, _ in self.matcher(doc):
                yield strings[match_id], doc[start]


_KNOWN_LIMIT = 200_000
"""Word signatures :class:`TriggerIndex` remembers before it starts afresh: a bound on its
memory over a long run."""


def _word_set(value: object) -> frozenset[str] | None:
    """The words a token attribute may equal: a string or ``{"IN": [...]}``; else None."""
    if isinstance(value, str):
        return frozenset({value})
    words = value.get("IN") if isinstance(value, dict) and set(value) == {"IN"} else None
    if isinstance(words, list) and all(isinstance(word, str) for word in words):
        return frozenset(words)
    return None


class RelationExtractor:
    """Find every pattern's trigger in a parsed Doc and record the candidates it states."""

    def __init__(self, nlp: Language, patterns: list[RelationPattern], modality: Modality) -> None:
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=None)
        self.modality = modality
        # patterns sharing a trigger share one entry: most triggers ("found", "chief
        # executive") serve many paths
        self.triggers = TriggerIndex(nlp.vocab)
        self.compiled: dict[str, list[CompiledPattern]] = {}
        for pattern in patterns:
            key = "trigger:" + json.dumps(pattern.trigger, sort_keys=True)
            if key not in self.compiled:
                try:
                    self.triggers.add(key, pattern.trigger)
                except ValueError as err:
                    raise ConfigError(f"relation pattern {pattern.id}: {err}") from err
                self.compiled[key] = []
            self.compiled[key].append(CompiledPattern.build(pattern))

    def __call__(self, doc: Doc) -> Doc:
        found: set[RawRelation] = set()
        walks = Walks()
        hedged: dict[int, bool] = {}
        for key, trigger in self.triggers(doc):
            for compiled in self.compiled[key]:
                found.update(self._relations(compiled, trigger, walks, hedged))
        doc._.set(EXTENSION, sorted(found, key=lambda r: (r[0], r[1].value, r[2], -r[3], r[4])))
        return doc

    def _relations(
        self, compiled: CompiledPattern, trigger: Token, walks: Walks, hedged_at: dict[int, bool]
    ) -> list[RawRelation]:
        pairs = compiled.arguments(trigger, walks)
        if not pairs or self._negated(trigger, compiled.climbs):
            return []
        confidence = compiled.pattern.confidence
        hedged = hedged_at.get(trigger.i)
        if hedged is None:
            hedged = hedged_at[trigger.i] = self.modality.hedged(trigger)
        confidence *= self.modality.doubt(trigger, hedged)
        return [
            RawRelation(
                subject.i,
                compiled.pattern.predicate,
                obj.i,
                round(confidence, 3),
                compiled.pattern.id,
                _coordinated(compiled.subject),
                _coordinated(compiled.subject if compiled.pattern.reciprocal else compiled.object),
                compiled.pattern.implicit_object,
                trigger.i,
                hedged,
            )
            for subject, obj in pairs
        ]

    def _negated(self, trigger: Token, climbs: bool) -> bool:
        """A negated trigger, or one governed by a negated verb ("did not manage to buy"), or
        a noun that is the object of one, for a pattern that climbs to it ("has not taken
        money from Alibaba", "did not raise $1 billion in funding")."""
        if self.modality.abandoned(trigger):
            return True
        phrase = counted_phrase(trigger)
        scope = [trigger, *([trigger.head] if trigger.dep_ in ("xcomp", "conj") else [])]
        if climbs and trigger.pos_ in ("NOUN", "PROPN") and phrase.dep_ == "dobj":
            scope.append(phrase.head)
        return any(self.modality.negates(token) for token in scope)


def _coordinated(path: tuple[Hop, ...]) -> bool:
    """Whether an argument reached by this path governs its conjuncts: only when the path
    ends going down from the trigger."""
    return bool(path) and path[-1].down
