#!/bin/sh
# export and exporter (src/cmd-export.c): the earnings CSV checked line by
# line (exact amounts, USD at each day's price from the history store), the
# Prometheus text checked by a parser written from the text-format spec
# (and by promtool when Debian's prometheus package is installed), hostile
# price replies, and the exporter serving /metrics to curl while a slow
# client holds a connection.
. "$srcdir/tests/cli/lib.sh"
# copies: others rebuilding the tree while this runs do not pull them away
cp "$top_builddir/tests/unit/test-store" "$T/test-store" && cp "$DEPINCTL" "$T/depinctl" || exit 1
HELPER=$T/test-store
DEPINCTL=$T/depinctl
FIX=$srcdir/tests/fixtures/prices

# The text format 0.0.4, as the exposition-format spec words it: every line a
# HELP, a TYPE, a comment or a sample; names and label names by their
# grammars; label values escaped (\\, \", \n only) and valid UTF-8; values
# Go floats (NaN, +Inf, -Inf); at most one HELP and one TYPE per family, both
# before its first sample; a family's samples together; no series twice.
cat >"$T/promcheck.py" <<'PY'
import re, sys
NAME = re.compile(r'[a-zA-Z_:][a-zA-Z0-9_:]*')
LNAME = re.compile(r'[a-zA-Z_][a-zA-Z0-9_]*')
FLOAT = re.compile(r'^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|Inf|inf|NaN)$')
TYPES = {'counter', 'gauge', 'histogram', 'summary', 'untyped'}
def fail(n, msg):
    print('# line %d: %s' % (n, msg)); sys.exit(1)
data = sys.stdin.buffer.read()
try:
    text = data.decode('utf-8')
except UnicodeDecodeError as x:
    print('# not UTF-8: %s' % x); sys.exit(1)
if text and not text.endswith('\n'):
    fail(0, 'the last line has no line feed')
helps, types, done, seen = set(), {}, set(), set()
current = None
samples = 0
for n, line in enumerate(text.split('\n')[:-1], 1):
    if line == '':
        continue
    if line.startswith('#'):
        parts = line.split(None, 3)
        if len(parts) >= 3 and parts[1] in ('HELP', 'TYPE'):
            name = parts[2]
            if not NAME.fullmatch(name): fail(n, 'bad metric name %r' % name)
            if name in done: fail(n, '%s described after its samples' % name)
            if parts[1] == 'HELP':
                if name in helps: fail(n, 'second HELP for ' + name)
                helps.add(name)
                doc = parts[3] if len(parts) > 3 else ''
                if '\\' in re.sub(r'\\[\\n]', '', doc): fail(n, 'bad escape in HELP')
            else:
                if name in types: fail(n, 'second TYPE for ' + name)
                if len(parts) < 4 or parts[3] not in TYPES: fail(n, 'bad TYPE')
                types[name] = parts[3]
        continue
    m = NAME.match(line)
    if not m: fail(n, 'not a sample: %r' % line)
    name, i = m.group(0), m.end()
    labels = []
    if i < len(line) and line[i] == '{':
        i += 1
        while True:
            if line[i] == '}':
                i += 1; break
            lm = LNAME.match(line, i)
            if not lm: fail(n, 'bad label name')
            lname = lm.group(0)
            if lname.startswith('__'): fail(n, 'reserved label name ' + lname)
            i = lm.end()
            if line[i:i+2] != '="': fail(n, 'label %s: no ="' % lname)
            i += 2
            val = []
            while True:
                if i >= len(line): fail(n, 'unterminated label value')
                c = line[i]
                if c == '\\':
                    e = line[i+1:i+2]
                    if e not in ('\\', '"', 'n'): fail(n, 'bad escape \\%s' % e)
                    val.append({'\\': '\\', '"': '"', 'n': '\n'}[e]); i += 2
                elif c == '"':
                    i += 1; break
                else:
                    val.append(c); i += 1
            if lname in [l[0] for l in labels]: fail(n, 'label %s twice' % lname)
            labels.append((lname, ''.join(val)))
            if line[i] == ',':
                i += 1
            elif line[i] != '}':
                fail(n, 'no , or } after a label')
    rest = line[i:]
    if not rest.startswith(' '): fail(n, 'no space before the value')
    fields = rest.split()
    if len(fields) not in (1, 2) or not FLOAT.match(fields[0]): fail(n, 'bad value %r' % rest)
    if len(fields) == 2 and not re.fullmatch(r'-?\d+', fields[1]): fail(n, 'bad timestamp')
    family = name
    if types.get(name) is None:
        for suf in ('_bucket', '_sum', '_count'):
            if name.endswith(suf) and types.get(name[:-len(suf)]) in ('histogram', 'summary'):
                family = name[:-len(suf)]
    if family != current:
        if current is not None: done.add(current)
        if family in done: fail(n, '%s: samples not together' % family)
        current = family
    if family not in types: fail(n, '%s: no TYPE before its samples' % family)
    key = (name, tuple(sorted(labels)))
    if key in seen: fail(n, 'series twice: %s' % line)
    seen.add(key)
    samples += 1
