//! The reminder mails, in plain words with the day and time the person reads on their own clock.

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use tendo_store::accounts::User;
use tendo_store::ids::RecordId;
use tendo_store::mail::NewMail;
use tendo_store::reminders::ReminderKind;

/// "Monday 8 March" for a date.
fn day_words(date: Date) -> String {
    date.strftime("%A %-d %B").to_string()
}

/// What a reminder is about, for its mail.
pub(crate) struct Occasion {
    /// The kind.
    pub kind: ReminderKind,
    /// The patient's local date it is for.
    pub date: Date,
    /// The session day the morning check asks about, for that kind.
    pub session_date: Option<Date>,
    /// The time the patient chose for it.
    pub time: Time,
}

/// The mail of a reminder to `patient`, with the address that turns this kind off and the
/// settings page.
pub(crate) fn reminder_mail(
    base_url: &str,
    patient: &User,
    occasion: &Occasion,
    unsubscribe: &str,
    now: Timestamp,
) -> NewMail {
    let today = format!("{base_url}/today");
    let settings = format!("{base_url}/account/reminders");
    let name = &patient.name;
    let (subject, text, why) = match occasion.kind {
        ReminderKind::Training => (
            "Today is one of your training days".to_string(),
            format!(
                "Today, {}, is one of the training days you chose. Your session is ready in \
                 Tendo:\n\n{today}\n\nWhen you have done it, log it there, with your pain during \
                 and after, so that your plan can adapt.",
                day_words(occasion.date)
            ),
            format!(
                "reminders at {} on your training days",
                occasion.time.strftime("%H:%M")
            ),
        ),
        ReminderKind::MissedSession => {
            let yesterday = occasion.date.yesterday().unwrap_or(occasion.date);
            (
                "No session was logged yesterday".to_string(),
                format!(
                    "Yesterday, {}, was one of your training days, and no session was logged \
                     for it. That happens: there is no need to make it up. Today's plan is \
                     ready whenever you are:\n\n{today}",
                    day_words(yesterday)
                ),
                "a reminder the morning after a training day with no session logged".to_string(),
            )
        }
        ReminderKind::MorningCheck => {
            let session = occasion
                .session_date
                .map(day_words)
                .unwrap_or_else(|| "your last session".into());
            (
                "Your morning check".to_string(),
                format!(
                    "Good morning. After your session of {session}, Tendo asks how your tendon \
                     feels this morning, before you warm up. It takes a minute, and your answer \
                     decides whether your plan moves on, holds or steps back:\n\n{today}"
                ),
                "a reminder in the morning when your morning check is waiting".to_string(),
            )
        }
    };
    NewMail {
        id: RecordId::new(),
        clinic_id: Some(patient.clinic_id),
        user_id: Some(patient.id),
        to: patient.email.clone(),
        subject,
        body: format!(
            "Hello {name},\n\n{text}\n\nYou get this message because you asked for {why}. To \
             stop this kind of reminder, open this link (no sign-in needed):\n\n{unsubscribe}\n\n\
             To change the days and times of your reminders: {settings}\n"
        ),
        calendar: None,
        created_at: now,
        send_after: now,
    }
}
