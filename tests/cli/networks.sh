# The network commands' frame (src/cmd-net.c): networks, devices, rewards,
# metrics, claim, stake — their usage errors, the adapters' config sections,
# and the registry's rows (every adapter names its chain, token, what it
# supports and where each figure comes from, or what is missing).
. "$srcdir/tests/cli/lib.sh"

run networks
expect_rc 0 "networks lists the registry"
run --json networks
expect_rc 0 "networks --json"
n=$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["networks"]))')
echo "# $n networks registered"
printf '%s' "$out" | python3 -c '
import json, sys
bad = []
for a in json.load(sys.stdin)["networks"]:
    caps = a["capabilities"]
    if not a["name"] or not a["title"] or not a["token"]:
        bad.append(a["name"] + ": no name, title or token")
    if set(caps) != {"devices", "status", "location", "earnings", "pending", "claim", "stake", "metrics"}:
        bad.append(a["name"] + ": capabilities are not the eight")
    if all(v is None for v in caps.values()) and not a["missing"]:
        bad.append(a["name"] + ": supports nothing and says not why")
    if any(v is None for v in caps.values()) and not a["missing"]:
        bad.append(a["name"] + ": lacks something and says not what")
for b in bad:
    print("#   " + b)
sys.exit(1 if bad else 0)'
ok $? "every network names what it supports with a source, and what is missing with a reason"

run devices --network nosuchnet
expect_rc 2 "an unknown network is a usage error"
contains "$err" "unknown network 'nosuchnet'" "naming it"
run networks nosuchnet
expect_rc 2 "networks NET of an unknown one too"
run claim --all
expect_rc 2 "claim needs --network"
contains "$err" "--network" "and says so"
run claim --network helium --all --claim-file x
expect_rc 2 "--claim-file for a network that takes none is refused"
contains "$err" "helium takes none" "saying so"
run stake
expect_rc 2 "stake needs --network"
run metrics --bogus
expect_rc 2 "an unknown option"

printf '[balances]\nchains = arbitrum\n[prices]\napi = https://prices.example\n' >"$DEPINCTL_CONFIG"
run networks
expect_rc 0 "the [balances] and [prices] sections are accepted"
printf '[balances]\nbogus = 1\n' >"$DEPINCTL_CONFIG"
run networks
expect_rc 2 "an unknown key in [balances] is refused"
contains "$err" "unknown setting 'bogus' in [balances]" "naming it"
printf '[nosuchnet]\nwallets = x\n' >"$DEPINCTL_CONFIG"
run devices
expect_rc 2 "a config section that names no network is refused"
contains "$err" "unknown section [nosuchnet]" "naming the section"
rm -f "$DEPINCTL_CONFIG"

python3 -c "print('[depinctl]\\nnetwork = ' + 'x' * 300)" >"$DEPINCTL_CONFIG"
run networks
expect_rc 2 "a config line too long for the INI reader is refused"
contains "$err" "line 2: longer than" "naming the line"
rm -f "$DEPINCTL_CONFIG"

DEPINCTL_DEMO="$T/nodemo" run devices --demo
expect_rc 3 "a missing demo fleet is not found"
contains "$err" "$T/nodemo" "naming the folder"

done_testing
