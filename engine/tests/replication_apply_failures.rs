//! Failed target writes: classified, retried as TGExecutionRetryLimit says, discarded
//! after the limit, counted in Retries/OpsDropped, and logged with the guide's events
//! 4110–4113, 4120 and 4150.

use std::collections::VecDeque;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use engine::event_log::EventLog;
use engine::replication::apply::{
    Applied, Applier, ApplyError, Execute, FailureKind, Replica, RetryPolicy,
};
use engine::replication::{FileMeta, OpOrigin, Operation, RelPath, SequencedOp};
use logparse::dtl::{AppenderConfig, LogSeries};
use rustix::io::Errno;

/// A replica that fails the next operations with the queued errors first.
struct Faulty {
    replica: Replica,
    faults: VecDeque<Errno>,
}

impl Execute for Faulty {
    fn execute(&mut self, op: &Operation) -> io::Result<()> {
        match self.faults.pop_front() {
            Some(errno) => Err(errno.into()),
            None => self.replica.apply(op),
        }
    }

    fn root(&self) -> &Path {
        self.replica.root()
    }
}

struct Setup {
    root: tempfile::TempDir,
    _state: tempfile::TempDir,
    log_dir: tempfile::TempDir,
    applier: Applier<Faulty>,
}

fn setup(faults: &[Errno], retry_limit: u32, notify_after: u32) -> Setup {
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let log_dir = tempfile::tempdir().unwrap();
    let log = EventLog::open(AppenderConfig {
        dir: log_dir.path().to_path_buf(),
        ..AppenderConfig::default()
    })
    .unwrap();
    let faulty = Faulty {
        replica: Replica::open(root.path()).unwrap(),
        faults: faults.iter().copied().collect(),
    };
    let applier = Applier::with_executor(faulty, state.path(), "k")
        .unwrap()
        .with_policy(RetryPolicy {
            retry_limit,
            retry_delay: Duration::from_secs(7),
            notify_after,
        })
        .with_event_log(log);
    Setup {
        root,
        _state: state,
        log_dir,
        applier,
    }
}

fn events(dir: &Path) -> Vec<(u32, String)> {
    LogSeries::in_dir(dir)
        .reader()
        .unwrap()
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r.id, r.text)
        })
        .filter(|(id, _)| *id != 0)
        .collect()
}

fn write(seq: u64, path: &str, data: &[u8]) -> SequencedOp {
    SequencedOp {
        seq,
        origin: OpOrigin::Replication,
        op: Operation::Write {
            path: RelPath::from_bytes(path.as_bytes()).unwrap(),
            offset: 0,
            data: data.to_vec().into(),
        },
    }
}

fn retry_of(result: Result<Applied, ApplyError>) -> (FailureKind, u32, Duration, bool) {
    match result {
        Err(ApplyError::Retry {
            kind,
            failures,
            delay,
            retrying_status,
            ..
        }) => (kind, failures, delay, retrying_status),
        other => panic!("expected a retry, got {other:?}"),
    }
}

#[test]
fn disk_full_is_retried_until_it_succeeds_and_logged() {
    let mut s = setup(&[Errno::NOSPC, Errno::DQUOT], 0, 2);
    let op = write(1, "a/f", b"data");
    let shown = s.root.path().join("a/f").display().to_string();
    assert_eq!(
        retry_of(s.applier.apply(&op)),
        (FailureKind::TargetFull, 1, Duration::from_secs(7), false)
    );
    assert_eq!(
        retry_of(s.applier.apply(&op)),
        (FailureKind::TargetFull, 2, Duration::from_secs(7), false)
    );
    assert_eq!(s.applier.last_applied(), 0);
    assert_eq!(s.applier.apply(&op).unwrap(), Applied::Done { retries: 2 });
    assert_eq!(fs::read(s.root.path().join("a/f")).unwrap(), b"data");
    let counters = s.applier.counters();
    assert_eq!(counters.retries.get(), 2);
    assert_eq!(counters.ops_dropped.get(), 0);
    assert_eq!(counters.ops_applied.get(), 1);
    assert_eq!(
        events(s.log_dir.path()),
        [
            (
                4110,
                format!(
                    "Target cannot write {shown} due to target disk being full. Operation will be retried (0 times or forever)"
                )
            ),
            (
                4120,
                format!("Target write to {shown} was completed successfully after 2 retries.")
            ),
        ]
    );
}

