//! Cross-checks kubesim's cron engine against robfig/cron v3.0.1 itself, through the small Go
//! program in tools/cron-oracle, on thousands of generated (expression, zone, start) cases:
//! every accept/reject decision, every error message and every fire time must agree.
//!
//! Needs `go` and Debian's golang-github-robfig-cron-dev (tools/install-test-deps.sh); without
//! them the test prints why and passes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{Offset, TimeZone};
use kubesim::cron::{parse_time_zone, Schedule, Timestamp, Tz};

const ROBFIG_GOPATH: &str = "/usr/share/gocode";
const FIRE_TIMES_PER_CASE: usize = 8;

/// splitmix64: a seeded generator, so every run checks the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/// Zones with well-established rules, chosen for their daylight-saving shapes: none, 1 h at
/// 02:00 local, 1 h at 01:00 UTC, 30 min (Lord Howe), at midnight (Sao Paulo before 2019,
/// Havana), fractional offsets (Kolkata, Kathmandu, St John's, Chatham), southern hemisphere.
const ZONES: &[&str] = &[
    "UTC",
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Seoul",
    "America/Sao_Paulo",
    "America/Havana",
    "Europe/Berlin",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Chatham",
    "America/Los_Angeles",
];

/// Where the system's tzdata (read by Go) and chrono-tz's copy stop agreeing: Cuba changed its
/// rules for 2026 after the tzdata release chrono-tz bundles. Fire times from here on are not
/// compared for that zone.
fn data_agrees_until(zone: &str) -> i64 {
    match zone {
        "America/Havana" => 1_767_225_600, // 2026-01-01
        _ => i64::MAX,
    }
}

/// Drops the fire times at or after `cutoff` (and the "zero" that would follow them).
fn truncate(answer: &str, cutoff: i64) -> String {
    let Some(times) = answer.strip_prefix("ok\t") else {
        return answer.to_string();
    };
    let mut kept = Vec::new();
    for t in times.split(' ') {
        match t.parse::<i64>() {
            Ok(v) if v >= cutoff => break,
            _ => kept.push(t),
        }
    }
    format!("ok\t{}", kept.join(" "))
}

fn value(rng: &mut Rng, lo: i64, hi: i64, names: &[&str]) -> String {
    if !names.is_empty() && rng.chance(30) {
        let name = *rng.pick(names);
        return match rng.below(3) {
            0 => name.to_string(),
            1 => name.to_uppercase(),
            _ => {
                let mut c = name.chars();
                let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or('x');
                format!("{first}{}", c.as_str())
            }
        };
    }
    let v = if rng.chance(2) {
        // Just outside the range, to exercise the bound errors.
        *rng.pick(&[lo - 1, hi + 1, 7, 60, 24, 32, 13, 0])
    } else {
        rng.range(lo, hi)
    };
    match rng.below(20) {
        0 => format!("0{v}"),
        1 => format!("+{v}"),
        _ => v.to_string(),
    }
}

fn range_item(rng: &mut Rng, lo: i64, hi: i64, names: &[&str]) -> String {
    let step = |rng: &mut Rng| -> String {
        match rng.below(30) {
            0 => "0".into(),
            1 => "-2".into(),
            2 => rng.range(25, 70).to_string(),
            _ => rng.range(1, 12).to_string(),
        }
    };
    match rng.below(24) {
        0..=2 => "*".into(),
        3 => "?".into(),
        4..=6 => format!("*/{}", step(rng)),
        7..=9 => {
            let a = value(rng, lo, hi, names);
            let b = value(rng, lo, hi, names);
            format!("{a}-{b}")
        }
        10 | 11 => {
            let a = value(rng, lo, hi, names);
            let b = value(rng, lo, hi, names);
            format!("{a}-{b}/{}", step(rng))
        }
        12 | 13 => format!("{}/{}", value(rng, lo, hi, names), step(rng)),
        14 => match rng.below(8) {
            0 => "1-2-3".into(),
            1 => "*//2".into(),
            2 => "x".into(),
            3 => "".into(),
            4 => "*-3".into(),
            5 => "5-".into(),
            6 => "1/2/3".into(),
            _ => "-1".into(),
        },
        _ => value(rng, lo, hi, names),
    }
}

