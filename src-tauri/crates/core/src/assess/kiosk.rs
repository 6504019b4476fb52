//! The acknowledgement at the kiosk: a person who signed in a ceremony and has a
//! recorded result finds their name, proves it (the same identity check as signing),
//! reads their result page and signs 「本人已知悉考核结果」. Only their own current,
//! not yet acknowledged result is reachable.

use signdesk_archive::{assessments, ceremonies};
use signdesk_base::{ErrorKind, RosterStatus};

use super::AssessmentView;
use crate::signing::SignatureInput;
use crate::{CoreError, Desk};

impl Desk {
    /// Whether a roster entry has a current result not yet acknowledged.
    pub(crate) fn to_acknowledge(&self, e: &ceremonies::RosterEntry) -> bool {
        let Some(id) = e.agreement_id else {
            return false;
        };
        matches!(
            assessments::current(self.archive.read(), id),
            Ok(Some(cur)) if cur.acknowledged_at.is_none()
        )
    }

    /// The agreement number of a person's result to acknowledge in a ceremony.
    fn result_number(&self, ceremony_id: i64, person_id: i64) -> Result<String, CoreError> {
        self.guard_ceremony(ceremony_id)?;
        let e = ceremonies::entry(self.archive.read(), ceremony_id, person_id)?;
        let name = &e.person.name;
        match (e.status, &e.agreement_number) {
            (RosterStatus::Signed, Some(n)) if self.to_acknowledge(&e) => Ok(n.clone()),
            (RosterStatus::Signed, Some(_)) => Err(CoreError::invalid(
                ErrorKind::NotAssessed,
                format!("{name}没有待确认的考核结果"),
            )),
            _ => Err(CoreError::invalid(
                ErrorKind::NotAssessed,
                format!("{name}还没有签署本次协议，没有考核结果"),
            )),
        }
    }

    pub fn ceremony_result(
        &self,
        ceremony_id: i64,
        person_id: i64,
    ) -> Result<AssessmentView, CoreError> {
        let number = self.result_number(ceremony_id, person_id)?;
        self.view_of(&number)
    }

    pub fn ceremony_result_pdf(
        &mut self,
        ceremony_id: i64,
        person_id: i64,
    ) -> Result<Vec<u8>, CoreError> {
        let number = self.result_number(ceremony_id, person_id)?;
        self.result_pdf(&number)
    }

    pub fn ceremony_acknowledge(
        &mut self,
        ceremony_id: i64,
        person_id: i64,
        signature: &SignatureInput,
    ) -> Result<AssessmentView, CoreError> {
        let number = self.result_number(ceremony_id, person_id)?;
        self.acknowledge(&number, signature)
    }
}
