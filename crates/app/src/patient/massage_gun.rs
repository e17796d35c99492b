//! The massage gun: the screening, today's advice per site, and logging a session, which the
//! server checks again (48 hours apart, allowed sites only, within each site's cap and the
//! 5-minute calf total) whatever the page or client sent.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use tendo_core::caseload::GunBreach;
use tendo_core::condition::Condition;
use tendo_core::massage::{self, MassageGuidance};
use tendo_core::massage_gun::{self, Advice, Prescription, Site, SiteVerdict, Verdict};
use tendo_core::reason::Reason;
use tendo_core::red_flags::RedFlag;
use tendo_core::rules::{self, RuleId};
use tendo_store::StoreError;
use tendo_store::clinic::GunRefusalRecord;
use tendo_store::ids::{RecordId, UserId};
use tendo_store::outcomes::{
    MassageGunSession, NewMassageGunSession, NewScreening, ScreeningRecord, SiteMinutes,
};

use super::input::Reader;
use super::intake::screening_of;
use super::intake::steps::{MassageGunInput, read_gun};
use super::plan::{CareStatus, current_status, status_of};
use super::{PendingRead, Record, open, open_to_change};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// The least time between two sessions (A16).
pub const MIN_GAP: SignedDuration = SignedDuration::from_hours(48);

/// The most minutes on one calf in a session (A12).
pub const CALF_TOTAL_MINUTES: f64 = 5.0;

/// A site the patient may treat today, with its limit.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct AllowedSite {
    /// The site.
    pub site: Site,
    /// The most minutes on it.
    pub max_minutes: f64,
    /// True for the calf sites, which share the 5-minute total.
    pub calf: bool,
}

/// The massage gun for a screened patient.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct GunState {
    /// The condition.
    pub condition: Condition,
    /// The latest screening.
    pub screening: ScreeningRecord,
    /// The advice now: verdict, dose, sites and reasons.
    pub advice: Advice,
    /// The sites allowed today, with their limits, calf first.
    pub allowed: Vec<AllowedSite>,
    /// The latest sessions, newest first.
    pub recent: Vec<MassageGunSession>,
    /// Self-massage (and, for a hamstring, professional massage) guidance.
    pub guidance: MassageGuidance,
}

/// The massage-gun page.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct MassageGunView {
    /// Where the patient stands.
    pub status: CareStatus,
    /// The massage gun, once the intake has screened the patient.
    pub gun: Option<GunState>,
}

/// The moment as the patient reads it.
fn local(record: &Record, at: Timestamp) -> String {
    at.to_zoned(record.zone.clone())
        .strftime("%a %-d %b %Y at %H:%M %Z")
        .to_string()
}

/// The clinician's massage-gun prescription in the patient's current plan, if any.
fn prescription_of(status: &CareStatus) -> Option<&Prescription> {
    match status {
        CareStatus::Active(plan) => plan.version.adjustments.massage_gun.as_ref(),
        _ => None,
    }
}

/// Where the patient stands with the massage gun: the screening's advice now, narrowed to the
/// clinician's prescription when there is one.
async fn state_of(
    app: &App,
    record: &Record,
    prescription: Option<&Prescription>,
) -> AppResult<Option<GunState>> {
    let clinic = record.patient.clinic_id;
    let Some(screening) = app.store.screening(clinic, record.id()).await? else {
        return Ok(None);
    };
    let recent = app
        .store
        .massage_gun_sessions(clinic, record.id(), 10)
        .await?;
    let mut answers = screening.answers.clone();
    answers.now = None;
    answers.today = Some(record.today);
    answers.last_session_at = recent.first().map(|session| session.started_at);
    let checked = massage_gun::check(&answers, record.now);
    let screened = checked.reasons.len();
    let mut advice = match prescription {
        Some(prescription) => massage_gun::follow_prescription(&answers, prescription, record.now),
        None => checked,
    };
    if let (Verdict::Wait, Some(next)) = (advice.verdict, advice.next_session_not_before) {
        let when = local(record, next);
        for (index, reason) in advice.reasons.iter_mut().enumerate() {
            if reason.rule != rules::A16 {
                continue;
            }
            reason.message = if index < screened {
                format!(
                    "Leave at least 48 hours between massage-gun sessions so your body can \
                     recover. Your next session can start on {when}."
                )
            } else {
                format!("{} Your next session can start on {when}.", reason.message)
            };
        }
    }
    let mut allowed: Vec<AllowedSite> = advice
        .sites
        .iter()
        .filter(|(_, site)| site.verdict == SiteVerdict::Allowed && site.max_minutes > 0.0)
        .map(|(site, advice)| AllowedSite {
            site: *site,
            max_minutes: advice.max_minutes,
            calf: Site::CALF.contains(site),
        })
        .collect();
    allowed.sort_by_key(|site| !site.calf);
    let condition = answers.condition;
    Ok(Some(GunState {
        condition,
        guidance: massage::guidance(condition, 0),
        screening,
        advice,
        allowed,
        recent,
    }))
}

