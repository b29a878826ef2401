//! Writing a file so that a crash leaves the old content or the new, never part: a
//! temporary file in the same directory, synced, renamed over the target, directory synced.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Replaces `dir/name` with `bytes` atomically and durably.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let temp = dir.join(format!(".{name}.tmp"));
    let mut file = File::create(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temp, dir.join(name))?;
    File::open(dir)?.sync_all()
}

/// Removes `dir/name` durably; a file already gone is fine.
pub fn remove_durably(dir: &Path, name: &str) -> io::Result<()> {
    match fs::remove_file(dir.join(name)) {
        Ok(()) => File::open(dir)?.sync_all(),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_removes() {
        let dir = tempfile::tempdir().unwrap();
        write_atomically(dir.path(), "a", b"one").unwrap();
        write_atomically(dir.path(), "a", b"two").unwrap();
        assert_eq!(fs::read(dir.path().join("a")).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        remove_durably(dir.path(), "a").unwrap();
        remove_durably(dir.path(), "a").unwrap();
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
