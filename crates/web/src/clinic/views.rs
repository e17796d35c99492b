//! What the clinician's templates show: flags with their reasons and evidence levels, and
//! patients' standing in words.

use tendo_app::clinic::caseload::{CaseloadEntry, Standing};
use tendo_core::caseload::{Flag, FlagKind};
use tendo_core::condition::Condition;

use crate::patient::views::{ReasonRow, reasons};

/// A flag as shown.
pub struct FlagRow {
    /// Its id, for the style and the filter.
    pub id: &'static str,
    /// Its name.
    pub label: &'static str,
    /// Its reasons with their rules and evidence levels.
    pub reasons: Vec<ReasonRow>,
}

/// Flags as rows.
pub fn flag_rows(flags: &[Flag]) -> Vec<FlagRow> {
    flags
        .iter()
        .map(|flag| FlagRow {
            id: flag.kind.id(),
            label: flag.kind.label(),
            reasons: reasons(&flag.reasons),
        })
        .collect()
}

/// A patient of the caseload as shown.
pub struct EntryRow {
    /// Their record's address.
    pub href: String,
    /// Their name.
    pub name: String,
    /// Condition, standing and week in words.
    pub facts: Vec<String>,
    /// `urgent`, `watch` or `calm`, for the border.
    pub tone: &'static str,
    /// The flags.
    pub flags: Vec<FlagRow>,
    /// Unread messages from them.
    pub unread: u32,
}

/// A condition's name for people.
pub fn condition_label(condition: Option<Condition>) -> &'static str {
    condition.map_or("condition not known yet", Condition::label)
}

/// An entry as a row, with times in `local`.
pub fn entry_row(entry: &CaseloadEntry, local: &crate::time::Local) -> EntryRow {
    let mut facts = vec![condition_label(entry.condition).to_string()];
    match entry.standing {
        Standing::Intake => facts.push("intake not finished".into()),
        Standing::Stopped => facts.push("stopped by a red flag".into()),
        Standing::Active => {
            if let (Some(week), Some(protocol)) = (entry.week, entry.protocol) {
                facts.push(format!("week {week}, {protocol}"));
            }
        }
    }
    match entry.last_session {
        Some(day) => facts.push(format!("last session {}", day.strftime("%a %-d %b"))),
        None if entry.standing == Standing::Active => {
            facts.push("no session in four weeks".into());
        }
        None => {}
    }
    if let Some(next) = &entry.next_appointment {
        facts.push(format!(
            "next: {} {}",
            next.kind,
            local.date_time(next.start)
        ));
    }
    let worst = entry.attention.flags.first().map(|flag| flag.kind);
    let tone = match worst {
        Some(
            FlagKind::RedFlag | FlagKind::PainRules | FlagKind::PainRising | FlagKind::MassageGun,
        ) => "urgent",
        Some(_) => "watch",
        None => "calm",
    };
    EntryRow {
        href: format!("/clinic/patients/{}", entry.patient_id),
        name: entry.name.clone(),
        facts,
        tone,
        flags: flag_rows(&entry.attention.flags),
        unread: entry.unread_messages,
    }
}
