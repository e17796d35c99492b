//! A clinician's photo is checked by decoding it: only a PNG, JPEG or WebP image that decodes
//! whole, within limits on its size, its dimensions and the memory decoding takes, is kept.
//! A file that only starts like an image, or a small file that would unpack into a huge one
//! (a decompression bomb), is refused.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

use crate::error::{AppError, AppResult};

/// The largest photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 1024 * 1024;
/// The widest and tallest photo accepted, in pixels: more than any profile picture needs.
pub const MAX_PHOTO_SIDE: u32 = 4096;
/// The most memory decoding one photo may take, in bytes (4096 × 4096 pixels of 8-bit RGBA is
/// 64 MiB).
pub const MAX_PHOTO_DECODE_BYTES: u64 = 64 * 1024 * 1024;

/// The form field a photo comes in, named in every refusal.
const FIELD: &str = "photo";

/// Checks a photo and returns its content type (`image/png`, `image/jpeg` or `image/webp`), or
/// a refusal naming the `photo` field that says what to do.
pub fn checked_photo(bytes: &[u8]) -> AppResult<&'static str> {
    if bytes.is_empty() {
        return Err(AppError::invalid(FIELD, "choose a photo to upload"));
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(AppError::invalid(
            FIELD,
            "the photo is larger than 1 MB; choose a smaller one",
        ));
    }
    let (format, content_type) = match image::guess_format(bytes) {
        Ok(ImageFormat::Png) => (ImageFormat::Png, "image/png"),
        Ok(ImageFormat::Jpeg) => (ImageFormat::Jpeg, "image/jpeg"),
        Ok(ImageFormat::WebP) => (ImageFormat::WebP, "image/webp"),
        _ => return Err(AppError::invalid(FIELD, "use a PNG, JPEG or WebP image")),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PHOTO_SIDE);
    limits.max_image_height = Some(MAX_PHOTO_SIDE);
    limits.max_alloc = Some(MAX_PHOTO_DECODE_BYTES);
    reader.limits(limits);
    match reader.decode() {
        Ok(_) => Ok(content_type),
        Err(image::ImageError::Limits(_)) => Err(AppError::invalid(
            FIELD,
            format!(
                "the photo is larger than {MAX_PHOTO_SIDE} × {MAX_PHOTO_SIDE} pixels; \
                 choose a smaller one"
            ),
        )),
        Err(_) => Err(AppError::invalid(
            FIELD,
            "the photo could not be read as a PNG, JPEG or WebP image; it may be damaged, \
             so export it again and choose the new file",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(width, height, image::Rgb([200, 120, 40]));
        let mut bytes = Cursor::new(Vec::new());
        picture
            .write_to(&mut bytes, ImageFormat::Png)
            .expect("a PNG is written");
        bytes.into_inner()
    }

    /// The message of a refusal, which must name the `photo` field only.
    fn refusal(bytes: &[u8]) -> String {
        match checked_photo(bytes) {
            Err(AppError::Invalid(errors)) => {
                assert_eq!(errors.0.len(), 1, "{errors:?}");
                assert_eq!(errors.0[0].field, "photo");
                errors.0[0].message.clone()
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_real_png_is_kept_as_a_png() {
        assert_eq!(checked_photo(&png(3, 2)).ok(), Some("image/png"));
    }

    #[test]
    fn image_magic_bytes_followed_by_garbage_are_refused() {
        for start in [
            b"\x89PNG\r\n\x1a\n".as_slice(),
            &[0xff, 0xd8, 0xff, 0xe0],
            b"RIFF\0\0\0\0WEBPVP8 ",
        ] {
            let bytes = [start, b"not an image at all".as_slice()].concat();
            assert!(refusal(&bytes).contains("could not be read"), "{start:?}");
        }
        let mut truncated = png(8, 8);
        truncated.truncate(truncated.len() - 20);
        assert!(refusal(&truncated).contains("could not be read"));
    }

    #[test]
    fn other_files_are_refused() {
        assert!(refusal(b"<svg onload=alert(1)>").contains("use a PNG, JPEG or WebP"));
        assert!(refusal(b"").contains("choose a photo"));
    }

    #[test]
    fn a_decompression_bomb_is_refused_by_its_dimensions() {
        // A single-colour 5000 × 5000 PNG compresses to a few kilobytes but would take about
        // 75 MB to decode.
        let bomb = png(MAX_PHOTO_SIDE + 904, MAX_PHOTO_SIDE + 904);
        assert!(bomb.len() < MAX_PHOTO_BYTES, "{} bytes", bomb.len());
        assert!(refusal(&bomb).contains("pixels"));
    }
}
