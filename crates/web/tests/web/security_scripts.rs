//! Scripts come only from Tendo's own files (issue 12, points 7 and 8): the content security
//! policy allows no inline script, no template carries one, and the API reference at
//! `/api/docs` is served, renderer and all, by Tendo itself.

use std::path::{Path, PathBuf};

use tendo_store::accounts::Role;

use crate::harness::TestServer;

/// The sources a response's content security policy allows for scripts.
fn script_sources(response: &reqwest::Response) -> Vec<String> {
    let policy = response
        .headers()
        .get("content-security-policy")
        .expect("every page carries a content security policy")
        .to_str()
        .unwrap()
        .to_string();
    let directive = policy
        .split(';')
        .map(str::trim)
        .find(|directive| directive.starts_with("script-src "))
        .unwrap_or_else(|| panic!("the policy names its script sources: {policy}"));
    directive
        .split_whitespace()
        .skip(1)
        .map(str::to_string)
        .collect()
}

/// Every `<script …>` of a page: its opening tag and the text up to `</script>`.
fn scripts_of(page: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let tag_end = after.find('>').expect("a script tag closes");
        let body_end = after.find("</script>").expect("a script element ends");
        found.push((
            after[..=tag_end].to_string(),
            after[tag_end + 1..body_end].to_string(),
        ));
        rest = &after[body_end..];
    }
    found
}

/// Inline code in a page or template: a script element with a body, an `on…=` event
/// attribute, or a `javascript:` address.
fn inline_code(page: &str) -> Vec<String> {
    let mut found: Vec<String> = scripts_of(page)
        .into_iter()
        .filter(|(tag, body)| !tag.contains(" src=") || !body.trim().is_empty())
        .map(|(tag, body)| format!("{tag}{body}"))
        .collect();
    let lower = page.to_lowercase();
    for (index, _) in lower.match_indices(" on") {
        let name: String = lower[index + 3..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        if !name.is_empty() && lower[index + 3 + name.len()..].starts_with('=') {
            found.push(format!("on{name}="));
        }
    }
    if lower.contains("javascript:") {
        found.push("javascript:".into());
    }
    found
}

fn templates(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            templates(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "html") {
            into.push(path);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn r_csp_script_src_allows_no_inline_script_on_any_page() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    server.user(&clinic, "admin@north.test", Role::Admin).await;
    let patient = server.sign_in("pat@north.test").await;
    let admin = server.sign_in("admin@north.test").await;
    let anonymous = server.client();
    let mut responses = Vec::new();
    for path in ["/login", "/api/docs", "/c/north", "/api/openapi.json"] {
        responses.push((path, anonymous.get(server.url(path)).send().await.unwrap()));
    }
    for path in ["/", "/today", "/account"] {
        responses.push((path, patient.get(path).await));
    }
    for path in ["/clinic/people", "/clinic/team"] {
        responses.push((path, admin.get(path).await));
    }
    for (path, response) in responses {
        let sources = script_sources(&response);
        assert_eq!(
            sources,
            ["'self'"],
            "{path}: scripts only from Tendo's own files"
        );
        let page = response.text().await.unwrap();
        assert!(
            inline_code(&page).is_empty(),
            "{path} carries inline code: {:?}",
            inline_code(&page)
        );
    }
}

#[test]
fn r_csp_no_template_carries_inline_code() {
    let mut found = Vec::new();
    templates(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut found,
    );
    assert!(found.len() > 10, "the templates are found: {found:?}");
    for path in found {
        let text = std::fs::read_to_string(&path).unwrap();
        let inline = inline_code(&text);
        assert!(
            inline.is_empty(),
            "{} carries inline code, which the policy blocks: {inline:?}",
            path.display()
        );
    }
}

#[test]
fn inline_code_is_recognised() {
    assert!(!inline_code("<script>alert(1)</script>").is_empty());
    assert!(!inline_code("<script src=\"/a.js\">alert(1)</script>").is_empty());
    assert!(!inline_code("<button onclick=\"go()\">Go</button>").is_empty());
    assert!(!inline_code("<a href=\"javascript:go()\">Go</a>").is_empty());
    assert!(inline_code("<script src=\"/assets/app.js\" defer></script>").is_empty());
    assert!(inline_code("<p>Go on=foot, or one step at a time</p>").is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_reference_and_its_renderer_are_served_by_tendo_itself() {
    let server = TestServer::start().await;
    let client = server.client();
    let response = client.get(server.url("/api/docs")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = response.text().await.unwrap();
    assert!(
        !page.contains("http://") && !page.contains("https://") && !page.contains("//cdn"),
        "the page names no other site: {page}"
    );
    let scripts: Vec<String> = scripts_of(&page)
        .into_iter()
        .map(|(tag, _)| {
            crate::harness::between(&tag, "src=\"", "\"")
                .unwrap_or_else(|| panic!("a script without a file: {tag}"))
                .to_string()
        })
        .collect();
    let styles: Vec<String> = page
        .match_indices("<link rel=\"stylesheet\" href=\"")
        .map(|(index, marker)| {
            crate::harness::between(&page[index..], marker, "\"")
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        scripts.len() >= 2,
        "the renderer and its initialiser: {page}"
    );
    assert_eq!(styles.len(), 1, "the renderer's stylesheet: {page}");
    for file in scripts.iter().chain(&styles) {
        assert!(
            file.starts_with('/') && !file.starts_with("//"),
            "{file} is one of Tendo's own paths"
        );
        let asset = client.get(server.url(file)).send().await.unwrap();
        assert_eq!(asset.status(), 200, "{file} is served");
        let kind = asset.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_string();
        let cache = asset.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_string();
        if file.starts_with("/assets/vendor/") {
            assert!(
                cache.contains("max-age=31536000"),
                "a vendored file under its versioned path is kept for a year: {file} {cache}"
            );
        }
        let body = asset.text().await.unwrap();
        if file.ends_with(".js") {
            assert!(kind.starts_with("text/javascript"), "{file}: {kind}");
        } else {
            assert!(kind.starts_with("text/css"), "{file}: {kind}");
        }
        assert!(body.len() > 100, "{file} has content");
    }
    let initialiser = client
        .get(server.url("/assets/api-docs.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        initialiser.contains("\"/api/openapi.json\""),
        "the reference reads Tendo's own document"
    );
}
