"""Rubric points from rubrics, reference answers and interviewer's insight; answer sentences."""

from __future__ import annotations

from mldrill.grade import derive_points
from mldrill.grade.points import answer_sentences, points_from_markdown, signals_from_insight

REFERENCE = """**Core idea:**

Both penalties are added to the loss to fight overfitting, but they act differently on the weights.
The L1 penalty makes many weights exactly zero. The L2 penalty shrinks weights without zeroing them.

| Aspect | L1 | L2 |
|---|---|---|
| Sparsity | yes | no |

$$\\text{loss} = \\text{mse} + \\lambda \\sum |w|$$

```python
model = Lasso(alpha=0.1).fit(x, y)
```

- Use L1 when you want feature selection.
- Use L2 when features are correlated
  and you want to keep them all.
"""

INSIGHT = """**What they test:** mechanics, not definitions.

**Strong answer signals:**

- Explains why L1 creates zeros (diamond-shaped constraint)
- Mentions Elastic Net as a mix of both
- Can discuss tuning the strength by cross-validation
"""


def test_reference_bullets_and_sentences_become_points_code_and_tables_do_not() -> None:
    points = points_from_markdown(REFERENCE)
    assert points == [
        "Both penalties are added to the loss to fight overfitting, but they act differently on the weights.",
        "The L1 penalty makes many weights exactly zero.",
        "The L2 penalty shrinks weights without zeroing them.",
        "Use L1 when you want feature selection.",
        "Use L2 when features are correlated and you want to keep them all.",
    ]


def test_a_short_reference_is_one_point() -> None:
    assert points_from_markdown("Water evaporates. The salt stays behind.") == [
        "Water evaporates. The salt stays behind."
    ]
    assert points_from_markdown("Yes, it is.") == ["Yes, it is."]


def test_signals_lose_their_meta_verbs() -> None:
    assert signals_from_insight(INSIGHT) == [
        "Why L1 creates zeros (diamond-shaped constraint)",
        "Elastic Net as a mix of both",
        "Tuning the strength by cross-validation",
    ]


def test_rubric_first_then_signals_with_half_weight() -> None:
    points = derive_points(
        "Compare L1 and L2.", REFERENCE, ["L1 zeroes weights.", "L2 shrinks them."], INSIGHT
    )
    assert [p.kind for p in points] == ["rubric", "rubric", "signal", "signal", "signal"]
    assert [p.weight for p in points] == [1.0, 1.0, 0.5, 0.5, 0.5]


def test_reference_points_when_there_is_no_rubric_and_signals_alone_as_a_last_resort() -> None:
    assert {p.kind for p in derive_points("Compare L1 and L2.", REFERENCE, [], None)} == {"reference"}
    only_signals = derive_points("Compare L1 and L2.", None, [], INSIGHT)
    assert [p.kind for p in only_signals] == ["signal"] * 3 and all(p.weight == 1.0 for p in only_signals)
    assert derive_points("Compare L1 and L2.", None, [], None) == []


def test_answer_sentences_keep_abbreviations_and_split_bullets() -> None:
    sentences, cut = answer_sentences(
        "Use a penalty, e.g. L1 or L2. It helps.\n- more data\n- early stopping"
    )
    assert sentences == ["Use a penalty, e.g. L1 or L2.", "It helps.", "more data", "early stopping"]
    assert not cut
    many, cut = answer_sentences(" ".join(f"Sentence number {i} is here." for i in range(100)))
    assert len(many) == 40 and cut
