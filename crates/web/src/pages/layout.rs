//! The frame around every page: title, navigation for the person's role, banner and messages.

use tendo_app::access::Caller;
use tendo_app::model::accounts::Role;

use crate::auth::PageUser;
use crate::state::AppState;

/// One link of the main navigation.
#[derive(Clone, Debug)]
pub struct NavLink {
    /// Where it goes.
    pub href: &'static str,
    /// What it says.
    pub label: &'static str,
    /// Whether it is the current page.
    pub current: bool,
    /// A count to show beside it, such as unread messages.
    pub badge: Option<u32>,
}

/// The signed-in person, as the frame shows them.
#[derive(Clone, Debug)]
pub struct ChromeUser {
    /// Their name.
    pub name: String,
    /// Their role, for people.
    pub role_label: &'static str,
    /// Their id (the offline queue of `offline.js` sends to their API paths).
    pub id: String,
    /// Their time zone, such as `Europe/London` (the offline queue dates a session in it).
    pub time_zone: String,
}

/// What the base template needs.
#[derive(Clone, Debug, Default)]
pub struct Chrome {
    /// The page title.
    pub title: String,
    /// The signed-in person, if any.
    pub user: Option<ChromeUser>,
    /// The main navigation.
    pub nav: Vec<NavLink>,
    /// The CSRF token for the sign-out form.
    pub csrf: String,
    /// The banner shown on every page.
    pub banner: Option<String>,
    /// A one-off message, such as "Saved".
    pub flash: Option<String>,
}

/// The navigation of each role: `(href, label)`.
pub fn nav_for(role: Role) -> &'static [(&'static str, &'static str)] {
    match role {
        Role::Patient => &[
            ("/today", "Today"),
            ("/plan", "Plan"),
            ("/progress", "Progress"),
            ("/massage-gun", "Massage gun"),
            ("/questionnaires", "Questionnaires"),
            ("/running", "Running"),
            ("/appointments", "Appointments"),
            ("/messages", "Messages"),
            ("/learn", "Learn"),
            ("/account", "Account"),
        ],
        Role::Clinician => &[
            ("/clinic/caseload", "Caseload"),
            ("/clinic/triage", "Waiting"),
            ("/clinic/calendar", "Calendar"),
            ("/messages", "Messages"),
            ("/clinic/people", "Invite"),
            ("/account", "Account"),
        ],
        Role::Admin => &[
            ("/clinic/people", "People"),
            ("/clinic/triage", "Waiting"),
            ("/clinic/calendar", "Calendar"),
            ("/clinic/audit", "Audit log"),
            ("/clinic/settings", "Clinic"),
            ("/account", "Account"),
        ],
    }
}

/// The label of a role.
pub fn role_label(caller: &Caller) -> &'static str {
    match (caller.user.role, caller.user.profession) {
        (Role::Patient, _) => "patient",
        (Role::Clinician, Some(tendo_app::model::accounts::Profession::MassageTherapist)) => {
            "massage therapist"
        }
        (Role::Clinician, _) => "physiotherapist",
        (Role::Admin, _) => "clinic administrator",
    }
}

impl Chrome {
    /// The frame for a signed-in person on the page at `path`.
    pub fn signed_in(
        state: &AppState,
        user: &PageUser,
        title: impl Into<String>,
        path: &str,
    ) -> Self {
        let nav = nav_for(user.caller.user.role)
            .iter()
            .map(|(href, label)| NavLink {
                href,
                label,
                current: path == *href || (path.starts_with(href) && *href != "/"),
                badge: (*href == "/messages" && user.unread_messages > 0)
                    .then_some(user.unread_messages),
            })
            .collect();
        Chrome {
            title: title.into(),
            user: Some(ChromeUser {
                name: user.caller.user.name.clone(),
                role_label: role_label(&user.caller),
                id: user.caller.id().to_string(),
                time_zone: user.caller.user.time_zone.clone(),
            }),
            nav,
            csrf: user.csrf.clone(),
            banner: state.web.banner.clone(),
            flash: None,
        }
    }

    /// The frame of a public page: signed-in people keep their name, navigation and CSRF
    /// token (the page's forms carry it), others see a plain frame.
    pub fn public_for(
        state: &AppState,
        user: Option<&PageUser>,
        title: impl Into<String>,
        path: &str,
    ) -> Self {
        match user {
            Some(user) => Chrome::signed_in(state, user, title, path),
            None => Chrome::public(state, title),
        }
    }

    /// The frame for someone not signed in.
    pub fn public(state: &AppState, title: impl Into<String>) -> Self {
        Chrome {
            title: title.into(),
            banner: state.web.banner.clone(),
            ..Chrome::default()
        }
    }

    /// Adds a one-off message.
    pub fn with_flash(mut self, flash: Option<String>) -> Self {
        self.flash = flash;
        self
    }
}
