//! The VISA questionnaires as the patient answers them: every item a question with the meaning
//! of its two ends (Q-VISA-A, Q-VISA-H).

use tendo_core::questionnaire::{AnswerKind, Questionnaire, items};

use crate::harness::TestServer;
use crate::patient_support::{intake, page, patient};

/// A page's text with the templates' escapes undone.
fn unescaped(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[tokio::test(flavor = "multi_thread")]
async fn q_visa_h_page_shows_each_question_with_its_anchors() {
    let server = TestServer::start().await;
    for (slug, condition, questionnaire) in [
        ("north", "high hamstring tendinopathy", Questionnaire::VisaH),
        ("south", "Achilles tendinopathy", Questionnaire::VisaA),
    ] {
        let patient = patient(&server, slug).await;
        intake(&patient, condition, &[]).await;
        let body = unescaped(&page(&patient.session, "/questionnaires").await);
        for item in items(questionnaire) {
            assert!(
                body.contains(item.question),
                "{questionnaire:?} item {} is asked: {body}",
                item.number
            );
            if item.answer == AnswerKind::Scale0To10 {
                let anchors = format!("0 = {}, 10 = {}", item.low_anchor, item.high_anchor);
                assert!(
                    body.contains(&anchors),
                    "{questionnaire:?} item {} shows {anchors}",
                    item.number
                );
            }
        }
        assert!(!body.contains("first of three"), "no placeholder labels");
    }
}
