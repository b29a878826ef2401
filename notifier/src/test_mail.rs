//! `dtnotify test [--to ADDR]`: one mail sent at once (not through the spool), and the
//! outcome as the guide's e-mail codes.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use lettre::message::Mailbox;
use thiserror::Error;

use crate::compose::Composer;
use crate::config::{DeliveryTarget, Settings, DEFAULT_SEND_TIMEOUT};
use crate::email_code::EmailCode;
use crate::transport::MailTransport;

/// Why the test mail was not sent.
#[derive(Debug, Error)]
#[error("{code}: {detail}")]
pub struct TestMailError {
    /// The guide's code for the failure.
    pub code: EmailCode,
    /// What happened.
    pub detail: String,
}

/// Sends the test mail to `to` (or the configured recipients); returns where it went.
pub async fn send_test_mail(
    settings: &Settings,
    to: Option<&str>,
) -> Result<String, TestMailError> {
    let recipients: Vec<Mailbox> = match to {
        Some(text) => vec![text.parse().map_err(|err| TestMailError {
            code: EmailCode::FormatInvalid,
            detail: format!("--to \"{text}\" is not an e-mail address: {err}"),
        })?],
        None => settings.to.clone(),
    };
    if recipients.is_empty() {
        return Err(TestMailError {
            code: EmailCode::AddressListEmpty,
            detail: "no recipient".into(),
        });
    }
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let mail = Composer::new(settings, &BTreeMap::new())
        .message(
            &recipients,
            &format!("[{}] dtnotify test e-mail", settings.host_name),
            format!(
                "This is a test e-mail from dtnotify on {}.\nJob events 5700-5718 selected by {} are mailed to this address.\n",
                settings.host_name,
                settings.path.display()
            ),
            format!("test.{stamp}"),
        )
        .map_err(|err| TestMailError {
            code: EmailCode::FormatInvalid,
            detail: err.to_string(),
        })?;
    let transport = MailTransport::build(&settings.delivery).map_err(|err| TestMailError {
        code: EmailCode::SettingInvalid,
        detail: err.to_string(),
    })?;
    let (timeout, place) = match &settings.delivery {
        DeliveryTarget::Smtp(smtp) => (
            smtp.timeout,
            format!("{}:{} ({})", smtp.host, smtp.port, smtp.tls.name()),
        ),
        DeliveryTarget::Files { dir } => (
            DEFAULT_SEND_TIMEOUT,
            format!("the outbox folder {}", dir.display()),
        ),
    };
    transport
        .send(&mail.envelope, &mail.raw, timeout)
        .await
        .map_err(|err| TestMailError {
            code: err.code(),
            detail: format!("{place}: {err}"),
        })?;
    let to_list: Vec<String> = recipients.iter().map(ToString::to_string).collect();
    Ok(format!(
        "test e-mail to {} accepted by {place}",
        to_list.join(", ")
    ))
}
