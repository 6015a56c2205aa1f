//! Plain-language descriptions of schedules, in English and Korean, for lessons:
//! "0 2 * * *" → "every day at 02:00" / "매일 02:00".

use std::fmt::Write as _;
use std::str::FromStr;

use chrono_tz::Tz;

use super::error::Field;
use super::parse::{bounds, Masks, Parsed, STAR_BIT};

/// The language of a description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ko,
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "ko" | "kr" | "korean" | "한국어" => Ok(Lang::Ko),
            _ => Err(format!("unsupported language {s:?}: use \"en\" or \"ko\"")),
        }
    }
}

const WEEKDAYS_EN: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const WEEKDAYS_KO: [&str; 7] = ["일", "월", "화", "수", "목", "금", "토"];
const MONTHS_EN: [&str; 12] = [
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

fn values(mask: u64) -> Vec<u32> {
    (0..63).filter(|v| mask & (1 << v) != 0).collect()
}

fn is_full(mask: u64, field: Field) -> bool {
    let b = bounds(field);
    (b.min..=b.max).all(|v| mask & (1 << v) != 0)
}

/// Runs of consecutive values: (first, last).
fn runs(vals: &[u32]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &v in vals {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == v => *last = v,
            _ => out.push((v, v)),
        }
    }
    out
}

/// A step `s > 1` such that `vals` is `start, start+s, ...` up to the field's end.
fn step_of(vals: &[u32], max: u32) -> Option<u32> {
    if vals.len() < 2 {
        return None;
    }
    let s = vals[1] - vals[0];
    let regular = vals.windows(2).all(|w| w[1] - w[0] == s);
    (s > 1 && regular && vals[vals.len() - 1] + s > max).then_some(s)
}

fn join(items: &[String], lang: Lang) -> String {
    match (lang, items.len()) {
        (_, 0) => String::new(),
        (_, 1) => items[0].clone(),
        (Lang::En, n) => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
        (Lang::Ko, _) => items.join(", "),
    }
}

/// Numbers with runs of three or more written as ranges ("1-5, 10" / "1~5, 10").
fn number_list(vals: &[u32], lang: Lang, unit_ko: &str) -> String {
    let dash = if lang == Lang::En { "-" } else { "~" };
    let items: Vec<String> = runs(vals)
        .into_iter()
        .flat_map(|(a, b)| {
            if b >= a + 2 {
                vec![format!("{a}{dash}{b}{unit_ko}")]
            } else {
                (a..=b).map(|v| format!("{v}{unit_ko}")).collect()
            }
        })
        .collect();
    join(&items, lang)
}

fn weekday_list(vals: &[u32], lang: Lang) -> String {
    match lang {
        Lang::En => {
            let items: Vec<String> = runs(vals)
                .into_iter()
                .flat_map(|(a, b)| {
                    if b >= a + 2 {
                        vec![format!(
                            "{} through {}",
                            WEEKDAYS_EN[a as usize], WEEKDAYS_EN[b as usize]
                        )]
                    } else {
                        (a..=b)
                            .map(|v| WEEKDAYS_EN[v as usize].to_string())
                            .collect()
                    }
                })
                .collect();
            join(&items, lang)
        }
        Lang::Ko => {
            let items: Vec<String> = runs(vals)
                .into_iter()
                .flat_map(|(a, b)| {
                    if b >= a + 2 {
                        vec![format!(
                            "{}~{}",
                            WEEKDAYS_KO[a as usize], WEEKDAYS_KO[b as usize]
                        )]
                    } else {
                        (a..=b)
                            .map(|v| WEEKDAYS_KO[v as usize].to_string())
                            .collect()
                    }
                })
                .collect();
            format!("{}요일", items.join("·"))
        }
    }
}

fn month_list(vals: &[u32], lang: Lang) -> String {
    match lang {
        Lang::En => {
            let items: Vec<String> = runs(vals)
                .into_iter()
                .flat_map(|(a, b)| {
                    if b >= a + 2 {
                        vec![format!(
                            "{} through {}",
                            MONTHS_EN[a as usize - 1],
                            MONTHS_EN[b as usize - 1]
                        )]
                    } else {
                        (a..=b)
                            .map(|v| MONTHS_EN[v as usize - 1].to_string())
                            .collect()
                    }
                })
                .collect();
            join(&items, lang)
        }
        Lang::Ko => number_list(vals, lang, "월"),
    }
}

/// Which days a schedule fires on, after the day-of-month/day-of-week rule.
enum Days {
    Every,
    Weekdays(Vec<u32>),
    OfMonth(Vec<u32>),
    Either(Vec<u32>, Vec<u32>),
    Never,
}