print('# %d samples in %d families' % (samples, len(types)))
PY
promcheck() { # promcheck FILE NAME
	python3 "$T/promcheck.py" <"$1"
	ok $? "$2: valid text format (the spec's grammar)"
	if command -v promtool >/dev/null 2>&1; then
		# exit 1: not the format; 3: naming lint. The lint may only name
		# families of the adapters' own figure keys (depinctl_network_KEY,
		# named as the adapters name them), never depinctl's own families.
		promtool check metrics <"$1" >"$T/promtool.out" 2>&1
		s=$?
		[ -s "$T/promtool.out" ] && sed 's/^/#   promtool: /' "$T/promtool.out"
		if [ $s -eq 3 ] && ! grep -v -E '^depinctl_network_[a-zA-Z0-9_]+ ' "$T/promtool.out" | grep -q . &&
			! grep -q -E '^depinctl_network_(up|last_success_timestamp_seconds|devices) ' "$T/promtool.out"; then
			s=0
		fi
		ok $s "$2: promtool check metrics"
	else
		echo "# promtool not installed (Debian: prometheus): the spec parser only"
	fi
}

# ---- usage errors ------------------------------------------------------------
run export
expect_rc 2 "export needs --format"
contains "$err" "--format" "and says so"
run export --format xml
expect_rc 2 "an unknown format"
contains "$err" "'xml'" "naming it"
run export --format csv --since 2026-13-01
expect_rc 2 "a bad --since"
contains "$err" "2026-13-01" "naming it"
run export --format csv --since 2026-02-30
expect_rc 2 "a day that does not exist"
run export --format prometheus --since 2026-01-01
expect_rc 2 "--since is for csv"
run exporter
expect_rc 2 "exporter needs --listen"
run exporter --listen nowhere
expect_rc 2 "--listen without a port"
run --network nosuchnet export --format prometheus
expect_rc 2 "an unknown network"

# ---- Prometheus text of hostile names ---------------------------------------
"$HELPER" prom >"$T/hostile.prom"
ok $? "rendered a fleet with hostile names"
promcheck "$T/hostile.prom" "hostile names"
grep -qF 'depinctl_device_info{network="helium",device="hs\"1\\",name="Line\nBreak \"quoted\" back\\slash ?? café"' "$T/hostile.prom"
ok $? "label values escaped, bytes that are not UTF-8 replaced"
[ "$(grep -c '^depinctl_device_up{network="helium",device="hs-2"}' "$T/hostile.prom")" -eq 1 ]
ok $? "a device listed twice is one series"
grep -q '^depinctl_network_devices_active{network="weatherxm",unit="devices"} 5120$' "$T/hostile.prom" &&
	[ "$(grep -c '^# TYPE depinctl_network_devices_active gauge$' "$T/hostile.prom")" -eq 1 ] &&
	[ "$(grep -c '^depinctl_network_devices_active{network="weatherxm"' "$T/hostile.prom")" -eq 1 ]
ok $? "a key two networks share is one family, a key given twice one series"
grep -q '^depinctl_network_burn_24h__WXM_{network="weatherxm",unit="WXM"} 12.5$' "$T/hostile.prom"
ok $? "a key that is no name made one"
grep -q '^# HELP depinctl_network_burn_24h__WXM_ Burned\\nto\\\\day' "$T/hostile.prom"
ok $? "HELP escaped"
grep -q '^depinctl_device_pending{network="helium",device="hs\\"1\\\\",token="IOT"} 1234.567891$' "$T/hostile.prom"
ok $? "amounts exact"
grep -q '^depinctl_device_earned_24h{network="helium",device="hs\\"1\\\\",token="HNT"} 0.00000123$' "$T/hostile.prom"
ok $? "earned in 24 h: the days ending in the last 24 hours"
grep -q '^depinctl_network_up{network="dimo"} 0$' "$T/hostile.prom"
ok $? "a failed network is down"

