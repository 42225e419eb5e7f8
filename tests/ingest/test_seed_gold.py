"""The importer against the hand count of the five seed banks (../shared/seeds-gold)."""

from __future__ import annotations

import pytest

from tests.ingest.gold import GOLD, SEEDS, score_all, table

pytestmark = pytest.mark.skipif(not GOLD.exists() or not SEEDS.exists(), reason="../shared seeds not present")


@pytest.fixture(scope="module")
def scores():  # type: ignore[no-untyped-def]
    s = score_all()
    print("\n" + table(s))
    return s


def test_recall_and_precision(scores) -> None:  # type: ignore[no-untyped-def]
    gold = sum(s.gold for s in scores)
    found = sum(s.found for s in scores)
    matched = sum(s.matched for s in scores)
    missed = [m for s in scores for m in s.missed]
    extra = [m for s in scores for m in s.extra]
    assert matched / gold >= 0.97, missed[:20]
    assert matched / found >= 0.97, extra[:20]


def test_fields_agree(scores) -> None:  # type: ignore[no-untyped-def]
    matched = sum(s.matched for s in scores)
    wrong = [w for s in scores for w in s.wrong]
    assert sum(s.answered_ok for s in scores) / matched >= 0.97, wrong[:20]
    assert sum(s.difficulty_ok for s in scores) / matched >= 0.98, wrong[:20]
    assert sum(s.companies_ok for s in scores) / matched >= 0.95, wrong[:20]


def test_all_insight_rubrics_found(scores) -> None:  # type: ignore[no-untyped-def]
    assert sum(s.insights_gold for s in scores) == 95
    assert sum(s.insights_found for s in scores) == 95


def test_all_company_topic_lists_found(scores) -> None:  # type: ignore[no-untyped-def]
    s001 = next(s for s in scores if s.seed == "001")
    assert s001.company_lists_gold == 13
    assert s001.company_lists_found == 13
