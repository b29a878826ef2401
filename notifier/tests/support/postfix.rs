//! A private Postfix instance on a loopback port (the real MTA of one test): its own
//! configuration, queue and data folders under a temp dir, STARTTLS with a test
//! certificate, AUTH from its own sasldb, every recipient delivered to one Maildir.
//! Debian's own instance is neither used nor started. Needs root, as Postfix does.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::certs::ServerCert;

/// A running private instance, stopped on drop.
pub struct Postfix {
    conf: PathBuf,
    mail: PathBuf,
    /// The port its smtpd listens on (127.0.0.1).
    pub port: u16,
    root: PathBuf,
}

/// The compiled-in default of setting NAME (`postconf -d -h NAME`): where Debian put things.
fn postconf(name: &str) -> String {
    let output = Command::new("postconf")
        .args(["-d", "-h", name])
        .output()
        .expect("postconf runs (scripts/test installs postfix)");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// The numeric uid and gid of user `name`.
fn ids_of(name: &str) -> (String, String) {
    let id = |flag: &str| {
        let output = Command::new("id")
            .args([flag, name])
            .output()
            .expect("id runs");
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    };
    (id("-u"), id("-g"))
}

impl Postfix {
    /// Starts an instance under `root` (made traversable for the postfix user) on `port`,
    /// accepting AUTH from `user`@test.local with `password`.
    pub fn start(root: &Path, port: u16, cert: &ServerCert, user: &str, password: &str) -> Postfix {
        fs::set_permissions(root, fs::Permissions::from_mode(0o755)).expect("chmod root");
        let base = root.join("postfix");
        let conf = base.join("conf");
        let mail = base.join("mail");
        for dir in [
            conf.join("sasl"),
            base.join("queue"),
            base.join("data"),
            mail.clone(),
        ] {
            fs::create_dir_all(&dir).expect("postfix folders");
        }
        fs::copy(&cert.cert, conf.join("cert.pem")).expect("cert");
        fs::copy(&cert.key, conf.join("key.pem")).expect("key");
        fs::set_permissions(conf.join("key.pem"), fs::Permissions::from_mode(0o600))
            .expect("chmod key");

        // Debian's master.cf, with chroot off and smtpd on our port only.
        let master = fs::read_to_string(Path::new(&postconf("config_directory")).join("master.cf"))
            .expect("Debian's master.cf");
        let mut ours = String::new();
        for line in master.lines() {
            let service = line.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit());
            let mut columns: Vec<&str> = line.split_whitespace().collect();
            if service && columns.len() >= 8 {
                let listen = format!("127.0.0.1:{port}");
                if columns[0] == "smtp" && columns[1] == "inet" {
                    columns[0] = &listen;
                }
                if columns[4] == "y" {
                    columns[4] = "n";
                }
                ours.push_str(&columns.join(" "));
            } else {
                ours.push_str(line);
            }
            ours.push('\n');
        }
        fs::write(conf.join("master.cf"), ours).expect("master.cf");

        let (uid, gid) = ids_of("postfix");
        let b = base.display();
        let main = format!(
            "compatibility_level = 3.6\n\
             queue_directory = {b}/queue\ndata_directory = {b}/data\n\
             mail_owner = postfix\nsetgid_group = postdrop\n\
             myhostname = mail.test.local\nmydomain = test.local\n\
             inet_interfaces = 127.0.0.1\ninet_protocols = ipv4\nmydestination =\nmynetworks = 127.0.0.0/8\n\
             alias_maps =\nalias_database =\nsmtputf8_enable = no\n\
             maillog_file = {b}/maillog\nmaillog_file_prefixes = {b}\n\
             virtual_mailbox_domains = static:all\nvirtual_mailbox_base = {b}/mail\n\
             virtual_mailbox_maps = static:catchall/\n\
             virtual_uid_maps = static:{uid}\nvirtual_gid_maps = static:{gid}\n\
             smtpd_tls_cert_file = {b}/conf/cert.pem\nsmtpd_tls_key_file = {b}/conf/key.pem\n\
             smtpd_tls_security_level = may\n\
             smtpd_sasl_auth_enable = yes\nsmtpd_sasl_type = cyrus\nsmtpd_sasl_path = smtpd\n\
             smtpd_sasl_local_domain = test.local\nsmtpd_tls_auth_only = yes\n\
             smtpd_relay_restrictions = permit_sasl_authenticated, reject\n"
        );
        fs::write(conf.join("main.cf"), main).expect("main.cf");
        let sasldb = conf.join("sasl/sasldb2");
        fs::write(
            conf.join("sasl/smtpd.conf"),
            format!(
                "pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\nsasldb_path: {}\n",
                sasldb.display()
            ),
        )
        .expect("smtpd.conf");
        let mut saslpasswd = Command::new("saslpasswd2")
            .args(["-p", "-c", "-f"])
            .arg(&sasldb)
            .args(["-u", "test.local", user])
            .stdin(Stdio::piped())
            .spawn()
            .expect("saslpasswd2 runs (scripts/test installs sasl2-bin)");
        saslpasswd
            .stdin
            .take()
            .expect("stdin")
            .write_all(password.as_bytes())
            .expect("password written");
        assert!(saslpasswd.wait().expect("saslpasswd2").success());
        let status = Command::new("chown")
            .arg("postfix")
            .arg(&mail)
            .arg(base.join("data"))
            .arg(&sasldb)
            .status()
            .expect("chown");
        assert!(status.success());
        let start = Command::new("postfix")
            .arg("-c")
            .arg(&conf)
            .arg("start")
            .output()
            .expect("postfix runs");
        assert!(
            start.status.success(),
            "postfix start failed: {}{}",
            String::from_utf8_lossy(&start.stderr),
            fs::read_to_string(base.join("maillog")).unwrap_or_default()
        );
        let postfix = Postfix {
            conf,
            mail,
            port,
            root: base,
        };
        super::wait_until("postfix listening", || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        postfix
    }

    /// The messages delivered to the catch-all Maildir so far.
    pub fn delivered(&self) -> Vec<String> {
        fs::read_dir(self.mail.join("catchall/new")).map_or(Vec::new(), |dir| {
            dir.filter_map(Result::ok)
                .filter_map(|e| fs::read_to_string(e.path()).ok())
                .collect()
        })
    }

    /// Postfix's own log, for failure messages.
    pub fn log(&self) -> String {
        fs::read_to_string(self.root.join("maillog")).unwrap_or_default()
    }
}

impl Drop for Postfix {
    fn drop(&mut self) {
        let _ = Command::new("postfix")
            .arg("-c")
            .arg(&self.conf)
            .arg("stop")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
