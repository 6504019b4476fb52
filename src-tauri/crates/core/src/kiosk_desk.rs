//! The kiosk as a type: what a signer at the shared laptop can reach.
//!
//! While a ceremony is locked (kiosk mode) the shell hands its commands a
//! [`KioskDesk`], never the [`Desk`]: find one's name, read one's agreement, preview and
//! sign it, see the lock, and leave with the PIN. Nothing else exists on this type, so
//! a command written against it cannot do more, and the shell refuses every command
//! that asks for the whole desk while the lock holds (one test walks every registered
//! command). Each `Desk` method also checks the lock itself, for the CLI and as a
//! second wall.

use crate::assess::AssessmentView;
use crate::ceremony::staged::Staging;
use crate::ceremony::{CeremonySigned, KioskPerson, PersonAgreement};
use crate::kiosk::KioskState;
use crate::signing::SignatureInput;
use crate::{CoreError, Desk};

/// The signer's view of the desk (see the module).
pub struct KioskDesk<'d> {
    desk: &'d mut Desk,
}

impl Desk {
    /// The kiosk's view of this desk; usable whether or not the lock is on (the
    /// organiser previews the signer's steps too).
    pub fn kiosk(&mut self) -> KioskDesk<'_> {
        KioskDesk { desk: self }
    }
}

impl KioskDesk<'_> {
    pub fn state(&self) -> Result<Option<KioskState>, CoreError> {
        self.desk.kiosk_state()
    }

    pub fn find(&self, ceremony_id: i64, query: &str) -> Result<Vec<KioskPerson>, CoreError> {
        self.desk.ceremony_find(ceremony_id, query)
    }

    /// Each of the signer's steps names who they are *and* proves it (`confirm`: the
    /// employee number, when the roster has one) — checked on every call, so no step
    /// can be reached for a colleague by skipping the one before.
    /// Opening a person's agreement ends any preview made for someone before.
    pub fn agreement(
        &mut self,
        ceremony_id: i64,
        person_id: i64,
        confirm: &str,
    ) -> Result<PersonAgreement, CoreError> {
        self.desk.drop_staged();
        self.desk
            .ceremony_confirm_identity(ceremony_id, person_id, confirm)?;
        self.desk.ceremony_person_agreement(ceremony_id, person_id)
    }

    /// The check step: the agreement prepared for storing, and the token that
    /// confirms exactly it ([`Desk::ceremony_stage`]).
    pub fn preview(
        &mut self,
        ceremony_id: i64,
        person_id: i64,
        confirm: &str,
        signatures: &[SignatureInput],
        device: &str,
    ) -> Result<Staging, CoreError> {
        self.desk
            .ceremony_confirm_identity(ceremony_id, person_id, confirm)?;
        self.desk
            .ceremony_stage(ceremony_id, person_id, signatures, device)
    }

    /// The bytes of the preview made under `token` (unsealed, never stored as such).
    pub fn preview_pdf(
        &self,
        ceremony_id: i64,
        person_id: i64,
        confirm: &str,
        token: &str,
    ) -> Result<Vec<u8>, CoreError> {
        self.desk
            .ceremony_confirm_identity(ceremony_id, person_id, confirm)?;
        self.desk.ceremony_staged_pdf(ceremony_id, person_id, token)
    }

    /// 「确认签署并归档」 of the preview made under `token`; nothing is sent again.
    pub fn sign(
        &mut self,
        ceremony_id: i64,
        person_id: i64,
        confirm: &str,
        token: &str,
    ) -> Result<CeremonySigned, CoreError> {
        self.desk
            .ceremony_confirm_identity(ceremony_id, person_id, confirm)?;
        self.desk
            .ceremony_sign_staged(ceremony_id, person_id, token)
    }

    /// The person's assessment result to acknowledge (identity checked as for signing).
    pub fn result(
        &self,
        ceremony_id: i64,
        person_id: i64,
        confirm: &str,
    ) -> Result<AssessmentView, CoreError> {
        self.desk
            .ceremony_confirm_identity(ceremony_id, person_id, confirm)?;
        self.desk.ceremony_result(ceremony_id, person_id)
    }

    /// The result page, sealed, to read before acknowledging.
    pub fn result_pdf(
        &mut self,
        ceremony_id: i64,
        person_id: i64,
        confirm: &str,
    ) -> Result<Vec<u8>, CoreError> {
        self.desk
            .ceremony_confirm_identity(ceremony_id, person_id, confirm)?;
        self.desk.ceremony_result_pdf(ceremony_id, person_id)
    }

    /// 「本人已知悉考核结果」: the person signs their result page.
    pub fn acknowledge(
        &mut self,
        ceremony_id: i64,
        person_id: i64,
        confirm: &str,
        signature: &SignatureInput,
    ) -> Result<AssessmentView, CoreError> {
        self.desk
            .ceremony_confirm_identity(ceremony_id, person_id, confirm)?;
        self.desk
            .ceremony_acknowledge(ceremony_id, person_id, signature)
    }

    /// Leaves kiosk mode with the PIN (or, forgotten, the organiser passphrase).
    pub fn exit(&mut self, pin: &str) -> Result<(), CoreError> {
        self.desk.kiosk_exit(pin)
    }
}
