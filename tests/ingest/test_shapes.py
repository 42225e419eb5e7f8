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
    with pytest.raises(ImportFormatError, match=r"the file is 64 MiB, over the 64 MiB limit"):
        read_source(str(big))


def test_collect_files_names_missing_paths(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mldrill.ingest import collect_files

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.md").write_text("## What?\n")
    (tmp_path / "d" / "img.png").write_bytes(b"\x89PNG")
    files, problems = collect_files([str(tmp_path / "d"), str(tmp_path / "nope.md")])
    assert files == [str(tmp_path / "d" / "x.md")]
    assert problems == [f"{tmp_path / 'nope.md'}: no such file or folder"]


# --- shapes found in other public banks (fixtures written for these tests) ---------------------------------


def test_difficulty_legend_symbols_on_bold_questions() -> None:
    p = parse(
        "# Drill\n\n* Key: 🐣 easy 🌶️ medium 🔥 hard\n\n## Trees\n\n**Why prune a decision tree? 🐣**\n\n"
        "Deep trees memorise noise, so cutting branches helps them generalise.\n\n<br/>\n\n"
        "**How does gradient boosting fit residuals? 🔥**\n\nAnswer here\n\n<br/>\n"
    )
    assert [(q.prompt, q.difficulty, q.answered) for q in p.questions] == [
        ("Why prune a decision tree?", "easy", True),
        ("How does gradient boosting fit residuals?", "hard", False),
    ]


def test_numbered_headings_all_count_and_source_links_are_dropped() -> None:
    p = parse(
        "# Vision bank\n\n#### 1) What is a receptive field? [[src](https://example.org/a)]\n\n"
        "The input region that can change one output unit.\n\n"
        "#### 2) Write a function that flips an image horizontally. [[src](https://example.org/b)]\n\n"
        "[[Answer]](https://example.org/flip)\n\n"
        "#### 3) Talk me through how stereo depth is estimated. [[src](https://example.org/c)]\n\n"
        "Match points across two views and convert their disparity to depth.\n"
    )
    assert [q.prompt for q in p.questions] == [
        "What is a receptive field?",
        "Write a function that flips an image horizontally.",
        "Talk me through how stereo depth is estimated.",
    ]
    assert [q.answered for q in p.questions] == [True, False, True]


def test_contents_links_to_question_headings_are_not_questions() -> None:
    p = parse(
        "# Odds\n\n## Contents\n\n"
        "* [Q1: Why does a fair die give 1/6 per face?](https://example.org/bank.md#q1-why-does-a-fair-die-give-16-per-face)\n"
        "* [Q2: What is a conditional probability?](https://example.org/bank.md#q2-what-is-a-conditional-probability)\n\n"
        "## Answers\n\n### Q1: Why does a fair die give 1/6 per face? ###\n\nSix equally likely outcomes share the mass.\n\n"
        "### Q2: What is a conditional probability? ###\n\nThe chance of A once B is known to hold.\n"
    )
    assert [q.prompt for q in p.questions] == [
        "Why does a fair die give 1/6 per face?",
        "What is a conditional probability?",
    ]
    assert all(q.answered for q in p.questions)


def test_exercise_sheet_with_stems_groups_and_choices() -> None:
    p = parse(
        "Exercises\n---\n\n"
        "1. Select all the ways to lower variance:\n    1. Bagging\n    2. A deeper tree\n    3. More data\n\n---\n\n"
        "2. Fill in the gap: boosting mostly lowers `[bias/variance]`\n\n---\n\n"
        "3. A bag holds five marbles of three colours.\n\n1. Which colour is most likely drawn first?\n\n"
        "2. How many draws until every colour is seen, on average?\n\n---\n\n"
        "4. 1. **True or false**: stacking needs a hold-out set.\n    2. Name one model used as a meta-learner.\n"
    )
    assert [q.line for q in p.questions] == [4, 11, 17, 19, 23, 24]
    assert not any(q.answered for q in p.questions)
    assert p.questions[0].prompt.endswith("1. Bagging\n2. A deeper tree\n3. More data")


def test_numbered_bold_questions_with_nested_answer_bullets() -> None:
    p = parse(
        "# Top questions\n\n1. **What is a learning rate?**\n   - **Answer**: The step size of each update.\n\n"
        "2. **Why standardise features?**\n   - **Answer**:\n     - Distances stop favouring large units.\n"
        "     - Gradient steps become better conditioned.\n"
    )
    assert [q.prompt for q in p.questions] == ["What is a learning rate?", "Why standardise features?"]
    assert p.questions[0].answer == "The step size of each update."
    assert p.questions[1].answer == (
        "- Distances stop favouring large units.\n- Gradient steps become better conditioned."
    )


def test_long_numbered_list_keeps_items_that_do_not_read_as_questions() -> None:
    p = parse(
        "Warm-up\n=======\n\n1. What is a kernel?\n2. Pick a loss and justify it.\n3. Why shuffle batches?\n"
        "4. What is weight decay?\n\nSolution: an L2 penalty added to the loss.\n\n5. What is a saddle point?\n"
    )
    assert [q.line for q in p.questions] == [4, 5, 6, 7, 11]
    assert [q.answered for q in p.questions] == [False, False, False, True, False]


def test_question_label_headings_take_the_bold_prompt_and_see_placeholders() -> None:
    p = parse(
        "# Linear algebra\n\n## Question 1\n\n**Explain what a rank-one matrix is.**\n\n"
        "**Answer:** An outer product of two vectors; every row is a multiple of one row.\n\n---\n\n"
        "## Question 2\n\n**What does a zero determinant tell you?**\n\n**Answer:** _[To be written]_\n"
    )
    assert [(q.line, q.prompt_line, q.prompt) for q in p.questions] == [
        (3, 5, "Explain what a rank-one matrix is."),
        (11, 13, "What does a zero determinant tell you?"),
    ]
    assert [q.answered for q in p.questions] == [True, False]
    assert p.questions[0].answer is not None and p.questions[0].answer.startswith("An outer product")


def test_q_prefixed_headings_with_and_without_numbers() -> None:
    p = parse(
        "# Basics\n\n### Q: Explain early stopping.\n\n**A**: Stop when validation loss stops improving.\n\n"
        "### Q2.1: Describe label noise.\n\n**Answer:**\nWrong targets in the training data.\n"
    )
    assert [q.prompt for q in p.questions] == ["Explain early stopping.", "Describe label noise."]
    assert [q.answer for q in p.questions] == [
        "Stop when validation loss stops improving.",
        "Wrong targets in the training data.",
    ]


def test_bullet_questions_with_nested_answers() -> None:
    p = parse(
        "## Training\n\n*   **Q: Why warm up the learning rate?**\n    - *A:* Early updates are noisy; small steps "
        "keep them stable.\n*   **Q: Explain gradient clipping.**\n    - *A:* Rescale gradients whose norm is too "
        "large.\n\n## Cheat sheet\n1. **Default optimiser**: AdamW.\n"
    )
    assert [q.prompt for q in p.questions] == ["Why warm up the learning rate?", "Explain gradient clipping."]
    assert p.questions[0].answer == "Early updates are noisy; small steps keep them stable."


def test_contribution_guide_and_its_example_are_not_questions() -> None:
    p = parse(
        "# Bank\n\n## How to contribute?\n\nUse this layout:\n\n#### How tall is a giraffe?\n"
        "- **Interviewer Company**: Example Corp\n\nAbout five metres.\n\n## Questions\n\n"
        "#### How would you detect concept drift?\n- **Interviewer Company**: Google\n\n"
        "Compare recent feature and label distributions with the training ones.\n\n"
        "#### What is target leakage?\n\nA feature that encodes the label it should predict.\n"
    )
    assert [q.prompt for q in p.questions] == [
        "How would you detect concept drift?",
        "What is target leakage?",
    ]
    assert p.questions[0].companies == ["Google"]
    assert p.questions[0].answer == "Compare recent feature and label distributions with the training ones."


def test_details_summary_holds_the_question() -> None:
    p = parse(
        "# Quick checks\n\n<details>\n<summary>What does dropout do at test time?</summary>\n\n"
        "Nothing is dropped; activations are already scaled.\n\n</details>\n\n"
        "<details><summary>Why is accuracy misleading on skewed classes?</summary>\n\n</details>\n"
    )
    assert [(q.line, q.prompt, q.answered) for q in p.questions] == [
        (3, "What does dropout do at test time?", True),
        (10, "Why is accuracy misleading on skewed classes?", False),
    ]


def test_one_question_per_line_with_labels() -> None:
    p = parse(
        "Practice set\n\n🟢 Warm-up, easy\nWhat is a histogram?\nWhat does the median measure?\n"
        "Explain what a quantile is.\n\n🔴 Hard ones\nHow would you test two samples for equal variance?\n"
    )
    assert [(q.line, q.difficulty) for q in p.questions] == [
        (4, "easy"),
        (5, "easy"),
        (6, "easy"),
        (9, "hard"),
    ]
    assert p.questions[0].tags[-1] == "🟢 Warm-up, easy"
    assert not any(q.answered for q in p.questions)


def test_problem_and_solution_sections_of_a_one_question_file() -> None:
    p = parse(
        "## Problem\nA sensor fails on 2% of days. What is the chance it works for a whole week?\n\n"
        "## Solution\nDays are independent, so raise 0.98 to the seventh power: about 0.87.\n"
    )
    (q,) = p.questions
    assert (q.line, q.prompt_line) == (1, 2)
    assert q.prompt.startswith("A sensor fails")
    assert q.answer == "Days are independent, so raise 0.98 to the seventh power: about 0.87."


def test_anchor_tag_line_above_a_heading() -> None:
    p = parse(
        "# Stats\n\n<a name='mean'>\n## What is the mean?\n\nThe sum divided by the count.\n\n"
        '<a id="mode"></a>\n## What is the mode?\n'
    )
    assert [(q.line, q.answered) for q in p.questions] == [(4, True), (9, False)]
    assert p.questions[0].answer == "The sum divided by the count."


def test_short_numeric_answers_count() -> None:
    p = parse(
        "## Dice\n\n#### 1. What is the chance of a six on one roll?\n  - 1/6\n"
        "#### 2. How many faces does a die have?\n  - 6\n#### 3. What is the chance of two sixes?\n"
    )
    assert [q.answered for q in p.questions] == [True, True, False]


def test_question_answer_table() -> None:
    p = parse(
        "| # | Question | Answer |\n|---|---|---|\n| 1 | What is a prior? | Belief before the data is seen. |\n"
        "| 2 | What is a posterior? | TBD |\n"
    )
    assert [(q.prompt, q.answer) for q in p.questions] == [
        ("What is a prior?", "Belief before the data is seen."),
        ("What is a posterior?", None),
    ]


def test_difficulty_from_section_headings() -> None:
    p = parse(
        "# Bank\n\n## 🟢 Easy\n\n### What is a feature?\n\nAn input column.\n\n## Hard questions\n\n"
        "### How would you debug a diverging loss?\n\nLower the step size and check the data first.\n\n"
        "## Basics\n\n### What is a label?\n\nThe target value.\n"
    )
    assert [q.difficulty for q in p.questions] == ["easy", "hard", None]


def test_numbered_topic_headings_beside_numbered_questions() -> None:
    p = parse(
        "# Evaluation\n\n## Contents\n\n1. [Judging agents](#1-judging-agents)\n2. [Why hold data out?]"
        "(#2-why-hold-data-out)\n\n## 1. Judging agents\n\nCheck the end state, not the final message.\n\n"
        "1. **Outcome.** Was the row written?\n2. **Cost.** Tokens per solved task.\n\n"
        "## 2. Why hold data out?\n\nTuning on every case overfits them.\n\n"
        "## 3. How do you compare two prompts fairly?\n\nRun both on the same cases and test the paired gap.\n"
    )
    assert [q.prompt for q in p.questions] == [
        "Judging agents",
        "Why hold data out?",
        "How do you compare two prompts fairly?",
    ]
    assert all(q.answered for q in p.questions)


def test_front_matter_holds_the_question_of_a_one_question_file() -> None:
    p = parse(
        "---\ntype: question\nid: ex-7\ncompany: Google\nlevel: hard\ntags: [trees, boosting]\n"
        "question: Why do boosted trees need a small learning rate?\n---\n\n## Short answer\n\n"
        "Each tree corrects the last; small steps keep the ensemble from chasing noise.\n\n"
        "## Follow-ups\n\n- How would you pick the number of trees?\n"
    )
    (q,) = p.questions
    assert p.format == "front-matter-question"
    assert (q.prompt, q.line, q.companies, q.difficulty) == (
        "Why do boosted trees need a small learning rate?",
        7,
        ["Google"],
        "hard",
    )
    assert q.tags == ["trees", "boosting"]
    assert q.answer is not None and "small steps" in q.answer


def test_bold_number_paragraphs_with_code_answers() -> None:
    p = parse(
        "## SQL\n\nWrite queries for the following:\n\n**1)** The number of users.\n\n```sql\nSELECT count(*) FROM "
        "users;\n```\n\n<br/>\n\n**2) Median.** Compute the median of a column.\n\nGiven n values, sort them first.\n\n"
        "Answer here\n"
    )
    assert [q.prompt for q in p.questions] == [
        "The number of users.",
        "Median. Compute the median of a column.",
    ]
    assert [q.answered for q in p.questions] == [True, False]  # context before 'Answer here' is no answer


def test_question_line_with_its_answer_in_the_same_paragraph() -> None:
    p = parse(
        "### Forests\n\n1️⃣ **What is bagging?**  \n✅ Training models on bootstrap resamples and averaging them.\n\n"
        "2️⃣ **Why decorrelate the trees?**  \n✅ Averaging helps only when their errors differ.\n"
    )
    assert [(q.prompt, q.answer) for q in p.questions] == [
        ("What is bagging?", "✅ Training models on bootstrap resamples and averaging them."),
        ("Why decorrelate the trees?", "✅ Averaging helps only when their errors differ."),
    ]


def test_item_answer_after_a_hard_line_break() -> None:
    p = parse(
        "1. **What is a random seed?**  \n   → A number that fixes the random draws.\n\n"
        "2. How do you pick k in k-NN?<br/>\nBy cross-validation over a small grid.\n\n3. What is a hash collision?\n"
    )
    assert [q.prompt for q in p.questions] == [
        "What is a random seed?",
        "How do you pick k in k-NN?",
        "What is a hash collision?",
    ]
    assert [q.answered for q in p.questions] == [True, True, False]
