#!/usr/bin/env bash
# Replication on loopback, dtsuite against rsync, in one run (issue 4, "Performance"):
#  (a) initial mirror of 1 GiB in 8 files and (b) of 20,000 files of 4 KiB in 100
#      directories, each into an empty destination: a dtsuite job (source and target
#      dtengine on 127.0.0.1, each with its own DT.conf, ports and folders) against
#      `rsync -a` to an rsync daemon on 127.0.0.1 (module written here), same data;
#  (c) difference mirror of the unchanged 20,000-file tree against an `rsync -a` no-op
#      run (best of 3 each);
#  (d) replication latency over 1,000 small writes: engine/examples/replication_latency
#      appends to files in the protected tree and waits (inotify on the replica) until
#      each write is readable there;
#  (e) the source dtengine's peak RSS (VmHWM) during (b), next to QMemoryBufferMax.
# A dtsuite mirror is timed from `dtctl job start` (or `mirror start`) until the job
# reports target data "OK" with an empty ack queue, polled every $POLL_MS ms (by the
# shell alone until the mirror logs its end: no process competes with the engines for
# the CPU, as none does with rsync, whose own exit ends its timing). The data is
# random (nothing compresses) and in the page cache; nobody fsyncs; `sync` runs between
# timed runs so one run's writeback does not land in the next.
# (a) and (b) run each tool twice, in the order rsync, dtsuite, dtsuite, rsync (each run
# into a folder of its own), and compare the means: a run leaves the file system and
# memory in another state for the next one, and this order gives both tools the same
# share of first and later places. On ext4 without a journal (as on this machine's
# /tmp) inodes freed in the last minutes (the previous run's cleanup, anybody's) are
# passed over one by one when a file is created, so a run that creates files after
# another one finds fewer clean inodes and is slower; (a)'s runs each start right after
# the previous run's copy is removed (its page cache freed).
# Goals: (a), (b), (c) dtsuite/rsync <= 1; (d) p99 < 50 ms; (e) peak RSS bounded by
# QMemoryBufferMax plus a fixed overhead.
# Usage: bench/replication.sh [SMALL_FILES, default 20000] [BIG_MiB, default 1024]
#                             [WRITES, default 1000]
# Environment: QMEM_MB (QMemoryBufferMax of both engines, default 256), POLL_MS (20).
# Needs rsync (`apt-get install rsync`) and about 3.5 GB free under $TMPDIR; takes about
# two minutes after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
small_files=${1:-20000}
big_mib=${2:-1024}
writes=${3:-1000}
qmem_mb=${QMEM_MB:-256}
poll_ms=${POLL_MS:-20}

if ! command -v rsync >/dev/null; then
    echo "bench/replication.sh needs rsync: apt-get install rsync" >&2
    exit 1
fi

cargo build --release -q -p engine --bins
cargo build --release -q -p engine --example replication_latency
bin=${CARGO_TARGET_DIR:-target}/release
dtctl=$bin/dtctl

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# N distinct ports on 127.0.0.1 that nothing listens on, space-separated.
free_ports() {
    local found=" " p
    while [ "$(wc -w <<<"$found")" -lt "$1" ]; do
        p=$((20000 + RANDOM % 40000))
        case "$found" in *" $p "*) continue ;; esac
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then found+="$p "; fi
    done
    echo "$found"
}

now_ns() { date +%s%N; }
# CPU clock ticks of process $1 and of its children it has waited for.
cpu_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat"; }
tick=$(getconf CLK_TCK)
secs() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }

# Waits until something listens on 127.0.0.1:$1 (at most 10 s).
wait_listening() {
    for _ in $(seq 200); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.05
    done
    echo "nothing listens on 127.0.0.1:$1" >&2
    return 1
}

