//! The programs the demo runs, in one list, and their lifetime: started in order with
//! their output in the working folder, stopped with SIGTERM (SIGKILL after a grace
//! period) in reverse order.

use std::ffi::OsString;
use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use rustix::process::{kill_process, Pid, Signal};

use super::binaries::sibling;
use super::layout::Layout;
use super::snmp::SnmpMode;

/// How long a program has to exit after SIGTERM before it is killed.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// When a started program is ready for the next step.
#[derive(Debug, Clone)]
pub enum Ready {
    /// Once its management port answers `status`.
    Management(String),
    /// Once its output holds this text.
    Output(&'static str),
    /// Right away.
    Started,
}

/// One program to start.
#[derive(Debug, Clone)]
pub struct Launch {
    /// What the screen and messages call it.
    pub name: &'static str,
    /// The binary, next to dtsuite.
    pub binary: &'static str,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// When it is ready.
    pub ready: Ready,
}

/// Every program the demo runs, in start order: the two engines, the SNMP agent, then
/// the notifier (ready once it follows the source's job logs, before the job exists).
/// A new member of the suite joins the demo by adding its launch here.
pub fn launches(layout: &Layout, snmp: &SnmpMode) -> Vec<Launch> {
    let engine = |engine: &super::layout::EngineLayout, name| Launch {
        name,
        binary: "dtengine",
        args: vec!["--config".into(), engine.conf().into()],
        ready: Ready::Management(engine.management_address()),
    };
    vec![
        engine(&layout.source, "source dtengine"),
        engine(&layout.target, "target dtengine"),
        Launch {
            name: "dtsubagent",
            binary: "dtsubagent",
            args: snmp.subagent_args(layout),
            ready: Ready::Started,
        },
        Launch {
            name: "dtnotify",
            binary: "dtnotify",
            args: vec![
                "--config".into(),
                layout.notify_conf.clone().into(),
                "run".into(),
            ],
            ready: Ready::Output(super::notify::READY),
        },
    ]
}

/// The binaries the demo needs besides the launches: those of the printed commands.
pub const HINT_BINARIES: [&str; 3] = ["dtctl", "dtstat", "logviewer"];

/// A started program.
#[derive(Debug)]
struct Running {
    name: &'static str,
    child: Child,
}

/// The started programs, stopped in reverse order by [`Processes::stop_all`] or on drop.
#[derive(Debug)]
pub struct Processes {
    bin_dir: PathBuf,
    output_dir: PathBuf,
    running: Vec<Running>,
}

impl Processes {
    /// No programs yet; binaries come from `bin_dir`, output goes to `output_dir`.
    pub fn new(bin_dir: &Path, output_dir: &Path) -> Processes {
        Processes {
            bin_dir: bin_dir.to_path_buf(),
            output_dir: output_dir.to_path_buf(),
            running: Vec::new(),
        }
    }

    /// Starts `launch` with stdout and stderr in `<output_dir>/<binary>-<n>.out` and
    /// waits until it is ready.
    pub fn start(&mut self, launch: &Launch) -> anyhow::Result<()> {
        let program = sibling(&self.bin_dir, launch.binary)?;
        std::fs::create_dir_all(&self.output_dir)
            .with_context(|| format!("cannot create {}", self.output_dir.display()))?;
        let out_path = self
            .output_dir
            .join(format!("{}.out", launch.name.replace(' ', "-")));
        let out = File::create(&out_path)
            .with_context(|| format!("cannot create {}", out_path.display()))?;
        // Their own process group: Ctrl-C on the terminal reaches only the demo, which
        // then stops them in order.
        let child = Command::new(&program)
            .process_group(0)
            .args(&launch.args)
            .env_remove("DT_CONF")
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .with_context(|| format!("cannot start {}", program.display()))?;
        self.running.push(Running {
            name: launch.name,
            child,
        });
        self.wait_ready(launch, &out_path)
    }

    fn wait_ready(&mut self, launch: &Launch, out_path: &Path) -> anyhow::Result<()> {
        let ready = || match &launch.ready {
            Ready::Management(address) => super::job::engine_answers(address),
            Ready::Output(text) => {
                std::fs::read_to_string(out_path).is_ok_and(|out| out.contains(text))
            }
            Ready::Started => true,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if ready() {
                return Ok(());
            }
            let running = self.running.last_mut().expect("just started");
            if let Some(status) = running.child.try_wait()? {
                anyhow::bail!(
                    "{} exited ({status}); see {}",
                    launch.name,
                    out_path.display()
                );
            }
            if Instant::now() > deadline {
                anyhow::bail!(
                    "{} was not ready within 20 s; see {}",
                    launch.name,
                    out_path.display()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The programs that have exited since they were started, with how.
    pub fn exited(&mut self) -> Vec<String> {
        self.running
            .iter_mut()
            .filter_map(|r| match r.child.try_wait() {
                Ok(Some(status)) => Some(format!("{} exited ({status})", r.name)),
                _ => None,
            })
            .collect()
    }

    /// Stops every program, the last started first: SIGTERM, then SIGKILL after
    /// [`STOP_GRACE`].
    pub fn stop_all(&mut self) {
        while let Some(mut running) = self.running.pop() {
            stop(&mut running.child);
        }
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        self.stop_all();
    }
}

/// SIGTERM, a grace period, then SIGKILL.
fn stop(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    let pid = i32::try_from(child.id()).ok().and_then(Pid::from_raw);
    if let Some(pid) = pid {
        let _ = kill_process(pid, Signal::TERM);
    }
    let deadline = Instant::now() + STOP_GRACE;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}
