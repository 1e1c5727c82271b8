//! The degree photo (学位照片): what a usable upload is.

use crate::error::FieldError;

/// The degree photo's name among the dossier's fields (errors, history).
pub const PHOTO_FIELD: &str = "photo";
/// The photo's file, at most (SPEC §2.3: JPEG, size-checked).
pub const PHOTO_MAX_BYTES: usize = 300 * 1024;
/// The photo's file, at least: anything smaller is not a usable portrait.
pub const PHOTO_MIN_BYTES: usize = 2 * 1024;
/// Pixels, width × height: at least, and at most.
pub const PHOTO_MIN_PIXELS: (u32, u32) = (240, 320);
pub const PHOTO_MAX_PIXELS: (u32, u32) = (1200, 1600);

/// What the photo rules say to the user, e.g. beside the upload button.
pub fn photo_rule_text() -> String {
    format!(
        "JPEG 格式竖幅证件照，{}–{} KB，宽 {}–{}、高 {}–{} 像素",
        PHOTO_MIN_BYTES / 1024,
        PHOTO_MAX_BYTES / 1024,
        PHOTO_MIN_PIXELS.0,
        PHOTO_MAX_PIXELS.0,
        PHOTO_MIN_PIXELS.1,
        PHOTO_MAX_PIXELS.1
    )
}

/// Check an uploaded photo: its size in bytes (an oversized upload may be
/// read only in part), and its pixel size if it is a JPEG (`None`: not one).
/// A good photo's pixel size is returned.
pub fn check_photo(
    bytes: usize,
    jpeg_pixels: Option<(u32, u32)>,
) -> Result<(u32, u32), FieldError> {
    let fail = |code: &str, message: String| Err(FieldError::new(PHOTO_FIELD, code, message));
    if bytes > PHOTO_MAX_BYTES {
        return fail(
            "too_large",
            format!("照片文件不能超过 {} KB", PHOTO_MAX_BYTES / 1024),
        );
    }
    let Some((width, height)) = jpeg_pixels else {
        return fail("not_jpeg", "照片须为完整的 JPEG 文件（.jpg）".to_owned());
    };
    if bytes < PHOTO_MIN_BYTES {
        return fail(
            "too_small",
            format!("照片文件不能小于 {} KB", PHOTO_MIN_BYTES / 1024),
        );
    }
    let (min, max) = (PHOTO_MIN_PIXELS, PHOTO_MAX_PIXELS);
    if width < min.0 || height < min.1 || width > max.0 || height > max.1 {
        return fail(
            "bad_dimensions",
            format!(
                "照片为 {width}×{height} 像素，应为宽 {}–{}、高 {}–{} 像素",
                min.0, max.0, min.1, max.1
            ),
        );
    }
    if height <= width {
        return fail("not_portrait", "照片应为竖幅（高大于宽）".to_owned());
    }
    Ok((width, height))
}
