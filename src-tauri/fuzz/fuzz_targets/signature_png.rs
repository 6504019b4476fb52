//! Signature images: the PNG decoder the renderer runs (header checks, then `image`
//! with width, height and allocation limits) on any bytes. A bitmap that comes out
//! must be within the limits and have exactly one sample per channel and pixel.
#![no_main]

use libfuzzer_sys::fuzz_target;
use signdesk_typeset::{decode_png, MAX_IMAGE_SIDE};

fuzz_target!(|data: &[u8]| {
    if let Ok(b) = decode_png(data) {
        assert!(b.width >= 1 && b.width <= MAX_IMAGE_SIDE as usize);
        assert!(b.height >= 1 && b.height <= MAX_IMAGE_SIDE as usize);
        let channels = if b.has_alpha { 4 } else { 3 };
        assert_eq!(b.samples.len(), b.width * b.height * channels);
    }
});