fn field(rng: &mut Rng, lo: i64, hi: i64, names: &[&str]) -> String {
    let n = match rng.below(10) {
        0..=5 => 1,
        6 | 7 => 2,
        _ => 3,
    };
    let items: Vec<String> = (0..n).map(|_| range_item(rng, lo, hi, names)).collect();
    items.join(",")
}

fn expression(rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=7 => {
            let d = *rng.pick(&[
                "@yearly",
                "@annually",
                "@monthly",
                "@weekly",
                "@daily",
                "@midnight",
                "@hourly",
                "@Daily",
                "@daily ",
                " @daily",
                "@every",
                "@reboot",
            ]);
            d.to_string()
        }
        8..=11 => {
            let dur = *rng.pick(&[
                "1h",
                "90m",
                "1h30m",
                "15s",
                "0.5s",
                "1.5h",
                "0",
                "-5m",
                "2h45m30.5s",
                "Xm",
                "5",
                "1d",
                ".5m",
                "1h ",
                "300ms",
                "1µs",
                "10000h",
                "",
            ]);
            format!("@every {dur}")
        }
        12..=14 => {
            // Garbage from the characters cron fields use.
            let alphabet: Vec<char> = "0123456789*/-,? \tjanMONfriDECxX@".chars().collect();
            let len = rng.range(0, 16) as usize;
            (0..len).map(|_| *rng.pick(&alphabet)).collect()
        }
        15..=16 => {
            // Wrong number of fields.
            let n = *rng.pick(&[3usize, 4, 6, 7]);
            (0..n)
                .map(|_| "*".to_string())
                .collect::<Vec<_>>()
                .join(" ")
        }
        _ => {
            // Mostly frequent schedules, so that chains of fire times cross DST transitions.
            let minute = if rng.chance(35) {
                rng.pick(&["0", "30", "*/15", "*/30", "0,30", "45", "*/7", "5-10"])
                    .to_string()
            } else {
                field(rng, 0, 59, &[])
            };
            let hour = if rng.chance(35) {
                rng.pick(&["*", "2", "1", "0", "0-3", "*/2", "1,2,3", "23", "1-3/2"])
                    .to_string()
            } else {
                field(rng, 0, 23, &[])
            };
            let dom = if rng.chance(60) {
                "*".to_string()
            } else {
                field(rng, 1, 31, &[])
            };
            let month = if rng.chance(65) {
                "*".to_string()
            } else {
                field(rng, 1, 12, &MONTHS)
            };
            let dow = if rng.chance(60) {
                "*".to_string()
            } else {
                field(rng, 0, 6, &DAYS)
            };
            let sep = if rng.chance(5) {
                "\t"
            } else if rng.chance(5) {
                "  "
            } else {
                " "
            };
            [minute, hour, dom, month, dow].join(sep)
        }
    }
}

/// Instants where a zone's UTC offset changes, between two instants (scanned every 6 hours,
/// then narrowed to the second).
fn transitions(tz: Tz, from: i64, to: i64) -> Vec<i64> {
    let off = |t: i64| {
        tz.offset_from_utc_datetime(&chrono::DateTime::from_timestamp(t, 0).unwrap().naive_utc())
            .fix()
            .local_minus_utc()
    };
    let mut out = Vec::new();
    let mut t = from;
    while t < to {
        let next = t + 6 * 3600;
        if off(t) != off(next) {
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if off(mid) == off(lo) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(hi);
        }
        t = next;
    }
    out
}

struct Case {
    expr: String,
    zone: &'static str,
    start: i64,
}

