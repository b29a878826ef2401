//! Writing a file so that a crash leaves the old content or the new, never part: a
//! temporary file in the same directory, synced, renamed over the target, directory synced.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Replaces each `dir/name` with its bytes atomically; all are durable on return (the
/// directory is synced once, after the last rename).
pub fn write_all_atomically(dir: &Path, files: &[(&str, &[u8])]) -> io::Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    for (name, bytes) in files {
        let temp = dir.join(format!(".{name}.tmp"));
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, dir.join(name))?;
    }
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
        write_all_atomically(dir.path(), &[("a", b"one")]).unwrap();
        write_all_atomically(dir.path(), &[("a", b"two")]).unwrap();
        assert_eq!(fs::read(dir.path().join("a")).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        write_all_atomically(dir.path(), &[("b", b"x"), ("c", b"y"), ("a", b"three")]).unwrap();
        assert_eq!(fs::read(dir.path().join("a")).unwrap(), b"three");
        assert_eq!(fs::read(dir.path().join("c")).unwrap(), b"y");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 3);
        for name in ["a", "b", "c", "a"] {
            remove_durably(dir.path(), name).unwrap();
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
