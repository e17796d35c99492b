//! The OpenAPI document, read by an independent validator (Python's `openapi-spec-validator`,
//! installed by `cargo xtask test`), and kept in step with the route table.

use tendo_web::routes::specs;

use crate::harness::{TestServer, run_python};

#[tokio::test(flavor = "multi_thread")]
async fn the_served_document_is_valid_openapi_3_1() {
    let server = TestServer::start().await;
    let document = reqwest::get(server.url("/api/openapi.json"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&document).unwrap();
    assert!(
        parsed["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        parsed["openapi"]
    );
    let output = run_python(
        "import json, sys\n\
         from openapi_spec_validator import validate\n\
         validate(json.load(sys.stdin))\n\
         print('valid')",
        document.as_bytes(),
    );
    assert!(
        output.status.success(),
        "the validator refused the document:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "valid");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_api_route_is_documented_and_every_documented_path_exists() {
    let server = TestServer::start().await;
    let document: serde_json::Value = reqwest::get(server.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = document["paths"].as_object().unwrap();
    let mut missing = Vec::new();
    for spec in specs() {
        if !spec.path.starts_with("/api/v1/") {
            continue;
        }
        let method = spec.method.as_str().to_lowercase();
        if paths
            .get(spec.path)
            .and_then(|item| item.get(&method))
            .is_none()
        {
            missing.push(format!("{} {}", spec.method, spec.path));
        }
    }
    assert!(
        missing.is_empty(),
        "API routes missing from the document: {missing:?}"
    );
    let routes: Vec<(String, &str)> = specs()
        .iter()
        .map(|spec| (spec.method.as_str().to_lowercase(), spec.path))
        .collect();
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            assert!(
                routes.iter().any(|(m, p)| m == method && p == path),
                "the document describes {method} {path}, which no route serves"
            );
        }
    }
}
