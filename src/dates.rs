//! Durations (`90d`), dates (`2026-01-31`) and audit periods (`A..B`) as written in repo files.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A length of time written `<n><unit>` with unit s, m, h, d, w or y (365 days).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    seconds: i64,
}

impl Duration {
    pub fn from_days(days: i64) -> Self {
        Duration { seconds: days * 86_400 }
    }

    pub fn seconds(self) -> i64 {
        self.seconds
    }

    pub fn days(self) -> f64 {
        self.seconds as f64 / 86_400.0
    }

    pub fn as_chrono(self) -> chrono::TimeDelta {
        chrono::TimeDelta::seconds(self.seconds)
    }

    pub fn as_std(self) -> std::time::Duration {
        std::time::Duration::from_secs(self.seconds.unsigned_abs())
    }
}

/// Why a duration, date or period did not parse; worded to be shown to people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub message: String,
    pub hint: &'static str,
}

pub const DURATION_HINT: &str = "write a number and a unit: `12h`, `7d`, `2w`, `365d` (units: s m h d w y)";
pub const DATE_HINT: &str = "write dates as YYYY-MM-DD, e.g. `2026-01-31`, or RFC 3339 such as `2026-01-31T09:00:00Z`";
pub const PERIOD_HINT: &str = "write a period as START..END, e.g. `2026-01-01..2026-12-31`";

/// The hint that goes with a message of [`ParseError`] once serde has kept
/// only its text (a `Duration` or date deserialized from YAML or TOML).
pub fn hint_for(message: &str) -> Option<&'static str> {
    if message.contains("invalid duration `") || message.contains("` is zero") {
        Some(DURATION_HINT)
    } else if message.contains("invalid date `") {
        Some(DATE_HINT)
    } else {
        None
    }
}

impl FromStr for Duration {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseError { message: format!("invalid duration `{s}`"), hint: DURATION_HINT };
        let s = s.trim();
        let digits = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let (number, unit) = s.split_at(digits);
        let n: i64 = number.parse().map_err(|_| bad())?;
        let unit_seconds = match unit {
            "s" => 1,
            "m" => 60,
            "h" => 3_600,
            "d" => 86_400,
            "w" => 7 * 86_400,
            "y" => 365 * 86_400,
            _ => return Err(bad()),
        };
        if n == 0 {
            return Err(ParseError { message: format!("duration `{s}` is zero"), hint: DURATION_HINT });
        }
        n.checked_mul(unit_seconds)
            .filter(|s| *s < 200 * 365 * 86_400)
            .map(|seconds| Duration { seconds })
            .ok_or_else(bad)
    }
}

impl schemars::JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]+[smhdwy]$",
            "description": "A length of time: a number and a unit, e.g. `90d`, `12h`, `2w`, `1y` (units: s m h d w y).",
            "examples": ["7d", "90d", "365d"]
        })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.seconds;
        let units = [(7 * 86_400, "w"), (86_400, "d"), (3_600, "h"), (60, "m")];
        for (size, unit) in units {
            if s % size == 0 && unit != "w" {
                return write!(f, "{}{}", s / size, unit);
            }
        }
        write!(f, "{s}s")
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration string like \"30s\"")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Duration, E> {
                s.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(Visitor)
    }
}

/// The `YYYY-MM-DD` day of a timestamp as soc2 writes them.
pub fn day(ts: &str) -> &str {
    ts.get(..10).unwrap_or(ts)
}

/// Parse a date or an RFC 3339 timestamp; a bare date means midnight UTC.
pub fn parse_timestamp(s: &str) -> Result<DateTime<Utc>, ParseError> {
    let s = s.trim();
    // A time has a colon, a calendar day none: try the day only when it can be one.
    if !s.contains(':')
        && let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
    {
        return Ok(Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN)));
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| ParseError { message: format!("invalid date `{s}`"), hint: DATE_HINT })
}

/// Parse a calendar date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate, ParseError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| ParseError { message: format!("invalid date `{s}`"), hint: DATE_HINT })
}

/// Format a timestamp the one way soc2 writes them: `2026-01-31T09:00:00Z`.
pub fn format_timestamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A closed range of calendar days, `START..END`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl FromStr for Period {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (a, b) = s
            .split_once("..")
            .ok_or_else(|| ParseError { message: format!("invalid period `{s}`"), hint: PERIOD_HINT })?;
        let start = parse_date(a)?;
        let end = parse_date(b)?;
        if end < start {
            return Err(ParseError { message: format!("period `{s}` ends before it starts"), hint: PERIOD_HINT });
        }
        Ok(Period { start, end })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The last second of a day, UTC: a day's evaluation counts everything that happened on it.
pub fn end_of_day(d: NaiveDate) -> DateTime<Utc> {
    let t = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
    Utc.from_utc_datetime(&d.and_time(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!("90d".parse::<Duration>().unwrap(), Duration::from_days(90));
        assert_eq!("12h".parse::<Duration>().unwrap().seconds(), 43_200);
        assert_eq!("1y".parse::<Duration>().unwrap(), Duration::from_days(365));
        for bad in ["", "d", "90", "90 days", "-1d", "0d", "1.5d", "99999999999999d"] {
            assert!(bad.parse::<Duration>().is_err(), "{bad}");
        }
        assert_eq!(Duration::from_days(14).to_string(), "14d");
    }

    #[test]
    fn periods() {
        let p: Period = "2026-01-01..2026-12-31".parse().unwrap();
        assert_eq!(p.to_string(), "2026-01-01..2026-12-31");
        assert!("2026-12-31..2026-01-01".parse::<Period>().is_err());
        assert!("2026-02-30..2026-03-01".parse::<Period>().is_err());
        assert!("2026-01-01".parse::<Period>().is_err());
    }

    #[test]
    fn timestamps() {
        assert_eq!(format_timestamp(parse_timestamp("2026-03-01").unwrap()), "2026-03-01T00:00:00Z");
        assert_eq!(format_timestamp(parse_timestamp("2026-03-01T10:00:00+02:00").unwrap()), "2026-03-01T08:00:00Z");
        assert!(parse_timestamp("yesterday").is_err());
    }
}
