//! Storing a signing: `stage` renders the prepared document for the place it will take
//! (its number and the audit chain's head, read now), `store_staged` seals and stores
//! it in one transaction — the staged bytes when the place is still free, else the
//! same document rendered again for its real place (the kiosk's preview token keeps a
//! staged signing between the two; `ceremony/staged.rs`).

use std::collections::BTreeMap;

use signdesk_archive::{agreements, NewAgreement, NewPerson, PersonRef};
use signdesk_typeset as typeset;

use super::{Prepared, SignOutcome, SignerInput, Signing};
use crate::{CoreError, Desk};

/// Where a signing lands: its number and the audit chain's head it is stored at,
/// both printed on its pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    number: String,
    chain: signdesk_base::ChainPosition,
}

impl Place {
    fn apply(&self, doc: &mut typeset::Document) {
        doc.number = self.number.clone();
        if let Some(r) = doc.record.as_mut() {
            r.chain = Some(self.chain.clone());
        }
    }
}

/// The place the next agreement of `year` takes, read now.
fn place(conn: &signdesk_archive::Connection, year: i32) -> Result<Place, CoreError> {
    let (entries, head) = signdesk_archive::audit::head(conn)?;
    Ok(Place {
        number: agreements::next_number(conn, year)?,
        chain: signdesk_base::ChainPosition {
            entries,
            hash: head,
        },
    })
}

/// A signing prepared and rendered for its place, waiting to be sealed and stored.
pub(crate) struct Staged {
    prepared: Prepared,
    place: Place,
    rendered: typeset::Rendered,
    signer: SignerInput,
}

impl Staged {
    /// The document as the signer sees it before confirming (unsealed).
    pub(crate) fn pdf(&self) -> &[u8] {
        &self.rendered.bytes
    }
}

impl Desk {
    /// The signing path shared with ceremonies: `person` says who the signer is in
    /// the archive (`PersonRef::New` from the request, or an existing person), `times`
    /// gives the moment of signatures captured earlier (a held or adopted signature,
    /// by role key), and `after` runs in the same transaction as the insert — so a
    /// ceremony's bookkeeping is stored with the agreement or not at all.
    pub(crate) fn sign_with(
        &mut self,
        req: &Signing<'_>,
        person: impl FnOnce(NewPerson) -> PersonRef,
        times: &BTreeMap<String, chrono::DateTime<chrono::FixedOffset>>,
        after: impl FnOnce(&signdesk_archive::Transaction<'_>, i64, &str) -> Result<(), CoreError>,
    ) -> Result<SignOutcome, CoreError> {
        let staged = self.stage(req, times)?;
        self.store_staged(staged, person, after)
    }

    /// Prepares and renders a signing as it will be stored: with the number it will
    /// take and the audit chain's head it will be stored at, as they stand now. What
    /// the signer checks on screen is these bytes; [`Desk::store_staged`] seals and
    /// stores exactly them unless something was stored in between (then the same
    /// prepared document — same date, same signatures — is rendered again with the
    /// number and head it really gets).
    pub(crate) fn stage(
        &self,
        req: &Signing<'_>,
        times: &BTreeMap<String, chrono::DateTime<chrono::FixedOffset>>,
    ) -> Result<Staged, CoreError> {
        let mut prepared = self.prepare(req, times, true)?;
        let place = place(self.archive.read(), prepared.year)?;
        place.apply(&mut prepared.doc);
        let rendered = typeset::render(&prepared.doc, &*self.typesetter()?)?;
        Ok(Staged {
            prepared,
            place,
            rendered,
            signer: req.signer.clone(),
        })
    }

    /// Seals and stores a staged signing (see [`Desk::stage`]); `person` and `after`
    /// as in [`Desk::sign_with`].
    pub(crate) fn store_staged(
        &mut self,
        staged: Staged,
        person: impl FnOnce(NewPerson) -> PersonRef,
        after: impl FnOnce(&signdesk_archive::Transaction<'_>, i64, &str) -> Result<(), CoreError>,
    ) -> Result<SignOutcome, CoreError> {
        let Staged {
            prepared,
            place: staged_place,
            rendered,
            signer,
        } = staged;
        let Prepared {
            mut doc,
            template_version_id,
            copies,
            name,
            year,
            title,
            signed_at,
            signed_text,
            values_json,
            content_sha256,
            signatures: new_signatures,
        } = prepared;
        let ts = self.typesetter()?;
        let operator = self.actor.clone();
        let person = person(NewPerson {
            name: name.clone(),
            employee_no: signer.employee_no.clone().filter(|n| !n.trim().is_empty()),
            department: signer.department.trim().to_string(),
            position: signer.position.trim().to_string(),
        });
        let seal = self.installation()?;
        self.archive.write(|tx| {
            // The number and the chain's head are printed on the pages: taken in the
            // transaction that stores them. As staged (the usual case) the staged
            // bytes are stored; otherwise the same document is rendered for its real
            // place. Any failure rolls everything back.
            let now = place(tx, year)?;
            let pdf = if now == staged_place {
                rendered
            } else {
                now.apply(&mut doc);
                typeset::render(&doc, &ts)?
            };
            doc.number = now.number;
            let pdf = typeset::Rendered {
                bytes: crate::seal::seal_pdf(&seal, &pdf.bytes)?,
                ..pdf
            };
            let bytes = pdf.bytes.len() as u64;
            let id = agreements::insert(
                tx,
                &NewAgreement {
                    number: doc.number.clone(),
                    template_version_id,
                    person,
                    signer_name: name.clone(),
                    department: signer.department.trim().to_string(),
                    year,
                    title: title.clone(),
                    signed_at: signed_at.clone(),
                    signed_text,
                    values_json,
                    content_sha256: content_sha256.clone(),
                    pdf: pdf.bytes,
                    pages: pdf.pages,
                    copies,
                    operator,
                    signatures: new_signatures,
                },
            )?;
            after(tx, id, &doc.number)?;
            Ok(SignOutcome {
                id,
                number: doc.number.clone(),
                sha256: content_sha256,
                pages: pdf.pages,
                bytes,
            })
        })
    }
}
