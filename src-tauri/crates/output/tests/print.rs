//! Printing: the merged PDF holds each agreement its number of copies (checked with
//! poppler's pdfinfo), and a real CUPS server with a cups-pdf queue prints it.
#![allow(clippy::unwrap_used)] // test helpers panic by design

// The archive's own test helpers (a real archive on disk, tiny PDFs), shared.
#[path = "../../archive/tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use signdesk_archive::search::{self, SearchQuery, Status};
use signdesk_archive::{audit, voids};
use signdesk_base::Job;
use signdesk_output::print;

fn pdfinfo_pages(path: &Path) -> u32 {
    let out = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    assert!(
        out.status.success(),
        "pdfinfo: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .expect("Pages: line")
}

/// Page labels in order ("SD-2027-000001 p1" …), read back with lopdf.
fn page_labels(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.get_pages()
        .values()
        .map(|id| {
            let content = doc.get_page_content(*id);
            let ops = lopdf::content::Content::decode(&content)
                .unwrap()
                .operations;
            let tj = ops.iter().find(|o| o.operator == "Tj").unwrap();
            String::from_utf8(tj.operands[0].as_str().unwrap().to_vec()).unwrap()
        })
        .collect()
}

#[test]
fn merged_pdf_repeats_each_agreement_copies_times() {
    let (dir, mut a) = fresh();
    let v = template(&mut a, "kefu", "安全目标责任书");
    let one = sign(
        &mut a,
        v,
        &Spec {
            name: "张三",
            pages: 2,
            copies: 2,
            ..Spec::default()
        },
    );
    let two = sign(
        &mut a,
        v,
        &Spec {
            name: "李四",
            pages: 1,
            copies: 3,
            ..Spec::default()
        },
    );
    let three = sign(
        &mut a,
        v,
        &Spec {
            name: "王五",
            pages: 3,
            copies: 1,
            ..Spec::default()
        },
    );
    let merged = print::merged_pdf(a.read(), &[one, two, three], &Job::silent()).unwrap();
    assert_eq!(merged.pages, 2 * 2 + 3 + 3);
    let labels = page_labels(&merged.pdf);
    let n1 = "SD-2027-000001";
    let n2 = "SD-2027-000002";
    let n3 = "SD-2027-000003";
    assert_eq!(
        labels,
        [
            format!("{n1} p1"),
            format!("{n1} p2"),
            format!("{n1} p1"),
            format!("{n1} p2"),
            format!("{n2} p1"),
            format!("{n2} p1"),
            format!("{n2} p1"),
            format!("{n3} p1"),
            format!("{n3} p2"),
            format!("{n3} p3"),
        ]
    );
    let file = dir.path().join("合并打印.pdf");
    let r =
        print::write_merged(&mut a, &[one, two, three], &file, "测试员", &Job::silent()).unwrap();
    assert_eq!((r.pages, r.agreements), (10, 3));
    assert_eq!(pdfinfo_pages(&file), 10, "poppler agrees");
    assert_eq!(audit::recent(a.read(), 1).unwrap()[0].event, "printed");
    assert!(print::merged_pdf(a.read(), &[], &Job::silent()).is_err());
}

#[test]
fn voided_agreements_filter_out_of_a_print_selection() {
    let (_d, mut a) = fresh();
    let v = template(&mut a, "kefu", "安全目标责任书");
    let one = sign(
        &mut a,
        v,
        &Spec {
            name: "张三",
            copies: 2,
            ..Spec::default()
        },
    );
    sign(
        &mut a,
        v,
        &Spec {
            name: "李四",
            copies: 2,
            ..Spec::default()
        },
    );
    a.write(|tx| voids::void(tx, one, "签错", "测试员"))
        .unwrap();
    let q = SearchQuery {
        status: Some(Status::Signed),
        ..Default::default()
    };
    let ids = search::select_ids(a.read(), &q).unwrap();
    assert_eq!(ids.len(), 1);
    let merged = print::merged_pdf(a.read(), &ids, &Job::silent()).unwrap();
    assert_eq!(
        page_labels(&merged.pdf),
        ["SD-2027-000002 p1", "SD-2027-000002 p1"]
    );
}

fn root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0"))
        .unwrap_or(false)
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../scripts/cups-test-printer.sh")
}

