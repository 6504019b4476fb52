//! Reading a scheme from an agreement's text. Each part of the scheme has its own
//! module and its own patterns, all run over the same normalised text ([`text`]): the
//! period, the marks (full marks, parts, reward and pass lines), the grades, the
//! targets and penalties. What is found but cannot be settled becomes a doubt.

mod grades;
mod marks;
mod period;
mod targets;
mod text;

use crate::model::Scheme;

/// The scheme an agreement's text states. An agreement without an assessment gives
/// an empty scheme (no parts, no targets); nothing here fails.
pub fn detect(agreement: &str) -> Scheme {
    let t = text::normalise(agreement);
    let mut scheme = Scheme {
        pass_line: rust_decimal::Decimal::from(60),
        ..Scheme::default()
    };
    scheme.period = period::find(&t);
    marks::find(&t, &mut scheme);
    grades::find(&t, &mut scheme);
    targets::find(&t, &mut scheme);
    scheme
}
