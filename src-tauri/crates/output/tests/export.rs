//! Export to a real folder: safe names for hostile person names, manifest hashes that
//! match the files, nothing left behind on failure, an audit entry.
#![allow(clippy::unwrap_used)] // test helpers panic by design

// The archive's own test helpers (a real archive on disk, tiny PDFs), shared.
#[path = "../../archive/tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use common::*;
use signdesk_archive::search::{self, SearchQuery};
use signdesk_archive::{agreements, audit};
use signdesk_base::Job;
use signdesk_output::export;

fn sha256_file(p: &Path) -> String {
    agreements::sha256_hex(&std::fs::read(p).unwrap())
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn exports_a_year_with_a_manifest_whose_hashes_match() {
    let (dir, mut a) = fresh();
    let v = template(&mut a, "kefu", "安全目标责任书");
    sign(
        &mut a,
        v,
        &Spec {
            name: "张三",
            year: 2027,
            ..Spec::default()
        },
    );
    sign(
        &mut a,
        v,
        &Spec {
            name: "张三",
            department: "工程部",
            year: 2027,
            ..Spec::default()
        },
    );
    sign(
        &mut a,
        v,
        &Spec {
            name: "李四",
            year: 2026,
            ..Spec::default()
        },
    );
    let ids = search::select_ids(
        a.read(),
        &SearchQuery {
            year: Some(2027),
            ..Default::default()
        },
    )
    .unwrap();
    let out = dir.path().join("审计导出");
    let r = export::export(&mut a, &ids, &out, "测试员", &Job::silent()).unwrap();
    assert_eq!(r.files, 2);
    assert!(r.folder.starts_with(&out));
    let mut paths = r.paths.clone();
    paths.sort();
    assert_eq!(
        paths,
        [
            "2027/客服部/张三-安全目标责任书-SD-2027-000001.pdf",
            "2027/工程部/张三-安全目标责任书-SD-2027-000002.pdf"
        ]
    );
    let manifest = std::fs::read(r.folder.join("manifest.csv")).unwrap();
    assert!(manifest.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let text = String::from_utf8(manifest[3..].to_vec()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("文件,SHA-256,编号,签署人"));
    // The last row anchors the audit chain as it stood before this export's entry.
    let anchor = lines.pop().unwrap();
    let (entries, head) = audit::head(a.read()).unwrap();
    let exported = audit::recent(a.read(), 1).unwrap().remove(0);
    assert_eq!(exported.event, "exported");
    assert_eq!(
        anchor,
        format!("存证链位置,{},{}", entries - 1, exported.prev_hash)
    );
    assert_ne!(exported.prev_hash, head);
    assert_eq!(lines.len(), 3);
    for line in &lines[1..] {
        let cols: Vec<&str> = line.split(',').collect();
        let file = r.folder.join(cols[0]);
        assert_eq!(sha256_file(&file), cols[1], "{line}");
        let row = agreements::by_number(a.read(), cols[2]).unwrap();
        assert_eq!(row.pdf_sha256, cols[1]);
        assert_eq!(
            std::fs::read(&file).unwrap(),
            agreements::pdf(a.read(), row.id).unwrap()
        );
    }
    // Only the new folder: no temporary leftovers.
    let entries: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(audit::recent(a.read(), 1).unwrap()[0].event, "exported");
    // A second export never touches the first.
    let r2 = export::export(&mut a, &ids, &out, "测试员", &Job::silent()).unwrap();
    assert_ne!(r2.folder, r.folder);
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);
}

#[test]
fn hostile_person_names_give_safe_file_names() {
    let (dir, mut a) = fresh();
    let v = template(&mut a, "kefu", "安全目标责任书");
    let hostile = [
        ("../CON", "../../etc"),
        ("a/b", "客服部"),
        ("张三:*?", "C:\\Windows"),
        ("\u{202E}fdp.exe", "NUL"),
        ("..", ".."),
        ("COM1", "lpt1."),
        ("name. . ", " dept "),
        ("\"<|>\"", "x\u{0}y"),
    ];
    let mut ids = Vec::new();
    for (name, dept) in hostile {
        ids.push(sign(
            &mut a,
            v,
            &Spec {
                name,
                department: dept,
                ..Spec::default()
            },
        ));
    }
    let out = dir.path().join("out");
    let r = export::export(&mut a, &ids, &out, "测试员", &Job::silent()).unwrap();
    assert_eq!(r.files, hostile.len());
    let files = files_under(&r.folder);
    assert_eq!(
        files.len(),
        hostile.len() + 1,
        "every agreement its own file, plus the manifest"
    );
    for f in &files {
        // Nothing escaped the export folder.
        let canon = f.canonicalize().unwrap();
        assert!(canon.starts_with(r.folder.canonicalize().unwrap()), "{f:?}");
        let rel = f.strip_prefix(&r.folder).unwrap();
        for comp in rel.components() {
            let c = comp.as_os_str().to_str().unwrap();
            assert!(
                !c.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']),
                "{c:?}"
            );
            assert!(
                !c.chars()
                    .any(|ch| ch.is_control() || ('\u{202A}'..='\u{202E}').contains(&ch)),
                "{c:?}"
            );
            assert!(!c.ends_with(['.', ' ']) && !c.starts_with('.'), "{c:?}");
            assert!(c.len() <= 255);
            let stem = c.split('.').next().unwrap().to_ascii_uppercase();
            assert!(
                !["CON", "PRN", "AUX", "NUL", "COM1", "LPT1"].contains(&stem.as_str()),
                "{c:?}"
            );
        }
    }
    assert!(
        r.paths
            .iter()
            .any(|p| p.ends_with("/_._CON-安全目标责任书-SD-2027-000001.pdf")),
        "{:?}",
        r.paths
    );
    assert!(
        r.paths.iter().any(|p| p.starts_with("2027/客服部/a_b-")),
        "{:?}",
        r.paths
    );
    assert!(
        r.paths.iter().any(|p| p.contains("/张三___-")),
        "{:?}",
        r.paths
    );
}

#[test]
fn a_failing_export_leaves_nothing_and_empty_selection_is_refused() {
    let (dir, mut a) = fresh();
    let v = template(&mut a, "kefu", "安全目标责任书");
    let id = sign(&mut a, v, &Spec::default());
    let out = dir.path().join("out");
    let err = export::export(&mut a, &[], &out, "x", &Job::silent()).unwrap_err();
    assert_eq!(err.kind(), "empty_selection");
    // A missing agreement in the middle of the selection fails the whole export.
    let err = export::export(&mut a, &[id, 999_999], &out, "x", &Job::silent()).unwrap_err();
    assert_eq!(err.kind(), "not_found");
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "no half-written folder"
    );
    // Destination is a file: a clear error, not a panic.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let err = export::export(&mut a, &[id], &file, "x", &Job::silent()).unwrap_err();
    assert_eq!(err.kind(), "io");
    assert!(err.to_string().contains("失败"), "{err}");
}

