#!/usr/bin/env bash
# dtnotify under load (issue 7), release build, against the project's aiosmtpd test server
# (notifier/tests/support/smtp_server.py) on loopback, plain SMTP, 4 pooled connections:
#  (a) burst: EVENTS error events round-robin across JOBS job logs, written at once, with
#      grouping on (window WINDOW): mails sent, mails per job, time from the first line
#      written until every event is in an accepted mail and the spool is empty, and
#      dtnotify's peak RSS (VmHWM).
#  (b) latency with grouping off: LATENCY_EVENTS events, one every 20 ms across 10 jobs;
#      time from the line being written to the server accepting its mail: p50, p99.
#      Goal p99 < 1 s (poll_interval 200 ms, the default).
# Usage: bench/dtnotify.sh [EVENTS, default 10000] [JOBS, default 100] [LATENCY_EVENTS, default 300]
#        (WINDOW=5s by default: the 30 s default only makes the run longer.)
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-10000}
jobs=${2:-100}
latency_events=${3:-300}
window=${WINDOW:-5s}
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p dtnotify --bin dtnotify --example job_events
dtnotify=$target/release/dtnotify
writer=$target/release/examples/job_events
server=notifier/tests/support/smtp_server.py

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d), load $(cut -d' ' -f1 /proc/loadavg)"

# start_case NAME GROUPING_TOML: an SMTP server and dtnotify with their own folders.
start_case() {
    local dir=$work/$1 port
    port=$(free_port)
    mkdir -p "$dir/joblogs"
    python3 "$server" --port "$port" --maildir "$dir/maildir" >"$dir/server.out" 2>/dev/null &
    pids+=($!)
    until grep -q ready "$dir/server.out" 2>/dev/null; do sleep 0.05; done
    cat >"$dir/dtnotify.toml" <<TOML
job_log_dir = "$dir/joblogs"
state_dir = "$dir/state"
host_name = "bench"
[smtp]
host = "127.0.0.1"
port = $port
tls = "none"
connections = 4
[mail]
to = ["ops@example.com"]
[grouping]
$2
TOML
    "$dtnotify" --config "$dir/dtnotify.toml" run 2>"$dir/dtnotify.err" &
    notifier_pid=$!
    pids+=($notifier_pid)
    until grep -q following "$dir/dtnotify.err" 2>/dev/null; do sleep 0.05; done
}

# (a) burst, grouping on
start_case burst "window = \"$window\""
dir=$work/burst
"$writer" "$dir/joblogs" "$jobs" "$events" >"$dir/written.txt"
python3 - "$dir" "$events" "$jobs" <<'PY'
import json, os, re, sys, time
d, events, jobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
first = min(int(l.split()[2]) for l in open(f"{d}/written.txt"))
seen, mailed, per_job, last = set(), 0, {}, 0
while True:
    try:
        lines = open(f"{d}/maildir/received.jsonl").read().splitlines()
    except FileNotFoundError:
        lines = []
    for line in lines[len(seen):]:
        r = json.loads(line)
        seen.add(r["file"])
        text = open(f"{d}/maildir/{r['file']}", errors="replace").read()
        mailed += len(re.findall(r"^Event 57\d\d \(", text, re.M))
        guid = re.search(r"^Message-ID: <([0-9a-f-]{36})\.", text, re.M | re.I).group(1)
        per_job[guid] = per_job.get(guid, 0) + 1
        last = max(last, r["received_ns"])
    spooled = [n for n in os.listdir(f"{d}/state/spool")] if os.path.isdir(f"{d}/state/spool") else []
    if mailed >= events and not [n for n in spooled if n.endswith(".mail")]:
        break
    time.sleep(0.05)
print(f"(a) burst of {events} events across {jobs} jobs, grouping on: {len(seen)} mails, "
      f"{min(per_job.values())}-{max(per_job.values())} per job; every event accepted and the spool empty "
      f"{(last - first) / 1e9:.2f} s after the first line was written")
PY
echo "(a) dtnotify peak RSS: $(awk '/VmHWM/ {print $2, $3}' /proc/$notifier_pid/status)"

# (b) latency, grouping off
start_case latency "enabled = false"
dir=$work/latency
"$writer" "$dir/joblogs" 10 "$latency_events" 20 >"$dir/written.txt"
python3 - "$dir" "$latency_events" <<'PY'
import json, re, sys, time
d, events = sys.argv[1], int(sys.argv[2])
written = {}
for line in open(f"{d}/written.txt"):
    guid, seq, ns = line.split()
    written[f"{guid}.{seq}"] = int(ns)
accepted = {}
deadline = time.time() + 120
while len(accepted) < events and time.time() < deadline:
    try:
        lines = open(f"{d}/maildir/received.jsonl").read().splitlines()
    except FileNotFoundError:
        lines = []
    for line in lines:
        r = json.loads(line)
        if r["file"] in accepted:
            continue
        text = open(f"{d}/maildir/{r['file']}", errors="replace").read()
        key = re.search(r"^Message-ID: <([^@]+)@", text, re.M | re.I).group(1)
        accepted[r["file"]] = (key, r["received_ns"])
    time.sleep(0.05)
lat = sorted((ns - written[key]) / 1e6 for key, ns in accepted.values())
pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
print(f"(b) latency line written -> SMTP accepted, grouping off, {len(lat)} of {events} mails: "
      f"p50 {pick(0.50):.0f} ms, p99 {pick(0.99):.0f} ms, max {lat[-1]:.0f} ms (goal p99 < 1000 ms)")
PY
