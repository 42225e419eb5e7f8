"""The optimised `study_stats` and `home_summary` give exactly the figures of a straightforward computation
(tests/study/stats_reference.py) on a small random store: floats to the bit, dict order included."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from mldrill.app import study
from mldrill.app.stats import home_summary, study_stats
from mldrill.store import Store
from mldrill.store import reviews as db
from mldrill.store.schema import questions
from tests.context import ctx_at
from tests.study.helpers import NOW, PLAIN, bank
from tests.study.stats_reference import reference_home, reference_stats

TOPICS = ["ml", "ml/basics", "ml/basics/trees", "dl/cnn", None, "stats"]
COMPANIES = [[], ["Google"], ["Meta", " Google "], [" "], ["Google", "Google"], ["OpenAI"]]


@pytest.fixture(scope="module")
def random_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    rng = random.Random(11)
    path = tmp_path_factory.mktemp("reference") / "random.db"
    store = Store.open(str(path))
    for n in range(12):
        fields = {"topic": rng.choice(TOPICS), "companies": rng.choice(COMPANIES)}
        store.save_source(bank(f"bank/{n}.md", rng.randint(3, 9), **fields), NOW - timedelta(days=80))
    study.open_study(ctx_at(store))
    with store.read() as conn:
        ids = [r[0] for r in conn.execute(sa.select(questions.c.id))]
    settings = replace(PLAIN, schedule=replace(PLAIN.schedule, fuzz=True))
    events = sorted(NOW - timedelta(minutes=rng.randint(0, 60 * 24 * 70)) for _ in range(500))
    for when in events:
        qid = rng.choice(ids[: len(ids) * 3 // 4])  # a quarter never studied
        study.record_review(
            ctx_at(store, when, rng=rng), qid, rng.choice((1, 2, 3, 3, 4)), settings, rng.randint(1, 90_000)
        )
    with store.write() as conn:
        conn.execute(questions.update().where(questions.c.id.in_(rng.sample(ids, 4))).values(retired_at=NOW))
        for qid in rng.sample(ids, 3):
            db.bury(conn, db.LOCAL_USER, qid, NOW + timedelta(hours=rng.randint(-5, 5)))
    return store


@pytest.mark.parametrize("hour", [0, 7, 23])
@pytest.mark.parametrize("later", [timedelta(0), timedelta(hours=5), timedelta(days=3), timedelta(days=40)])
def test_stats_are_the_straightforward_figures(random_store: Store, hour: int, later: timedelta) -> None:
    settings = replace(PLAIN, day_start_hour=hour)
    now = NOW + later
    got = study_stats(ctx_at(random_store, now), settings).to_dict()
    want = reference_stats(random_store, now, settings)
    assert got["total_reviews"] == 500 and got["topics"] and got["companies"]
    assert got == want
    assert list(got["cards_by_state"].items()) == list(want["cards_by_state"].items())


@pytest.mark.parametrize("later", [timedelta(0), timedelta(hours=5), timedelta(days=40)])
def test_home_is_the_straightforward_figures(random_store: Store, later: timedelta) -> None:
    now = NOW + later
    home = home_summary(ctx_at(random_store, now), PLAIN).to_dict()
    del home["suggestion"]
    assert home == reference_home(random_store, now, PLAIN)


def test_a_long_streak_is_counted_across_probe_chunks(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "streak.db")) as store:
        store.save_source(bank("bank/s.md", 3, topic="ml"), NOW - timedelta(days=400))
        study.open_study(ctx_at(store))
        with store.read() as conn:
            qid = conn.execute(sa.select(questions.c.id)).scalars().first()
        for back in range(150, 0, -1):  # 150 days in a row up to yesterday, none today
            study.record_review(ctx_at(store, NOW - timedelta(days=back)), qid, 3, PLAIN)
        assert home_summary(ctx_at(store, NOW), PLAIN).streak == 150
        assert study_stats(ctx_at(store, NOW), PLAIN).streak == 150
        assert reference_stats(store, NOW, PLAIN)["streak"] == 150
