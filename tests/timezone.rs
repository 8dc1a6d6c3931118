//! `--timezone ZONE`: timestamps with an offset (or in a column marked UTC)
//! are converted to ZONE before their date is taken; others are local as
//! written. Fixtures in testdata/timezone/; every date below is worked by
//! hand in testdata/README.md ("Time zones") and agrees with
//! testdata/timezone/local_dates.txt, written by Python's zoneinfo
//! (local_dates.py).

mod common;

use common::{csv_rows, run};

/// `period count value; ...` of a `--by day` CSV run: the count is of
/// orders (or NPS answers), the value the column `value`.
fn days(args: &[&str], value: &str) -> String {
    let count = if args[0] == "survey" {
        "nps_responses"
    } else {
        "orders"
    };
    let mut all = args.to_vec();
    all.extend(["--by", "day", "-f", "csv"]);
    csv_rows(&all)
        .into_iter()
        .map(|r| format!("{} {} {}", r["period"], r[count], r[value]))
        .collect::<Vec<_>>()
        .join("; ")
}

/// [`days`] of `engage orders FILE --timezone ZONE` (no zone: "").
fn orders_in(file: &str, zone: &str) -> String {
    let mut args = vec!["orders", file];
    if !zone.is_empty() {
        args.extend(["--timezone", zone]);
    }
    days(&args, "revenue")
}

const ORDERS: &str = "testdata/timezone/orders.csv";

#[test]
fn without_a_zone_every_date_is_the_local_date_as_written() {
    assert_eq!(
        orders_in(ORDERS, ""),
        "2024-01-05 1 10.00; 2024-03-10 1 20.00; 2024-03-11 1 30.00; \
         2024-03-28 1 70.00; 2024-03-29 1 60.00; 2024-03-31 2 180.00; \
         2024-04-01 1 90.00; 2024-11-03 1 40.00; 2024-11-04 1 50.00"
    );
}

#[test]
fn new_york_dates_follow_its_daylight_saving_changes() {
    // 04:30Z is 23:30 the day before under EST (-5) and 00:30 under EDT
    // (-4): O2 (2024-03-10, before the 07:00Z change) moves back a day, O3
    // (2024-03-11) does not; O5 (2024-11-04, after the 06:00Z change back)
    // moves back to 11-03 beside O4. O1 (-0500) and O10 (-04:00) are
    // already New York times; O8 and O9 carry no offset.
    assert_eq!(
        orders_in(ORDERS, "America/New_York"),
        "2024-01-05 1 10.00; 2024-03-09 1 20.00; 2024-03-11 1 30.00; \
         2024-03-28 1 70.00; 2024-03-29 1 60.00; 2024-03-31 2 180.00; \
         2024-04-01 1 90.00; 2024-11-03 2 90.00"
    );
}

#[test]
fn jerusalem_dates_cross_midnight_and_the_month() {
    // IST +2, IDT +3 from 2024-03-29 00:00Z: O6 21:30Z is 00:30 on 03-30
    // (23:30 under +2); O7 the day before is 23:30 IST on 03-28. O1 is
    // 06:30 on 01-06; O10 (22:30 -04:00 = 02:30Z) is 05:30 on 04-01, so
    // March loses it to April.
    assert_eq!(
        orders_in(ORDERS, "Asia/Jerusalem"),
        "2024-01-06 1 10.00; 2024-03-10 1 20.00; 2024-03-11 1 30.00; \
         2024-03-28 1 70.00; 2024-03-30 1 60.00; 2024-03-31 1 80.00; \
         2024-04-01 2 190.00; 2024-11-03 1 40.00; 2024-11-04 1 50.00"
    );
    // March: O2 20 + O3 30 + O7 70 + O6 60 + O8 80 = 260; April: O9 90 +
    // O10 100 = 190 (as written: March 360, April 90).
    let months = csv_rows(&[
        "orders",
        ORDERS,
        "--since",
        "2024-03-01",
        "--until",
        "2024-04-30",
        "--by",
        "month",
        "--timezone",
        "Asia/Jerusalem",
        "-f",
        "csv",
    ]);
    let revenue: Vec<(&str, &str)> = months
        .iter()
        .map(|r| (r["period"].as_str(), r["revenue"].as_str()))
        .collect();
    assert_eq!(revenue, [("2024-03", "260.00"), ("2024-04", "190.00")]);
}