fn days(m: &Masks) -> Days {
    let dom = values(m.dom & !STAR_BIT);
    let dow = values(m.dow & !STAR_BIT);
    let dom_full = is_full(m.dom, Field::DayOfMonth);
    let dow_full = is_full(m.dow, Field::DayOfWeek);
    if (m.dom | m.dow) & STAR_BIT != 0 {
        // Both must match.
        match (dom_full, dow_full) {
            (true, true) => Days::Every,
            (true, false) if dow.is_empty() => Days::Never,
            (true, false) => Days::Weekdays(dow),
            (false, true) if dom.is_empty() => Days::Never,
            (false, true) => Days::OfMonth(dom),
            (false, false) => Days::Never, // unreachable: a star makes its field full
        }
    } else if dom_full || dow_full {
        Days::Every
    } else {
        match (dom.is_empty(), dow.is_empty()) {
            (true, true) => Days::Never,
            (true, false) => Days::Weekdays(dow),
            (false, true) => Days::OfMonth(dom),
            (false, false) => Days::Either(dom, dow),
        }
    }
}

fn hhmm(h: u32, m: u32) -> String {
    format!("{h:02}:{m:02}")
}

fn duration_words(secs: i64, lang: Lang) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut parts = Vec::new();
    for (n, en, ko) in [
        (h, "hour", "시간"),
        (m, "minute", "분"),
        (s, "second", "초"),
    ] {
        if n > 0 {
            parts.push(match lang {
                Lang::En if n == 1 => format!("1 {en}"),
                Lang::En => format!("{n} {en}s"),
                Lang::Ko => format!("{n}{ko}"),
            });
        }
    }
    parts.join(" ")
}

/// A time-of-day phrase: either a handful of clock times or a recurring pattern.
enum Times {
    At(Vec<(u32, u32)>),
    Recurring(String),
}

fn times(m: &Masks, lang: Lang) -> Times {
    let mins = values(m.minute & !STAR_BIT);
    let hours = values(m.hour & !STAR_BIT);
    let all_minutes = is_full(m.minute, Field::Minute);
    let all_hours = is_full(m.hour, Field::Hour);
    let en = lang == Lang::En;

    let minute_phrase = || -> String {
        if all_minutes {
            return if en {
                "every minute".into()
            } else {
                "매분".into()
            };
        }
        if let Some(s) = step_of(&mins, 59).filter(|s| mins[0] < *s) {
            return match (en, mins[0]) {
                (true, 0) => format!("every {s} minutes"),
                (true, first) => format!("every {s} minutes from minute {first}"),
                (false, 0) => format!("{s}분마다"),
                (false, first) => format!("{first}분부터 {s}분마다"),
            };
        }
        if en {
            if mins.len() == 1 {
                format!("at minute {}", mins[0])
            } else {
                format!("at minutes {}", number_list(&mins, lang, ""))
            }
        } else {
            number_list(&mins, lang, "분")
        }
    };

    if all_hours {
        if !all_minutes && mins.len() == 1 && mins[0] == 0 {
            return Times::Recurring(if en {
                "every hour".into()
            } else {
                "매시 정각".into()
            });
        }
        if !all_minutes && step_of(&mins, 59).filter(|s| mins[0] < *s).is_none() {
            return Times::Recurring(if en {
                format!("every hour {}", minute_phrase())
            } else {
                format!("매시 {}", minute_phrase())
            });
        }
        return Times::Recurring(minute_phrase());
    }
    if !all_minutes && mins.len() * hours.len() <= 6 {
        let mut at = Vec::new();
        for &h in &hours {
            for &mi in &mins {
                at.push((h, mi));
            }
        }
        return Times::At(at);
    }
    if let (Some(s), 1) = (step_of(&hours, 23), mins.len()) {
        if hours[0] < s {
            let start = if hours[0] == 0 {
                String::new()
            } else if en {
                format!(" starting at {}", hhmm(hours[0], mins[0]))
            } else {
                format!(" ({} 시작)", hhmm(hours[0], mins[0]))
            };
            return Times::Recurring(match (en, mins[0]) {
                (true, 0) => format!("every {s} hours on the hour{start}"),
                (true, mi) => format!("every {s} hours at minute {mi}{start}"),
                (false, 0) => format!("{s}시간마다 정각{start}"),
                (false, mi) => format!("{s}시간마다 {mi}분{start}"),
            });
        }
    }
    let hour_runs = runs(&hours);
    let during = if hour_runs.len() == 1 && hour_runs[0].1 > hour_runs[0].0 {
        let (a, b) = hour_runs[0];
        if en {
            format!("from {} through {}", hhmm(a, 0), hhmm(b, 59))
        } else {
            format!("{}~{} 사이", hhmm(a, 0), hhmm(b, 59))
        }
    } else if en {
        format!("past hour {}", number_list(&hours, lang, ""))
    } else {
        number_list(&hours, lang, "시")
    };
    Times::Recurring(if en {
        format!("{} {during}", minute_phrase())
    } else {
        format!("{during} {}", minute_phrase())
    })
}

