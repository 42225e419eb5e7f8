"""The interview report: built from the stored interview as plain data, written as markdown or self-contained HTML.

Per question: score, time used against the budget, points hit and missed, the person's answer beside the model
answer, the follow-up and its grade, the rating recorded. Overall: the score, a per-topic breakdown, and what to
study next. The HTML file needs nothing outside itself: styles inline, code highlighted by Pygments with inline
styles, maths turned into MathML (latex2mathml) or, failing that, shown as TeX in code style; no script at all,
and a Content-Security-Policy that forbids every fetch. The page comes from the Jinja2 template
interview_report.html (src/mldrill/templates/), which escapes every value; the markdown of prompts and answers is
rendered and then sanitised by nh3 (mldrill.interview.html).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from mldrill.errors import UsageError
from mldrill.interview.records import InterviewRow, ItemRow
from mldrill.models import Question
from mldrill.ratings import RATING_NAMES
from mldrill.verdicts import UNSURE_MESSAGE, is_unsure, point_explanation, point_status, verdict_text

WEAK_SCORE = 3.0  # topics and questions below this are suggested for study


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _followup(item: ItemRow) -> dict[str, Any] | None:
    f = item.followup
    if f is None:
        return None
    return {
        "prompt": f.prompt,
        "point": f.point,
        "answer": f.draft,
        "status": f.status,
        "overtime": f.overtime,
        "budget_s": f.budget_s,
        "time_used_s": round(f.elapsed_ms / 1000, 1),
        "score": f.score,
        "verdict": (f.grade or {}).get("verdict"),
        "verdict_text": verdict_text(f.grade) if f.grade else None,
        "sure": not is_unsure(f.grade),
        "recovered": bool(f.grade and any(p.get("hit") for p in f.grade.get("points", []))),
        "why": [point_explanation(p) for p in (f.grade or {}).get("points", [])],
    }


def _points(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each point with its status (covered | contradicted | missed) and the one line that explains it."""
    return [{**p, "status": point_status(p), "why": point_explanation(p)} for p in points]


def _question_entry(item: ItemRow, question: Question | None, reason: list[str]) -> dict[str, Any]:
    record = question.record if question else None
    g = item.grade or {}
    points = g.get("points", [])
    if not points and record is not None and item.status in ("skipped", "unreached"):
        points = [{"text": p, "hit": False, "coverage": 0.0} for p in record.rubric]
    model = None
    if question is not None:
        model = question.own_answer or record.answer if record else None
    return {
        "position": item.position + 1,
        "question_id": item.question_id,
        "prompt": record.prompt if record else f"(question {item.question_id} is no longer stored)",
        "topic": record.topic if record else None,
        "difficulty": record.difficulty if record else None,
        "budget_s": item.budget_s,
        "time_used_s": round(item.elapsed_ms / 1000, 1),
        "status": item.status,
        "overtime": item.overtime,
        "score": item.score,
        "verdict": g.get("verdict"),
        "verdict_text": verdict_text(g) if g else None,
        "confidence": g.get("confidence"),
        "sure": not is_unsure(g),
        "leaning": g.get("leaning") or None,
        "hit": [p["text"] for p in points if p.get("hit")],
        "missed": [p["text"] for p in points if not p.get("hit")],
        "points": _points(points),
        "answer": item.draft,
        "model_answer": model,
        "followup": _followup(item),
        "suggested_rating": item.suggested_rating,
        "rating": item.rating,
        "rating_name": RATING_NAMES.get(item.rating or 0),
        "review_id": item.review_id,
        "why_chosen": reason,
    }


def _score(entry: dict[str, Any]) -> float | None:
    """A question's score for the totals: its grade, 0 if skipped, none if never reached."""
    if entry["status"] == "skipped":
        return 0.0
    return entry["score"]


