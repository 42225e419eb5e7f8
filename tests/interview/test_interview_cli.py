"""`mldrill interview plan|show` and `mldrill interviews` through Typer's runner."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from typer.testing import CliRunner, Result

from mldrill.app import interviews as service
from mldrill.app.interview_run import InterviewSession
from mldrill.cli import app
from mldrill.cli.interview import parse_rating
from mldrill.interview.plan import PlanOptions
from mldrill.store import Store
from tests.context import ctx_at
from tests.interview.helpers import FakeClock, word_grader

runner = CliRunner(env={"COLUMNS": "200"})


def run(db: Path, *args: str) -> Result:
    return runner.invoke(app, ["--db", str(db), *args])


def run_json(db: Path, *args: str) -> Any:
    result = run(db, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_plan_json_lists_questions_with_budgets_and_is_deterministic(deck_path: Path) -> None:
    args = (
        "interview",
        "plan",
        "--company",
        "Google",
        "--minutes",
        "30",
        "--level",
        "senior",
        "--seed",
        "11",
    )
    plan = run_json(deck_path, *args)
    assert plan == run_json(deck_path, *args)
    assert plan["options"] == {
        "company": "Google",
        "minutes": 30.0,
        "topics": [],
        "level": "senior",
        "seed": 11,
        "no_repeat": 3,
    }
    questions = plan["questions"]
    assert [q["position"] for q in questions] == list(range(1, len(questions) + 1))
    assert all(q["budget_minutes"] > 0 and q["reasons"] for q in questions)
    assert sum(q["budget_minutes"] for q in questions) == plan["total_minutes"] <= 30


def test_plan_topics_and_explain(deck_path: Path) -> None:
    plan = run_json(deck_path, "interview", "plan", "--topics", "llms,deep-learning", "--seed", "2")
    assert {q["topic"].split("/")[0] for q in plan["questions"]} <= {"llms", "deep-learning"}
    result = run(deck_path, "interview", "plan", "--seed", "2", "--explain", "--company", "Meta")
    assert result.exit_code == 0, result.output
    assert "Why these questions" in result.stdout and "drawn with chance" in result.stdout
    assert "--seed 2" in result.stderr


def test_bad_flags_are_one_line_errors(deck_path: Path) -> None:
    result = run(deck_path, "interview", "plan", "--level", "principal")
    assert result.exit_code == 1 and "junior, mid, senior" in result.stderr
    result = run(deck_path, "interview", "plan", "--topics", "astrology")
    assert result.exit_code == 1 and "astrology" in result.stderr and "Traceback" not in result.output
    result = run(deck_path, "interviews", "show", "99")
    assert result.exit_code == 1 and "no interview 99" in result.stderr


def test_sitting_needs_a_terminal(deck_path: Path) -> None:
    for args in (("interview", "--seed", "1"), ("interview", "resume")):
        result = run(deck_path, *args)
        assert result.exit_code == 1 and "needs a terminal" in result.stderr


def _sit_one(db: Path) -> int:
    with Store.open(str(db)) as store:
        plan = service.make_plan(ctx_at(store), PlanOptions(minutes=12, seed=4))
        interview_id = service.create_interview(ctx_at(store, FakeClock()()), plan)
        clock = FakeClock()
        s = InterviewSession(ctx_at(store, clock, rng=random.Random(0), grader=word_grader), interview_id)
        step = s.begin()
        while step is not None:
            clock.advance(30)
            answer = step.question.record.rubric[0] if step.question.record.rubric else "no idea"
            step = s.submit(answer).next
        s.finish()
        return interview_id


def test_interviews_list_show_report_and_rate(deck_path: Path, tmp_path: Path) -> None:
    assert "No interviews yet" in run(deck_path, "interviews").stderr
    interview_id = _sit_one(deck_path)
    listed = run_json(deck_path, "interviews")
    assert [i["id"] for i in listed] == [interview_id] and listed[0]["status"] == "finished"
    table = run(deck_path, "interviews")
    assert table.exit_code == 0 and "finished" in table.stdout
    report = run_json(deck_path, "interviews", "show", str(interview_id))
    assert report["id"] == interview_id and report["questions"]
    shown = run(deck_path, "interview", "show", str(interview_id), "--report", str(tmp_path / "r.html"))
    assert shown.exit_code == 0, shown.output
    assert "Overall score" in shown.stdout and "Model answer" in shown.stdout
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    md = run(deck_path, "interviews", "show", str(interview_id), "--report", str(tmp_path / "r.md"))
    assert md.exit_code == 0 and (tmp_path / "r.md").read_text().startswith(
        f"# Mock interview #{interview_id}"
    )

    rated = run(deck_path, "interviews", "show", str(interview_id), "--rate", "1=again", "--json")
    assert rated.exit_code == 0, rated.output
    assert json.loads(rated.stdout)["questions"][0]["rating"] == 1
    with Store.open(str(deck_path)) as store, store.read() as conn:
        qid = report["questions"][0]["question_id"]
        ratings = (
            conn.execute(sa.text("SELECT rating FROM review_log WHERE question_id = :q"), {"q": qid})
            .scalars()
            .all()
        )
    assert ratings == [1]


def test_interview_answers_can_be_marked(deck_path: Path) -> None:
    from mldrill.app.marks import marked_answers

    interview_id = _sit_one(deck_path)
    report = run_json(deck_path, "interviews", "show", str(interview_id))
    n = len(report["questions"])
    for bad in ("1=maybe", f"{n + 1}=correct", "x"):
        result = run(deck_path, "interviews", "show", str(interview_id), "--mark", bad)
        assert result.exit_code == 1 and "error:" in result.stderr, bad
    marked = run(deck_path, "interviews", "show", str(interview_id), "--mark", "1=correct", "--json")
    assert marked.exit_code == 0, marked.output
    assert "kept as marked correct" in marked.stderr
    first = report["questions"][0]
    with Store.open(str(deck_path)) as store:
        found = [(m.text, m.correct, m.source) for m in marked_answers(ctx_at(store), first["question_id"])]
    assert found == [(first["answer"].strip(), True, "interview")]


def test_parse_rating() -> None:
    assert parse_rating("2=good") == (2, 3)
    assert parse_rating(" 3 : Again ") == (3, 1)
    assert parse_rating("1 4") == (1, 4)
