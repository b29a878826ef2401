//! A churn workload of a few hundred random operations on a protected tree: applying
//! what the capture sent to a copy of the initial tree reproduces the final source
//! tree exactly (content, modes, file modification times, symlinks), whether the
//! capture reads events while the workload runs or only after it ended.

mod replication_capture_support;

use std::fs::{self, OpenOptions};
use std::os::unix::fs::{FileExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use engine::replication::capture::{Capture, CaptureEvent, CaptureOptions};
use engine::replication::Operation;
use replication_capture_support::*;

/// xorshift64*: a small deterministic generator, so a failing seed can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next().to_le_bytes());
        }
        out.truncate(len);
        out
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len())])
        }
    }
}

/// What is in a tree now: directories (with the root) and non-directories.
struct Listing {
    dirs: Vec<PathBuf>,
    files: Vec<PathBuf>,
    others: Vec<PathBuf>,
}

fn list(root: &Path) -> Listing {
    let mut listing = Listing {
        dirs: vec![root.to_path_buf()],
        files: Vec::new(),
        others: Vec::new(),
    };
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let md = fs::symlink_metadata(&path).unwrap();
            if md.is_dir() {
                stack.push(path.clone());
                listing.dirs.push(path);
            } else if md.is_file() {
                listing.files.push(path);
            } else {
                listing.others.push(path);
            }
        }
    }
    listing
}

/// The workload's tree: `src` with an excluded `skip` that includes `skip/keep` again.
fn build_initial(fx: &Fixture, rng: &mut Rng) {
    for dir in ["a/b", "c", "skip/keep/k", "skip/other"] {
        fs::create_dir_all(fx.path(dir)).unwrap();
    }
    for (i, dir) in [
        "",
        "a",
        "a/b",
        "c",
        "skip",
        "skip/keep",
        "skip/keep/k",
        "skip/other",
    ]
    .iter()
    .enumerate()
    {
        let len = rng.below(150_000);
        fs::write(fx.path(dir).join(format!("init{i}")), rng.bytes(len)).unwrap();
    }
    std::os::unix::fs::symlink("a/b", fx.path("link")).unwrap();
    fs::create_dir(fx.outside.join("pool")).unwrap();
}

/// Directories the workload never removes or renames, so the rules stay exercised.
fn fixed(fx: &Fixture, path: &Path) -> bool {
    path == fx.src || path == fx.path("skip") || path == fx.path("skip/keep")
}

/// One random change to the tree; `n` makes new names unique. Some fail, as they
/// would for any program (a directory moved into itself).
fn churn_step(fx: &Fixture, rng: &mut Rng, n: usize) -> std::io::Result<()> {
    let now = list(&fx.src);
    let movable_dirs: Vec<PathBuf> = now.dirs.iter().filter(|d| !fixed(fx, d)).cloned().collect();
    let non_dirs: Vec<PathBuf> = now.files.iter().chain(&now.others).cloned().collect();
    let dir = rng.pick(&now.dirs).unwrap().clone();
    let new_name = dir.join(format!("n{n}"));
    match rng.below(20) {
        0..=2 => {
            let len = rng.below(150_000);
            fs::write(&new_name, rng.bytes(len))
        }
        3 => match rng.pick(&now.files) {
            Some(file) => {
                let mut f = OpenOptions::new().append(true).open(file).unwrap();
                let len = 1 + rng.below(5_000);
                std::io::Write::write_all(&mut f, &rng.bytes(len))
            }
            None => Ok(()),
        },
        4 | 5 => match rng.pick(&now.files) {
            Some(file) => {
                let f = OpenOptions::new().write(true).open(file).unwrap();
                let len = f.metadata().unwrap().len() as usize;
                let offset = rng.below(len + 100) as u64;
                let count = 1 + rng.below(3_000);
                f.write_all_at(&rng.bytes(count), offset)
            }
            None => Ok(()),
        },
        6 => match rng.pick(&now.files) {
            Some(file) => {
                let f = OpenOptions::new().write(true).open(file).unwrap();
                let len = f.metadata().unwrap().len() as usize;
                f.set_len(rng.below(len + 1_000) as u64)
            }
            None => Ok(()),
        },
        7 | 8 => match rng.pick(&non_dirs) {
            // Sometimes over an existing file.
            Some(from) => match (rng.below(3), rng.pick(&now.files)) {
                (0, Some(over)) => fs::rename(from, over),
                _ => fs::rename(from, &new_name),
            },
            None => Ok(()),
        },
        9 | 10 => {
            let deep = new_name.join("x/y");
            fs::create_dir_all(&deep).and_then(|()| fs::write(deep.join("f"), rng.bytes(100)))
        }
        11 => match rng.pick(&movable_dirs) {
            Some(victim) => fs::remove_dir_all(victim),
            None => Ok(()),
        },
        12 => match rng.pick(&movable_dirs) {
            // Sometimes over an empty directory; into itself fails with EINVAL.
            Some(from) => {
                let empty: Vec<&PathBuf> = movable_dirs
                    .iter()
                    .filter(|d| fs::read_dir(d).is_ok_and(|mut e| e.next().is_none()))
                    .collect();
                match (rng.below(3), rng.pick(&empty)) {
                    (0, Some(over)) => fs::rename(from, over),
                    _ => fs::rename(from, &new_name),
                }
            }
            None => Ok(()),
        },
        13 => match rng.pick(&non_dirs) {
            Some(file) => fs::remove_file(file),
            None => Ok(()),
        },
        14 => {
            let modes = [0o644, 0o600, 0o755, 0o700, 0o640, 0o711];
            let target = if rng.below(2) == 0 {
                rng.pick(&now.files).cloned()
            } else {
                rng.pick(&now.dirs).cloned()
            };
            match target {
                Some(target) => fs::set_permissions(
                    target,
                    fs::Permissions::from_mode(*rng.pick(&modes).unwrap()),
                ),
                None => Ok(()),
            }
        }
        15 => std::os::unix::fs::symlink(format!("target-{n}"), &new_name),
        16 | 17 => {
            // Out of the set, or into it from outside.
            let pool = fx.outside.join("pool");
            if rng.below(2) == 0 {
                let candidates: Vec<PathBuf> =
                    movable_dirs.iter().chain(&non_dirs).cloned().collect();
                match rng.pick(&candidates) {
                    Some(from) => fs::rename(from, pool.join(format!("o{n}"))),
                    None => Ok(()),
                }
            } else {
                let outside = list(&pool);
                let candidates: Vec<PathBuf> = outside.dirs[1..]
                    .iter()
                    .chain(&outside.files)
                    .cloned()
                    .collect();
                match rng.pick(&candidates) {
                    Some(from) => fs::rename(from, &new_name),
                    None => {
                        let len = rng.below(80_000);
                        fs::write(pool.join(format!("p{n}")), rng.bytes(len))
                    }
                }
            }
        }
        _ => match rng.pick(&now.files) {
            Some(file) => {
                let secs = 1_000_000_000 + rng.below(100_000_000) as u64;
                fs::File::open(file)
                    .and_then(|f| f.set_modified(UNIX_EPOCH + Duration::from_secs(secs)))
            }
            None => Ok(()),
        },
    }
}

