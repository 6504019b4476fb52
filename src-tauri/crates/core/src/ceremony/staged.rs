//! Sign what was previewed. The kiosk's check step prepares the person's signing once
//! — the date, the signatures just drawn, the roster row, the document rendered with
//! the number and chain position it will be stored at — and keeps it in the desk
//! under a token. 「确认签署并归档」 names the token: the same prepared signing is
//! sealed and stored (the previewed bytes, unless something was stored in between),
//! and nothing is uploaded again. A token dies when it is used, when the next preview
//! is made (the next person, or the same person signing again), when the desk locks
//! (it lives in the `Desk`) and after [`TOKEN_LIFE`].

use std::time::{Duration, Instant};

use signdesk_agreement::Side;
use signdesk_archive::{audit, ceremonies};
use signdesk_base::{Countersign, ErrorKind, RosterStatus};

use super::turn::{not_yet_signed, signing_for};
use super::*;
use crate::signing::{Checked, Staged};
use crate::{CoreError, Desk};

/// How long a preview may be confirmed: long enough to read it, short enough that a
/// page left open does not sign yesterday's date.
pub const TOKEN_LIFE: Duration = Duration::from_secs(5 * 60);

/// The preview of a signer's agreement and the token that confirms exactly it.
#[derive(Debug, Clone)]
pub struct Staging {
    pub token: String,
    /// The agreement as it will be stored, unsealed (with countersigning `each`: the
    /// signer's part, the organisation's lines still empty and no number yet).
    pub pdf: Vec<u8>,
}

/// A prepared signing waiting for its confirmation (held by the desk).
pub(crate) struct Pending {
    token: String,
    ceremony_id: i64,
    person_id: i64,
    made: Instant,
    turn: Turn,
}

/// What the confirmation will store.
enum Turn {
    /// The complete signing, rendered for its place; the signer sees these bytes.
    Complete(Box<Staged>),
    /// `each` mode: the signer's own signatures (checked once) wait for the
    /// countersignature; the signer sees their part of the agreement.
    Awaiting { own: Vec<Checked>, pdf: Vec<u8> },
}

impl Turn {
    fn pdf(&self) -> &[u8] {
        match self {
            Turn::Complete(staged) => staged.pdf(),
            Turn::Awaiting { pdf, .. } => pdf,
        }
    }
}

impl Pending {
    fn matches(&self, token: &str, ceremony_id: i64, person_id: i64) -> bool {
        self.token == token
            && self.ceremony_id == ceremony_id
            && self.person_id == person_id
            && self.made.elapsed() <= TOKEN_LIFE
    }
}

fn expired() -> CoreError {
    CoreError::invalid(
        ErrorKind::PreviewExpired,
        "签署预览已失效（超时、已换人或已锁定）；请重新查看签署效果后再确认",
    )
}

impl Desk {
    /// Whether the ceremony's signatures wait for a countersignature per agreement.
    fn awaits_countersign(c: &Loaded) -> bool {
        c.row.countersign == Countersign::Each
            && c.version
                .template
                .roles
                .iter()
                .any(|r| hand(r, Side::Organisation))
    }

    /// The signer's agreement as it will be archived, with the signatures just drawn,
    /// prepared once and kept under a new token (any earlier token dies). Nothing is
    /// numbered, sealed or stored yet.
    pub fn ceremony_stage(
        &mut self,
        id: i64,
        person_id: i64,
        signatures: &[SignatureInput],
        device: &str,
    ) -> Result<Staging, CoreError> {
        self.pending = None;
        let (c, e, own) = self.signers_turn(id, person_id, signatures)?;
        let turn = if Self::awaits_countersign(&c) {
            let req = signing_for(&c, &e, own.clone(), device);
            let pdf = self.preview_with(&req, &BTreeMap::new(), false)?.bytes;
            Turn::Awaiting { own, pdf }
        } else {
            let (all, times) = self.with_adopted(id, own)?;
            Turn::Complete(Box::new(
                self.stage(&signing_for(&c, &e, all, device), &times)?,
            ))
        };
        let pdf = turn.pdf().to_vec();
        let token = crate::hex::random_token()?;
        self.pending = Some(Pending {
            token: token.clone(),
            ceremony_id: id,
            person_id,
            made: Instant::now(),
            turn,
        });
        Ok(Staging { token, pdf })
    }

    /// The bytes of the preview made under `token`, while it lives.
    pub fn ceremony_staged_pdf(
        &self,
        id: i64,
        person_id: i64,
        token: &str,
    ) -> Result<Vec<u8>, CoreError> {
        match &self.pending {
            Some(p) if p.matches(token, id, person_id) => Ok(p.turn.pdf().to_vec()),
            _ => Err(expired()),
        }
    }

    /// Forgets a prepared signing (the kiosk moved on to someone else).
    pub(crate) fn drop_staged(&mut self) {
        self.pending = None;
    }

    /// 「确认签署并归档」: stores exactly what [`Desk::ceremony_stage`] prepared under
    /// `token`. `adopt` mode (or no organisation signature needed): the agreement is
    /// sealed and archived now, complete. `each` mode: the signatures are held until
    /// the organisation's signer countersigns.
    pub fn ceremony_sign_staged(
        &mut self,
        id: i64,
        person_id: i64,
        token: &str,
    ) -> Result<CeremonySigned, CoreError> {
        let pending = match self.pending.take() {
            Some(p) if p.matches(token, id, person_id) => p,
            _ => return Err(expired()),
        };
        // The ceremony and the person as they stand now (closed, already signed …).
        self.guard_ceremony(id)?;
        let c = self.load_ceremony(id)?;
        self.ready(&c)?;
        let e = ceremonies::entry(self.archive.read(), id, person_id)?;
        not_yet_signed(&e)?;
        self.kiosk_may_open(&e)?;
        let staged = match pending.turn {
            Turn::Complete(staged) => staged,
            Turn::Awaiting { own, .. } => {
                self.hold_for_countersign(id, &e, &own)?;
                return Ok(CeremonySigned {
                    status: RosterStatus::Awaiting,
                    outcome: None,
                });
            }
        };
        let outcome = self.store_in_ceremony(&c, &e, *staged)?;
        Ok(CeremonySigned {
            status: RosterStatus::Signed,
            outcome: Some(outcome),
        })
    }

    /// Prepares and stores in one step (the organiser's make-up signing, scripts).
    pub fn ceremony_sign(
        &mut self,
        id: i64,
        person_id: i64,
        signatures: &[SignatureInput],
        device: &str,
    ) -> Result<CeremonySigned, CoreError> {
        let staging = self.ceremony_stage(id, person_id, signatures, device)?;
        self.ceremony_sign_staged(id, person_id, &staging.token)
    }

    fn hold_for_countersign(
        &mut self,
        id: i64,
        e: &ceremonies::RosterEntry,
        own: &[Checked],
    ) -> Result<(), CoreError> {
        let at = crate::signing::now_rfc3339();
        let actor = self.actor.clone();
        let name = e.person.name.clone();
        let person_id = e.person.id;
        self.archive.write(|tx| {
            for s in own {
                ceremonies::hold(
                    tx,
                    id,
                    &ceremonies::HeldSignature {
                        person_id: Some(person_id),
                        role_key: s.role_key.clone(),
                        signer_name: name.clone(),
                        png: s.png.clone(),
                        strokes_json: strokes(&s.strokes_json),
                        signed_at: at.clone(),
                    },
                )?;
            }
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::CeremonySignedAwaiting,
                &id.to_string(),
                &name,
            )?;
            Ok::<_, CoreError>(())
        })
    }
}
