//! The mail sender: delivers the outbox over SMTP. Messages are queued in the database with
//! what caused them, so a message waits, and is retried with growing pauses, while the mail
//! server is down; it is marked sent only once the server has accepted it.
//!
//! Plain SMTP (`smtp://host:port`), meant for a relay on the same machine or network. Without a
//! server configured nothing is sent, and people read their messages in the app.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tendo_store::mail::Mail;

use crate::App;

/// Where and how to send.
#[derive(Clone, Debug)]
pub struct MailerConfig {
    /// The server, `smtp://host:port`.
    pub smtp_url: String,
    /// The sender address, such as `Tendo <no-reply@clinic.example>`.
    pub from: String,
    /// How often the outbox is looked at.
    pub poll: Duration,
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    /// The URL is not `smtp://host:port`.
    #[error("the SMTP address `{0}` is not of the form smtp://host:port")]
    Url(String),
    /// The sender address does not parse.
    #[error("the sender address `{0}` is not an email address")]
    From(String),
}

/// A started sender.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// How long a sender holds a message it took before another may take it.
const CLAIM: SignedDuration = SignedDuration::from_mins(10);

/// The pause before the next try after `attempts` failures: 30 s, doubling, at most an hour.
pub fn backoff(attempts: u32) -> SignedDuration {
    let seconds = 30_i64.saturating_mul(1_i64 << attempts.min(10));
    SignedDuration::from_secs(seconds.min(3600))
}

impl Mailer {
    /// A sender for `config`.
    pub fn new(config: &MailerConfig) -> Result<Mailer, MailerError> {
        let rest = config
            .smtp_url
            .strip_prefix("smtp://")
            .ok_or_else(|| MailerError::Url(config.smtp_url.clone()))?;
        let (host, port) = rest
            .trim_end_matches('/')
            .rsplit_once(':')
            .and_then(|(host, port)| Some((host.to_string(), port.parse::<u16>().ok()?)))
            .ok_or_else(|| MailerError::Url(config.smtp_url.clone()))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .hello_name(ClientId::Domain("tendo.invalid".into()))
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = config
            .from
            .parse()
            .map_err(|_| MailerError::From(config.from.clone()))?;
        Ok(Mailer { transport, from })
    }

    fn message(&self, mail: &Mail, unsubscribe: Option<&str>) -> Result<Message, String> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|error| format!("bad address: {error}"))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone());
        if let Some(link) = unsubscribe {
            // RFC 8058: a mail client may offer one-click unsubscribe by POSTing to the link.
            builder = builder
                .header(ListUnsubscribe(format!("<{link}>")))
                .header(ListUnsubscribePost);
        }
        let built = match &mail.calendar {
            Some(calendar) => {
                let kind = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                    .map_err(|error| error.to_string())?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(mail.body.clone()))
                        .singlepart(
                            Attachment::new("appointment.ics".into()).body(calendar.clone(), kind),
                        ),
                )
            }
            None => builder.singlepart(SinglePart::plain(mail.body.clone())),
        };
        built.map_err(|error| error.to_string())
    }

    /// Sends every message due at `now`; returns how many were delivered.
    pub async fn send_due(&self, app: &App, now: Timestamp) -> usize {
        let due = match app.store.due_mail(now, 50).await {
            Ok(due) => due,
            Err(error) => {
                tracing::warn!(%error, "the outbox could not be read");
                return 0;
            }
        };
        let mut sent = 0;
        for mail in due {
            // Several servers may share the outbox: only the one that takes a message sends it.
            match app
                .store
                .claim_mail(mail.id, mail.send_after, now + CLAIM)
                .await
            {
                Ok(true) => {}
                Ok(false) => continue,
                Err(error) => {
                    tracing::warn!(%error, "the outbox could not be updated");
                    continue;
                }
            }
            let unsubscribe = match app.store.reminder_unsubscribe_link(mail.id).await {
                Ok(link) => link,
                Err(error) => {
                    tracing::warn!(%error, "the outbox could not be read");
                    continue;
                }
            };
            let result = match self.message(&mail, unsubscribe.as_deref()) {
                Ok(message) => self
                    .transport
                    .send(message)
                    .await
                    .map_err(|error| error.to_string()),
                Err(error) => Err(error),
            };
            let stored = match result {
                Ok(_) => {
                    sent += 1;
                    app.store.mark_mail_sent(mail.id, app.now()).await
                }
                Err(error) => {
                    tracing::warn!(
                        error = %without_recipient(&error, &mail.to),
                        id = %mail.id,
                        attempts = mail.attempts + 1,
                        "a message could not be sent; it will be retried"
                    );
                    app.store
                        .mark_mail_failed(mail.id, &error, app.now() + backoff(mail.attempts))
                        .await
                }
            };
            if let Err(error) = stored {
                tracing::error!(%error, id = %mail.id, "the outbox could not be updated");
            }
        }
        sent
    }
}

