//! The configuration file (TOML, default `/etc/DT/dtnotify.toml`), validated into
//! [`Settings`]. `dtnotify.example.toml` beside this crate documents every key.

mod error;
mod raw;
mod smtp;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::Mailbox;
use logparse::catalog::EventLevel;
use logparse::dtl::DEFAULT_JOB_LOG_DIR;
use logparse::id_list::IdList;

pub use error::ConfigError;
pub use smtp::{
    Auth, Password, PasswordSource, SmtpSettings, TlsChoice, TlsMode, DEFAULT_CONNECTIONS,
    DEFAULT_RETRY_INITIAL, DEFAULT_RETRY_MAX, DEFAULT_SEND_TIMEOUT,
};

use crate::email_code::EmailCode;
use crate::grouping::GroupingSettings;
use crate::selection::Selection;
use crate::template::Template;
use raw::{RawConfig, RawSmtp};

/// Where the configuration is read from when `--config` is not given.
pub const DEFAULT_CONFIG_PATH: &str = "/etc/DT/dtnotify.toml";
/// Where cursors and the spool live by default.
pub const DEFAULT_STATE_DIR: &str = "/var/lib/dtsuite/dtnotify";
/// The engine asked for job names by default: its management port (DT.conf's default).
pub const DEFAULT_ENGINE: &str = "127.0.0.1:1501";
/// How often the job logs are polled by default.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_millis(200);
/// The default subject template.
pub const DEFAULT_SUBJECT: &str = "[{host}] job {job_name}: {level} {id}: {message}";
/// The default body template, repeated for each event of a mail.
pub const DEFAULT_BODY: &str = "Event {id} ({level}) at {time} on {host}\n\
Job: {job_name} ({job_guid})\n\
Message: {message}\n\
Required response: {response}";

/// Where mails go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryTarget {
    /// An SMTP relay.
    Smtp(SmtpSettings),
    /// `.eml` files in a folder (no `[smtp]` section): the suite's embedded default.
    Files {
        /// The outbox folder.
        dir: PathBuf,
    },
}

/// Per-job settings, `[jobs."GUID"]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JobSettings {
    /// The job's name for the templates (the GUID when absent).
    pub name: Option<String>,
    /// Recipients for this job instead of `mail.to`.
    pub to: Option<Vec<Mailbox>>,
}

/// A validated configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The file it was read from.
    pub path: PathBuf,
    /// The job log directory.
    pub job_log_dir: PathBuf,
    /// Cursors (`jobs/`) and the spool (`spool/`).
    pub state_dir: PathBuf,
    /// This machine's name for the `{host}` placeholder.
    pub host_name: String,
    /// The management port (`HOST:PORT`) of the engine asked for job names, if any.
    pub engine: Option<String>,
    /// How often job logs are polled.
    pub poll_interval: Duration,
    /// SMTP or files.
    pub delivery: DeliveryTarget,
    /// Sender.
    pub from: Mailbox,
    /// Default recipients.
    pub to: Vec<Mailbox>,
    /// Per-job names and recipients, by lower-case GUID.
    pub jobs: BTreeMap<String, JobSettings>,
    /// Subject template.
    pub subject: Template,
    /// Body template (one block per event).
    pub body: Template,
    /// Which events are mailed.
    pub selection: Selection,
    /// Group window, repeat interval.
    pub grouping: GroupingSettings,
}

impl Settings {
    /// Reads and validates `path`.
    pub fn load(path: &Path) -> Result<Settings, ConfigError> {
        let text = fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Settings::parse(path, &text)
    }

    /// Validates `text` as if read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Settings, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|err| {
            let at = err.span().map_or(0, |span| span.start);
            let before = &text[..at.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |n| n + 1) + 1;
            ConfigError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: err.message().replace('\n', " "),
            }
        })?;
        Validator { path }.settings(raw)
    }

    /// The recipients of job `guid`'s mails.
    pub fn recipients(&self, guid: &str) -> &[Mailbox] {
        self.job(guid)
            .and_then(|job| job.to.as_deref())
            .unwrap_or(&self.to)
    }

    /// The name of job `guid` for the templates: the configured one, else the one in
    /// `learned` (by lower-case GUID, from the engine), else the GUID.
    pub fn job_name<'a>(&'a self, guid: &'a str, learned: &'a BTreeMap<String, String>) -> &'a str {
        self.job(guid)
            .and_then(|job| job.name.as_deref())
            .or_else(|| learned.get(&guid.to_ascii_lowercase()).map(String::as_str))
            .unwrap_or(guid)
    }

    fn job(&self, guid: &str) -> Option<&JobSettings> {
        self.jobs.get(&guid.to_ascii_lowercase())
    }

    /// The spool directory (the durable outbox of mails not yet accepted).
    pub fn spool_dir(&self) -> PathBuf {
        self.state_dir.join("spool")
    }

    /// The directory of the per-job cursors.
    pub fn cursor_dir(&self) -> PathBuf {
        self.state_dir.join("jobs")
    }
}

