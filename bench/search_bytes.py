#!/usr/bin/env python3
"""What a cold search downloads on a generated archive (10,000 reports unless --reports), per query.

Generates the archive once (`ogi gen --reports 10000 --seed 1`) into a cache folder, builds
the site with the given ogi into a fresh folder, serves it on 127.0.0.1 with a server that
records every request, and opens `search.html?q=…` in headless Chromium with an empty profile
for each query. Prints, per query: the results announced, the requests the page made, and
the bytes of every file it requested (uncompressed: the server sends files as they are), of
which report files (search/text/ or search/doc/). Fails when a query exceeds its budget.

Usage: bench/search_bytes.py [--ogi PATH] [--cache DIR] [--no-budget]
"""
import argparse
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUERIES = [
    ("温泉", "rare"),
    ("公开", ""),
    ("行政复议", ""),
    ("第三方合法权益", ""),
    ("政府信息公开工作年度报告", ""),
    ("街道", ""),
    ("予以公开1件", ""),
    ("2020", ""),
    ("税", "one character"),
    ("7", "one digit"),
    (None, "phone number"),  # the first generated report's phone number
    (None, "rare, one report"),  # its unique project name (ogi gen's marker)
    (None, "rare, one report 2"),  # the same of the 2,000th and 6,000th report files
    (None, "rare, one report 3"),
]
BUDGET = 150 * 1024
RARE_BUDGET = 60 * 1024


class Recorder(http.server.SimpleHTTPRequestHandler):
    log_lock = threading.Lock()
    requests = []

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def copyfile(self, source, outputfile):
        data = source.read()
        with Recorder.log_lock:
            Recorder.requests.append((urllib.parse.unquote(self.path), len(data)))
        outputfile.write(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ogi", default=str(REPO / "target" / "release" / "ogi"))
    ap.add_argument("--cache", default="/dev/shm/ogi-search-bench")
    ap.add_argument("--reports", type=int, default=10000,
                    help="archive size (ogi gen --seed 1); each size has its own cache")
    ap.add_argument("--archive", help="an existing project folder to use instead of a generated one")
    ap.add_argument("--no-budget", action="store_true")
    ap.add_argument("--log", action="store_true", help="print every request of every query")
    args = ap.parse_args()
    ogi = Path(args.ogi).resolve()
    cache = Path(args.cache)
    n = args.reports
    archive = Path(args.archive).resolve() if args.archive else cache / (
        "archive" if n == 10000 else f"archive-{n}")
    content = archive / "content"
    if not (content / "site.yaml").exists():
        if args.archive:
            sys.exit(f"search-bytes: {content} holds no site.yaml")
        shutil.rmtree(archive, ignore_errors=True)
        archive.mkdir(parents=True)
        subprocess.run([ogi, "gen", "--reports", str(n), "--seed", "1", "content"],
                       cwd=archive, check=True)
    found = {}
    files = sorted(content.rglob("*.yaml"))
    for what, i in (("rare, one report 2", 2000), ("rare, one report 3", 6000)):
        m = re.search(r"(?:智慧政务|政务公开|数字政务|阳光政务)[0-9A-Z]+(?:服务平台|平台|系统|专区)",
                      files[min(i, len(files) - 1)].read_text(encoding="utf-8"))
        if m:
            found[what] = m.group(0)
    for f in files:
        text = f.read_text(encoding="utf-8")
        m = re.search(r"^\s*phone:\s*\"?([0-9-]+)", text, re.M)
        if m and len(m.group(1).replace("-", "")) >= 7:
            found.setdefault("phone number", m.group(1))
        m = re.search(r"(?:智慧政务|政务公开|数字政务|阳光政务)[0-9A-Z]+(?:服务平台|平台|系统|专区)", text)
        if m:
            found.setdefault("rare, one report", m.group(0))
        if "phone number" in found and "rare, one report" in found:
            break
    queries = [(q or found.get(what), what) for q, what in QUERIES if q or what in found]
    # The site is built beside the archive: a 100,000-report site (14 GB) is no tmpfs's.
    scratch = archive.parent if args.archive else cache
    scratch.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="search-bytes-", dir=scratch))
    try:
        site = work / "site"
        subprocess.run([ogi, "-q", "build", "--output", site], cwd=archive, check=True)
        handler = lambda *a, **k: Recorder(*a, directory=str(site), **k)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        rows, failed = [], []
        for q, what in queries:
            Recorder.requests = []
            with tempfile.TemporaryDirectory(dir=work) as profile:
                dom = subprocess.run(
                    ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     f"--user-data-dir={profile}", "--virtual-time-budget=30000",
                     "--dump-dom", f"{origin}/search.html?q={urllib.parse.quote(q)}"],
                    capture_output=True, text=True, timeout=300).stdout
            reqs = [r for r in Recorder.requests if not r[0].startswith("/favicon")]
            if args.log:
                print(q, reqs, file=sys.stderr)
            total = sum(n for _, n in reqs)
            texts = sum(n for p, n in reqs if "/search/text/" in p or "/search/doc/" in p)
            status = re.search(r'id="search-status"[^>]*>([^<]*)<', dom)
            status = status.group(1) if status else "?"
            done = 'data-search-done="1"' in dom
            shown = dom.count('class="search-result"')
            rows.append((q, what, status, shown, len(reqs), total, texts, done))
            # Issue 16's budget for a national archive: 300 KB per cold query.
            limit = RARE_BUDGET if what.startswith("rare") else BUDGET
            limit = limit if n <= 10000 else max(limit, 300 * 1024)
            if not done or total > limit:
                failed.append(f"{q}: {total} bytes (budget {limit}){'' if done else ', not finished'}")
        server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"search download per cold query, {n:,} reports ({ogi}):")
    print(f"| query | status | shown | requests | KB | of which report files KB |")
    print(f"|---|---|---:|---:|---:|---:|")
    for q, what, status, shown, requests, total, texts, done in rows:
        label = f"{q} ({what})" if what else q
        print(f"| {label} | {status} | {shown} | {requests} | {total / 1024:.1f} | {texts / 1024:.1f} |")
    most = max(r[5] for r in rows)
    print(f"search on {n:,} reports: at most {most} bytes ({most / 1024:.1f} KB) per page load and cold query")
    if failed and not args.no_budget:
        print("over budget: " + "; ".join(failed), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