# ---- prices from the fixture server ----------------------------------------------
node "$srcdir/tests/fixtures/server.js" --exit-on-stdin-close "$FIX" >"$T/server.out" 2>"$T/server.err" </dev/zero &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; [ -n "${EXPORTER-}" ] && kill $EXPORTER 2>/dev/null; rm -rf "$T"' EXIT
PORT=$(first_line_port "$T/server.out")
[ -n "$PORT" ]
ok $? "the fixture server is up ($PORT)"
API=http://127.0.0.1:$PORT/api.coingecko.com/api/v3
conf() { printf '[prices]\napi = %s\n%b' "$1" "${2-}" >"$DEPINCTL_CONFIG"; }

conf "$API"
run --network prices export --format prometheus
expect_rc 0 "export --format prometheus (prices)"
printf '%s\n' "$out" >"$T/prices.prom"
promcheck "$T/prices.prom" "prices"
contains "$out" 'depinctl_token_price_usd{token="HNT"} 3.42' "HNT at 3.42 USD"
contains "$out" 'depinctl_token_price_usd{token="IOT"} 0.001035' "IOT at 0.001035 USD"
contains "$out" 'depinctl_token_price_timestamp_seconds{token="SOL"} 1767470395' "when SOL's price was true"
contains "$out" 'depinctl_network_up{network="prices"} 1' "the prices are up"
case $out in *'token="GLW"'*) ok 1 "a token the reply lacks is left out" ;; *) ok 0 "a token the reply lacks is left out" ;; esac

conf "$API" "api-key = revoked-key\n"
run --network prices export --format prometheus
expect_rc 4 "a refused API key fails as a network error"
contains "$err" "401" "with the HTTP status"
contains "$err" "API Key Missing or invalid" "and what the server said"
contains "$out" 'depinctl_network_up{network="prices"} 0' "the figures say the prices are down"
printf '%s\n' "$out" >"$T/down.prom"
promcheck "$T/down.prom" "a failed refresh"

conf "http://127.0.0.1:$PORT/broken.coingecko.test/api/v3"
run --network prices export --format prometheus
expect_rc 4 "a price as a string is refused"
contains "$err" "the usd price of 'helium' is not a price" "saying which"
conf "http://127.0.0.1:$PORT/hostile.coingecko.test/api/v3"
run --network prices export --format prometheus
expect_rc 4 "a negative price is refused"
conf "http://127.0.0.1:$PORT/list.coingecko.test/api/v3"
run --network prices export --format prometheus
expect_rc 4 "a reply of another shape is refused"
contains "$err" "not a JSON object" "saying so"

conf "$API"
run --network prices export --format prometheus --output "$T/prices-file.prom"
expect_rc 0 "export --format prometheus --output FILE"
grep -q '^depinctl_token_price_usd{token="HNT"} 3.42$' "$T/prices-file.prom" && [ "$(stat -c %a "$T/prices-file.prom")" = 644 ]
ok $? "written whole, 0644 for node_exporter's textfile collector"

