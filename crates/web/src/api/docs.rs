//! `GET /api/docs`: the API reference, rendered in the browser by the vendored Swagger UI from
//! `/api/openapi.json`. Every file comes from Tendo itself, so it works offline and under the
//! content security policy (no inline script, no other origin).

use std::sync::LazyLock;

use axum::response::Html;

use crate::assets::SWAGGER_UI_PATH;

static PAGE: LazyLock<String> = LazyLock::new(|| {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · Tendo</title>
<link rel="stylesheet" href="{SWAGGER_UI_PATH}/swagger-ui.css">
<script src="{SWAGGER_UI_PATH}/swagger-ui-bundle.js" defer></script>
<script src="/assets/api-docs.js" defer></script>
</head>
<body>
<noscript><p>The API reference needs JavaScript. The document itself is at
<a href="/api/openapi.json">/api/openapi.json</a>.</p></noscript>
<div id="api-reference"></div>
</body>
</html>
"#
    )
});

/// `GET /api/docs`.
pub async fn page() -> Html<&'static str> {
    Html(PAGE.as_str())
}