# Checks (untimed) that tree $2 equals $1: contents, then every entry's type, mode,
# owner and modification time. A difference is reported and remembered, not fatal.
unequal=""
same_tree() {
    if ! diff -rq --no-dereference "$1" "$2" >"$work/diff.out" 2>&1; then
        echo "$3: $2 differs from $1:" >&2
        head -5 "$work/diff.out" >&2 || true
        unequal+=" $3"
        return 0
    fi
    # The destination's root is left out: an rsync daemon does not set its time. With
    # a 4th argument directories' times are too: rsync 3.x now and then leaves one
    # with the time it wrote into it last.
    local dirs='%T@'
    [ $# -lt 4 ] || dirs='-'
    (cd "$1" && find . -mindepth 1 \( -type d -printf "%p %y %m %U:%G $dirs\n" \) -o -printf '%p %y %m %U:%G %T@\n' | sort) >"$work/meta.src"
    (cd "$2" && find . -mindepth 1 \( -type d -printf "%p %y %m %U:%G $dirs\n" \) -o -printf '%p %y %m %U:%G %T@\n' | sort) >"$work/meta.dst"
    if ! cmp -s "$work/meta.src" "$work/meta.dst"; then
        echo "$3: types, modes, owners or times differ:" >&2
        diff "$work/meta.src" "$work/meta.dst" | head -5 >&2 || true
        unequal+=" $3"
    fi
}

echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(rsync --version | head -1)"

# The data: random bytes, written once, read by both tools from the page cache.
src=$work/src
mkdir -p "$src/big" "$src/small"
started=$(now_ns)
for f in $(seq 0 7); do
    head -c $((big_mib * 1048576 / 8)) /dev/urandom >"$src/big/part$f.bin"
done
for d in $(seq 0 99); do
    count=$((small_files / 100 + (d < small_files % 100 ? 1 : 0)))
    mkdir -p "$src/small/d$d"
    if [ "$count" -gt 0 ]; then
        head -c $((count * 4096)) /dev/urandom | split -b 4096 -a 5 -d - "$src/small/d$d/f"
    fi
done
sync
big_bytes=$(find "$src/big" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
small_count=$(find "$src/small" -type f | wc -l)
echo "data: (a) 8 files, $big_bytes bytes; (b) $small_count files of 4 KiB in 100 directories;" \
    "generated in $(secs $(($(now_ns) - started))) s"

read -r rsync_port src_mgmt src_stats src_net tgt_mgmt tgt_stats tgt_net <<<"$(free_ports 7)"

# The rsync daemon: one writable module, as the user running the script.
mkdir -p "$work/rsync"
cat >"$work/rsyncd.conf" <<EOF
use chroot = no
log file = $work/rsyncd.log
[bench]
    path = $work/rsync
    read only = no
    uid = $(id -u)
    gid = $(id -g)
EOF
rsync --daemon --no-detach --address=127.0.0.1 --port="$rsync_port" --config="$work/rsyncd.conf" &
rsyncd_pid=$!
pids+=("$rsyncd_pid")
wait_listening "$rsync_port"
rsync_url=rsync://127.0.0.1:$rsync_port/bench

# Wall time in ns of `rsync -a SRC/ DEST/` (DEST relative to the module), then the
# CPU ticks of the client and the daemon's connection process.
time_rsync() {
    local start ns daemon
    sync
    daemon=$(cpu_ticks "$rsyncd_pid")
    start=$(now_ns)
    rsync -a "$1/" "$rsync_url/$2/"
    ns=$(($(now_ns) - start))
    sleep 0.2 # the daemon reaps its connection process
    echo "$ns $(($(cpu_ticks "$BASHPID") + $(cpu_ticks "$rsyncd_pid") - daemon))"
}

# A dtengine with its own folders and ports: NAME MGMT STATS NET.
start_engine() {
    local dir=$work/$1
    mkdir -p "$dir/log" "$dir/data" "$dir/joblog" "$dir/journal"
    cat >"$dir/DT.conf" <<EOF
LogDir=$dir/log
DataDir=$dir/data
JobLogDir=$dir/joblog
QJournalDir=$dir/journal
ManagementPort=$2
StatsPort=$3
NetAddress=127.0.0.1
NetPort=$4
ActivationCode=ABCDEFGHIJKLMNOPQRSTUVWX
StatsLoggingOn=0
QMemoryBufferMax=$qmem_mb
EOF
    "$bin/dtengine" --config "$dir/DT.conf" >"$dir/stdout" 2>&1 &
    pids+=($!)
    for _ in $(seq 200); do
        if "$dtctl" --engine "127.0.0.1:$2" status >/dev/null 2>&1; then return 0; fi
        sleep 0.05
    done
    echo "dtengine $1 did not start; its output:" >&2
    cat "$dir/stdout" >&2
    return 1
}

src_engine=127.0.0.1:$src_mgmt
dt() { "$dtctl" --engine "$src_engine" "$@"; }

# Creates a repset named $3 (default: $1's name) protecting $1 and a job mirroring it
# to $2; prints the job's id.
create_job() {
    local name=${3:-$(basename "$1")}
    dt repset create "$name" --rule "$1,inc,rec" >/dev/null
    dt --json job create --name "$name" --repset "$name" --source "$src_engine" \
        --target "127.0.0.1:$tgt_mgmt" --target-path "$2" | sed -n 's/^ *"id": *"\([^"]*\)".*/\1/p' | head -1
}

# Sets $completed to the completed mirrors (event 4023) in the source engine's log so
# far. The shell reads the log itself: polling every $POLL_MS ms starts no process
# that would take CPU from the engines it measures (rsync's runs have no poller).
count_completed() {
    local file line
    completed=0
    for file in "$work/source/log/"*.dtl; do
        [ -e "$file" ] || continue
        while IFS= read -r line; do
            if [[ $line == *$'\t4023\t'* ]]; then completed=$((completed + 1)); fi
        done <"$file"
    done
}

# Waits $1 seconds without starting a process: a read that times out on a FIFO that
# nobody writes.
mkfifo "$work/never"
exec {never}<>"$work/never"
idle_for() { read -r -t "$1" -u "$never" _ || true; }

# Whether job $1's mirror is done: a mirror completed since the count $2 was taken,
# and the connection reports target data "OK" with nothing waiting for an ack.
mirror_done() {
    local show
    count_completed
    [ "$completed" -gt "$2" ] || return 1
    show=$(dt --json job show "$1")
    grep -q '^    "target_data_state": "OK"' <<<"$show" &&
        grep -Eq '^    "ops_in_ack_queue": 0,?$' <<<"$show"
}

# Wall time in ns of "${@:2}" (a command that starts a mirror of job $1) until the
# mirror is done, then the CPU ticks both engines used meanwhile, then the source's and
# the target's own.
time_mirror() {
    local id=$1 before start deadline pause source target
    shift
    pause=$(awk -v ms="$poll_ms" 'BEGIN { print ms / 1000 }')
    sync
    count_completed
    before=$completed
    source=$(cpu_ticks "$src_pid")
    target=$(cpu_ticks "$tgt_pid")
    start=$(now_ns)
    deadline=$((SECONDS + 900))
    "$@" >/dev/null
    until mirror_done "$id" "$before"; do
        if [ "$SECONDS" -gt "$deadline" ]; then
            echo "job $id: mirror not done after 15 minutes:" >&2
            dt job show "$id" >&2
            return 1
        fi
        idle_for "$pause"
    done
    source=$(($(cpu_ticks "$src_pid") - source))
    target=$(($(cpu_ticks "$tgt_pid") - target))
    echo "$(($(now_ns) - start)) $((source + target)) $source $target"
}

# The engine's own view of the last mirror: ms from its 4019 (started) to its 4023.
last_mirror_ms() {
    cat "$work/source/log/"*.dtl | awk -F'\t' '
        function ms(d, t,   a, b) { split(t, a, ":"); return ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 }
        $7 == 4019 { s = ms($1, $2) } $7 == 4023 { e = ms($1, $2) }
        END { printf "%d", e - s }'
}

vm() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; } # kB

start_engine source "$src_mgmt" "$src_stats" "$src_net"
src_pid=${pids[-1]}
start_engine target "$tgt_mgmt" "$tgt_stats" "$tgt_net"
tgt_pid=${pids[-1]}
# A job's replica of a source folder F is TARGET_PATH/F (the full source path kept).
replica=$work/replica
rep_small=$replica/small$src/small
rep_big=$replica/big$src/big

# The mean of two runs' numbers: "A B C…" and "D E F…" give "(A+D)/2 (B+E)/2 …".
mean2() {
    awk -v x="$1" -v y="$2" 'BEGIN { n = split(x, a, " "); split(y, b, " ")
        for (i = 1; i <= n; i++) printf "%.0f%s", (a[i] + b[i]) / 2, i < n ? " " : "\n" }'
}

