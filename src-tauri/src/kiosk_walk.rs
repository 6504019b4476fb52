//! Walks every registered command (`COMMANDS`, generated from src/commands/) through
//! Tauri's real IPC with the mock runtime, on an archive in kiosk mode: the signer's
//! commands reach the desk, every other one is refused with `kiosk_locked`. A new
//! command must be given arguments here, or this test fails naming it.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use signdesk_core::ceremony::CeremonyInput;
use signdesk_core::dto::{PersonInfo, SearchFilters};
use signdesk_core::signing::{SignRequest, SignatureInput, SignerInput};
use signdesk_core::Countersign;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;

use tauri::http::{HeaderMap, HeaderValue};

use crate::commands::upload;
use crate::state::DeskState;

const PASS: &str = "测试口令 shell 2027";
const TEMPLATE: &str = "kefu-anquan-mubiao-2018";

/// What a signer at the locked laptop may reach: the kiosk's own commands (derived by
/// build.rs from src/commands/kiosk.rs) and the unlock screen after a restart.
fn kiosk_reachable() -> Vec<&'static str> {
    let mut all = vec!["session_state", "session_unlock"];
    all.extend_from_slice(crate::KIOSK_COMMANDS);
    all
}

/// A progress channel as the webview sends one (`Channel` serialises to this).
const CHANNEL: &str = "__CHANNEL__:1";

fn signature() -> SignatureInput {
    SignatureInput {
        role_key: "employee".into(),
        signer_name: None,
        png: vec![0x89, b'P', b'N', b'G'],
        strokes_json: "[]".into(),
    }
}

fn ceremony_input() -> CeremonyInput {
    CeremonyInput {
        template_id: TEMPLATE.into(),
        version: None,
        year: 2027,
        title: None,
        values: Default::default(),
        bindings: Default::default(),
        org_signers: [("director".to_string(), "周总监".to_string())].into(),
        countersign: Countersign::Each,
    }
}

