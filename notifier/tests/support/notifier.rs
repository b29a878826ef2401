//! The `dtnotify` binary under test: a configuration in a temp dir, the process with its
//! stderr in a file, killed (SIGKILL) on drop or on demand.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// Folders of one notifier: job logs, state (cursors and spool), configuration.
pub struct Layout {
    /// The job log directory.
    pub job_logs: PathBuf,
    /// The state directory.
    pub state: PathBuf,
    /// The configuration file.
    pub config: PathBuf,
    root: PathBuf,
}

impl Layout {
    /// The folders under `root`, created, with the (empty) job state directory an earlier
    /// run leaves: job logs written before the start are read from their start.
    pub fn new(root: &Path) -> Layout {
        let layout = Layout::first_start(root);
        fs::create_dir_all(layout.state.join("jobs")).expect("job state dir");
        layout
    }

    /// The folders under `root`, created, with no state at all: dtnotify's first start.
    pub fn first_start(root: &Path) -> Layout {
        let layout = Layout {
            job_logs: root.join("joblogs"),
            state: root.join("state"),
            config: root.join("dtnotify.toml"),
            root: root.to_owned(),
        };
        fs::create_dir_all(&layout.job_logs).expect("job log dir");
        layout
    }

    /// Writes the configuration: the paths, then `rest` (sections such as `[smtp]`).
    pub fn write_config(&self, rest: &str) {
        let text = format!(
            "job_log_dir = \"{}\"\nstate_dir = \"{}\"\nhost_name = \"alpha\"\npoll_interval = \"50ms\"\n{rest}",
            self.job_logs.display(),
            self.state.display()
        );
        fs::write(&self.config, text).expect("config written");
    }

    /// The spool directory.
    pub fn spool(&self) -> PathBuf {
        self.state.join("spool")
    }

    /// How many mails wait in the spool.
    pub fn spooled(&self) -> usize {
        fs::read_dir(self.spool()).map_or(0, |dir| {
            dir.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".mail"))
                .count()
        })
    }

    /// Starts `dtnotify run`; stderr goes to `dtnotify-N.err` under the root.
    pub fn start(&self) -> Notifier {
        self.start_env(&[])
    }

    /// Starts `dtnotify run` with extra environment variables.
    pub fn start_env(&self, env: &[(&str, &str)]) -> Notifier {
        let n = fs::read_dir(&self.root).map_or(0, |d| d.count());
        let stderr_path = self.root.join(format!("dtnotify-{n}.err"));
        let child = Command::new(env!("CARGO_BIN_EXE_dtnotify"))
            .arg("--config")
            .arg(&self.config)
            .arg("run")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&stderr_path).expect("stderr file"))
            .spawn()
            .expect("dtnotify starts");
        Notifier { child, stderr_path }
    }

    /// Runs `dtnotify ARGS…` with this configuration to completion.
    pub fn command(&self, args: &[&str]) -> Output {
        self.command_env(args, &[])
    }

    /// Runs `dtnotify ARGS…` with extra environment variables to completion.
    pub fn command_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_dtnotify"))
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .output()
            .expect("dtnotify runs")
    }
}

/// Runs `dtnotify --config CONFIG ARGS…` to completion.
pub fn dtnotify(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dtnotify"))
        .arg("--config")
        .arg(config)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("dtnotify runs")
}

/// A running `dtnotify run`.
pub struct Notifier {
    child: Child,
    stderr_path: PathBuf,
}

impl Notifier {
    /// What it wrote to stderr so far.
    pub fn stderr(&self) -> String {
        fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    /// Stops it with SIGTERM; its exit status once it ended.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        self.child.wait().expect("dtnotify reaped")
    }

    /// Kills it with SIGKILL and reaps it.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Notifier {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
