#!/usr/bin/env bash
# NSI-MIB through snmpd + dtsubagent against a native snmpd table, in one run (issue 6).
# One private snmpd (loopback UDP, AgentX master on a Unix socket in a temp dir) serves
#  - the NSI subtree (1.3.6.1.4.1.2592.3) from the release dtsubagent, fed by a stats port
#    replaying a recorded .sts with CONNECTIONS connection rows (examples/sts_replay.rs);
#  - natively, HOST-RESOURCES-MIB (1.3.6.1.2.1.25, snmpd's own host module, the recipes'
#    anchor), made about as large as the NSI walk by holding ~2,500 sleeping processes
#    during the run (hrSWRunTable + hrSWRunPerfTable: 9 objects a process). No extend/pass.
#    Not used: a big VACM view table (every access check scans the view list, so it slows
#    the NSI walk too) and tcpConnTable (an O(n) iterator: ~1.2k obj/s at 27k objects).
# Reference: the same HOST-RESOURCES subtree served through AgentX by Net-SNMP's own
# sub-agent (`snmpd -X`) to a second private master that does not load the host modules,
# so the report can tell the master's AgentX path from dtsubagent's own cost.
# snmpbulkwalk -v2c, best of RUNS, at -Cr10 (net-snmp's default) and -Cr50.
# Goals: NSI at least 50% of the native rate; dtsubagent RSS (VmHWM) under 15 MB;
# trap latency p99 under 200 ms: EVENTS "mirror started" lines appended to the engine
# log (examples/dtl_events.rs, one every 20 ms) → dtsubagent (--log-dir) → AgentX Notify
# → snmpd trap2sink → a private snmptrapd, whose output lines are time-stamped on arrival.
# Usage: bench/snmp.sh [CONNECTIONS, default 1000] [RUNS, default 5] [EVENTS, default 300]
# (PROCESSES=N overrides the number of extra processes.)
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-1000}
runs=${2:-5}
events=${3:-300}
target=${CARGO_TARGET_DIR:-target}

cargo build --release -q -p dtsubagent --bin dtsubagent --example sts_replay --example dtl_events

