//! The degree photo (学位照片) of an application.

use super::schema::application_photos;
use super::{now, DbConn};
use diesel::prelude::*;
use shared::dto::application::PhotoInfo;
use shared::ids::ApplicationId;

/// Store (or replace) the photo of an application; the JPEG is checked by
/// the caller (`shared::dossier::check_photo`).
pub fn put(
    conn: &mut DbConn,
    application: ApplicationId,
    jpeg: &[u8],
    (width, height): (u32, u32),
) -> QueryResult<PhotoInfo> {
    let at = now();
    let bytes = i32::try_from(jpeg.len()).unwrap_or(i32::MAX);
    let (width, height) = (
        i32::try_from(width).unwrap_or(i32::MAX),
        i32::try_from(height).unwrap_or(i32::MAX),
    );
    let application_id = application.0;
    diesel::delete(application_photos::table.find(application_id)).execute(conn)?;
    diesel::insert_into(application_photos::table)
        .values((
            application_photos::application_id.eq(application_id),
            application_photos::jpeg.eq(jpeg),
            application_photos::bytes.eq(bytes),
            application_photos::width.eq(width),
            application_photos::height.eq(height),
            application_photos::uploaded_at.eq(at),
        ))
        .execute(conn)?;
    Ok(PhotoInfo {
        bytes,
        width,
        height,
        uploaded_at: at.and_utc(),
    })
}

/// What is known of an application's photo, without its bytes.
pub fn info(conn: &mut DbConn, application: ApplicationId) -> QueryResult<Option<PhotoInfo>> {
    let row: Option<(i32, i32, i32, chrono::NaiveDateTime)> = application_photos::table
        .find(application.0)
        .select((
            application_photos::bytes,
            application_photos::width,
            application_photos::height,
            application_photos::uploaded_at,
        ))
        .get_result(conn)
        .optional()?;
    Ok(row.map(|(bytes, width, height, at)| PhotoInfo {
        bytes,
        width,
        height,
        uploaded_at: at.and_utc(),
    }))
}

/// The JPEG bytes of an application's photo.
pub fn jpeg(conn: &mut DbConn, application: ApplicationId) -> QueryResult<Option<Vec<u8>>> {
    application_photos::table
        .find(application.0)
        .select(application_photos::jpeg)
        .get_result(conn)
        .optional()
}

/// A one-line description for the field history, e.g. `480×640 像素，35 KB`.
pub fn describe(info: &PhotoInfo) -> String {
    format!(
        "{}×{} 像素，{} KB（{}）",
        info.width,
        info.height,
        (info.bytes + 1023) / 1024,
        info.uploaded_at
            .with_timezone(&crate::clock::beijing())
            .format("%Y-%m-%d %H:%M")
    )
}

/// The pixel size of a JPEG, or `None` if the bytes are not a whole JPEG
/// (wrong type, or cut off before its end marker).
pub fn jpeg_pixels(bytes: &[u8]) -> Option<(u32, u32)> {
    if !matches!(imagesize::image_type(bytes), Ok(imagesize::ImageType::Jpeg)) {
        return None;
    }
    // The end-of-image marker, allowing for a little padding after it.
    let tail = &bytes[bytes.len().saturating_sub(32)..];
    if !tail.windows(2).any(|w| w == [0xFF, 0xD9]) {
        return None;
    }
    let size = imagesize::blob_size(bytes).ok()?;
    Some((
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jpeg_is_measured_and_anything_else_refused() {
        let photo = include_bytes!("../../assets/demo-photo.jpg");
        assert_eq!(jpeg_pixels(photo), Some((300, 400)));
        assert_eq!(jpeg_pixels(&photo[..photo.len() / 2]), None, "cut off");
        assert_eq!(jpeg_pixels(b"\x89PNG\r\n\x1a\n0000000000000000"), None);
        assert_eq!(jpeg_pixels(b""), None);
    }
}
