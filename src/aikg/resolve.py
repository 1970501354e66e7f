"""Entity resolution: mentions of many documents -> entities with stable ids, and relations
between them.

Within a document, a name mention joins the cluster of

* the gazetteer entry it matched, or another mention with the same normalized name;
* the full name it abbreviates ("Foo Corporation (FC)") or shortens ("Liang" -> "Liang Wenfeng",
  "Mistral" -> "Mistral AI"), but only when exactly one longer name fits;

and a pronoun or description ("it", "the startup") joins the most salient fitting entity
mentioned before it: salience adds up over an entity's recent mentions, subjects and mentions
in the anaphor's own role counting more, and fades with each sentence back. Across documents,
clusters meet when they share a gazetteer entry or a normalized multi-word name; a lone surname
never crosses a document boundary, since two people called Wang are more likely two people. A
wrong merge costs more than a missed one.

Relations keep only the candidates whose types fit the ontology's domain and range.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

from aikg.events import find_events
from aikg.gazetteer import Gazetteer
from aikg.model import (
    Attribute,
    DocumentAnalysis,
    Entity,
    EntityType,
    KnowledgeGraph,
    Mention,
    MentionKind,
    Predicate,
    Provenance,
    Qualifiers,
    Relation,
    attribute_order,
)
from aikg.normalize import normalize_name
from aikg.ontology import Vocabulary

_TYPE_WEIGHT = {"gazetteer": 100, "context": 4, "slot": 2, "shape": 1, "model": 1}
"""How much one mention's type counts in an entity's type vote: a cue word ("DBRX, an open
model") outweighs a relation slot, which outweighs a guess of the statistical tagger."""
_TYPE_CERTAINTY_CUE = 0.95
_TYPE_CERTAINTY_GUESS = 0.85
_SOURCE_TYPES = frozenset({EntityType.ORGANIZATION, EntityType.PERSON, EntityType.LOCATION})
"""What can claim a fact: a company or publication, a person, a country ("China says")."""
_ANTECEDENT_WINDOW = 3
"""How many sentences back a pronoun or description looks for its antecedent."""
_HEAD_MATCH_WINDOW = 10
"""How far back a description finds a name that holds its head word ("the department" for
the Commerce Department): a shared head carries a definite description much further than
a pronoun goes."""


@dataclass
class _Cluster:
    """Mentions believed to name one entity, while resolution is under way."""

    key: str
    gazetteer_id: str | None = None
    names: Counter[str] = field(default_factory=Counter)
    types: Counter[EntityType] = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)
    typed_by: set[str] = field(default_factory=set)

    def type_certainty(self) -> float:
        """How sure the entity's type is: known names and cue words more than guesses. A
        relation is no surer than the types that let it through the ontology's signature."""
        if self.gazetteer_id or "gazetteer" in self.typed_by:
            return 1.0
        return _TYPE_CERTAINTY_CUE if "context" in self.typed_by else _TYPE_CERTAINTY_GUESS


AnalysisSource = Callable[[], Iterable[DocumentAnalysis]]
"""A function that reads the analyses afresh, in the same order, each time it is called."""


def resolve(
    analyses: Iterable[DocumentAnalysis] | AnalysisSource,
    gazetteer: Gazetteer,
    vocabulary: Vocabulary,
) -> KnowledgeGraph:
    """Merge the documents' mentions into entities and their candidates into relations.

    Resolution reads the analyses four times (cluster the mentions, vote on types, read the
    numbers, make relations). Given a function that reads them afresh
    (``AnalysisCache.analyses``), it holds only one analysis at a time: a corpus's analyses,
    with their texts, weigh far more than the graph made from them. Given the analyses
    themselves, it keeps them all."""
    held = None if callable(analyses) else list(analyses)

    def read() -> Iterable[DocumentAnalysis]:
        return held if held is not None else analyses()  # type: ignore[operator]

    clusters: dict[str, _Cluster] = {}
    documents: list[str] = []
    keys_of: list[list[str | None]] = []  # each document's mention keys, in reading order
    for analysis in read():
        documents.append(analysis.document)
        keys_of.append(_cluster_document(analysis, gazetteer, vocabulary, clusters))

    def pending() -> Iterator[tuple[DocumentAnalysis, list[str | None]]]:
        return zip(read(), keys_of, strict=True)

    for analysis, keys in pending():
        _vote_by_slots(analysis, keys, clusters, vocabulary)
    entities = _with_attributes(_entities(clusters, gazetteer, vocabulary), pending(), vocabulary)
    releases: list[tuple[str, str, Provenance]] = []
    relations = _relations(pending(), clusters, entities, vocabulary, releases)
    unique = {e.id: e for e in entities.values()}
    return KnowledgeGraph(
        entities=tuple(sorted(unique.values(), key=lambda e: e.id)),
        relations=relations,
        events=find_events(relations, tuple(unique.values()), releases),
        documents=tuple(sorted(documents)),
    )