/// The massage-gun page: advice now, with the sessions so far.
pub async fn view(app: &App, caller: &Caller, patient: UserId) -> AppResult<MassageGunView> {
    let record = open(app, caller, patient, "massage-gun.read").await?;
    let status = status_of(app, &record).await?;
    let gun = state_of(app, &record, prescription_of(&status)).await?;
    Ok(MassageGunView { status, gun })
}

/// Answers the screening questions again (a new scar, the tendon settled, a new device).
pub async fn update_screening(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &MassageGunInput,
) -> AppResult<()> {
    let (record, read) = open_to_change(app, caller, patient, "massage-gun.read").await?;
    let saved = save_screening(app, caller, &record, &read, input).await;
    let suspected_clot = read.unless_changed(app, saved).await?;
    if suspected_clot {
        // A suspected clot is a red flag (`RF-DVT`), not only a reason to put the gun away: it
        // stops the programme, as the same answer in the intake does.
        let (answers, completed) = super::intake::load(app, &record).await?;
        if completed {
            let clot = [RedFlag::CalfClot];
            super::symptoms::stop(app, caller, &record, answers, &clot, None).await?;
        }
    }
    Ok(())
}

/// Checks the screening answers and stores them with the read's audit entry and their own;
/// says whether they tell of a suspected clot.
async fn save_screening(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    input: &MassageGunInput,
) -> AppResult<bool> {
    let clinic = record.patient.clinic_id;
    let condition = app
        .store
        .screening(clinic, record.id())
        .await?
        .map(|screening| screening.answers.condition);
    let Some(condition) = condition else {
        return Err(AppError::Conflict(
            "finish the intake first: it asks the screening questions".into(),
        ));
    };
    let mut reader = Reader::default();
    let gun = read_gun(&mut reader, input, Some(condition), record.today);
    reader.errors.into_result()?;
    let Some(gun) = gun else {
        return Err(AppError::internal(
            "screening read without errors but empty",
        ));
    };
    let screening = NewScreening {
        id: RecordId::new(),
        patient_id: record.id(),
        clinic_id: clinic,
        answered_at: record.now,
        answers: screening_of(condition, &gun),
    };
    let audit = record.change(caller, "massage-gun.screening", "massage-gun/screening");
    app.store
        .save_screening(&screening, &read.with_change(audit))
        .await?;
    Ok(gun.suspected_clot == Some(true))
}

/// One site of a session as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteInput {
    /// The site, such as `soleus`.
    pub site: String,
    /// Minutes on it (decimals allowed); empty or 0 when not treated.
    pub minutes: String,
}

/// A session as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GunSessionInput {
    /// The time on each site.
    pub sites: Vec<SiteInput>,
    /// The percussion rate used, if known.
    pub ppm: String,
}