# (b) and (e) first, while the source engine's VmHWM has seen nothing else: rsync,
# dtsuite, dtsuite (a second job, into another target path), rsync (another folder).
rsync_b1=$(time_rsync "$src/small" small)
same_tree "$src/small" "$work/rsync/small" "rsync (b)" no-dir-times
rss_idle=$(vm "$src_pid" VmRSS)
job_small=$(create_job "$src/small" "$replica/small")
dt_b1=$(time_mirror "$job_small" dt job start "$job_small")
rss_peak=$(vm "$src_pid" VmHWM)
rss_target=$(vm "$tgt_pid" VmHWM)
e_b1=$(last_mirror_ms)
same_tree "$src/small" "$rep_small" "dtsuite (b)"
job_small2=$(create_job "$src/small" "$replica/small2" small2)
dt_b2=$(time_mirror "$job_small2" dt job start "$job_small2")
e_b2=$(last_mirror_ms)
same_tree "$src/small" "$replica/small2$src/small" "dtsuite (b, 2nd)"
dt job stop "$job_small2" >/dev/null
rsync_b2=$(time_rsync "$src/small" small2)
same_tree "$src/small" "$work/rsync/small2" "rsync (b, 2nd)" no-dir-times
read -r t_b_rsync c_b_rsync <<<"$(mean2 "$rsync_b1" "$rsync_b2")"
read -r t_b_dt c_b_dt s_b_dt g_b_dt <<<"$(mean2 "$dt_b1" "$dt_b2")"
e_b=$(((e_b1 + e_b2) / 2))