def _provenance(
    analysis: DocumentAnalysis,
    sentence: int,
    confidence: float,
    claim: tuple[Qualifiers, str | None],
    quoted: dict[int, str] | None = None,
) -> Provenance:
    """The evidence of one sentence, with what it says besides the fact (``claim``:
    qualifiers, and the id of the entity it attributes the fact to). ``quoted`` keeps one
    string per sentence of the document, shared by the facts it states."""
    span = analysis.sentences[sentence]
    qualifiers, attributed_to = claim
    text = None if quoted is None else quoted.get(sentence)
    if text is None:
        text = analysis.sentence_text(sentence)
        if quoted is not None:
            quoted[sentence] = text
    return Provenance(
        document=analysis.document,
        sentence=text,
        start=span.start,
        end=span.end,
        confidence=round(confidence, 3),
        qualifiers=qualifiers,
        attributed_to=attributed_to,
    )


def _claimed(
    qualifiers: Qualifiers,
    source: int | None,
    keys: list[str | None],
    entities: dict[str, Entity],
    vocabulary: Vocabulary,
) -> tuple[Qualifiers, str | None]:
    """The qualifiers of a piece of evidence with its source resolved, and the claimant's id:
    its label and id when the source mention names an entity that can claim things."""
    key = keys[source] if source is not None else None
    if key is None or key not in entities:
        return qualifiers, None
    claimant = entities[key]
    if vocabulary.core_type(claimant.type) not in _SOURCE_TYPES:
        # a model or a chip claims nothing: a misread clause
        return qualifiers.model_copy(update={"source": None}), None
    return qualifiers.model_copy(update={"source": claimant.label}), claimant.id


def _with_attributes(
    entities: dict[str, Entity],
    pending: Iterable[tuple[DocumentAnalysis, list[str | None]]],
    vocabulary: Vocabulary,
) -> dict[str, Entity]:
    """Entities with the numbers stated about them, one per attribute, value and date (the
    most confident sentence kept), dropped where the entity's type cannot have it."""
    found: defaultdict[str, dict[tuple[object, ...], Attribute]] = defaultdict(dict)
    for analysis, keys in pending:
        for candidate in analysis.attributes:
            key = keys[candidate.mention]
            if key not in entities:
                continue
            entity = entities[key]
            if vocabulary.core_type(entity.type) is not candidate.name.domain:
                continue
            attribute = Attribute(
                name=candidate.name,
                quantity=candidate.quantity,
                time=candidate.time,
                evidence=_provenance(
                    analysis,
                    candidate.sentence,
                    candidate.confidence,
                    _claimed(candidate.qualifiers, candidate.source, keys, entities, vocabulary),
                ),
            )
            same = (
                candidate.name,
                candidate.quantity.value,
                candidate.quantity.unit,
                candidate.time,
                analysis.document,
                candidate.sentence,
            )
            known = found[key].get(same)
            if known is None or known.evidence.confidence < attribute.evidence.confidence:
                found[key][same] = attribute
    return {
        key: entity.model_copy(
            update={"attributes": tuple(sorted(found[key].values(), key=attribute_order))}
        )
        if key in found
        else entity
        for key, entity in entities.items()
    }


