"""Deck-format text for tests that go through the real importer."""

from __future__ import annotations


def deck(*questions: tuple[str, str, str | None], topic: str = "testing") -> str:
    """A deck file: each question is (id, prompt, answer or None)."""
    parts = [f"---\nformat: mldrill-deck/1\ndeck: test\ntopic: {topic}\n---\n\n# Test deck\n"]
    for key, prompt, answer in questions:
        parts.append(
            f"## {prompt}\n\nid: {key}\ndifficulty: easy\ntopic: {topic}\ntags: t1, t2\ncompanies: Acme\n"
        )
        if answer:
            parts.append(
                f"### Answer\n\n{answer}\n\n### Rubric\n\n- One point.\n- Another point.\n- A third point.\n"
            )
    return "\n".join(parts)
