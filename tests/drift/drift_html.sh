#!/bin/bash
# accord report --html in headless Chromium: a state database with two
# weeks of daily checks (drift_seed) and real checks against the server,
# the newest with drift of both origins and a full name carrying HTML
# markup set out of band; the page's table rows, the plot's points and
# axis labels are in Chromium's DOM, no markup from the server or the
# store became an element, and a screenshot is kept:
# $DRIFT_OUT/drift-report.png (1280x900) and drift-report-full.png.
. "$(dirname "$0")/../integration/lib.sh"
: "${DRIFT_SEED:?}" "${DRIFT_OUT:?}"
command -v chromium >/dev/null || { echo "SKIP: chromium is not installed (tests/packages-drift.txt)"; exit 77; }
export DR_PW1='Drift-Test-51x'
page=$DRIFT_OUT/drift-report.html

"$DRIFT_SEED" "$state" "$ACCORD_TEST_SERVER" 14 || fail "drift_seed"

# drh1 and drh2 exist, apart from the file; apply brings them in line
for u in drh1 drh2; do net_rpc user add "$u" 'Drift-Base-50w' >/dev/null 2>&1 || true; done
printf '%s\n' 'user edit fullname drh1 "Base Line"' 'user edit fullname drh2 "Base Line"' \
	'user edit disabled drh1 yes' 'user edit disabled drh2 yes' | net_rpc shell >/dev/null ||
	fail "baseline: net rpc shell"
cat >"$tmp/a.yaml" <<'YAML'
version: 1
policy:
  unmanaged: ignore
users:
  - name: drh1
    full_name: Harriet Report
    disabled: false
  - name: drh2
    full_name: Henry Report
    disabled: false
YAML
rc=0
accord apply -f "$tmp/a.yaml" --auto-approve >"$tmp/apply.out" 2>&1 || rc=$?
if [[ $rc != 0 ]] && grep -q "keeps no per-account ACE" "$tmp/apply.out"; then
	echo "SKIP: apply cannot enable an account on this server (netapi)"; exit 77
fi
[[ $rc == 0 ]] || { cat "$tmp/apply.out" >&2; fail "apply exited $rc"; }
rc=0; accord drift -f "$tmp/a.yaml" >"$tmp/d0.out" 2>&1 || rc=$?
[[ $rc == 0 ]] || { cat "$tmp/apply.out" "$tmp/d0.out" >&2; fail "drift after apply exited $rc"; }

# out of band, a full name with markup and a disable; the file then also
# wants what accord never applied: a description and a third account
printf '%s\n' 'user edit fullname drh1 "<b>Mallory</b> & <img src=x onerror=alert(1)>"' \
	'user edit disabled drh2 yes' | net_rpc shell >/dev/null || fail "out of band: net rpc shell"
sed 's/^    full_name: Henry Report$/&\n    description: reports to Harriet/' "$tmp/a.yaml" >"$tmp/b.yaml"
printf '  - name: drh3\n    full_name: Hugo Missing\n    password: {env: DR_PW1}\n' >>"$tmp/b.yaml"
rc=0
accord --format json drift -f "$tmp/b.yaml" >"$tmp/drift.json" || rc=$?
expect_eq "drift exit" "$rc" 2
expect_eq "drift fields" "$(json_get "$tmp/drift.json" counts.fields)" 4
accord -s 127.0.0.9 drift -f "$tmp/b.yaml" >/dev/null 2>&1 && fail "unreachable drift succeeded"
accord --format json drift -f "$tmp/b.yaml" >/dev/null 2>&1 || true  # the newest: drift again
pass "history: 14 seeded days, 4 real checks"

accord report --html "$page" || fail "report exited $?"
[[ -s $page ]] || fail "no page"
# self-contained: no script, no external reference
grep -Eiq '<script|<link|src="|href="|url\(' "$page" && fail "the page references something: $(grep -Eio '<script|<link|src="|href="|url\(' "$page" | head -n3)"

chrome() {
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --hide-scrollbars \
		--user-data-dir="$tmp/chrome" "$@" 2>>"$tmp/chrome.log"
}
chrome --dump-dom "file://$page" >"$tmp/dom.html" || fail "chromium --dump-dom: $(tail -n3 "$tmp/chrome.log")"
python3 - "$tmp/dom.html" <<'PY' || fail "the page's DOM"
import sys
from html.parser import HTMLParser

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.live, self.points, self.labels = [], [], 0, []
        self.cur = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "td" and a.get("class") == "live":
            self.cur = "live"
        if tag == "g" and (a.get("class") or "").startswith("pt "):
            self.points += 1
        if tag == "text" and a.get("class") == "label":
            self.cur = "label"
    def handle_data(self, d):
        if self.cur == "live":
            self.live.append(d)
        elif self.cur == "label":
            self.labels.append(d)
        self.cur = None if self.cur and d.strip() else self.cur

p = Page()
p.feed(open(sys.argv[1], encoding="utf-8").read())
assert "svg" in p.tags and "table" in p.tags, "no plot or table"
assert p.points == 18, f"{p.points} plot points, want 18 (14 seeded + 4 checks)"
assert p.labels == ["time (local)", "drifted accounts"], p.labels
assert "script" not in p.tags and "img" not in p.tags and "b" not in p.tags, \
    [t for t in p.tags if t in ("script", "img", "b")]
assert len(p.live) == 4, f"{len(p.live)} drifted rows, want 4: {p.live}"
assert "<b>Mallory</b> & <img src=x onerror=alert(1)>" in p.live, p.live
print("dom ok:", p.points, "points,", len(p.live), "rows")
PY
grep -q 'changed outside accord' "$tmp/dom.html" && grep -q 'never applied' "$tmp/dom.html" ||
	fail "the table lacks an origin"
pass "Chromium's DOM: 4 drifted rows, 18 plot points, axis labels, no injected element"

chrome --screenshot="$DRIFT_OUT/drift-report.png" --window-size=1280,900 "file://$page" >/dev/null ||
	fail "chromium --screenshot"
chrome --screenshot="$DRIFT_OUT/drift-report-full.png" --window-size=1280,2200 "file://$page" >/dev/null ||
	fail "chromium --screenshot (full)"
[[ $(head -c 8 "$DRIFT_OUT/drift-report.png" | od -An -tx1 | tr -d ' ') == 89504e470d0a1a0a ]] ||
	fail "the screenshot is not a PNG"
pass "screenshots: $DRIFT_OUT/drift-report.png ($(stat -c %s "$DRIFT_OUT/drift-report.png") bytes), drift-report-full.png"
