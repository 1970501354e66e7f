"""The ``aikg_relation_fallback`` component: relations no pattern describes, found from the
shortest dependency path between two names of a sentence.

Dependency patterns are precise but cannot list every construction a parser may produce. This
component looks at each pair of names in a sentence that no pattern related; when the path
between them in the parse is short and passes through a trigger word of a predicate
(``patterns/fallback.json``), it proposes the relation with a low confidence. Direction comes
from which name sits on the agent side of the trigger (its subject, its "by" phrase, its
possessor). Negated triggers state nothing; types are checked later, as for every candidate.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from aikg.errors import ConfigError
from aikg.model import EntityType, Predicate
from aikg.nlp.relations import EXTENSION, Modality, RawRelation, load_modality_beside

_NOT_INTO = frozenset({Predicate.DEVELOPED, Predicate.ACQUIRED})
"""Predicates whose words mean something else with "into": building or buying one thing into
another."""
_AGENT_DEPS = frozenset({"nsubj", "agent", "poss", "csubj"})
_SOURCE_PREPOSITIONS = frozenset({"from", "out"})
_PATIENT_DEPS = frozenset(
    {"dobj", "nsubjpass", "pobj", "prep", "attr", "appos", "compound", "oprd"}
)


class TriggerWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    direct: frozenset[str]
    inverse: frozenset[str]


class FallbackConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    comment: str = ""
    max_path: int = Field(ge=1)
    confidence: float = Field(gt=0.0, le=1.0)
    parts: frozenset[str] = frozenset()
    predicates: dict[Predicate, TriggerWords]


@Language.factory(
    "aikg_relation_fallback", default_config={"triggers_path": None, "modality_path": None}
)
def make_fallback(
    nlp: Language, name: str, triggers_path: str | None, modality_path: str | None
) -> RelationFallback:
    if triggers_path is None:
        raise ConfigError("aikg_relation_fallback needs triggers_path")
    path = Path(triggers_path)
    try:
        config = FallbackConfig.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ConfigError(f"{path}: cannot read fallback triggers: {err}") from err
    return RelationFallback(config, load_modality_beside(path, modality_path))


class RelationFallback:
    """Add low-confidence candidates for related name pairs no pattern matched."""

    def __init__(self, config: FallbackConfig, modality: Modality) -> None:
        self.config = config
        self.modality = modality
        self.by_lemma: dict[str, list[tuple[Predicate, bool]]] = {}
        for predicate, words in config.predicates.items():
            for lemma in words.direct:
                self.by_lemma.setdefault(lemma, []).append((predicate, False))
            for lemma in words.inverse:
                self.by_lemma.setdefault(lemma, []).append((predicate, True))

    def __call__(self, doc: Doc) -> Doc:
        found: list[RawRelation] = list(doc._.get(EXTENSION) or [])
        related = {frozenset((r.subject, r.object)) for r in found}
        by_sentence: dict[int, list[Span]] = {}
        for ent in doc.ents:
            by_sentence.setdefault(ent.sent.start, []).append(ent)
        for names in by_sentence.values():
            for i, first in enumerate(names):
                for second in names[i + 1 :]:
                    pair = frozenset((first.root.i, second.root.i))
                    if pair in related:
                        continue
                    found.extend(self._propose(first, second))
        doc._.set(
            EXTENSION, sorted(set(found), key=lambda r: (r[0], r[1].value, r[2], -r[3], r[4]))
        )
        return doc

    def _propose(self, first: Span, second: Span) -> list[RawRelation]:
        path = _path(first.root, second.root)
        if path is None or len(path) - 1 > self.config.max_path:
            return []
        inside = set(range(first.start, first.end)) | set(range(second.start, second.end))
        if any(t.dep_ == "conj" for t in path) or any(
            t.ent_type_ and t.i not in inside for t in path
        ):
            return []  # lists and other names in between: the patterns' business
        for trigger in path[1:-1]:
            if trigger.i in inside:
                continue
            meanings = self.by_lemma.get(trigger.lemma_.lower())
            if not meanings:
                continue
            if any(c.dep_ == "prep" and c.lower_ == "into" for c in trigger.children):
                # "built ChatGPT into Siri", "bought into": not the word's own sense (money
                # put "into" a company is still invested)
                meanings = [m for m in meanings if m[0] not in _NOT_INTO]
                if not meanings:
                    return []
            if self.modality.abandoned(trigger) or any(
                self.modality.negates(token) for token in path
            ):
                return []  # "has not spent a cent backing X"
            agent = self._agent(trigger, first, second, path)
            if agent is None:
                return []
            patient = second if agent is first else first
            if any(self._inside(name, trigger) for name in (agent, patient)):
                return []  # "bought Nvidia chips": the chips were bought, not Nvidia
            hedged = self.modality.hedged(trigger)
            confidence = self.config.confidence * self.modality.doubt(trigger, hedged)
            return [
                RawRelation(
                    (patient if inverse else agent).root.i,
                    predicate,
                    (agent if inverse else patient).root.i,
                    round(confidence, 3),
                    f"fallback/{trigger.lemma_.lower()}",
                    False,
                    False,
                    None,
                    trigger.i,
                    hedged,
                )
                for predicate, inverse in meanings
            ]
        return []

    def _inside(self, name: Span, trigger: Token) -> bool:
        """Whether a name only qualifies another noun the trigger is about: a word of its
        phrase, the owner of a named thing, the owner of a part ("led OpenAI's superalignment
        team" and "led the superalignment team at OpenAI" lead the team, not OpenAI)."""
        root = name.root
        part = root.head
        if root.dep_ == "pobj" and part.dep_ == "prep" and part.lower_ in ("at", "of", "in"):
            part = part.head  # "the team at OpenAI"
        elif root.dep_ != "poss":
            return _modifies_another_noun(name, trigger)
        owns_part = part.i != trigger.i and part.lemma_.lower() in self.config.parts
        return owns_part or _modifies_another_noun(name, trigger)

    @staticmethod
    def _agent(trigger: Token, first: Span, second: Span, path: list[Token]) -> Span | None:
        """The name on the agent side of the trigger, if exactly one is."""
        sides = []
        for name in (first, second):
            step = _step_from(trigger, name.root, path)
            if step is None:  # the name governs the trigger: "X, acquired by Y" / "X, which ..."
                sides.append("patient" if trigger.tag_ == "VBN" else "agent")
            elif step.dep_ == "prep" and step.lower_ in _SOURCE_PREPOSITIONS:
                sides.append("?")  # "bought Arm from SoftBank": the seller is no party to it
            elif step.dep_ in _AGENT_DEPS:
                sides.append("agent")
            elif step.dep_ in _PATIENT_DEPS:
                sides.append("patient")
            else:
                sides.append("?")
        if sides.count("agent") == 1 and "?" not in sides:
            return first if sides[0] == "agent" else second
        return None


def _modifies_another_noun(name: Span, trigger: Token) -> bool:
    """Whether a name is only a word of a common noun's phrase ("Nvidia chips", "Intel
    shares"): what the trigger is about is then that noun, not the name. A possessor is left
    alone ("competing with Nvidia's products" is competing with Nvidia) unless what it owns is
    named ("DeepSeek's R1 rivals o1" is about R1) or it is a person ("Lisa Su's company")."""
    root = name.root
    head = root.head
    if head.i == trigger.i:
        return False
    named = head.ent_type_ or any(c.dep_ == "compound" and c.ent_type_ for c in head.children)
    if root.dep_ == "poss" and named:
        return True  # "DeepSeek's R1 model rivals o1": the model is the party, not its owner
    if root.dep_ == "poss" and name.label_ == EntityType.PERSON.value and head.pos_ == "NOUN":
        return True  # "Lisa Su's company launched ...": the company acts, not its chief
    return root.dep_ in ("compound", "nmod") and head.pos_ == "NOUN" and not head.ent_type_


def _path(a: Token, b: Token) -> list[Token] | None:
    """Tokens from ``a`` to ``b`` through their lowest common ancestor in the parse."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    common = next((t for t in up_a if t in up_b), None)
    if common is None:
        return None
    left = up_a[: up_a.index(common) + 1]
    right = up_b[: up_b.index(common)]
    return left + list(reversed(right))


def _step_from(trigger: Token, target: Token, path: list[Token]) -> Token | None:
    """The child of ``trigger`` on the path towards ``target``, or None if it lies above."""
    at = path.index(trigger)
    toward = path.index(target)
    neighbour = path[at + 1] if toward > at else path[at - 1]
    return neighbour if neighbour.head.i == trigger.i and neighbour.i != trigger.i else None
