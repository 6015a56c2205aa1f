//! Cron engine benchmarks: parsing, a year of fire times, and searches across DST changes.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
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

criterion_group!(benches, parse, year_of_fire_times, across_dst);
criterion_main!(benches);
