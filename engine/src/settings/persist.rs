//! Replacing DT.conf atomically: a reader or a crash sees the old file or the new one,
//! never a mix.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces `path` with `contents`: write a temporary file in the same directory, fsync
/// it, rename it over `path`, fsync the directory. A symbolic link is followed so the
/// link stays; the old file's permissions are kept.
pub fn replace_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    let target = match fs::canonicalize(path) {
        Ok(target) => target,
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".tmp{}", std::process::id()));
    let temp = dir.join(temp_name);
    let written = write_synced(&temp, contents, fs::metadata(&target).ok())
        .and_then(|()| fs::rename(&temp, &target));
    if let Err(e) = written {
        // Best effort: the temporary file is useless once the replacement failed.
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    File::open(&dir)?.sync_all()
}

fn write_synced(temp: &Path, contents: &[u8], old: Option<fs::Metadata>) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(temp)?;
    file.write_all(contents)?;
    if let Some(old) = old {
        file.set_permissions(old.permissions())?;
    }
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn replaces_keeping_permissions_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("DT.conf");
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        replace_file(&path, b"new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn follows_a_symbolic_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.conf");
        let link = dir.path().join("DT.conf");
        fs::write(&real, "old\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        replace_file(&link, b"new\n").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new\n");
    }

    #[test]
    fn creates_a_missing_file_and_fails_in_a_missing_directory() {
        let dir = tempfile::tempdir().unwrap();
        replace_file(&dir.path().join("DT.conf"), b"x=1\n").unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("DT.conf")).unwrap(),
            "x=1\n"
        );
        assert!(replace_file(&dir.path().join("no/DT.conf"), b"x=1\n").is_err());
    }
}
