//! Accounts: clinics and users, signing in and out, invitations, password resets and personal
//! access tokens.

mod clinics;
mod invitations;
mod login;
mod people;
mod reset;
mod tokens;

pub use clinics::{NewClinicForm, NewUserForm, create_clinic, create_user};
pub use invitations::{AcceptForm, InviteForm, Invited, accept_invitation, invitation, invite};
pub(crate) use login::start_session;
pub use login::{Session, SignedIn, login, logout, logout_everywhere, session_caller};
pub use people::{
    ClinicPeople, clinic_member, clinic_people, clinicians, invitation_link,
    invitation_with_clinic, mail_invitation, own_clinic,
};
pub use reset::{ResetLink, admin_reset_link, complete_reset, request_reset};
pub use tokens::{NewToken, create_token, revoke_token, token_caller, tokens};

use jiff::tz::TimeZone;

use crate::error::FieldErrors;

/// An email address as stored: trimmed and in lower case.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Checks an email address, naming `field`.
pub fn check_email(errors: &mut FieldErrors, field: &str, email: &str) {
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
                && email.chars().count() <= 254
        }
        None => false,
    };
    if !valid {
        errors.add(field, "enter an email address such as name@example.com");
    }
}

/// Checks a person's or clinic's name, naming `field`.
pub fn check_name(errors: &mut FieldErrors, field: &str, name: &str) {
    let length = name.trim().chars().count();
    if length == 0 {
        errors.add(field, "enter a name");
    } else if length > 120 {
        errors.add(field, "use at most 120 characters");
    }
}

/// Checks an IANA time zone such as `Europe/London`, naming `field`.
pub fn check_time_zone(errors: &mut FieldErrors, field: &str, zone: &str) {
    if TimeZone::get(zone).is_err() {
        errors.add(
            field,
            format!("`{zone}` is not a known time zone; use a name such as Europe/London"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_and_normalised() {
        let mut errors = FieldErrors::default();
        check_email(&mut errors, "email", "pat@example.com");
        assert!(errors.0.is_empty());
        for bad in [
            "pat",
            "pat@",
            "@example.com",
            "pat@example",
            "p at@example.com",
        ] {
            let mut errors = FieldErrors::default();
            check_email(&mut errors, "email", bad);
            assert!(errors.get("email").is_some(), "{bad}");
        }
        assert_eq!(normalise_email("  Pat@Example.COM "), "pat@example.com");
    }

    #[test]
    fn time_zones_must_exist() {
        let mut errors = FieldErrors::default();
        check_time_zone(&mut errors, "time_zone", "Europe/London");
        assert!(errors.0.is_empty());
        check_time_zone(&mut errors, "time_zone", "Mars/Olympus");
        assert!(errors.get("time_zone").is_some());
    }
}