#[test]
fn access_denied_is_discarded_after_the_retry_limit() {
    let mut s = setup(&[Errno::ACCESS, Errno::PERM, Errno::ROFS], 2, 1);
    let op = write(1, "f", b"lost");
    let shown = s.root.path().join("f").display().to_string();
    assert_eq!(
        retry_of(s.applier.apply(&op)),
        (FailureKind::AccessDenied, 1, Duration::from_secs(7), false)
    );
    assert_eq!(
        retry_of(s.applier.apply(&op)),
        (FailureKind::AccessDenied, 2, Duration::from_secs(7), true)
    );
    let dropped = s.applier.apply(&op).unwrap();
    assert!(
        matches!(
            dropped,
            Applied::Dropped {
                kind: FailureKind::AccessDenied,
                retries: 2,
                ..
            }
        ),
        "{dropped:?}"
    );
    assert_eq!(s.applier.last_applied(), 1);
    assert!(!s.root.path().join("f").exists());
    // The next operation goes on; the discarded one is a duplicate if resent.
    assert_eq!(s.applier.apply(&op).unwrap(), Applied::Duplicate);
    assert_eq!(
        s.applier.apply(&write(2, "g", b"ok")).unwrap(),
        Applied::Done { retries: 0 }
    );
    let counters = s.applier.counters();
    assert_eq!((counters.retries.get(), counters.ops_dropped.get()), (2, 1));
    assert_eq!(
        events(s.log_dir.path()),
        [
            (
                4112,
                format!(
                    "Target can not write {shown} due to access denied. Operation will be retried (2 times or forever)"
                )
            ),
            (
                4150,
                format!(
                    "Target write {shown} failed after 2 retries and will be discarded. See the event log or log files for error conditions. After correcting the problem, you should re-mirror or run a verify to resynchronize the changes."
                )
            ),
        ]
    );
}

#[test]
fn each_new_kind_of_failure_is_logged_once() {
    let mut s = setup(&[Errno::TXTBSY, Errno::BUSY, Errno::IO, Errno::IO], 0, 0);
    let op = write(1, "f", b"x");
    assert_eq!(
        retry_of(s.applier.apply(&op)).0,
        FailureKind::SharingViolation
    );
    assert_eq!(
        retry_of(s.applier.apply(&op)).0,
        FailureKind::SharingViolation
    );
    assert_eq!(retry_of(s.applier.apply(&op)).0, FailureKind::Unknown);
    let (_, failures, _, status) = retry_of(s.applier.apply(&op));
    assert_eq!((failures, status), (4, false));
    assert_eq!(s.applier.apply(&op).unwrap(), Applied::Done { retries: 4 });
    let ids: Vec<u32> = events(s.log_dir.path())
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, [4111, 4113, 4120]);
}

#[test]
fn a_diverged_replica_is_discarded_at_once() {
    let mut s = setup(&[], 0, 10);
    let op = SequencedOp {
        seq: 1,
        origin: OpOrigin::Replication,
        op: Operation::SetMeta {
            path: RelPath::from_bytes(b"missing").unwrap(),
            meta: FileMeta {
                mode: 0o644,
                uid: 0,
                gid: 0,
                mtime_ns: 0,
            },
        },
    };
    let dropped = s.applier.apply(&op).unwrap();
    assert!(
        matches!(
            dropped,
            Applied::Dropped {
                kind: FailureKind::Diverged,
                retries: 0,
                ..
            }
        ),
        "{dropped:?}"
    );
    assert_eq!(s.applier.counters().ops_dropped.get(), 1);
    assert_eq!(s.applier.counters().retries.get(), 0);
    let ids: Vec<u32> = events(s.log_dir.path())
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, [4150]);
}

