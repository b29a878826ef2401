//! Planning and reading throughput of the mirror's source side.
//!
//! Generates in a temp dir (a) 20,000 files of 4 KiB in 100 directories and (b) 1 GiB
//! in 8 files, then drains a full [`MirrorPlan`] of each (walk, stat, open, read: every
//! operation a mirror would send, dropped instead of sent) and a difference plan of (a)
//! against a manifest of an identical tree. The files were just written, so the page
//! cache is warm: these are the source's CPU and system-call costs, not disk speed.
//!
//! `cargo run --release -p engine --example mirror_throughput [-- SMALL_FILES BIG_MIB]`

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use engine::replication::mirror::{
    manifest_of, manifest_roots, Manifest, MirrorCounters, MirrorMode, MirrorOptions, MirrorPlan,
};
use engine::replication::Operation;
use engine::repset::{calculate_size, ReplicationSet, Rule, RuleAttributes};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let small_files: usize = args.next().map_or(Ok(20_000), |a| a.parse())?;
    let big_mib: u64 = args.next().map_or(Ok(1024), |a| a.parse())?;
    let dir = tempfile::tempdir()?;

    let small = dir.path().join("small");
    let started = Instant::now();
    for i in 0..small_files {
        let sub = small.join(format!("d{:03}", i % 100));
        if i < 100 {
            fs::create_dir_all(&sub)?;
        }
        fs::write(sub.join(format!("f{i:05}")), block(4096, i as u64))?;
    }
    println!(
        "generated {small_files} × 4 KiB in {:.2?}",
        started.elapsed()
    );

    let big = dir.path().join("big");
    fs::create_dir_all(&big)?;
    let started = Instant::now();
    let chunk = block(1 << 20, 42);
    for f in 0..8 {
        let mut out = File::create(big.join(format!("part{f}.bin")))?;
        for _ in 0..big_mib / 8 {
            out.write_all(&chunk)?;
        }
    }
    println!(
        "generated {big_mib} MiB in 8 files in {:.2?}",
        started.elapsed()
    );

    println!();
    println!(
        "{:<34} {:>10} {:>10} {:>12} {:>10}",
        "run", "seconds", "ops", "MiB/s", "files/s"
    );
    run("(a) full: 20,000 × 4 KiB", &small, small_files, Mode::Full)?;
    run("(b) full: 1 GiB in 8 files", &big, 8, Mode::Full)?;
    run(
        "(a) difference, unchanged",
        &small,
        small_files,
        Mode::Difference,
    )?;
    Ok(())
}

/// Which plan to drain.
enum Mode {
    Full,
    /// Against a manifest of the same tree (its own walk, as the target would list an
    /// identical replica).
    Difference,
}

/// Drains one plan of the tree at `root` and prints its line.
fn run(name: &str, root: &Path, files: usize, mode: Mode) -> anyhow::Result<()> {
    let set = ReplicationSet::new(
        "bench",
        vec![Rule::new(root, RuleAttributes::INCLUDE_RECURSIVE)?],
        chrono::Utc::now(),
    )?;
    let started = Instant::now();
    let set = set.with_size(calculate_size(&set).size);
    let sized = started.elapsed();
    let mode = match mode {
        Mode::Full => MirrorMode::Full,
        Mode::Difference => {
            // The replica root `/` makes the target's paths the source's own.
            let roots = manifest_roots(&set)?;
            MirrorMode::Difference(Manifest::new(
                manifest_of(Path::new("/"), &roots).filter_map(Result::ok),
            ))
        }
    };
    let counters = Arc::new(MirrorCounters::default());
    let started = Instant::now();
    let plan = MirrorPlan::new(&set, MirrorOptions::new("/replica"), mode, counters.clone());
    let (mut ops, mut data) = (0u64, 0u64);
    for op in plan {
        let op: Operation = op?;
        ops += 1;
        data += op.data_len();
    }
    let elapsed = started.elapsed();
    let progress = counters.progress();
    let bytes = progress.bytes_done + progress.bytes_skipped;
    println!(
        "{name:<34} {:>10.3} {ops:>10} {:>12.0} {:>10.0}",
        elapsed.as_secs_f64(),
        per_second(bytes as f64 / f64::from(1 << 20), elapsed),
        per_second(files as f64, elapsed),
    );
    println!(
        "{:<34} size calculation {:.3} s; data read {} MiB; skipped {} MiB; {} bytes generated",
        "",
        sized.as_secs_f64(),
        data >> 20,
        progress.bytes_skipped >> 20,
        progress.bytes_generated
    );
    Ok(())
}

fn per_second(amount: f64, elapsed: Duration) -> f64 {
    amount / elapsed.as_secs_f64().max(1e-9)
}

/// `len` bytes of noise from `seed`.
fn block(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}
