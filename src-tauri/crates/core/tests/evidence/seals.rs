//! Seals checked against a root exported earlier, not only the one stored beside
//! them; the seal key's secret stored nowhere.

use signdesk_archive::{Archive, ArchiveError};
use signdesk_core::evidence::root_from_pem;
use signdesk_core::keyfile;
use signdesk_core::trust::VerifyOptions;

use crate::common;

#[test]
fn seals_are_checked_against_a_root_exported_earlier() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(&dir.path().join("a"));
    desk.sign(&common::request("张三", common::png(true)))
        .unwrap();
    let ours = root_from_pem(&desk.seal_root_pem().unwrap()).unwrap();
    let mut other_desk = common::desk(&dir.path().join("b"));
    let theirs = root_from_pem(&other_desk.seal_root_pem().unwrap()).unwrap();
    drop(other_desk);
    assert_eq!(root_from_pem("not a certificate"), None);

    let with = |desk: &mut signdesk_core::Desk, root: &[u8]| {
        desk.verify_with(
            &VerifyOptions {
                anchor: None,
                root_der: Some(root.to_vec()),
            },
            &signdesk_core::Job::silent(),
        )
        .unwrap()
    };
    assert!(with(&mut desk, &ours).ok);
    let r = with(&mut desk, &theirs);
    assert!(!r.ok);
    assert!(
        r.problems.iter().all(|p| p.kind == "seal_invalid"),
        "{:?}",
        r.problems
    );
    drop(desk);

    // The stored root swapped for another: the stored-root check follows the swap,
    // the root kept outside does not.
    let data = dir.path().join("a");
    let key = keyfile::archive_key(&data, common::PASSPHRASE).unwrap();
    let mut a = Archive::open_dir(&data, &key).unwrap();
    let hexed: String = theirs.iter().map(|b| format!("{b:02x}")).collect();
    a.write(|tx| signdesk_archive::settings::set(tx, "seal.root_cert", &hexed))
        .unwrap();
    drop(a);
    let mut desk = common::desk(&data);
    assert!(
        !desk.verify().unwrap().ok,
        "the swapped root does not seal these PDFs"
    );
    assert!(with(&mut desk, &ours).ok, "the exported root still holds");
}

/// The seal key's secret is derived from the master key and stored nowhere: nothing in
/// the settings table opens the sealed key. An archive made with the old layout (a
/// random secret beside the key) is re-sealed on its next signing.
#[test]
fn the_seal_key_does_not_open_from_the_database_alone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut desk = common::desk(&data);
    desk.sign(&common::request("张三", common::png(true)))
        .unwrap();
    let plain = desk.installation().unwrap().signing_key_pkcs8_der.clone();
    drop(desk);

    let key = keyfile::archive_key(&data, common::PASSPHRASE).unwrap();
    let settings = |a: &Archive| -> Vec<(String, String)> {
        let conn = a.read();
        let mut st = conn.prepare("SELECT key, value FROM settings").unwrap();
        st.query_map([], |r| Ok((r.get(0).unwrap(), r.get(1).unwrap())))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let unhex = |h: &str| -> Option<Vec<u8>> {
        (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(h.get(i..i + 2)?, 16).ok())
            .collect()
    };
    let mut a = Archive::open_dir(&data, &key).unwrap();
    let all = settings(&a);
    assert!(
        all.iter().all(|(k, _)| k != "seal.secret"),
        "no secret stored"
    );
    let sealed = unhex(&all.iter().find(|(k, _)| k == "seal.signing_key").unwrap().1).unwrap();
    for (k, v) in &all {
        for candidate in [unhex(v).unwrap_or_default(), v.as_bytes().to_vec()] {
            assert!(
                signdesk_seal::open_key(&sealed, &candidate).is_err(),
                "settings {k} opens the seal key"
            );
        }
    }
    let raw_db = std::fs::read(data.join("signdesk.db")).unwrap();
    assert!(
        !raw_db.windows(plain.len()).any(|w| w == plain.as_slice()),
        "the plain key is not in the file"
    );

    // The old layout: a random secret beside the key.
    let secret = signdesk_seal::random_secret();
    let old = signdesk_seal::seal_key(&plain, &secret);
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    a.write(|tx| {
        signdesk_archive::settings::set(tx, "seal.signing_key", &hex(&old))?;
        signdesk_archive::settings::set(tx, "seal.secret", &hex(&secret))?;
        Ok::<_, ArchiveError>(())
    })
    .unwrap();
    drop(a);
    let mut desk = common::desk(&data);
    desk.sign(&common::request("李四", common::png(true)))
        .unwrap();
    assert!(desk.verify().unwrap().ok);
    drop(desk);
    let a = Archive::open_dir(&data, &key).unwrap();
    assert!(
        settings(&a).iter().all(|(k, _)| k != "seal.secret"),
        "the old secret is gone after the re-seal"
    );
}
