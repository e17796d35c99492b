//! The web app's pages: server-rendered HTML that works without JavaScript.

pub mod account;
pub mod admin;
pub mod auth;
pub mod layout;

use askama::Template;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use tendo_app::error::AppError;

use crate::error::PageError;

/// The cookie carrying a one-off message across a redirect.
const FLASH_COOKIE: &str = "tendo_flash";

/// Renders a template into an HTML response.
pub fn render<T: Template>(template: &T) -> Result<Html<String>, PageError> {
    template
        .render()
        .map(Html)
        .map_err(|error| PageError(AppError::internal(format!("template failed: {error}"))))
}

/// Redirects (303, so the browser follows with GET) with a one-off message for the next page.
pub fn redirect_with_flash(jar: CookieJar, to: &str, message: &str) -> Response {
    let cookie = Cookie::build((FLASH_COOKIE, percent_encode(message)))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .build();
    (jar.add(cookie), Redirect::to(to)).into_response()
}

/// Takes the one-off message, if there is one.
pub fn take_flash(jar: CookieJar) -> (CookieJar, Option<String>) {
    let message = jar
        .get(FLASH_COOKIE)
        .map(|cookie| percent_decode(cookie.value()));
    let jar = if message.is_some() {
        jar.remove(Cookie::build(FLASH_COOKIE).path("/").build())
    } else {
        jar
    };
    (jar, message)
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && index + 2 < bytes.len() + 1
            && let Some(hex) = text.get(index + 1..index + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            decoded.push(byte);
            index += 3;
            continue;
        }
        decoded.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// A local path to return to after signing in; anything else (another site, or text a browser
/// would read differently) becomes `/`.
///
/// The path must start with a single `/`, hold no backslash and no control character (browsers
/// drop tabs and newlines, so `/\t/evil.example` would become `//evil.example`), and, joined
/// onto a base URL by a real URL parser, stay on that base's origin. What is returned is the
/// parser's own spelling of the path, query and fragment (percent-encoded, so always a valid
/// `Location` header).
pub fn safe_next(next: Option<&str>) -> String {
    next.and_then(same_origin_path)
        .unwrap_or_else(|| "/".into())
}

fn same_origin_path(next: &str) -> Option<String> {
    let single_slash = next.starts_with('/') && !next.starts_with("//");
    if !single_slash || next.contains('\\') || next.chars().any(char::is_control) {
        return None;
    }
    let base = url::Url::parse("https://tendo.invalid/").ok()?;
    let joined = base.join(next).ok()?;
    (joined.origin() == base.origin()).then(|| joined[url::Position::BeforePath..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flash_messages_survive_the_cookie() {
        let message = "Saved: 3 × 15 at 10 kg, pain 4/10 (ok)";
        assert_eq!(percent_decode(&percent_encode(message)), message);
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/today")), "/today");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/\n")), "/");
        assert_eq!(safe_next(Some("/caf\u{e9}?a=b c")), "/caf%C3%A9?a=b%20c");
    }
}
