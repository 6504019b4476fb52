//! The archive's encryption key. The database file is encrypted at rest with SQLCipher
//! (AES-256 pages, HMAC per page) under a random 256-bit key; that key itself is only
//! ever stored wrapped under the organiser's passphrase (see `signdesk-core`'s
//! `keyfile`). This crate sees the raw key just long enough to hand it to SQLCipher.

use std::path::Path;
use std::sync::Once;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroize;

/// Opens a SQLite connection, but only after SQLCipher has finished setting itself up.
///
/// SQLite marks the library initialised *before* it runs SQLCipher's own set-up
/// (`SQLITE_EXTRA_INIT`), so a thread that opens its first connection while another
/// thread is still inside that set-up gets a `PRAGMA key` that fails ("An error occurred
/// with PRAGMA key or rekey…"). CI hit this once with tests opening archives in
/// parallel (about 1 run in 400 under load). Opening one in-memory connection under a
/// `Once` runs the whole set-up, extra part included, before any other connection in
/// the process is opened — every connection in this crate goes through here.
pub(crate) fn connect(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    static SQLCIPHER_READY: Once = Once::new();
    SQLCIPHER_READY.call_once(|| {
        // An in-memory open cannot fail for want of a file; if it fails anyway (no
        // memory) the real open below reports the error.
        drop(Connection::open_in_memory());
    });
    Connection::open_with_flags(path, flags)
}

/// Flags for an ordinary read-write connection that may create the file.
pub(crate) const READ_WRITE_CREATE: OpenFlags = OpenFlags::SQLITE_OPEN_READ_WRITE
    .union(OpenFlags::SQLITE_OPEN_CREATE)
    .union(OpenFlags::SQLITE_OPEN_NO_MUTEX);

/// A raw 256-bit SQLCipher key. Not `Debug`-printable, wiped from memory on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey([u8; 32]);

impl DbKey {
    pub fn from_bytes(bytes: [u8; 32]) -> DbKey {
        DbKey(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// `PRAGMA key` with a raw key (`x'…'`): SQLCipher uses it as is, without its
    /// own passphrase derivation, so opening costs nothing extra (the passphrase was
    /// already stretched with Argon2id when the key was unwrapped).
    pub(crate) fn pragma(&self) -> String {
        self.pragma_named("key")
    }

    /// `PRAGMA rekey` to this key (see [`crate::Archive::rekey`]).
    pub(crate) fn rekey_pragma(&self) -> String {
        self.pragma_named("rekey")
    }

    fn pragma_named(&self, name: &str) -> String {
        let mut hex = String::with_capacity(64);
        for b in self.0 {
            hex.push_str(&format!("{b:02x}"));
        }
        let sql = format!("PRAGMA {name} = \"x'{hex}'\";");
        hex.zeroize();
        sql
    }
}

impl Drop for DbKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

/// Keys `conn` (before anything else touches the file) and proves the key by reading
/// the schema: a wrong key, or a file that is not an encrypted SignDesk archive, fails
/// here with [`crate::ArchiveError::Undecryptable`] instead of later with an obscure
/// "file is not a database".
pub(crate) fn apply(
    conn: &rusqlite::Connection,
    key: &DbKey,
    path: &std::path::Path,
) -> Result<(), crate::ArchiveError> {
    // SQLCipher would print its own English diagnostics on stderr (a wrong key logs an
    // HMAC failure per page); the typed error below says it in Chinese instead.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let mut sql = key.pragma();
    let keyed = conn.execute_batch(&sql);
    sql.zeroize();
    keyed?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|_| ())
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => crate::ArchiveError::Undecryptable {
            path: path.display().to_string(),
        },
        _ => e.into(),
    })
}
