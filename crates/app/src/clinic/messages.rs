//! Messages between a patient and their care team: one thread per patient. Opening a thread
//! marks it read for the reader; the navigation shows how many messages are unread.

use serde::Serialize;
use tendo_store::accounts::Role;
use tendo_store::clinic::{Message, NewMessage, ThreadSummary};
use tendo_store::ids::{RecordId, UserId};

use crate::App;
use crate::access::Caller;
use crate::error::AppResult;
use crate::patient::input::Reader;
use crate::patient::open;

/// The longest message, in characters.
pub const MAX_MESSAGE: usize = 4000;

/// Messages shown in a thread (the latest).
pub const SHOWN: u32 = 200;

/// A thread as read.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct Thread {
    /// The patient whose thread it is.
    pub patient_id: UserId,
    /// Their name.
    pub patient_name: String,
    /// The latest messages, oldest first.
    pub messages: Vec<Message>,
}

/// Reads a patient's thread and marks it read for the caller.
pub async fn thread(app: &App, caller: &Caller, patient: UserId) -> AppResult<Thread> {
    let record = open(app, caller, patient, "messages.read").await?;
    let clinic = record.patient.clinic_id;
    let messages = app.store.messages(clinic, record.id(), SHOWN).await?;
    if caller.role() != Role::Admin {
        app.store
            .mark_thread_read(clinic, record.id(), caller.id(), record.now)
            .await?;
    }
    Ok(Thread {
        patient_id: record.id(),
        patient_name: record.patient.name.clone(),
        messages,
    })
}

/// Writes a message in a patient's thread.
pub async fn post(app: &App, caller: &Caller, patient: UserId, body: &str) -> AppResult<Message> {
    caller.require_write()?;
    let record = open(app, caller, patient, "messages.read").await?;
    let mut reader = Reader::default();
    let body = reader.note("body", body, MAX_MESSAGE);
    if body.is_none() && reader.errors.0.is_empty() {
        reader.errors.add("body", "write a message");
    }
    reader.errors.into_result()?;
    let message = NewMessage {
        id: RecordId::new(),
        patient_id: record.id(),
        clinic_id: record.patient.clinic_id,
        author_id: caller.id(),
        body: body.unwrap_or_default(),
        created_at: record.now,
    };
    let audit = record.change(caller, "message.post", &format!("messages/{}", message.id));
    app.store.post_message(&message, &audit).await?;
    app.store
        .mark_thread_read(
            message.clinic_id,
            message.patient_id,
            caller.id(),
            record.now,
        )
        .await?;
    Ok(Message {
        id: message.id,
        patient_id: message.patient_id,
        author_id: message.author_id,
        author_name: caller.user.name.clone(),
        body: message.body,
        created_at: message.created_at,
    })
}

/// The threads of the caller's patients (a clinician) or of the clinic (an administrator),
/// those with unread messages first.
pub async fn threads(app: &App, caller: &Caller) -> AppResult<Vec<ThreadSummary>> {
    caller.require_role(&[Role::Clinician, Role::Admin])?;
    app.audit
        .record(caller.audit(
            "messages.threads.read",
            format!("user/{}", caller.id()),
            app.now(),
        ))
        .await?;
    Ok(app.store.message_threads(&caller.user, 200).await?)
}

/// Messages the caller has not read.
pub async fn unread(app: &App, caller: &Caller) -> AppResult<u32> {
    Ok(app.store.unread_messages(&caller.user).await?)
}