# ---- the CSV ------------------------------------------------------------------------
mkdir -p "$DEPINCTL_HOME"
"$HELPER" fill "$DEPINCTL_HOME/history.db"
ok $? "three days of earnings in the store"
run export --format csv
expect_rc 0 "export --format csv before any price"
contains "$out" "2026-01-01,helium,hs-1,\"Funny, \"\"Purple\"\" Fox\",HNT,0.12345678,," "no USD without a price"
# prices of those days: market_chart (history = 3) through a refresh, which records them
conf "$API" "history = 3\n"
run --network prices export --format prometheus
expect_rc 0 "a refresh with three days of prices (SOL's chart rate-limited)"
contains "$out" 'depinctl_token_price_usd{token="SOL"} 187.31' "SOL keeps its current price"
run export --format csv
expect_rc 0 "export --format csv"
printf '%s\n' "$out" | tr -d '\r' >"$T/got.csv"
cat >"$T/want.csv" <<'CSV'
date,network,device,name,token,amount,usd_price,usd
2026-01-01,helium,hs-1,"Funny, ""Purple"" Fox",HNT,0.12345678,3.1,0.382716
2026-01-01,helium,hs-1,"Funny, ""Purple"" Fox",IOT,1234.567891,0.00101,1.246914
2026-01-02,helium,hs-1,"Funny, ""Purple"" Fox",HNT,1.5,3.2,4.800000
2026-01-02,weatherxm,ws-1,'=cmd|' /C calc'!A0,WXM,12.5,0.55,6.875000
2026-01-03,glow,farm-7,Farm 7,GLW,123456.789012345678901234,,
2026-01-03,helium,hs-1,"Funny, ""Purple"" Fox",HNT,0.00000001,3.42,0.000000
CSV
n=0
while IFS= read -r want; do
	n=$((n + 1))
	got=$(sed -n "${n}p" "$T/got.csv")
	[ "$got" = "$want" ]
	s=$?
	[ $s -ne 0 ] && printf '#   got:  %s\n#   want: %s\n' "$got" "$want"
	ok $s "CSV line $n"
done <"$T/want.csv"
[ "$(wc -l <"$T/got.csv")" -eq "$(wc -l <"$T/want.csv")" ]
ok $? "no more lines"
[ "$(printf '%s' "$out" | head -n 1 | od -An -c | tr -d ' \n' | tail -c 4)" = '\r\n' ] || printf '%s' "$out" | head -n 1 | grep -q "$(printf '\r')"
ok $? "lines end in CRLF (RFC 4180)"

run export --format csv --since 2026-01-02
expect_rc 0 "--since"
[ "$(printf '%s\n' "$out" | grep -c '^2026-01-01')" -eq 0 ] && [ "$(printf '%s\n' "$out" | grep -c '^2026-01-0[23]')" -eq 4 ]
ok $? "only the days from then on"
run export --format csv --since 2027-01-01
expect_rc 0 "--since after everything"
contains "$err" "no earnings recorded since that day" "says there is nothing"

run export --format csv --output "$T/earnings.csv"
expect_rc 0 "--output FILE"
tr -d '\r' <"$T/earnings.csv" | cmp -s - "$T/got.csv"
ok $? "the file holds the same CSV"
[ "$(stat -c %a "$T/earnings.csv")" = 600 ]
ok $? "written 0600"
ls "$T" | grep -q 'earnings.csv.' && s=1 || s=0
ok $s "no temporary file left beside it"
run --json export --format csv --output "$T/earnings.csv"
expect_rc 0 "--json with --output"
[ "$(json_get "$out" rows)" = 6 ] && [ "$(json_get "$out" priced)" = 5 ]
ok $? "reports the rows and how many have USD"
run export --format csv --output "$T/no/such/dir/x.csv"
expect_rc 1 "an output folder that does not exist"

# ---- the exporter ------------------------------------------------------------------
conf "$API" "interval = 10\n"
"$DEPINCTL" --network prices exporter --listen 127.0.0.1:0 >"$T/exporter.out" 2>"$T/exporter.err" &
EXPORTER=$!
i=0
while ! grep -q "serving" "$T/exporter.out" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(sed -n 's/.*serving \(http[^ ]*\).*/\1/p' "$T/exporter.out")
[ -n "$URL" ]
ok $? "the exporter listens ($URL)"
BASE=${URL%/metrics}
# a slow client: connects, sends half a request and holds on
python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /metr")
time.sleep(8)
' "${BASE##*:}" &
SLOW=$!
sleep 0.3
# the first refresh lands quickly; ask until the prices are in
i=0
while [ $i -lt 50 ]; do
	curl -s -m 5 -o "$T/metrics.prom" -w '%{http_code} %{content_type}' "$URL" >"$T/curl.out" 2>/dev/null
	grep -q 'depinctl_token_price_usd{token="HNT"}' "$T/metrics.prom" 2>/dev/null && break
	sleep 0.2
	i=$((i + 1))
