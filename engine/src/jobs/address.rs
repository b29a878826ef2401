//! Checking an engine address as a job names its source and target: `HOST:PORT`.

use crate::EngineError;

/// Checks `address` is `HOST:PORT` (an IPv6 host in brackets, a port 1–65535); on failure
/// 101 "Invalid parameter was supplied" naming `role` and the address.
pub fn check_engine_address(role: &str, address: &str) -> Result<(), EngineError> {
    let invalid = |why: &str| EngineError::invalid_parameter(format!("{role} '{address}' {why}"));
    let Some((host, port)) = address.rsplit_once(':') else {
        return Err(invalid("is not HOST:PORT"));
    };
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("has no valid host"));
    }
    if host.contains(':') && !(host.starts_with('[') && host.ends_with(']')) {
        return Err(invalid("has an IPv6 host without brackets"));
    }
    match port.parse::<u16>() {
        Ok(port) if port > 0 => Ok(()),
        _ => Err(invalid("has no valid port (1-65535)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_host_and_port() {
        for ok in [
            "alpha:1501",
            "10.0.0.2:1501",
            "[::1]:1501",
            "beta.example.com:65535",
        ] {
            assert_eq!(check_engine_address("source", ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_with_101_naming_the_address() {
        for bad in [
            "alpha",
            ":1501",
            "alpha:",
            "alpha:0",
            "alpha:70000",
            "::1:1501",
            "a b:1",
        ] {
            let err = check_engine_address("target", bad).unwrap_err();
            assert_eq!(err.code, 101);
            assert!(
                err.detail.starts_with(&format!("target '{bad}'")),
                "{}",
                err.detail
            );
        }
    }

    proptest! {
        #[test]
        fn never_panics(address in any::<String>()) {
            let _ = check_engine_address("source", &address);
        }
    }
}