def build_report(interview: InterviewRow, questions: dict[int, Question]) -> dict[str, Any]:
    reasons = {q["question_id"]: q.get("reasons", []) for q in interview.plan.get("questions", [])}
    entries = [
        _question_entry(i, questions.get(i.question_id), reasons.get(i.question_id, []))
        for i in interview.items
    ]
    scored = [s for s in (_score(e) for e in entries) if s is not None]
    overall = round(sum(scored) / len(scored), 2) if scored else None
    topics: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        if _score(e) is not None:
            topics.setdefault((e["topic"] or "(no topic)").split("/")[0], []).append(e)
    breakdown = [
        {
            "topic": name,
            "questions": len(group),
            "score": round(sum(_score(e) or 0.0 for e in group) / len(group), 2),
            "missed": sum(len(e["missed"]) for e in group),
        }
        for name, group in sorted(topics.items())
    ]
    used = sum(i.elapsed_ms + (i.followup.elapsed_ms if i.followup else 0) for i in interview.items)
    return {
        "id": interview.id,
        "status": interview.status,
        "company": interview.company,
        "level": interview.level,
        "minutes": interview.minutes,
        "topics_asked": interview.topics,
        "seed": interview.seed,
        "created_at": _iso(interview.created_at),
        "started_at": _iso(interview.started_at),
        "finished_at": _iso(interview.finished_at),
        "time_used_s": round(used / 1000, 1),
        "score": overall,
        "answered": sum(1 for e in entries if e["status"] in ("answered", "overtime")),
        "skipped": sum(1 for e in entries if e["status"] == "skipped"),
        "unreached": sum(1 for e in entries if e["status"] == "unreached"),
        "overtime": sum(1 for e in entries if e["overtime"]),
        "questions": entries,
        "by_topic": breakdown,
        "study_next": study_next(entries, breakdown),
    }


