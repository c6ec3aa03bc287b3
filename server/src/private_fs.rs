//! Files only Portico's own user may read: the data folder (0700), the
//! SQLite database (0600; SQLite gives its `-wal` and `-shm` files the same
//! mode) and the generated key-encryption key (0600).

use std::path::Path;

use anyhow::Context;

/// Creates `dir` (and its parents) if it is missing; a folder created here
/// is readable by its owner only.
pub fn create_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .with_context(|| format!("creating data folder {}", dir.display()))
}

/// Creates `path` empty, readable by its owner only, unless it exists.
pub fn create_file(path: &Path) -> anyhow::Result<()> {
    open_new(path)
        .map(drop)
        .or_else(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Ok(()),
            _ => Err(e),
        })
        .with_context(|| format!("creating {}", path.display()))
}

/// Writes a new file that only its owner may read.
pub fn write_new(path: &Path, value: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut file = open_new(path).with_context(|| format!("creating {}", path.display()))?;
    file.write_all(value.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

fn open_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn folders_and_files_are_private() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data/nested");
        super::create_dir(&dir).unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        let db = dir.join("portico.db");
        super::create_file(&db).unwrap();
        super::create_file(&db).unwrap();
        assert_eq!(mode(&db), 0o600);
        let key = dir.join("key");
        super::write_new(&key, "k").unwrap();
        assert_eq!(mode(&key), 0o600);
        assert!(
            super::write_new(&key, "again").is_err(),
            "never overwritten"
        );
    }
}
