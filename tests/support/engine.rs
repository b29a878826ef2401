//! A real `dtengine` in its own folder for end-to-end tests (its management, stats and
//! replication ports free loopback ports, its LogDir `<dir>/log`), driven with `dtctl`;
//! killed on drop.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::workspace_bin::workspace_bin;

/// 24 alphanumerics: without an activation code the engine starts no job.
const ACTIVATION_CODE: &str = "ABCDEFGHIJKLMNOPQRSTUVWX";

/// A free loopback TCP port (free when this returns).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a loopback port")
        .port()
}

/// A running dtengine in its own folder, killed when dropped.
pub struct Engine {
    /// The management port (`dtctl --engine`).
    pub management: u16,
    /// The stats port.
    pub stats: u16,
    dir: PathBuf,
    child: Child,
}

impl Engine {
    /// Starts an engine in `dir` and waits (up to 20 s) until `dtctl status` answers.
    pub fn start(dir: &Path) -> Engine {
        std::fs::create_dir_all(dir).expect("engine dir");
        let (management, stats, net) = (free_port(), free_port(), free_port());
        let d = dir.display();
        std::fs::write(
            dir.join("DT.conf"),
            format!(
                "LogDir={d}/log\nDataDir={d}/data\nJobLogDir={d}/jobs\nQJournalDir={d}/queue\n\
                 ManagementPort={management}\nStatsPort={stats}\nNetAddress=127.0.0.1\n\
                 NetPort={net}\nActivationCode={ACTIVATION_CODE}\n"
            ),
        )
        .expect("write DT.conf");
        let child = Command::new(workspace_bin("engine", "dtengine"))
            .arg("--config")
            .arg(dir.join("DT.conf"))
            .env_remove("DT_CONF")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dtengine");
        let engine = Engine {
            management,
            stats,
            dir: dir.to_owned(),
            child,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !engine.dtctl(&["status"]).status.success() {
            assert!(Instant::now() < deadline, "dtengine did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        engine
    }

    /// `HOST:PORT` of the management port.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.management)
    }

    /// The engine's LogDir.
    pub fn log_dir(&self) -> PathBuf {
        self.dir.join("log")
    }

    /// Runs `dtctl --engine <this> args`.
    pub fn dtctl(&self, args: &[&str]) -> Output {
        Command::new(workspace_bin("engine", "dtctl"))
            .arg("--engine")
            .arg(self.address())
            .args(args)
            .output()
            .expect("run dtctl")
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
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
