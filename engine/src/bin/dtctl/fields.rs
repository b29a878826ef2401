//! Printing a JSON object's fields as aligned `name  value` lines.

use serde_json::Value;

/// `value`'s fields, one per line, names aligned, each line starting with `indent`; a
/// nested object is printed below its name, indented further. A value that is not an
/// object is printed alone.
pub fn indented(value: &Value, indent: &str) -> String {
    let Some(fields) = value.as_object() else {
        return format!("{indent}{}\n", scalar(value));
    };
    let width = fields.keys().map(String::len).max().unwrap_or(0);
    let mut text = String::new();
    for (name, value) in fields {
        if value.is_object() {
            text.push_str(&format!("{indent}{name}:\n"));
            text.push_str(&indented(value, &format!("{indent}  ")));
        } else {
            text.push_str(&format!("{indent}{name:width$}  {}\n", scalar(value)));
        }
    }
    text
}

/// A scalar as people read it: strings without quotes.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn aligns_names_and_nests_objects() {
        let value = json!({"a": 1, "longer": "text", "queue": {"ops": 2}});
        assert_eq!(
            indented(&value, "  "),
            "  a       1\n  longer  text\n  queue:\n    ops  2\n"
        );
    }
}
