/// Fills a message template the way Windows event messages are expanded: `%1`…`%99` become
/// the matching argument (1-based), `%n` becomes a newline.
///
/// A placeholder reads at most two digits, so `%10` is the tenth argument, never the first
/// followed by `0`. A placeholder with no matching argument stays visible as written
/// (`%3`). Arguments are inserted as they are and never rescanned. Any other `%` is copied
/// unchanged: `%0`, `50%`, and `%%`, which is no escape here (`%%1` gives `%` and then the
/// first argument); the guide's templates use neither. Every `%n` in them is the newline
/// escape, including the one before a capital letter in event 6009
/// (`…message:%n%1%n---%nError:%n%2.`).
pub fn format_message(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let bytes = after.as_bytes();
        match bytes.first() {
            Some(b'n') => {
                out.push('\n');
                rest = &after[1..];
            }
            Some(first @ b'1'..=b'9') => {
                let lead = usize::from(first - b'0');
                let (number, digits) = match bytes.get(1) {
                    Some(unit @ b'0'..=b'9') => (lead * 10 + usize::from(unit - b'0'), 2),
                    _ => (lead, 1),
                };
                match args.get(number - 1) {
                    Some(arg) => out.push_str(arg),
                    None => {
                        out.push('%');
                        out.push_str(&after[..digits]);
                    }
                }
                rest = &after[digits..];
            }
            _ => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_in_order_of_number_not_position() {
        assert_eq!(format_message("%2 then %1", &["a", "b"]), "b then a");
    }

    #[test]
    fn trailing_percent_is_kept() {
        assert_eq!(format_message("done 100%", &[]), "done 100%");
    }
}
