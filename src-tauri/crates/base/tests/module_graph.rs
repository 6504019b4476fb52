//! The shape of every SignDesk crate, checked from its sources (this crate is the one
//! all others share, so the check lives here):
//! - no import circle between the top-level modules of a crate: the graph of
//!   `crate::module` paths (re-exports in lib.rs resolved to their module, unit-test
//!   modules left out) has no strongly connected component of two or more modules;
//! - no source file of a crate is longer than [`MAX_LINES`] lines;
//! - no function is longer than [`MAX_FN_LINES`] lines.
//!
//! Both length checks read the same files: every `.rs` under each crate's `src/` in
//! `src-tauri/crates/` (not its `tests/` or `examples/`, nor the shell crate's
//! `src-tauri/src/`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Issue 26: a file longer than this is split along its seams.
const MAX_LINES: usize = 450;

/// Issue 26: a function longer than this is split into named steps.
const MAX_FN_LINES: usize = 100;

fn crates() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    assert!(out.len() >= 8, "crates not found under {}", root.display());
    out
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The text before a file's unit tests (`#[cfg(test)] mod tests`).
fn without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// Every `crate::name` in `text`.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + 7..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

/// `pub use module::{A, B}` in lib.rs: A and B live in `module`.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in lib.lines().map(str::trim) {
        let Some(rest) = line.strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        for n in names
            .trim_end_matches(';')
            .trim_matches(|c| c == '{' || c == '}')
            .split(',')
        {
            let n = n.trim();
            if !n.is_empty() {
                out.insert(n.to_string(), module.to_string());
            }
        }
    }
    out
}

/// Strongly connected components of two or more nodes (Tarjan).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'g> {
        g: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on: BTreeSet<&'g str>,
        out: Vec<Vec<String>>,
    }
    impl<'g> T<'g> {
        fn visit(&mut self, v: &'g str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on.insert(v);
            for w in self.g.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if self.on.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut comp = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on.remove(w);
                    comp.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    comp.sort();
                    self.out.push(comp);
                }
            }
        }
    }
    let mut t = T {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.out
}

#[test]
fn no_crate_has_an_import_circle_between_its_modules() {
    let mut found = Vec::new();
    for src in crates() {
        let lib = ["lib.rs", "main.rs"]
            .iter()
            .filter_map(|f| std::fs::read_to_string(src.join(f)).ok())
            .collect::<String>();
        let alias = reexports(&lib);
        let mut files = Vec::new();
        sources(&src, &mut files);
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in files {
            let rel = f.strip_prefix(&src).unwrap();
            let top = rel
                .iter()
                .next()
                .unwrap()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if top == "lib" || top == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            for used in crate_paths(without_tests(&text)) {
                let module = alias.get(&used).cloned().unwrap_or(used);
                if module != top {
                    graph.entry(top.clone()).or_default().insert(module);
                }
            }
        }
        for c in circles(&graph) {
            found.push(format!(
                "{}: {}",
                src.parent().unwrap().display(),
                c.join(" ↔ ")
            ));
        }
    }
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

#[test]
fn the_checker_finds_a_circle() {
    let g: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), ["b".to_string()].into()),
        ("b".to_string(), ["c".to_string()].into()),
        ("c".to_string(), ["a".to_string(), "d".to_string()].into()),
    ]
    .into();
    assert_eq!(
        circles(&g),
        vec![vec!["a".to_string(), "b".into(), "c".into()]]
    );
    assert_eq!(
        crate_paths("use crate::fonts::{Fonts};\nx(crate::png::decode)"),
        ["fonts".to_string(), "png".into()].into()
    );
}