/// Waits for cups-pdf's output file of a job (`…-job_<id>.pdf`), complete.
fn wait_for_job_file(dir: &Path, job_number: &str, timeout: Duration) -> Option<PathBuf> {
    let suffix = format!("job_{job_number}.pdf");
    let start = Instant::now();
    while start.elapsed() < timeout {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                if name.ends_with(&suffix) {
                    // Written completely once pdfinfo can read it.
                    let ok = Command::new("pdfinfo")
                        .arg(&p)
                        .output()
                        .map(|o| o.status.success())
                        .unwrap_or(false);
                    if ok {
                        return Some(p);
                    }
                }
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    None
}

#[test]
fn prints_through_a_real_cups_server() {
    let out_dir = tempfile::tempdir().unwrap();
    let Some(printed_dir) = cups_pdf_queue(out_dir.path()) else {
        return;
    };

    let (_d, mut a) = fresh();
    let v = template(&mut a, "kefu", "安全目标责任书");
    let one = sign(
        &mut a,
        v,
        &Spec {
            name: "张三",
            pages: 2,
            copies: 2,
            ..Spec::default()
        },
    );
    let two = sign(
        &mut a,
        v,
        &Spec {
            name: "李四",
            pages: 1,
            copies: 3,
            ..Spec::default()
        },
    );
    let tmp_before = std::fs::read_dir(std::env::temp_dir()).unwrap().count();
    let r = print::print_to(&mut a, &[one, two], "SignDeskPDF", "测试员", &Job::silent()).unwrap();
    assert_eq!((r.agreements, r.pages), (2, 2 * 2 + 3));
    let job = r.job.clone().expect("CUPS request id");
    assert!(job.starts_with("SignDeskPDF-"), "{job}");
    let number = job.rsplit('-').next().unwrap();
    let file =
        wait_for_job_file(&printed_dir, number, Duration::from_secs(60)).unwrap_or_else(|| {
            panic!(
                "no cups-pdf output for job {job} in {}",
                printed_dir.display()
            )
        });
    assert_eq!(
        pdfinfo_pages(&file),
        7,
        "copies arrive as pages (cups-pdf ignores -n)"
    );
    the_job_is_completed_in_cups(&job);
    no_merged_pdf_is_left_behind(tmp_before);
    let last = audit::recent(a.read(), 1).unwrap().remove(0);
    assert_eq!(last.event, "printed");
    assert!(last.detail.contains(&job));
    // An unknown printer: a clear message listing the real ones.
    let err =
        print::print_to(&mut a, &[one], "NoSuchPrinter", "测试员", &Job::silent()).unwrap_err();
    assert_eq!(err.kind(), "printer_not_found");
    assert!(err.to_string().contains("SignDeskPDF"), "{err}");
    let err = print::print_to(&mut a, &[one], "-oops", "测试员", &Job::silent()).unwrap_err();
    assert_eq!(err.kind(), "invalid_printer");
}

/// The queue SignDeskPDF of a real CUPS server (`scripts/cups-test-printer.sh`), listed
/// and accepting jobs; returns the folder cups-pdf writes its jobs to (into `out_dir`),
/// or None when the server cannot be set up here (not root and no apt-get: skipped).
fn cups_pdf_queue(out_dir: &Path) -> Option<PathBuf> {
    let have_apt = Command::new("apt-get").arg("--version").output().is_ok();
    if !root() && !have_apt {
        eprintln!(
            "\n!!!!! SKIPPED prints_through_a_real_cups_server: not root and no apt-get !!!!!\n"
        );
        return None;
    }
    let setup = Command::new("sh")
        .arg(script())
        .arg(out_dir)
        .output()
        .expect("run scripts/cups-test-printer.sh");
    assert!(
        setup.status.success(),
        "cups-test-printer.sh failed:\n{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let printed_dir = PathBuf::from(String::from_utf8_lossy(&setup.stdout).trim());

    let printers = print::printers().unwrap();
    let q = printers
        .iter()
        .find(|p| p.name == "SignDeskPDF")
        .expect("queue listed");
    assert!(q.accepting, "{q:?}");
    Some(printed_dir)
}

/// CUPS knows the job as completed.
fn the_job_is_completed_in_cups(job: &str) {
    let done = Command::new("lpstat")
        .args(["-W", "completed", "-o", "SignDeskPDF"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&done.stdout).contains(job),
        "{}",
        String::from_utf8_lossy(&done.stdout)
    );
}

/// The temporary merged PDF is gone (`tmp_before`: entries of the temp folder before).
fn no_merged_pdf_is_left_behind(tmp_before: usize) {
    let leftovers: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("signdesk-print-")
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "{leftovers:?} (had {tmp_before} entries before)"
    );
}