# (c): best of 3 each over the unchanged tree.
t_c_rsync="" t_c_dt="" e_c=""
for _ in 1 2 3; do
    read -r t c <<<"$(time_rsync "$src/small" small)"
    if [ -z "$t_c_rsync" ] || [ "$t" -lt "$t_c_rsync" ]; then t_c_rsync=$t c_c_rsync=$c; fi
    read -r t c cs cg <<<"$(time_mirror "$job_small" dt mirror start "$job_small" --diff)"
    if [ -z "$t_c_dt" ] || [ "$t" -lt "$t_c_dt" ]; then
        t_c_dt=$t c_c_dt=$c s_c_dt=$cs g_c_dt=$cg e_c=$(last_mirror_ms)
    fi
done
same_tree "$src/small" "$rep_small" "dtsuite (c)"
rm -rf "$work/rsync/small" "$work/rsync/small2"

# (d): the small job is replicating now.
"$bin/examples/replication_latency" "$src/small" "$rep_small" "$writes" >"$work/latency.out"
latency=$(tail -1 "$work/latency.out")
same_tree "$src/small/latency-probe" "$rep_small/latency-probe" "dtsuite (d)"
dt job stop "$job_small" >/dev/null

# (a): rsync, dtsuite, dtsuite (a second job), rsync; each copy is checked, then
# removed before the next run.
rsync_a1=$(time_rsync "$src/big" big)
same_tree "$src/big" "$work/rsync/big" "rsync (a)" no-dir-times
rm -rf "$work/rsync/big"
job_big=$(create_job "$src/big" "$replica/big")
dt_a1=$(time_mirror "$job_big" dt job start "$job_big")
e_a1=$(last_mirror_ms)
same_tree "$src/big" "$rep_big" "dtsuite (a)"
dt job stop "$job_big" >/dev/null
rm -rf "$replica/big"
job_big2=$(create_job "$src/big" "$replica/big2" big2)
dt_a2=$(time_mirror "$job_big2" dt job start "$job_big2")
e_a2=$(last_mirror_ms)
same_tree "$src/big" "$replica/big2$src/big" "dtsuite (a, 2nd)"
dt job stop "$job_big2" >/dev/null
rm -rf "$replica/big2"
rsync_a2=$(time_rsync "$src/big" big2)
same_tree "$src/big" "$work/rsync/big2" "rsync (a, 2nd)" no-dir-times
rm -rf "$work/rsync/big2"
read -r t_a_rsync c_a_rsync <<<"$(mean2 "$rsync_a1" "$rsync_a2")"
read -r t_a_dt c_a_dt s_a_dt g_a_dt <<<"$(mean2 "$dt_a1" "$dt_a2")"
e_a=$(((e_a1 + e_a2) / 2))