struct Validator<'a> {
    path: &'a Path,
}

impl Validator<'_> {
    fn invalid(&self, option: &str, message: impl Into<String>, code: EmailCode) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.to_owned(),
            option: option.to_owned(),
            message: message.into(),
            code,
        }
    }

    fn settings(&self, raw: RawConfig) -> Result<Settings, ConfigError> {
        let host_name = match raw.host_name {
            Some(name) if name.trim().is_empty() => {
                return Err(self.invalid("host_name", "is empty", EmailCode::SettingInvalid))
            }
            Some(name) => name,
            None => rustix::system::uname()
                .nodename()
                .to_string_lossy()
                .into_owned(),
        };
        let engine = match raw.engine.as_deref().map(str::trim) {
            None => Some(DEFAULT_ENGINE.to_owned()),
            Some("") => None,
            Some(address) => match address.rsplit_once(':') {
                Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => {
                    Some(address.to_owned())
                }
                _ => {
                    return Err(self.invalid(
                        "engine",
                        format!("\"{address}\" is not HOST:PORT (\"\" asks no engine)"),
                        EmailCode::SettingInvalid,
                    ))
                }
            },
        };
        let state_dir = raw
            .state_dir
            .unwrap_or_else(|| PathBuf::from(DEFAULT_STATE_DIR));
        let poll_interval = raw.poll_interval.unwrap_or(DEFAULT_POLL_INTERVAL);
        if poll_interval.is_zero() {
            return Err(self.invalid(
                "poll_interval",
                "must be above 0",
                EmailCode::SettingInvalid,
            ));
        }
        let delivery = match raw.smtp {
            Some(_) if raw.outbox_dir.is_some() => {
                return Err(self.invalid(
                    "outbox_dir",
                    "is only used without an [smtp] section (mails as .eml files)",
                    EmailCode::SettingInvalid,
                ))
            }
            Some(smtp) => DeliveryTarget::Smtp(self.smtp(smtp)?),
            None => DeliveryTarget::Files {
                dir: raw.outbox_dir.unwrap_or_else(|| state_dir.join("outbox")),
            },
        };
        let from = match raw.mail.from {
            Some(from) => self.mailbox("mail.from", &from)?,
            None => self.mailbox("mail.from", &format!("dtnotify@{host_name}"))?,
        };
        let to = self.mailboxes("mail.to", &raw.mail.to)?;
        let mut jobs = BTreeMap::new();
        for (guid, job) in raw.jobs {
            let option = format!("jobs.\"{guid}\"");
            if logparse::dtl::job_guid_of(&format!("job-{guid}.log")).is_none() {
                return Err(self.invalid(&option, "is not a job GUID", EmailCode::SettingInvalid));
            }
            let job_to = match job.to {
                Some(list) => Some(self.mailboxes(&format!("{option}.to"), &list)?),
                None => None,
            };
            jobs.insert(
                guid.to_ascii_lowercase(),
                JobSettings {
                    name: job.name,
                    to: job_to,
                },
            );
        }
        if to.is_empty() {
            return Err(self.invalid(
                "mail.to",
                "no recipient: give at least one address",
                EmailCode::AddressListEmpty,
            ));
        }
        let subject =
            self.template("mail.subject", raw.mail.subject.as_deref(), DEFAULT_SUBJECT)?;
        let body = self.template("mail.body", raw.mail.body.as_deref(), DEFAULT_BODY)?;
        Ok(Settings {
            path: self.path.to_owned(),
            job_log_dir: raw
                .job_log_dir
                .unwrap_or_else(|| PathBuf::from(DEFAULT_JOB_LOG_DIR)),
            state_dir,
            host_name,
            engine,
            poll_interval,
            delivery,
            from,
            to,
            jobs,
            subject,
            body,
            selection: self.selection(raw.events)?,
            grouping: self.grouping(raw.grouping)?,
        })
    }

    fn smtp(&self, raw: RawSmtp) -> Result<SmtpSettings, ConfigError> {
        if raw.host.trim().is_empty() {
            return Err(self.invalid("smtp.host", "is empty", EmailCode::SettingInvalid));
        }
        let (tls, tls_choice, port) = match (raw.tls, raw.port) {
            (Some(tls), Some(port)) => match TlsMode::implied_by(port) {
                Some(implied) if implied != tls => {
                    return Err(self.invalid(
                        "smtp.tls",
                        format!(
                            "\"{}\" contradicts port {port}, which means \"{}\"",
                            tls.name(),
                            implied.name()
                        ),
                        EmailCode::SettingInvalid,
                    ))
                }
                _ => (tls, TlsChoice::Explicit, port),
            },
            (Some(tls), None) => (tls, TlsChoice::Explicit, tls.default_port()),
            (None, Some(port)) => match TlsMode::implied_by(port) {
                Some(tls) => (tls, TlsChoice::ImpliedByPort, port),
                None => {
                    return Err(self.invalid(
                        "smtp.tls",
                        format!(
                            "missing: port {port} implies no mode; write tls = \"none\", \"starttls\" or \"tls\""
                        ),
                        EmailCode::SettingInvalid,
                    ))
                }
            },
            (None, None) => {
                return Err(self.invalid(
                    "smtp.tls",
                    "missing: write tls = \"none\", \"starttls\" or \"tls\" (or port 587 or 465)",
                    EmailCode::SettingInvalid,
                ))
            }
        };
        if port == 0 {
            return Err(self.invalid("smtp.port", "must be 1-65535", EmailCode::SettingInvalid));
        }
        if raw.ca_file.is_some() && tls == TlsMode::None {
            return Err(self.invalid(
                "smtp.ca_file",
                "is only used with tls = \"starttls\" or \"tls\"",
                EmailCode::SettingInvalid,
            ));
        }
        let auth = match (raw.user, raw.password_file, raw.password_env) {
            (None, None, None) => None,
            (None, _, _) => {
                return Err(self.invalid(
                    "smtp.user",
                    "missing: a password is given but no user",
                    EmailCode::SettingInvalid,
                ))
            }
            (Some(_), Some(_), Some(_)) => {
                return Err(self.invalid(
                    "smtp.password_file",
                    "give either password_file or password_env, not both",
                    EmailCode::SettingInvalid,
                ))
            }
            (Some(_), None, None) => {
                return Err(self.invalid(
                    "smtp.password_file",
                    "missing: smtp.user needs password_file or password_env",
                    EmailCode::SettingInvalid,
                ))
            }
            (Some(user), Some(file), None) => {
                let text = fs::read_to_string(&file).map_err(|err| {
                    self.invalid(
                        "smtp.password_file",
                        format!("{}: {err}", file.display()),
                        EmailCode::SettingInvalid,
                    )
                })?;
                let password = text.lines().next().unwrap_or("").to_owned();
                Some(Auth {
                    user,
                    password: Password::new(password),
                    source: PasswordSource::File(file),
                })
            }
            (Some(user), None, Some(var)) => {
                let password = std::env::var(&var).map_err(|_| {
                    self.invalid(
                        "smtp.password_env",
                        format!("environment variable {var} is not set (or not UTF-8)"),
                        EmailCode::SettingInvalid,
                    )
                })?;
                Some(Auth {
                    user,
                    password: Password::new(password),
                    source: PasswordSource::Env(var),
                })
            }
        };
        let connections = raw.connections.unwrap_or(DEFAULT_CONNECTIONS);
        if connections == 0 {
            return Err(self.invalid(
                "smtp.connections",
                "must be at least 1",
                EmailCode::SettingInvalid,
            ));
        }
        let timeout = raw.timeout.unwrap_or(DEFAULT_SEND_TIMEOUT);
        let retry_initial = raw.retry_initial.unwrap_or(DEFAULT_RETRY_INITIAL);
        let retry_max = raw.retry_max.unwrap_or(DEFAULT_RETRY_MAX);
        for (option, value) in [
            ("smtp.timeout", timeout),
            ("smtp.retry_initial", retry_initial),
            ("smtp.retry_max", retry_max),
        ] {
            if value.is_zero() {
                return Err(self.invalid(option, "must be above 0", EmailCode::SettingInvalid));
            }
        }
        Ok(SmtpSettings {
            host: raw.host,
            port,
            tls,
            tls_choice,
            ca_file: raw.ca_file,
            auth,
            timeout,
            connections,
            retry_initial,
            retry_max: retry_max.max(retry_initial),
        })
    }

    fn mailbox(&self, option: &str, text: &str) -> Result<Mailbox, ConfigError> {
        text.parse().map_err(|err| {
            self.invalid(
                option,
                format!("\"{text}\" is not an e-mail address: {err}"),
                EmailCode::FormatInvalid,
            )
        })
    }

    fn mailboxes(&self, option: &str, list: &[String]) -> Result<Vec<Mailbox>, ConfigError> {
        list.iter().map(|text| self.mailbox(option, text)).collect()
    }

    fn template(
        &self,
        option: &str,
        text: Option<&str>,
        default: &str,
    ) -> Result<Template, ConfigError> {
        text.unwrap_or(default)
            .parse()
            .map_err(|err| self.invalid(option, format!("{err}"), EmailCode::FormatInvalid))
    }

    fn selection(&self, raw: raw::RawEvents) -> Result<Selection, ConfigError> {
        let list = |option: &str, text: Option<String>| -> Result<Option<IdList>, ConfigError> {
            text.map(|text| {
                text.parse::<IdList>()
                    .map_err(|err| self.invalid(option, err.to_string(), EmailCode::SettingInvalid))
            })
            .transpose()
        };
        let levels = match raw.levels {
            None => vec![EventLevel::Error, EventLevel::Warning],
            Some(names) => names
                .iter()
                .map(|name| match name.to_ascii_lowercase().as_str() {
                    "error" => Ok(EventLevel::Error),
                    "warning" => Ok(EventLevel::Warning),
                    "information" => Ok(EventLevel::Information),
                    _ => Err(self.invalid(
                        "events.levels",
                        format!("\"{name}\" is not a level: use \"error\", \"warning\" or \"information\""),
                        EmailCode::SettingInvalid,
                    )),
                })
                .collect::<Result<_, _>>()?,
        };
        Ok(Selection {
            ids: list("events.ids", raw.ids)?,
            levels,
            exclude: list("events.exclude", raw.exclude)?,
            recoveries: raw.recoveries.unwrap_or(true),
        })
    }

    fn grouping(&self, raw: raw::RawGrouping) -> Result<GroupingSettings, ConfigError> {
        let defaults = GroupingSettings::default();
        let window = raw.window.unwrap_or(defaults.window);
        let repeat = raw.repeat.unwrap_or(defaults.repeat);
        if repeat.is_zero() {
            return Err(self.invalid(
                "grouping.repeat",
                "must be above 0",
                EmailCode::SettingInvalid,
            ));
        }
        Ok(GroupingSettings {
            enabled: raw.enabled.unwrap_or(defaults.enabled),
            window,
            repeat,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smtp(section: &str) -> Result<SmtpSettings, ConfigError> {
        let text =
            format!("[mail]\nto = [\"ops@example.com\"]\n[smtp]\nhost = \"relay\"\n{section}");
        Settings::parse(Path::new("t.toml"), &text).map(|s| match s.delivery {
            DeliveryTarget::Smtp(smtp) => smtp,
            DeliveryTarget::Files { .. } => panic!("no smtp"),
        })
    }

    #[test]
    fn the_tls_mode_follows_the_port_rule_and_is_never_guessed() {
        let implied = smtp("port = 465\n").unwrap();
        assert_eq!(
            (implied.tls, implied.tls_choice),
            (TlsMode::Tls, TlsChoice::ImpliedByPort)
        );
        let implied = smtp("port = 587\n").unwrap();
        assert_eq!(
            (implied.tls, implied.tls_choice),
            (TlsMode::Starttls, TlsChoice::ImpliedByPort)
        );
        let explicit = smtp("tls = \"none\"\n").unwrap();
        assert_eq!((explicit.tls, explicit.port), (TlsMode::None, 25));
        let explicit = smtp("tls = \"tls\"\n").unwrap();
        assert_eq!(
            (explicit.port, explicit.tls_choice),
            (465, TlsChoice::Explicit)
        );
        assert_eq!(
            smtp("port = 2525\ntls = \"starttls\"\n").unwrap().port,
            2525
        );
        for bad in [
            "port = 2525\n",
            "",
            "port = 587\ntls = \"tls\"\n",
            "port = 465\ntls = \"none\"\n",
        ] {
            let err = smtp(bad).unwrap_err();
            assert!(
                err.to_string().starts_with("t.toml: smtp.tls: "),
                "{bad:?}: {err}"
            );
            assert_eq!(err.code(), EmailCode::SettingInvalid);
        }
    }

    #[test]
    fn defaults_are_the_guides_and_the_issues() {
        let settings =
            Settings::parse(Path::new("t.toml"), "[mail]\nto = [\"ops@example.com\"]\n").unwrap();
        assert_eq!(settings.job_log_dir, Path::new("/opt/dbtk/log"));
        assert_eq!(settings.state_dir, Path::new(DEFAULT_STATE_DIR));
        assert_eq!(
            settings.delivery,
            DeliveryTarget::Files {
                dir: PathBuf::from(DEFAULT_STATE_DIR).join("outbox")
            }
        );
        assert_eq!(settings.grouping, GroupingSettings::default());
        assert_eq!(settings.selection, Selection::default());
        let none = BTreeMap::new();
        assert_eq!(
            settings.job_name("A6CBF990-BA67-403D-855F-5BB44C18E1D6", &none),
            "A6CBF990-BA67-403D-855F-5BB44C18E1D6"
        );
        assert_eq!(settings.engine.as_deref(), Some(DEFAULT_ENGINE));
    }

    #[test]
    fn the_engine_names_jobs_the_configuration_does_not() {
        let text = "engine = \"alpha:1501\"\n[mail]\nto = [\"ops@example.com\"]\n\
                    [jobs.\"A6CBF990-BA67-403D-855F-5BB44C18E1D6\"]\nname = \"web\"\n";
        let settings = Settings::parse(Path::new("t.toml"), text).unwrap();
        assert_eq!(settings.engine.as_deref(), Some("alpha:1501"));
        let learned = BTreeMap::from([
            (
                "a6cbf990-ba67-403d-855f-5bb44c18e1d6".to_owned(),
                "engine's".to_owned(),
            ),
            (
                "b6cbf990-ba67-403d-855f-5bb44c18e1d6".to_owned(),
                "db".to_owned(),
            ),
        ]);
        assert_eq!(
            settings.job_name("A6CBF990-BA67-403D-855F-5BB44C18E1D6", &learned),
            "web"
        );
        assert_eq!(
            settings.job_name("B6CBF990-BA67-403D-855F-5BB44C18E1D6", &learned),
            "db"
        );
        let off = Settings::parse(
            Path::new("t.toml"),
            "engine = \"\"\n[mail]\nto = [\"a@b.c\"]\n",
        );
        assert_eq!(off.unwrap().engine, None);
        let bad = Settings::parse(
            Path::new("t.toml"),
            "engine = \"alpha\"\n[mail]\nto = [\"a@b.c\"]\n",
        );
        assert_eq!(
            bad.unwrap_err().to_string(),
            "t.toml: engine: \"alpha\" is not HOST:PORT (\"\" asks no engine)"
        );
    }

    #[test]
    fn jobs_have_their_own_names_and_recipients() {
        let text = "[mail]\nto = [\"ops@example.com\"]\n\
                    [jobs.\"A6CBF990-BA67-403D-855F-5BB44C18E1D6\"]\nname = \"web\"\nto = [\"web@example.com\"]\n";
        let settings = Settings::parse(Path::new("t.toml"), text).unwrap();
        let guid = "a6cbf990-ba67-403d-855f-5bb44c18e1d6";
        assert_eq!(settings.job_name(guid, &BTreeMap::new()), "web");
        assert_eq!(settings.recipients(guid)[0].to_string(), "web@example.com");
        assert_eq!(
            settings.recipients("other")[0].to_string(),
            "ops@example.com"
        );
        let bad = Settings::parse(
            Path::new("t.toml"),
            "[mail]\nto = [\"a@b.c\"]\n[jobs.web]\n",
        )
        .unwrap_err();
        assert_eq!(bad.to_string(), "t.toml: jobs.\"web\": is not a job GUID");
    }
}
