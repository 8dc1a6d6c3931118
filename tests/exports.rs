//! Exports as they come (issue 20, orders side): quantity x unit price,
//! cancellation invoices, guest orders, partial refunds, and the presets
//! for the Online Retail, partial Shopify, WooCommerce plugin and older
//! Stripe layouts. Fixtures are in testdata/exports/; every expected value
//! is worked out by hand in testdata/README.md ("exports/").

mod common;

use std::collections::HashMap;

use common::{csv_rows, json_out, run};
use serde_json::Value;

fn close(got: &str, want: f64) -> bool {
    got.parse::<f64>().is_ok_and(|g| (g - want).abs() < 1e-9)
}

/// `text` contains `part` (shown whole when it does not).
fn has(text: &str, part: &str) {
    assert!(text.contains(part), "missing {part:?} in:\n{text}");
}

fn one_row(args: &[&str]) -> HashMap<String, String> {
    let mut rows = csv_rows(args);
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows.remove(0)
}

const RETAIL: &str = "testdata/exports/online_retail.csv";

/// A CSV file in a fresh temporary folder (kept alive by the returned
/// guard).
fn temp_csv(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("the fixture is written");
    let path = path.to_string_lossy().into_owned();
    (dir, path)
}

/// `engage orders` on a temporary CSV `name` holding `text`, `args` after
/// the path: exit 1, nothing on stdout, `message` on stderr. Returns the
/// file's guard and path for further runs.
fn orders_fail(
    name: &str,
    text: &str,
    args: &[&str],
    message: &str,
) -> (tempfile::TempDir, String) {
    let (dir, path) = temp_csv(name, text);
    let mut all = vec!["orders", path.as_str()];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    has(&out.stderr, message);
    (dir, path)
}

