//! The way out: lettre's async SMTP transport (pooled, TLS through rustls, AUTH) or its
//! file transport writing `.eml` files. Every send is wrapped in our own time-out, as
//! lettre's covers only the connect.

use std::fs;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use thiserror::Error;

use crate::config::{DeliveryTarget, SmtpSettings, TlsMode};
use crate::email_code::EmailCode;

/// A transport ready to send.
#[derive(Clone)]
pub enum MailTransport {
    /// SMTP with a connection pool.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in a folder.
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// A transport that cannot be set up from the settings.
#[derive(Debug, Error)]
pub enum SetupError {
    /// The CA file cannot be read or is not PEM.
    #[error("smtp.ca_file {}: {message}", path.display())]
    CaFile {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// lettre refused the TLS parameters.
    #[error("TLS setup for {host}: {source}")]
    Tls {
        /// The relay.
        host: String,
        /// lettre's error.
        source: lettre::transport::smtp::Error,
    },
    /// The outbox folder cannot be created.
    #[error("outbox_dir {}: {source}", path.display())]
    Outbox {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

/// A send that failed; the mail stays in the spool.
#[derive(Debug, Error)]
pub enum SendError {
    /// The SMTP exchange failed.
    #[error("{0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    /// Our time-out expired.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// The `.eml` file could not be written.
    #[error("{0}")]
    Files(#[from] lettre::transport::file::Error),
}

impl SendError {
    /// 2201 when the server answered with an error, 2202 when there was no usable
    /// connection (refused, TLS, time-out), 2207 for the file transport.
    pub fn code(&self) -> EmailCode {
        match self {
            SendError::Smtp(err) if err.status().is_some() => EmailCode::Communicating,
            SendError::Smtp(_) | SendError::Timeout(_) => EmailCode::Connecting,
            SendError::Files(_) => EmailCode::Sending,
        }
    }
}

impl MailTransport {
    /// Builds the transport for `target` (opens no connection).
    pub fn build(target: &DeliveryTarget) -> Result<MailTransport, SetupError> {
        match target {
            DeliveryTarget::Smtp(smtp) => smtp_transport(smtp).map(MailTransport::Smtp),
            DeliveryTarget::Files { dir } => {
                fs::create_dir_all(dir).map_err(|source| SetupError::Outbox {
                    path: dir.clone(),
                    source,
                })?;
                Ok(MailTransport::Files(AsyncFileTransport::new(dir)))
            }
        }
    }

    /// Sends one message; fails after `timeout` whatever lettre does.
    pub async fn send(
        &self,
        envelope: &Envelope,
        raw: &[u8],
        timeout: Duration,
    ) -> Result<(), SendError> {
        match self {
            MailTransport::Smtp(smtp) => {
                match tokio::time::timeout(timeout, smtp.send_raw(envelope, raw)).await {
                    Ok(result) => result.map(drop).map_err(SendError::from),
                    Err(_) => Err(SendError::Timeout(timeout)),
                }
            }
            MailTransport::Files(files) => {
                match tokio::time::timeout(timeout, files.send_raw(envelope, raw)).await {
                    Ok(result) => result.map(drop).map_err(SendError::from),
                    Err(_) => Err(SendError::Timeout(timeout)),
                }
            }
        }
    }
}

fn smtp_transport(smtp: &SmtpSettings) -> Result<AsyncSmtpTransport<Tokio1Executor>, SetupError> {
    let tls = match smtp.tls {
        TlsMode::None => Tls::None,
        mode => {
            let mut builder = TlsParameters::builder(smtp.host.clone());
            if let Some(path) = &smtp.ca_file {
                let pem = fs::read(path).map_err(|err| SetupError::CaFile {
                    path: path.clone(),
                    message: err.to_string(),
                })?;
                let cert = Certificate::from_pem(&pem).map_err(|err| SetupError::CaFile {
                    path: path.clone(),
                    message: err.to_string(),
                })?;
                builder = builder.add_root_certificate(cert);
            }
            let parameters = builder.build_rustls().map_err(|source| SetupError::Tls {
                host: smtp.host.clone(),
                source,
            })?;
            if mode == TlsMode::Tls {
                Tls::Wrapper(parameters)
            } else {
                Tls::Required(parameters)
            }
        }
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.clone())
        .port(smtp.port)
        .tls(tls)
        .timeout(Some(smtp.timeout))
        .pool_config(PoolConfig::new().max_size(smtp.connections));
    if let Some(auth) = &smtp.auth {
        builder = builder
            .credentials(Credentials::new(
                auth.user.clone(),
                auth.password.expose().to_owned(),
            ))
            .authentication(vec![Mechanism::Plain, Mechanism::Login]);
    }
    Ok(builder.build())
}
