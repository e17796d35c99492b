//! The calendar's grid: one column per day, a row per quarter hour, each appointment placed at
//! its start and as long as it lasts, in the viewer's time zone. Overlapping appointments (an
//! administrator sees every clinician) sit side by side: CSS grid gives each its own column.

use jiff::civil::{Date, Time};
use jiff::{SignedDuration, Timestamp};
use tendo_app::booking::clinic_diary::DiaryEntry;

use crate::time::Local;

/// Rows per hour: a row is a quarter of an hour.
const ROWS_PER_HOUR: i64 = 4;
/// The grid shows at least these hours, more when appointments are earlier or later.
const DAY_STARTS: i8 = 8;
const DAY_ENDS: i8 = 18;

/// An appointment placed in a day's column.
pub struct GridEntry {
    /// The appointment's id.
    pub id: String,
    /// The patient's id, for the link to their record.
    pub patient_id: String,
    /// The patient's name.
    pub patient: String,
    /// The appointment type's name.
    pub kind: String,
    /// Where: the room or table, or "by video".
    pub place: String,
    /// The clinician's name.
    pub clinician: String,
    /// "10:00–10:45".
    pub time: String,
    /// The first grid row (1 is the first quarter hour shown).
    pub row: i64,
    /// How many rows it covers.
    pub span: i64,
}

/// One day's column.
pub struct GridDay {
    /// `2026-12-01`, for ids and links.
    pub iso: String,
    /// "Tue 1 Dec 2026".
    pub label: String,
    /// Whether it is the viewer's today.
    pub is_today: bool,
    /// The address of this day alone (set by the page).
    pub link: String,
    /// The day's appointments, by start.
    pub entries: Vec<GridEntry>,
}

/// The grid: its days, and the hours down the side.
pub struct Grid {
    /// The days shown, in order.
    pub days: Vec<GridDay>,
    /// Each hour's first row and its label, "08:00" (or "8:00 AM" on a 12-hour clock).
    pub hours: Vec<(i64, String)>,
    /// How many rows each day has.
    pub rows: i64,
}

impl Grid {
    /// Places `entries` on `dates` in the viewer's zone; `today` is marked.
    pub fn new(entries: &[DiaryEntry], dates: &[Date], local: &Local, today: Date) -> Grid {
        let wall = |at: Timestamp| at.to_zoned(local.zone().clone());
        let mut first = DAY_STARTS;
        let mut last = DAY_ENDS;
        for entry in entries {
            let start = wall(entry.view.appointment.start);
            let end = wall(entry.view.appointment.end);
            first = first.min(start.hour());
            let ends_on_hour = end.minute() == 0 && end.second() == 0;
            let end_hour = if end.date() > start.date() {
                24
            } else if ends_on_hour {
                end.hour()
            } else {
                end.hour() + 1
            };
            last = last.max(end_hour);
        }
        let rows = i64::from(last - first).max(1) * ROWS_PER_HOUR;
        let hours = (first..last)
            .map(|hour| {
                (
                    i64::from(hour - first) * ROWS_PER_HOUR + 1,
                    crate::time::clock_time(Time::new(hour, 0, 0, 0).unwrap_or(Time::midnight())),
                )
            })
            .collect();
        let days = dates
            .iter()
            .map(|&date| GridDay {
                iso: date.to_string(),
                label: Local::date(date),
                is_today: date == today,
                link: String::new(),
                entries: entries
                    .iter()
                    .filter(|entry| wall(entry.view.appointment.start).date() == date)
                    .map(|entry| placed(entry, local, date, first, rows))
                    .collect(),
            })
            .collect();
        Grid { days, hours, rows }
    }

    /// How many appointments the grid holds.
    pub fn count(&self) -> usize {
        self.days.iter().map(|day| day.entries.len()).sum()
    }
}

fn placed(entry: &DiaryEntry, local: &Local, date: Date, first: i8, rows: i64) -> GridEntry {
    let view = &entry.view;
    let top = date
        .to_datetime(Time::new(first, 0, 0, 0).unwrap_or(Time::midnight()))
        .to_zoned(local.zone().clone())
        .map(|zoned| zoned.timestamp())
        .unwrap_or(view.appointment.start);
    let quarter = SignedDuration::from_mins(60 / ROWS_PER_HOUR);
    let from_top = view.appointment.start.duration_since(top);
    let row = (from_top.as_secs() / quarter.as_secs()).clamp(0, rows - 1) + 1;
    let length = view.appointment.end.duration_since(view.appointment.start);
    let quarters = (length.as_secs() + quarter.as_secs() - 1) / quarter.as_secs();
    let span = quarters.clamp(1, rows - row + 1);
    GridEntry {
        id: view.appointment.id.to_string(),
        patient_id: view.patient.id.to_string(),
        patient: view.patient.name.clone(),
        kind: view.kind.name.clone(),
        place: match (&entry.room, view.kind.kind.is_video()) {
            (Some(room), _) => room.clone(),
            (None, true) => "by video".into(),
            (None, false) => "no room booked".into(),
        },
        clinician: view.clinician.name.clone(),
        time: format!(
            "{}–{}",
            local.time(view.appointment.start),
            local.time(view.appointment.end)
        ),
        row,
        span,
    }
}
