//! `/learn`: what tendinopathy is, why loading heals it and massage does not, in Tendo's own
//! words, each topic with the level of its evidence.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use tendo_app::error::AppError;
use tendo_core::condition::Condition;
use tendo_core::education::{self, Topic};
use tendo_core::evidence;

use super::render_with;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::state::AppState;

/// A topic as listed.
pub struct TopicRow {
    /// Its key.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Its summary.
    pub summary: &'static str,
    /// Its evidence level.
    pub level: &'static str,
    /// The conditions it concerns, in words.
    pub conditions: String,
}

fn row(topic: &Topic) -> TopicRow {
    let conditions = if topic.conditions.len() == Condition::ALL.len() {
        "all three conditions".to_string()
    } else {
        topic
            .conditions
            .iter()
            .map(|condition| condition.label())
            .collect::<Vec<_>>()
            .join(", ")
    };
    TopicRow {
        id: topic.id,
        title: topic.title,
        summary: topic.summary,
        level: topic.level().label(),
        conditions,
    }
}

#[derive(Template)]
#[template(path = "patient/learn.html")]
struct LearnPage {
    chrome: Chrome,
    topics: Vec<TopicRow>,
}

/// A rule behind a topic.
pub struct RuleRow {
    /// Its id.
    pub id: String,
    /// What it says.
    pub statement: &'static str,
    /// Its evidence level.
    pub level: &'static str,
}

/// A common question and its answer.
pub struct FaqRow {
    /// The question.
    pub question: &'static str,
    /// The answer.
    pub answer: &'static str,
    /// The evidence level.
    pub level: &'static str,
}

#[derive(Template)]
#[template(path = "patient/learn_topic.html")]
struct TopicPage {
    chrome: Chrome,
    topic: TopicRow,
    paragraphs: &'static [&'static str],
    rules: Vec<RuleRow>,
    faq: Vec<FaqRow>,
}

/// `GET /learn`.
pub async fn index(
    State(state): State<AppState>,
    user: Option<PageUser>,
) -> Result<Response, PageError> {
    let page = LearnPage {
        chrome: Chrome::public_for(&state, user.as_ref(), "Learn", "/learn"),
        topics: education::topics().iter().map(row).collect(),
    };
    render_with(StatusCode::OK, &page)
}

/// `GET /learn/{topic}`.
pub async fn topic(
    State(state): State<AppState>,
    user: Option<PageUser>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let topic = education::topic(&id).ok_or(PageError(AppError::NotFound))?;
    let faq = if topic.id == "hamstring-massage" {
        education::hamstring_massage_faq()
            .iter()
            .map(|faq| FaqRow {
                question: faq.question,
                answer: faq.answer,
                level: faq.level().label(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = TopicPage {
        chrome: Chrome::public_for(&state, user.as_ref(), topic.title, "/learn"),
        topic: row(topic),
        paragraphs: topic.paragraphs,
        rules: topic
            .rules
            .iter()
            .filter_map(|id| evidence::rule(*id))
            .map(|rule| RuleRow {
                id: rule.id.to_string(),
                statement: rule.statement,
                level: rule.level.label(),
            })
            .collect(),
        faq,
    };
    render_with(StatusCode::OK, &page)
}