def _relations(
    pending: Iterable[tuple[DocumentAnalysis, list[str | None]]],
    clusters: dict[str, _Cluster],
    entities: dict[str, Entity],
    vocabulary: Vocabulary,
    releases: list[tuple[str, str, Provenance]],
) -> tuple[Relation, ...]:
    """The candidates whose entities fit the predicate's signature, merged per fact with one
    piece of evidence per sentence, sorted. ``releases`` receives the (developer, model,
    evidence) of each "developed" stated by a verb of release, for events."""
    evidence: defaultdict[tuple[str, Predicate, str], list[Provenance]] = defaultdict(list)
    # one object per distinct value: a corpus's evidence repeats a few qualifier readings and
    # quotes each sentence for every fact it states, and the graph is held whole
    readings: dict[tuple[Qualifiers, str | None], tuple[Qualifiers, str | None]] = {}
    for analysis, keys in pending:
        quoted: dict[int, str] = {}
        for candidate in analysis.relations:
            subject_key, object_key = keys[candidate.subject], keys[candidate.object]
            if subject_key not in entities or object_key not in entities:
                continue
            if subject_key == object_key:
                continue
            subject, obj = entities[subject_key], entities[object_key]
            predicate = candidate.predicate
            if predicate is Predicate.STUDIED_AT and vocabulary.is_a(obj.type, EntityType.COMPANY):
                # no one studies at a company: "a Meta alumnus" worked there; any other reading
                # ("received an offer from Meta") is the pattern's mistake
                if not candidate.pattern.startswith(_ALUMNUS_PATTERNS):
                    continue
                predicate = Predicate.WORKS_FOR
            if not vocabulary.allows(predicate, subject.type, obj.type):
                continue
            if vocabulary.signatures[predicate].symmetric and obj.id < subject.id:
                subject, obj = obj, subject
            certainty = (
                clusters[subject_key].type_certainty() * clusters[object_key].type_certainty()
            )
            claim = _claimed(candidate.qualifiers, candidate.source, keys, entities, vocabulary)
            item = _provenance(
                analysis,
                candidate.sentence,
                candidate.confidence * certainty,
                readings.setdefault(claim, claim),
                quoted,
            )
            evidence[(subject.id, predicate, obj.id)].append(item)
            if candidate.release:
                releases.append((subject.id, obj.id, item))
    relations = [
        Relation(subject=s, predicate=p, object=o, evidence=_best_per_sentence(items))
        for (s, p, o), items in evidence.items()
    ]
    return tuple(sorted(relations, key=lambda r: (r.subject, r.predicate, r.object)))


_ALUMNUS_PATTERNS = ("graduate/",)
"""Patterns of a person's alma mater named by a noun ("alumnus", "graduate", "dropout")."""


def _vote_by_slots(
    analysis: DocumentAnalysis,
    keys: list[str | None],
    clusters: dict[str, _Cluster],
    vocabulary: Vocabulary,
) -> None:
    """A relation's slot is a typing cue: whoever is "led by" someone is an organization, and
    that someone a person. Each candidate votes for the one core class its slot admits, which
    outweighs the statistical tagger's guess but not a cue word or the gazetteer. Names found
    only as relation arguments ("Mellanox, which was based in Yokneam") get their type so."""
    for candidate in analysis.relations:
        signature = vocabulary.signatures[candidate.predicate]
        for index, admitted in (
            (candidate.subject, signature.domain),
            (candidate.object, signature.range),
        ):
            key = keys[index]
            cores = {vocabulary.core_type(t) for t in admitted}
            if key is None:
                continue
            if len(cores) == 1:
                clusters[key].types[cores.pop()] += _TYPE_WEIGHT["slot"]
            elif EntityType.ORGANIZATION in cores and not any(
                vocabulary.core_type(t) in cores for t in clusters[key].types
            ):
                # "AMD acquired Xilinx" with Xilinx guessed a person: of what the slot admits,
                # an organization is what an unknown name most often is
                clusters[key].types[EntityType.ORGANIZATION] += _TYPE_WEIGHT["slot"]


def _best_per_sentence(items: list[Provenance]) -> tuple[Provenance, ...]:
    """One piece of evidence per sentence (several patterns may fire on one): the strongest,
    with what the others read in the sentence (a date, an amount) added to its qualifiers."""
    best: dict[tuple[str, int], Provenance] = {}
    for item in sorted(items, key=lambda i: -i.confidence):
        key = (item.document, item.start)
        if key not in best:
            best[key] = item
        else:
            strongest = best[key].qualifiers
            merged = strongest.merged(item.qualifiers).model_copy(
                update={"hedged": strongest.hedged}  # the strongest reading's scope decides
            )
            best[key] = best[key].model_copy(update={"qualifiers": merged})
    return tuple(best[key] for key in sorted(best))


