//! The local archive: one SQLite file, no server.
//!
//! All SQL lives in this crate: `migrate` owns the schema, each module under `tables`
//! owns the statements for one table. Writes go through [`Archive::write`], one
//! transaction per closure, so an agreement and its rows are stored whole or not at all.

pub mod backup;
pub mod completeness;
mod error;
mod key;
pub mod migrate;
pub mod private;
pub mod search;
pub mod tables;
pub mod verify;

use std::path::{Path, PathBuf};

pub use error::ArchiveError;
pub use key::DbKey;
pub use rusqlite::{Connection, OpenFlags, Transaction};
pub use tables::*;

/// File name of the archive inside the data folder.
pub const DB_FILE: &str = "signdesk.db";

pub struct Archive {
    conn: Connection,
    path: PathBuf,
    schema_version: u32,
}

impl Archive {
    /// Opens (creating if needed) the archive in `dir` with its key, and migrates it.
    pub fn open_dir(dir: &Path, key: &DbKey) -> Result<Archive, ArchiveError> {
        private::dir(dir).map_err(|e| ArchiveError::Open {
            path: dir.display().to_string(),
            reason: format!("无法创建数据文件夹：{}", signdesk_base::io_reason(&e)),
            detail: e.to_string(),
        })?;
        Self::open(&dir.join(DB_FILE), key)
    }

    /// Opens (creating if needed) the encrypted archive file at `path` with `key`, and
    /// migrates it. A key that does not open the file is [`ArchiveError::Undecryptable`].
    pub fn open(path: &Path, key: &DbKey) -> Result<Archive, ArchiveError> {
        Self::open_with(path, Some(key))
    }

    /// Re-encrypts the whole database under `key` (SQLCipher `PRAGMA rekey`), in place.
    /// SQLCipher rekeys only outside WAL mode: the WAL is checkpointed and the file
    /// switched to a rollback journal for the rekey, then back. Refused (busy) while
    /// another connection has the file open. A crash part-way leaves the database under
    /// one key or the other, never a mix: rekey rewrites every page in one transaction.
    pub fn rekey(&mut self, key: &DbKey) -> Result<(), ArchiveError> {
        self.conn.pragma_update(None, "journal_mode", "DELETE")?;
        let mut sql = key.rekey_pragma();
        let done = self.conn.execute_batch(&sql);
        zeroize::Zeroize::zeroize(&mut sql);
        let back = self.conn.pragma_update(None, "journal_mode", "WAL");
        done?;
        back?;
        // Proves the new key reads the schema.
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })?;
        Ok(())
    }

    /// Benchmarks only (feature `bench-plaintext`): the same archive without
    /// encryption, to measure what SQLCipher costs. The app and the CLI cannot reach it.
    #[cfg(feature = "bench-plaintext")]
    pub fn open_unencrypted(path: &Path) -> Result<Archive, ArchiveError> {
        Self::open_with(path, None)
    }

    fn open_with(path: &Path, key: Option<&DbKey>) -> Result<Archive, ArchiveError> {
        let open_err = |e: rusqlite::Error| ArchiveError::Open {
            path: path.display().to_string(),
            reason: "文件打不开：可能没有权限、磁盘已满，或文件已损坏".into(),
            detail: e.to_string(),
        };
        // Created private before SQLite opens it: SQLite gives the WAL and shared-memory
        // files the database file's permissions.
        if !path.exists() {
            let _ = private::options().write(true).create_new(true).open(path);
        }
        let _ = private::file(path);
        let mut conn = key::connect(path, key::READ_WRITE_CREATE).map_err(open_err)?;
        if let Some(key) = key {
            key::apply(&conn, key, path).map_err(|e| match e {
                ArchiveError::Sqlite(e) => open_err(e),
                other => other,
            })?;
        }
        // WAL + FULL: a committed signing survives power loss (NORMAL may lose it).
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        // Archives made before the files were private get so on their next opening.
        for side in ["-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(side);
            let _ = private::file(Path::new(&p));
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(open_err)?;
        // SQLCipher decrypts a page each time it comes from the file, so the pages
        // search keeps touching (FTS index, covering indexes) are worth keeping
        // decrypted in SQLite's own cache: up to 64 MiB instead of the default 2 MiB.
        conn.pragma_update(None, "cache_size", -65536)
            .map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(open_err)?;
        let schema_version = migrate::run(&mut conn, migrate::MIGRATIONS)?;
        Ok(Archive {
            conn,
            path: path.to_path_buf(),
            schema_version,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> u32 {
        self.schema_version
    }

    /// Runs `f` in one immediate transaction: committed if it returns `Ok`, rolled
    /// back otherwise.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<ArchiveError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(ArchiveError::from)?;
        let out = f(&tx)?;
        tx.commit().map_err(ArchiveError::from)?;
        Ok(out)
    }

    /// Read-only access for queries.
    pub fn read(&self) -> &Connection {
        &self.conn
    }
}

/// A keyed connection to an archive file, without the archive's set-up or migrations:
/// for tools and tests that must look at (or tamper with) raw rows.
pub fn open_connection(path: &Path, key: &DbKey) -> Result<Connection, ArchiveError> {
    let conn = key::connect(path, key::READ_WRITE_CREATE)?;
    key::apply(&conn, key, path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// A plain, unencrypted SQLite connection — what a foreign file is. In a process that
/// also opens archives, this is the safe way to open one (see `key::connect`).
pub fn open_plain(path: &Path) -> Result<Connection, ArchiveError> {
    Ok(key::connect(path, key::READ_WRITE_CREATE)?)
}

/// Current time as stored in the archive: RFC 3339 with the local offset.
pub fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}
