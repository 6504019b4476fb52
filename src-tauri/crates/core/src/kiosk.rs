//! Kiosk mode: while a ceremony runs on the shared laptop, the desk is locked to it.
//! Signers can find their own name, read their own agreement and sign; everything else
//! (archive, templates, settings, other ceremonies, roster management) is refused here,
//! in Rust, whatever the web view asks. Leaving needs the organiser's PIN; wrong PINs
//! back off exponentially.
//!
//! The lock is stored in the archive's settings, so quitting or killing the app does
//! not unlock it: the next start comes back to the same ceremony, locked.

use serde::{Deserialize, Serialize};
use signdesk_archive::{audit, ceremonies, settings};
use signdesk_base::ErrorKind;
use ts_rs::TS;

use crate::{CoreError, Desk};

const KIOSK_KEY: &str = "kiosk.lock";
/// A constant sealed under the PIN: opening it proves the PIN (Argon2id + AEAD from
/// the seal crate, so a stolen archive does not reveal the PIN cheaply).
const PIN_PROOF: &[u8] = b"signdesk kiosk pin";
/// Wrong PINs allowed before waiting starts; then 2, 4, 8 … seconds, at most 5 minutes.
const FREE_ATTEMPTS: u32 = 3;
const MAX_WAIT_SECS: i64 = 300;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct KioskLock {
    pub ceremony_id: i64,
    /// Hex of `seal_key(PIN_PROOF, pin)`.
    pin_proof: String,
    failures: u32,
    /// RFC 3339; no attempt is checked before this moment.
    retry_after: Option<String>,
}

/// What the UI needs to know about the lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KioskState {
    pub ceremony_id: i64,
    pub title: String,
    pub year: i32,
    /// Seconds until the next PIN attempt is accepted (0 when one may try now).
    pub wait_seconds: u32,
    /// The stored lock could not be read: the desk stays locked (to no ceremony) and
    /// only the organiser passphrase leaves.
    pub damaged: bool,
}

/// The stored lock. Fails closed: a lock that is there but cannot be read (the
/// settings row damaged or written by something else) still locks the desk — to no
/// ceremony, with no PIN, so only the organiser passphrase leaves it.
pub(crate) fn load(conn: &signdesk_archive::Connection) -> Result<Option<KioskLock>, CoreError> {
    Ok(settings::get(conn, KIOSK_KEY)?
        .map(|s| serde_json::from_str(&s).unwrap_or_else(|_| KioskLock::damaged())))
}

impl KioskLock {
    /// What an unreadable stored lock becomes (see [`load`]).
    fn damaged() -> KioskLock {
        KioskLock {
            ceremony_id: 0,
            pin_proof: String::new(),
            failures: 0,
            retry_after: None,
        }
    }

    fn is_damaged(&self) -> bool {
        self.ceremony_id <= 0
    }
}

fn check_pin_format(pin: &str) -> Result<(), CoreError> {
    // Six digits at least: a million PINs, with the back-off after a few wrong ones,
    // where four digits were ten thousand and often a birthday.
    if !(6..=12).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(CoreError::invalid(
            ErrorKind::BadPin,
            "PIN 须为 6–12 位数字",
        ));
    }
    Ok(())
}

impl Desk {
    /// Refuses everything but the signing of the locked ceremony while kiosk mode is on.
    pub(crate) fn guard(&self) -> Result<(), CoreError> {
        match &self.kiosk {
            None => Ok(()),
            Some(_) => Err(CoreError::invalid(
                ErrorKind::KioskLocked,
                "签约进行中，签约台已锁定；请组织者输入 PIN 退出签约模式",
            )),
        }
    }

    /// Whether kiosk mode holds the desk (no archive read: the lock is kept in memory
    /// as well as in the archive).
    pub fn in_kiosk(&self) -> bool {
        self.kiosk.is_some()
    }

    /// For front ends: the same refusal, before something that is not a `Desk` method
    /// (locking the session, replacing the archive).
    pub fn refuse_in_kiosk(&self) -> Result<(), CoreError> {
        self.guard()
    }

    /// Allows an operation on `ceremony_id`: always when unlocked, and only for the
    /// locked ceremony in kiosk mode.
    pub(crate) fn guard_ceremony(&self, ceremony_id: i64) -> Result<(), CoreError> {
        match &self.kiosk {
            Some(k) if k.ceremony_id != ceremony_id => Err(CoreError::invalid(
                ErrorKind::KioskLocked,
                "签约台已锁定在另一场签约仪式上",
            )),
            _ => Ok(()),
        }
    }

