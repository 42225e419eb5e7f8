"""`mldrill grade ID` through Typer's runner: stdin, --answer-file, --json, --lexical, errors."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mldrill.cli import app
from mldrill.grade.score import Grade, PointResult

runner = CliRunner(env={"COLUMNS": "160"})

DECK = """---
format: mldrill-deck/1
deck: grade-test
topic: ml-fundamentals
---

## Compare L1 and L2 regularization.

id: l1-vs-l2
difficulty: medium
topic: ml-fundamentals/regularisation

### Answer

Both add a penalty on the size of the weights to the training loss.

### Rubric

- L1 can drive some weights exactly to zero.
- L2 shrinks all weights smoothly towards zero.
- Elastic net combines the L1 and L2 penalties.

## Tell me about a project you are proud of.

id: proud-project
difficulty: easy
topic: behavioural
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    folder = tmp_path_factory.mktemp("grade-cli")
    (folder / "deck.md").write_text(DECK, encoding="utf-8")
    path = folder / "store.db"
    result = runner.invoke(app, ["--db", str(path), "import", str(folder / "deck.md")])
    assert result.exit_code == 0, result.output
    listing = json.loads(runner.invoke(app, ["--db", str(path), "list", "--json"]).stdout)
    ids = {q["key"]: q["id"] for q in listing}
    return path, ids["l1-vs-l2"], ids["proud-project"]


def grade(db: Path, *args: str, input: str | None = None):
    return runner.invoke(app, ["--db", str(db), "grade", *args], input=input)


def test_grade_from_stdin_prints_the_point_table(db: tuple[Path, int, int]) -> None:
    path, qid, _ = db
    answer = "L1 sets some weights exactly to zero. L2 shrinks every weight smoothly towards zero."
    result = grade(path, str(qid), input=answer)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Score" in out and "/5" in out and "mode: embedding" in out
    assert "L1 can drive some weights exactly to zero." in out and "Missed:" in out
    assert "Elastic net" in out.split("Missed:")[1]


def test_grade_json_from_an_answer_file(db: tuple[Path, int, int], tmp_path: Path) -> None:
    path, qid, _ = db
    answer_file = tmp_path / "answer.md"
    answer_file.write_text("L1 shrinks weights but never to zero.", encoding="utf-8")
    result = grade(path, str(qid), "--answer-file", str(answer_file), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["question_id"] == qid and data["verdict"] == "fail" and data["suggested_rating"] == 1
    first = data["points"][0]
    assert first["covered"] is False and first["contradicted"] is True


def test_empty_stdin_scores_zero(db: tuple[Path, int, int]) -> None:
    path, qid, _ = db
    data = json.loads(grade(path, str(qid), "--json", input="").stdout)
    assert data["score"] == 0.0 and data["verdict"] == "fail" and "empty answer" in data["notes"]


def test_lexical_flag(db: tuple[Path, int, int]) -> None:
    path, qid, _ = db
    data = json.loads(grade(path, str(qid), "--json", "--lexical", input="L1 zeroes weights.").stdout)
    assert data["mode"] == "lexical"


def test_errors_are_one_red_line(db: tuple[Path, int, int], tmp_path: Path) -> None:
    path, _, ungradable = db
    for args in (["999999"], [str(ungradable)], ["1", "--answer-file", str(tmp_path / "missing.md")]):
        result = grade(path, *args, input="something")
        assert result.exit_code == 1, (args, result.output)
        assert "error:" in result.stderr and "Traceback" not in result.output


def marked(db: Path, *args: str, input: str | None = None):
    return runner.invoke(app, ["--db", str(db), "marked", *args], input=input)


def test_mark_list_use_and_remove_marked_answers(tmp_path: Path) -> None:
    (tmp_path / "deck.md").write_text(DECK, encoding="utf-8")
    path = tmp_path / "store.db"
    assert runner.invoke(app, ["--db", str(path), "import", str(tmp_path / "deck.md")]).exit_code == 0
    qid = next(
        q["id"]
        for q in json.loads(runner.invoke(app, ["--db", str(path), "list", "--json"]).stdout)
        if q["key"] == "l1-vs-l2"
    )

    first = grade(
        path, str(qid), "--json", "--mark", "correct", input="L1 zeroes some weights; L2 only shrinks them."
    )
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["examples"] is None and isinstance(data["marked_id"], int)
    added = marked(path, "add", str(qid), "--incorrect", "--json", input="L1 and L2 are the same penalty.")
    assert added.exit_code == 0, added.output
    listing = json.loads(marked(path, "list", str(qid), "--json").stdout)
    assert [(m["correct"], m["source"]) for m in listing] == [(True, "grade"), (False, "import")]

    again = json.loads(
        grade(path, str(qid), "--json", input="L1 makes some weights zero, L2 shrinks all.").stdout
    )
    assert again["examples"]["count"] == 2 and again["examples"]["nearest_correct"] is True
    table = grade(path, str(qid), input="L1 makes some weights zero, L2 shrinks all.")
    assert "Closest marked answer" in table.stdout
    ignored = json.loads(
        grade(path, str(qid), "--json", "--no-marked", input="L1 makes weights zero.").stdout
    )
    assert ignored["examples"] is None

    removed = marked(path, "remove", str(listing[1]["id"]))
    assert removed.exit_code == 0 and "Removed" in removed.stderr
    assert len(json.loads(marked(path, "list", str(qid), "--json").stdout)) == 1


def test_marking_errors_are_one_red_line(db: tuple[Path, int, int]) -> None:
    path, qid, _ = db
    cases = [
        (["marked", "remove", "424242"], None),
        (["marked", "list", "999999"], None),
        (["marked", "add", str(qid), "--correct"], "   "),
        (["grade", str(qid), "--mark", "correct"], ""),
    ]
    for args, text in cases:
        result = runner.invoke(app, ["--db", str(path), *args], input=text)
        assert result.exit_code == 1, (args, result.output)
        assert "error:" in result.stderr and "Traceback" not in result.output
    bad = runner.invoke(app, ["--db", str(path), "grade", str(qid), "--mark", "maybe"], input="x")
    assert bad.exit_code == 1 and "maybe" in bad.stderr and bad.stderr.startswith("error:")
    assert json.loads(marked(path, "list", str(qid), "--json").stdout) == []


def test_a_huge_marked_answer_is_cut_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "deck.md").write_text(DECK, encoding="utf-8")
    path = tmp_path / "store.db"
    assert runner.invoke(app, ["--db", str(path), "import", str(tmp_path / "deck.md")]).exit_code == 0
    result = marked(path, "add", "1", "--incorrect", input="word " * 30_000)
    assert result.exit_code == 0, result.output
    assert "only its first 20,000 are kept" in result.stderr
    assert len(json.loads(marked(path, "list", "1", "--json").stdout)[0]["text"]) == 20_000