/// The body and headers the UI sends for `cmd`: a file's raw bytes for the upload
/// commands (`commands/upload.rs`), JSON arguments (camelCase) for the others.
fn request_for(
    cmd: &str,
    ceremony: i64,
    person: i64,
    template: &Value,
) -> Option<(InvokeBody, HeaderMap)> {
    let header = |pairs: &[(&'static str, String)]| {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    };
    // encodeURIComponent("名单.csv"), encodeURIComponent("协议.txt")
    let roster = "%E5%90%8D%E5%8D%95.csv".to_string();
    let agreement = "%E5%8D%8F%E8%AE%AE.txt".to_string();
    Some(match cmd {
        "upload_stage" => (
            InvokeBody::Raw(b"a,b".to_vec()),
            header(&[(upload::FILE_NAME, roster)]),
        ),
        "template_import" => (
            InvokeBody::Raw("安全目标责任书".as_bytes().to_vec()),
            header(&[(upload::FILE_NAME, agreement)]),
        ),
        _ => (
            InvokeBody::Json(args_for(cmd, ceremony, person, template)?),
            HeaderMap::new(),
        ),
    })
}

/// Arguments that deserialise for `cmd` (names as the UI sends them: camelCase).
fn args_for(cmd: &str, ceremony: i64, person: i64, template: &Value) -> Option<Value> {
    no_args(cmd)
        .or_else(|| archive_args(cmd))
        .or_else(|| session_args(cmd))
        .or_else(|| ceremony_args(cmd, ceremony, person))
        .or_else(|| kiosk_args(cmd, ceremony, person))
        .or_else(|| template_and_assessment_args(cmd, ceremony, template))
        .or_else(|| group_args(cmd))
}

fn no_args(cmd: &str) -> Option<Value> {
    Some(match cmd {
        "app_info" | "export_default_dir" | "printers_list" | "old_copies_delete"
        | "ceremonies_list" | "kiosk_state" | "people_list" | "session_state" | "session_lock"
        | "templates_list" => json!({}),
        _ => return None,
    })
}

/// The archive's commands: agreements, search, export, print, verify, backup.
fn archive_args(cmd: &str) -> Option<Value> {
    let filters = serde_json::to_value(SearchFilters::default()).unwrap();
    Some(match cmd {
        "seal_export_root" => json!({ "folder": "/tmp" }),
        "archive_search" => json!({ "filters": filters }),
        "agreement_get" | "agreement_pdf" | "agreement_history" | "ceremony_get"
        | "ceremony_close" => json!({ "id": 1 }),
        "agreement_sign" => json!({ "request": SignRequest {
            template_id: TEMPLATE.into(),
            version: None,
            signer: SignerInput {
                name: "张三".into(),
                employee_no: None,
                department: "客服部".into(),
                position: "坐席".into(),
            },
            year: Some(2027),
            values: Default::default(),
            signatures: vec![signature()],
            device: "测试".into(),
        } }),
        "agreement_void" => json!({ "id": 1, "reason": "测试" }),
        "pick_path" => json!({ "purpose": "export_folder" }),
        "archive_resolve_scan" => json!({ "text": "SIGNDESK:SD-2027-000001:00" }),
        "archive_export" | "archive_print_pdf" => {
            json!({ "filters": filters, "folder": "/tmp", "job": 1, "progress": CHANNEL })
        }
        "archive_print" => {
            json!({ "filters": filters, "printer": "SignDeskPDF", "job": 1, "progress": CHANNEL })
        }
        "archive_verify" => json!({ "job": 1, "progress": CHANNEL }),
        "archive_backup" => json!({ "folder": "/tmp", "job": 1, "progress": CHANNEL }),
        "job_cancel" => json!({ "job": 1 }),
        _ => return None,
    })
}

/// The session's steps and the self-test.
fn session_args(cmd: &str) -> Option<Value> {
    Some(match cmd {
        "session_create" => json!({ "organisation": "另一个单位", "passphrase": PASS }),
        "session_unlock" => json!({ "passphrase": PASS }),
        "session_restore" => json!({
            "file": "/tmp/none.sdbak", "passphrase": PASS, "job": 1, "progress": CHANNEL
        }),
        "passphrase_change" => json!({ "old": PASS, "new": "新的口令新的口令 2028" }),
        "self_test_print_page" => {
            json!({ "id": "自检-20270101-000000", "printer": "p", "job": 1, "progress": CHANNEL })
        }
        "self_test_run" => json!({
            "screen": { "width": 1280, "height": 800, "scale": 1.0, "touch_points": 0, "pen": false },
            "job": 1,
            "progress": CHANNEL
        }),
        _ => return None,
    })
}

/// The organiser's ceremony commands and the roster's people.
fn ceremony_args(cmd: &str, ceremony: i64, person: i64) -> Option<Value> {
    let sig = serde_json::to_value(signature()).unwrap();
    Some(match cmd {
        "ceremony_import_roster" => json!({
            "id": ceremony, "upload": "0", "commit": false, "job": 1, "progress": CHANNEL
        }),
        "ceremony_create" => json!({ "input": ceremony_input() }),
        "ceremony_adopt_signature" => json!({ "id": ceremony, "signature": sig }),
        "ceremony_set_absent" => json!({ "id": ceremony, "personId": person, "absent": true }),
        "ceremony_reopen" => json!({ "id": ceremony, "personId": person }),
        "ceremony_renew" => json!({ "id": ceremony, "year": 2028 }),
        "ceremony_countersign" => {
            json!({ "id": ceremony, "personId": person, "signatures": [sig] })
        }
        "ceremony_enter_kiosk" => json!({ "id": ceremony, "pin": "246813" }),
        "person_update" => json!({ "id": person, "person": PersonInfo {
            id: person,
            name: "张三".into(),
            employee_no: Some("E001".into()),
            department: "客服部".into(),
            position: "坐席".into(),
            pinyin: String::new(),
            initials: String::new(),
        } }),
        _ => return None,
    })
}

/// The signer's commands at the kiosk.
fn kiosk_args(cmd: &str, ceremony: i64, person: i64) -> Option<Value> {
    let sig = serde_json::to_value(signature()).unwrap();
    Some(match cmd {
        "kiosk_preview" => {
            json!({ "id": ceremony, "personId": person, "confirm": "E001", "signatures": [sig] })
        }
        "kiosk_preview_pdf" | "kiosk_sign" => {
            json!({ "id": ceremony, "personId": person, "confirm": "E001", "token": "0" })
        }
        "kiosk_find" => json!({ "id": ceremony, "query": "张" }),
        "kiosk_agreement" => {
            json!({ "id": ceremony, "personId": person, "confirm": "E001" })
        }
        "kiosk_exit" => json!({ "pin": "000000" }),
        "kiosk_result" | "kiosk_result_pdf" => {
            json!({ "id": ceremony, "personId": person, "confirm": "E001" })
        }
        "kiosk_acknowledge" => {
            json!({ "id": ceremony, "personId": person, "confirm": "E001", "signature": sig })
        }
        _ => return None,
    })
}

fn template_and_assessment_args(cmd: &str, ceremony: i64, template: &Value) -> Option<Value> {
    Some(match cmd {
        "template_get" => json!({ "id": TEMPLATE, "version": null }),
        "template_save" => json!({ "id": TEMPLATE, "template": template }),
        "template_roles_from_line" => json!({ "line": "员工（签字）", "taken": [] }),
        "assessment_import" => json!({
            "request": {
                "upload": "0", "year": 2027, "template": null, "reason": "", "save": false
            },
            "job": 1,
            "progress": CHANNEL
        }),
        "assessment_sheet" => json!({ "ceremonyId": ceremony }),
        "assessment_save" => json!({ "inputs": [] }),
        "assessment_get" | "assessment_pdf" => json!({ "number": "SD-2027-000001" }),
        "assessment_report" | "assessment_report_export" => json!({ "year": 2027 }),
        _ => return None,
    })
}

/// The group archive: this desk's settings, sync and bundle, and the group view.
fn group_args(cmd: &str) -> Option<Value> {
    Some(match cmd {
        "group_settings_get" => json!({}),
        "group_settings_set" => json!({ "url": "postgresql://s@127.0.0.1:1/g", "password": null }),
        "group_sync" => json!({ "job": 1, "progress": CHANNEL }),
        "group_bundle_export" => {
            json!({ "folder": "/tmp", "year": null, "job": 1, "progress": CHANNEL })
        }
        "group_view_open" => json!({ "url": "postgresql://v@127.0.0.1:1/g", "password": "x" }),
        "group_view_close" | "group_view_state" | "group_view_sites" | "group_view_printers" => {
            json!({})
        }
        "group_view_password" => json!({ "password": "x" }),
        "group_view_search" => json!({ "query": {
            "text": "张", "year": null, "site": null, "department": null, "limit": 50, "offset": 0
        } }),
        "group_view_pdf" => json!({ "site": "甲", "number": "SD-2027-000001" }),
        "group_view_export" => json!({
            "query": { "text": "", "year": null, "site": null, "department": null, "limit": 50, "offset": 0 },
            "folder": "/tmp", "job": 1, "progress": CHANNEL
        }),
        "group_view_coverage" => json!({ "year": 2027 }),
        "group_view_report" => json!({ "year": 2027 }),
        "group_view_report_xlsx" => json!({ "year": 2027, "folder": "/tmp" }),
        "group_view_verify" => json!({ "job": 1, "progress": CHANNEL }),
        "group_view_import" => json!({ "file": "x.sdbundle", "job": 1, "progress": CHANNEL }),
        "group_view_print" => json!({
            "query": { "text": "", "year": null, "site": null, "department": null, "limit": 50, "offset": 0 },
            "printer": "p", "folder": null, "job": 1, "progress": CHANNEL
        }),
        _ => return None,
    })
}

/// An archive in kiosk mode: a ceremony with one person on its roster, entered with
/// PIN `246813`; the ceremony's and the person's ids and the template as JSON.
fn desk_in_kiosk_mode(dir: &std::path::Path) -> (DeskState, i64, i64, Value) {
    let state = DeskState::with_idle_lock(
        Instant::now(),
        Ok(dir.to_path_buf()),
        Duration::from_secs(600),
    );
    state.create("宁德新奥燃气有限公司", PASS).unwrap();
    let (ceremony, person, template) = state
        .with(|desk| {
            let template = desk.template(TEMPLATE, None)?.template;
            let c = desk.ceremony_create(&ceremony_input())?;
            let roster = "姓名,工号,部门,岗位\n张三,E001,客服部,坐席\n";
            desk.ceremony_import_roster(
                c.id,
                "名单.csv",
                roster.as_bytes(),
                true,
                &signdesk_core::Job::silent(),
            )?;
            let person = desk.ceremony(c.id)?.roster[0].person_id;
            desk.kiosk_enter(c.id, "246813")?;
            Ok((c.id, person, serde_json::to_value(template).unwrap()))
        })
        .unwrap();
    (state, ceremony, person, template)
}

/// The request the webview sends for `cmd`.
fn invoke_request(cmd: &str, body: InvokeBody, headers: HeaderMap) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body,
        headers,
        invoke_key: INVOKE_KEY.to_string(),
    }
}

