//! The optional context octet string (RFC 2741 §6.1.1) that follows the header when
//! NON_DEFAULT_CONTEXT is set.

use super::error::DecodeError;
use super::header::NON_DEFAULT_CONTEXT;
use super::reader::Reader;
use super::writer::Writer;

/// A non-default context name; `None` is the default context.
pub type Context = Option<Vec<u8>>;

/// The flag bit a context needs.
pub(crate) fn context_flag(context: &Context) -> u8 {
    if context.is_some() {
        NON_DEFAULT_CONTEXT
    } else {
        0
    }
}

/// Writes the context if there is one.
pub(crate) fn write_context(w: &mut Writer, context: &Context) {
    if let Some(name) = context {
        w.octets(name);
    }
}

/// Reads the context if the flags announce one.
pub(crate) fn read_context(r: &mut Reader<'_>, flags: u8) -> Result<Context, DecodeError> {
    if flags & NON_DEFAULT_CONTEXT != 0 {
        r.octets().map(Some)
    } else {
        Ok(None)
    }
}