work=$(mktemp -d)
pids=()
cleanup() {
    # snmptrapd runs in a pipeline: its own pid file names it.
    if [ -s "$work/snmptrapd.pid" ]; then kill "$(cat "$work/snmptrapd.pid")" 2>/dev/null || true; fi
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

export MIBS="" SNMP_PERSISTENT_DIR="$work/persist"
mkdir -p "$SNMP_PERSISTENT_DIR"
port=$(python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
agent="udp:127.0.0.1:$port"
port2=$(python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
agent2="udp:127.0.0.1:$port2"
trap_port=$(python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/log" "$work/state"
echo "disableAuthorization yes" >"$work/snmptrapd.conf"
# every output line of snmptrapd, prefixed with its arrival time in Unix nanoseconds
stdbuf -oL snmptrapd -f -Lo -On -C -c "$work/snmptrapd.conf" -p "$work/snmptrapd.pid" \
    "udp:127.0.0.1:$trap_port" 2>&1 |
    python3 -u -c 'import sys, time
for line in sys.stdin:
    print(time.time_ns(), line, end="")' >"$work/snmptrapd.out" &
pids+=($!)
nsi=1.3.6.1.4.1.2592.3
native=1.3.6.1.2.1.25
# 27 readable columns a connection row; ~4,500 HOST-RESOURCES objects on an idle host
# plus 9 a process.
processes=${PROCESSES:-$(((connections * 27 - 4500) / 9))}
if [ "$processes" -lt 0 ]; then processes=0; fi

# Sleeping processes, started before snmpd so that its first hrSWRun load sees them;
# SIGTERM stops them all.
python3 -c '
import signal, subprocess, sys
children = [subprocess.Popen(["sleep", "3600"]) for _ in range(int(sys.argv[1]))]
def stop(*_):
    for c in children:
        c.kill()
    for c in children:
        c.wait()
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
print("ready", flush=True)
signal.pause()
' "$processes" >"$work/processes.ready" &
pids+=($!)

{
    echo "agentaddress $agent"
    echo "master agentx"
    echo "agentXSocket unix:$work/agentx.sock"
    echo "rocommunity public 127.0.0.1"
    echo "trap2sink 127.0.0.1:$trap_port public"
} >"$work/snmpd.conf"
snmpd -f -Lo -C -c "$work/snmpd.conf" -I -smux,mteTrigger,mteTriggerConf -p "$work/snmpd.pid" \
    >"$work/snmpd.log" 2>&1 &
pids+=($!)

# The second master (no host modules) and Net-SNMP's sub-agent serving them to it over
# AgentX; its other modules' registrations are refused as duplicates, harmlessly.
host_modules=hr_system,hrh_storage,hr_device,hr_other,hr_proc,hr_network,hr_print,hr_disk
host_modules+=,hr_partition,hrh_filesys,hrSWRunTable,hrSWRunPerfTable,hrSWInstalledTable,swrun
{
    echo "agentaddress $agent2"
    echo "master agentx"
    echo "agentXSocket unix:$work/agentx2.sock"
    echo "rocommunity public 127.0.0.1"
} >"$work/snmpd2.conf"
snmpd -f -Lo -C -c "$work/snmpd2.conf" -I "-smux,mteTrigger,mteTriggerConf,$host_modules" \
    -p "$work/snmpd2.pid" >"$work/snmpd2.log" 2>&1 &
pids+=($!)

"$target/release/examples/sts_replay" "$work/replay.sts" "$connections" >"$work/stats.addr" &
pids+=($!)

# waits up to 20 s for "$@" to succeed
until_ok() {
    for _ in $(seq 200); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    echo "timed out waiting for: $*" >&2
    return 1
}
until_ok test -s "$work/stats.addr"
until_ok test -s "$work/processes.ready"
until_ok snmpget -v2c -c public -t 0.2 -r 0 "$agent" 1.3.6.1.2.1.1.3.0
until_ok snmpget -v2c -c public -t 0.2 -r 0 "$agent2" 1.3.6.1.2.1.1.3.0
echo "agentXSocket unix:$work/agentx2.sock" >"$work/netsnmp-subagent.conf"
snmpd -f -Lo -X -C -c "$work/netsnmp-subagent.conf" -I -smux,mteTrigger,mteTriggerConf \
    -p "$work/netsnmp-subagent.pid" >"$work/netsnmp-subagent.log" 2>&1 &
pids+=($!)
until_ok snmpget -v2c -c public -t 0.5 -r 0 "$agent2" 1.3.6.1.2.1.25.1.1.0

"$target/release/dtsubagent" --config /dev/null --master "unix:$work/agentx.sock" \
    --stats "$(cat "$work/stats.addr")" --log-dir "$work/log" --state-dir "$work/state" \
    --log-file "$work/dtsubagent.own.log" \
    2>"$work/dtsubagent.log" &
subagent=$!
pids+=("$subagent")
until_ok snmpget -v2c -c public -t 0.5 -r 0 "$agent" "$nsi.6.2.1.2.$connections"

# objects in one walk of $1 at -Cr$2 (from agent $3, default the first master)
objects() { snmpbulkwalk -v2c -c public -On -Cr"$2" "${3:-$agent}" "$1" | grep -c '^\.' || true; }

# best wall time of $runs walks of $1 at -Cr$2 (from agent $3, default the first
# master), in seconds
best() {
    local best_ns="" start end ns
    for _ in $(seq "$runs"); do
        start=$(date +%s%N)
        snmpbulkwalk -v2c -c public -On -Cr"$2" "${3:-$agent}" "$1" >/dev/null
        end=$(date +%s%N)
        ns=$((end - start))
        if [ -z "$best_ns" ] || [ "$ns" -lt "$best_ns" ]; then best_ns=$ns; fi
    done
    awk -v ns="$best_ns" 'BEGIN { printf "%.4f", ns / 1e9 }'
}

if snmpbulkwalk -v2c -c public -On "$agent" "$nsi" 2>&1 | grep -q 'OID not increasing'; then
    echo "NSI walk: OID not increasing" >&2
    exit 1
fi

echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d); $(snmpd -v | grep -m1 -o 'version:.*')"
n_nsi=$(objects "$nsi" 10)
n_native=$(objects "$native" 10)
n_ref=$(objects "$native" 10 "$agent2")
echo "objects: NSI $n_nsi ($connections connection rows); native HOST-RESOURCES $n_native ($processes extra processes); HOST-RESOURCES via Net-SNMP's sub-agent $n_ref"
# CPU seconds (user + system) a process has used so far
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
snmpd_pid=$(cat "$work/snmpd.pid")
for reps in 10 50; do
    c_sub=$(cpu "$subagent")
    c_snmpd=$(cpu "$snmpd_pid")
    t_nsi=$(best "$nsi" "$reps")
    d_sub=$(awk -v a="$c_sub" -v b="$(cpu "$subagent")" 'BEGIN { print b - a }')
    d_snmpd=$(awk -v a="$c_snmpd" -v b="$(cpu "$snmpd_pid")" 'BEGIN { print b - a }')
    echo "  NSI walks at -Cr$reps: CPU dtsubagent $d_sub s, snmpd $d_snmpd s over $runs walks"
    t_native=$(best "$native" "$reps")
    # snmpd's own CPU per NSI object (one AgentX GetNext each) bounds the walk's rate.
    awk -v r="$reps" -v c="$d_snmpd" -v runs="$runs" -v nn="$n_nsi" -v tv="$t_native" -v nv="$n_native" 'BEGIN {
        per = c / (runs * nn)
        if (per > 0) printf "  snmpd itself used %.1f us of CPU per NSI object at -Cr%d: at that cost no sub-agent gets past %.0f obj/s, %.0f%% of native\n",
            per * 1e6, r, 1 / per, 100 * (1 / per) / (nv / tv) }'

    t_ref=$(best "$native" "$reps" "$agent2")
    awk -v r="$reps" -v tn="$t_nsi" -v nn="$n_nsi" -v tv="$t_native" -v nv="$n_native" 'BEGIN {
        printf "-Cr%-2d NSI via AgentX %7.4f s %7.0f obj/s | native %7.4f s %7.0f obj/s | ratio %5.1f%% (goal >= 50%%)\n",
            r, tn, nn / tn, tv, nv / tv, 100 * (nn / tn) / (nv / tv) }'
    awk -v r="$reps" -v tr="$t_ref" -v nr="$n_ref" -v tn="$t_nsi" -v nn="$n_nsi" -v tv="$t_native" -v nv="$n_native" 'BEGIN {
        printf "-Cr%-2d reference: HOST-RESOURCES via Net-SNMP sub-agent (AgentX) %7.4f s %7.0f obj/s | %5.1f%% of native | NSI via dtsubagent is %5.1f%% of it\n",
            r, tr, nr / tr, 100 * (nr / tr) / (nv / tv), 100 * (nn / tn) / (nr / tr) }'
