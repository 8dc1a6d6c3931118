//! `engage sql` and `engage compare` at the binary level: what the
//! statements are built from (options, presets, engage.toml, quoting) and
//! the exit codes. That the statements compute engage's numbers is proven
//! on real engines by tests/sql_parity.py (README, "Beyond one machine").

mod common;

use common::run;

fn sql(args: &[&str]) -> String {
    let mut all = vec!["sql"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
    out.stdout
}

#[test]
fn explain_prints_the_readme_text() {
    let text = sql(&["--explain"]);
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    assert!(text.len() > 1000);
    assert!(readme.contains(&text), "README lacks the --explain text");
}

#[test]
fn a_statement_is_one_with_query_ending_in_a_semicolon() {
    for kind in ["orders", "survey", "customers", "cohorts"] {
        for dialect in [
            "duckdb",
            "postgres",
            "spark",
            "bigquery",
            "snowflake",
            "trino",
            "datafusion",
        ] {
            let s = sql(&[kind, "--dialect", dialect]);
            assert!(s.starts_with("WITH src AS ("), "{kind} {dialect}");
            assert_eq!(s.matches(';').count(), 1, "{kind} {dialect}");
            assert!(s.ends_with(";\n"));
        }
    }
}

#[test]
fn identifiers_and_strings_are_quoted_per_dialect() {
    let args = |d| {
        vec![
            "orders",
            "--dialect",
            d,
            "--table",
            "shop.my orders",
            "--customer-col",
            "e-mail",
            "--include-status",
            "paid,o'k",
        ]
    };
    let spark = sql(&args("spark"));
    assert!(spark.contains("FROM `shop`.`my orders`"), "{spark}");
    assert!(spark.contains("CAST(`e-mail` AS STRING)"));
    assert!(spark.contains("LOWER(st) IN ('paid', 'o\\'k')"));
    let pg = sql(&args("postgres"));
    assert!(pg.contains("FROM \"shop\".\"my orders\""));
    assert!(pg.contains("LOWER(st) IN ('paid', 'o''k')"));
    assert!(pg.contains("DOUBLE PRECISION"));
}

#[test]
fn a_preset_names_the_columns_and_the_status_rule() {
    let s = sql(&[
        "orders",
        "--dialect",
        "duckdb",
        "--preset",
        "shopify",
        "--by",
        "week",
    ]);
    for column in [
        "\"Name\"",
        "\"Email\"",
        "\"Created at\"",
        "\"Total\"",
        "\"Financial Status\"",
    ] {
        assert!(s.contains(column), "{column}");
    }
    assert!(s.contains("LOWER(st) IN ('paid', 'partially_paid', 'partially_refunded')"));
    // A flag still wins over the preset.
    let s = sql(&[
        "orders",
        "--dialect",
        "duckdb",
        "--preset",
        "shopify",
        "--amount-col",
        "Subtotal",
        "--exclude-status",
        "voided",
    ]);
    assert!(s.contains("CAST(\"Subtotal\" AS DECIMAL(18,2))"));
    assert!(s.contains("LOWER(st) NOT IN ('voided')"));
}

#[test]
fn the_config_file_applies_as_for_the_matching_command() {
    let s = sql(&[
        "--config",
        "testdata/config/engage.toml",
        "orders",
        "--dialect",
        "duckdb",
        "--preset",
        "myshop",
    ]);
    assert!(s.contains("\"Order Ref\"") && s.contains("\"Grand Total\""));
    assert!(s.contains("LOWER(st) IN ('complete')"));
    let s = sql(&[
        "--config",
        "testdata/customers/rules.toml",
        "customers",
        "--dialect",
        "duckdb",
    ]);
    assert!(s.contains("THEN 'Recent'") && s.contains("ELSE 'Everyone else' END"));
}

#[test]
fn money_is_exact_and_divisions_are_guarded() {
    let s = sql(&["orders", "--dialect", "bigquery", "--by", "week"]);
    assert!(s.contains("CAST(`amount` AS NUMERIC) AS amt"));
    assert!(s.contains("CAST(t.revenue AS NUMERIC) AS `revenue`"));
    assert!(s.contains("/ NULLIF(CAST(t.orders AS FLOAT64), 0) AS `aov`"));
}

#[test]
fn an_empty_column_name_says_the_table_lacks_it() {
    let s = sql(&[
        "orders",
        "--dialect",
        "duckdb",
        "--status-col",
        "",
        "--order-id-col",
        "",
    ]);
    assert!(!s.contains("\"status\"") && !s.contains("\"order_id\""));
    let s = sql(&["survey", "--dialect", "duckdb", "--nps-col", ""]);
    assert!(s.contains("CAST(NULL AS BIGINT) AS nps"));
    assert!(s.contains("CASE WHEN csat_responses < 30 THEN TRUE ELSE FALSE END"));
}

#[test]
fn sql_without_a_kind_or_with_bad_options_is_a_usage_error() {
    let out = run(&["sql"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("needs a KIND"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let out = run(&["sql", "orders"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--dialect"));
    for bad in [
        &["sql", "orders", "--dialect", "mysql"][..],
        &[
            "sql",
            "orders",
            "--dialect",
            "duckdb",
            "--since",
            "2024-02-30",
        ],
        &["sql", "orders", "--dialect", "duckdb", "--preset", "nosuch"],
        &[
            "sql",
            "orders",
            "--dialect",
            "duckdb",
            "--preset",
            "qualtrics",
        ],
        &["sql", "cohorts", "--dialect", "duckdb", "--by", "day"],
        &[
            "sql",
            "survey",
            "--dialect",
            "duckdb",
            "--csat-satisfied",
            "9",
        ],
        &["sql", "orders", "--dialect", "duckdb", "--table", " "],
        &[
            "sql",
            "orders",
            "--dialect",
            "duckdb",
            "--quantity-col",
            "Quantity",
        ],
        &["sql", "orders", "--dialect", "duckdb", "--revenue", "net"],
        &[
            "sql",
            "orders",
            "--dialect",
            "duckdb",
            "--preset",
            "online-retail",
        ],
    ] {
        let out = run(bad);
        assert_eq!(out.code, 2, "{bad:?}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{bad:?}");
        assert!(out.stderr.starts_with("engage: ") || out.stderr.starts_with("error: "));
    }
}

/// `engage compare orders RESULT OPTIONS testdata/orders.csv`.
fn compare(result: &str, options: &[&str]) -> common::Run {
    let mut all = vec!["compare", "orders", result];
    all.extend_from_slice(options);
    all.push("testdata/orders.csv");
    run(&all)
}

const WEEKS: &str = "testdata/sql/orders_by_week.csv";

/// testdata/sql/orders_by_week.csv is `engage orders --by week` on
/// testdata/orders.csv as a warehouse might write it (worked by hand in
/// testdata/README.md, "--by week"): an upper-case header, `60.5` for
/// revenue 60.50, one-ulp float noise, `50.0` for 50.
#[test]
fn compare_accepts_a_result_equal_within_the_tolerances() {
    let out = compare(WEEKS, &["--by", "week"]);
    assert_eq!(out.code, 0, "{} {}", out.stdout, out.stderr);
    assert_eq!(
        out.stdout,
        "testdata/sql/orders_by_week.csv: equal to engage orders: 3 rows x 13 columns\n"
    );
}

#[test]
fn compare_lists_the_cells_that_differ_and_exits_1() {
    let out = compare("testdata/sql/orders_by_week_wrong.csv", &["--by", "week"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        "row 2 (2024-W02), column revenue: warehouse \"54.98\", engage \"54.99\"\n"
    );
    assert!(out.stderr.contains("1 difference from engage orders"));
    // Other options: other rows.
    let out = compare(WEEKS, &["--by", "month"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("rows: warehouse 3, engage 2"),
        "{}",
        out.stdout
    );
}

#[test]
fn compare_with_bad_options_is_a_usage_error() {
    for bad in [&["--by", "fortnight"][..], &["-f", "json"]] {
        let out = compare(WEEKS, bad);
        assert_eq!(out.code, 2, "{bad:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    }
    let out = compare("testdata/sql/nosuch.csv", &[]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("nosuch.csv: cannot read it"),
        "{}",
        out.stderr
    );
}

#[test]
fn compare_passes_the_config_file_on_to_engage() {
    // myshop.csv needs the config's preset and decimal commas.
    let config = "testdata/config/engage.toml";
    let ours = run(&[
        "--config",
        config,
        "orders",
        "--format",
        "csv",
        "testdata/config/myshop.csv",
    ]);
    assert_eq!(ours.code, 0, "{}", ours.stderr);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let result = dir.path().join("result.csv");
    std::fs::write(&result, &ours.stdout).expect("result written");
    let result = result.to_str().expect("a UTF-8 path");
    let out = run(&[
        "--config",
        config,
        "compare",
        "orders",
        result,
        "testdata/config/myshop.csv",
    ]);
    assert_eq!(out.code, 0, "{} {}", out.stdout, out.stderr);
    let out = run(&["compare", "orders", result, "testdata/config/myshop.csv"]);
    assert_eq!(out.code, 1, "{} {}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("engage orders on the sample failed"),
        "{}",
        out.stderr
    );
}

#[test]
fn guests_net_revenue_and_cancellations_are_in_the_statement() {
    let s = sql(&[
        "orders",
        "--dialect",
        "duckdb",
        "--guest-orders",
        "include",
        "--revenue",
        "net",
        "--refund-col",
        "Refunded",
    ]);
    assert!(s.contains("t.guest_orders AS \"guest_orders\""));
    assert!(s.contains("CAST(\"Refunded\" AS DECIMAL(18,2)) AS rf"));
    assert!(s.contains("amt - COALESCE(ABS(rf), 0) AS amt"));
    assert!(!s.contains("cust IS NOT NULL\n"));
    let s = sql(&[
        "--config",
        "testdata/sql/cancel_c.toml",
        "orders",
        "--dialect",
        "postgres",
    ]);
    assert!(s.contains("(oid IS NULL OR SUBSTR(oid, 1, 1) <> 'C')"));
    assert!(!s.contains("AS \"guest_orders\""));
}

/// A blank column flag would put the identifier `""` into the statement
/// (an error on every engine, after the statement was handed over): it
/// is a usage error naming the flag, before anything is printed. An
/// optional role's blank flag still says the table has no such column.
#[test]
fn a_blank_column_flag_is_a_usage_error() {
    let runs: [&[&str]; 6] = [
        &["orders", "--amount-col", ""],
        &["orders", "--customer-col", " "],
        &["orders", "--row-order-col", ""],
        &["orders", "--revenue", "net", "--refund-col", ""],
        &["cohorts", "--date-col", ""],
        &["survey", "--by", "month", "--date-col", ""],
    ];
    for args in runs {
        let mut all = vec!["sql"];
        all.extend_from_slice(args);
        all.extend(["--dialect", "duckdb"]);
        let out = run(&all);
        let flag = args.iter().find(|a| a.ends_with("-col")).unwrap();
        assert_eq!(
            (out.code, out.stderr.as_str(), out.stdout.as_str()),
            (
                2,
                format!("engage: {flag} needs a column name\n").as_str(),
                ""
            ),
            "{args:?}"
        );
    }
    let s = sql(&["orders", "--dialect", "duckdb", "--status-col", ""]);
    assert!(!s.contains("\"\""), "{s}");
}
