//! Passwords: Argon2id hashing on a blocking thread, and a dummy verification for unknown
//! accounts so that the time taken does not reveal who has an account.

use std::sync::LazyLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::{AppError, FieldErrors};

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 10;
/// The longest password accepted (Argon2 handles more, but nobody types this).
pub const MAX_LENGTH: usize = 256;

/// Argon2id with OWASP's recommended parameters: 19 MiB, 2 passes, 1 lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a password nobody knows, verified when the account does not exist.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now("no account has this password, it only burns time"));

fn hash_now(password: &str) -> String {
    hasher()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .unwrap_or_default()
}

/// The password rule in a sentence, for the hint beside every new-password field: the same
/// rule [`check_policy`] applies.
pub fn hint() -> String {
    format!("At least {MIN_LENGTH} characters. A few unrelated words work well.")
}

/// Checks a new password against the policy, naming `field` on failure.
pub fn check_policy(field: &str, password: &str, email: &str) -> Result<(), AppError> {
    let length = password.chars().count();
    let problem = if length < MIN_LENGTH {
        Some(format!("use at least {MIN_LENGTH} characters"))
    } else if length > MAX_LENGTH {
        Some(format!("use at most {MAX_LENGTH} characters"))
    } else if password.eq_ignore_ascii_case(email) {
        Some("do not use your email address as your password".to_string())
    } else if password.chars().all(|c| password.starts_with(c)) {
        Some("use more than one repeated character".to_string())
    } else {
        None
    };
    match problem {
        Some(problem) => Err(AppError::Invalid(FieldErrors::one(field, problem))),
        None => Ok(()),
    }
}

/// Hashes a password with Argon2id on a blocking thread.
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        hasher()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|error| AppError::internal(format!("cannot hash a password: {error}")))
    })
    .await
    .map_err(|error| AppError::internal(format!("the hashing task failed: {error}")))?
}

/// Verifies a password against a stored hash on a blocking thread. With no hash (unknown
/// account, or no password set) it verifies against a dummy hash and returns `false`, taking
/// the same time as a real check.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let has_real_hash = stored.is_some();
        let hash_text = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let Ok(parsed) = PasswordHash::new(&hash_text) else {
            return false;
        };
        let matches = hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        matches && has_real_hash
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(stored.clone())).await);
        assert!(!verify("wrong horse battery".into(), Some(stored)).await);
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(
            !verify(
                "no account has this password, it only burns time".into(),
                None
            )
            .await
        );
    }

    #[test]
    fn the_policy_names_the_field() {
        let error = check_policy("password", "short", "a@b.test").unwrap_err();
        let AppError::Invalid(errors) = error else {
            panic!("expected a field error");
        };
        assert_eq!(errors.0[0].field, "password");
        assert!(check_policy("password", "aaaaaaaaaaaa", "a@b.test").is_err());
        assert!(check_policy("password", "A@B.TEST.long", "a@b.test.long").is_err());
        assert!(check_policy("password", "a decent passphrase", "a@b.test").is_ok());
    }
}
