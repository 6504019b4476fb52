//! Files only the signed-in user may read: the data folder 0700, the database, its
//! WAL and shared-memory files, key files, backups and restored copies 0600 (Unix; on
//! Windows a user's `%APPDATA%` is already private to them, and these are no-ops). The
//! database is encrypted either way; this keeps other accounts on a shared laptop from
//! even copying it away to try passphrases offline.

use std::fs::OpenOptions;
use std::io;
use std::path::Path;

/// `path` and its parents created, and `path` itself made private.
pub fn dir(path: &Path) -> io::Result<()> {
    std::fs::create_dir_all(path)?;
    set_mode(path, 0o700)
}

/// An existing file made private (nothing when it does not exist).
pub fn file(path: &Path) -> io::Result<()> {
    if path.exists() {
        set_mode(path, 0o600)?;
    }
    Ok(())
}

/// Options that create a file private from its first byte (`create_new` etc. are the
/// caller's).
pub fn options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> io::Result<()> {
    Ok(())
}