fn real_applier(root: &Path, state: &Path) -> Applier {
    Applier::open(root, state, "k")
        .unwrap()
        .with_policy(RetryPolicy {
            retry_limit: 0,
            retry_delay: Duration::ZERO,
            notify_after: 0,
        })
}

/// Root gets EPERM writing an immutable file: access denied, retried until the flag
/// goes.
#[test]
fn an_immutable_file_is_access_denied_until_it_is_not() {
    use rustix::fs::{ioctl_getflags, ioctl_setflags, IFlags};
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let path = root.path().join("f");
    fs::write(&path, b"old").unwrap();
    let file = fs::File::open(&path).unwrap();
    let flags = ioctl_getflags(&file).unwrap();
    if let Err(e) = ioctl_setflags(&file, flags | IFlags::IMMUTABLE) {
        // Needs CAP_LINUX_IMMUTABLE and a file system with the flag.
        assert!(
            !rustix::process::geteuid().is_root() || e == Errno::NOTTY || e == Errno::OPNOTSUPP,
            "{e}"
        );
        return;
    }
    let mut applier = real_applier(root.path(), state.path());
    let op = write(1, "f", b"new");
    let outcome = retry_of(applier.apply(&op));
    ioctl_setflags(&file, flags).unwrap();
    assert_eq!(outcome.0, FailureKind::AccessDenied);
    assert_eq!(fs::read(&path).unwrap(), b"old");
    assert_eq!(applier.apply(&op).unwrap(), Applied::Done { retries: 1 });
    assert_eq!(fs::read(&path).unwrap(), b"new");
}

/// Writing a program that is running gives ETXTBSY: a sharing violation.
#[test]
fn a_running_program_is_a_sharing_violation_until_it_exits() {
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let program = root.path().join("sleep");
    fs::copy("/bin/sleep", &program).unwrap();
    let mut child = Command::new(&program).arg("30").spawn().unwrap();
    let mut applier = real_applier(root.path(), state.path());
    let op = write(1, "sleep", b"#!");
    let outcome = applier.apply(&op);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(retry_of(outcome).0, FailureKind::SharingViolation);
    assert_eq!(applier.apply(&op).unwrap(), Applied::Done { retries: 1 });
    assert_eq!(&fs::read(&program).unwrap()[..2], b"#!");
}

const FSIZE_CHILD: &str = "DTSUITE_APPLY_FSIZE_CHILD";

/// A real "no more room": this test re-runs itself in a child process limited by
/// RLIMIT_FSIZE (SIGXFSZ ignored, so the write fails with EFBIG): the applier reports
/// target full, writes nothing more, and succeeds once there is room again.
#[test]
fn a_file_size_limit_is_target_full() {
    if let Some(dir) = std::env::var_os(FSIZE_CHILD) {
        fsize_child(Path::new(&dir));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; exec \"$0\" \"$@\"")
        .arg(&exe)
        .args([
            "--exact",
            "a_file_size_limit_is_target_full",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(FSIZE_CHILD, dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("1 passed"), "{stdout}");
    let written: PathBuf = dir.path().join("replica/big");
    assert_eq!(fs::metadata(&written).unwrap().len(), 8192);
    assert!(dir.path().join("done").exists());
}

fn fsize_child(dir: &Path) {
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    let root = dir.join("replica");
    let mut applier = real_applier(&root, &dir.join("state"));
    let old = getrlimit(Resource::Fsize);
    setrlimit(
        Resource::Fsize,
        Rlimit {
            current: Some(4096),
            maximum: old.maximum,
        },
    )
    .unwrap();
    let op = write(1, "big", &[7u8; 8192]);
    let outcome = retry_of(applier.apply(&op));
    setrlimit(Resource::Fsize, old).unwrap();
    assert_eq!(outcome.0, FailureKind::TargetFull);
    assert_eq!(fs::metadata(root.join("big")).unwrap().len(), 4096);
    assert_eq!(applier.apply(&op).unwrap(), Applied::Done { retries: 1 });
    fs::write(dir.join("done"), b"").unwrap();
}
