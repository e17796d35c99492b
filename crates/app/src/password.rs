//! Passwords: Argon2id hashing on threads of its own, and a dummy verification for unknown
//! accounts so that the time taken does not reveal who has an account.
//!
//! Each hash takes 19 MiB for its whole run. However many people sign in at once, at most
//! [`hashes_at_once`] hashes run together: they run on that many threads of their own, and the
//! rest wait in the threads' queue without holding a thread or memory. So the server's memory
//! for passwords is bounded by that many times 19 MiB, whatever its clients do; the binary's
//! allocator gives the memory back to the system when a hash ends.
//!
//! The threads themselves are the bound. A turn taken and waited for on the runtime's blocking
//! threads was given back when its request went away (a client that hangs up) while its hash
//! went on beside the next one's, so a stream of abandoned sign-ins could hold the memory of
//! hundreds of hashes. A hash whose caller has gone by the time a thread is free is not run.

use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, LazyLock, Mutex};

use tokio::sync::oneshot;

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

/// How many password hashes run at once: one for every two cores, at least one, at most four.
/// More at once would only wait for a core while holding 19 MiB each, and a burst of sign-ins
/// never takes every core from the other requests (on two cores: one hash at a time, 40–45
/// sign-ins a second in the load benchmark, 19 MiB).
pub fn hashes_at_once() -> usize {
    let cores = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    (cores / 2).clamp(1, 4)
}

/// A hash or a verification, sent to the hashing threads.
type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads' queue: [`hashes_at_once`] threads named `password-hash-N`, started on
/// the first hash, each taking the next job when it has finished the last.
static HASHERS: LazyLock<Result<Sender<Job>, String>> = LazyLock::new(|| {
    let (jobs, queue) = std::sync::mpsc::channel::<Job>();
    let queue = Arc::new(Mutex::new(queue));
    for index in 0..hashes_at_once() {
        let queue = queue.clone();
        std::thread::Builder::new()
            .name(format!("password-hash-{index}"))
            .spawn(move || hash_jobs(&queue))
            .map_err(|error| format!("cannot start a hashing thread: {error}"))?;
    }
    Ok(jobs)
});

/// A hashing thread's loop: runs jobs until the queue closes. A job that panics ends alone
/// (its caller is told the hash failed); the thread goes on with the next. A job whose caller
/// has gone does nothing.
fn hash_jobs(queue: &Mutex<Receiver<Job>>) {
    loop {
        let next = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        let Ok(job) = next else { return };
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    }
}

/// Runs `work` (a hash or a verification) on a hashing thread when one is free, in the order
/// the callers came.
async fn in_turn<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let (done, result) = oneshot::channel();
    let jobs = HASHERS.as_ref().map_err(AppError::internal)?;
    jobs.send(Box::new(move || {
        if !done.is_closed() {
            let _ = done.send(work());
        }
    }))
    .map_err(|_| AppError::internal("the hashing threads have stopped"))?;
    result
        .await
        .map_err(|_| AppError::internal("the hashing task failed"))
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

/// Hashes a password with Argon2id on a hashing thread, in turn.
pub async fn hash(password: String) -> Result<String, AppError> {
    in_turn(move || {
        hasher()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|error| AppError::internal(format!("cannot hash a password: {error}")))
    })
    .await?
}

/// Verifies a password against a stored hash on a hashing thread. With no hash (unknown
/// account, or no password set) it verifies against a dummy hash and returns `false`, taking
/// the same time as a real check.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    in_turn(move || {
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
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    /// Counts how many of its jobs run at the same moment.
    #[derive(Clone, Default)]
    struct AtOnce {
        running: Arc<AtomicUsize>,
        most: Arc<AtomicUsize>,
    }

    impl AtOnce {
        /// A job that counts itself running for `pause`.
        fn job(&self, pause: Duration) -> impl FnOnce() + Send + 'static {
            let counts = self.clone();
            move || {
                let now = counts.running.fetch_add(1, Ordering::SeqCst) + 1;
                counts.most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(pause);
                counts.running.fetch_sub(1, Ordering::SeqCst);
            }
        }

        /// The most jobs that ran at once.
        fn most(&self) -> usize {
            self.most.load(Ordering::SeqCst)
        }
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(stored.clone())).await);
        assert!(!verify("wrong horse battery".into(), Some(stored)).await);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_hashes_run_at_once_than_the_turns_allow() {
        let at_once = AtOnce::default();
        let tasks: Vec<_> = (0..12)
            .map(|_| tokio::spawn(in_turn(at_once.job(Duration::from_millis(20)))))
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let most = at_once.most();
        assert!(most >= 1 && most <= hashes_at_once(), "{most} ran at once");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn hashes_run_on_the_hashing_threads_only() {
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                tokio::spawn(in_turn(|| {
                    let thread = std::thread::current();
                    (thread.id(), thread.name().unwrap_or_default().to_string())
                }))
            })
            .collect();
        let mut threads = std::collections::HashSet::new();
        for task in tasks {
            let (id, name) = task.await.unwrap().unwrap();
            assert!(name.starts_with("password-hash-"), "ran on {name:?}");
            threads.insert(id);
        }
        assert!(
            threads.len() <= hashes_at_once(),
            "{} threads hashed, for {} turns",
            threads.len(),
            hashes_at_once()
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn callers_who_go_away_never_let_more_hashes_run_at_once() {
        let at_once = AtOnce::default();
        // Every caller hangs up while its hash runs.
        for _ in 0..hashes_at_once() * 3 {
            let caller = tokio::spawn(in_turn(at_once.job(Duration::from_millis(200))));
            tokio::time::sleep(Duration::from_millis(20)).await;
            caller.abort();
        }
        // One more caller queues behind them and hangs up before a thread is free.
        let ran = Arc::new(AtomicBool::new(false));
        let flag = ran.clone();
        let gone = tokio::spawn(in_turn(move || flag.store(true, Ordering::SeqCst)));
        tokio::time::sleep(Duration::from_millis(20)).await;
        gone.abort();
        tokio::time::sleep(Duration::from_millis(800)).await;
        let most = at_once.most();
        assert!(most <= hashes_at_once(), "{most} hashes ran at once");
        assert!(
            !ran.load(Ordering::SeqCst),
            "a hash whose caller had gone ran"
        );
    }

    #[tokio::test]
    async fn a_failed_hash_is_an_error_and_the_next_one_still_runs() {
        let failed = in_turn(|| -> u8 { panic!("a hash that breaks") }).await;
        assert!(matches!(failed, Err(AppError::Internal(_))), "{failed:?}");
        for _ in 0..hashes_at_once() + 1 {
            assert_eq!(in_turn(|| 7).await.unwrap(), 7);
        }
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
