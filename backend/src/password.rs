//! Passwords, hashed as argon2id PHC strings.

use crate::error::ApiError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

/// Hash a password as an argon2id PHC string.
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(ApiError::internal)
}

/// Check a password against a stored hash; a malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A one-time password (12 letters and digits, without the look-alikes)
/// that meets the password policy: a reset's, or a committee member's
/// first. Shown once; the account must change it at its next sign-in.
pub fn one_time_password() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    loop {
        let p: String = (0..12)
            .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
            .collect();
        if shared::domain::password::check(&p, "").is_ok() {
            return p;
        }
    }
}