#[test]
fn no_source_file_is_longer_than_max_lines() {
    let mut long = Vec::new();
    for src in crates() {
        let mut files = Vec::new();
        sources(&src, &mut files);
        for f in files {
            let n = std::fs::read_to_string(&f).unwrap().lines().count();
            if n > MAX_LINES {
                long.push(format!("{} ({n} lines)", f.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these along their seams:\n{}",
        long.join("\n")
    );
}

/// The length of each function in `text` that is longer than `max`: `(name, first
/// line (1-based), lines)`.
///
/// The rule (the code is rustfmt-formatted, so indentation is reliable): a function
/// starts at a line that, after its indentation, reads `fn name` with only
/// `pub`/`pub(…)`, `const`, `async`, `unsafe` and `extern "…"` before it. Its length is
/// the number of lines after that line up to and including the first later line that
/// is its indentation followed by `}` — the function's closing brace. A header whose
/// first line ending in `{` or `;` ends in `;` declares a function without a body (a
/// trait's) and is skipped; a function written on one line is 0 lines long. Functions
/// nested in a function count as part of it and are not measured on their own.
fn long_functions(text: &str, max: usize) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((indent, name)) = fn_header(lines[i]) else {
            i += 1;
            continue;
        };
        // The header's end: the first line from here ending in `{` or `;`.
        let head_end = (i..lines.len()).find(|&k| {
            let t = lines[k].trim_end();
            t.ends_with('{') || t.ends_with(';') || (k == i && t.ends_with('}'))
        });
        let Some(head_end) = head_end else {
            break;
        };
        let head = lines[head_end].trim_end();
        if head.ends_with(';') || (head_end == i && head.ends_with('}')) {
            // A declaration, or a function on one line.
            i = head_end + 1;
            continue;
        }
        let close = (head_end + 1..lines.len()).find(|&k| {
            let l = lines[k];
            l.len() > indent && l[..indent].trim().is_empty() && l[indent..].starts_with('}')
        });
        let Some(close) = close else {
            break;
        };
        if close - i > max {
            out.push((name, i + 1, close - i));
        }
        i = close + 1;
    }
    out
}

/// `(indentation, name)` when `line` starts a function.
fn fn_header(line: &str) -> Option<(usize, String)> {
    let rest = line.trim_start();
    let indent = line.len() - rest.len();
    let mut rest = rest;
    loop {
        let before = rest;
        for q in ["pub ", "const ", "async ", "unsafe "] {
            rest = rest.strip_prefix(q).unwrap_or(rest);
        }
        if rest.starts_with("pub(") {
            rest = rest.split_once(") ").map_or(rest, |(_, r)| r);
        }
        if rest.starts_with("extern \"") {
            rest = rest.splitn(3, '"').nth(2).map_or(rest, str::trim_start);
        }
        if rest == before {
            break;
        }
    }
    let name: String = rest
        .strip_prefix("fn ")?
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some((indent, name))
}

#[test]
fn no_function_is_longer_than_max_fn_lines() {
    let mut long = Vec::new();
    for src in crates() {
        let mut files = Vec::new();
        sources(&src, &mut files);
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for (name, line, n) in long_functions(&text, MAX_FN_LINES) {
                long.push(format!("{}:{line} {name} ({n} lines)", f.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these into named steps:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_function_rule_measures_from_the_fn_line_to_its_closing_brace() {
    let body = |n: usize| "        x += 1;\n".repeat(n);
    // `long`: 101 lines (its body of 100 and the closing brace); `fits`: 100; `multi`:
    // 107 (its header's 5 more lines, its body of 101 and the brace).
    let text = format!(
        "impl A {{\n    pub(crate) fn long(&self) {{\n{}    }}\n\n    fn short() {{}}\n}}\n\
         trait T {{\n    fn declared(&self);\n}}\n\
         pub async fn fits() -> u32 {{\n{}    1\n}}\n\
         extern \"C\" fn multi(\n    a: u32,\n) -> u32\nwhere\n    u32: Copy,\n{{\n{}}}\n",
        body(100),
        body(98),
        body(101),
    );
    assert_eq!(
        long_functions(&text, 100),
        vec![
            ("long".to_string(), 2, 101),
            ("multi".to_string(), 211, 107)
        ]
    );
    assert_eq!(long_functions(&text, 110), vec![]);
}
