//! Plain words for patients: on every page a patient of the demo clinic reads, rule codes,
//! protocol names, table rows, backticks and machine dates stay behind a "Why?" disclosure,
//! which still holds the rules with their sources; a decision opens with a plain sentence; the
//! clinician reading the same patient keeps the codes beside each reason. Today, the plan and
//! the progress page give the same number of training days for this week.

use tendo_app::demo::{DemoScale, generate};
use tendo_store::accounts::Role;

use crate::harness::TestServer;
use crate::patient_support::page;

/// The pages a patient reads, by demo patient.
const PAGES: &[(&str, &[&str])] = &[
    (
        "alex@riverside.example",
        &[
            "/today",
            "/plan",
            "/massage-gun",
            "/questionnaires",
            "/running",
        ],
    ),
    ("bea@riverside.example", &["/today", "/plan", "/progress"]),
    (
        "chris@riverside.example",
        &["/today", "/plan", "/questionnaires", "/massage-gun"],
    ),
    ("dana@riverside.example", &["/today", "/plan"]),
    ("fran@riverside.example", &["/today"]),
];

/// Words a patient should not have to read outside "Why?".
const JARGON: &[&str] = &[
    "Beyer",
    "Alfredson",
    "Silbernagel",
    "Goom",
    "`",
    "table row",
];

/// `html` without its `<details>` disclosures, scripts and tags: what a patient reads before
/// opening anything.
pub(crate) fn read_before_opening(html: &str) -> String {
    let mut text = html.to_string();
    for (open, close) in [
        ("<details", "</details>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<head>", "</head>"),
    ] {
        while let Some(start) = text.find(open) {
            let end = text[start..]
                .find(close)
                .map_or(text.len(), |found| start + found + close.len());
            text.replace_range(start..end, " ");
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for character in text.chars() {
        match character {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(character),
            _ => {}
        }
    }
    out
}

/// Whether `code` appears in `text` as a word of its own.
pub(crate) fn has_word(text: &str, code: &str) -> bool {
    text.match_indices(code).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + code.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
    })
}

/// The number written between `before` and `after` where `after` first follows a number.
fn number_before(text: &str, before: &str, after: &str) -> Option<u32> {
    text.match_indices(after).find_map(|(at, _)| {
        let head = &text[..at];
        let start = head.rfind(before)? + before.len();
        head[start..].trim().parse().ok()
    })
}

/// Whether `text` holds a date written as 2026-12-02.
fn has_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(10).any(|window| {
        window.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        })
    })
}

#[tokio::test]
async fn patients_read_plain_words_and_find_the_rules_behind_why() {
    let server = TestServer::start().await;
    generate(
        server.store_handle(),
        &DemoScale::default(),
        server.app.now(),
    )
    .await
    .unwrap();
    let clinic = server
        .store()
        .clinic_by_slug("riverside-demo")
        .await
        .unwrap();
    let codes: Vec<String> = tendo_core::evidence::rules()
        .iter()
        .map(|rule| rule.id.to_string())
        .collect();
    let mut problems = Vec::new();
    let mut rules_behind_why = 0;
    for (email, paths) in PAGES {
        let user = server.store().credentials(email).await.unwrap().user;
        assert_eq!(user.clinic_id, clinic.id);
        let session = server.session_for(&user).await;
        for path in *paths {
            let html = page(&session, path).await;
            let read = read_before_opening(&html);
            for code in &codes {
                if has_word(&read, code) {
                    problems.push(format!("{email} {path}: the code {code} is shown"));
                }
            }
            for jargon in JARGON {
                if read.contains(jargon) {
                    problems.push(format!("{email} {path}: {jargon:?} is shown"));
                }
            }
            if has_iso_date(&read) {
                problems.push(format!("{email} {path}: a machine date is shown"));
            }
            if html.contains("<summary>Why?</summary>") {
                rules_behind_why += codes
                    .iter()
                    .filter(|code| html.contains(&format!("<span class=\"rule\">{code}</span>")))
                    .count();
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for email in ["alex", "bea", "chris", "dana", "eli"] {
        let email = format!("{email}@riverside.example");
        let user = server.store().credentials(&email).await.unwrap().user;
        let session = server.session_for(&user).await;
        let figures = [
            ("Today", "/today", ", ", " planned"),
            ("Plan", "/plan", "), ", " training day"),
            ("Progress", "/progress", " of ", " planned sessions"),
        ];
        let mut seen = Vec::new();
        for (name, path, before, after) in figures {
            let read = read_before_opening(&page(&session, path).await);
            let figure = number_before(&read, before, after)
                .unwrap_or_else(|| panic!("{email}: no training days on {name}: {read}"));
            seen.push((name, figure));
        }
        assert!(
            seen.iter().all(|(_, figure)| *figure == seen[0].1),
            "{email}: one training-days figure everywhere, got {seen:?}"
        );
    }
    assert!(
        rules_behind_why > 0,
        "the rules are still there behind Why?"
    );

    // Alex's latest decision opens with a plain sentence, and its reasons name their sources.
    let alex = server
        .store()
        .credentials("alex@riverside.example")
        .await
        .unwrap()
        .user;
    let today = page(&server.session_for(&alex).await, "/today").await;
    let decision = today
        .split("class=\"card decision")
        .nth(1)
        .expect("a decision card");
    assert!(decision.contains("<p class=\"summary\">"), "{decision}");
    assert!(decision.contains("Sources: "), "{decision}");

    // The clinician reading Alex's record keeps the codes in line.
    let clinician = server
        .store()
        .users_with_role(clinic.id, Role::Clinician)
        .await
        .unwrap();
    let mut seen_codes = false;
    for person in clinician {
        let session = server.session_for(&person).await;
        let response = session.get(&format!("/clinic/patients/{}", alex.id)).await;
        if response.status() == 200 {
            // The clinicians' list: the code beside each reason, not behind a patient's "Why?".
            let html = response.text().await.unwrap();
            seen_codes = codes
                .iter()
                .any(|code| html.contains(&format!("<li><span class=\"rule\">{code}</span>")));
            break;
        }
    }
    assert!(
        seen_codes,
        "a clinician of Alex's care team sees rule codes"
    );
}