# ---------------------------------------------------------------------- within a document


def _cluster_document(
    analysis: DocumentAnalysis,
    gazetteer: Gazetteer,
    vocabulary: Vocabulary,
    clusters: dict[str, _Cluster],
) -> list[str | None]:
    """Assign every mention of the document a cluster key (None: unresolved anaphor)."""
    mentions = analysis.mentions
    keys: list[str | None] = [None] * len(mentions)
    names = [i for i, m in enumerate(mentions) if m.kind is MentionKind.NAME]

    # 1. Full names first, so that short forms and abbreviations can find them.
    ordered = sorted(names, key=lambda i: (-len(mentions[i].text.split()), i))
    longer = _LongerNames(vocabulary)
    for i in ordered:
        mention = mentions[i]
        shortened = None
        known = mention.gazetteer_id or gazetteer.lookup(mention.text)
        if not known and mention.alias_of is not None and keys[mention.alias_of] is not None:
            keys[i] = keys[mention.alias_of]  # an unknown abbreviation joins its full name
        else:
            shortened = None if known else longer.shortened(mention)
            keys[i] = shortened or _name_key(mention, analysis, gazetteer, vocabulary)
        longer.add(mention, keys[i])  # type: ignore[arg-type]
        cluster = clusters.setdefault(keys[i], _Cluster(key=keys[i]))  # type: ignore[arg-type]
        if keys[i].startswith("gaz:"):  # type: ignore[union-attr]
            # only a gazetteer cluster carries a gazetteer id: a name cluster never takes one
            # on, or the same real entity would have two clusters and two entities
            cluster.gazetteer_id = keys[i][len("gaz:") :]  # type: ignore[index]
        cluster.names[mention.text] += 1
        cluster.documents.add(analysis.document)
        # the full name decides the type, or a cue word beside a short form of it
        # ("Valenzuela, the chief executive" for a full name the model took for a company)
        decides = shortened is None or mention.typed_by == "context"
        if mention.type is not None and decides and not _lone_guessed_person(mention):
            cluster.types[mention.type] += _TYPE_WEIGHT.get(mention.typed_by, 1)
            cluster.typed_by.add(mention.typed_by or "model")

    # 2. Pronouns and descriptions bind to a mention before them, in document order, so that
    #    "The company is based in Freiburg ... its chief executive" chains back to the name.
    #    Candidates are judged by the type their cluster has so far, not by the tagger's guess
    #    for one mention ("Hassabis" tagged as an organization is still a person).
    types = {i: _cluster_type(clusters[keys[i]], gazetteer, vocabulary) for i in names}
    bound = sorted((mentions[i].start, i) for i in names)
    slots = _slot_types(analysis, vocabulary)
    partners = _named_partners(analysis)
    makers = _known_makers(analysis, keys)
    known_words = {  # the words of each known entity's canonical name
        key: frozenset(gazetteer.get(gazetteer_id).name.lower().split())
        for key in {keys[i] for i in names}
        if key is not None and (gazetteer_id := clusters[key].gazetteer_id) is not None
    }
    genders: dict[str, str] = {}  # what "he" or "she" has already called an entity
    for i in sorted(range(len(mentions)), key=lambda j: mentions[j].start):
        if mentions[i].kind is not MentionKind.NAME:
            wanted = mentions[i].type or slots.get(i)
            gender = _PRONOUN_GENDER.get(mentions[i].text.lower())
            excluded = {k for k, known in genders.items() if known != gender} if gender else set()
            excluded.update(keys[j] for j in partners.get(i, ()) if keys[j] is not None)
            member_of = mentions[i].member_of
            if member_of is not None and keys[member_of] is not None:
                excluded.add(keys[member_of])  # "the two companies": the other one
            antecedent = _antecedent(
                mentions[i],
                wanted,
                mentions,
                bound,
                types,
                keys,
                vocabulary,
                excluded,
                makers.get(i),
                known_words,
            )
            keys[i] = keys[antecedent] if antecedent is not None else None
            if antecedent is not None:
                insort(bound, (mentions[i].start, i))
                if types[antecedent] is None and mentions[i].type is not None:
                    # "Replit is chasing ... the company's chief executive": the description
                    # types the name nothing else typed
                    cluster = clusters[keys[antecedent]]  # type: ignore[index]
                    cluster.types[mentions[i].type] += _TYPE_WEIGHT["slot"]
                    typed = _cluster_type(cluster, gazetteer, vocabulary)
                    for j in names:
                        if keys[j] == keys[antecedent]:
                            types[j] = typed
                types[i] = types[antecedent]
                if gender:
                    genders.setdefault(keys[antecedent], gender)  # type: ignore[arg-type]
    return keys


