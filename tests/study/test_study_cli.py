"""The commands through Typer's runner: study (keys on stdin), stats --json, the home screen, optimize."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from mldrill.app import grading, study
from mldrill.cli import app
from mldrill.store import Store
from tests.context import ctx_at
from tests.study.helpers import NOW, PLAIN, fill

PINNED = {"MLDRILL_NOW": NOW.isoformat(), "MLDRILL_DB": ""}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(db_path: str) -> str:
    with Store.open(db_path) as store:
        fill(store)
    return db_path


def _invoke(runner: CliRunner, db: str, *args: str, keys: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", db, *args], input=keys, env=PINNED)


def _log(db: str) -> list[tuple[int, int]]:
    with Store.open(db) as store, store.read() as conn:
        return [
            tuple(r) for r in conn.execute(sa.text("SELECT question_id, rating FROM review_log ORDER BY id"))
        ]  # type: ignore[misc]


def test_study_reads_keys_from_stdin(runner: CliRunner, db: str) -> None:
    result = _invoke(runner, db, "study", "--seed", "1", keys=" 3 4 1uq")
    assert result.exit_code == 0, result.output
    assert "bank/ml.md question 0?" in result.output
    assert _log(db) == [(1, 3), (2, 4)]


def test_study_ends_at_end_of_input(runner: CliRunner, db: str) -> None:
    result = _invoke(runner, db, "study", keys=" 2")
    assert result.exit_code == 0
    assert _log(db) == [(1, 2)]


def test_study_with_filters_and_cram(runner: CliRunner, db: str) -> None:
    result = _invoke(runner, db, "study", "--topic", "dl", keys=" 3q")
    assert "bank/dl.md question 0?" in result.output
    assert _log(db) == [(7, 3)]
    result = _invoke(runner, db, "study", "--cram", "--company", "meta", keys=" 3 3 3q")
    assert "cram (schedule untouched)" in result.output
    assert _log(db) == [(7, 3)]


def test_study_says_when_nothing_matches(runner: CliRunner, db: str) -> None:
    result = _invoke(runner, db, "study", "--topic", "nowhere")
    assert result.exit_code == 0
    assert "No questions match" in result.output
    result = _invoke(runner, db, "study", "--difficulty", "extreme")
    assert result.exit_code == 1 and "--difficulty" in result.output


def test_typed_mode_on_stdin(runner: CliRunner, db: str) -> None:
    result = _invoke(runner, db, "study", "--type", keys="variance is spread\n\n2q")
    assert result.exit_code == 0, result.output
    assert "Your attempt" in result.output
    assert _log(db) == [(1, 2)]
    assert [a["text"] for a in study.attempts(ctx_at(Store.open(db)), 1)] == ["variance is spread"]


def test_typed_mode_asks_again_for_an_empty_answer_and_quits_on_colon_q(runner: CliRunner, db: str) -> None:
    result = _invoke(runner, db, "study", "--type", keys="\n:q\n")
    assert result.exit_code == 0, result.output
    assert "Nothing typed" in result.output and "Your attempt" not in result.output
    assert _log(db) == [] and study.attempts(ctx_at(Store.open(db)), 1) == []
    assert "0 rated" in result.output or "Saved" in result.output


def test_typed_mode_q_is_an_answer_word_not_a_quit(runner: CliRunner, db: str) -> None:
    result = _invoke(runner, db, "study", "--type", keys="q\n\n2q")
    assert result.exit_code == 0, result.output
    assert [a["text"] for a in study.attempts(ctx_at(Store.open(db)), 1)] == ["q"] and _log(db) == [(1, 2)]


def test_typed_mode_end_of_input_before_typing_ends_the_session(runner: CliRunner, db: str) -> None:
    result = _invoke(runner, db, "study", "--type", keys="")
    assert result.exit_code == 0, result.output
    assert _log(db) == [] and study.attempts(ctx_at(Store.open(db)), 1) == []


def test_typed_mode_colon_s_shows_the_answer_without_an_attempt(runner: CliRunner, db: str) -> None:
    result = _invoke(runner, db, "study", "--type", keys=":s\n3q")
    assert result.exit_code == 0, result.output
    assert _log(db) == [(1, 3)] and study.attempts(ctx_at(Store.open(db)), 1) == []


def test_stats_json_counts_reviews_today(runner: CliRunner, db: str) -> None:
    with Store.open(db) as store:
        study.record_review(ctx_at(store, NOW - timedelta(days=1)), 1, 3, PLAIN)
        study.record_review(ctx_at(store, NOW - timedelta(minutes=5)), 2, 3, PLAIN)
        study.record_review(ctx_at(store, NOW - timedelta(minutes=4)), 3, 4, PLAIN)
    result = _invoke(runner, db, "stats", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["reviews_today"] == 2
    assert data["total_reviews"] == 3
    assert data["streak"] == 2
    for key in ("due_today", "forecast", "reviews_per_day", "retention", "topics", "companies"):
        assert key in data
    assert len(data["forecast"]) == 30
    assert {t["name"] for t in data["topics"]} >= {"ml", "dl"}


def test_stats_tables(runner: CliRunner, db: str) -> None:
    result = _invoke(runner, db, "stats")
    assert result.exit_code == 0, result.output
    for text in ("Due now", "Forecast", "Reviews per day", "Mastery per topic", "Readiness per company"):
        assert text in result.output


def test_home_screen(runner: CliRunner, db: str) -> None:
    result = _invoke(runner, db)
    assert result.exit_code == 0, result.output
    for text in ("Due now", "New available", "Streak", "Next:", "mldrill study"):
        assert text in result.output


def test_home_screen_without_a_store(runner: CliRunner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _invoke(runner, str(tmp_path / "none.db"))
    assert result.exit_code == 0
    assert "mldrill init" in result.output


def test_optimize_says_how_many_more_reviews(runner: CliRunner, db: str) -> None:
    result = _invoke(runner, db, "optimize")
    assert result.exit_code == 1
    assert "512 more are needed" in result.output


def test_commands_have_help(runner: CliRunner) -> None:
    for command in ("study", "stats", "optimize"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and len(result.output) > 100


def test_typed_mode_marks_the_answer_with_c_and_x(runner: CliRunner, db: str) -> None:
    from mldrill.app.marks import marked_answers

    result = _invoke(runner, db, "study", "--type", keys="variance is spread\n\nc2wrong idea\n\nx3q")
    assert result.exit_code == 0, result.output
    assert "kept as marked correct" in result.output and "kept as marked incorrect" in result.output
    with Store.open(db) as store:
        marks = [
            (m.question_id, m.text, m.correct, m.source)
            for q in (1, 2)
            for m in marked_answers(ctx_at(store), q)
        ]
    assert marks == [(1, "variance is spread", True, "study"), (2, "wrong idea", False, "study")]
    assert _log(db) == [(1, 2), (2, 3)]


def _typed_grade(verdict: str, rating: int, confidence: float) -> object:
    """A grade as `mldrill.grade` returns it (its dataclasses filled by hand): one point covered, one missed."""
    from mldrill.grade.score import Grade, PointResult

    points = [
        PointResult(
            "Variance is spread.",
            True,
            0.8,
            "variance is spread",
            False,
            0.9,
            explanation='covered by "variance is spread"',
        ),
        PointResult(
            "It grows with model capacity.",
            False,
            0.1,
            None,
            False,
            0.1,
            explanation="not stated in the answer",
        ),
    ]
    return Grade(
        score=2.4,
        verdict=verdict,
        points=points,
        missed=[points[1].text],
        suggested_rating=rating,
        mode="embedding",
        confidence=confidence,
        leaning="partial",
    )


def test_typed_mode_unsure_grade_asks_the_person_to_rate(
    runner: CliRunner, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mldrill.verdicts import UNSURE_MESSAGE

    grade = _typed_grade("unsure", 2, 0.53)
    monkeypatch.setattr(grading, "default_grader", lambda: lambda record, answer, **kw: grade)
    # Enter takes nothing (no rating is pre-selected), then the person rates Good
    result = _invoke(runner, db, "study", "--type", keys="variance is spread\n\n\r3q")
    assert result.exit_code == 0, result.output
    out = result.output
    assert UNSURE_MESSAGE in out and "Grader: unsure (leaning partial, confidence 0.53)" in out
    assert "rate it yourself with 1-4" in out and "Enter takes" not in out and "▶" not in out
    assert "suggests" not in out
    assert out.index("Your attempt") < out.index(UNSURE_MESSAGE) < out.index("Answer 0 of bank/ml.md.")
    assert '✓ Variance is spread. — covered by "variance is spread"' in out
    assert "✗ It grows with model capacity. — not stated in the answer" in out
    assert _log(db) == [(1, 3)]  # the person's rating, not the grader's


def test_typed_mode_sure_grade_preselects_its_suggestion(
    runner: CliRunner, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    grade = _typed_grade("partial", 2, 0.72)
    monkeypatch.setattr(grading, "default_grader", lambda: lambda record, answer, **kw: grade)
    result = _invoke(runner, db, "study", "--type", keys="variance is spread\n\n\rq")
    assert result.exit_code == 0, result.output
    assert "Grader: partial (confidence 0.72) (2.4/5), suggests 2 Hard" in result.output
    assert "▶2 Hard" in result.output and "Enter takes ▶" in result.output
    assert "✗ It grows with model capacity. — not stated in the answer" in result.output
    assert _log(db) == [(1, 2)]
