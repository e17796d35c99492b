//! No request can make the server fail (issue 12): every query parameter of every route, with
//! extreme values, signed in as a patient, a clinician and an administrator and signed out.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::Method;
use tendo_web::routes::{RouteSpec, specs};

use crate::authz_matrix::{Who, world};
use crate::harness::{Session, TestServer};

/// The query parameters of the pages, by route (the API's come from its OpenAPI document).
const PAGE_QUERY_PARAMETERS: &[(&str, &[&str])] = &[
    ("/login", &["next"]),
    ("/clinic/audit", &["patient", "before", "format"]),
    ("/clinic/audit/export", &["patient", "before", "format"]),
    ("/clinic/caseload", &["flag", "condition", "q", "page"]),
    ("/clinic/patients/{patient}", &["until"]),
    ("/clinic/patients/{patient}/notes/new", &["kind"]),
    ("/clinic/patients/{patient}/report.pdf", &["audience"]),
    ("/clinic/calendar", &["week", "view", "date", "clinician"]),
    ("/c/{clinic}/book/{type}", &["clinician", "from", "tz"]),
    (
        "/c/{clinic}/book/{type}/confirm",
        &["start", "clinician", "tz"],
    ),
    (
        "/c/{clinic}/series/{type}",
        &[
            "first",
            "clinician",
            "every_weeks",
            "count",
            "until",
            "patient",
        ],
    ),
    ("/appointments/{appointment}/reschedule", &["from"]),
    ("/massage-gun", &["seconds_per_minute"]),
];

/// Values that have broken servers: numbers past every integer type, the calendar's ends,
/// 10 kB of text, NUL and other control characters, invalid UTF-8, and nothing at all. Each is
/// written as it goes into the query string (already percent-encoded).
fn extreme_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "",
        "0",
        "-1",
        "4294967296",
        "18446744073709551616",
        "-99999999999999999999999999",
        "1e308",
        "NaN",
        "9999-12-31",
        "-9999-01-01",
        "-009999-01-01",
        "%2B009999-12-31",
        "9999-12-31T23%3A59%3A59Z",
        "-009999-01-01T00%3A00%3A00Z",
        "%00",
        "a%00b",
        "%01%08%0B%1B%7F",
        "%0D%0A",
        "%FF%FE",
        "%C3%28",
        "%E2%82",
        "%",
        "..%2F..%2Fetc%2Fpasswd",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    values.push("x".repeat(10 * 1024));
    values
}

/// A query parameter of an API route, and a valid value to send when another is fuzzed and
/// this one is required (so that the request gets past reading the query).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct ApiParameter {
    name: String,
    required_value: Option<String>,
}

/// The query parameters of each API route, read from the OpenAPI document the server serves.
async fn api_query_parameters(server: &TestServer) -> BTreeMap<String, BTreeSet<ApiParameter>> {
    let document: serde_json::Value = server
        .client()
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut by_route: BTreeMap<String, BTreeSet<ApiParameter>> = BTreeMap::new();
    let paths = document["paths"].as_object().unwrap();
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().unwrap() {
            let parameters = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|parameter| parameter["in"] == "query")
                .map(|parameter| ApiParameter {
                    name: parameter["name"].as_str().unwrap().to_string(),
                    required_value: (parameter["required"] == true).then(|| {
                        match parameter["schema"]["format"].as_str() {
                            Some("uuid") => "0190f1f0-0000-7000-8000-000000000000".to_string(),
                            _ if parameter["schema"]["type"] == "integer" => "1".to_string(),
                            _ => "x".to_string(),
                        }
                    }),
                });
            by_route
                .entry(format!("{} {path}", method.to_uppercase()))
                .or_default()
                .extend(parameters);
        }
    }
    by_route
}

async fn status_of(
    session: Option<&Session>,
    server: &TestServer,
    spec: &RouteSpec,
    url: &str,
) -> u16 {
    let method = Method::from_bytes(spec.method.as_str().as_bytes()).unwrap();
    let request = match session {
        Some(session) => session
            .client
            .request(method, url)
            .header("x-csrf-token", &session.csrf),
        None => server.client().request(method, url),
    };
    match request.send().await {
        Ok(response) => response.status().as_u16(),
        // The client refusing to send (or the server closing) is no server error.
        Err(error) => {
            assert!(!error.is_timeout(), "{url} timed out");
            0
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_query_parameter_of_any_route_makes_the_server_fail() {
    let server = TestServer::start().await;
    let api = api_query_parameters(&server).await;
    let pages: BTreeMap<&str, &[&str]> = PAGE_QUERY_PARAMETERS.iter().copied().collect();
    let every_name: BTreeSet<String> = api
        .values()
        .flatten()
        .map(|parameter| parameter.name.clone())
        .chain(
            pages
                .values()
                .flat_map(|names| names.iter().map(ToString::to_string)),
        )
        .chain(["_csrf".to_string()])
        .collect();
    let values = extreme_values();
    let world = world(&server).await;
    let mut sessions: Vec<(Who, Option<Session>)> = vec![(Who::Anonymous, None)];
    for who in [Who::Patient, Who::Carer, Who::Admin] {
        let user = world.user(who).unwrap();
        sessions.push((who, Some(server.session_for(user).await)));
    }
    let mut failures = Vec::new();
    let mut sent = 0_usize;
    for spec in specs().iter().filter(|spec| spec.method == Method::GET) {
        if spec.path.ends_with("/video/signal") {
            // A WebSocket: an upgrade request, covered by the video tests.
            continue;
        }
        let path = world.path(spec);
        let api_own = api
            .get(&format!("GET {}", spec.path))
            .cloned()
            .unwrap_or_default();
        let own: BTreeSet<String> = api_own
            .iter()
            .map(|parameter| parameter.name.clone())
            .chain(
                pages
                    .get(spec.path)
                    .into_iter()
                    .flat_map(|names| names.iter().map(ToString::to_string)),
            )
            .collect();
        // The other required parameters, valid, beside the one fuzzed.
        let required_besides = |fuzzed: &str| -> String {
            api_own
                .iter()
                .filter(|parameter| parameter.name != fuzzed)
                .filter_map(|parameter| {
                    let value = parameter.required_value.as_ref()?;
                    Some(format!("{}={value}&", parameter.name))
                })
                .collect()
        };
        for value in &values {
            // Every parameter at once, for routes whose parameters no list names…
            let all: Vec<String> = every_name
                .iter()
                .map(|name| format!("{name}={value}"))
                .collect();
            let mut queries = vec![all.join("&")];
            // …and each of the route's own parameters alone, so that no refusal of one hides
            // another.
            queries.extend(
                own.iter()
                    .map(|name| format!("{}{name}={value}", required_besides(name))),
            );
            for query in queries {
                let url = server.url(&format!("{path}?{query}"));
                for (who, session) in &sessions {
                    sent += 1;
                    let status = status_of(session.as_ref(), &server, spec, &url).await;
                    if status >= 500 {
                        let shown: String = query.chars().take(120).collect();
                        failures.push(format!("{status} for {who:?}: GET {path}?{shown}"));
                    }
                }
            }
        }
    }
    assert!(sent > 1000, "only {sent} requests were sent");
    assert!(
        failures.is_empty(),
        "{} of {sent} requests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
