//! The calendar of the system clock: today's date, and a day count as a date in words.

/// The months' names in English, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day counted from 1970-01-01 as a date in words (the civil calendar, after Howard
/// Hinnant's `civil_from_days`).
pub fn date_of_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{day} {} {year}", MONTHS[(month - 1) as usize])
}

/// Today's date in words ("2 December 2026"), by the system clock (UTC).
pub fn today() -> String {
    date_of_days(days_since_epoch())
}

/// Whole days since 1970-01-01 by the system clock (UTC).
pub fn days_since_epoch() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil() {
        assert_eq!(date_of_days(0), "1 January 1970");
        assert_eq!(date_of_days(11_016), "29 February 2000");
        assert_eq!(date_of_days(20_789), "2 December 2026");
        assert_eq!(date_of_days(-1), "31 December 1969");
    }
}
