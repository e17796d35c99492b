//! Time-limited TURN credentials, minted the way coturn checks them with `use-auth-secret` and
//! `static-auth-secret` (the "TURN REST API" scheme): the username is `<unix expiry>:<label>`
//! and the credential is base64(HMAC-SHA1(secret, username)). The relay recomputes the
//! credential from the username with the secret it shares with Tendo, and refuses it after the
//! expiry, so the secret itself never leaves the server and a page copied from a browser stops
//! working once its appointment is over.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use sha1::Sha1;

/// How long after the appointment's end its TURN credentials still work, so that a call
/// running a little late is not cut off by the relay.
pub const VALID_AFTER_END: SignedDuration = SignedDuration::from_hours(1);
/// The longest a TURN credential is ever valid from the moment it is minted.
pub const LONGEST_VALIDITY: SignedDuration = SignedDuration::from_hours(24);

/// The secret shared with the TURN relay (coturn's `static-auth-secret`). Its `Debug` shows
/// nothing of it, so it cannot reach a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct TurnSecret(String);

impl TurnSecret {
    /// Wraps the shared secret.
    pub fn new(secret: impl Into<String>) -> Self {
        TurnSecret(secret.into())
    }

    fn mac(&self, message: &str) -> Vec<u8> {
        // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
        match Hmac::<Sha1>::new_from_slice(self.0.as_bytes()) {
            Ok(mut mac) => {
                mac.update(message.as_bytes());
                mac.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        }
    }

    /// The password coturn expects for `username`: base64(HMAC-SHA1(secret, username)).
    pub fn credential(&self, username: &str) -> String {
        STANDARD.encode(self.mac(username))
    }

    /// An opaque label for a room: the same room always gets the same label, but the relay's
    /// logs cannot be matched to an appointment without the secret.
    pub fn room_label(&self, room: &str) -> String {
        let digest = self.mac(&format!("tendo video room {room}"));
        URL_SAFE_NO_PAD.encode(&digest[..digest.len().min(12)])
    }
}

impl std::fmt::Debug for TurnSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TurnSecret(hidden)")
    }
}

/// One entry of `RTCPeerConnection`'s `iceServers`, as the video page hands it to the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IceServer {
    /// The server's URL (`stun:…`, `turn:…` or `turns:…`).
    pub urls: String,
    /// The TURN username, for `turn:` and `turns:` URLs when a secret is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The TURN password derived from the username.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

/// Whether `url` names a TURN server (which needs credentials) rather than a STUN one.
fn is_turn(url: &str) -> bool {
    let scheme = url.split(':').next().unwrap_or_default();
    scheme.eq_ignore_ascii_case("turn") || scheme.eq_ignore_ascii_case("turns")
}

/// When a room's credentials stop working: an hour after the appointment ends, and never more
/// than a day after they are minted.
pub fn expiry(now: Timestamp, room_closes_at: Timestamp) -> Timestamp {
    (room_closes_at + VALID_AFTER_END).min(now + LONGEST_VALIDITY)
}

/// The ICE servers for one video room: `stun:` URLs as they are; `turn:`/`turns:` URLs with a
/// username `<unix expiry>:<room label>` and its credential when a secret is configured.
pub fn ice_servers(
    urls: &[String],
    secret: Option<&TurnSecret>,
    room: &str,
    expires_at: Timestamp,
) -> Vec<IceServer> {
    let login = secret.map(|secret| {
        let username = format!("{}:{}", expires_at.as_second(), secret.room_label(room));
        let credential = secret.credential(&username);
        (username, credential)
    });
    urls.iter()
        .map(|url| {
            let (username, credential) = match &login {
                Some((username, credential)) if is_turn(url) => {
                    (Some(username.clone()), Some(credential.clone()))
                }
                _ => (None, None),
            };
            IceServer {
                urls: url.clone(),
                username,
                credential,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Computed independently with Python:
    /// `base64.b64encode(hmac.new(b"north-relay-secret", b"1767225600:room", hashlib.sha1).digest())`.
    #[test]
    fn turn_credential_matches_coturns_shared_secret_scheme() {
        let secret = TurnSecret::new("north-relay-secret");
        assert_eq!(
            secret.credential("1767225600:room"),
            "2mHNV77LBQDUEYUUKfAZIZ4eYhI=",
            "the credential coturn recomputes from the username and the shared secret"
        );
    }

    #[test]
    fn turn_urls_get_a_time_limited_login_and_stun_urls_none() {
        let secret = TurnSecret::new("north-relay-secret");
        let expires = Timestamp::from_second(1_767_225_600).unwrap();
        let servers = ice_servers(
            &[
                "stun:relay.clinic.example:3478".into(),
                "turn:relay.clinic.example:3478?transport=udp".into(),
                "turns:relay.clinic.example:5349".into(),
            ],
            Some(&secret),
            "0190c0de-0000-7000-8000-000000000001",
            expires,
        );
        assert_eq!(servers[0].username, None, "STUN needs no login");
        assert_eq!(servers[0].credential, None);
        for turn in &servers[1..] {
            let username = turn.username.clone().unwrap();
            let (expiry, label) = username.split_once(':').unwrap();
            assert_eq!(expiry, "1767225600", "the username starts with the expiry");
            assert!(
                !label.contains("0190c0de"),
                "the label does not give the appointment away: {label}"
            );
            assert_eq!(turn.credential, Some(secret.credential(&username)));
        }
        let without = ice_servers(&servers_urls(&servers), None, "room", expires);
        assert!(
            without.iter().all(|s| s.username.is_none()),
            "no secret, no login"
        );
    }

    fn servers_urls(servers: &[IceServer]) -> Vec<String> {
        servers.iter().map(|s| s.urls.clone()).collect()
    }

    #[test]
    fn turn_credentials_expire_an_hour_after_the_room_closes_and_within_a_day() {
        let now = Timestamp::from_second(1_767_225_600).unwrap();
        let closes = now + SignedDuration::from_mins(40);
        assert_eq!(expiry(now, closes), closes + SignedDuration::from_hours(1));
        let far = now + SignedDuration::from_hours(72);
        assert_eq!(expiry(now, far), now + SignedDuration::from_hours(24));
    }

    #[test]
    fn a_turn_secret_is_hidden_from_debug_output() {
        let secret = TurnSecret::new("north-relay-secret");
        assert!(!format!("{secret:?}").contains("north-relay-secret"));
    }
}