fn rule_list(rules: &[RuleId]) -> String {
    rules
        .iter()
        .map(|rule| rule.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn blockers(advice: &Advice) -> String {
    let blocking: Vec<&Reason> = advice
        .reasons
        .iter()
        .filter(|reason| massage_gun::PERSON_RULES.contains(&reason.rule))
        .collect();
    match blocking.first() {
        Some(reason) => format!("{}: {}", reason.rule, reason.message),
        None => "no massage gun for you, by your screening answers".into(),
    }
}

/// What a refused attempt broke, recorded for the caseload.
#[derive(Debug, Default)]
struct Refused {
    breaches: Vec<GunBreach>,
    rules: Vec<RuleId>,
}

impl Refused {
    fn add(&mut self, breach: GunBreach, rules: impl IntoIterator<Item = RuleId>) {
        if !self.breaches.contains(&breach) {
            self.breaches.push(breach);
        }
        for rule in rules {
            if !self.rules.contains(&rule) {
                self.rules.push(rule);
            }
        }
    }

    /// Records the refusal with the read the attempt began with, in one transaction, so the
    /// patient's clinician sees it in the caseload. When the refusal cannot be recorded the
    /// failure is logged and the read is written alone: the patient still gets the refusal
    /// and its reasons, unless even the read cannot be written.
    async fn record(
        &self,
        app: &App,
        caller: &Caller,
        record: &Record,
        read: PendingRead,
        detail: &str,
    ) -> AppResult<()> {
        let refusal = GunRefusalRecord {
            id: RecordId::new(),
            patient_id: record.id(),
            clinic_id: record.patient.clinic_id,
            at: record.now,
            date: record.today,
            breaches: self.breaches.clone(),
            rules: self.rules.clone(),
            detail: detail.to_string(),
        };
        let audit = record
            .change(
                caller,
                "massage-gun.refused",
                &format!("massage-gun/refusals/{}", refusal.id),
            )
            .detail(detail.to_string());
        match app
            .store
            .record_gun_refusal(&refusal, &read.with_change(audit))
            .await
        {
            Ok(()) => Ok(()),
            Err(error) => {
                tracing::error!(%error, "a refused massage-gun attempt was not recorded");
                read.record_alone(app).await
            }
        }
    }
}

/// Why a session was not stored: a refusal the caseload records (a rule the attempt broke),
/// or an answer that breaks none (an empty or unreadable form, a patient not yet screened).
#[derive(Debug)]
struct Rejection {
    refused: Option<(Refused, String)>,
    error: AppError,
}

impl From<AppError> for Rejection {
    fn from(error: AppError) -> Self {
        Rejection {
            refused: None,
            error,
        }
    }
}

impl Rejection {
    fn refused(refused: Refused, detail: String, error: AppError) -> Self {
        Rejection {
            refused: Some((refused, detail)),
            error,
        }
    }
}

/// Logs a massage-gun session that has just ended. The server checks it again: a session
/// within 48 hours of the last (A16), a site not allowed, or minutes above a cap are refused
/// with the rule named, and no session is saved; the refused attempt is recorded for the
/// patient's clinician. The read the log begins with is written in the same transaction as
/// the session or the refusal, or alone when neither is stored.
pub async fn log_session(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &GunSessionInput,
) -> AppResult<MassageGunSession> {
    let (record, read) = open_to_change(app, caller, patient, "massage-gun.read").await?;
    let session = match checked_session(app, &record, input).await {
        Ok(session) => session,
        Err(Rejection {
            refused: Some((refused, detail)),
            error,
        }) => {
            refused.record(app, caller, &record, read, &detail).await?;
            return Err(error);
        }
        Err(Rejection {
            refused: None,
            error,
        }) => {
            read.record_alone(app).await?;
            return Err(error);
        }
    };
    let total: f64 = session.sites.iter().map(|done| done.minutes).sum();
    let audit = record
        .change(
            caller,
            "massage-gun.log",
            &format!("massage-gun/{}", session.id),
        )
        .detail(format!("{total} minutes"));
    let stored = app
        .store
        .log_massage_gun_session(&session, MIN_GAP, &read.with_change(audit))
        .await;
    if let Err(StoreError::Conflict(_)) = stored {
        let message = "A16: another massage-gun session was logged less than 48 hours ago";
        let mut refused = Refused::default();
        refused.add(GunBreach::TooSoon, [rules::A16]);
        refused.record(app, caller, &record, read, message).await?;
        return Err(AppError::Conflict(message.into()));
    }
    read.unless_changed(app, stored.map_err(AppError::from))
        .await?;
    Ok(MassageGunSession {
        id: session.id,
        started_at: session.started_at,
        logged_at: session.logged_at,
        ppm: session.ppm,
        sites: session.sites,
    })
}

/// Checks a session against the advice now and the caps, and returns it ready to store.
async fn checked_session(
    app: &App,
    record: &Record,
    input: &GunSessionInput,
) -> Result<NewMassageGunSession, Rejection> {
    let status = current_status(app, record).await?;
    let Some(state) = state_of(app, record, prescription_of(&status)).await? else {
        return Err(AppError::Conflict(
            "finish the intake first: it asks the screening questions".into(),
        )
        .into());
    };
    let advice = &state.advice;
    let mut refused = Refused::default();
    match advice.verdict {
        Verdict::DoNotUse => {
            let blocking = blockers(advice);
            refused.add(
                GunBreach::NotForThisPerson,
                advice
                    .reasons
                    .iter()
                    .map(|reason| reason.rule)
                    .filter(|rule| massage_gun::PERSON_RULES.contains(rule)),
            );
            let error = AppError::invalid("sites", blocking.clone());
            return Err(Rejection::refused(refused, blocking, error));
        }
        Verdict::Wait => {
            let next = advice
                .next_session_not_before
                .map(|next| local(record, next))
                .unwrap_or_default();
            let message = format!(
                "A16: massage-gun sessions are at least 48 hours apart, or further when your \
                 clinician prescribed it; your next session can start on {next}"
            );
            refused.add(GunBreach::TooSoon, [rules::A16]);
            let error = AppError::Conflict(message.clone());
            return Err(Rejection::refused(refused, message, error));
        }
        Verdict::Ok => {}
    }
    let mut reader = Reader::default();
    let mut sites: Vec<SiteMinutes> = Vec::new();
    for (index, row) in input.sites.iter().enumerate() {
        let field = format!("sites[{index}].minutes");
        let Some(site) = Site::ALL
            .into_iter()
            .find(|site| site.id() == row.site.trim())
        else {
            reader.errors.add(
                format!("sites[{index}].site"),
                format!("`{}` is not a body site Tendo knows", row.site.trim()),
            );
            continue;
        };
        let minutes = reader.optional_decimal(&field, &row.minutes, 0.0, 60.0, "the minutes");
        let Some(minutes) = minutes.filter(|minutes| *minutes > 0.0) else {
            continue;
        };
        let Some(site_advice) = advice.sites.get(&site) else {
            continue;
        };
        if site_advice.verdict != SiteVerdict::Allowed {
            refused.add(GunBreach::ForbiddenSite, site_advice.rules.iter().copied());
            reader.errors.add(
                field,
                format!(
                    "{}: the {} may not be treated today",
                    rule_list(&site_advice.rules),
                    site.label()
                ),
            );
        } else if minutes > site_advice.max_minutes + 1e-9 {
            refused.add(GunBreach::TooLong, site_advice.rules.iter().copied());
            reader.errors.add(
                field,
                format!(
                    "{}: at most {} minutes on the {}",
                    rule_list(&site_advice.rules),
                    site_advice.max_minutes,
                    site.label()
                ),
            );
        } else if sites.iter().any(|done| done.site == site) {
            reader
                .errors
                .add(field, format!("the {} is listed twice", site.label()));
        } else {
            sites.push(SiteMinutes { site, minutes });
        }
    }
    let calf: f64 = sites
        .iter()
        .filter(|done| Site::CALF.contains(&done.site))
        .map(|done| done.minutes)
        .sum();
    if calf > CALF_TOTAL_MINUTES + 1e-9 {
        refused.add(GunBreach::TooLong, [rules::A12]);
        reader.errors.add(
            "sites",
            format!("A12: at most {CALF_TOTAL_MINUTES} minutes in total on each calf, not {calf}"),
        );
    }
    let ppm = reader
        .optional_number("ppm", &input.ppm, 100, 10_000, "the percussion rate")
        .and_then(|ppm| u32::try_from(ppm).ok());
    if let Some(ppm) = ppm
        && ppm > advice.max_ppm
    {
        let rule = if state.condition.is_achilles() {
            rules::A11
        } else {
            rules::A8
        };
        refused.add(GunBreach::TooFast, [rule]);
        reader.errors.add(
            "ppm",
            format!(
                "{rule}: keep the gun at {} percussions per minute or fewer",
                advice.max_ppm
            ),
        );
    }
    if sites.is_empty() && reader.errors.0.is_empty() {
        reader
            .errors
            .add("sites", "enter the minutes you spent on at least one site");
    }
    if !refused.breaches.is_empty() {
        let detail = reader
            .errors
            .0
            .iter()
            .map(|problem| problem.message.clone())
            .collect::<Vec<_>>()
            .join("; ");
        let error = AppError::Invalid(reader.errors);
        return Err(Rejection::refused(refused, detail, error));
    }
    reader.errors.into_result()?;
    let total: f64 = sites.iter().map(|done| done.minutes).sum();
    let length = SignedDuration::from_secs_f64(total * 60.0);
    Ok(NewMassageGunSession {
        id: RecordId::new(),
        patient_id: record.id(),
        clinic_id: record.patient.clinic_id,
        started_at: record.now.checked_sub(length).unwrap_or(record.now),
        logged_at: record.now,
        ppm,
        sites,
    })
}
