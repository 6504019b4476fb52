//! The one-page 考核结果 (result) PDF of a person's current result — the same
//! typesetter and seal as agreements, the agreement's number in every footer — and
//! the person's acknowledgement of it (「本人已知悉考核结果」), signed by hand at the
//! kiosk: the signed page is sealed and stored with the result version it shows.

use signdesk_archive::{agreements, assessments, audit};
use signdesk_assess::display::{self, Sign};
use signdesk_base::ErrorKind;
use signdesk_typeset as typeset;

use super::AssessmentView;
use crate::signing::SignatureInput;
use crate::{CoreError, Desk};

/// The sentence the person signs under, and the signature line's label.
pub const ACK_SENTENCE: &str = "本人已知悉以上考核结果。";
pub const ACK_LABEL: &str = "本人签名";

/// `2027-12-20T10:05:00+08:00` → `2027年12月20日 10:05`.
fn when(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|d| {
            format!(
                "{} {}",
                crate::signing::chinese_date(d.date_naive()),
                d.format("%H:%M")
            )
        })
        .unwrap_or_else(|_| rfc3339.to_string())
}

fn verdict(v: &AssessmentView) -> String {
    let show = |d| display::points(d, Sign::Minus);
    if v.rewarded {
        format!(
            "达到奖励线（{} 分）",
            v.reward_line.map(show).unwrap_or_default()
        )
    } else if v.passed {
        "合格".into()
    } else {
        format!("低于合格线（{} 分）", show(v.pass_line))
    }
}

fn document(
    v: &AssessmentView,
    signed_on: &str,
    organisation: &str,
    signature: Option<(&[u8], chrono::DateTime<chrono::FixedOffset>)>,
) -> typeset::Document {
    let who = match &v.employee_no {
        Some(no) if !no.is_empty() => format!("{}（工号 {no}）", v.signer_name),
        _ => v.signer_name.clone(),
    };
    let dept = if v.department.is_empty() {
        String::new()
    } else {
        format!("{}：", v.department)
    };
    let mut blocks = vec![
        typeset::Block::Paragraph {
            text: format!("{dept}{who}"),
        },
        typeset::Block::Paragraph {
            text: format!(
                "根据您于{signed_on}签署的《{}》（编号 {}）约定的考核办法，{}年度考核结果如下。",
                v.title, v.number, v.year
            ),
        },
        typeset::Block::Heading {
            number: "一、".into(),
            text: "各项得分".into(),
        },
    ];
    for (i, l) in v.lines.iter().enumerate() {
        blocks.push(typeset::Block::Clause {
            number: format!("{}.", i + 1),
            level: 1,
            text: format!("{}：{} 分（{}）", l.label, l.shown_points(), l.rule),
        });
    }
    blocks.push(typeset::Block::Heading {
        number: "二、".into(),
        text: "考核得分".into(),
    });
    blocks.push(typeset::Block::Paragraph {
        text: format!(
            "考核得分 {} 分，{}。",
            display::points(v.score, Sign::Minus),
            verdict(v)
        ),
    });
    if v.version > 1 {
        blocks.push(typeset::Block::Paragraph {
            text: format!(
                "本结果为更正后的第 {} 版，更正原因：{}",
                v.version, v.reason
            ),
        });
    }
    blocks.push(typeset::Block::Paragraph {
        text: format!(
            "本结果由{}记录于{}，内容摘要（SHA-256）：{}。如有异议，请在签名确认前向考核部门提出。",
            v.actor,
            when(&v.assessed_at),
            v.content_sha256
        ),
    });
    blocks.push(typeset::Block::Paragraph {
        text: ACK_SENTENCE.into(),
    });
    let title = format!("{}年度考核结果", v.year);
    typeset::Document {
        number: format!("{} 考核第{}版", v.number, v.version),
        title: title.clone(),
        blocks,
        signatures: vec![typeset::SignatureLine {
            label: ACK_LABEL.into(),
            name: Some(v.signer_name.clone()),
            signature_png: signature.map(|(png, _)| png.to_vec()),
            seal_png: None,
            date: signature.map(|(_, at)| at.date_naive()),
        }],
        record: None,
        meta: typeset::Meta {
            title: format!("{title} · {}", v.signer_name),
            author: organisation.to_string(),
            subject: format!("{} · {} · {}", v.title, v.number, v.signer_name),
            keywords: vec![v.signer_name.clone(), v.number.clone(), v.year.to_string()],
            created: signature
                .map(|(_, at)| at)
                .unwrap_or_else(|| chrono::Local::now().fixed_offset()),
            modified: None,
        },
    }
}

