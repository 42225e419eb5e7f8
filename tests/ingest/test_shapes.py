"""The common shapes of public question banks, beyond the five seeds (small banks written for these tests)."""

from __future__ import annotations

import pytest

from mldrill.errors import ImportFormatError
from mldrill.ingest import read_source


def parse(text: str, name: str = "bank.md"):  # type: ignore[no-untyped-def]
    return read_source(name, text.encode("utf-8"))


def test_q_and_a_pairs() -> None:
    p = parse(
        "# Stats drill\n\nQ: What does a p-value measure?\nA: The chance of data at least this extreme if the "
        "null hypothesis held.\n\nQ: Why bootstrap?\n\nA: To estimate a sampling distribution by resampling "
        "the data with replacement.\n\nQ: What is a type II error?\nA: TBD\n"
    )
    assert [q.prompt for q in p.questions] == [
        "What does a p-value measure?",
        "Why bootstrap?",
        "What is a type II error?",
    ]
    assert [q.answered for q in p.questions] == [True, True, False]
    assert [q.line for q in p.questions] == [3, 6, 10]


def test_bold_paragraph_questions() -> None:
    p = parse(
        "**What is dropout?**\n\nRandomly zeroing activations during training so units cannot co-adapt.\n\n"
        "**Why does batch norm help?**\n\nIt keeps layer inputs on a stable scale, which allows larger steps.\n"
    )
    assert len(p.questions) == 2
    assert all(q.answered for q in p.questions)
    assert p.questions[1].prompt == "Why does batch norm help?"


def test_numbered_list_without_answers() -> None:
    p = parse(
        "# Warm-up\n\n1. What is overfitting?\n2. Explain the kernel trick.\n3. How does k-means pick centres?\n"
    )
    assert [q.line for q in p.questions] == [3, 4, 5]
    assert not any(q.answered for q in p.questions)
    assert all(q.answer is None for q in p.questions)


def test_table_of_contents_is_not_questions() -> None:
    p = parse(
        "# Bank\n\n| # | Section |\n|---|---|\n| 1 | [What is bias?](#what-is-bias) |\n| 2 | [What is variance?]"
        "(#what-is-variance) |\n\n## What is bias?\n\nSystematic error from wrong assumptions in the model.\n\n"
        "## What is variance?\n\nTo be filled\n"
    )
    assert [q.prompt for q in p.questions] == ["What is bias?", "What is variance?"]
    assert [q.answered for q in p.questions] == [True, False]


@pytest.mark.parametrize("placeholder", ["TBC", "Answer here", "To be filled", "NOT ANSWERED", "TODO", "..."])
def test_placeholders_are_unanswered(placeholder: str) -> None:
    p = parse(f"## What is entropy?\n\n{placeholder}\n\n## What is a prior?\n\nBelief before seeing data.\n")
    assert [q.answered for q in p.questions] == [False, True]


def test_question_table_with_header() -> None:
    p = parse(
        "| Question | Difficulty | Companies | Link |\n|---|---|---|---|\n"
        "| Explain PCA | Medium | Google, Amazon | [notes](https://example.org/pca) |\n"
        "| What is AUC? | Hard | Meta | [notes](https://example.org/auc) |\n"
    )
    assert [(q.prompt, q.difficulty, q.companies) for q in p.questions] == [
        ("Explain PCA", "medium", ["Google", "Amazon"]),
        ("What is AUC?", "hard", ["Meta"]),
    ]
    assert p.questions[0].resources[0].url == "https://example.org/pca"


def test_heading_metadata_details_and_labels() -> None:
    p = parse(
        "# Losses\n\n## Q1: Hinge loss (Google, Practical)\n\n**Difficulty**: Hard | **Time**: 4-6 min\n\n"
        "Where is hinge loss used?\n\n<details>\n<summary>Answer</summary>\n\nIn max-margin classifiers such as "
        "SVMs.\n\n</details>\n"
    )
    (q,) = p.questions
    assert q.prompt == "Where is hinge loss used?"
    assert (q.line, q.prompt_line) == (3, 7)
    assert q.difficulty == "hard" and q.time_minutes == 5.0
    assert q.companies == ["Google"] and "Practical" in q.tags
    assert q.answer is not None and "max-margin" in q.answer and "<details>" not in q.answer


