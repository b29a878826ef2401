//! The demo data set: a small tree of files of varied sizes with seeded content.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// The folders of the data set.
const FOLDERS: [&str; 4] = ["documents", "images", "database", "logs"];

/// Writes about `total` bytes in `files` files under `root`; returns the files.
pub fn generate(root: &Path, files: usize, total: u64, seed: u64) -> anyhow::Result<Vec<PathBuf>> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mean = total / files.max(1) as u64;
    let mut written = Vec::with_capacity(files);
    for n in 0..files {
        let folder = root.join(FOLDERS[n % FOLDERS.len()]);
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        // Sizes from a quarter to 1.75 times the mean.
        let size = mean / 4 + rng.u64(0..=mean.saturating_mul(3) / 2);
        let mut content = vec![0u8; usize::try_from(size)?];
        rng.fill(&mut content);
        let path = folder.join(format!("file-{n:04}.bin"));
        std::fs::write(&path, &content)
            .with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