fn cases() -> Vec<Case> {
    let mut rng = Rng(0x006b_7562_6573_696d);
    // 1996-01-01 .. 2035-12-31
    let (from, to) = (820_454_400, 2_082_758_399);
    let zone_transitions: Vec<Vec<i64>> = ZONES
        .iter()
        .map(|z| transitions(parse_time_zone(z).unwrap(), from, to))
        .collect();
    let leap_days: Vec<i64> = (1996..=2032)
        .step_by(4)
        .map(|y| chrono::NaiveDate::from_ymd_opt(y, 2, 29).unwrap())
        .map(|d| d.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp())
        .collect();
    let mut out = Vec::new();
    for _ in 0..10_000 {
        let zi = rng.below(ZONES.len() as u64) as usize;
        let start = match rng.below(10) {
            0..=5 if !zone_transitions[zi].is_empty() => {
                // Shortly before a transition, so the fire times straddle it.
                *rng.pick(&zone_transitions[zi]) - rng.range(0, 2 * 86_400)
            }
            6 => *rng.pick(&leap_days) + rng.range(-3 * 86_400, 86_400),
            7 => {
                let t = rng.range(from, to);
                t - t.rem_euclid(60) // a whole minute, often itself a fire time
            }
            _ => rng.range(from, to),
        };
        out.push(Case {
            expr: expression(&mut rng),
            zone: ZONES[zi],
            start,
        });
    }
    // Named cases: upstream's own DST examples and robfig-specific parsing.
    let fixed: &[(&str, &str, i64)] = &[
        ("30 2 11 Mar *", "America/New_York", 1_331_442_000),
        ("0 * * * *", "America/New_York", 1_331_442_000),
        ("30 1 4 Nov *", "America/New_York", 1_352_007_900),
        ("0 1 * * *", "America/New_York", 1_352_001_600),
        ("0 9 10 * ?", "America/Sao_Paulo", 1_539_766_800),
        ("0 9 22 * ?", "America/Sao_Paulo", 1_518_602_400),
        ("0 0 * * *", "America/Sao_Paulo", 1_539_475_200),
        ("45 1 * * *", "Australia/Lord_Howe", 1_538_148_600),
        ("0 0 29 2 *", "UTC", 951_782_400),
        ("0 0 30 2 *", "UTC", 951_782_400),
        ("0 0 31 4,6,9,11 *", "Asia/Seoul", 951_782_400),
        ("0 0 * * fr\u{130}", "UTC", 951_782_400),
        ("0 0 * * 7", "UTC", 951_782_400),
        (", * * * *", "UTC", 951_782_400),
        ("0 0 , * 1", "UTC", 951_782_400),
        ("*/61 * * * *", "UTC", 951_782_400),
        ("0 0 1 * 1", "Europe/London", 951_782_400),
        ("0 0 */2 * 1", "Europe/London", 951_782_400),
        ("0 0 1-31 * 1", "Europe/London", 951_782_400),
        ("TZ=UTC 0 * * * *", "UTC", 951_782_400),
        ("CRON_TZ=Asia/Seoul 0 * * * *", "UTC", 951_782_400),
        ("0 0 * * 1\u{a0}", "UTC", 951_782_400),
        ("0 0 * * \u{200b}", "UTC", 951_782_400),
        ("@every 1h", "Asia/Seoul", 951_782_400),
        ("@every 2562047h47m16.854775807s", "UTC", 951_782_400),
        ("@every 2562047h47m16.854775808s", "UTC", 951_782_400),
        ("99999999999999999999 * * * *", "UTC", 951_782_400),
        ("9223372036854775807 * * * *", "UTC", 951_782_400),
        ("*/9223372036854775807 * * * *", "UTC", 951_782_400),
    ];
    for (expr, zone, start) in fixed {
        out.push(Case {
            expr: expr.to_string(),
            zone: ZONES.iter().find(|z| *z == zone).unwrap(),
            start: *start,
        });
    }
    out
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> String {
    let bytes: Vec<u8> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Builds the oracle, or says why it cannot be built here.
fn build_oracle() -> Result<PathBuf, String> {
    let gopath = std::env::var("KUBESIM_ROBFIG_GOPATH").unwrap_or_else(|_| ROBFIG_GOPATH.into());
    if !Path::new(&gopath)
        .join("src/github.com/robfig/cron/spec.go")
        .exists()
    {
        return Err(format!(
            "robfig/cron is not installed under {gopath} (apt-get install golang-github-robfig-cron-dev, \
             or run tools/install-test-deps.sh)"
        ));
    }
    if Command::new("go").arg("version").output().is_err() {
        return Err("`go` is not installed (run tools/install-test-deps.sh)".into());
    }
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let binary = tmp.join("cron-oracle");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/cron-oracle");
    let output = Command::new("go")
        .args(["build", "-o"])
        .arg(&binary)
        .arg(".")
        .current_dir(&src)
        .env("GOPATH", &gopath)
        .env("GO111MODULE", "off")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "")
        .env("GOCACHE", tmp.join("go-cache"))
        .output()
        .map_err(|e| format!("cannot run go build: {e}"))?;
    // A toolchain that is present but cannot build the oracle is a failure, not a skip.
    assert!(
        output.status.success(),
        "go build of tools/cron-oracle failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(binary)
}

fn run_oracle(binary: &Path, cases: &[Case]) -> Vec<String> {
    let mut input = String::new();
    for c in cases {
        input.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            hex(&c.expr),
            c.zone,
            c.start,
            FIRE_TIMES_PER_CASE
        ));
    }
    let mut child = Command::new(binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start cron-oracle");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("run cron-oracle");
    writer.join().unwrap().expect("write to cron-oracle");
    assert!(output.status.success(), "cron-oracle failed");
    let lines: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), cases.len(), "one answer per case");
    lines
}