done
kill -0 $SLOW 2>/dev/null
ok $? "(the slow client still holds its connection)"
contains "$(cat "$T/curl.out")" "200 text/plain; version=0.0.4" "GET /metrics: 200 in the text format's content type, beside a slow client"
grep -q '^depinctl_token_price_usd{token="HNT"} 3.42$' "$T/metrics.prom"
ok $? "serves the prices"
promcheck "$T/metrics.prom" "/metrics"
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$BASE/")
[ "$code" = 404 ]
ok $? "GET / is 404"
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$BASE/metricsx")
[ "$code" = 404 ]
ok $? "GET /metricsx is 404"
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -X POST "$BASE/metrics")
[ "$code" = 405 ]
ok $? "POST is refused (405)"
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$URL?x=1")
[ "$code" = 200 ]
ok $? "a query string is ignored"
kill $SLOW 2>/dev/null
wait $SLOW 2>/dev/null
kill -TERM $EXPORTER
i=0
while kill -0 $EXPORTER 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
wait $EXPORTER
s=$?
EXPORTER=
[ $s -eq 0 ]
ok $? "SIGTERM stops the exporter cleanly"
# past days' prices are fetched once a day, not on every refresh
curl -s -m 5 -X POST "http://127.0.0.1:$PORT/__reset" >/dev/null
conf "$API" "interval = 10\nhistory = 3\n"
"$DEPINCTL" --network prices exporter --listen 127.0.0.1:0 >"$T/exporter.out" 2>"$T/exporter.err" &
EXPORTER=$!
i=0
while [ $i -lt 300 ]; do
	curl -s -m 5 "http://127.0.0.1:$PORT/__log" >"$T/log.json" 2>/dev/null
	[ "$(grep -o 'simple/price' "$T/log.json" | wc -l)" -ge 2 ] && break
	sleep 0.1
	i=$((i + 1))
done
[ "$(grep -o 'simple/price' "$T/log.json" | wc -l)" -ge 2 ]
ok $? "the exporter refreshed the prices twice (interval = 10)"
charts=$(grep -o 'market_chart' "$T/log.json" | wc -l)
first=$(python3 -c '
import json, sys
log = json.load(open(sys.argv[1]))
simple = [i for i, x in enumerate(log) if "simple/price" in x["path"]]
print(sum(1 for x in log[simple[1]:] if "market_chart" in x["path"]) if len(simple) > 1 else -1)' "$T/log.json")
echo "# $charts chart requests (429s retried), $first after the second refresh began"
[ "$charts" -ge 5 ] && [ "$first" -eq 0 ]
ok $? "the past days were fetched on the first refresh only"
kill -TERM $EXPORTER
wait $EXPORTER
EXPORTER=

# restarted with the API down, it serves the last figures from the store, marked down
conf "http://127.0.0.1:1/api.coingecko.com/api/v3" "interval = 10\n"
"$DEPINCTL" --network prices exporter --listen 127.0.0.1:0 >"$T/exporter.out" 2>"$T/exporter.err" &
EXPORTER=$!
i=0
while ! grep -q "serving" "$T/exporter.out" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(sed -n 's/.*serving \(http[^ ]*\).*/\1/p' "$T/exporter.out")
i=0
while [ $i -lt 50 ]; do
	curl -s -m 5 -o "$T/stale.prom" "$URL" 2>/dev/null
	grep -q 'depinctl_network_up{network="prices"} 0' "$T/stale.prom" && grep -q 'HNT' "$T/stale.prom" && break
	sleep 0.2
	i=$((i + 1))
done
grep -q '^depinctl_token_price_usd{token="HNT"} 3.42$' "$T/stale.prom"
ok $? "after a restart with the API down: the last known prices from the store"
grep -q '^depinctl_network_up{network="prices"} 0$' "$T/stale.prom"
ok $? "marked down"
grep -q '^depinctl_network_last_success_timestamp_seconds{network="prices"} [0-9]' "$T/stale.prom"
ok $? "with the time they were fetched"
kill -TERM $EXPORTER
wait $EXPORTER
EXPORTER=

# ---- the demo fleet ------------------------------------------------------------------
run export --demo --format prometheus
expect_rc 0 "export --demo --format prometheus"
printf '%s\n' "$out" >"$T/demo.prom"
promcheck "$T/demo.prom" "the demo fleet"
contains "$out" 'depinctl_token_price_usd{token="HNT"}' "with the demo's prices"
run export --demo --format csv
expect_rc 0 "export --demo --format csv"
contains "$out" "date,network,device,name,token,amount,usd_price,usd" "a CSV of the demo fleet"

done_testing
