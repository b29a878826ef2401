//! A draft made into a message: subject and body from the templates, the job's
//! recipients, and a Message-ID derived from the job GUID and sequence number, so that a
//! mail sent twice (crash between acceptance and removal) is recognisably the same.

use std::collections::BTreeMap;

use lettre::address::Envelope;
use lettre::message::{header::ContentType, Mailbox, Message};

use crate::config::Settings;
use crate::event::JobEvent;
use crate::grouping::Draft;
use crate::recovery::problems_ended_by;
use crate::template::Values;

/// A message ready for the spool and the transport.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The draft's key (spool file name and Message-ID local part).
    pub key: String,
    /// Sender and recipients.
    pub envelope: Envelope,
    /// The whole RFC 5322 message.
    pub raw: Vec<u8>,
}

/// Composes the drafts of one configuration.
#[derive(Debug, Clone)]
pub struct Composer<'a> {
    settings: &'a Settings,
    /// Job names learned from the engine, by lower-case GUID.
    learned: &'a BTreeMap<String, String>,
}

impl<'a> Composer<'a> {
    /// A composer for `settings`, naming jobs with `learned` names (by lower-case GUID)
    /// where the configuration names none.
    pub fn new(settings: &'a Settings, learned: &'a BTreeMap<String, String>) -> Composer<'a> {
        Composer { settings, learned }
    }

    /// The message for `draft`.
    pub fn compose(&self, draft: &Draft) -> Result<Outgoing, lettre::error::Error> {
        let guid = draft.guid();
        let key = draft.key();
        let (subject, body) = match draft {
            Draft::Events(events) => self.events_text(events),
            Draft::Reminder(problem) => {
                let values = self.values(&problem.event);
                (
                    format!("Still present: {}", self.settings.subject.render(&values)),
                    format!(
                        "This problem, first reported at {}, is still present (reminder {}).\n\n{}\n",
                        problem.event.time_text(),
                        problem.reminders,
                        self.settings.body.render(&values)
                    ),
                )
            }
        };
        self.message(self.settings.recipients(guid), &subject, body, key)
    }

    /// The message to `to` with Message-ID `<KEY@HOST>`: an event's, or one outside the
    /// event flow (the `test` command).
    pub fn message(
        &self,
        to: &[Mailbox],
        subject: &str,
        body: String,
        key: String,
    ) -> Result<Outgoing, lettre::error::Error> {
        let message_id = format!("<{key}@{}>", self.settings.host_name);
        let mut builder = Message::builder()
            .from(self.settings.from.clone())
            .subject(subject)
            .message_id(Some(message_id))
            .header(ContentType::TEXT_PLAIN);
        for mailbox in to {
            builder = builder.to(mailbox.clone());
        }
        let message = builder.body(body)?;
        Ok(Outgoing {
            key,
            envelope: message.envelope().clone(),
            raw: message.formatted(),
        })
    }

    fn values<'e>(&'e self, event: &'e JobEvent) -> Values<'e> {
        Values {
            event,
            host: &self.settings.host_name,
            job_name: self.settings.job_name(&event.guid, self.learned),
        }
    }

    /// Subject and body of a group of events.
    fn events_text(&self, events: &[JobEvent]) -> (String, String) {
        let Some(first) = events.first() else {
            return (String::new(), String::new());
        };
        let mut subject = self.settings.subject.render(&self.values(first));
        let mut intro = String::new();
        // Problems followed by their recovery in the same group.
        let recovered: Vec<(&JobEvent, &JobEvent)> = events
            .iter()
            .enumerate()
            .flat_map(|(at, recovery)| {
                let ended = problems_ended_by(recovery.id);
                events[..at]
                    .iter()
                    .filter(move |problem| ended.contains(&problem.id))
                    .map(move |problem| (problem, recovery))
            })
            .collect();
        for (problem, recovery) in &recovered {
            intro.push_str(&format!(
                "Recovered within the group window: {} at {}, then {} at {}.\n",
                problem.id,
                problem.time_text(),
                recovery.id,
                recovery.time_text()
            ));
        }
        if let Some((_, recovery)) = recovered
            .iter()
            .find(|(problem, _)| problem.seq == first.seq)
        {
            subject.push_str(&format!(
                " (recovered: {} {})",
                recovery.id, recovery.message
            ));
        }
        if events.len() > 1 {
            subject.push_str(&format!(" (+{} more)", events.len() - 1));
            intro.push_str(&format!(
                "{} events of job {}:\n",
                events.len(),
                self.settings.job_name(&first.guid, self.learned)
            ));
        }
        let blocks: Vec<String> = events
            .iter()
            .map(|event| self.settings.body.render(&self.values(event)))
            .collect();
        let mut body = intro;
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(&blocks.join("\n\n"));
        body.push('\n');
        (subject, body)
    }
}
