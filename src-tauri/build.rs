//! The app's command list is written once: as the `#[tauri::command]` functions in
//! `src/commands/*.rs`, every one `async` (refused otherwise: a plain one would run on
//! the main thread). This script reads them and
//! - lists them in the `AppManifest`, so each falls under Tauri's permission system
//!   (a window can call only what its capability file grants);
//! - writes `$OUT_DIR/commands.rs`: the `generate_handler!` list `lib.rs` registers and
//!   `COMMANDS`, the names, for the tests that walk every registered command;
//! - refuses to build when `capabilities/main.json` grants anything else than exactly
//!   `allow-<command>` for each of them (a command that is not granted would fail at run
//!   time; a grant without a command is a stale permission).
//!
//! The UI's typed list (`ui/src/ipc/commands.ts`) is checked against the same names by
//! a test in `src/lib.rs`.

use std::fmt::Write as _;
use std::path::Path;

/// `(module, function)` of every `#[tauri::command]` in `src/commands/`, in file order.
fn scan() -> Vec<(String, String)> {
    let dir = Path::new("src/commands");
    println!("cargo:rerun-if-changed=src/commands");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("src/commands")
        .map(|e| e.expect("src/commands entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let module = file.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&file).expect("command file");
        let mut after_attribute = false;
        for line in text.lines().map(str::trim) {
            if line == "#[tauri::command]" {
                after_attribute = true;
                continue;
            }
            if after_attribute && !line.starts_with("#[") {
                // Every command is `async`: Tauri runs a plain `fn` command on the
                // main thread, which also paints the window (a long one freezes it).
                let rest = line.strip_prefix("pub async fn ").unwrap_or_else(|| {
                    panic!(
                        "{}: #[tauri::command] must be followed by `pub async fn` \
                         (a plain fn command runs on the main thread): {line}",
                        file.display()
                    )
                });
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push((module.clone(), name));
                after_attribute = false;
            }
        }
    }
    out
}

/// The permissions `capabilities/main.json` grants, as they are written.
fn granted() -> Vec<String> {
    let path = "capabilities/main.json";
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).expect("capabilities/main.json");
    let start = text
        .find("\"permissions\"")
        .expect("permissions in main.json");
    let list = &text[start..];
    let list = &list[list.find('[').expect("[")..=list.find(']').expect("]")];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The kiosk's commands are the ones in `src/commands/kiosk.rs`, every one named
/// `kiosk_*` and reaching the archive only through `call_kiosk` (the `KioskDesk`);
/// a `kiosk_*` command anywhere else, or one there that could reach the whole desk,
/// stops the build.
fn kiosk_commands(commands: &[(String, String)]) -> Vec<String> {
    for (module, name) in commands {
        let in_kiosk = module == "kiosk";
        assert!(
            in_kiosk == name.starts_with("kiosk_"),
            "{name} in src/commands/{module}.rs: the signer's commands are exactly the \
             `kiosk_*` ones, all in src/commands/kiosk.rs"
        );
    }
    let text = std::fs::read_to_string("src/commands/kiosk.rs").expect("src/commands/kiosk.rs");
    for forbidden in [".call(", ".with(", ".session_step(", ".work("] {
        assert!(
            !text.contains(forbidden),
            "src/commands/kiosk.rs uses `{forbidden}`: the kiosk's commands reach the \
             archive only through `call_kiosk`"
        );
    }
    commands
        .iter()
        .filter(|(m, _)| m == "kiosk")
        .map(|(_, n)| n.clone())
        .collect()
}

fn main() {
    let commands = scan();
    assert!(
        !commands.is_empty(),
        "no #[tauri::command] found in src/commands"
    );
    let kiosk = kiosk_commands(&commands);
    // AppManifest keeps the names for the whole build: 'static, so leaked (a build
    // script runs once).
    let names: &'static [&'static str] = Box::leak(
        commands
            .iter()
            .map(|(_, n)| &*Box::leak(n.clone().into_boxed_str()))
            .collect::<Vec<&'static str>>()
            .into_boxed_slice(),
    );

    let mut want: Vec<String> = names
        .iter()
        .map(|n| format!("allow-{}", n.replace('_', "-")))
        .collect();
    let mut have = granted();
    want.sort();
    have.sort();
    if want != have {
        let missing: Vec<_> = want.iter().filter(|w| !have.contains(w)).collect();
        let extra: Vec<_> = have.iter().filter(|h| !want.contains(h)).collect();
        panic!(
            "capabilities/main.json must grant exactly the commands in src/commands:\n  \
             missing: {missing:?}\n  not a command: {extra:?}"
        );
    }

    let mut gen = String::from("// Generated by build.rs from src/commands/*.rs.\n");
    gen.push_str(
        "macro_rules! command_handler {\n    () => {\n        tauri::generate_handler![\n",
    );
    for (module, name) in &commands {
        writeln!(gen, "            crate::commands::{module}::{name},").unwrap();
    }
    gen.push_str("        ]\n    };\n}\n\n/// Every registered command, as the UI calls it.\npub const COMMANDS: &[&str] = &[\n");
    for name in names {
        writeln!(gen, "    \"{name}\",").unwrap();
    }
    gen.push_str("];\n\n/// The signer's commands (src/commands/kiosk.rs), reachable in kiosk mode.\npub const KIOSK_COMMANDS: &[&str] = &[\n");
    for name in &kiosk {
        writeln!(gen, "    \"{name}\",").unwrap();
    }
    gen.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("commands.rs");
    std::fs::write(out, gen).expect("write commands.rs");

    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri build script failed");
}