done

"$target/release/examples/dtl_events" "$work/log" "$events" 20 >"$work/events.sent"
for _ in $(seq 100); do
    if grep -q "bench$events\b" "$work/snmptrapd.out"; then break; fi
    sleep 0.1
done
python3 - "$work/events.sent" "$work/snmptrapd.out" "$events" <<'PY'
import re, sys
sent = dict(line.split() for line in open(sys.argv[1]))
seen = {}
for line in open(sys.argv[2], errors="replace"):
    stamp, _, text = line.partition(" ")
    for n in re.findall(r"bench(\d+)\b", text):
        seen.setdefault(n, int(stamp))
lat = sorted((seen[n] - int(t)) / 1e6 for n, t in sent.items() if n in seen)
if not lat:
    print(f"trap latency: no trap of {sys.argv[3]} events reached snmptrapd")
    sys.exit(0)
pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))]
print(f"trap latency (.dtl line written -> snmptrapd prints it): {len(lat)} of {sys.argv[3]} events, "
      f"p50 {pct(50):.1f} ms, p99 {pct(99):.1f} ms, max {lat[-1]:.1f} ms (goal p99 < 200 ms)")
PY

hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$subagent/status")
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$subagent/status")
awk -v h="$hwm" -v r="$rss" 'BEGIN {
    printf "dtsubagent memory: VmHWM %.1f MB, VmRSS %.1f MB (goal < 15 MB)\n", h / 1024, r / 1024 }'