#[test]
fn in_kiosk_mode_every_command_but_the_signers_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (state, ceremony, person, template) = desk_in_kiosk_mode(dir.path());

    let app = mock_builder()
        .manage(state)
        .invoke_handler(command_handler!())
        .build(tauri::generate_context!(test = true))
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let kiosk = kiosk_reachable();
    assert!(kiosk.len() >= 10, "the kiosk's commands: {kiosk:?}");
    let mut reached = Vec::new();
    for &cmd in crate::COMMANDS {
        let (body, headers) = request_for(cmd, ceremony, person, &template)
            .unwrap_or_else(|| panic!("{cmd}: a new command — give it arguments in args_for"));
        let response = get_ipc_response(&webview, invoke_request(cmd, body, headers));
        let kind = match &response {
            Ok(_) => None,
            Err(e) => Some(
                e.get("kind")
                    .and_then(Value::as_str)
                    .unwrap_or_else(|| panic!("{cmd}: not a typed error: {e}"))
                    .to_string(),
            ),
        };
        if kiosk.contains(&cmd) {
            assert_ne!(
                kind.as_deref(),
                Some("kiosk_locked"),
                "{cmd} is the signer's"
            );
            reached.push(cmd);
        } else {
            assert_eq!(
                kind.as_deref(),
                Some("kiosk_locked"),
                "{cmd} reached the desk in kiosk mode: {response:?}"
            );
        }
    }
    assert_eq!(
        reached.len(),
        kiosk.len(),
        "every kiosk command is registered"
    );
    let state = tauri::Manager::state::<DeskState>(&app);
    assert!(state.kiosk_locked(), "the walk left the lock on");

    // The right PIN ends the ceremony and the session with it: the answer is the
    // locked state, and nothing but the passphrase opens the archive again.
    let out = get_ipc_response(
        &webview,
        invoke_request(
            "kiosk_exit",
            InvokeBody::Json(json!({ "pin": "246813" })),
            Default::default(),
        ),
    )
    .expect("the organiser's PIN leaves kiosk mode");
    let locked: signdesk_core::dto::SessionState = out.deserialize().unwrap();
    assert_eq!(locked.phase, signdesk_core::dto::SessionPhase::Locked);
    assert!(!state.kiosk_locked());
    let after = state.with(|desk| desk.info());
    assert_eq!(after.unwrap_err().kind(), "session_locked");
}
