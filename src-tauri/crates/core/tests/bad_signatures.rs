//! Hostile signature images and names reach the core as they would over IPC: each is
//! refused with a Chinese message and nothing is stored.

use signdesk_core::signing::SignRequest;

mod common;
use common::request;

fn good_png() -> Vec<u8> {
    common::png(true)
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for b in bytes {
        c ^= *b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut body = kind.to_vec();
    body.extend(data);
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend(&body);
    out.extend(crc32(&body).to_be_bytes());
    out
}

/// A PNG that claims `w`×`h` pixels: a valid header and an empty image stream, so a
/// reader learns the size without anything that large ever being allocated.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(b"IDAT", &[]));
    out.extend(chunk(b"IEND", &[]));
    out
}

#[test]
fn hostile_images_and_names_are_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = common::desk(dir.path());
    let mut truncated = good_png();
    truncated.truncate(truncated.len() / 2);
    let cases: Vec<(&str, SignRequest, &str, &str)> = vec![
        (
            "0×0",
            request("张三", png_claiming(0, 0)),
            "bad_signature",
            "无法读取",
        ),
        (
            "100000×100000",
            request("张三", png_claiming(100_000, 100_000)),
            "bad_signature",
            "尺寸不合理",
        ),
        (
            "empty",
            request("张三", Vec::new()),
            "bad_signature",
            "是空的",
        ),
        (
            "truncated",
            request("张三", truncated),
            "bad_signature",
            "无法读取",
        ),
        (
            "not a png",
            request("张三", b"GIF89a....".to_vec()),
            "bad_signature",
            "无法读取",
        ),
        (
            "blank",
            request("张三", common::png(false)),
            "bad_signature",
            "空白",
        ),
        (
            "NUL in name",
            request("张\0三", good_png()),
            "bad_name",
            "控制字符",
        ),
        (
            "RTL override",
            request("张\u{202E}三", good_png()),
            "bad_name",
            "控制字符",
        ),
        (
            "empty name",
            request("  ", good_png()),
            "missing_name",
            "姓名",
        ),
    ];
    for (what, req, kind, words) in cases {
        let err = desk.sign(&req).unwrap_err();
        assert_eq!(err.kind(), kind, "{what}: {err}");
        assert!(err.to_string().contains(words), "{what}: {err}");
    }
    let info = desk.info().unwrap();
    assert_eq!(
        (info.counts.agreements, info.counts.people),
        (0, 0),
        "nothing stored"
    );
    // And a good one still signs.
    desk.sign(&request("张三", good_png())).unwrap();
}