#[test]
fn survey_answers_are_dated_in_the_zone_too() {
    // R1 and R3 are 04:30Z: New York 03-09 (EST) and 11-03 (EST); R4 stays
    // 03-29 (17:30 EDT); R5 is written in New York time already.
    assert_eq!(
        days(
            &[
                "survey",
                "testdata/timezone/surveys.csv",
                "--timezone",
                "America/New_York"
            ],
            "nps"
        ),
        "2024-03-09 1 100; 2024-03-11 1 -100; 2024-03-29 1 -100; \
         2024-03-31 1 0; 2024-11-03 1 100"
    );
    // Jerusalem: R4 is 00:30 IDT on 03-30, R5 (02:30Z) 05:30 on 04-01.
    assert_eq!(
        days(
            &[
                "survey",
                "testdata/timezone/surveys.csv",
                "--timezone",
                "Asia/Jerusalem"
            ],
            "nps"
        ),
        "2024-03-10 1 100; 2024-03-11 1 -100; 2024-03-30 1 -100; \
         2024-04-01 1 0; 2024-11-04 1 100"
    );
}

#[test]
fn a_column_marked_utc_is_converted_without_an_offset() {
    // Stripe's `Created date (UTC)`: 2024-03-10 04:30 is 23:30 EST on
    // 03-09; 2024-07-01 03:59:59 is 23:59:59 EDT on 06-30; a date alone
    // (ch_4) is never converted.
    let file = "testdata/timezone/stripe_utc.csv";
    assert_eq!(
        orders_in(file, ""),
        "2024-03-10 1 20.00; 2024-07-01 2 15.00; 2024-11-04 1 50.00"
    );
    assert_eq!(
        orders_in(file, "America/New_York"),
        "2024-03-09 1 20.00; 2024-06-30 1 10.00; 2024-07-01 1 5.00; \
         2024-11-03 1 50.00"
    );
}

#[test]
fn every_reader_path_converts_alike() {
    // The whole read, the batched one and the chunked one with 5-byte
    // chunks (cuts inside every timestamp) give the same bytes.
    for file in [ORDERS, "testdata/timezone/orders_utc.parquet"] {
        let args = [
            "orders",
            file,
            "--timezone",
            "America/New_York",
            "--by",
            "day",
            "-f",
            "csv",
        ];
        let whole = common::run_with_env(&[("ENGAGE_BATCHED", "0")], &args);
        assert_eq!(whole.code, 0, "{}", whole.stderr);
        assert!(whole.stdout.contains("\n2024-03-09,1,"), "{}", whole.stdout);
        for env in [("ENGAGE_BATCHED", "1"), ("ENGAGE_CSV_CHUNK", "5")] {
            let out = common::run_with_env(&[env], &args);
            assert_eq!(out.code, 0, "{env:?}: {}", out.stderr);
            assert_eq!(out.stdout, whole.stdout, "{file} {env:?}");
        }
    }
}

#[test]
fn a_parquet_utc_timestamp_is_converted_like_an_offset() {
    // orders_utc.parquet: the orders of orders.csv with an offset, as
    // timestamp[us, tz=UTC] (make_parquet.py). Its default date is the
    // UTC one; in New York the dates equal the CSV's.
    let file = "testdata/timezone/orders_utc.parquet";
    assert_eq!(
        orders_in(file, ""),
        "2024-01-06 1 10.00; 2024-03-10 1 20.00; 2024-03-11 1 30.00; \
         2024-03-28 1 70.00; 2024-03-29 1 60.00; 2024-04-01 1 100.00; \
         2024-11-03 1 40.00; 2024-11-04 1 50.00"
    );
    assert_eq!(
        orders_in(file, "America/New_York"),
        "2024-01-05 1 10.00; 2024-03-09 1 20.00; 2024-03-11 1 30.00; \
         2024-03-28 1 70.00; 2024-03-29 1 60.00; 2024-03-31 1 100.00; \
         2024-11-03 2 90.00"
    );
}

