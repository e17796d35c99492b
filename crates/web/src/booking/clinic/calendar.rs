//! The clinic's calendar: a week (seven day columns) or one day, rows by hour, each booked
//! appointment placed at its time and length, in the viewer's time zone. A clinician sees
//! their own diary; an administrator every clinician's, or one clinician's. The page also
//! holds the private calendar feed.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Deserialize;
use tendo_app::booking::AppointmentView;
use tendo_app::booking::clinic_diary::{diary, diary_owners};
use tendo_app::booking::slots::{calendar_date, local_window};
use tendo_app::error::AppError;
use tendo_app::model::accounts::Role;
use tendo_app::model::ids::UserId;

use super::calendar_grid::Grid;
use crate::auth::{PageUser, RequireRole, Staff};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{render, take_flash};
use crate::state::AppState;
use crate::time::Local;

/// The booked appointments in `[from, to)` the caller sees, as views (the API's list).
pub(crate) async fn week_views(
    state: &AppState,
    caller: &tendo_app::access::Caller,
    from: jiff::Timestamp,
    to: jiff::Timestamp,
) -> Result<Vec<AppointmentView>, AppError> {
    Ok(diary(&state.app, caller, from, to, None)
        .await?
        .into_iter()
        .map(|entry| entry.view)
        .collect())
}

/// The calendar's query: `view` (`week` or `day`), `date` (any date of the week, or the
/// day), `clinician` (an administrator's filter). `week` is the older name of `date`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CalendarQuery {
    view: String,
    date: String,
    week: String,
    clinician: String,
}

/// What the calendar shows.
struct Shown {
    day_view: bool,
    date: Date,
    clinician: Option<UserId>,
}

impl Shown {
    /// The address of this calendar moved to `date`, as a day or a week.
    fn link(&self, day_view: bool, date: Date) -> String {
        let mut link = format!(
            "/clinic/calendar?view={}&date={date}",
            if day_view { "day" } else { "week" }
        );
        if let Some(clinician) = self.clinician {
            link.push_str(&format!("&clinician={clinician}"));
        }
        link
    }
}

/// A clinician an administrator can pick.
struct Choice {
    id: String,
    name: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "booking/calendar.html")]
struct CalendarPage {
    chrome: Chrome,
    heading: String,
    day_view: bool,
    zone: String,
    grid: Grid,
    previous: String,
    today: String,
    next: String,
    as_day: String,
    as_week: String,
    date: String,
    is_admin: bool,
    choices: Vec<Choice>,
    whose: String,
    feed_since: Option<String>,
    feed_url: Option<String>,
    clinic_slug: String,
}

fn shown(query: &CalendarQuery, today: Date) -> Result<Shown, AppError> {
    let day_view = match query.view.trim() {
        "" | "week" => false,
        "day" => true,
        _ => return Err(AppError::invalid("view", "choose day or week")),
    };
    let (field, text) = if query.date.trim().is_empty() {
        ("week", query.week.trim())
    } else {
        ("date", query.date.trim())
    };
    let date = match text {
        "" => today,
        text => {
            let date = text
                .parse::<Date>()
                .map_err(|_| AppError::invalid(field, "use a date such as 2026-12-01"))?;
            calendar_date(field, date, today)?
        }
    };
    let clinician = match query.clinician.trim() {
        "" => None,
        text => Some(
            text.parse::<UserId>()
                .map_err(|_| AppError::invalid("clinician", "choose a clinician from the list"))?,
        ),
    };
    Ok(Shown {
        day_view,
        date,
        clinician,
    })
}

async fn calendar_page(
    state: &AppState,
    user: &PageUser,
    query: &CalendarQuery,
    feed_url: Option<String>,
) -> Result<CalendarPage, PageError> {
    let caller = &user.caller;
    let local = Local::of(&caller.user);
    let today = local.today(state.app.now());
    let mut shown = shown(query, today)?;
    let is_admin = caller.user.role == Role::Admin;
    let owners = diary_owners(&state.app, caller).await?;
    if !is_admin {
        shown.clinician = None;
    } else if let Some(wanted) = shown.clinician
        && !owners.iter().any(|owner| owner.id == wanted)
    {
        return Err(AppError::invalid("clinician", "choose a clinician from the list").into());
    }
    let first = if shown.day_view {
        shown.date
    } else {
        let back = i64::from(shown.date.weekday().to_monday_zero_offset());
        shown.date.checked_sub(back.days()).unwrap_or(shown.date)
    };
    let length: u16 = if shown.day_view { 1 } else { 7 };
    let dates: Vec<Date> = (0..i64::from(length))
        .filter_map(|offset| first.checked_add(offset.days()).ok())
        .collect();
    let (from, to) = local_window(local.zone(), first, length);
    let entries = diary(&state.app, caller, from, to, shown.clinician).await?;
    let mut grid = Grid::new(&entries, &dates, &local, today);
    for (day, date) in grid.days.iter_mut().zip(&dates) {
        day.link = shown.link(true, *date);
    }
    let step = i64::from(length).days();
    let moved = |forward: bool| {
        let date = if forward {
            first.checked_add(step)
        } else {
            first.checked_sub(step)
        };
        shown.link(shown.day_view, date.unwrap_or(first))
    };
    let whose = match (is_admin, shown.clinician) {
        (false, _) => "Your appointments".to_string(),
        (true, None) => "Every clinician's appointments".to_string(),
        (true, Some(id)) => owners
            .iter()
            .find(|owner| owner.id == id)
            .map(|owner| format!("{}'s appointments", owner.name))
            .unwrap_or_default(),
    };
    let clinic = tendo_app::accounts::own_clinic(&state.app, caller).await?;
    Ok(CalendarPage {
        chrome: Chrome::signed_in(state, user, "Calendar", "/clinic/calendar"),
        heading: if shown.day_view {
            Local::date(first)
        } else {
            format!("Week of {}", Local::date(first))
        },
        day_view: shown.day_view,
        zone: caller.user.time_zone.clone(),
        grid,
        previous: moved(false),
        today: shown.link(shown.day_view, today),
        next: moved(true),
        as_day: shown.link(true, if dates.contains(&today) { today } else { first }),
        as_week: shown.link(false, first),
        date: shown.date.to_string(),
        is_admin,
        choices: if is_admin {
            owners
                .iter()
                .map(|owner| Choice {
                    id: owner.id.to_string(),
                    name: owner.name.clone(),
                    selected: shown.clinician == Some(owner.id),
                })
                .collect()
        } else {
            Vec::new()
        },
        whose,
        feed_since: tendo_app::booking::calendar::feed_created(&state.app, caller)
            .await?
            .map(|at| local.date_time(at)),
        feed_url,
        clinic_slug: clinic.slug,
    })
}

/// `GET /clinic/calendar`: the week or the day.
pub async fn calendar(
    _role: RequireRole<Staff>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Query(query): Query<CalendarQuery>,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let mut page = calendar_page(&state, &user, &query, None).await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

/// The calendar with a new feed address shown once.
pub(crate) async fn calendar_with_feed(
    state: &AppState,
    user: &PageUser,
    address: String,
) -> Result<Response, PageError> {
    let page = calendar_page(state, user, &CalendarQuery::default(), Some(address)).await?;
    Ok(render(&page)?.into_response())
}