/// What kubesim says, in the oracle's format.
fn ours(c: &Case) -> String {
    let schedule = match Schedule::with_time_zone(&c.expr, Some(c.zone)) {
        Ok(s) => s,
        Err(e) => return format!("err\t{}", e.reason),
    };
    let mut out = Vec::new();
    let mut t = Timestamp::from_secs(c.start);
    for _ in 0..FIRE_TIMES_PER_CASE {
        match schedule.next_timestamp(t) {
            Some(next) => {
                out.push(next.to_string());
                t = Timestamp::from_secs(next);
            }
            None => {
                out.push("zero".into());
                break;
            }
        }
    }
    format!("ok\t{}", out.join(" "))
}

/// Zones where robfig's `Next` is not a function of a fixed set of fire times (it skips
/// matches or stalls around their transitions), so no `prev` can walk its chains backwards.
const IRREGULAR_ZONES: &[&str] = &["Australia/Lord_Howe", "America/St_Johns", "America/Havana"];

/// Everywhere: prev(b) < b, and next(prev(b)) >= b unless robfig's Next stalls there.
/// In regular zones, on robfig's own chain t0 < t1 < ..., prev(t(k+1)) must be t(k), and
/// prev(t0) must not lie after the start.
fn prev_disagrees(c: &Case, theirs: &str) -> Option<String> {
    let times: Vec<i64> = theirs
        .strip_prefix("ok\t")?
        .split(' ')
        .filter_map(|t| t.parse().ok())
        .collect();
    let schedule = Schedule::with_time_zone(&c.expr, Some(c.zone)).ok()?;
    if matches!(schedule.parsed(), kubesim::cron::Parsed::Every { .. }) {
        return None;
    }
    for &b in &times {
        if let Some(p) = schedule.prev_timestamp(Timestamp::from_secs(b)) {
            let after = schedule.next_timestamp(p);
            let stalls = after.is_some_and(|a| a <= p.secs);
            if p.secs >= b || !(stalls || after.is_some_and(|a| a >= b)) {
                return Some(format!(
                    "{:?} in {}: prev({b}) = {}, whose next is {after:?}",
                    c.expr, c.zone, p.secs
                ));
            }
        }
    }
    if IRREGULAR_ZONES.contains(&c.zone) {
        return None;
    }
    for pair in times.windows(2) {
        let got = schedule.prev_timestamp(Timestamp::from_secs(pair[1]));
        if got != Some(Timestamp::from_secs(pair[0])) {
            return Some(format!(
                "{:?} in {}: prev({}) = {got:?}, robfig's chain has {}",
                c.expr, c.zone, pair[1], pair[0]
            ));
        }
    }
    let first = *times.first()?;
    match schedule.prev_timestamp(Timestamp::from_secs(first)) {
        Some(p) if p.secs > c.start => Some(format!(
            "{:?} in {}: prev({first}) = {} lies after the start {}",
            c.expr, c.zone, p.secs, c.start
        )),
        _ => None,
    }
}

