"""Throughput and p99 latency of the web app's study API under a local load generator (wrk), beside a bare
Starlette JSON endpoint served the same way and measured in the same run.

    python bench/web.py [--duration 10] [--connections 16] [--threads 2]

Each app runs in its own uvicorn process (one worker, as `mldrill serve` does), on a fresh SQLite store holding
the built-in deck. Measured: `GET /api/study/next` and `POST /api/study/answer` (cycling through every
question id, rating 1-4 in turn), and the bare endpoint (`GET /` returning a small JSON object). Target (issue
12): each mldrill endpoint >= 0.3x the bare endpoint's requests/s, 0 errors (socket errors or non-2xx), and the
review log holds exactly as many reviews as the answers the clients were told were saved: a last phase of
`--connections` keep-alive clients sending 50 answers each and reading every response (a timed wrk run stops with
requests in flight, whose reviews are saved but never read).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 0.3

BARE_APP = """
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

async def hello(request):
    return JSONResponse({"ok": True, "card": None})

app = Starlette(routes=[Route("/", hello)])
"""

MLDRILL_APP = """
import os
from mldrill.store import Store
from mldrill.web.app import create_app
from mldrill.web.config import WebConfig

app = create_app(WebConfig(Store.open(os.environ["BENCH_DB"])))
"""

# wrk Lua: count 2xx responses per thread, report them in done(); POST bodies cycle through question ids.
LUA = """
local ids = {%(ids)s}
local counter = 0
ok = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0 end
request = function()
  counter = counter + 1
  if %(post)s then
    local id = ids[(counter %% #ids) + 1]
    local body = '{"question_id": ' .. id .. ', "rating": ' .. ((counter %% 4) + 1) .. '}'
    return wrk.format("POST", "%(path)s", {["Content-Type"] = "application/json"}, body)
  end
  return wrk.format("GET", "%(path)s")
end
response = function(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 end
end
done = function(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("ok") end
  io.write(string.format("BENCH %%d %%d %%d %%d %%d %%d %%.1f\\n", summary.requests, total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(99), summary.duration / 1e6))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start(module_dir: Path, module: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", f"{module}:app", "--port", str(port), "--log-level", "warning"]
    cmd += ["--no-access-log"]
    proc = subprocess.Popen(cmd, cwd=module_dir, env={**os.environ, **env})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{module} did not start on port {port}")


def wrk(
    port: int, path: str, post: bool, ids: list[int], args: argparse.Namespace, tmp: Path
) -> dict[str, Any]:
    script = tmp / "bench.lua"
    lua = LUA % {"ids": ",".join(map(str, ids or [0])), "post": "true" if post else "false", "path": path}
    script.write_text(lua)
    cmd = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.duration}s"]
    cmd += ["--latency", "-s", str(script), f"http://127.0.0.1:{port}{path}"]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"wrk failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")
    out = run.stdout
    found = re.search(r"BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) ([\d.]+)", out)
    if not found:
        raise SystemExit(f"wrk gave no figures:\n{out}")
    requests, ok, socket_errors, status_errors, p50, p99, seconds = found.groups()
    return {
        "requests": int(requests),
        "ok": int(ok),
        "errors": int(socket_errors) + int(status_errors),
        "rps": int(requests) / float(seconds),
        "p50_ms": int(p50) / 1000,
        "p99_ms": int(p99) / 1000,
    }


def exact_answers(port: int, ids: list[int], connections: int, per_connection: int) -> tuple[int, int]:
    """`connections` keep-alive clients each send `per_connection` answers and read every response (nothing is
    left in flight, unlike wrk's timed run): (answers told saved, other responses)."""
    import http.client
    from concurrent.futures import ThreadPoolExecutor

    def client(k: int) -> tuple[int, int]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        ok = other = 0
        for i in range(per_connection):
            body = json.dumps({"question_id": ids[(k * per_connection + i) % len(ids)], "rating": i % 4 + 1})
            conn.request("POST", "/api/study/answer", body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            data = response.read()
            if response.status == 200 and json.loads(data).get("review_id"):
                ok += 1
            else:
                other += 1
        conn.close()
        return ok, other

    with ThreadPoolExecutor(connections) as pool:
        results = list(pool.map(client, range(connections)))
    return sum(r[0] for r in results), sum(r[1] for r in results)


def reviews_in(db: str) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        count: int = conn.execute("SELECT count(*) FROM review_log").fetchone()[0]
        return count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench/web.py needs wrk: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "bare_app.py").write_text(BARE_APP)
        (tmp / "mldrill_app.py").write_text(MLDRILL_APP)
        db = str(tmp / "store.db")
        subprocess.run([sys.executable, "-m", "mldrill", "--db", db, "init"], check=True, capture_output=True)
        import sqlite3

        with sqlite3.connect(db) as conn:
            ids = [
                r[0] for r in conn.execute("SELECT id FROM questions WHERE retired_at IS NULL ORDER BY id")
            ]
        results: dict[str, dict[str, Any]] = {}
        bare, bare_port = start(tmp, "bare_app", {})
        try:
            results["bare GET /"] = wrk(bare_port, "/", False, [], args, tmp)
        finally:
            bare.terminate()
            bare.wait()
        app, port = start(tmp, "mldrill_app", {"BENCH_DB": db})
        try:
            wrk(port, "/api/study/next", False, [], argparse.Namespace(**{**vars(args), "duration": 2}), tmp)
            results["GET /api/study/next"] = wrk(port, "/api/study/next", False, [], args, tmp)
            results["POST /api/study/answer"] = wrk(port, "/api/study/answer", True, ids, args, tmp)
            before = reviews_in(db)
            told, refused = exact_answers(port, ids, args.connections, 50)
        finally:
            app.terminate()
            app.wait()
        saved = reviews_in(db) - before
    bare_rps = results["bare GET /"]["rps"]
    ok = True
    rows = []
    for name, r in results.items():
        ratio = r["rps"] / bare_rps
        met = name.startswith("bare") or (ratio >= TARGET_RATIO and r["errors"] == 0)
        ok &= met
        rows.append({"endpoint": name, **r, "ratio_to_bare": ratio, "met": met})
    log_ok = saved == told and refused == 0
    ok &= log_ok
    if args.json:
        print(
            json.dumps(
                {"results": rows, "reviews_saved": saved, "reviews_told": told, "refused": refused, "ok": ok},
                indent=2,
            )
        )
    else:
        print(f"{'endpoint':<26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'x bare':>8}  target")
        for r in rows:
            target = "" if r["endpoint"].startswith("bare") else f">= {TARGET_RATIO}x, 0 errors: "
            target += "" if r["endpoint"].startswith("bare") else ("met" if r["met"] else "MISSED")
            print(
                f"{r['endpoint']:<26}{r['rps']:>9.0f}{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}{r['errors']:>8}"
                f"{r['ratio_to_bare']:>8.2f}  {target}"
            )
        verdict = "met" if log_ok else "MISSED"
        print(
            f"review log: {args.connections} clients x 50 answers: {told} told saved, {refused} refused,"
            f" {saved} new reviews in the log ({verdict})"
        )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