fn signed_on(a: &agreements::AgreementRow) -> String {
    chrono::DateTime::parse_from_rfc3339(&a.signed_at)
        .map(|d| crate::signing::chinese_date(d.date_naive()))
        .unwrap_or_else(|_| a.signed_at.clone())
}

impl Desk {
    /// The sealed result page of an agreement's current result: the acknowledged
    /// page when the person has signed it, else an unsigned one made now.
    pub fn assessment_pdf(&mut self, number: &str) -> Result<Vec<u8>, CoreError> {
        self.guard()?;
        self.result_pdf(number)
    }

    /// [`Desk::assessment_pdf`] without the kiosk guard (the kiosk checks its own).
    pub(crate) fn result_pdf(&mut self, number: &str) -> Result<Vec<u8>, CoreError> {
        let v = self.view_of(number)?;
        let conn = self.archive.read();
        let a = agreements::by_number(conn, number)?;
        let current = assessments::current(conn, a.id)?.ok_or_else(|| {
            CoreError::invalid(
                ErrorKind::NotAssessed,
                format!("协议 {number} 还没有考核结果"),
            )
        })?;
        if let Some(pdf) = assessments::ack_pdf(conn, current.id)? {
            return Ok(pdf);
        }
        let doc = document(&v, &signed_on(&a), &self.organisation()?, None);
        let ts = self.typesetter()?;
        let pdf = typeset::render(&doc, &ts)?;
        let seal = self.installation()?;
        crate::seal::seal_pdf(&seal, &pdf.bytes)
    }

    /// The person signs their current result: the page with their signature is
    /// rendered, sealed and stored with that result version (once), and audited.
    pub fn acknowledge_assessment(
        &mut self,
        number: &str,
        signature: &SignatureInput,
    ) -> Result<AssessmentView, CoreError> {
        self.guard()?;
        self.acknowledge(number, signature)
    }

    /// [`Desk::acknowledge_assessment`] without the kiosk guard (the kiosk checks its own).
    pub(crate) fn acknowledge(
        &mut self,
        number: &str,
        signature: &SignatureInput,
    ) -> Result<AssessmentView, CoreError> {
        let v = self.view_of(number)?;
        if let Some(at) = &v.acknowledged_at {
            return Err(CoreError::invalid(
                ErrorKind::AlreadyAcknowledged,
                format!(
                    "{} 已于 {at} 确认过第 {} 版考核结果",
                    v.signer_name, v.version
                ),
            ));
        }
        let ts = self.typesetter()?;
        crate::signing::check_signature_png(&ts, ACK_LABEL, &signature.png)?;
        let a = agreements::by_number(self.archive.read(), number)?;
        let current = assessments::current(self.archive.read(), a.id)?.ok_or_else(|| {
            CoreError::invalid(
                ErrorKind::NotAssessed,
                format!("协议 {number} 还没有考核结果"),
            )
        })?;
        let now = chrono::Local::now().fixed_offset();
        let doc = document(
            &v,
            &signed_on(&a),
            &self.organisation()?,
            Some((&signature.png, now)),
        );
        let pdf = typeset::render(&doc, &ts)?;
        let seal = self.installation()?;
        let pdf = crate::seal::seal_pdf(&seal, &pdf.bytes)?;
        let sha = agreements::sha256_hex(&pdf);
        let actor = self.actor.clone();
        let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        self.archive.write(|tx| {
            assessments::acknowledge(
                tx,
                current.id,
                &signature.png,
                &signature.strokes_json,
                &at,
                &pdf,
                &sha,
            )?;
            let detail = serde_json::json!({ "version": v.version, "pdf_sha256": sha }).to_string();
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::AssessmentAcknowledged,
                number,
                &detail,
            )?;
            Ok::<_, CoreError>(())
        })?;
        self.view_of(number)
    }
}
