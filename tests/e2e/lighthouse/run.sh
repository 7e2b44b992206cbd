#!/usr/bin/env bash
# Lighthouse (mobile, the default form factor) on the report page and the search page of
# the readers' fixture archive (tests/e2e/fixtures/readers), in both built-in themes, with
# Debian's Chromium. Prints one line per page with the scores of performance,
# accessibility and best practices; docs/lighthouse.md records a run.
#
#   npm ci --prefix tests/e2e/lighthouse && bash tests/e2e/lighthouse/run.sh
#
# Needs /usr/bin/chromium and python3 (for a plain static server on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=tests/e2e/lighthouse
lighthouse="$here/node_modules/.bin/lighthouse"
[ -x "$lighthouse" ] || { echo "run: npm ci --prefix $here" >&2; exit 2; }
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

cargo build -q --release -p ogi
work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
for theme in official contrast; do
  project="$work/$theme"
  mkdir -p "$project"
  cp -r tests/e2e/fixtures/readers "$project/content"
  (cd "$project" && "$OLDPWD/target/release/ogi" build -q --theme "$theme" --base-url "/$theme/site/" >/dev/null 2>&1 || true)
  [ -f "$project/site/index.html" ] || { echo "the $theme build failed" >&2; exit 1; }
done

python3 -m http.server --bind 127.0.0.1 --directory "$work" "$port" >/dev/null 2>&1 &
server=$!
sleep 1

for theme in official contrast; do
  for page in "reports/fujian/fuzhou/gulou/zhengfu/2021/" "search.html?q=%E8%A1%97%E9%81%93"; do
    url="http://127.0.0.1:$port/$theme/site/$page"
    out="$work/lh.json"
    rm -f "$out"
    "$lighthouse" "$url" --quiet --output=json --output-path="$out" \
      --only-categories=performance,accessibility,best-practices \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" >"$work/lh.log" 2>&1 || { tail -5 "$work/lh.log" >&2; }
    [ -s "$out" ] || { echo "$theme $page: no report" >&2; continue; }
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const s = (k) => Math.round(r.categories[k].score * 100);
      console.log(`${process.argv[2]}\t${process.argv[3]}\tperformance ${s("performance")}\taccessibility ${s("accessibility")}\tbest-practices ${s("best-practices")}\t(${r.configSettings.formFactor}, lighthouse ${r.lighthouseVersion})`);
    ' "$out" "$theme" "$page"
  done
done
