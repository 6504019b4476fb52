//! Reading a scheme from an agreement's text. The text is normalised and cut into
//! clauses ([`text`]); each part of the scheme has its own module and patterns: the
//! period, the marks (full marks and the parts, however they are listed), the measured
//! targets (weighted clauses, and parts scored by percentage points), the penalties,
//! the reward and pass lines, the grades. A clause read as one thing is not read again
//! as another. What is found but cannot be settled becomes a doubt.

mod grades;
mod lines;
mod marks;
mod penalties;
mod period;
mod rules;
mod targets;
mod text;

use rust_decimal::Decimal;

use crate::model::{Part, Scheme, Target};

/// An item worth points, where the text states it: a part, or a measured target.
#[derive(Debug)]
struct Scored {
    /// The clause it is stated in (the items keep the text's order).
    clause: usize,
    label: String,
    points: Decimal,
    /// What its own clause goes on to say after its points (how it is scored).
    body: String,
    /// A list item or table row of its own: only such an item can head a group.
    listed: bool,
    /// Set when it is scored by a measured value.
    target: Option<Target>,
}

/// A listed item with nothing after its points, whose following items (up to its next
/// sibling) add up to its points, is their heading, not a part of its own:
/// 「（一）指标考核（60分）」 over 「1.……占30分」 and 「2.……占30分」.
fn drop_group_headings(clauses: &[&str], scored: &mut Vec<Scored>) {
    let heads: Vec<usize> = scored
        .iter()
        .enumerate()
        .filter(|(_, s)| s.listed && s.body.is_empty() && s.target.is_none())
        .filter_map(|(k, s)| {
            let (kind, _) = text::enumerator(clauses[s.clause])?;
            let end = (s.clause + 1..clauses.len())
                .find(|&j| text::enumerator(clauses[j]).is_some_and(|(e, _)| e == kind))
                .unwrap_or(clauses.len());
            let inside: Vec<&Scored> = scored
                .iter()
                .filter(|o| o.clause > s.clause && o.clause < end)
                .collect();
            let sum: Decimal = inside.iter().map(|o| o.points).sum();
            (inside.len() >= 2 && sum == s.points).then_some(k)
        })
        .collect();
    for k in heads.into_iter().rev() {
        scored.remove(k);
    }
}

/// The scheme an agreement's text states. An agreement without an assessment gives
/// an empty scheme (no parts, no targets); nothing here fails.
pub fn detect(agreement: &str) -> Scheme {
    let t = text::normalise(agreement);
    let clauses = text::clauses(&t);
    let mut scheme = Scheme {
        pass_line: Decimal::from(60),
        ..Scheme::default()
    };
    period::find(&t, &mut scheme);
    let mut used = vec![false; clauses.len()];
    let (total, mut scored) = marks::find(&clauses, &mut used, &mut scheme.doubts);
    scheme.total = total;
    targets::find(&t, &clauses, &mut used, &mut scored, &mut scheme.doubts);
    drop_group_headings(&clauses, &mut scored);
    scored.sort_by_key(|s| s.clause);
    for s in scored {
        match s.target {
            Some(mut target) => {
                target.key = format!("target{}", scheme.targets.len() + 1);
                scheme.targets.push(target);
            }
            None => scheme.parts.push(Part {
                key: format!("part{}", scheme.parts.len() + 1),
                label: s.label,
                points: s.points,
            }),
        }
    }
    penalties::find(&clauses, &used, &mut scheme);
    lines::find(&t, &mut scheme);
    grades::find(&t, &mut scheme);
    check_sums(&mut scheme);
    scheme
}

/// The parts and the targets' weights should make the full marks (or 100% when only
/// weights are given).
fn check_sums(scheme: &mut Scheme) {
    let parts: Decimal = scheme.parts.iter().map(|p| p.points).sum();
    let weights: Decimal = scheme.targets.iter().map(|t| t.weight).sum();
    match scheme.total {
        Some(total) if scheme.is_stated() && parts + weights != total => {
            scheme.doubts.push(format!(
                "各部分与指标分值合计 {} 分，与满分 {} 分不一致，请核对",
                parts + weights,
                total
            ));
        }
        None if !scheme.targets.is_empty() && parts + weights != Decimal::from(100) => {
            scheme.doubts.push(format!(
                "各指标占比合计 {}%，不是 100%，请核对",
                parts + weights
            ));
        }
        _ => {}
    }
}