#[test]
fn agrees_with_robfig_cron() {
    let binary = match build_oracle() {
        Ok(b) => b,
        Err(why) => {
            eprintln!("SKIPPED cron oracle cross-check: {why}");
            return;
        }
    };
    let cases = cases();
    let answers = run_oracle(&binary, &cases);
    let (mut accepted, mut rejected, mut fire_times) = (0, 0, 0);
    let mut mismatches = Vec::new();
    let mut prev_mismatches = Vec::new();
    for (c, raw) in cases.iter().zip(&answers) {
        let (theirs, differs) = compare(c, raw, data_agrees_until(c.zone));
        if raw.starts_with("ok") {
            accepted += 1;
            fire_times += raw.split(' ').count();
        } else {
            rejected += 1;
        }
        if let Some(why) = prev_disagrees(c, &theirs) {
            prev_mismatches.push(why);
        }
        mismatches.extend(differs);
    }
    eprintln!(
        "cron oracle: {} cases ({accepted} accepted, {rejected} rejected), {fire_times} fire times compared, {} mismatches",
        cases.len(),
        mismatches.len()
    );
    assert_empty(
        &mismatches,
        &format!("of {} cases differ from robfig/cron", cases.len()),
    );
    assert_empty(
        &prev_mismatches,
        "cases where prev() does not step back along robfig's chain",
    );
    assert!(
        accepted > 5000 && rejected > 300,
        "the generator covers both outcomes"
    );
}

/// Zones with daylight saving now, of every shape: 02:00 local (New York, Los Angeles,
/// St John's), 01:00 UTC (London, Berlin, Dublin's negative "summer" offset), southern
/// summers across New Year (Sydney, Auckland, Chatham, Santiago at 24:00), 30 minutes (Lord
/// Howe), midnight (Havana), a change at -01:00 (Nuuk), and rules written past 24 h (Gaza).
const RULE_ZONES: &[&str] = &[
    "America/New_York",
    "America/Los_Angeles",
    "America/St_Johns",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Dublin",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "America/Santiago",
    "Australia/Lord_Howe",
    "America/Havana",
    "America/Nuuk",
    "Asia/Gaza",
];

/// Schedules whose fire times sit on or next to daylight-saving changes.
const DST_EXPRESSIONS: &[&str] = &[
    "0 * * * *",
    "30 2 * * *",
    "0 0 * * *",
    "*/15 1-3 * * *",
    "30 1 * * 0",
    "0 0 1 * *",
    "0 2 * 3,10 0",
    "45 23 * * *",
    "0 12 29 2 *",
    "5 4 * * sun",
];

