//! Where the evidence lives and goes: the data folder and its files are the user's
//! alone, and exports never default to the laptop's own folders.

use crate::common;

/// `stat` as a user would run it: the data folder is the user's alone, and so is
/// every file in it and every backup.
#[cfg(unix)]
#[test]
fn the_data_folder_its_files_and_backups_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut desk = common::desk(&data);
    desk.sign(&common::request("张三", common::png(true)))
        .unwrap();
    let backup = desk
        .backup(
            &dir.path().join("备份.sdbak"),
            false,
            &signdesk_core::Job::silent(),
        )
        .unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700, "the data folder");
    let mut files = 0;
    for entry in std::fs::read_dir(&data).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            files += 1;
            assert_eq!(mode(&p), 0o600, "{}", p.display());
        }
    }
    assert!(files >= 3, "database, its WAL and the key file");
    assert_eq!(
        mode(std::path::Path::new(&backup.path)),
        0o600,
        "the backup"
    );
    drop(desk);

    // An archive made before (0755 / 0644) becomes private when it is opened.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    for entry in std::fs::read_dir(&data).unwrap() {
        let p = entry.unwrap().path();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let desk = common::desk(&data);
    assert_eq!(mode(&data), 0o700);
    for name in ["signdesk.db", "signdesk.key"] {
        assert_eq!(mode(&data.join(name)), 0o600, "{name}");
    }
    drop(desk);
}

/// Exports and backups never default to the laptop's own folders: only to a removable
/// drive, or nowhere (the front end asks).
#[test]
fn exports_default_to_a_removable_drive_or_ask() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::desk(&dir.path().join("data"));
    match desk.default_export_dir().unwrap() {
        None => {}
        Some(d) => assert!(
            d.starts_with("/media/") || d.starts_with("/run/media/"),
            "{d} is not a removable drive"
        ),
    }
    for own in [dirs::document_dir(), dirs::home_dir()]
        .into_iter()
        .flatten()
    {
        assert_ne!(
            desk.default_export_dir().unwrap().as_deref(),
            Some(own.display().to_string().as_str())
        );
    }
}