    pub fn kiosk_state(&self) -> Result<Option<KioskState>, CoreError> {
        let Some(k) = &self.kiosk else {
            return Ok(None);
        };
        if k.is_damaged() {
            return Ok(Some(KioskState {
                ceremony_id: 0,
                title: String::new(),
                year: 0,
                wait_seconds: wait_seconds(k),
                damaged: true,
            }));
        }
        let c = ceremonies::get(self.archive.read(), k.ceremony_id)?;
        Ok(Some(KioskState {
            ceremony_id: k.ceremony_id,
            title: c.title,
            year: c.year,
            wait_seconds: wait_seconds(k),
            damaged: false,
        }))
    }

    /// Locks the desk to a ceremony until the PIN is given.
    pub fn kiosk_enter(&mut self, ceremony_id: i64, pin: &str) -> Result<KioskState, CoreError> {
        self.guard()?;
        check_pin_format(pin)?;
        let c = ceremonies::get(self.archive.read(), ceremony_id)?;
        if c.closed_at.is_some() {
            return Err(CoreError::invalid(
                ErrorKind::CeremonyClosed,
                "这场签约仪式已结束，不能再进入签约模式",
            ));
        }
        self.ceremony_ready(ceremony_id)?;
        let lock = KioskLock {
            ceremony_id,
            pin_proof: crate::hex::encode(&signdesk_seal::seal_key(PIN_PROOF, pin.as_bytes())),
            failures: 0,
            retry_after: None,
        };
        let json = serde_json::to_string(&lock)
            .map_err(|e| CoreError::internal("签约模式的设置无法保存", e))?;
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            settings::set(tx, KIOSK_KEY, &json)?;
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::KioskEntered,
                &ceremony_id.to_string(),
                &c.title,
            )?;
            Ok::<_, CoreError>(())
        })?;
        self.kiosk = Some(lock);
        Ok(self.kiosk_state()?.expect("just locked"))
    }

    /// Unlocks with the organiser's PIN, or the organiser passphrase when the PIN is
    /// forgotten. Wrong attempts are counted (persistently) and, after a few, must wait
    /// longer and longer.
    pub fn kiosk_exit(&mut self, pin: &str) -> Result<(), CoreError> {
        let Some(mut lock) = self.kiosk.clone() else {
            return Ok(());
        };
        let wait = wait_seconds(&lock);
        if wait > 0 {
            return Err(CoreError::invalid(
                ErrorKind::PinWait,
                format!("PIN 错误次数过多，请 {wait} 秒后再试"),
            ));
        }
        let pin_ok = crate::hex::decode(&lock.pin_proof)
            .map(|blob| signdesk_seal::open_key(&blob, pin.as_bytes()).is_ok())
            .unwrap_or(false);
        // A forgotten PIN is not a locked-out laptop: the organiser passphrase also
        // leaves (with the same back-off, so it cannot be guessed here either).
        let by_passphrase = !pin_ok && self.passphrase_matches(pin)?;
        let ok = pin_ok || by_passphrase;
        let actor = self.actor.clone();
        if !ok {
            lock.failures += 1;
            let left = FREE_ATTEMPTS.saturating_sub(lock.failures);
            let message = if left > 0 {
                format!("PIN 不正确（还可再试 {left} 次，之后需要等待）")
            } else {
                let secs = (1i64 << (lock.failures - FREE_ATTEMPTS + 1).min(9)).min(MAX_WAIT_SECS);
                lock.retry_after = Some(
                    (chrono::Local::now() + chrono::Duration::seconds(secs))
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
                );
                format!("PIN 不正确，请 {secs} 秒后再试")
            };
            let json = serde_json::to_string(&lock)
                .map_err(|e| CoreError::internal("签约模式的设置无法保存", e))?;
            self.archive.write(|tx| {
                settings::set(tx, KIOSK_KEY, &json)?;
                audit::append(
                    tx,
                    &actor,
                    signdesk_base::AuditEvent::KioskPinRefused,
                    &lock.ceremony_id.to_string(),
                    &format!("第 {} 次", lock.failures),
                )?;
                Ok::<_, CoreError>(())
            })?;
            self.kiosk = Some(lock);
            return Err(CoreError::invalid(ErrorKind::BadPin, message));
        }
        self.archive.write(|tx| {
            settings::delete(tx, KIOSK_KEY)?;
            let how = if by_passphrase {
                "组织者口令"
            } else {
                "PIN"
            };
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::KioskLeft,
                &lock.ceremony_id.to_string(),
                how,
            )?;
            Ok::<_, CoreError>(())
        })?;
        self.kiosk = None;
        Ok(())
    }
}

fn wait_seconds(k: &KioskLock) -> u32 {
    k.retry_after
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| (t.with_timezone(&chrono::Local) - chrono::Local::now()).num_milliseconds())
        .filter(|ms| *ms > 0)
        .map(|ms| ((ms + 999) / 1000) as u32)
        .unwrap_or(0)
}