#[test]
fn online_retail_lines_are_quantity_times_price_without_cancellations() {
    let out = run(&["orders", RETAIL, "--guest-orders", "include", "-f", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    has(&out.stderr, "read with --preset online-retail");
    let r = one_row(&["orders", RETAIL, "--guest-orders", "include", "-f", "csv"]);
    // 536365 57.64, 536366 11.10, 536367 66.68, 536380 9.30 (a return
    // line), 536381 24.75 (guest), 536382 5.26; C536379 left out.
    assert_eq!(r["orders"], "6");
    assert_eq!(r["revenue"], "174.73");
    assert!(close(&r["aov"], 174.73 / 6.0));
    assert_eq!(r["guest_orders"], "1");
    // Identified customers only: 17850 (2 orders, 68.74), 13047 (2, 71.94),
    // 17809 (1, 9.30).
    assert_eq!(r["customers"], "3");
    assert!(close(&r["purchase_frequency"], 5.0 / 3.0));
    assert_eq!(r["repeat_customers"], "2");
    assert!(close(&r["repeat_revenue_share"], 100.0 * 140.68 / 149.98));
    assert!(close(&r["repeat_vs_one_time_spend"], 70.34 / 9.30));
    assert_eq!(r["new_customers"], "3");
}

#[test]
fn online_retail_json_counts_cancellations_returns_and_guests() {
    let j: Value = json_out(&["orders", RETAIL, "--guest-orders", "include", "-f", "json"]);
    assert_eq!(j["preset"], "online-retail");
    assert_eq!(j["orders_cancelled"], 1);
    assert_eq!(j["return_lines"], 1);
    assert_eq!(j["guest_orders"], 1);
    assert_eq!(j["filters"]["line_items"], "sum");
    assert_eq!(j["filters"]["cancel_id_prefix"], "C");
    assert_eq!(j["columns"][0]["quantity"], "Quantity");
    assert_eq!(j["columns"][0]["unit_price"], "UnitPrice");
    assert_eq!(j["columns"][0]["amount"], Value::Null);
    assert_eq!(j["rows"][0]["guest_orders"], 1);
}

#[test]
fn the_table_says_how_amounts_were_made_and_what_was_left_out() {
    let out = run(&[
        "orders",
        RETAIL,
        "--guest-orders",
        "include",
        "-f",
        "markdown",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for note in [
        "Order amounts are the sum of their lines' Quantity x UnitPrice, each rounded to the cent (half to even); 1 return line (a negative quantity) lowers its order's amount.",
        "1 cancellation left out: its order id starts with \"C\"",
        "1 guest order with no customer id counts in orders, revenue and AOV",
    ] {
        has(&out.stdout, note);
    }
}

#[test]
fn guest_orders_are_an_error_by_default_naming_the_line_and_the_flag() {
    let out = run(&["orders", RETAIL, "-q"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty());
    has(&out.stderr, "online_retail.csv:11: blank customer id in column 'CustomerID'; fill in the \
             customer id or e-mail, or count such orders as guest orders with --guest-orders include");
}

#[test]
fn guest_orders_skip_leaves_them_out_and_counts_them() {
    let r = one_row(&["orders", RETAIL, "--guest-orders", "skip", "-f", "csv"]);
    assert_eq!(r["orders"], "5");
    assert_eq!(r["revenue"], "149.98");
    assert!(close(&r["aov"], 29.996));
    assert_eq!(r["customers"], "3");
    assert!(!r.contains_key("guest_orders"));
    let j: Value = json_out(&["orders", RETAIL, "--guest-orders", "skip", "-f", "json"]);
    assert_eq!(j["guest_orders_skipped"], 1);
}

#[test]
fn guest_orders_count_per_period_but_never_as_customers() {
    let rows = csv_rows(&[
        "orders",
        RETAIL,
        "--guest-orders",
        "include",
        "--by",
        "day",
        "-f",
        "csv",
    ]);
    assert_eq!(rows.len(), 2);
    // 2010-12-01: 536365, 536366, 536367, 536380.
    assert_eq!(rows[0]["period"], "2010-12-01");
    assert_eq!(rows[0]["orders"], "4");
    assert_eq!(rows[0]["revenue"], "144.72");
    assert_eq!(rows[0]["customers"], "3");
    assert_eq!(rows[0]["guest_orders"], "0");
    // 2010-12-02: the guest invoice 536381 (24.75) and 536382 (5.26) of
    // 13047, who bought the day before.
    assert_eq!(rows[1]["orders"], "2");
    assert_eq!(rows[1]["revenue"], "30.01");
    assert_eq!(rows[1]["customers"], "1");
    assert_eq!(rows[1]["returning_customers"], "1");
    assert!(close(&rows[1]["returning_customer_rate"], 100.0));
    assert!(close(&rows[1]["purchase_frequency"], 1.0));
    assert!(close(&rows[1]["repeat_revenue_share"], 0.0));
    assert_eq!(rows[1]["guest_orders"], "1");
}

#[test]
fn the_customer_table_and_cohorts_never_see_guest_orders() {
    let rows = csv_rows(&[
        "customers",
        RETAIL,
        "--guest-orders",
        "include",
        "-f",
        "csv",
    ]);
    let ids: Vec<&str> = rows.iter().map(|r| r["customer_id"].as_str()).collect();
    assert_eq!(ids, ["13047", "17809", "17850"]);
    let out = run(&[
        "customers",
        RETAIL,
        "--guest-orders",
        "include",
        "-f",
        "csv",
    ]);
    has(
        &out.stderr,
        "engage: note: 1 guest order (blank customer id) is not in the per-customer figures",
    );
    // 13047: 66.68 + 5.26 (decimal quantities, rounded per line).
    assert_eq!(rows[0]["revenue"], "71.94");
    // 17809: 24 x 1.45 - 2 x 12.75 (a return line in the invoice).
    assert_eq!(rows[1]["revenue"], "9.30");
    assert_eq!(rows[2]["revenue"], "68.74");
    let cohorts = csv_rows(&[
        "cohorts",
        RETAIL,
        "--guest-orders",
        "include",
        "--by",
        "month",
        "-f",
        "csv",
    ]);
    assert_eq!(cohorts[0]["cohort_customers"], "3");
    assert_eq!(cohorts[0]["orders"], "5");
    assert_eq!(cohorts[0]["revenue"], "149.98");
}

#[test]
fn the_report_counts_guest_orders_in_its_headline() {
    let j: Value = json_out(&[
        "report",
        "--orders",
        RETAIL,
        "--guest-orders",
        "include",
        "-f",
        "json",
    ]);
    assert_eq!(j["headline"]["orders"], 6);
    assert_eq!(j["headline"]["customers"], 3);
    assert_eq!(j["headline"]["revenue"], 174.73);
    assert_eq!(j["orders"]["guest_orders"], 1);
}

#[test]
fn decimal_quantities_are_exact_and_each_line_is_rounded_half_to_even() {
    // 0.5 x 0.25 = 0.125 -> 0.12; 0.5 x 0.27 = 0.135 -> 0.14;
    // 1.5 x 3.33 = 4.995 -> 5.00: 5.26 (the unrounded sum, 5.255, would
    // round to 5.26 or 5.25 depending on the float error).
    let (_dir, path) = temp_csv(
        "lines.csv",
        "order_id,customer_id,quantity,unit_price\n\
         1,a,0.5,0.25\n1,a,0.5,0.27\n1,a,1.5,3.33\n2,b,3,0.0125\n",
    );
    let rows = csv_rows(&["orders", &path, "--segment", "customer_id", "-f", "csv"]);
    assert_eq!(rows[0]["customer_id"], "a");
    assert_eq!(rows[0]["revenue"], "5.26");
    // 3 x 0.0125 = 0.0375 -> 0.04 (a unit price to 0.0001).
    assert_eq!(rows[1]["revenue"], "0.04");
}

#[test]
fn an_unreadable_quantity_is_an_error_naming_file_line_and_column() {
    let (_dir, path) = orders_fail(
        "q.csv",
        "InvoiceNo,Quantity,UnitPrice,CustomerID\n1,2,1.00,a\n2,six,1.00,b\n3,0.0005,1,c\n",
        &[],
        "q.csv:3: unreadable quantity in column 'Quantity' \"six\"; write quantities as \
         numbers like 6, -1 or 2.5, or pass --skip-invalid to skip such rows (1 more row has a problem)",
    );
    let out = run(&["orders", &path, "--skip-invalid", "-f", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    has(&out.stderr, "skipped 2 invalid rows (quantity with more than three decimal places: 1, unreadable quantity: 1)");
}

/// 9,223,372,036,854,775 x 100.00 is 922,337,203,685,477,500.00: more
/// cents than an i64 holds, so the line cannot be summed exactly. It is a
/// line of the file, named like any bad value (it was an "internal error"
/// naming nothing); with --skip-invalid the other line counts (2 x 1.50).
#[test]
fn a_line_amount_beyond_exact_cents_is_an_error_naming_the_line() {
    let (_dir, path) = orders_fail(
        "big.csv",
        "InvoiceNo,Quantity,UnitPrice,CustomerID\n1,2,1.50,a\n2,9223372036854775,100,b\n",
        &[],
        "big.csv:3: line amount (quantity x unit price) beyond exact cents in column 'Quantity' \
         \"9223372036854775\"",
    );
    let rows = csv_rows(&["orders", &path, "--skip-invalid", "-f", "csv"]);
    assert_eq!(rows[0]["revenue"], "3.00");
}

/// An invoice that is a return only (-2 x 1.50 = -3.00) from a one-time
/// customer: repeat revenue 0 over revenue -3.00 is a share of 0, written
/// `0`, not the `-0` of IEEE division (CSV and JSON alike).
#[test]
fn a_zero_share_of_a_negative_revenue_is_written_as_zero() {
    let (_dir, path) = temp_csv(
        "neg.csv",
        "InvoiceNo,Quantity,UnitPrice,CustomerID\n1,-2,1.50,a\n",
    );
    let row = one_row(&["orders", &path, "-f", "csv"]);
    assert_eq!(row["revenue"], "-3.00");
    assert_eq!(row["repeat_revenue_share"], "0");
    let j: Value = json_out(&["orders", &path, "-f", "json"]);
    assert_eq!(j["rows"][0]["repeat_revenue_share"].to_string(), "0.0");
}

#[test]
fn a_quantity_without_a_price_is_an_error() {
    let (_dir, path) = temp_csv(
        "p.csv",
        "order_id,customer_id,qty,price\n1,a,2,\n2,b,1,3.00\n",
    );
    let out = run(&["orders", &path]);
    assert_eq!(out.code, 1);
    has(&out.stderr, "p.csv:2: blank unit price in column 'price'");
}

#[test]
fn quantity_and_price_are_found_by_name_and_flags_map_them() {
    // Aliases: qty and price (no amount column).
    let (_dir, path) = temp_csv(
        "a.csv",
        "order,customer,qty,price,Total\n1,a,2,1.005,99\n1,a,-1,1.00,99\n",
    );
    // An amount column wins over quantity and price when both are there.
    let r = one_row(&["orders", &path, "-f", "csv"]);
    assert_eq!(r["revenue"], "99.00");
    // Mapped by hand: 2 x 1.005 = 2.01, less 1 x 1.00.
    let r = one_row(&[
        "orders",
        &path,
        "--quantity-col",
        "qty",
        "--unit-price-col",
        "price",
        "-f",
        "csv",
    ]);
    assert_eq!(r["orders"], "1");
    assert_eq!(r["revenue"], "1.01");
}

#[test]
fn line_items_first_and_an_amount_beside_a_unit_price_are_usage_errors() {
    let out = run(&["orders", RETAIL, "--line-items", "first"]);
    assert_eq!(out.code, 2);
    has(&out.stderr, "--line-items first");
    let out = run(&[
        "orders",
        RETAIL,
        "--amount-col",
        "UnitPrice",
        "--unit-price-col",
        "UnitPrice",
    ]);
    assert_eq!(out.code, 2);
}

#[test]
fn online_retail_ii_layout_is_detected_too() {
    let r = one_row(&[
        "orders",
        "testdata/exports/online_retail_ii.csv",
        "--guest-orders",
        "include",
        "-f",
        "csv",
    ]);
    // 489434 83.40 + 81.00, 489435 30.60, 489436 98.10 (guest); C489449
    // left out.
    assert_eq!(r["orders"], "3");
    assert_eq!(r["revenue"], "293.10");
    assert!(close(&r["aov"], 97.7));
    assert_eq!(r["customers"], "1");
    assert_eq!(r["repeat_customers"], "1");
    assert_eq!(r["guest_orders"], "1");
}

#[test]
fn a_cancellation_prefix_in_the_config_file_applies_without_a_preset() {
    let (dir, path) = temp_csv(
        "plain.csv",
        "order_id,customer_id,amount\nA1,x,10.00\nR1,x,-10.00\nA2,y,5.00\n",
    );
    let config = dir.path().join("engage.toml");
    std::fs::write(&config, "[defaults]\ncancel_id_prefix = \"R\"\n").expect("config");
    let config = config.to_string_lossy().into_owned();
    let r = one_row(&["orders", &path, "--config", &config, "-f", "csv"]);
    assert_eq!(r["orders"], "2");
    assert_eq!(r["revenue"], "15.00");
    let j: Value = json_out(&["orders", &path, "--config", &config, "-f", "json"]);
    assert_eq!(j["orders_cancelled"], 1);
}

#[test]
fn a_partial_shopify_export_is_detected_and_priced_from_its_line_items() {
    let path = "testdata/exports/shopify_partial.csv";
    let out = run(&["orders", path, "-f", "markdown"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    has(&out.stderr, "read with --preset shopify");
    has(
        &out.stdout,
        "the export has no order total column, so shipping, taxes and discounts are not in revenue",
    );
    // #1001 2 x 89.99 + 12.50 = 192.48, #1002 89.99, #1004 2 x 14.00 +
    // 89.99 = 117.99; #1003 refunded.
    let r = one_row(&["orders", path, "-f", "csv", "-q"]);
    assert_eq!(r["orders"], "3");
    assert_eq!(r["customers"], "2");
    assert_eq!(r["revenue"], "400.46");
    assert!(close(&r["aov"], 400.46 / 3.0));
    assert_eq!(r["repeat_customers"], "1");
    assert!(close(&r["repeat_revenue_share"], 100.0 * 310.47 / 400.46));
}

#[test]
fn the_woocommerce_plugin_layout_counts_guests_by_their_billing_email() {
    let path = "testdata/exports/woocommerce_plugin.csv";
    let out = run(&["orders", path, "-f", "csv"]);
    has(&out.stderr, "read with --preset woocommerce");
    // 101 (customer 7, 60.00) and 102 (guest 0 -> bea@example.com, 41.00);
    // 103 wc-cancelled and 104 wc-refunded do not count.
    let r = one_row(&["orders", path, "-f", "csv", "-q"]);
    assert_eq!(r["orders"], "2");
    assert_eq!(r["customers"], "2");
    assert_eq!(r["revenue"], "101.00");
    let rows = csv_rows(&["customers", path, "-f", "csv", "-q"]);
    let ids: Vec<&str> = rows.iter().map(|r| r["customer_id"].as_str()).collect();
    assert_eq!(ids, ["7", "bea@example.com"]);
}

#[test]
fn a_wc_prefix_is_the_status_it_prefixes_without_a_preset_too() {
    let (_dir, path) = temp_csv(
        "s.csv",
        "order_id,customer_id,amount,status\n1,a,10.00,wc-completed\n2,b,20.00,wc-cancelled\n3,c,5.00,WC-Refunded\n",
    );
    let r = one_row(&["orders", &path, "-f", "csv"]);
    assert_eq!(r["orders"], "1");
    assert_eq!(r["revenue"], "10.00");
    let r = one_row(&[
        "orders",
        &path,
        "--include-status",
        "completed,cancelled",
        "-f",
        "csv",
    ]);
    assert_eq!(r["orders"], "2");
}

#[test]
fn stripe_refunds_count_gross_by_default_and_net_on_request() {
    let path = "testdata/exports/stripe_refunds.csv";
    let out = run(&["orders", path, "-f", "csv"]);
    has(&out.stderr, "read with --preset stripe");
    // ch_1 100.00, ch_2 50.00, ch_4 20.00; ch_3 Refunded.
    let gross = one_row(&["orders", path, "-f", "csv", "-q"]);
    assert_eq!(gross["orders"], "3");
    assert_eq!(gross["revenue"], "170.00");
    assert!(close(&gross["repeat_revenue_share"], 100.0 * 120.0 / 170.0));
    // Net: ch_1 70.00 (30.00 refunded); a blank refund is 0.
    let net = one_row(&["orders", path, "--revenue", "net", "-f", "csv", "-q"]);
    assert_eq!(net["orders"], "3");
    assert_eq!(net["revenue"], "140.00");
    assert!(close(&net["aov"], 140.0 / 3.0));
    assert!(close(&net["repeat_revenue_share"], 100.0 * 90.0 / 140.0));
    assert!(close(&net["repeat_vs_one_time_spend"], 90.0 / 50.0));
    let j: Value = json_out(&["orders", path, "--revenue", "net", "-f", "json", "-q"]);
    assert_eq!(j["filters"]["revenue"], "net");
    assert_eq!(j["columns"][0]["refund"], "Amount Refunded");
}

#[test]
fn net_revenue_needs_a_refund_column() {
    let out = run(&["orders", RETAIL, "--revenue", "net"]);
    assert_eq!(out.code, 1);
    has(&out.stderr, "no refund column (found: InvoiceNo, StockCode");
    has(&out.stderr, "--refund-col COLUMN");
}

/// Header lines as public projects write them (cited in testdata/README.md),
/// each with one made-up data row: every one is read with its preset.
#[test]
fn header_lines_from_public_projects_are_detected() {
    let cases = [
        (
            "online-retail",
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom",
            15.30,
        ),
        (
            "online-retail",
            "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country",
            "489434,85048,GLASS BALL,10,2009-12-01 07:45:00,5.00,13085,United Kingdom",
            50.00,
        ),
        (
            "stripe",
            "id,Description,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,Converted Amount Refunded,Fee,Tax,Converted Currency,Mode,Status,Statement Descriptor,Customer ID,Customer Description,Customer Email,Captured",
            "ch_1,x,2016-05-01 10:00,12.00,0.00,usd,12.00,0.00,0.65,0,usd,Live,Paid,,cus_1,,a@example.com,true",
            12.00,
        ),
        (
            "woocommerce",
            "order_id,order_number,order_date,paid_date,status,shipping_total,shipping_tax_total,fee_total,fee_tax_total,tax_total,cart_discount,order_discount,discount_total,order_total,order_subtotal,order_currency,payment_method,payment_method_title,transaction_id,customer_ip_address,customer_user_agent,shipping_method,customer_id,customer_user,customer_email,billing_first_name,billing_last_name,billing_company,billing_email",
            "5,5,2024-01-02 10:00:00,2024-01-02 10:01:00,wc-completed,0,0,0,0,0,0,0,0,25.00,25.00,EUR,cod,Cash,,1.2.3.4,ua,flat,0,0,,A,B,,a@example.com",
            25.00,
        ),
        (
            "shopify",
            "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price",
            "#1,a@example.com,paid,2024-01-01 10:00:00 -0500,fulfilled,,no,USD,20.00,5.00,0,25.00,,0,std,2024-01-01 10:00:00 -0500,2,Mug,10.00",
            25.00,
        ),
    ];
    for (preset, header, row, revenue) in cases {
        let (_dir, path) = temp_csv("export.csv", &format!("{header}\n{row}\n"));
        let j: Value = json_out(&["orders", &path, "-f", "json", "-q"]);
        assert_eq!(j["preset"], preset, "{header}");
        let got = j["rows"][0]["revenue"].as_f64();
        assert!(
            got.is_some_and(|g| (g - revenue).abs() < 1e-9),
            "{header}: {got:?}"
        );
    }
}

#[test]
fn check_reports_the_line_amounts_returns_cancellations_and_guests() {
    let out = run(&["check", RETAIL, "-f", "json"]);
    // The guest invoice is a problem until --guest-orders says what to do.
    assert_eq!(out.code, 1);
    let j: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(j["amounts"], "quantity_x_unit_price");
    assert_eq!(j["return_lines"], 1);
    assert_eq!(j["orders_cancelled"], 1);
    assert_eq!(j["guest_orders"], 1);
    assert_eq!(
        j["skipped"]["blank customer id"]["first_lines"][0],
        format!("{RETAIL}:11")
    );
    let roles: Vec<(&str, &str)> = j["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| {
            (
                c["role"].as_str().unwrap_or(""),
                c["column"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(roles.contains(&("quantity", "Quantity")), "{roles:?}");
    assert!(roles.contains(&("unit_price", "UnitPrice")), "{roles:?}");
    let out = run(&[
        "check",
        RETAIL,
        "--guest-orders",
        "include",
        "-f",
        "markdown",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for line in [
        "| cancellations (order id prefix) | 1 order (1 row) whose id starts with \"C\": left out |",
        "| return lines (negative quantity) | 1 (they count and lower their order's amount) |",
        "| guest orders (blank customer id) | 1: included in orders and revenue |",
        "| quantity | Quantity | preset online-retail |",
    ] {
        has(&out.stdout, line);
    }
}

#[test]
fn check_takes_quantity_and_price_columns_as_an_orders_file() {
    let (_dir, path) = temp_csv("l.csv", "order,customer,qty,price\n1,a,2,1.50\n");
    let j: Value = json_out(&["check", &path, "-f", "json"]);
    assert_eq!(j["kind"], "orders");
    assert_eq!(
        j["kind_reason"],
        "columns 'qty' and 'price' hold quantities and unit prices"
    );
    assert_eq!(j["usable"], true);
}

/// Every read path (whole, in batches, cut into small chunks) gives the
/// same output for the export rules.
#[test]
fn read_paths_agree_on_the_export_rules() {
    let (dir, path) = temp_csv(
        "u.csv",
        "order_id,customer_id,quantity,price\n1,a,2,1.5\n2,,1,3\nC3,b,-1,1\n4,a,0.5,0.27\n",
    );
    let config = dir.path().join("engage.toml");
    std::fs::write(&config, "[defaults]\ncancel_id_prefix = \"C\"\n").expect("config");
    let config = config.to_string_lossy().into_owned();
    let cases: [&[&str]; 4] = [
        &[
            "orders",
            &path,
            "--config",
            &config,
            "--guest-orders",
            "include",
            "-f",
            "json",
        ],
        &[
            "orders",
            RETAIL,
            "--guest-orders",
            "include",
            "--by",
            "day",
            "-f",
            "json",
        ],
        &[
            "orders",
            "testdata/exports/woocommerce_plugin.csv",
            "-f",
            "json",
        ],
        &[
            "orders",
            "testdata/exports/stripe_refunds.csv",
            "--revenue",
            "net",
            "-f",
            "json",
        ],
    ];
    for args in cases {
        let whole = common::run_with_env(&[("ENGAGE_BATCHED", "never")], args);
        assert_eq!(whole.code, 0, "{args:?}: {}", whole.stderr);
        for env in [
            [("ENGAGE_BATCHED", "always"), ("ENGAGE_CSV_CHUNK", "7")],
            [("ENGAGE_BATCHED", "never"), ("ENGAGE_CSV_CHUNK", "1")],
        ] {
            let other = common::run_with_env(&env, args);
            assert_eq!(other.stdout, whole.stdout, "{args:?} {env:?}");
            assert_eq!(other.code, 0);
        }
    }
    // 1: 3.00, 2 (guest): 3.00, 4: 0.135 -> 0.14; C3 left out.
    let j: Value = json_out(&[
        "orders",
        &path,
        "--config",
        &config,
        "--guest-orders",
        "include",
        "-f",
        "json",
    ]);
    assert_eq!(j["rows"][0]["orders"], 3);
    assert_eq!(j["rows"][0]["revenue"], 6.14);
    assert_eq!(j["rows"][0]["customers"], 1);
}

#[test]
fn a_file_of_guest_orders_only_has_orders_but_no_customers() {
    let (_dir, path) = temp_csv(
        "g.csv",
        "order_id,customer_id,amount,date\n1,,5.00,2024-01-01\n2,,7.00,2024-01-02\n",
    );
    let r = one_row(&["orders", &path, "--guest-orders", "include", "-f", "csv"]);
    assert_eq!(r["orders"], "2");
    assert_eq!(r["revenue"], "12.00");
    assert!(close(&r["aov"], 6.0));
    assert_eq!(r["customers"], "0");
    assert_eq!(r["purchase_frequency"], "");
    assert_eq!(r["repeat_revenue_share"], "");
    let out = run(&["customers", &path, "--guest-orders", "include"]);
    assert_eq!(out.code, 1);
    has(
        &out.stderr,
        "all 2 counted orders are guest orders (blank customer id): there is no customer",
    );
}

#[test]
fn report_periods_reach_the_days_of_guest_orders() {
    // a on 2024-01-01 (10.00); a guest on 2024-01-03 (4.00): the headline
    // is the last day with data, the guest's.
    let (_dir, path) = temp_csv(
        "r.csv",
        "order_id,customer_id,amount,date\n1,a,10.00,2024-01-01\n2,,4.00,2024-01-03\n",
    );
    let j: Value = json_out(&[
        "report",
        "--orders",
        &path,
        "--guest-orders",
        "include",
        "--by",
        "day",
        "-f",
        "json",
    ]);
    assert_eq!(j["headline"]["period"], "2024-01-03");
    assert_eq!(j["headline"]["orders"], 1);
    assert_eq!(j["headline"]["customers"], 0);
    assert_eq!(j["headline"]["revenue"], 4.0);
    assert_eq!(j["periods"].as_array().map(Vec::len), Some(3));
    assert_eq!(j["orders"]["data_range"]["last"], "2024-01-03");
}

#[test]
fn a_unit_price_mapped_as_the_amount_is_warned_about() {
    // The command line before quantities were read: 6 x 2.55 would
    // count as 2.55.
    let out = run(&[
        "orders",
        RETAIL,
        "--amount-col",
        "UnitPrice",
        "--guest-orders",
        "include",
        "-f",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    has(
        &out.stderr,
        "engage: warning: the amount column 'UnitPrice' looks like a unit price and the file has \
         a quantity column 'Quantity': each row counts at one unit; to count quantity x price use \
         --quantity-col 'Quantity' --unit-price-col 'UnitPrice' (instead of --amount-col)",
    );
}

#[test]
fn guest_orders_can_be_a_config_file_default() {
    let (dir, _) = temp_csv("unused.csv", "x\n");
    let config = dir.path().join("engage.toml");
    std::fs::write(&config, "[defaults]\nguest_orders = \"skip\"\n").expect("config");
    let config = config.to_string_lossy().into_owned();
    let r = one_row(&["orders", RETAIL, "--config", &config, "-f", "csv"]);
    assert_eq!(r["orders"], "5");
    // The flag wins over the file.
    let r = one_row(&[
        "orders",
        RETAIL,
        "--config",
        &config,
        "--guest-orders",
        "include",
        "-f",
        "csv",
    ]);
    assert_eq!(r["orders"], "6");
}

#[test]
fn guest_orders_count_in_their_segment() {
    // web: a 10.00, b 2.00, a guest 1.00; shop: a guest 5.00 only.
    let (_dir, path) = temp_csv(
        "seg.csv",
        "order_id,customer_id,amount,channel\n1,a,10.00,web\n2,,5.00,shop\n3,b,2.00,web\n4,,1.00,web\n",
    );
    let rows = csv_rows(&[
        "orders",
        &path,
        "--guest-orders",
        "include",
        "--segment",
        "channel",
        "-f",
        "csv",
    ]);
    assert_eq!(rows[0]["channel"], "shop");
    assert_eq!(rows[0]["orders"], "1");
    assert_eq!(rows[0]["customers"], "0");
    assert_eq!(rows[0]["revenue"], "5.00");
    assert_eq!(rows[0]["purchase_frequency"], "");
    assert_eq!(rows[0]["guest_orders"], "1");
    assert_eq!(rows[1]["channel"], "web");
    assert_eq!(rows[1]["orders"], "3");
    assert_eq!(rows[1]["customers"], "2");
    assert_eq!(rows[1]["revenue"], "13.00");
    assert!(close(&rows[1]["purchase_frequency"], 1.0));
    assert_eq!(rows[1]["guest_orders"], "1");
}

/// A file whose only order is a guest's, read with --guest-orders skip:
/// nothing is invalid, so the error says what left the order out.
#[test]
fn no_order_left_after_skipping_guests_says_so() {
    orders_fail(
        "guests.csv",
        "order_id,customer_id,order_date,amount\n1,,2024-01-01,5.00\n",
        &["--guest-orders", "skip"],
        "guests.csv: no orders left to count (1 guest order left out (guest orders: skip))",
    );
}

/// A refund written as a negative number (some exports sign it) is taken
/// by its size: 10.00 less a refund of -4.00 is 6.00, not 14.00; the same
/// as the refund written 4.00.
#[test]
fn a_negative_refund_lowers_net_revenue_like_a_positive_one() {
    let head = "order_id,customer_id,order_date,amount,refunded\n";
    let (_neg_dir, neg) = temp_csv(
        "neg.csv",
        &format!("{head}1,a,2024-01-05,10,-4\n2,b,2024-01-06,5,\n"),
    );
    let (_pos_dir, pos) = temp_csv(
        "pos.csv",
        &format!("{head}1,a,2024-01-05,10,4\n2,b,2024-01-06,5,\n"),
    );
    let args = [
        "--refund-col",
        "refunded",
        "--revenue",
        "net",
        "-f",
        "csv",
        "-q",
    ];
    let negative = one_row(&[&["orders", neg.as_str()][..], &args].concat());
    assert_eq!(negative["revenue"], "11.00");
    assert!(close(&negative["aov"], 5.5));
    let positive = one_row(&[&["orders", pos.as_str()][..], &args].concat());
    assert_eq!(positive, negative);
}