/// Runs `steps` random changes with `seed`; the capture reads events alongside when
/// `concurrent`, or only once the workload is over.
fn churn(seed: u64, steps: usize, concurrent: bool) {
    churn_with(seed, steps, concurrent, CaptureOptions::default());
}

fn churn_with(seed: u64, steps: usize, concurrent: bool, options: CaptureOptions) {
    let fx = Fixture::new();
    let mut rng = Rng(seed);
    build_initial(&fx, &mut rng);
    let set = set_of(&[
        (&fx.src, true, true),
        (&fx.path("skip"), false, true),
        (&fx.path("skip/keep"), true, true),
    ]);
    fx.mirror(&set);
    let mut capture = Capture::start(&set, options).unwrap();
    let mut events: Vec<CaptureEvent> = Vec::new();
    std::thread::scope(|scope| {
        let fx = &fx;
        let workload = scope.spawn(move || {
            let failed = (0..steps)
                .filter(|&n| churn_step(fx, &mut rng, n).is_err())
                .count();
            eprintln!("{failed} of {steps} steps failed");
        });
        if concurrent {
            while !workload.is_finished() {
                events.extend(capture.next_batch(Duration::from_millis(10)).unwrap());
            }
        }
        workload.join().unwrap();
    });
    events.extend(drain(&mut capture));
    let total_ops = events.len() as u64;
    let ops = apply_all(&fx.replica_root, events);
    assert_replica_equal(&set, &fx.src, &fx.replica_src());
    // The workload is not vacuous: the main kinds of operation came out of it.
    let kinds: std::collections::BTreeSet<&str> = ops.iter().map(kind).collect();
    eprintln!(
        "seed {seed:#x}: {} operations, kinds {kinds:?}, {} paths at the end",
        ops.len(),
        snapshot(&fx.src, &|_| true).len()
    );
    // (Read late, truncates fold into creations and renames into removals and creations.)
    let expected: &[&str] = if concurrent {
        &["create", "write", "mkdir", "setmeta", "rename", "delete"]
    } else {
        &["create", "write", "mkdir", "setmeta"]
    };
    assert!(expected.iter().all(|k| kinds.contains(k)), "{kinds:?}");
    let counters = capture.counters();
    assert_eq!(counters.rep_ops_generated, total_ops);
    assert_eq!(
        counters.rep_bytes_generated,
        ops.iter().map(|op| op.data_len()).sum::<u64>()
    );
}

fn kind(op: &Operation) -> &'static str {
    match op {
        Operation::Mkdir { .. } => "mkdir",
        Operation::Create { .. } => "create",
        Operation::Write { .. } => "write",
        Operation::Truncate { .. } => "truncate",
        Operation::Symlink { .. } => "symlink",
        Operation::SetMeta { .. } => "setmeta",
        Operation::Rename { .. } => "rename",
        Operation::Delete { .. } => "delete",
        Operation::Rmdir { .. } => "rmdir",
    }
}

#[test]
fn churn_read_alongside_the_workload_reproduces_the_tree() {
    churn(0x9e37_79b9_7f4a_7c15, 400, true);
}

#[test]
fn churn_read_alongside_another_workload_reproduces_the_tree() {
    churn(0xdead_beef_cafe_f00d, 400, true);
}

#[test]
fn churn_read_after_the_workload_reproduces_the_tree() {
    churn(0x0123_4567_89ab_cdef, 400, false);
}

#[test]
fn churn_with_small_blocks_and_batches_reproduces_the_tree() {
    let options = CaptureOptions {
        block_size: 4096,
        coalesce_window: Duration::ZERO,
        max_batch_bytes: 20_000,
        ..CaptureOptions::default()
    };
    churn_with(0x5eed_0fc0_ffee, 300, true, options);
}

#[test]
fn churn_read_late_with_small_blocks_and_batches_reproduces_the_tree() {
    let options = CaptureOptions {
        block_size: 4096,
        coalesce_window: Duration::ZERO,
        max_batch_bytes: 20_000,
        ..CaptureOptions::default()
    };
    churn_with(0x6a99_b4b1_f77d_da41, 300, false, options);
}