/// The `List-Unsubscribe` header (RFC 2369): where to unsubscribe, in angle brackets.
#[derive(Clone, Debug)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(text: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(text.to_string()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// The `List-Unsubscribe-Post: List-Unsubscribe=One-Click` header (RFC 8058).
#[derive(Clone, Debug)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_text: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

/// A delivery error as it may be logged: mail servers often echo the recipient's address
/// ("550 <name@example.com>: recipient rejected"), and no log line may hold a person's address,
/// so it is replaced (in any letter case) by `<recipient>`. The outbox keeps the whole error.
fn without_recipient(error: &str, to: &str) -> String {
    let needle = to.trim().as_bytes();
    if needle.is_empty() {
        return error.to_string();
    }
    let bytes = error.as_bytes();
    let mut kept = String::with_capacity(error.len());
    let mut start = 0;
    let mut at = 0;
    while at + needle.len() <= bytes.len() {
        if bytes[at..at + needle.len()].eq_ignore_ascii_case(needle)
            && error.is_char_boundary(at)
            && error.is_char_boundary(at + needle.len())
        {
            kept.push_str(&error[start..at]);
            kept.push_str("<recipient>");
            at += needle.len();
            start = at;
        } else {
            at += 1;
        }
    }
    kept.push_str(&error[start..]);
    kept
}

/// Starts the sender on the current Tokio runtime: it looks at the outbox every `poll`.
pub fn start(app: App, config: &MailerConfig) -> Result<tokio::task::JoinHandle<()>, MailerError> {
    let mailer = Mailer::new(config)?;
    let poll = config.poll;
    Ok(tokio::spawn(async move {
        loop {
            mailer.send_due(&app, app.now()).await;
            tokio::time::sleep(poll).await;
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(0), SignedDuration::from_secs(30));
        assert_eq!(backoff(1), SignedDuration::from_secs(60));
        assert_eq!(backoff(20), SignedDuration::from_secs(3600));
    }

    #[test]
    fn a_logged_delivery_error_never_names_the_recipient() {
        let logged = without_recipient(
            "permanent error (550): 5.1.1 <Alex.Fairweather@Example.com>: Recipient address \
             rejected; alex.fairweather@example.com unknown",
            "alex.fairweather@example.com",
        );
        assert!(
            !logged.to_ascii_lowercase().contains("fairweather"),
            "{logged}"
        );
        assert!(logged.contains("5.1.1 <<recipient>>: Recipient address rejected"));
        assert_eq!(without_recipient("timed out", "a@b.example"), "timed out");
    }

    #[test]
    fn only_smtp_addresses_are_taken() {
        let config = |url: &str| MailerConfig {
            smtp_url: url.into(),
            from: "Tendo <no-reply@tendo.test>".into(),
            poll: Duration::from_secs(1),
        };
        assert!(Mailer::new(&config("smtp://127.0.0.1:2525")).is_ok());
        assert!(Mailer::new(&config("http://127.0.0.1:2525")).is_err());
        assert!(Mailer::new(&config("smtp://127.0.0.1")).is_err());
    }
}
