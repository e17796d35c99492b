//! Education topics.

use axum::Json;
use serde::Serialize;
use tendo_app::error::AppError;
use tendo_core::education::{self, Topic};
use utoipa::ToSchema;

use crate::api::json::ApiPath;
use crate::error::{ApiError, ErrorBody};

/// A topic with its evidence level.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicBody {
    /// Its key.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// One sentence.
    pub summary: &'static str,
    /// The text.
    pub paragraphs: Vec<&'static str>,
    /// The rules it explains.
    pub rules: Vec<String>,
    /// The conditions it concerns.
    pub conditions: Vec<&'static str>,
    /// The strongest evidence level among its rules.
    pub level: &'static str,
}

fn body(topic: &Topic) -> TopicBody {
    TopicBody {
        id: topic.id,
        title: topic.title,
        summary: topic.summary,
        paragraphs: topic.paragraphs.to_vec(),
        rules: topic.rules.iter().map(ToString::to_string).collect(),
        conditions: topic
            .conditions
            .iter()
            .map(|condition| condition.id())
            .collect(),
        level: topic.level().label(),
    }
}

/// `GET /api/v1/learn`: every education topic.
#[utoipa::path(get, path = "/api/v1/learn", tag = "learn", security(()),
    responses((status = 200, description = "Success", body = Vec<TopicBody>)))]
pub async fn index() -> Json<Vec<TopicBody>> {
    Json(education::topics().iter().map(body).collect())
}

/// `GET /api/v1/learn/{topic}`: one topic.
#[utoipa::path(get, path = "/api/v1/learn/{topic}", tag = "learn", security(()),
    params(("topic" = String, Path, description = "The topic's key, such as `loading-not-massage`")),
    responses((status = 200, description = "Success", body = TopicBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn topic(ApiPath(id): ApiPath<String>) -> Result<Json<TopicBody>, ApiError> {
    education::topic(&id)
        .map(|topic| Json(body(topic)))
        .ok_or(ApiError(AppError::NotFound))
}