def test_grade_json_explains_every_point_and_says_how_sure(db: tuple[Path, int, int]) -> None:
    path, qid, _ = db
    answer = "L1 sets some weights exactly to zero."
    data = json.loads(grade(path, str(qid), "--json", input=answer).stdout)
    assert isinstance(data["confidence"], float) and 0.0 <= data["confidence"] <= 1.0
    assert isinstance(data["sure"], bool) and data["sure"] == (data["verdict"] != "unsure")
    assert "leaning" in data and data["suggested_rating"] in (1, 2, 3, 4)
    for p in data["points"]:
        assert p["status"] in ("covered", "contradicted", "missed")
        assert isinstance(p["explanation"], str)


def _unsure_grade() -> Grade:
    points = [
        PointResult(
            "L1 can drive some weights exactly to zero.",
            True,
            0.82,
            "L1 sets some weights to zero.",
            False,
            0.9,
            explanation='covered by "L1 sets some weights to zero."',
        ),
        PointResult(
            "L2 shrinks all weights smoothly towards zero.",
            False,
            0.71,
            "L2 never shrinks weights.",
            True,
            0.04,
            explanation='contradicted by "L2 never shrinks weights."',
        ),
        PointResult("Elastic net combines the L1 and L2 penalties.", False, 0.1, None, False, 0.02),
    ]
    return Grade(
        score=2.2,
        verdict="unsure",
        points=points,
        missed=[p.text for p in points[1:]],
        suggested_rating=2,
        mode="embedding",
        confidence=0.54,
        leaning="partial",
    )


def test_an_unsure_grade_says_so_and_shows_the_model_answer(
    db: tuple[Path, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, qid, _ = db
    monkeypatch.setattr("mldrill.grade.grade_answer", lambda *a, **kw: _unsure_grade())
    out = grade(path, str(qid), input="L1 sets some weights to zero. L2 never shrinks weights.").stdout
    assert "unsure (leaning partial, confidence 0.54)" in out and "rate it yourself" in out
    assert "The grader is unsure — compare with the model answer and rate it yourself." in out
    assert "suggested rating" not in out
    assert "Model answer" in out and "Both add a penalty on the size of the weights" in out
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert any("✓ covered" in r and "covered by" in r for r in rows)
    assert any("✗ contradicted" in r and "contradicted by" in r for r in rows)
    assert any("✗ missed" in r and "not stated in the answer" in r for r in rows)  # made up when not given

    data = json.loads(grade(path, str(qid), "--json", input="anything").stdout)
    assert (data["verdict"], data["sure"], data["confidence"], data["leaning"]) == (
        "unsure",
        False,
        0.54,
        "partial",
    )
    assert [p["status"] for p in data["points"]] == ["covered", "contradicted", "missed"]
    assert data["points"][1]["explanation"] == 'contradicted by "L2 never shrinks weights."'


def test_a_sure_grade_shows_its_confidence_and_suggestion(
    db: tuple[Path, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, qid, _ = db
    sure = dataclasses.replace(_unsure_grade(), verdict="partial", confidence=0.71)
    monkeypatch.setattr("mldrill.grade.grade_answer", lambda *a, **kw: sure)
    out = grade(path, str(qid), input="L1 sets some weights to zero.").stdout
    assert "partial (confidence 0.71)" in out and "suggested rating: Hard (2)" in out
    assert "unsure" not in out and "Model answer" not in out