echo
# NAME DTSUITE_NS RSYNC_NS ENGINE_MS DTSUITE_CPU_TICKS RSYNC_CPU_TICKS [BYTES]
row() {
    awk -v name="$1" -v dt="$2" -v rs="$3" -v e="$4" -v cd="$5" -v cr="$6" -v bytes="${7:-0}" -v hz="$tick" 'BEGIN {
        printf "%-40s %8.3f s %8.3f s %6.2fx %8.3f s %6.2f s %6.2f s", name, dt / 1e9, rs / 1e9, dt / rs, e / 1e3, cd / hz, cr / hz
        if (bytes > 0) printf " %7.1f MB/s %7.1f MB/s", bytes / dt * 1e3, bytes / rs * 1e3
        printf "\n" }'
}
printf "%-40s %10s %10s %7s %10s %8s %8s %12s %12s\n" "" "dtsuite" "rsync -a" "ratio" "4019-4023" "CPU dt" "CPU rs" "dtsuite" "rsync -a"
row "(a) initial mirror, 8 files, $big_mib MiB" "$t_a_dt" "$t_a_rsync" "$e_a" "$c_a_dt" "$c_a_rsync" "$big_bytes"
row "(b) initial mirror, $small_count x 4 KiB" "$t_b_dt" "$t_b_rsync" "$e_b" "$c_b_dt" "$c_b_rsync" $((small_count * 4096))
row "(c) difference mirror, unchanged (best/3)" "$t_c_dt" "$t_c_rsync" "$e_c" "$c_c_dt" "$c_c_rsync"
awk -v a1="$s_a_dt" -v a2="$g_a_dt" -v b1="$s_b_dt" -v b2="$g_b_dt" -v c1="$s_c_dt" -v c2="$g_c_dt" -v hz="$tick" 'BEGIN {
    printf "CPU dt by engine (source + target): (a) %.2f + %.2f s, (b) %.2f + %.2f s, (c) %.2f + %.2f s\n",
        a1 / hz, a2 / hz, b1 / hz, b2 / hz, c1 / hz, c2 / hz }'
secs_of() { awk -v ns="${1%% *}" 'BEGIN { printf "%.3f", ns / 1e9 }'; }
echo "runs in order (rsync, dtsuite, dtsuite, rsync): (a) $(secs_of "$rsync_a1") $(secs_of "$dt_a1") $(secs_of "$dt_a2") $(secs_of "$rsync_a2") s;" \
    "(b) $(secs_of "$rsync_b1") $(secs_of "$dt_b1") $(secs_of "$dt_b2") $(secs_of "$rsync_b2") s (means above)"
echo "(d) replication latency: $(head -1 "$work/latency.out")"
awk -v idle="$rss_idle" -v peak="$rss_peak" -v q="$qmem_mb" -v t="$rss_target" 'BEGIN {
    printf "(e) source dtengine during (b): peak RSS (VmHWM) %.1f MiB, idle before %.1f MiB, growth %.1f MiB; QMemoryBufferMax %d MB (target dtengine: %.1f MiB)\n",
        peak / 1024, idle / 1024, (peak - idle) / 1024, q, t / 1024 }'
echo "(dtsuite: wall time from dtctl to done, polled every $poll_ms ms; 4019-4023: the source engine's own log, ms resolution;"
echo " CPU dt: both engines' user+system time; CPU rs: the rsync client's and the daemon's)"
echo
awk -v a="$t_a_dt" -v ar="$t_a_rsync" -v b="$t_b_dt" -v br="$t_b_rsync" -v c="$t_c_dt" -v cr="$t_c_rsync" 'BEGIN {
    printf "dtsuite/rsync: (a) %.2fx, (b) %.2fx, (c) %.2fx (goal: <= 1x each)\n", a / ar, b / br, c / cr }'
p99=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$latency")
p50=$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<<"$latency")
echo "latency: p50 $p50 ms, p99 $p99 ms over $writes writes (goal: p99 < 50 ms)"
awk -v idle="$rss_idle" -v peak="$rss_peak" -v q="$qmem_mb" 'BEGIN {
    printf "peak RSS during (b): %.1f MiB = idle %.1f MiB + %.1f MiB, QMemoryBufferMax %d MB (goal: growth bounded by QMemoryBufferMax)\n",
        peak / 1024, idle / 1024, (peak - idle) / 1024, q }'
if [ -z "$unequal" ]; then echo "copies equal to their source: yes, all"; else echo "copies NOT equal to their source:$unequal"; fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