#[test]
fn a_cancelled_export_leaves_the_destination_as_it_was_and_is_not_audited() {
    let (dir, mut a) = fresh();
    let v = template(&mut a, "kefu", "安全目标责任书");
    let ids: Vec<i64> = ["张三", "李四", "王五", "赵六"]
        .iter()
        .map(|n| {
            sign(
                &mut a,
                v,
                &Spec {
                    name: n,
                    ..Spec::default()
                },
            )
        })
        .collect();
    let out = dir.path().join("U盘");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("别人的文件.txt"), "保留").unwrap();
    let (entries, _) = audit::head(a.read()).unwrap();
    // 取消 pressed while the third agreement is being written, as the window would
    // from another thread: the job is cancelled through a clone of itself.
    let handle = std::sync::Arc::new(std::sync::OnceLock::<Job>::new());
    let h = handle.clone();
    let job = Job::new(move |p| {
        if p.done == 2 {
            h.get().unwrap().cancel();
        }
    });
    handle.set(job.clone()).unwrap();
    let err = export::export(&mut a, &ids, &out, "测试员", &job).unwrap_err();
    assert_eq!(err.kind(), "cancelled");
    assert!(err.to_string().contains("已取消"), "{err}");
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        vec!["别人的文件.txt".to_string()],
        "no partial folder"
    );
    assert_eq!(audit::head(a.read()).unwrap().0, entries, "nothing audited");
}