def test_mkdocs_admonitions_give_answer_and_rubric() -> None:
    p = parse(
        "### What is label smoothing? - Google, Facebook Interview Question\n\n"
        "**Difficulty:** 🔴 Hard | **Tags:** `Loss`, `Regularization` | **Asked by:** Google, Meta\n\n"
        '??? success "View Answer"\n\n    Mix the one-hot target with a uniform distribution.\n\n'
        '    !!! tip "Interviewer\'s Insight"\n        **Strong answer signals:**\n\n'
        "        - Gives the smoothed target formula\n        - Mentions calibration\n"
    )
    (q,) = p.questions
    assert q.prompt == "What is label smoothing?"
    assert q.companies == ["Google", "Meta"]
    assert q.tags[-2:] == ["Loss", "Regularization"]
    assert q.rubric == ["Gives the smoothed target formula", "Mentions calibration"]
    assert q.answer == "Mix the one-hot target with a uniform distribution."


def test_mojibake_is_repaired() -> None:
    clean = "## Why softmax?\n\nIt maps logits to probabilities: σ(z) → Σ = 1 ± rounding 🟡\n"
    for enc in ("cp1252", "mac_roman"):
        garbled = clean.encode("utf-8").decode(enc, errors="ignore")
        p = read_source("g.md", garbled.encode("utf-8"))
        assert p.questions[0].answer is not None
        assert "σ(z) → Σ = 1 ±" in p.questions[0].answer, enc


def test_repo_dump_with_real_newlines() -> None:
    dump = (
        "├── a.md\n└── b.md\n/a.md:\n--------------------\n1 | # A\n2 | \n3 | ## What is a tensor?\n4 | \n"
        "5 | A multi-dimensional array.\n--------------------\n/b.md:\n--------------------\n1 | ## Why normalise?\n"
        "2 | Keeps features on one scale.\n"
    )
    p = read_source("dump.txt", dump.encode())
    assert p.format == "repo-dump"
    assert [(q.inner_file, q.line) for q in p.questions] == [("/a.md", 3), ("/b.md", 1)]


def test_deck_format_round_trip() -> None:
    p = parse(
        "---\nformat: mldrill-deck/1\ntopic: math\n---\n\n## What is a norm?\n\nid: m-norm\ndifficulty: easy\n"
        "tags: linear-algebra\ntime: 2\n\n### Answer\n\nA function measuring vector length.\n\n### Rubric\n\n"
        "- Non-negative\n- Zero only for the zero vector\n- Triangle inequality holds\n"
    )
    (q,) = p.questions
    assert (q.key, q.difficulty, q.topic, q.time_minutes) == ("m-norm", "easy", "math", 2.0)
    assert len(q.rubric) == 3 and p.warnings == []


def test_deck_problems_are_warnings_naming_the_line() -> None:
    p = parse(
        "---\nformat: mldrill-deck/1\n---\n\n## Q?\n\nid: Bad Id\ndifficulty: extreme\n\n### Answer\n\nx\n"
    )
    assert any("bank.md:5" in w and "id" in w for w in p.warnings)
    assert any("difficulty" in w for w in p.warnings)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_bad_input_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message) as exc:
        read_source("bad.md", data)
    assert "bad.md" in str(exc.value)


def test_invalid_utf8_is_read_with_a_warning() -> None:
    p = read_source("latin.md", "## ¿Qué es la entropía?\n\nUna medida de incertidumbre.\n".encode("latin-1"))
    assert p.questions[0].answered
    assert any("not valid UTF-8" in w for w in p.warnings)


def test_hostile_html_is_kept_as_text_with_a_warning() -> None:
    p = parse("## What is XSS?\n\n<script>alert(1)</script>\n\nInjected script in a page.\n")
    assert any("<script>" in w for w in p.warnings)
    assert p.questions[0].answered


def test_oversized_input_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mldrill.ingest import api

    big = tmp_path / "big.md"
    with big.open("wb") as f:
        f.truncate(api.MAX_FILE_BYTES + 1)
    with pytest.raises(ImportFormatError, match="limit"):
        read_source(str(big))


def test_collect_files_names_missing_paths(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mldrill.ingest import collect_files

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.md").write_text("## What?\n")
    (tmp_path / "d" / "img.png").write_bytes(b"\x89PNG")
    files, problems = collect_files([str(tmp_path / "d"), str(tmp_path / "nope.md")])
    assert files == [str(tmp_path / "d" / "x.md")]
    assert problems == [f"{tmp_path / 'nope.md'}: no such file or folder"]