fn describe_calendar(m: &Masks, lang: Lang) -> String {
    let en = lang == Lang::En;
    let days = days(m);
    if matches!(days, Days::Never) || never(m) {
        return if en {
            "never (no date matches every field)".into()
        } else {
            "실행되지 않음 (모든 필드를 만족하는 날짜가 없음)".into()
        };
    }
    let months = values(m.month & !STAR_BIT);
    let all_months = is_full(m.month, Field::Month);
    let times = times(m, lang);

    // The yearly shape: one month, one day of the month, any weekday.
    if let (Days::OfMonth(d), false, 1) = (&days, all_months, months.len()) {
        if d.len() == 1 {
            let when = if en {
                format!(
                    "every year on {} {}",
                    MONTHS_EN[months[0] as usize - 1],
                    d[0]
                )
            } else {
                format!("매년 {}월 {}일", months[0], d[0])
            };
            return compose(&when, times, lang, true);
        }
    }

    let month_in = if all_months {
        String::new()
    } else if en {
        format!(" in {}", month_list(&months, lang))
    } else {
        month_list(&months, lang)
    };
    let every_day = matches!(days, Days::Every);
    let day_phrase = match (&days, en) {
        (Days::Every, true) => "every day".to_string(),
        (Days::Every, false) => "매일".to_string(),
        (Days::Weekdays(w), true) => format!("every {}", weekday_list(w, lang)),
        (Days::Weekdays(w), false) => format!("매주 {}", weekday_list(w, lang)),
        (Days::OfMonth(d), true) => {
            let noun = if d.len() == 1 { "day" } else { "days" };
            format!("on {noun} {} of the month", number_list(d, lang, ""))
        }
        (Days::OfMonth(d), false) => {
            let prefix = if all_months { "매월 " } else { "" };
            format!("{prefix}{}", number_list(d, lang, "일"))
        }
        (Days::Either(d, w), true) => {
            let noun = if d.len() == 1 { "day" } else { "days" };
            format!(
                "on {noun} {} of the month and every {}",
                number_list(d, lang, ""),
                weekday_list(w, lang)
            )
        }
        (Days::Either(d, w), false) => {
            let prefix = if all_months { "매월 " } else { "" };
            format!(
                "{prefix}{} 및 매주 {}",
                number_list(d, lang, "일"),
                weekday_list(w, lang)
            )
        }
        (Days::Never, _) => String::new(),
    };
    if en {
        let mut s = compose(&day_phrase, times, lang, !every_day);
        s.push_str(&month_in);
        s
    } else {
        let when = if month_in.is_empty() {
            day_phrase
        } else {
            format!("{month_in} {day_phrase}")
        };
        compose(&when, times, lang, !every_day || !month_in.is_empty())
    }
}

fn never(m: &Masks) -> bool {
    m.minute & !STAR_BIT == 0 || m.hour & !STAR_BIT == 0 || m.month & !STAR_BIT == 0
}

/// Joins a day phrase with a time phrase. `day_matters` is false when the schedule runs every
/// day, in which case a recurring time phrase ("every 15 minutes") stands alone.
fn compose(day: &str, times: Times, lang: Lang, day_matters: bool) -> String {
    match (times, lang) {
        (Times::At(at), Lang::En) => {
            let list: Vec<String> = at.iter().map(|(h, m)| hhmm(*h, *m)).collect();
            format!("{day} at {}", join(&list, lang))
        }
        (Times::At(at), Lang::Ko) => {
            let list: Vec<String> = at.iter().map(|(h, m)| hhmm(*h, *m)).collect();
            format!("{day} {}", join(&list, lang))
        }
        (Times::Recurring(r), _) if !day_matters => r,
        (Times::Recurring(r), Lang::En) => {
            let day = day
                .strip_prefix("every ")
                .map_or(day.to_string(), |d| format!("on {d}"));
            format!("{r} {day}")
        }
        (Times::Recurring(r), Lang::Ko) => format!("{day} {r}"),
    }
}

/// Describes a parsed schedule in a sentence.
pub fn describe(parsed: &Parsed, tz: Tz, lang: Lang) -> String {
    let mut out = match parsed {
        Parsed::Every { delay_secs } => match lang {
            Lang::En => format!("every {}", duration_words(*delay_secs, lang)),
            Lang::Ko => format!("{}마다", duration_words(*delay_secs, lang)),
        },
        Parsed::Calendar(m) => describe_calendar(m, lang),
    };
    if tz != Tz::UTC {
        let _ = write!(out, " ({})", tz.name());
    }
    out
}
