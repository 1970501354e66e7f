"""The graph model: records are immutable and small."""

from __future__ import annotations

from aikg.model import Provenance


def test_model_records_given_the_same_fields_share_one_set_of_them() -> None:
    """Pydantic keeps the names of the fields a record was given in a set of its own (728
    bytes for five): a large graph's records share one per distinct set, and a copy with a
    change gets its own, leaving the shared one as it was."""
    first = Provenance(document="a", sentence="A bought B.", start=0, end=11, confidence=0.9)
    second = Provenance(document="b", sentence="C bought D.", start=0, end=11, confidence=0.5)
    assert first.model_fields_set is second.model_fields_set
    changed = first.model_copy(update={"attributed_to": "Reuters"})
    assert "attributed_to" in changed.model_fields_set
    assert "attributed_to" not in first.model_fields_set
    assert first.model_fields_set == {"document", "sentence", "start", "end", "confidence"}