def _lone_guessed_person(mention: Mention) -> bool:
    """A single word the statistical model guessed a person that is no part of a longer name
    of the document: news names a person in full first, so such a word is most often a
    company or a product ("Replit", "Apptronik", "Optimus"); relation slots type it instead."""
    return (
        mention.type is EntityType.PERSON
        and mention.typed_by == "model"
        and len(mention.text.split()) == 1
    )


_PRONOUN_GENDER = {
    **dict.fromkeys(("he", "him", "his", "himself"), "he"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "she"),
}
"""Pronouns that say a person's gender: once "she" has named someone, "he" does not."""


def _cluster_type(
    cluster: _Cluster, gazetteer: Gazetteer, vocabulary: Vocabulary
) -> EntityType | None:
    if cluster.gazetteer_id:
        return gazetteer.get(cluster.gazetteer_id).type
    return _vote(cluster.types, vocabulary) if cluster.types else None


def _name_key(
    mention: Mention, analysis: DocumentAnalysis, gazetteer: Gazetteer, vocabulary: Vocabulary
) -> str:
    """A name's own key: its gazetteer entry, else its normalized text."""
    entry = gazetteer.get(mention.gazetteer_id) if mention.gazetteer_id else None
    entry = entry or gazetteer.lookup(mention.text)
    if entry is not None:
        return f"gaz:{entry.id}"
    key = normalize_name(mention.text)
    is_person = mention.type is not None and vocabulary.is_a(mention.type, EntityType.PERSON)
    if is_person and len(mention.text.split()) < 2:
        return f"name:{key}@{analysis.document}"  # a lone name stays in its document
    return f"name:{key}"