#[test]
fn the_config_file_sets_a_zone_and_the_flag_overrides_it() {
    let config = "testdata/timezone/engage.toml";
    let jerusalem = days(&["--config", config, "orders", ORDERS], "revenue");
    assert_eq!(jerusalem, orders_in(ORDERS, "Asia/Jerusalem"));
    assert!(jerusalem.starts_with("2024-01-06 1 10.00; "), "{jerusalem}");
    let flag = [
        "--config",
        config,
        "orders",
        ORDERS,
        "--timezone",
        "America/New_York",
    ];
    assert!(days(&flag, "revenue").contains("; 2024-03-09 1 20.00; "));
}

#[test]
fn an_unknown_zone_is_a_usage_error_naming_close_ones() {
    let out = run(&["orders", ORDERS, "--timezone", "Europe/Berln"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "engage: --timezone 'Europe/Berln': unknown time zone; did you mean Europe/Berlin?\n"
    );
    let out = run(&["orders", ORDERS, "--timezone", "New York"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean America/New_York?"),
        "{}",
        out.stderr
    );
    let out = run(&["orders", ORDERS, "--timezone", "Mars/Olympus"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("give an IANA name such as America/New_York"),
        "{}",
        out.stderr
    );
    // Any case of a real name is that zone.
    let lower = orders_in(ORDERS, "america/new_york");
    assert!(lower.contains("; 2024-03-09 1 20.00; "), "{lower}");
}

#[test]
fn a_bad_zone_in_the_config_file_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("engage.toml");
    std::fs::write(&config, "[defaults]\ntimezone = \"Jerusalem\"\n").unwrap();
    let out = run(&["--config", config.to_str().unwrap(), "orders", ORDERS]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("engage.toml: timezone = \"Jerusalem\": unknown time zone; did you mean Asia/Jerusalem?"),
        "{}",
        out.stderr
    );
}

#[test]
fn engage_sql_refuses_a_zone() {
    for args in [
        vec!["sql", "orders", "--dialect", "duckdb", "--timezone", "UTC"],
        vec![
            "--config",
            "testdata/timezone/engage.toml",
            "sql",
            "cohorts",
            "--dialect",
            "postgres",
        ],
    ] {
        let out = run(&args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "");
        assert!(
            out.stderr
                .contains("engage sql does not convert time zones"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn the_json_metadata_names_the_zone() {
    let zoned: serde_json::Value = common::json_out(&[
        "orders",
        ORDERS,
        "--timezone",
        "America/New_York",
        "-f",
        "json",
    ]);
    assert_eq!(zoned["filters"]["timezone"], "America/New_York", "{zoned}");
    let plain: serde_json::Value =
        common::json_out(&["survey", "testdata/timezone/surveys.csv", "-f", "json"]);
    assert!(plain["filters"].get("timezone").is_none(), "{plain}");
}

#[test]
fn a_period_counted_back_from_today_counts_in_the_zone() {
    // Kiritimati (+14) and Pago Pago (-11) are 25 hours apart, so their
    // yesterdays always differ; GNU date says which day each is (neither
    // zone has daylight saving, so "yesterday" is 24 hours back).
    for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
        let date = std::process::Command::new("date")
            .args(["-d", "yesterday", "+%F"])
            .env("TZ", zone)
            .output()
            .expect("GNU date runs");
        let yesterday = String::from_utf8(date.stdout).unwrap().trim().to_string();
        let report: serde_json::Value = common::json_out(&[
            "report",
            "--orders",
            ORDERS,
            "--period",
            "last-day",
            "--allow-empty",
            "-q",
            "--timezone",
            zone,
            "-f",
            "json",
        ]);
        assert_eq!(report["headline"]["period"], yesterday.as_str(), "{zone}");
    }
}