def study_next(entries: list[dict[str, Any]], breakdown: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Weakest topics first (with the command to study them), then the questions to go over, with what they missed."""
    advice: list[dict[str, str]] = []
    for t in sorted(
        (t for t in breakdown if t["score"] < WEAK_SCORE), key=lambda t: (t["score"], t["topic"])
    ):
        advice.append(
            {
                "kind": "topic",
                "text": f"{t['topic']}: {t['score']:.1f}/5 over {t['questions']} question(s)",
                "command": f"mldrill study --topic {t['topic']}",
            }
        )
    for e in entries:
        score = _score(e)
        if score is None or score >= WEAK_SCORE:
            continue
        missed = e["missed"]
        if e["followup"] and e["followup"]["recovered"]:
            missed = [m for m in missed if m != e["followup"]["point"]]
        what = "; ".join(m.rstrip(".") for m in missed[:3]) if missed else "the model answer"
        advice.append(
            {
                "kind": "question",
                "text": f"Q{e['position']} (#{e['question_id']}): go over {what}",
                "command": f"mldrill show {e['question_id']}",
            }
        )
    return advice


def minutes_seconds(seconds: float) -> str:
    whole = max(round(seconds), 0)
    return f"{whole // 60}:{whole % 60:02d}"


def _score_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}/5"


# Markdown


def _fence(text: str) -> str:
    """A fenced block that holds `text` whatever backticks it contains."""
    ticks = 3
    while "`" * ticks in text:
        ticks += 1
    return f"{'`' * ticks}text\n{text.rstrip()}\n{'`' * ticks}"


def render_markdown(report: dict[str, Any]) -> str:
    lines = [f"# Mock interview #{report['id']}", ""]
    lines.append(_summary_line(report))
    lines += ["", f"**Overall score: {_score_text(report['score'])}**", "", "## By topic", ""]
    lines += ["| Topic | Questions | Score | Points missed |", "|---|---:|---:|---:|"]
    for t in report["by_topic"]:
        lines.append(f"| {t['topic']} | {t['questions']} | {t['score']:.1f}/5 | {t['missed']} |")
    lines += ["", "## What to study next", ""]
    lines += [f"- {a['text']} — `{a['command']}`" for a in report["study_next"]] or [
        "- Nothing stands out: well done."
    ]
    for q in report["questions"]:
        lines += ["", f"## Q{q['position']}. {_status_label(q)}", "", q["prompt"].strip(), ""]
        lines.append(_question_meta(q))
        if q.get("sure") is False:
            lines += ["", f"**{UNSURE_MESSAGE}**"]
        lines += ["", "### Points", ""]
        lines += [f"- [{'x' if s == 'covered' else ' '}] {text} — {why}" for text, s, why in point_lines(q)]
        lines += [
            "",
            "### Your answer",
            "",
            _fence(q["answer"]) if q["answer"].strip() else "_(nothing written)_",
        ]
        lines += ["", "### Model answer", "", (q["model_answer"] or "_(the source has no answer)_").strip()]
        f = q["followup"]
        if f:
            lines += ["", "### Follow-up", "", f"> {f['prompt']}", ""]
            lines.append(_followup_meta(f))
            lines += ["", _fence(f["answer"]) if f["answer"].strip() else "_(nothing written)_"]
            lines += ["", f"The point: {f['point']}" + (f" — {f['why'][0]}" if f.get("why") else "")]
    return "\n".join(lines).rstrip() + "\n"


def point_lines(q: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(point, status, why) for each point of a report entry; reports stored before explanations had only the
    lists of points hit and missed."""
    points = q.get("points") or []
    if points:
        return [(p["text"], point_status(p), p.get("why") or point_explanation(p)) for p in points]
    return [(t, "covered", "covered") for t in q["hit"]] + [
        (t, "missed", "not stated in the answer") for t in q["missed"]
    ]


def _followup_meta(f: dict[str, Any]) -> str:
    verdict = f.get("verdict_text") or f.get("verdict")
    parts = [f"Score {_score_text(f['score'])}" + (f" ({verdict})" if verdict else ""), f["status"]]
    parts.append(f"{minutes_seconds(f['time_used_s'])} used")
    return " · ".join(parts)


def _summary_line(report: dict[str, Any]) -> str:
    when = (report.get("started_at") or report.get("created_at") or "")[:10]
    parts = [
        *([when] if when else []),
        f"Company: {report['company'] or 'any'}",
        f"level: {report['level']}",
        f"{report['minutes']:g} minutes planned, {minutes_seconds(report['time_used_s'])} used",
        f"{report['answered']} answered, {report['skipped']} skipped, {report['unreached']} not reached,"
        f" {report['overtime']} overtime",
        f"seed {report['seed']}",
    ]
    return " · ".join(parts)


def _status_label(q: dict[str, Any]) -> str:
    return {
        "answered": "answered",
        "overtime": "overtime",
        "skipped": "skipped",
        "unreached": "not reached",
    }.get(q["status"], q["status"]) + (f" — {_score_text(q['score'])}" if q["score"] is not None else "")


def _question_meta(q: dict[str, Any]) -> str:
    parts = [
        f"Score {_score_text(_score(q))}"
        + (f" — {verdict}" if (verdict := q.get("verdict_text") or q["verdict"]) else ""),
        f"time {minutes_seconds(q['time_used_s'])} of {minutes_seconds(q['budget_s'])}"
        + (" — OVERTIME" if q["overtime"] else ""),
        q["difficulty"] or "unrated",
        q["topic"] or "no topic",
        f"#{q['question_id']}",
    ]
    if q["rating_name"]:
        parts.append(f"recorded as {q['rating_name']}")
    return " · ".join(parts)


# HTML


def write_report(report: dict[str, Any], path: str | Path) -> Path:
    """Write the report as HTML (.html, .htm) or markdown (.md, .markdown), by the file's extension."""
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix in (".html", ".htm"):
        text = render_html(report)
    elif suffix in (".md", ".markdown"):
        text = render_markdown(report)
    else:
        raise UsageError(f"--report {path}: name a .html or .md file")
    if not target.parent.is_dir():
        raise UsageError(f"--report {path}: folder {target.parent} does not exist")
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return target


def render_html(report: dict[str, Any]) -> str:
    from mldrill.render_html import render

    return render("interview_report.html", **html_context(report))


def html_context(report: dict[str, Any]) -> dict[str, Any]:
    """What the template shows, as display strings; markdown already rendered and sanitised (Markup)."""
    return {
        "title": f"Mock interview #{report['id']}",
        "summary": _summary_line(report),
        "score": _score_text(report["score"]),
        "by_topic": [
            {
                "topic": t["topic"],
                "questions": t["questions"],
                "score": f"{t['score']:.1f}/5",
                "missed": t["missed"],
            }
            for t in report["by_topic"]
        ],
        "study_next": [{"text": a["text"], "command": a["command"]} for a in report["study_next"]],
        "questions": [_html_question(q) for q in report["questions"]],
    }


def _html_question(q: dict[str, Any]) -> dict[str, Any]:
    from mldrill.interview.html import markdown_markup as md

    points = []
    for text, status, why in point_lines(q):
        cls, mark = (
            ("hit", "✔") if status == "covered" else (status if status == "contradicted" else "missed", "✘")
        )
        points.append({"cls": cls, "mark": mark, "text": text, "why": why})
    f = q["followup"]
    followup = None
    if f:
        followup = {
            "prompt": f["prompt"],
            "meta": _followup_meta(f),
            "answer": md(f["answer"], breaks=True) if f["answer"].strip() else None,
            "point": f["point"],
            "why": f["why"][0] if f.get("why") else "",
        }
    return {
        "position": q["position"],
        "section_class": "q overtime" if q["overtime"] else f"q {q['status']}",
        "label": _status_label(q),
        "prompt": md(q["prompt"]),
        "meta": _question_meta(q),
        "unsure": UNSURE_MESSAGE if q.get("sure") is False else "",
        "points": points,
        "mine": md(q["answer"], breaks=True) if q["answer"].strip() else None,
        "model": md(q["model_answer"]) if q["model_answer"] else None,
        "followup": followup,
        "why_chosen": "; ".join(q["why_chosen"]),
    }
