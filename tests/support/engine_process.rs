//! A real dtengine in its own folder with free ports, driven with dtctl; it can be
//! killed, stopped with SIGTERM and started again on the same ports. Killed on drop.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::workspace_bin::workspace_bin;

/// The ActivationCode every test engine gets: jobs start only with 24 alphanumerics.
pub const ACTIVATION_CODE: &str = "ABCDEFGHIJKLMNOPQRSTUVWX";

/// A free TCP port on 127.0.0.1 right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a loopback port")
        .port()
}

/// A dtengine, running or not.
pub struct Engine {
    /// Its folder: DT.conf, log/, jobs/, data/, queue/.
    pub dir: PathBuf,
    /// ManagementPort.
    pub management: u16,
    /// StatsPort.
    pub stats: u16,
    /// NetPort.
    pub net: u16,
    child: Option<Child>,
}

impl Engine {
    /// Writes DT.conf in `dir` (folders inside it, free ports, `extra` lines) and starts.
    pub fn start(dir: &Path, extra: &str) -> Engine {
        std::fs::create_dir_all(dir).unwrap();
        let (management, stats, net) = (free_port(), free_port(), free_port());
        let d = dir.display();
        std::fs::write(
            dir.join("DT.conf"),
            format!(
                "LogDir={d}/log\nDataDir={d}/data\nJobLogDir={d}/jobs\nQJournalDir={d}/queue\n\
                 ManagementPort={management}\nStatsPort={stats}\nNetAddress=127.0.0.1\n\
                 NetPort={net}\nActivationCode={ACTIVATION_CODE}\n{extra}"
            ),
        )
        .unwrap();
        let mut engine = Engine {
            dir: dir.to_owned(),
            management,
            stats,
            net,
            child: None,
        };
        engine.run();
        engine
    }

    /// Starts the process again (after [`Engine::kill`] or [`Engine::stop`]) and waits
    /// until it answers.
    pub fn run(&mut self) {
        assert!(self.child.is_none(), "the engine is running");
        let out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("dtengine.out"))
            .unwrap();
        let child = Command::new(workspace_bin("engine", "dtengine"))
            .arg("--config")
            .arg(self.dir.join("DT.conf"))
            .env_remove("DT_CONF")
            .stdout(Stdio::null())
            .stderr(out)
            .spawn()
            .unwrap();
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.dtctl(&["status"]).status.success() {
            assert!(Instant::now() < deadline, "dtengine did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the process (SIGKILL): no clean stop.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stops the process cleanly (SIGTERM) and waits for it.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let status = child.wait().unwrap();
            assert!(status.success(), "dtengine exited with {status}");
        }
    }

    /// Its LogDir.
    pub fn log_dir(&self) -> PathBuf {
        self.dir.join("log")
    }

    /// Its management address.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.management)
    }

    /// Runs dtctl against it.
    pub fn dtctl(&self, args: &[&str]) -> Output {
        Command::new(workspace_bin("engine", "dtctl"))
            .arg("--engine")
            .arg(self.address())
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs dtctl --json against it; panics unless it succeeds.
    pub fn dtctl_json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.dtctl(&[&["--json"], args].concat());
        assert!(
            out.status.success(),
            "dtctl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// Runs `dtctl` and returns its standard output; panics if it failed.
    pub fn dtctl_ok(&self, args: &[&str]) -> String {
        let out = self.dtctl(args);
        assert!(
            out.status.success(),
            "dtctl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Creates replication set `name` of `data` (recursive) and a job protecting it to
    /// `target` under `replica`; returns the job's GUID.
    pub fn create_job(&self, name: &str, data: &Path, target: &Engine, replica: &Path) -> String {
        let rule = format!("{},inc,rec", data.display());
        self.dtctl_ok(&["repset", "create", name, "--rule", &rule]);
        let created: serde_json::Value = serde_json::from_str(&self.dtctl_ok(&[
            "--json",
            "job",
            "create",
            "--name",
            name,
            "--repset",
            name,
            "--source",
            &self.address(),
            "--target",
            &target.address(),
            "--target-path",
            &replica.display().to_string(),
        ]))
        .expect("dtctl job create --json");
        created["id"].as_str().expect("the job's id").to_owned()
    }

    /// `dtctl job show` of `job`, as JSON.
    pub fn job(&self, job: &str) -> serde_json::Value {
        serde_json::from_str(&self.dtctl_ok(&["--json", "job", "show", job]))
            .expect("dtctl job show --json")
    }

    /// Waits (up to `limit`) until `job`'s target data state is OK: its mirror is done.
    pub fn wait_for_target_data_ok(&self, job: &str, limit: Duration) {
        let deadline = Instant::now() + limit;
        loop {
            let shown = self.job(job);
            if shown["connection"]["target_data_state"] == "OK" {
                return;
            }
            assert!(Instant::now() < deadline, "{shown:#}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.kill();
    }
}
