//! The plan's calendar: a horizon of consecutive periods (calendar months or weeks) from a start date, with the
//! real dates of each period, and the months of legacy running cost a migration ending in a period incurs.

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    /// A calendar month (the horizon starts on the 1st).
    Month,
    /// Seven days (the horizon starts on a Monday).
    Week,
}

/// The largest number of periods a horizon may have (ten years of weeks).
pub const MAX_PERIODS: u32 = 520;

/// A horizon of `periods` consecutive periods from `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// First day of the first period.
    pub start: NaiveDate,
    /// Period length.
    pub kind: PeriodKind,
    /// Number of periods (1..=[`MAX_PERIODS`]).
    pub periods: u32,
}

impl Calendar {
    /// A calendar, checked: a monthly horizon starts on the 1st of a month, a weekly one on a Monday, and the
    /// number of periods is from 1 to [`MAX_PERIODS`].
    pub fn new(start: NaiveDate, kind: PeriodKind, periods: u32) -> Result<Calendar, String> {
        match kind {
            PeriodKind::Month if start.day() != 1 => {
                return Err(format!("a monthly plan starts on the 1st of a month, not on {start}"))
            }
            PeriodKind::Week if start.weekday() != chrono::Weekday::Mon => {
                return Err(format!("a weekly plan starts on a Monday, not on {start} ({})", start.weekday()))
            }
            _ => {}
        }
        if periods == 0 || periods > MAX_PERIODS {
            return Err(format!("{periods} periods: expected from 1 to {MAX_PERIODS}"));
        }
        let c = Calendar { start, kind, periods };
        // Every date of the horizon (and the day after it) must exist.
        c.try_period_start(periods).ok_or_else(|| "the horizon ends after the year 262143".to_string())?;
        Ok(c)
    }

    fn try_period_start(&self, t: u32) -> Option<NaiveDate> {
        match self.kind {
            PeriodKind::Month => self.start.checked_add_months(Months::new(t)),
            PeriodKind::Week => self.start.checked_add_days(Days::new(7 * u64::from(t))),
        }
    }

    /// First day of period `t` (`t` may be `periods`: the day after the horizon).
    pub fn period_start(&self, t: u32) -> NaiveDate {
        self.try_period_start(t).expect("checked by Calendar::new")
    }

    /// Last day of period `t`.
    pub fn period_end(&self, t: u32) -> NaiveDate {
        self.period_start(t + 1).pred_opt().expect("the day before a valid date")
    }

    /// Last day of the horizon.
    pub fn end(&self) -> NaiveDate {
        self.period_end(self.periods - 1)
    }

    /// The period a date falls in (None: outside the horizon).
    pub fn period_of(&self, date: NaiveDate) -> Option<u32> {
        if date < self.start || date > self.end() {
            return None;
        }
        Some((0..self.periods).rev().find(|&t| self.period_start(t) <= date).unwrap_or(0))
    }

    /// The first period that starts on or after `date` (`periods` when none does).
    pub fn first_starting_from(&self, date: NaiveDate) -> u32 {
        (0..self.periods).find(|&t| self.period_start(t) >= date).unwrap_or(self.periods)
    }

    /// The last period that ends on or before `date` (None when the first period already ends after it).
    pub fn last_ending_by(&self, date: NaiveDate) -> Option<u32> {
        (0..self.periods).rev().find(|&t| self.period_end(t) <= date)
    }

    /// Months from the start of the horizon to the end of period `t`: whole months for a monthly calendar; for
    /// weeks, 7 days × 12 / 365 per week. What a legacy site costs until a migration ending in `t` is done.
    pub fn months_to_end_of(&self, t: u32) -> Decimal {
        match self.kind {
            PeriodKind::Month => Decimal::from(t + 1),
            PeriodKind::Week => Decimal::from(7 * 12 * (t + 1)) / Decimal::from(365),
        }
    }

    /// A short label for period `t`: `2027-03` for a month, `2027-03-08` (its Monday) for a week.
    pub fn label(&self, t: u32) -> String {
        let d = self.period_start(t);
        match self.kind {
            PeriodKind::Month => format!("{:04}-{:02}", d.year(), d.month()),
            PeriodKind::Week => d.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_have_their_real_dates() {
        let c = Calendar::new(d("2027-01-01"), PeriodKind::Month, 24).unwrap();
        assert_eq!(c.period_end(1), d("2027-02-28"));
        assert_eq!(c.end(), d("2028-12-31"));
        assert_eq!(c.period_of(d("2028-02-29")), Some(13));
        assert_eq!(c.period_of(d("2029-01-01")), None);
        assert_eq!(c.first_starting_from(d("2027-03-15")), 3);
        assert_eq!(c.last_ending_by(d("2028-06-30")), Some(17));
        assert_eq!(c.last_ending_by(d("2027-01-30")), None);
        assert_eq!(c.label(13), "2028-02");
        assert_eq!(c.months_to_end_of(2), Decimal::from(3));
    }

    #[test]
    fn weeks_start_on_mondays() {
        assert!(Calendar::new(d("2027-01-01"), PeriodKind::Week, 10).is_err());
        let c = Calendar::new(d("2027-01-04"), PeriodKind::Week, 10).unwrap();
        assert_eq!(c.period_end(0), d("2027-01-10"));
        assert_eq!(c.label(1), "2027-01-11");
        assert!(Calendar::new(d("2027-01-02"), PeriodKind::Month, 3).is_err());
        assert!(Calendar::new(d("2027-01-01"), PeriodKind::Month, 0).is_err());
    }
}
