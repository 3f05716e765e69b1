//! Dates known to a year, a month or a day, as the sources give them.

use std::fmt;

/// A date known to the year, the month or the day ("2021", "2021-09", "2022-01-06").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year.
    pub year: i32,
    /// The month, 1–12, when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// A date known only to its year.
    pub fn year(year: i32) -> Self {
        Self {
            year,
            month: None,
            day: None,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the error says what is wrong.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
        let mut parts = s.trim().split('-');
        let year_text = parts.next().ok_or_else(bad)?;
        if year_text.len() != 4 {
            return Err(bad());
        }
        let year: i32 = year_text.parse().map_err(|_| bad())?;
        let month = parts
            .next()
            .map(|m| m.parse::<u8>().map_err(|_| bad()))
            .transpose()?;
        let day = parts
            .next()
            .map(|d| d.parse::<u8>().map_err(|_| bad()))
            .transpose()?;
        if parts.next().is_some() {
            return Err(bad());
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("{s:?}: month {m} is not 1–12"));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let days = match m {
                2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if !(1..=days).contains(&d) {
                return Err(format!("{s:?}: day {d} does not exist in that month"));
            }
        }
        Ok(Self { year, month, day })
    }

    /// The date as written in the data (`2022-01-06`).
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The last day this date could mean, as a sortable tuple: `2021` ends at (2021, 12, 31).
    pub fn latest(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(12), self.day.unwrap_or(31))
    }

    /// The first day this date could mean.
    pub fn earliest(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }
}

impl fmt::Display for PartialDate {
    /// "6 January 2022", "September 2021", "2013".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month = self
            .month
            .and_then(|m| crate::sys::clock::MONTHS.get(usize::from(m).wrapping_sub(1)));
        match (month, self.day) {
            (Some(m), Some(d)) => write!(f, "{d} {m} {}", self.year),
            (Some(m), None) => write!(f, "{m} {}", self.year),
            _ => write!(f, "{}", self.year),
        }
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_shows_partial_dates() {
        let d = PartialDate::parse("2022-01-06").expect("valid");
        assert_eq!(d.to_string(), "6 January 2022");
        assert_eq!(d.iso(), "2022-01-06");
        assert_eq!(
            PartialDate::parse("2021-09").expect("valid").to_string(),
            "September 2021"
        );
        assert_eq!(
            PartialDate::parse("2013").expect("valid").to_string(),
            "2013"
        );
        assert!(PartialDate::parse("2021-13").is_err());
        assert!(PartialDate::parse("2021-02-30").is_err());
        assert!(PartialDate::parse("21").is_err());
        assert!(PartialDate::parse("2021-01-01-01").is_err());
        assert!(
            PartialDate::year(2021).latest()
                > PartialDate::parse("2021-06").expect("valid").latest()
        );
    }
}
