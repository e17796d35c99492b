//! Service content: video consultations and massage booking.

use super::Topic;
use crate::condition::Condition;
use crate::rules;

/// Booking care through Tendo.
pub(super) const TOPICS: &[Topic] = &[
    Topic {
        id: "video-consultations",
        title: "Video consultations with our clinicians",
        summary: "See a named physiotherapist by video for an assessment and a plan made for \
                  you.",
        paragraphs: &[
            "You can see a physiotherapist by video from home. They ask about your symptoms and \
             your training, watch you move and test your tendon, and put together a plan that \
             fits you.",
            "Every clinician has a profile with their name, qualifications and experience, so \
             you know who you are booking. Prices are shown before you book, and you can read \
             what other patients have said.",
            "Your plan then lives in Tendo: your exercises, pain log and questionnaires are \
             visible to your clinician, who can adjust the plan between consultations.",
        ],
        rules: &[rules::A23],
        conditions: &Condition::ALL,
    },
    Topic {
        id: "booking-a-massage",
        title: "Booking a massage",
        summary: "Book a massage as support for your exercise plan, and find answers to the \
                  questions people ask most.",
        paragraphs: &[
            "You can book a massage through Tendo. Choose a gentle style if massage is new to \
             you, and tell the therapist which tendon is sore so that they work on the muscles \
             around it rather than on the tendon itself.",
            "Book massage as a support for your exercises, not instead of them. A session every \
             week or two is plenty if you find it helps.",
            "The questions people ask most often about massage and hamstring tendinopathy are \
             answered in the questions and answers that follow.",
        ],
        rules: &[rules::H7, rules::H3, rules::H4],
        conditions: &Condition::ALL,
    },
];
