//! Cron engine benchmarks: parsing, a year of fire times, searches across DST changes, and one
//! next() now and after 2099 (where each zone's POSIX rule applies).
//!
//! `cargo bench --bench cron`; with `CRON_BENCH_INSTRUCTIONS=1` it first prints callgrind's
//! count of instructions per next() call for the [`ONE_NEXT`] cases (needs valgrind; the count
//! does not depend on the machine's load, unlike the times).

use std::hint::black_box;
use std::process::Command;

use criterion::{criterion_group, Criterion};
use kubesim::cron::{Schedule, Timestamp};

const EXPRESSIONS: &[&str] = &[
    "*/15 * * * *",
    "0 2 * * *",
    "0 9 * * mon-fri",
    "0 0 1 * *",
    "5,35 */3 1-15 jan,apr,jul,oct *",
    "@hourly",
];

// 2024-01-01T00:00:00Z
const START: i64 = 1_704_067_200;
const YEAR: i64 = 366 * 86_400;

fn parse(c: &mut Criterion) {
    c.bench_function("parse/6 expressions", |b| {
        b.iter(|| {
            for e in EXPRESSIONS {
                black_box(Schedule::parse(black_box(e)).unwrap());
            }
        })
    });
}

fn year_of_fire_times(c: &mut Criterion) {
    let mut group = c.benchmark_group("next over a year");
    for (expr, zone) in [
        ("0 2 * * *", "UTC"),
        ("0 2 * * *", "America/New_York"),
        ("0 9 * * mon-fri", "Asia/Seoul"),
        ("0 * * * *", "Europe/London"),
    ] {
        let s = Schedule::with_time_zone(expr, Some(zone)).unwrap();
        group.bench_function(format!("{expr} in {zone}"), |b| {
            b.iter(|| {
                let fires = s.fire_timestamps(
                    Timestamp::from_secs(START),
                    Timestamp::from_secs(START + YEAR),
                    usize::MAX,
                );
                black_box(fires.len())
            })
        });
    }
    group.finish();
}

fn across_dst(c: &mut Criterion) {
    let mut group = c.benchmark_group("next across DST");
    // Each starts shortly before a transition, so the search crosses it.
    for (expr, zone, start) in [
        ("30 2 * * *", "America/New_York", 1_710_000_000), // 2024-03-09, spring forward
        ("30 1 * * *", "America/New_York", 1_730_600_000), // 2024-11-03, fall back
        ("0 0 * * *", "America/Sao_Paulo", 1_539_475_200), // 2018-10-14, midnight gap
        ("*/15 2 * * *", "Australia/Lord_Howe", 1_728_050_000), // 30-minute change
    ] {
        let s = Schedule::with_time_zone(expr, Some(zone)).unwrap();
        group.bench_function(format!("{expr} in {zone}"), |b| {
            b.iter(|| black_box(s.next_timestamp(black_box(Timestamp::from_secs(start)))))
        });
    }
    let s = Schedule::with_time_zone("0 9 * * 1-5", Some("Asia/Seoul")).unwrap();
    group.bench_function("prev 0 9 * * 1-5 in Asia/Seoul", |b| {
        b.iter(|| black_box(s.prev_timestamp(black_box(Timestamp::from_secs(START)))))
    });
    group.finish();
}

/// One next() call: (expression, zone), from each of [`ONE_NEXT_STARTS`].
const ONE_NEXT: &[(&str, &str)] = &[
    ("*/15 * * * *", "UTC"),
    ("*/15 * * * *", "America/New_York"),
    ("0 2 * * *", "America/New_York"),
    ("0 9 * * mon-fri", "Europe/Berlin"),
    ("30 1 * * *", "Australia/Sydney"),
];

/// 2024-06-15T12:34:56Z and 2150-06-10T20:34:56Z: now, and after chrono-tz's tables end.
const ONE_NEXT_STARTS: &[(i64, i64)] = &[(2024, 1_718_454_896), (2150, 5_694_179_696)];

/// One next() call in zones with daylight saving, now and after chrono-tz's tables end (2099),
/// where each zone's POSIX rule applies.
fn one_next(c: &mut Criterion) {
    let mut group = c.benchmark_group("one next");
    for &(year, start) in ONE_NEXT_STARTS {
        for &(expr, zone) in ONE_NEXT {
            let s = Schedule::with_time_zone(expr, Some(zone)).unwrap();
            group.bench_function(format!("{expr} in {zone}, {year}"), |b| {
                b.iter(|| black_box(s.next_timestamp(black_box(Timestamp::from_secs(start)))))
            });
        }
    }
    group.finish();
}

/// In a child process under callgrind: `calls` next() calls for one case.
fn child(spec: &str) {
    let mut parts = spec.split(',');
    let mut num = || {
        parts
            .next()
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(0)
    };
    let (case, start, calls) = (num(), num(), num());
    let (expr, zone) = ONE_NEXT[case];
    let s = Schedule::with_time_zone(expr, Some(zone)).unwrap();
    let start = ONE_NEXT_STARTS[start].1;
    for i in 0..calls {
        black_box(s.next_timestamp(black_box(Timestamp::from_secs(start + i as i64))));
    }
}

/// Instructions of the child running `calls` calls, counted by callgrind.
fn instructions(exe: &std::path::Path, case: usize, start: usize, calls: usize) -> Option<f64> {
    let out = std::env::temp_dir().join(format!("kubesim-cron-{case}-{start}-{calls}.callgrind"));
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(exe)
        .env("CRON_BENCH_CHILD", format!("{case},{start},{calls}"))
        .output()
        .ok()?;
    if !status.status.success() {
        return None;
    }
    let text = std::fs::read_to_string(&out).ok()?;
    let _ = std::fs::remove_file(&out);
    text.lines()
        .find_map(|l| {
            l.strip_prefix("summary: ")
                .or_else(|| l.strip_prefix("totals: "))
        })
        .and_then(|v| v.trim().parse().ok())
}

/// Instructions per next() call: the difference between 20,000 calls and none, over 20,000.
fn report_instructions() {
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    println!("instructions per next() call (callgrind):");
    for (si, &(year, _)) in ONE_NEXT_STARTS.iter().enumerate() {
        for (ci, &(expr, zone)) in ONE_NEXT.iter().enumerate() {
            let calls = 20_000;
            match (
                instructions(&exe, ci, si, 0),
                instructions(&exe, ci, si, calls),
            ) {
                (Some(base), Some(all)) => println!(
                    "  {expr:16} in {zone:17} {year}: {:8.0}",
                    (all - base) / calls as f64
                ),
                _ => println!("  (valgrind is not available)"),
            }
        }
    }
}

criterion_group!(benches, parse, year_of_fire_times, across_dst, one_next);

fn main() {
    if let Ok(spec) = std::env::var("CRON_BENCH_CHILD") {
        child(&spec);
        return;
    }
    if std::env::var("CRON_BENCH_INSTRUCTIONS").is_ok_and(|v| v == "1") {
        report_instructions();
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
