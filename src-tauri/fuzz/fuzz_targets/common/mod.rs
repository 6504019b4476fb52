//! Shared by the .docx and .xlsx targets: a real file from the crates' test fixtures
//! with some of its XML parts replaced by the fuzzer's bytes, rezipped with correct
//! CRCs. Mutating a zip directly mostly trips the CRC check and never reaches the XML
//! readers behind it; this reaches them.

use std::io::{Cursor, Read, Write};

/// The entries of a zip file, in order.
pub fn entries(zip_bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(zip_bytes)).expect("fixture is a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("fixture entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("fixture entry reads");
            (f.name().to_string(), data)
        })
        .collect()
}

/// `base` with each entry named in `replace` swapped for the given bytes (dropped when
/// `None`; added at the end when `base` has no such entry).
pub fn rezip(base: &[(String, Vec<u8>)], replace: &[(&str, Option<&[u8]>)]) -> Vec<u8> {
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut put = |name: &str, data: &[u8]| {
        w.start_file(name, opts).expect("zip entry");
        w.write_all(data).expect("zip write");
    };
    for (name, data) in base {
        match replace.iter().find(|(n, _)| n == name) {
            Some((_, Some(new))) => put(name, new),
            Some((_, None)) => {}
            None => put(name, data),
        }
    }
    for (name, new) in replace {
        if let Some(new) = new {
            if !base.iter().any(|(n, _)| n == name) {
                put(name, new);
            }
        }
    }
    w.finish().expect("zip finish").into_inner()
}

/// Splits a fuzz input at its first NUL byte (XML text has none): the first part and,
/// when there was a NUL, the rest.
pub fn split_nul(data: &[u8]) -> (&[u8], Option<&[u8]>) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    }
}
