//! Which columns LogViewer prints: `-NODATE` … `-NOID` hide one each.

use std::io::{self, Write};

/// The seven columns before the text that can be hidden, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// `shown[i]` is whether column `i + 1` (date, time, pid, tid, seq, type, id) is printed.
    pub shown: [bool; 7],
}

impl Columns {
    /// Whether every column is printed, so a line can be copied as it is.
    fn all(&self) -> bool {
        self.shown.iter().all(|&s| s)
    }

    /// Writes the shown columns of a well-formed line (without terminator), then `\n`.
    pub fn write_line(&self, line: &[u8], out: &mut impl Write) -> io::Result<()> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if self.all() {
            out.write_all(line)?;
            return out.write_all(b"\n");
        }
        let mut rest = line;
        for &shown in &self.shown {
            let (column, after) = match memchr::memchr(b'\t', rest) {
                Some(tab) => (&rest[..tab], &rest[tab + 1..]),
                None => (rest, &rest[rest.len()..]),
            };
            if shown {
                out.write_all(column)?;
                out.write_all(b"\t")?;
            }
            rest = after;
        }
        out.write_all(rest)?;
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &[u8] = b"06/22/2017\t14:42:55.318\t2411\t2417\t1042\t2\t4019\tmirror\tstarted\r";

    fn render(shown: [bool; 7]) -> String {
        let mut out = Vec::new();
        Columns { shown }.write_line(LINE, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn all_columns_copy_the_line() {
        assert_eq!(
            render([true; 7]),
            "06/22/2017\t14:42:55.318\t2411\t2417\t1042\t2\t4019\tmirror\tstarted\n"
        );
    }

    #[test]
    fn hidden_columns_are_left_out_and_text_keeps_its_tabs() {
        assert_eq!(
            render([false, false, true, false, true, false, true]),
            "2411\t1042\t4019\tmirror\tstarted\n"
        );
        assert_eq!(render([false; 7]), "mirror\tstarted\n");
    }
}
