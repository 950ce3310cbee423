//! Password hashing for local accounts: argon2id with a per-password random salt.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

use crate::backend::ServerError;

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Checks the length rule; the message says what is wrong.
pub fn check_strength(password: &str) -> Result<(), ServerError> {
    let n = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&n) {
        return Err(ServerError::Invalid(format!(
            "password: between {MIN_PASSWORD_CHARS} and {MAX_PASSWORD_CHARS} characters"
        )));
    }
    Ok(())
}

/// An argon2id PHC string for `password`.
pub fn hash(password: &str) -> Result<String, ServerError> {
    check_strength(password)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServerError::Internal(format!("hashing a password: {e}")))
}

/// Whether `password` matches `stored`. With no stored hash (unknown user, or an account
/// that signs in elsewhere) a dummy hash is still checked, so timing does not tell which.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no account has this password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    });
    let (phc, real) = match stored {
        Some(s) => (s, true),
        None => (dummy.as_str(), false),
    };
    let ok = PasswordHash::new(phc)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false);
    ok && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash("correct horse battery").unwrap();
        let b = hash("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "salts must differ");
        assert!(verify("correct horse battery", Some(&a)));
        assert!(!verify("wrong horse battery!", Some(&a)));
        assert!(!verify("correct horse battery", None));
        assert!(!verify("anything", Some("not a phc string")));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(matches!(hash("short"), Err(ServerError::Invalid(_))));
    }
}
