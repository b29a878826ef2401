//! `dtnotify`: mails the Linux job events 5700–5718 of every job log.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use dtnotify::check::effective_settings;
use dtnotify::config::{DeliveryTarget, Settings, DEFAULT_CONFIG_PATH};
use dtnotify::delivery::Delivery;
use dtnotify::email_code::EmailCode;
use dtnotify::spool::Spool;
use dtnotify::test_mail::send_test_mail;
use dtnotify::watch::Watch;

/// E-mail notification of the Linux job events 5700–5718.
#[derive(Debug, Parser)]
#[command(name = "dtnotify", version)]
struct Cli {
    /// The configuration file.
    #[arg(long, global = true, env = "DTNOTIFY_CONFIG", default_value = DEFAULT_CONFIG_PATH)]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Follows the job logs and mails the selected events until SIGTERM or Ctrl-C.
    Run,
    /// Sends a test e-mail and reports the outcome with the guide's e-mail codes.
    Test {
        /// Recipient instead of the configured ones.
        #[arg(long)]
        to: Option<String>,
    },
    /// Validates the configuration and prints the effective settings (password masked).
    Check,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(&cli.config) {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("dtnotify: {err} ({})", err.code());
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("dtnotify: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Check => {
            print!("{}", effective_settings(&settings));
            ExitCode::SUCCESS
        }
        Command::Test { to } => match runtime.block_on(send_test_mail(&settings, to.as_deref())) {
            Ok(report) => {
                println!("dtnotify: {report} ({})", EmailCode::Functioning);
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("dtnotify: {} ({err})", EmailCode::SendingTest);
                ExitCode::FAILURE
            }
        },
        Command::Run => match runtime.block_on(run(settings)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("dtnotify: {err:#}");
                ExitCode::FAILURE
            }
        },
    }
}

async fn run(settings: Settings) -> anyhow::Result<()> {
    let spool_dir = settings.spool_dir();
    let spool =
        Spool::open(&spool_dir).with_context(|| format!("spool {}", spool_dir.display()))?;
    let delivery = Delivery::new(spool.clone(), settings.delivery.clone())?;
    let waiting = delivery
        .enqueue_spooled()
        .with_context(|| format!("spool {}", spool_dir.display()))?;
    delivery.spawn_workers();
    let target = match &settings.delivery {
        DeliveryTarget::Smtp(smtp) => {
            format!("smtp {}:{} ({})", smtp.host, smtp.port, smtp.tls.name())
        }
        DeliveryTarget::Files { dir } => format!(".eml files in {}", dir.display()),
    };
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let stop = Arc::clone(&stop);
        let delivery = Arc::clone(&delivery);
        let settings = settings.clone();
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let watch = Watch::new(&settings, spool)?;
            // Printed once the job logs present at the start are followed: a log created
            // from now on is read from its start.
            eprintln!(
                "dtnotify: following {} and mailing to {target}; {waiting} mail(s) waiting in the spool",
                settings.job_log_dir.display()
            );
            watch.run(&stop, |name| delivery.enqueue(name))?;
            Ok(())
        })
    };
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
        finished = watcher => return finished.context("watcher")?,
    }
    stop.store(true, Ordering::Relaxed);
    eprintln!(
        "dtnotify: stopping; {} mail(s) delivered",
        delivery.delivered()
    );
    Ok(())
}
