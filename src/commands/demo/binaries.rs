//! The suite's other programs, found next to the running `dtsuite` executable.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// The folder holding the running executable, where `cargo build --workspace --bins`
/// puts every binary of the workspace.
pub fn bin_dir() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe().context("cannot find the running executable's path")?;
    exe.parent()
        .map(Path::to_path_buf)
        .with_context(|| format!("{} has no parent folder", exe.display()))
}

/// The path of program `name` in `dir`, or an error naming it and the build command.
pub fn sibling(dir: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let path = dir.join(name);
    if !path.is_file() {
        bail!(
            "`{name}` is not in {} (next to dtsuite); build the workspace binaries first: \
             cargo build --release --workspace --bins",
            dir.display()
        );
    }
    Ok(path)
}
