//! Subject and body templates: text with `{placeholder}`s, `{{` and `}}` for braces.
//!
//! Placeholders: `{id}`, `{level}`, `{time}`, `{host}`, `{job_name}`, `{job_guid}`,
//! `{message}`, `{response}` (the guide's "required response"), `{seq}` (the line's
//! sequence number in the job log).

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use crate::event::JobEvent;

/// A field a template can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Level,
    Time,
    Host,
    JobName,
    JobGuid,
    Message,
    Response,
    Seq,
}

const FIELDS: [(&str, Field); 9] = [
    ("id", Field::Id),
    ("level", Field::Level),
    ("time", Field::Time),
    ("host", Field::Host),
    ("job_name", Field::JobName),
    ("job_guid", Field::JobGuid),
    ("message", Field::Message),
    ("response", Field::Response),
    ("seq", Field::Seq),
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(Field),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    source: String,
    parts: Vec<Part>,
}

/// Why a template cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    /// `{name}` with a name that is not a placeholder.
    #[error("unknown placeholder {{{0}}}; known: {{id}} {{level}} {{time}} {{host}} {{job_name}} {{job_guid}} {{message}} {{response}} {{seq}}")]
    Unknown(String),
    /// A `{` without its `}`, or a lone `}`.
    #[error("unbalanced brace at byte {0} (write {{{{ or }}}} for a brace)")]
    Unbalanced(usize),
}

/// What the placeholders of one event stand for.
#[derive(Debug, Clone, Copy)]
pub struct Values<'a> {
    /// The event.
    pub event: &'a JobEvent,
    /// This machine's name.
    pub host: &'a str,
    /// The job's name (its GUID when it has none).
    pub job_name: &'a str,
}

impl Template {
    /// The template with the event's values in place of the placeholders.
    pub fn render(&self, values: &Values<'_>) -> String {
        let mut out = String::with_capacity(self.source.len() + 128);
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Field(field) => {
                    let event = values.event;
                    match field {
                        Field::Id => out.push_str(&event.id.to_string()),
                        Field::Level => out.push_str(&event.level.to_string()),
                        Field::Time => out.push_str(&event.time_text()),
                        Field::Host => out.push_str(values.host),
                        Field::JobName => out.push_str(values.job_name),
                        Field::JobGuid => out.push_str(&event.guid),
                        Field::Message => out.push_str(&event.message),
                        Field::Response => out.push_str(event.required_response()),
                        Field::Seq => out.push_str(&event.seq.to_string()),
                    }
                }
            }
        }
        out
    }
}

impl FromStr for Template {
    type Err = TemplateError;

    fn from_str(source: &str) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = source.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|&(_, c)| c) == Some('{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek().map(|&(_, c)| c) == Some('}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let rest = &source[at + 1..];
                    let end = rest.find('}').ok_or(TemplateError::Unbalanced(at))?;
                    let name = &rest[..end];
                    let field = FIELDS
                        .iter()
                        .find(|(known, _)| *known == name)
                        .map(|&(_, field)| field)
                        .ok_or_else(|| TemplateError::Unknown(name.to_owned()))?;
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Field(field));
                    for _ in 0..=name.chars().count() {
                        chars.next();
                    }
                }
                '}' => return Err(TemplateError::Unbalanced(at)),
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Template {
            source: source.to_owned(),
            parts,
        })
    }
}

impl fmt::Display for Template {
    /// The template as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use logparse::catalog::EventLevel;

    fn event() -> JobEvent {
        JobEvent {
            guid: "a6cbf990-ba67-403d-855f-5bb44c18e1d6".into(),
            seq: 7,
            time: NaiveDate::from_ymd_opt(2026, 11, 26)
                .unwrap()
                .and_hms_milli_opt(1, 2, 3, 45)
                .unwrap(),
            id: 5716,
            level: EventLevel::Error,
            message: "The target/appliance engine is down or not reachable.".into(),
        }
    }

    #[test]
    fn renders_every_placeholder_and_escaped_braces() {
        let template: Template =
            "{{{id}}}#{seq} {level} {time} {host} {job_name} {job_guid}: {message} / {response}"
                .parse()
                .unwrap();
        let event = event();
        let text = template.render(&Values {
            event: &event,
            host: "alpha",
            job_name: "web",
        });
        assert_eq!(
            text,
            "{5716}#7 Error 11/26/2026 01:02:03.045 alpha web a6cbf990-ba67-403d-855f-5bb44c18e1d6: \
             The target/appliance engine is down or not reachable. / Verify the Double-Take service is running on the target. \
             Also verify the network used to access the target is functioning and the target is running. \
             See the job and server log files for additional details."
        );
    }

    #[test]
    fn rejects_unknown_and_unbalanced() {
        assert_eq!(
            "x {nope}".parse::<Template>(),
            Err(TemplateError::Unknown("nope".into()))
        );
        assert_eq!(
            "x {id".parse::<Template>(),
            Err(TemplateError::Unbalanced(2))
        );
        assert_eq!(
            "x } y".parse::<Template>(),
            Err(TemplateError::Unbalanced(2))
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_with_escaped_braces_renders_as_itself(text in "\\PC*") {
            let escaped = text.replace('{', "{{").replace('}', "}}");
            let template: Template = escaped.parse().unwrap();
            let event = event();
            let values = Values { event: &event, host: "h", job_name: "j" };
            proptest::prop_assert_eq!(template.render(&values), text);
            proptest::prop_assert_eq!(template.to_string(), escaped);
        }

        #[test]
        fn parsing_never_panics_and_errors_point_inside(text in "[{}a-z_ ]{0,40}") {
            match text.parse::<Template>() {
                Ok(_) | Err(TemplateError::Unknown(_)) => {}
                Err(TemplateError::Unbalanced(at)) => proptest::prop_assert!(at < text.len()),
            }
        }
    }
}
