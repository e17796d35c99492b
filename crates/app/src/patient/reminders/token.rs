//! One-click unsubscribe links: a token naming the patient and the kind of reminder, signed
//! with HMAC-SHA-256 under a secret every app server on the database shares, so that no sign-in
//! is needed and a forged or altered token is refused.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use tendo_store::ids::UserId;
use tendo_store::reminders::ReminderKind;

/// The name of the shared secret in the store.
pub(crate) const SECRET_NAME: &str = "reminder-unsubscribe";

/// HMAC-SHA-256 (RFC 2104) of `message` under `key`.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|byte| byte ^ 0x36));
    inner.update(message);
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(block.map(|byte| byte ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

fn payload(patient: UserId, kind: ReminderKind) -> String {
    format!("{patient}.{}", kind.as_str())
}

/// The token for turning off `kind` for `patient`: `patient.kind.signature`.
pub(crate) fn sign(secret: &[u8], patient: UserId, kind: ReminderKind) -> String {
    let payload = payload(patient, kind);
    let signature = URL_SAFE_NO_PAD.encode(hmac_sha256(secret, payload.as_bytes()));
    format!("{payload}.{signature}")
}

/// The patient and kind a token names, if its signature is the server's.
pub(crate) fn verify(secret: &[u8], token: &str) -> Option<(UserId, ReminderKind)> {
    let mut parts = token.split('.');
    let (patient, kind, signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let patient: UserId = patient.parse().ok()?;
    let kind = ReminderKind::parse(kind)?;
    let given = URL_SAFE_NO_PAD.decode(signature).ok()?;
    let expected = hmac_sha256(secret, payload(patient, kind).as_bytes());
    // Compared in constant time: every byte is looked at whatever differs.
    let same = given.len() == expected.len()
        && given
            .iter()
            .zip(expected.iter())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0;
    same.then_some((patient, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_the_rfc_4231_example() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|byte| format!("{byte:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_signed_token_names_its_patient_and_kind_and_a_forged_one_is_refused() {
        let patient = UserId::new();
        let token = sign(b"server secret", patient, ReminderKind::MissedSession);
        assert_eq!(
            verify(b"server secret", &token),
            Some((patient, ReminderKind::MissedSession))
        );
        assert_eq!(verify(b"another secret", &token), None);
        let other = UserId::new();
        let swapped = token.replacen(&patient.to_string(), &other.to_string(), 1);
        assert_eq!(verify(b"server secret", &swapped), None);
        let widened = token.replacen("missed_session", "training", 1);
        assert_eq!(verify(b"server secret", &widened), None);
        assert_eq!(verify(b"server secret", "not a token"), None);
    }
}
