//! Resident ID card number (居民身份证号码, GB 11643-1999): 17 digits and a
//! check character computed with ISO 7064 MOD 11-2.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("身份证号码应为 18 位")]
    Length,
    #[error("前 17 位应为数字，末位应为数字或 X")]
    Characters,
    #[error("号码中的出生日期无效")]
    BirthDate,
    #[error("校验码不符")]
    Checksum,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

impl IdNumber {
    /// The check character for the first 17 digits (`None` if not 17 digits).
    pub fn check_char(first17: &str) -> Option<char> {
        if first17.len() != 17 {
            return None;
        }
        let mut sum = 0u32;
        for (c, w) in first17.chars().zip(WEIGHTS) {
            sum += c.to_digit(10)? * w;
        }
        CHECK.get((sum % 11) as usize).copied()
    }

    pub fn parse(s: &str) -> Result<IdNumber, IdNumberError> {
        let s = s.trim().to_ascii_uppercase();
        if s.chars().count() != 18 {
            return Err(IdNumberError::Length);
        }
        let (body, last) = s.split_at(17);
        if !body.chars().all(|c| c.is_ascii_digit())
            || !last.chars().all(|c| c.is_ascii_digit() || c == 'X')
        {
            return Err(IdNumberError::Characters);
        }
        NaiveDate::parse_from_str(&body[6..14], "%Y%m%d").map_err(|_| IdNumberError::BirthDate)?;
        if Self::check_char(body).map(String::from).as_deref() != Some(last) {
            return Err(IdNumberError::Checksum);
        }
        Ok(IdNumber(s))
    }

    pub fn birth_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").ok()
    }

    /// Odd 17th digit: male.
    pub fn is_male(&self) -> bool {
        self.0[16..17].parse::<u32>().is_ok_and(|d| d % 2 == 1)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IdNumber {
    type Error = IdNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        IdNumber::parse(&s)
    }
}

impl From<IdNumber> for String {
    fn from(id: IdNumber) -> String {
        id.0
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_valid_number_and_rejects_a_wrong_check_char() {
        // The standard's own example.
        assert!(IdNumber::parse("11010519491231002X").is_ok());
        assert_eq!(
            IdNumber::parse("110105194912310021"),
            Err(IdNumberError::Checksum)
        );
        assert_eq!(
            IdNumber::parse("1101051949123100"),
            Err(IdNumberError::Length)
        );
        assert_eq!(
            IdNumber::parse("11010519491331002X"),
            Err(IdNumberError::BirthDate)
        );
        assert_eq!(
            IdNumber::parse("1101051949123100AX"),
            Err(IdNumberError::Characters)
        );
    }

    #[test]
    fn reads_birth_date_and_sex() {
        let id = IdNumber::parse("11010519491231002x").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
        assert!(!id.is_male());
        assert_eq!(id.as_str(), "11010519491231002X");
    }
}