class _LongerNames:
    """Multi-word names seen so far in a document, indexed by the short forms they allow:
    "Liang" or "Wenfeng" for the person Liang Wenfeng, "Mistral" or "the Commission" for an
    organization. Lookups cost the same however long the document."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.people: defaultdict[str, set[str]] = defaultdict(set)
        self.prefixes: defaultdict[tuple[str, ...], set[tuple[str, EntityType]]] = defaultdict(set)
        self.heads: defaultdict[str, set[tuple[str, EntityType]]] = defaultdict(set)

    def add(self, mention: Mention, key: str) -> None:
        words = mention.text.split()
        if len(words) < 2 or mention.type is None:
            return
        if self.vocabulary.is_a(mention.type, EntityType.PERSON):
            self.people[words[0]].add(key)
            self.people[words[-1]].add(key)
            return
        for length in range(1, len(words)):
            self.prefixes[tuple(words[:length])].add((key, mention.type))
        self.heads[words[-1]].add((key, mention.type))

    def shortened(self, mention: Mention) -> str | None:
        """The key of the one longer name this name shortens, if there is exactly one."""
        words = mention.text.split()
        found: set[str] = set()
        if len(words) == 1:  # "Liang", whatever type the tagger guessed for the lone word, if any
            found |= self.people.get(words[0], set())
        prefixed = self.prefixes.get(tuple(words), set())
        if mention.type is None:  # an untyped bare name: "Ampere" after "Ampere Computing"
            found |= {key for key, _ in prefixed}
            return found.pop() if len(found) == 1 else None
        candidates = set(prefixed)
        if len(words) == 1:
            candidates |= self.heads.get(words[0], set())
        found |= {
            key
            for key, entity_type in candidates
            if _compatible(mention.type, entity_type, self.vocabulary)
        }
        if (
            not found
            and len(words) == 1
            and mention.typed_by in (None, "model")
            and not self.vocabulary.is_a(mention.type, EntityType.LOCATION)
        ):
            # the tagger's guess for a lone word yields to the one longer name it begins:
            # "Kairos" tagged a person after "Kairos Power"; a place stays one ("Idaho" is not
            # "Idaho National Laboratory")
            found = {key for key, _ in prefixed}
        return found.pop() if len(found) == 1 else None


def _slot_types(analysis: DocumentAnalysis, vocabulary: Vocabulary) -> dict[int, EntityType]:
    """The one core class the relation and attribute slots of each mention admit: "it" in "it
    raised money from Microsoft" stands for an organization, whatever model was named just
    before, and so does "its" in "its shares jumped"."""
    admitted: dict[int, set[EntityType]] = {}

    def admit(index: int, cores: set[EntityType]) -> None:
        admitted[index] = admitted[index] & cores if index in admitted else cores

    for candidate in analysis.relations:
        signature = vocabulary.signatures[candidate.predicate]
        admit(candidate.subject, {vocabulary.core_type(t) for t in signature.domain})
        admit(candidate.object, {vocabulary.core_type(t) for t in signature.range})
    for attribute in analysis.attributes:
        admit(attribute.mention, {attribute.name.domain})
    return {i: cores.pop() for i, cores in admitted.items() if len(cores) == 1}


def _named_partners(analysis: DocumentAnalysis) -> dict[int, set[int]]:
    """The names each description stands in a relation with: no fact relates an entity to
    itself, so "Backed by Alibaba and Tencent, the startup ..." does not make the startup
    Tencent. Not for pronouns: a possessive's relations are often the parser's long shots."""
    kinds = [m.kind for m in analysis.mentions]
    partners: dict[int, set[int]] = {}
    for candidate in analysis.relations:
        for anaphor, other in (
            (candidate.subject, candidate.object),
            (candidate.object, candidate.subject),
        ):
            if kinds[anaphor] is MentionKind.NOMINAL and kinds[other] is MentionKind.NAME:
                partners.setdefault(anaphor, set()).add(other)
    return partners


def _known_makers(analysis: DocumentAnalysis, keys: list[str | None]) -> dict[int, set[str]]:
    """For a description that names what it made ("the ChatGPT maker"), the entities the
    document elsewhere says made that thing by name ("OpenAI's ChatGPT"), perhaps none: news
    calls a company by its best-known product, and only its maker is meant; the latest
    company named is often another party to the same deal."""
    mentions = analysis.mentions
    kinds = [m.kind for m in mentions]
    developed = [r for r in analysis.relations if r.predicate is Predicate.DEVELOPED]
    makers_of: dict[str, set[str]] = {}
    for relation in developed:
        maker, made = keys[relation.subject], keys[relation.object]
        if kinds[relation.subject] is MentionKind.NAME and maker is not None and made is not None:
            makers_of.setdefault(made, set()).add(maker)
    makers: dict[int, set[str]] = {}
    for relation in developed:
        made = keys[relation.object]
        description, name = mentions[relation.subject], mentions[relation.object]
        if (
            description.kind is MentionKind.NOMINAL
            and name.kind is MentionKind.NAME
            and description.start <= name.start < name.end <= description.end
        ):
            makers.setdefault(relation.subject, set()).update(makers_of.get(made, ()))
    return makers


def _antecedent(
    mention: Mention,
    wanted: EntityType | None,
    mentions: tuple[Mention, ...],
    candidates: list[tuple[int, int]],
    types: dict[int, EntityType | None],
    keys: list[str | None],
    vocabulary: Vocabulary,
    excluded: set[str],
    makers: set[str] | None,
    known_words: dict[str, frozenset[str]],
) -> int | None:
    """The most salient fitting entity mentioned before, within a few sentences (after Lappin
    and Leass): each earlier mention adds to its entity's salience, a subject more than a
    direct object, a direct object more than other roles, a possessive less (it lacks
    head-noun emphasis), a third as much with each sentence back, and only the strongest
    mention of an entity in each sentence counts; a mention in the same role as the anaphor
    adds a little more, a name holding a description's head word ("the department": the
    Commerce Department), or whose entity's known name does (``known_words``: "the group"
    for Alibaba, known as Alibaba Group), much more, and from further back, and for a
    pronoun the subject of the clause its own clause depends on more again (Hobbs). Entities
    in ``excluded`` (another gender's, a description's partners in a relation) are passed
    over; a description naming what it made binds only to one of its known ``makers``. The
    entity's latest mention is returned. ``candidates`` are (start, index) pairs sorted by
    start."""
    salience: dict[str, float] = {}
    strongest: dict[tuple[str, int], float] = {}
    latest: dict[str, int] = {}
    head = mention.text.split()[-1].lower() if mention.kind is MentionKind.NOMINAL else None
    reach = _ANTECEDENT_WINDOW if head is None else _HEAD_MATCH_WINDOW  # pronouns stay near
    # an object pronoun is none of the names of its own clause, its subject's phrase
    # included ("X, an engineer at Google, started it"): a binding constraint
    clause_start = (
        mentions[mention.clause_subject].start
        if mention.clause_subject is not None
        and mention.kind is MentionKind.PRONOUN
        and mention.text.lower() in _OBJECT_PRONOUNS
        else None
    )
    for position in range(bisect_left(candidates, (mention.start, -1)) - 1, -1, -1):
        i = candidates[position][1]
        other, other_type = mentions[i], types[i]
        distance = mention.sentence - other.sentence
        if distance > reach:
            break
        key = keys[i]
        if (
            other_type is None
            and other.is_subject
            and head is not None
            and mention.type in _BUSINESSES
        ):
            other_type = mention.type  # a name nothing typed may be what "the company" is
        named_by_head = head is not None and (
            head in other.text.lower().split() or head in known_words.get(key or "", ())
        )
        if distance > _ANTECEDENT_WINDOW and not named_by_head:
            continue
        if key is None or other_type is None or key in excluded:
            continue
        if (
            clause_start is not None
            and other.sentence == mention.sentence
            and other.start >= clause_start
        ):
            continue
        if makers is not None and key not in makers:
            continue
        if not _fits_anaphor(mention.type, other_type, vocabulary, head):
            continue
        if wanted is not None and not _compatible(wanted, other_type, vocabulary):
            continue
        if mention.clause_subject is not None and key == keys[mention.clause_subject]:
            continue  # not its clause's subject ("itself"), nor the name its apposition describes
        weight = _SALIENCE_BASE
        if other.kind is MentionKind.PRONOUN and other.text.lower() in _POSSESSIVES:
            weight -= _SALIENCE_EMBEDDED  # inside another noun phrase: "its messaging app"
        if other.is_subject:
            weight += _SALIENCE_SUBJECT
        elif other.is_object:
            weight += _SALIENCE_OBJECT
        if other.is_subject if not mention.is_object else other.is_object:
            weight += _SALIENCE_PARALLEL
        if mention.type is not None and other_type == mention.type:
            weight += _SALIENCE_EXACT
        if named_by_head:
            weight += _SALIENCE_HEAD
        if mention.governing_subject is not None and key == keys[mention.governing_subject]:
            weight += _SALIENCE_GOVERNING
        # a sentence counts once for an entity, with its strongest mention (Lappin and Leass:
        # each salience factor applies once per sentence), so naming a company three times
        # in one sentence does not outweigh the company the last sentence was about
        best_here = strongest.get((key, other.sentence), 0.0)
        strongest[(key, other.sentence)] = max(best_here, weight / 3**distance)
        latest.setdefault(key, i)
    for (key, _), weight in strongest.items():
        salience[key] = salience.get(key, 0.0) + weight
    if not salience:
        return None
    best = max(salience, key=lambda k: (salience[k], mentions[latest[k]].start))
    return latest[best]


_SALIENCE_BASE = 100
_SALIENCE_EMBEDDED = 50  # Lappin and Leass's head-noun emphasis, which a possessive lacks
_POSSESSIVES = frozenset({"its", "his", "their"})  # not "her", an object pronoun too
_OBJECT_PRONOUNS = frozenset({"it", "them", "him", "her"})
_SALIENCE_SUBJECT = 50
_SALIENCE_OBJECT = 20
_SALIENCE_PARALLEL = 50
_SALIENCE_EXACT = 60
_SALIENCE_HEAD = 200  # a name holding the description's head word: "the department"
_SALIENCE_GOVERNING = 150  # the subject of the clause the pronoun's clause depends on


def _fits_anaphor(
    wanted: EntityType | None, candidate: EntityType, vocabulary: Vocabulary, head: str | None
) -> bool:
    """Whether an entity of type ``candidate`` may be what an anaphor of type ``wanted`` (a
    description's, whose head word is ``head``) stands for."""
    is_person = vocabulary.is_a(candidate, EntityType.PERSON)
    if wanted is None:  # "it", "its", "they": anything but a person or a place
        return not is_person and not vocabulary.is_a(candidate, EntityType.LOCATION)
    if not _compatible(wanted, candidate, vocabulary):
        return False
    # "the company" may be an organization of unknown kind, never a university; "the firm"
    # may be a fund or a chipmaker, but "the startup" and "the company" are no fund
    return (
        vocabulary.is_a(candidate, wanted)
        or vocabulary.is_a(wanted, candidate)
        or ({wanted, candidate} <= _BUSINESSES and head in _EITHER_BUSINESS)
    )


_BUSINESSES = frozenset({EntityType.COMPANY, EntityType.INVESTMENT_FIRM})
_EITHER_BUSINESS = frozenset(
    {"firm", "group", "business", "investor", "backer", "owner"}
    | {"firms", "groups", "businesses", "investors", "backers", "owners"}
)
"""Head words of descriptions said of funds and other businesses alike."""


def _compatible(a: EntityType, b: EntityType, vocabulary: Vocabulary) -> bool:
    return vocabulary.core_type(a) == vocabulary.core_type(b)


# ---------------------------------------------------------------------- entities


def _entities(
    clusters: dict[str, _Cluster], gazetteer: Gazetteer, vocabulary: Vocabulary
) -> dict[str, Entity]:
    """One entity per cluster, with a label, a type and an id derived from the label."""
    drafts: dict[str, tuple[str, EntityType, tuple[str, ...], str | None]] = {}
    for key, cluster in clusters.items():
        entry = gazetteer.get(cluster.gazetteer_id) if cluster.gazetteer_id else None
        if entry is None and not cluster.types:
            continue  # a bare name no cue or relation slot could type
        if entry is not None:
            label, entity_type, qid = entry.name, entry.type, entry.qid
        else:
            label = max(cluster.names, key=lambda n: (len(n.split()), cluster.names[n], n))
            entity_type = _vote(cluster.types, vocabulary)
            qid = None
        aliases = tuple(sorted(n for n in cluster.names if n != label))
        drafts[key] = (label, entity_type, aliases, qid)

    slugs: defaultdict[str, list[str]] = defaultdict(list)
    for key, (label, *_rest) in drafts.items():
        slugs[slug(label)].append(key)
    entities: dict[str, Entity] = {}
    taken: set[str] = set()
    for base, keys in sorted(slugs.items()):
        for key in sorted(keys):
            label, entity_type, aliases, qid = drafts[key]
            entity_id = base if len(keys) == 1 else _disambiguated(base, key, entity_type)
            if entity_id in taken:  # same label, same type, different clusters: keep both
                entity_id = f"{entity_id}_{quote(key, safe='')}"
            taken.add(entity_id)
            entities[key] = Entity(
                id=entity_id,
                label=label,
                type=entity_type,
                aliases=aliases,
                qid=qid,
                documents=tuple(sorted(clusters[key].documents)),
            )
    return entities


def _vote(types: Counter[EntityType], vocabulary: Vocabulary) -> EntityType:
    """The most frequent core type, refined to its most frequent subclass if one was seen."""
    core = Counter[EntityType]()
    for entity_type, count in types.items():
        core[vocabulary.core_type(entity_type)] += count
    winner = min(core, key=lambda t: (-core[t], t.value))
    refined = [t for t in types if t != winner and vocabulary.is_a(t, winner)]
    return min(refined, key=lambda t: (-types[t], t.value)) if refined else winner


def slug(label: str) -> str:
    """The IRI-safe local name of a label: spaces to underscores, letters and digits of any
    script kept (IRIs allow them), every other character percent-encoded.

    >>> slug("Liang Wenfeng")
    'Liang_Wenfeng'
    >>> slug("Timothée Lacroix")
    'Timothée_Lacroix'
    >>> slug('A "quoted" <name>')
    'A_%22quoted%22_%3Cname%3E'
    """
    return "".join(
        char if char.isalnum() or char in "_-." else quote(char, safe="")
        for char in "_".join(label.split())
    )


def _disambiguated(base: str, key: str, entity_type: EntityType) -> str:
    """Tell apart entities that share a label: by type, then by the document of a lone name."""
    scope = key.partition("@")[2]
    suffix = f"_({entity_type.value})" + (f"_{quote(scope, safe='')}" if scope else "")
    return base + suffix
