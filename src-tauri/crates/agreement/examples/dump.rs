//! Prints what detection makes of a file: `cargo run -p signdesk-agreement --example dump -- FILE`
//! (or every built-in without an argument). A tool for improving detection.

use signdesk_agreement::{builtins, import, ParaKind, Template};

fn show(name: &str, t: &Template) {
    println!("=== {name}");
    for p in t.paragraphs() {
        let ind = "  ".repeat(p.level as usize);
        match p.kind {
            ParaKind::Title => println!("TITLE {}", p.text),
            ParaKind::Heading => println!("## [{}] {}", p.number, p.text),
            ParaKind::Paragraph => println!("{ind}¶ {}", p.text),
            ParaKind::Clause => println!("{ind}- [{}] {}", p.number, p.text),
        }
    }
    println!(
        "sections={} clauses={} copies={} period={:?} preamble={} closing={}",
        t.sections.len(),
        t.clause_count(),
        t.copies,
        t.period,
        t.preamble.len(),
        t.closing.len()
    );
    for r in &t.roles {
        println!("ROLE {} {} {:?} {:?}", r.key, r.label, r.signs, r.side);
    }
    for f in &t.fields {
        println!("FIELD {} {} {:?} {:?}", f.key, f.label, f.kind, f.original);
    }
}

fn main() {
    match std::env::args().nth(1) {
        Some(path) => match std::fs::read(&path).map(|b| import(&path, &b)) {
            Ok(Ok(t)) => show(&path, &t),
            Ok(Err(e)) => println!("{}: {e}", e.kind()),
            Err(e) => println!("{e}"),
        },
        None => {
            for b in builtins() {
                show(b.id, &b.template);
            }
        }
    }
}