/// The first instant in (lo, hi] where the zone's offset differs from its offset at lo
/// (found by scanning days, then narrowed to the second), if any.
fn next_change(tz: Tz, lo: i64, hi: i64) -> Option<i64> {
    let off = |t| kubesim::cron::offset_seconds(tz, t);
    let start = off(lo);
    let mut t = lo;
    while t < hi {
        let next = (t + 86_400).min(hi);
        if off(next) != start {
            let (mut a, mut b) = (t, next);
            while b - a > 1 {
                let mid = a + (b - a) / 2;
                if off(mid) == start {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            return Some(b);
        }
        t = next;
    }
    None
}

/// 1970 to 2400 in a dozen zones with daylight saving, past the end of chrono-tz's tables
/// (2099), where kubesim applies each zone's POSIX rule as Go does: fire times agree with
/// robfig/cron, and each chain moves strictly forward.
#[test]
fn agrees_with_robfig_cron_in_any_year() {
    let binary = match build_oracle() {
        Ok(b) => b,
        Err(why) => {
            eprintln!("SKIPPED cron oracle cross-check: {why}");
            return;
        }
    };
    let mut rng = Rng(0x2400_1970_0000_0019);
    let (from, to) = (0, 13_569_465_600); // 1970-01-01 .. 2400-01-01
    let mut cases = Vec::new();
    for _ in 0..3_000 {
        let zone = *rng.pick(RULE_ZONES);
        let tz = parse_time_zone(zone).unwrap();
        let mut start = rng.range(from, to);
        if rng.chance(70) {
            // Shortly before the next change of offset, so the chain straddles it.
            if let Some(change) = next_change(tz, start, start + 400 * 86_400) {
                start = change - rng.range(0, 2 * 86_400);
            }
        }
        let expr = if rng.chance(80) {
            rng.pick(DST_EXPRESSIONS).to_string()
        } else {
            expression(&mut rng)
        };
        cases.push(Case { expr, zone, start });
    }
    let answers = run_oracle(&binary, &cases);
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for (c, raw) in cases.iter().zip(&answers) {
        let (theirs, differs) = compare(c, raw, i64::MAX);
        compared += theirs.split(' ').count();
        mismatches.extend(differs);
        strictly_forward(c);
    }
    eprintln!(
        "cron oracle, 1970-2400: {} cases, {compared} fire times compared, {} mismatches",
        cases.len(),
        mismatches.len()
    );
    assert_empty(
        &mismatches,
        &format!("of {} cases differ from robfig/cron", cases.len()),
    );
}

/// robfig's answer for a case (decoded, cut at `cutoff` and at any stall) and, if kubesim's
/// differs as far as robfig's goes, a description of the difference.
fn compare(c: &Case, raw: &str, cutoff: i64) -> (String, Option<String>) {
    let theirs = match raw.split_once('\t') {
        Some(("err", msg)) => format!("err\t{}", unhex(msg)),
        _ => raw.to_string(),
    };
    let theirs = until_stall(&truncate(&theirs, cutoff));
    let mine = truncate(&ours(c), cutoff);
    let mine = mine
        .split(' ')
        .take(theirs.split(' ').count())
        .collect::<Vec<_>>()
        .join(" ");
    let differs = (mine != theirs).then(|| {
        format!(
            "{:?} in {} from {}:\n  robfig:  {theirs}\n  kubesim: {mine}",
            c.expr, c.zone, c.start
        )
    });
    (theirs, differs)
}

/// Fails, listing the first 15, if anything was `found`.
fn assert_empty(found: &[String], what: &str) {
    assert!(
        found.is_empty(),
        "{} {what}; first ones:\n{}",
        found.len(),
        found
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// robfig's chain up to (not including) the first time that does not lie after the one
/// before it: there robfig stalls, and kubesim deliberately moves on instead (its next() is
/// always strictly forward).
fn until_stall(answer: &str) -> String {
    let Some(times) = answer.strip_prefix("ok\t") else {
        return answer.to_string();
    };
    let mut kept: Vec<&str> = Vec::new();
    let mut last = i64::MIN;
    for t in times.split(' ') {
        if let Ok(v) = t.parse::<i64>() {
            if v <= last {
                break;
            }
            last = v;
        }
        kept.push(t);
    }
    format!("ok\t{}", kept.join(" "))
}

/// next() from the case's start, 50 times: each answer after the one before.
fn strictly_forward(c: &Case) {
    let Ok(schedule) = Schedule::with_time_zone(&c.expr, Some(c.zone)) else {
        return;
    };
    let mut t = Timestamp::from_secs(c.start);
    for _ in 0..50 {
        match schedule.next_timestamp(t) {
            Some(next) => {
                assert!(
                    next > t.secs,
                    "{:?} in {}: next({}) = {next}",
                    c.expr,
                    c.zone,
                    t.secs
                );
                t = Timestamp::from_secs(next);
            }
            None => break,
        }
    }
}
