//! A self-signed server certificate for `localhost` and 127.0.0.1, made with openssl,
//! usable by rustls as both the server's end-entity certificate and the client's CA file.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The PEM files of a certificate and its key.
pub struct ServerCert {
    /// Certificate (also the CA file the client trusts).
    pub cert: PathBuf,
    /// Private key.
    pub key: PathBuf,
}

/// Makes `cert.pem` and `key.pem` in `dir`.
pub fn self_signed(dir: &Path) -> ServerCert {
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
        ])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .args(["-addext", "extendedKeyUsage=serverAuth"])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("openssl runs");
    assert!(status.success(), "openssl req failed");
    ServerCert { cert, key }
}
