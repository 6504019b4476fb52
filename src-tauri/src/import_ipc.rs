//! An import through Tauri's real IPC (mock runtime): the file is staged by
//! `upload_stage` (a raw body, which has room for no channel), and the import names
//! its token beside the job id and progress channel, runs as long work on a detached
//! desk, and uses the token up.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use signdesk_core::ceremony::CeremonyInput;
use signdesk_core::Countersign;
use tauri::http::{HeaderMap, HeaderValue};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;

use crate::commands::upload;
use crate::state::DeskState;

const PASS: &str = "测试口令 shell 2027";

fn invoke(
    webview: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    body: InvokeBody,
    headers: HeaderMap,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers,
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|r| r.deserialize::<Value>().unwrap())
}

#[test]
fn a_roster_is_staged_then_imported_as_long_work_and_its_token_is_used_once() {
    let dir = tempfile::tempdir().unwrap();
    let state = DeskState::with_idle_lock(
        Instant::now(),
        Ok(dir.path().to_path_buf()),
        Duration::from_secs(600),
    );
    state.create("宁德新奥燃气有限公司", PASS).unwrap();
    let ceremony = state
        .with(|desk| {
            desk.ceremony_create(&CeremonyInput {
                template_id: "kefu-anquan-mubiao-2018".into(),
                version: None,
                year: 2027,
                title: None,
                values: Default::default(),
                bindings: Default::default(),
                org_signers: [("director".to_string(), "周总监".to_string())].into(),
                countersign: Countersign::Each,
            })
        })
        .unwrap()
        .id;
    let app = mock_builder()
        .manage(state.clone())
        .invoke_handler(command_handler!())
        .build(tauri::generate_context!(test = true))
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();

    let mut headers = HeaderMap::new();
    // encodeURIComponent("名单.csv")
    headers.insert(
        upload::FILE_NAME,
        HeaderValue::from_static("%E5%90%8D%E5%8D%95.csv"),
    );
    let roster = "姓名,工号,部门\n张三,E001,客服部\n李四,E002,客服部\n";
    let token = invoke(
        &webview,
        "upload_stage",
        InvokeBody::Raw(roster.as_bytes().to_vec()),
        headers,
    )
    .unwrap();
    let import = json!({
        "id": ceremony, "upload": token, "commit": true, "job": 7, "progress": "__CHANNEL__:1"
    });
    let added = invoke(
        &webview,
        "ceremony_import_roster",
        InvokeBody::Json(import.clone()),
        HeaderMap::new(),
    )
    .unwrap();
    assert_eq!(added["added"], 2, "{added}");
    assert_eq!(added["import"]["saved"], 2);
    let people = state.with(|desk| desk.ceremony(ceremony)).unwrap().roster;
    assert_eq!(people.len(), 2);

    // The token is spent: naming it again saves nothing twice.
    let again = invoke(
        &webview,
        "ceremony_import_roster",
        InvokeBody::Json(import),
        HeaderMap::new(),
    )
    .unwrap_err();
    assert_eq!(again["kind"], "bad_upload", "{again}");
}
