//! The password policy of every account: what the server enforces when a
//! password is set (registration, change, reset by an administrator is
//! generated) and what the forms check before sending.

/// The shortest password accepted, in characters.
pub const MIN_CHARS: usize = 8;
/// The longest (as the API document bounds it).
pub const MAX_CHARS: usize = 128;

/// Passwords too common to be allowed, compared without case.
const COMMON: &[&str] = &[
    "password",
    "password1",
    "password12",
    "password123",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword1",
    "12345678",
    "123456789",
    "1234567890",
    "12345678a",
    "a12345678",
    "a1234567",
    "aa123456",
    "abc12345",
    "abc123456",
    "abcd1234",
    "abcd12345",
    "qwerty123",
    "qwer1234",
    "qwe123456",
    "1qaz2wsx",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "zaq12wsx",
    "admin123",
    "admin888",
    "admin1234",
    "iloveyou1",
    "woaini1314",
    "woaini520",
    "qq123456",
    "zxcvbnm123",
    "11111111a",
    "88888888a",
    "asdf1234",
    "asd123456",
    "test1234",
    "user1234",
    "welcome1",
    "letmein1",
    "changeme1",
];

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    Length,
    LettersAndDigits,
    ContainsUserName,
    Common,
}

impl Weakness {
    pub fn message(self) -> String {
        match self {
            Weakness::Length => format!("密码长度须为 {MIN_CHARS} 到 {MAX_CHARS} 位"),
            Weakness::LettersAndDigits => "密码须同时包含字母和数字".to_owned(),
            Weakness::ContainsUserName => "密码不能包含用户名".to_owned(),
            Weakness::Common => "该密码过于常见，请换一个".to_owned(),
        }
    }
}

/// Check a new password for the account `username`.
pub fn check(password: &str, username: &str) -> Result<(), Weakness> {
    let n = password.chars().count();
    if !(MIN_CHARS..=MAX_CHARS).contains(&n) {
        return Err(Weakness::Length);
    }
    if !password.chars().any(|c| c.is_ascii_digit()) || !password.chars().any(char::is_alphabetic) {
        return Err(Weakness::LettersAndDigits);
    }
    let lower = password.to_lowercase();
    let user = username.trim().to_lowercase();
    if user.chars().count() >= 3 && lower.contains(&user) {
        return Err(Weakness::ContainsUserName);
    }
    if COMMON.contains(&lower.as_str()) {
        return Err(Weakness::Common);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_refuses_short_plain_named_and_common_passwords() {
        assert_eq!(check("Correct-Horse-9", "unit1_admin"), Ok(()));
        assert_eq!(check("a1b2c3", "x"), Err(Weakness::Length));
        assert_eq!(check(&"a1".repeat(65), "x"), Err(Weakness::Length));
        assert_eq!(check("abcdefghij", "x"), Err(Weakness::LettersAndDigits));
        assert_eq!(check("1234567890123", "x"), Err(Weakness::LettersAndDigits));
        assert_eq!(
            check("zhang3san99", "Zhang3San"),
            Err(Weakness::ContainsUserName)
        );
        assert_eq!(check("Password123", "x"), Err(Weakness::Common));
        assert_eq!(check("WoAiNi1314", "x"), Err(Weakness::Common));
        assert_eq!(check("学位系统2026年", "x"), Ok(()));
    }
}
