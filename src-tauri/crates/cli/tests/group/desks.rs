//! The tests' desks and group: a desk archive with a roster, an agreement signed at
//! it, the desk registered as a site, and the `group` command run against the server.

use std::path::Path;

use crate::common::{self, cli, ok_json};
use crate::server;
use serde_json::Value;

/// A desk archive for `org` whose 2027 ceremony roster is `people` (name, number).
pub fn desk(data: &Path, org: &str, department: &str, people: &[(&str, &str)]) {
    let mut desk = signdesk_core::Desk::create(data, org, common::PASSPHRASE).unwrap();
    let c = desk
        .ceremony_create(&signdesk_core::ceremony::CeremonyInput {
            template_id: common::TEMPLATE.into(),
            version: None,
            year: 2027,
            title: None,
            values: Default::default(),
            bindings: Default::default(),
            org_signers: [("director".to_string(), "周总监".to_string())].into(),
            countersign: signdesk_core::Countersign::Each,
        })
        .unwrap();
    let mut roster = String::from("姓名,工号,部门\n");
    for (name, no) in people {
        roster.push_str(&format!("{name},{no},{department}\n"));
    }
    desk.ceremony_import_roster(
        c.id,
        "名单.csv",
        roster.as_bytes(),
        true,
        &signdesk_core::Job::silent(),
    )
    .unwrap();
}

/// Signs a 2027 agreement for `name` (`no`) at the desk in `data`; answers its number.
pub fn sign(data: &Path, name: &str, no: &str, department: &str) -> String {
    let emp = common::signature_png(data, "emp.png");
    let dir = common::signature_png(data, "dir.png");
    let mut args = common::sign_args(name, &emp, &dir);
    args.extend(["--employee-no".into(), no.into()]);
    let pos = args.iter().position(|a| a == "客服部").unwrap();
    args[pos] = department.into();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = ok_json(&cli(data, &args));
    out["number"].as_str().unwrap().to_string()
}

pub fn group(url: &str, args: &[&str]) -> std::process::Output {
    common::bin()
        .arg("group")
        .arg("--url")
        .arg(url)
        .args(args)
        .arg("--json")
        .output()
        .unwrap()
}

/// Registers the desk in `data` as site `name`; answers its role's connection string.
pub fn register(url: &str, data: &Path, name: &str) -> String {
    let pem = data.join("root.pem");
    ok_json(&cli(
        data,
        &[
            "seal",
            "export-root",
            "--out",
            pem.to_str().unwrap(),
            "--json",
        ],
    ));
    let added = ok_json(&group(
        url,
        &[
            "site",
            "add",
            "--name",
            name,
            "--root",
            pem.to_str().unwrap(),
        ],
    ));
    assert_eq!(added["name"], name);
    server::as_user(
        url,
        added["db_role"].as_str().unwrap(),
        added["password"].as_str().unwrap(),
    )
}

pub fn init(url: &str) {
    assert_eq!(
        ok_json(&group(url, &["init"]))["schema"],
        signdesk_group::schema::VERSION
    );
}

pub fn count(url: &str, sql: &str) -> i64 {
    server::client(url).query_one(sql, &[]).unwrap().get(0)
}

pub fn hits(found: &Value) -> Vec<(String, String)> {
    found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["site"].as_str().unwrap().to_string(),
                h["signer"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
