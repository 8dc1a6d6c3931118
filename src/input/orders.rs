//! Order exports -> one typed row per counted order.
//!
//! One read per file (see `chunks`) takes only the mapped columns, as text,
//! and parses them in place (amounts to integer cents, dates to day numbers, statuses to
//! counted/not). The typed rows are collected once (or, for inputs larger
//! than memory, batch by batch with ids turned into codes as they come, see
//! `batched`); a row's amount is made from its quantity and unit price
//! when the file has those instead of an amount; rows that share an order
//! id are folded into one order; cancellations (an order id prefix) and
//! orders whose status does not count are dropped, and with `--revenue
//! net` refunds subtracted; then every remaining value is validated. Guest
//! orders (blank customer id) are an error, dropped, or kept apart from
//! the identified orders (`--guest-orders`). The result feeds
//! `metrics::orders` and holds no raw text but segment values.

use std::sync::Arc;

use anyhow::{bail, Result};
use polars::prelude::*;
use rayon::prelude::*;

use super::columns::{self, Role};
use super::loader;
use super::parse::{
    line_cents, normalize_customer, parse_amount, parse_fixed_as, CellError, PRICE_PLACES,
    QUANTITY_PLACES,
};
use super::presets::{self, Chosen, Kind, Preset};
use super::validate::{
    blank_check, date_check, drop_problems, internal, problem_codes, Check, Problem, Validator,
};
use super::{
    date_kind, encode, encode_grouped, encode_segments, names, read_header, scan_all,
    segment_column, trimmed, Cell, CellKind, Keep, Lookup, Skipped, Source, Texts, Typed, DATE,
    FILE, ROW,
};
use crate::cli::{GuestOrders, LineItems, Revenue};
use crate::config::{usage, InputOptions, OrdersConfig, StatusRule};

/// Column names of the frame handed to `metrics`.
pub const CUSTOMER: &str = "customer_id";
pub const CENTS: &str = "_cents";
const ORDER_ID: &str = "order_id";
const COUNTED: &str = "_counted";
/// A row's quantity in thousandths, and its unit price in ten-thousandths
/// (by-line amounts, until they become `_cents`).
const QUANTITY: &str = "_quantity";
const PRICE: &str = "_price";
/// The amount refunded on an order, in cents (`--revenue net`).
const REFUND: &str = "_refund";
/// Whether the order id starts with the cancellation prefix.
const CANCELLED: &str = "_cancelled";
/// The customer column a `0` or blank customer falls back to.
const CUSTOMER_ALT: &str = "_customer_alt";

/// Which header column each role took, per file, for messages and metadata.
#[derive(Debug, Clone)]
pub struct FileColumns {
    pub header: Vec<String>,
    pub customer: usize,
    /// The amount column, or with `quantity` the unit price column.
    pub amount: usize,
    /// The quantity column: amounts are quantity x unit price per row.
    pub quantity: Option<usize>,
    /// The refunded amount (read with `--revenue net`).
    pub refund: Option<usize>,
    /// The column a customer value of `0` or blank falls back to.
    pub customer_alt: Option<usize>,
    pub order_id: Option<usize>,
    pub date: Option<usize>,
    pub status: Option<usize>,
    pub segments: Vec<usize>,
}

pub struct LoadedOrders {
    /// One row per counted, valid order: customer_id (dense u32 code),
    /// _cents (i64), _date (i32 days, when dates are needed), _seg0.. (u32
    /// codes into `segment_values`, null for blank). Rows in no particular
    /// order (grouped by customer code range, which keeps tallies in cache).
    pub frame: DataFrame,
    /// The text of each segment code, per segment column.
    pub segment_values: Vec<Vec<String>>,
    /// The text of each customer code, when `OrdersConfig::customer_ids`
    /// asks for it (else empty: most commands never show an id).
    pub customer_ids: Texts,
    /// The code of a customer id, when `OrdersConfig::customer_lookup`
    /// asks for it.
    pub customer_lookup: Option<Lookup>,
    pub columns: Vec<FileColumns>,
    pub rows_read: u64,
    /// Orders dropped because of their status.
    pub excluded_by_status: u64,
    pub skipped: Skipped,
    /// The first `file:line`s of each reason rows were skipped for (only
    /// when read for `engage check`).
    pub skipped_at: std::collections::BTreeMap<String, Vec<String>>,
    /// The preset the files were read with.
    pub preset: Option<Chosen>,
    /// What folding rows into orders found.
    pub folding: Folding,
    /// Guest orders (blank customer id) with `--guest-orders include`: the
    /// columns of `frame`, customer_id null. Never in `frame`, so the
    /// per-customer stage and every customer metric never see them.
    pub guests: DataFrame,
    /// Returns, cancellations and guests found.
    pub facts: Facts,
}

/// What the line-level rules found, for notes, metadata and `engage check`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Amounts came from quantity x unit price (in every file).
    pub by_line: bool,
    /// How an order's rows made its amount (`sum` when by line).
    pub line_items: Option<LineItems>,
    /// Rows with a negative quantity outside cancellation invoices.
    pub return_lines: u64,
    /// Orders excluded because their id starts with the cancellation prefix.
    pub cancelled_orders: u64,
    /// Their rows.
    pub cancelled_rows: u64,
    /// Counted orders with a blank customer id: included (`guests`), or
    /// skipped with `--guest-orders skip`.
    pub guest_orders: u64,
    pub guests_skipped: u64,
    /// Orders whose net amount (`--revenue net`) is below their gross.
    pub refunded_orders: u64,
    /// The amount column looks like a unit price and a quantity column is
    /// there: (amount, quantity) headers, for a warning.
    pub price_as_amount: Option<(String, String)>,
}

/// Order exports for the shared loader (see `loader`).
pub struct Orders;

impl loader::Kind for Orders {
    type Config = OrdersConfig;
    type Loaded = LoadedOrders;
    const PRESETS: Kind = Kind::Orders;

    fn files(cfg: &OrdersConfig) -> &[String] {
        &cfg.files
    }

    fn input(cfg: &OrdersConfig) -> &InputOptions {
        &cfg.input
    }

    fn apply(cfg: &mut OrdersConfig, preset: &Preset, sources: &mut [Source]) -> Result<()> {
        let mut status = cfg.status_given.then(|| cfg.status.clone());
        presets::apply_orders(
            preset,
            sources,
            &mut cfg.input,
            &mut cfg.columns,
            &mut status,
        )?;
        if let Some(s) = status {
            cfg.status = s;
        }
        if let Some(p) = preset
            .cancel_id_prefix
            .as_ref()
            .filter(|p| !p.trim().is_empty())
        {
            cfg.cancel_id_prefix = Some(p.clone());
        }
        Ok(())
    }

    fn load_from(
        cfg: &OrdersConfig,
        sources: &[Source],
        positions: bool,
    ) -> Result<Option<LoadedOrders>> {
        load_from(cfg, sources, positions)
    }

    fn set_preset(loaded: &mut LoadedOrders, preset: Option<Chosen>) {
        loaded.preset = preset;
    }
}

/// See [`loader::prepare`].
pub fn prepare(cfg: &OrdersConfig) -> Result<(OrdersConfig, Vec<Source>, Option<Chosen>)> {
    loader::prepare::<Orders>(cfg)
}

/// See [`loader::prepare_sources`].
pub fn prepare_sources(
    cfg: &OrdersConfig,
    sources: Vec<Source>,
) -> Result<(OrdersConfig, Vec<Source>, Option<Chosen>)> {
    loader::prepare_sources::<Orders>(cfg, sources)
}

/// See [`loader::check_sources`].
pub fn check_sources(cfg: &OrdersConfig, sources: &[Source]) -> Result<LoadedOrders> {
    loader::check_sources::<Orders>(cfg, sources)
}

/// See [`loader::load`].
pub fn load(cfg: &OrdersConfig) -> Result<(OrdersConfig, Vec<Source>, LoadedOrders)> {
    loader::load::<Orders>(cfg)
}

/// See [`loader::load_sources`].
pub fn load_sources(cfg: &OrdersConfig, sources: &[Source]) -> Result<LoadedOrders> {
    loader::load_sources::<Orders>(cfg, sources)
}

fn load_from(
    cfg: &OrdersConfig,
    sources: &[Source],
    positions: bool,
) -> Result<Option<LoadedOrders>> {
    let need_dates = cfg.scope.needs_dates();
    let segment_names: Vec<String> = (0..cfg.scope.segments.len()).map(segment_column).collect();
    let segments = segment_names.iter().cloned();
    // Customer codes come first either way; their text is kept only when
    // asked for (the dictionaries follow this order).
    let (plain, texts): (&[&str], Vec<String>) = match cfg.customer_ids {
        true => (
            &[],
            std::iter::once(CUSTOMER.to_string())
                .chain(segments)
                .collect(),
        ),
        false => (&[CUSTOMER], segments.collect()),
    };
    // Order ids are checked as they are read, batch by batch, and dropped
    // while they never repeat (see `batched::Ids`), so that their text is
    // not held (16 bytes an order); customer ids and segment values become
    // codes as they are read too when the input is larger than memory. A
    // customer that falls back to another column is settled before ids
    // become codes, so such files are read whole, ids kept.
    let batched_ok = cfg.columns.customer_fallback.is_none();
    let in_batches = batched_ok && super::batched::wanted(sources);
    if in_batches {
        // A read of a minute or more: freed memory is given back.
        crate::keep_freed_memory(false);
    }
    let batched = match batched_ok {
        true => super::batched::read(
            sources,
            "orders",
            |source| map_columns(cfg, source, need_dates),
            |cols| typed(cfg, cols),
            super::batched::Encoded {
                id: Some(ORDER_ID),
                without_values: if in_batches { plain } else { &[] },
                with_values: if in_batches { &texts } else { &[] },
                few: if in_batches { &[] } else { &segment_names },
                lookup: match in_batches {
                    true => cfg.customer_lookup.then_some(CUSTOMER),
                    false => None,
                },
            },
            positions,
        )?,
        false => None,
    };
    // Order ids never repeat (or there are none): whether any row has one.
    let mut checked_ids = None;
    let n_segments = cfg.scope.segments.len();
    // The values of the segment codes, when not coded as read.
    let mut whole_segment_values = Vec::new();
    // Segment values become codes at once: four bytes a row, not the text,
    // go through the checks, folding and filters.
    // (Those in `coded` were coded as read: see `batched::Few`.)
    let mut encode_segment_values = |all: &mut DataFrame, coded| -> Result<()> {
        let (codes, values) = encode_segments(all, n_segments, coded).map_err(|e| internal(&e))?;
        for c in codes {
            all.with_column(c).map_err(|e| internal(&e))?;
        }
        whole_segment_values = values;
        Ok(())
    };
    let mut customer_lookup = None;
    let (all, mapped, dictionaries, rows_read) = match batched {
        Some(b) if in_batches => {
            checked_ids = Some(b.has_ids);
            customer_lookup = b.lookup;
            (b.frame, b.mapped, Some(b.dictionaries), b.rows_read)
        }
        Some(mut b) => {
            checked_ids = Some(b.has_ids);
            encode_segment_values(&mut b.frame, std::mem::take(&mut b.few))?;
            (b.frame, b.mapped, None, b.rows_read)
        }
        None => {
            let (mut all, mapped) = scan_all(
                sources,
                "orders",
                positions,
                |source| map_columns(cfg, source, need_dates),
                |cols| typed(cfg, cols),
            )?;
            encode_segment_values(&mut all, Vec::new())?;
            let rows = all.height() as u64;
            (all, mapped, None, rows)
        }
    };
    let headers = mapped.iter().map(|c| c.header.as_slice()).collect();
    let mut validator = Validator::new(sources, headers, cfg.scope.skip_invalid);
    let per_file = |f: fn(&FileColumns) -> usize| mapped.iter().map(f).collect::<Vec<_>>();
    let date_columns = || per_file(|c| c.date.unwrap_or(c.customer));

    // Cells that are there but unreadable are wrong whatever the order's
    // status, so they are checked row by row, before orders are formed.
    let by_line = mapped.iter().filter(|c| c.quantity.is_some()).count();
    if by_line > 0 && by_line < mapped.len() {
        bail!(
            "{}: some files have an amount column and some quantity and unit price columns; \
             read them separately, or map one layout with --amount-col or --quantity-col \
             and --unit-price-col",
            names(sources)
        );
    }
    let by_line = by_line > 0;
    if by_line && cfg.line_items_given && cfg.line_items == LineItems::First {
        return Err(usage(
            "--line-items first: amounts are quantity x unit price per row, so an order's \
             amount is the sum of its rows; leave out --line-items",
        ));
    }
    let mut row_checks = vec![cents_check(per_file(|c| c.amount), false)];
    if by_line {
        let quantities = per_file(|c| c.quantity.unwrap_or(c.amount));
        row_checks.push(fixed_check(
            QUANTITY,
            PRICE,
            quantities.clone(),
            &QUANTITY_PROBLEMS,
        ));
        row_checks.push(fixed_check(
            PRICE,
            QUANTITY,
            per_file(|c| c.amount),
            &PRICE_PROBLEMS,
        ));
        row_checks.push(line_range_check(quantities));
    }
    if cfg.revenue == Revenue::Net {
        let refunds = per_file(|c| c.refund.unwrap_or(c.amount));
        row_checks.push(fixed_check(REFUND, REFUND, refunds, &REFUND_PROBLEMS));
    }
    if need_dates {
        row_checks.push(date_check(date_columns(), None));
    }
    let rows = drop_problems(&validator.validate(all, &row_checks)?);
    let mut facts = Facts {
        price_as_amount: price_as_amount(&mapped),
        by_line,
        line_items: Some(match by_line {
            true => LineItems::Sum,
            false => cfg.line_items,
        }),
        ..Facts::default()
    };
    let rows = line_rows(rows, &mut facts).map_err(|e| internal(&e))?;
    check_sum_range(&rows, sources)?;

    let (orders, folding) = match checked_ids {
        // Ids were checked and dropped as they were read: no id repeats.
        Some(has_order_ids) => {
            let folding = no_folding(&rows, has_order_ids).map_err(|e| internal(&e))?;
            (rows, folding)
        }
        None => {
            let how = facts.line_items.unwrap_or(cfg.line_items);
            let (orders, folding) = fold_line_items(rows, how).map_err(|e| internal(&e))?;
            (orders.drop(ORDER_ID).map_err(|e| internal(&e))?, folding)
        }
    };
    let orders = drop_cancelled(orders, &mut facts).map_err(|e| internal(&e))?;
    let before = orders.height();
    // No status column in any file: a preset's list of counted statuses
    // has nothing to match, and every order counts (a rule given by the
    // user still applies, and names the problem).
    let orders = match cfg.status_given || mapped.iter().any(|c| c.status.is_some()) {
        true => filter_status(orders, &cfg.status).map_err(|e| internal(&e))?,
        false => orders,
    };
    let excluded_by_status = (before - orders.height()) as u64;
    let orders = match cfg.revenue {
        Revenue::Net => net_revenue(orders, &mut facts).map_err(|e| internal(&e))?,
        Revenue::Gross => orders,
    };

    // Blanks are checked per order: a line-item row may leave the total
    // blank, an order may not.
    let mut order_checks = vec![cents_check(per_file(|c| c.amount), true)];
    if cfg.guest_orders == GuestOrders::Error {
        order_checks.insert(
            0,
            blank_check(per_file(|c| c.customer), CUSTOMER, CUSTOMER_BLANK),
        );
    }
    if need_dates {
        order_checks.push(date_check(date_columns(), Some(DATE_BLANK)));
    }
    let orders = validator.validate(orders, &order_checks)?;
    if !validator.proceed(positions)? {
        return Ok(None);
    }
    let guests = orders
        .column(CUSTOMER)
        .map_err(|e| internal(&e))?
        .null_count() as u64;
    let orders = match (cfg.guest_orders, guests) {
        (GuestOrders::Skip, 1..) => {
            facts.guests_skipped = guests;
            let known = orders
                .column(CUSTOMER)
                .map_err(|e| internal(&e))?
                .is_not_null();
            orders.filter(&known).map_err(|e| internal(&e))?
        }
        (GuestOrders::Include, _) => {
            facts.guest_orders = guests;
            orders
        }
        _ => orders,
    };
    if orders.height() == 0 && excluded_by_status > 0 && excluded_by_status == before as u64 {
        bail!(
            "{}: no orders left: all {before} have a status that does not count ({}); \
             see --exclude-status / --include-status",
            names(sources),
            describe_rule(&cfg.status)
        );
    }
    if orders.height() == 0 {
        // Why nothing is left: rows skipped as invalid, guest orders left
        // out, cancellations (each named, so that the fix is findable).
        let mut why = Vec::new();
        let invalid = validator.reasons();
        // The first skipped row is named as the error without
        // --skip-invalid names it: its line needs the rows' positions.
        if !invalid.is_empty() && !positions {
            return Ok(None);
        }
        if !invalid.is_empty() {
            why.push(format!("invalid rows skipped ({invalid})"));
        }
        let s = |n: u64| if n == 1 { "" } else { "s" };
        if facts.guests_skipped > 0 {
            let n = facts.guests_skipped;
            why.push(format!(
                "{n} guest order{} left out (guest orders: skip)",
                s(n)
            ));
        }
        if facts.cancelled_orders > 0 {
            let n = facts.cancelled_orders;
            why.push(format!("{n} cancellation{} by the order id prefix", s(n)));
        }
        let what = format!(
            "{}: no orders left to count ({})",
            names(sources),
            why.join("; ")
        );
        return Err(validator.nothing_left(what, rows_read));
    }
    let mut customer_ids = Texts::default();
    let (frame, segment_values) = match dictionaries {
        Some(mut dictionaries) => {
            // Already codes; the customer dictionary is empty unless asked
            // for.
            let segment_values = dictionaries
                .split_off(1)
                .iter()
                .map(|t| t.iter().map(String::from).collect())
                .collect();
            customer_ids = dictionaries.pop().unwrap_or_default();
            let mut keep = vec![col(CUSTOMER), col(CENTS)];
            if need_dates {
                keep.push(col(DATE));
            }
            keep.extend((0..n_segments).map(|k| col(segment_column(k))));
            let frame = orders
                .lazy()
                .select(keep)
                .collect()
                .map_err(|e| internal(&e))?;
            (frame, segment_values)
        }
        None => {
            let keep = match (cfg.customer_ids, cfg.customer_lookup) {
                (true, _) => Keep::Texts(&mut customer_ids),
                (false, true) => Keep::Lookup(&mut customer_lookup),
                (false, false) => Keep::Codes,
            };
            let frame =
                encode_keys(orders, need_dates, n_segments, keep).map_err(|e| internal(&e))?;
            (frame, whole_segment_values)
        }
    };
    let (frame, guests) = split_guests(frame).map_err(|e| internal(&e))?;
    let skipped_at = if positions {
        validator.examples()
    } else {
        Default::default()
    };
    let skipped = validator.into_counts();
    Ok(Some(LoadedOrders {
        frame,
        segment_values,
        customer_ids,
        customer_lookup,
        columns: mapped,
        rows_read,
        excluded_by_status,
        skipped,
        skipped_at,
        preset: None,
        folding,
        guests,
        facts,
    }))
}

/// Whether the first file's amount column is a unit price by its name
/// while a quantity column sits beside it (`--amount-col UnitPrice` on an
/// invoice-line export counts 6 x 2.55 as 2.55): its header and the
/// quantity's.
fn price_as_amount(mapped: &[FileColumns]) -> Option<(String, String)> {
    let c = mapped.first().filter(|c| c.quantity.is_none())?;
    let amount = &c.header[c.amount];
    let known = |role: &Role, name: &str| role.aliases.contains(&columns::normalize(name).as_str());
    if !known(&columns::UNIT_PRICE, amount) {
        return None;
    }
    let quantity = c.header.iter().find(|h| known(&columns::QUANTITY, h))?;
    Some((amount.clone(), quantity.clone()))
}

/// Rows read with quantity x unit price get their line amount in
/// `_cents`, exact and rounded once (see [`line_cents`]); rows with a
/// negative quantity outside cancellations are counted as returns. A
/// customer of `0` or blank takes the fallback column's value. The
/// quantity, price and fallback columns are dropped.
fn line_rows(rows: DataFrame, facts: &mut Facts) -> PolarsResult<DataFrame> {
    let mut rows = rows;
    if let Ok(c) = rows.column(CANCELLED) {
        facts.cancelled_rows = c.bool()?.sum().unwrap_or(0) as u64;
    }
    if facts.by_line {
        let q = rows.column(QUANTITY)?.i64()?;
        let p = rows.column(PRICE)?.i64()?;
        let cancelled = match rows.column(CANCELLED) {
            Ok(c) => Some(c.bool()?.clone()),
            Err(_) => None,
        };
        let mut overflow = false;
        let cents: Int64Chunked = q
            .iter()
            .zip(p.iter())
            .map(|(q, p)| match (q, p) {
                (Some(q), Some(p)) => {
                    let c = line_cents(q, p);
                    overflow |= c.is_none();
                    c
                }
                _ => None,
            })
            .collect();
        if overflow {
            polars_bail!(ComputeError: "a line amount (quantity x unit price) is too large to sum in cents");
        }
        let cancelled_at = |i: usize| cancelled.as_ref().and_then(|c| c.get(i)) == Some(true);
        facts.return_lines = q
            .iter()
            .enumerate()
            .filter(|(i, v)| v.is_some_and(|v| v < 0) && !cancelled_at(*i))
            .count() as u64;
        rows.with_column(cents.with_name(CENTS.into()).into_column())?;
    }
    if let Ok(alt) = rows.column(CUSTOMER_ALT) {
        let alt = alt.str()?.clone();
        let customers: StringChunked = rows
            .column(CUSTOMER)?
            .str()?
            .iter()
            .zip(alt.iter())
            .map(|(c, a)| match c {
                Some(c) if c != "0" => Some(c),
                _ => a.filter(|a| *a != "0"),
            })
            .collect();
        rows.with_column(customers.with_name(CUSTOMER.into()).into_column())?;
    }
    for name in [QUANTITY, PRICE, CUSTOMER_ALT] {
        if rows.column(name).is_ok() {
            rows = rows.drop(name)?;
        }
    }
    Ok(rows)
}

/// Orders whose id starts with the cancellation prefix, dropped and
/// counted (before the status rule, so that each is counted once).
fn drop_cancelled(orders: DataFrame, facts: &mut Facts) -> PolarsResult<DataFrame> {
    let Ok(c) = orders.column(CANCELLED) else {
        return Ok(orders);
    };
    let cancelled = c.bool()?.fill_null_with_values(false)?;
    facts.cancelled_orders = cancelled.sum().unwrap_or(0) as u64;
    let orders = match facts.cancelled_orders {
        0 => orders,
        _ => filter_owned(orders, &!&cancelled)?,
    };
    orders.drop(CANCELLED)
}

/// `--revenue net`: each counted order's amount less its refunded amount
/// (a blank refund is 0); the orders with a refund are counted. A refund is
/// taken by its size: some exports write refunds as negative numbers, and
/// a refund never adds revenue.
fn net_revenue(orders: DataFrame, facts: &mut Facts) -> PolarsResult<DataFrame> {
    let mut orders = orders;
    let cents = orders.column(CENTS)?.i64()?;
    let refund = orders.column(REFUND)?.i64()?;
    let mut refunded = 0u64;
    let net: Int64Chunked = cents
        .iter()
        .zip(refund.iter())
        .map(|(c, r)| match (c, r) {
            (Some(c), Some(r)) if r != 0 => {
                refunded += 1;
                r.checked_abs().and_then(|r| c.checked_sub(r))
            }
            (c, _) => c,
        })
        .collect();
    facts.refunded_orders = refunded;
    orders.with_column(net.with_name(CENTS.into()).into_column())?;
    orders.drop(REFUND)
}

/// The identified orders and the guest orders (blank customer id), apart.
fn split_guests(frame: DataFrame) -> PolarsResult<(DataFrame, DataFrame)> {
    let known = frame.column(CUSTOMER)?.is_not_null();
    if known.all() {
        let guests = frame.clear();
        return Ok((frame, guests));
    }
    let guests = frame.filter(&!&known)?;
    Ok((frame.filter(&known)?, guests))
}

/// The largest total engage adds up exactly: `i64::MAX` cents.
const MAX_TOTAL_CENTS: i128 = i64::MAX as i128;

/// Every total engage makes (revenue, per customer, period and segment,
/// line items folded with `--line-items sum`) adds up some of the amounts
/// read, so when their absolute values add up to at most
/// [`MAX_TOTAL_CENTS`] no total, in any order of adding, can leave the
/// range of exact cents; otherwise it is an error before any is made.
fn check_sum_range(rows: &DataFrame, sources: &[Source]) -> Result<()> {
    let cents = rows.column(CENTS).map_err(|e| internal(&e))?;
    let cents = cents.i64().map_err(|e| internal(&e))?;
    // At most 2^32 rows of at most 2^63 cents: no overflow in i128.
    let total: i128 = match cents.null_count() {
        0 => cents
            .downcast_iter()
            .flat_map(|a| a.values().iter())
            .map(|&c| i128::from(c).abs())
            .sum(),
        _ => cents.iter().flatten().map(|c| i128::from(c).abs()).sum(),
    };
    if total > MAX_TOTAL_CENTS {
        bail!(
            "{}: the amounts add up to more than 92,233,720,368,547,758.07 \
             (counting refunds as positive), the most engage sums exactly; \
             check the amount column for a wrong value, or split the input",
            names(sources)
        );
    }
    Ok(())
}

fn describe_rule(rule: &StatusRule) -> String {
    match rule {
        StatusRule::Exclude(l) => format!("excluded: {}", l.join(", ")),
        StatusRule::Include(l) => format!("counted: {}", l.join(", ")),
    }
}

fn map_columns(cfg: &OrdersConfig, source: &Source, need_dates: bool) -> Result<FileColumns> {
    let header = read_header(source)?;
    let c = &cfg.columns;
    let name = source.name.as_str();
    let find = |role: &Role, mapped: &Option<String>| {
        columns::find(name, &header, role, mapped.as_deref())
    };
    let require = |role: &Role, mapped: &Option<String>| {
        columns::require(name, &header, role, mapped.as_deref())
    };
    if c.amount.is_none() && c.quantity.is_none() && c.unit_price.is_none() {
        refuse_survey_file(name, &header)?;
    }
    let segments = columns::segments(name, &header, &cfg.scope.segments)?;
    let date = if need_dates {
        Some(require(&columns::ORDER_DATE, &c.date)?)
    } else {
        find(&columns::ORDER_DATE, &c.date)?
    };
    let (amount, quantity) = amount_columns(cfg, source, &header)?;
    let refund = match cfg.revenue {
        Revenue::Net => Some(require(&columns::REFUND, &c.refund)?),
        Revenue::Gross => None,
    };
    let customer_alt = c
        .customer_fallback
        .as_deref()
        .and_then(|n| columns::find_named(&header, n));
    Ok(FileColumns {
        customer: require(&columns::CUSTOMER_ID, &c.customer)?,
        amount,
        quantity,
        refund,
        customer_alt,
        order_id: find(&columns::ORDER_ID, &c.order_id)?,
        date,
        status: find(&columns::STATUS, &c.status)?,
        segments,
        header,
    })
}

/// The amount column, or the unit price and quantity columns: an amount
/// column mapped (flag or preset) wins; then a quantity or unit price
/// mapped; then the aliases, an amount first; then the usual error.
pub fn amount_columns(
    cfg: &OrdersConfig,
    source: &Source,
    header: &[String],
) -> Result<(usize, Option<usize>)> {
    let c = &cfg.columns;
    let name = source.name.as_str();
    let require = |role: &Role, mapped: &Option<String>| {
        columns::require(name, header, role, mapped.as_deref())
    };
    if c.amount.is_some() {
        return Ok((require(&columns::AMOUNT, &c.amount)?, None));
    }
    let by_line = || -> Result<(usize, Option<usize>)> {
        let quantity = require(&columns::QUANTITY, &c.quantity)?;
        Ok((
            require(&columns::UNIT_PRICE, &c.unit_price)?,
            Some(quantity),
        ))
    };
    if c.quantity.is_some() || c.unit_price.is_some() {
        return by_line();
    }
    if let Some(i) = columns::find(name, header, &columns::AMOUNT, None)? {
        return Ok((i, None));
    }
    if let Some(q) = columns::find(name, header, &columns::QUANTITY, None)? {
        if columns::find(name, header, &columns::UNIT_PRICE, None)?.is_none() {
            bail!(
                "{name}: no amount column, and no unit price beside the quantity column '{}' \
                 (found: {}); map the order total with --amount-col COLUMN or the unit price \
                 with --unit-price-col COLUMN",
                crate::text::shorten(&header[q]),
                columns::list(header)
            );
        }
        return by_line();
    }
    Ok((require(&columns::AMOUNT, &None)?, None))
}

/// A survey export given as orders (`--orders answers.csv`) fails on a
/// missing amount or date column whose message does not say what went
/// wrong: say it, when the file has a score column and no amount or
/// quantity column.
fn refuse_survey_file(name: &str, header: &[String]) -> Result<()> {
    let has = |role: &Role| columns::find(name, header, role, None).map(|i| i.is_some());
    if has(&columns::AMOUNT)? || has(&columns::QUANTITY)? {
        return Ok(());
    }
    if has(&columns::NPS)? || has(&columns::CSAT)? {
        bail!(
            "{name}: this looks like a survey export (an NPS or CSAT column, no amount column; \
             found: {}), not orders: give it to `engage survey` or `engage report --surveys`, \
             or map the order total with --amount-col COLUMN",
            columns::list(header)
        );
    }
    Ok(())
}

/// What is read of one file: only the mapped columns, parsed in place.
fn typed(cfg: &OrdersConfig, cols: &FileColumns) -> Typed {
    let cell = |name: &str, i: Option<usize>, kind: CellKind| Cell {
        name: name.to_string(),
        column: i.map(|i| (i, cols.header[i].clone())),
        kind,
    };
    let decimal_comma = cfg.input.decimal_comma;
    let rule = cfg.status.clone();
    let mut cells = vec![
        cell(ORDER_ID, cols.order_id, CellKind::Text(trimmed)),
        cell(
            CUSTOMER,
            Some(cols.customer),
            CellKind::Text(normalize_customer),
        ),
        // Amounts into cents; with `decimal_comma`, `1.234,50`. Read by
        // line, the amount is made from the quantity and unit price below.
        cell(
            CENTS,
            Some(cols.amount).filter(|_| cols.quantity.is_none()),
            CellKind::Int64(Arc::new(move |v: Option<&str>| {
                parse_amount(v.unwrap_or(""), decimal_comma)
            })),
        ),
        cell(
            QUANTITY,
            cols.quantity,
            fixed(QUANTITY_PLACES, decimal_comma),
        ),
        cell(
            PRICE,
            Some(cols.amount).filter(|_| cols.quantity.is_some()),
            fixed(PRICE_PLACES, decimal_comma),
        ),
        // true: the order counts; false: its status excludes it; null:
        // blank status (decided per order, since line-item rows often leave
        // it blank).
        cell(
            COUNTED,
            cols.status,
            CellKind::Boolean(Arc::new(move |v: Option<&str>| {
                v.filter(|s| !s.trim().is_empty())
                    .map(|s| rule.counts(Some(s)))
            })),
        ),
    ];
    if cfg.revenue == Revenue::Net {
        cells.push(cell(REFUND, cols.refund, fixed(2, decimal_comma)));
    }
    if let Some(prefix) = cfg.cancel_id_prefix.clone() {
        // Matched as written, case included, after trimming.
        cells.push(cell(
            CANCELLED,
            cols.order_id,
            CellKind::Boolean(Arc::new(move |v: Option<&str>| {
                v.map(|s| s.trim().starts_with(prefix.as_str()))
            })),
        ));
    }
    if cfg.columns.customer_fallback.is_some() {
        cells.push(cell(
            CUSTOMER_ALT,
            cols.customer_alt,
            CellKind::Text(normalize_customer),
        ));
    }
    if cfg.scope.needs_dates() {
        let rules = cfg
            .input
            .date_rules_for(cols.date.map_or("", |i| &cols.header[i]));
        cells.push(cell(DATE, cols.date, date_kind(rules)));
    }
    for (k, &i) in cols.segments.iter().enumerate() {
        cells.push(cell(&segment_column(k), Some(i), CellKind::Text(trimmed)));
    }
    Typed {
        width: cols.header.len(),
        cells,
    }
}

/// A number read exactly in units of `10^-places` (see [`parse_fixed_as`]).
fn fixed(places: usize, decimal_comma: bool) -> CellKind {
    CellKind::Int64(Arc::new(move |v: Option<&str>| {
        parse_fixed_as(v.unwrap_or(""), places, decimal_comma)
    }))
}

/// The frame `metrics` gets: customer ids replaced by dense codes (the
/// segments are codes already), rows grouped by customer code range (see
/// [`encode_grouped`]; no metric depends on row order).
fn encode_keys(
    orders: DataFrame,
    need_dates: bool,
    n_segments: usize,
    keep: Keep,
) -> PolarsResult<DataFrame> {
    let customers = orders.column(CUSTOMER)?.str()?;
    let (codes, order) = match customers.null_count() {
        0 => {
            let (codes, rows) = encode_grouped(customers, keep)?;
            (codes, Some(rows))
        }
        _ => (encode(customers, keep)?, None),
    };
    let mut rest = vec![orders.column(CENTS)?.clone()];
    if need_dates {
        rest.push(orders.column(DATE)?.clone());
    }
    for k in 0..n_segments {
        rest.push(orders.column(&segment_column(k))?.clone());
    }
    drop(orders);
    let rest = match &order {
        Some(rows) => {
            let rows = rows.cont_slice()?;
            rest.into_iter()
                .map(|c| gather(c, rows))
                .collect::<PolarsResult<Vec<_>>>()?
        }
        None => rest,
    };
    let mut columns = vec![codes.with_name(CUSTOMER.into()).into_column()];
    columns.extend(rest);
    DataFrame::new_infer_height(columns)
}

/// `column`'s values at `rows`, in that order. Numbers without nulls (the
/// amounts, days and most segment codes) are gathered in parallel (see
/// [`gather_numbers`]); others by polars.
fn gather(column: Column, rows: &[IdxSize]) -> PolarsResult<Column> {
    let s = column.take_materialized_series();
    let out = match s.dtype() {
        _ if s.null_count() > 0 => None,
        DataType::Int64 => Some(gather_numbers(s.i64()?.clone(), rows)?.into_series()),
        DataType::Int32 => Some(gather_numbers(s.i32()?.clone(), rows)?.into_series()),
        DataType::UInt32 => Some(gather_numbers(s.u32()?.clone(), rows)?.into_series()),
        _ => None,
    };
    match out {
        Some(out) => Ok(out.into_column()),
        None => s.rechunk().take_slice(rows).map(Column::from),
    }
}

/// `ca` (no nulls) at `rows`: its chunks copied into one, then gathered,
/// both piece by piece in parallel. At 10M orders this took 0.09-0.11 s
/// where polars' rechunk and take, a column a thread, took 0.12-0.16 s
/// (medians of 8 alternating runs: 0.107 s and 0.146 s). Finding each
/// row's chunk instead of copying them into one was slower still
/// (0.14-0.21 s): each load waited on the search.
fn gather_numbers<T: PolarsNumericType>(
    ca: ChunkedArray<T>,
    rows: &[IdxSize],
) -> PolarsResult<ChunkedArray<T>> {
    let one = match ca.chunks().len() {
        1 => ca,
        _ => {
            let mut all = vec![T::Native::default(); ca.len()];
            let mut rest = all.as_mut_slice();
            let mut parts = Vec::with_capacity(ca.chunks().len());
            for chunk in ca.downcast_iter() {
                let (part, after) = rest.split_at_mut(chunk.len());
                parts.push((part, chunk.values().as_slice()));
                rest = after;
            }
            parts
                .into_par_iter()
                .for_each(|(part, values)| part.copy_from_slice(values));
            ChunkedArray::from_vec(ca.name().clone(), all)
        }
    };
    let values = one.cont_slice()?;
    let mut out = vec![T::Native::default(); rows.len()];
    out.par_chunks_mut(1 << 16)
        .zip(rows.par_chunks(1 << 16))
        .for_each(|(out, rows)| {
            for (o, &i) in out.iter_mut().zip(rows) {
                *o = values[i as usize];
            }
        });
    Ok(ChunkedArray::from_vec(one.name().clone(), out))
}

/// What folding rows into orders found, for warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Folding {
    /// Rows identical, in every column read, to an earlier row.
    pub duplicate_rows: u64,
    /// Whether rows carry order ids (so duplicates fold into one order).
    pub has_order_ids: bool,
    /// Orders (`--line-items first`) whose rows give different amounts.
    pub conflicting_orders: u64,
    /// The first such order id.
    pub conflict_example: Option<String>,
}

/// Rows that repeat an earlier row in every column read (but the file and
/// row position), amount included. Rows without an amount are not counted:
/// they are the continuation rows of a line-item export (Shopify leaves the
/// order's fields blank after its first row), alike by design.
fn duplicate_rows(df: &DataFrame) -> PolarsResult<u64> {
    let df = df.filter(&df.column(CENTS)?.is_not_null())?;
    let keys: Vec<Expr> = df
        .get_column_names()
        .into_iter()
        .filter(|n| ![FILE, ROW].contains(&n.as_str()))
        .map(|n| col(n.as_str()))
        .collect();
    let distinct = df
        .clone()
        .lazy()
        .group_by(keys)
        .agg([len().alias("_n")])
        .collect()?
        .height();
    Ok((df.height() - distinct) as u64)
}

/// What folding finds when no order id repeats (every row is an order),
/// for both reads: with order ids, no row is a duplicate (the ids tell the
/// orders apart); without, rows identical in every column read are counted
/// (see [`duplicate_rows`]), whatever their status.
fn no_folding(rows: &DataFrame, has_order_ids: bool) -> PolarsResult<Folding> {
    Ok(Folding {
        duplicate_rows: match has_order_ids {
            true => 0,
            false => duplicate_rows(rows)?,
        },
        has_order_ids,
        ..Folding::default()
    })
}

/// Rows that share an order id become one order: its first row's file/line,
/// and for every other field the first non-blank value of its rows, except
/// the amount under `--line-items sum`, which adds the rows up. Rows without
/// an order id are orders of their own. Skipped when no id repeats (the
/// common order-level export), which costs one pass.
fn fold_line_items(rows: DataFrame, how: LineItems) -> PolarsResult<(DataFrame, Folding)> {
    let ids = rows.column(ORDER_ID)?;
    let with_id = ids.len() - ids.null_count();
    let sorted = || Ok::<_, PolarsError>(super::batched::Ids::default().still_unique(ids.str()?));
    if with_id == 0 || sorted()? || ids.drop_nulls().n_unique()? == with_id {
        let folding = no_folding(&rows, with_id > 0)?;
        return Ok((rows, folding));
    }
    let mut folding = Folding {
        has_order_ids: true,
        ..Folding::default()
    };
    let mask = ids.is_not_null();
    let singles = rows.filter(&!&mask)?;
    let grouped = rows.filter(&mask)?;
    folding.duplicate_rows = duplicate_rows(&grouped)?;
    let first_non_null = |name: &str| col(name).drop_nulls().first().alias(name);
    let mut aggs = vec![col(FILE).first(), col(ROW).first()];
    for name in rows.get_column_names() {
        let name = name.as_str();
        if ![FILE, ROW, ORDER_ID, CENTS].contains(&name) {
            aggs.push(first_non_null(name));
        }
    }
    aggs.push(match how {
        LineItems::First => first_non_null(CENTS),
        LineItems::Sum => when(col(CENTS).count().gt(lit(0)))
            .then(col(CENTS).sum())
            .otherwise(lit(NULL).cast(DataType::Int64))
            .alias(CENTS),
    });
    const AMOUNTS: &str = "_amounts";
    aggs.push(col(CENTS).drop_nulls().n_unique().alias(AMOUNTS));
    let mut columns: Vec<Expr> = rows
        .get_column_names()
        .iter()
        .map(|n| col(n.as_str()))
        .collect();
    columns.push(col(AMOUNTS));
    let folded = grouped
        .lazy()
        .group_by_stable([col(ORDER_ID)])
        .agg(aggs)
        .select(columns)
        .collect()?;
    if how == LineItems::First {
        let conflicts = folded.column(AMOUNTS)?.as_materialized_series().gt(1)?;
        folding.conflicting_orders = conflicts.sum().unwrap_or(0) as u64;
        if folding.conflicting_orders > 0 {
            let ids = folded.column(ORDER_ID)?.filter(&conflicts)?;
            folding.conflict_example = ids.str()?.get(0).map(str::to_string);
        }
    }
    let folded = folded.drop(AMOUNTS)?;
    let mut out = singles;
    out.vstack_mut(&folded)?;
    // Back in file order, so that the first problem reported is the first in
    // the file and output never depends on hash order. Read without row
    // positions (every ROW 0), the sort keeps the order as stacked: orders
    // without an id, then the folded ones in order of first appearance
    // (`group_by_stable`), so the order named as the conflict example is
    // the first in the file either way.
    let out = out.sort(
        [FILE, ROW],
        SortMultipleOptions::default().with_maintain_order(true),
    )?;
    Ok((out, folding))
}

fn filter_status(orders: DataFrame, rule: &StatusRule) -> PolarsResult<DataFrame> {
    let counted = orders.column(COUNTED)?.bool()?;
    if counted.null_count() == counted.len() && matches!(rule, StatusRule::Exclude(_)) {
        return Ok(orders);
    }
    let mask = counted.fill_null_with_values(rule.counts(None))?;
    if mask.all() {
        // Nothing to drop: no copy.
        return Ok(orders);
    }
    filter_owned(orders, &mask)
}

/// The rows of `df` where `mask` is true, made a column at a time, each
/// column freed once filtered: the peak holds one column twice, not the
/// whole frame (`DataFrame::filter` copies every column before the old
/// frame can go).
fn filter_owned(df: DataFrame, mask: &BooleanChunked) -> PolarsResult<DataFrame> {
    let height = mask.num_trues();
    let columns = df
        .into_columns()
        .into_iter()
        .map(|c| {
            let kept = filter_chunks_in_parallel(&c, mask);
            // Given back before the next column is copied, in a read of
            // an input larger than memory (see `give_back_freed_memory`).
            drop(c);
            crate::give_back_freed_memory();
            kept
        })
        .collect::<PolarsResult<Vec<_>>>()?;
    DataFrame::new(height, columns)
}

/// `c` filtered by `mask`, its chunks (one per chunk read) in parallel:
/// one thread filtering 10M rows was a tenth of a second on the critical
/// path.
fn filter_chunks_in_parallel(c: &Column, mask: &BooleanChunked) -> PolarsResult<Column> {
    use rayon::prelude::*;
    if c.as_scalar_column().is_some() {
        return c.filter(mask);
    }
    let mut pieces = Vec::new();
    let mut at = 0;
    for len in c.as_materialized_series().chunk_lengths() {
        pieces.push((at, len));
        at += len;
    }
    let mut pieces = pieces
        .into_par_iter()
        .map(|(at, len)| c.slice(at as i64, len).filter(&mask.slice(at as i64, len)))
        .collect::<PolarsResult<Vec<_>>>()?
        .into_iter();
    let Some(mut out) = pieces.next() else {
        return c.filter(mask);
    };
    for p in pieces {
        out.append_owned(p)?;
    }
    Ok(out)
}

const CUSTOMER_BLANK: Problem = Problem {
    reason: "blank customer id",
    fix: "fill in the customer id or e-mail, or count such orders as guest orders with \
          --guest-orders include (or leave them out with --guest-orders skip)",
};

const AMOUNT_UNREADABLE: Problem = Problem {
    reason: "unreadable amount",
    fix: "write amounts like 1234.50 or $1,234.50",
};
const AMOUNT_SUBCENT: Problem = Problem {
    reason: "amount with more than two decimal places",
    fix: "amounts are summed in exact cents; round the value to cents",
};
const AMOUNT_BLANK: Problem = Problem {
    reason: "blank amount",
    fix: "fill in the order total",
};
const DATE_BLANK: Problem = Problem {
    reason: "blank date",
    fix: "fill in the order date",
};

/// What can be wrong with a quantity, a unit price or a refund: not a
/// number, too many decimals, blank while its partner column is not.
struct FixedProblems {
    unreadable: Problem,
    too_precise: Problem,
    blank: Problem,
}

const QUANTITY_PROBLEMS: FixedProblems = FixedProblems {
    unreadable: Problem {
        reason: "unreadable quantity",
        fix: "write quantities as numbers like 6, -1 or 2.5",
    },
    too_precise: Problem {
        reason: "quantity with more than three decimal places",
        fix: "quantities are read exactly to a thousandth; round the value",
    },
    blank: Problem {
        reason: "blank quantity",
        fix: "fill in the quantity of the line",
    },
};

const PRICE_PROBLEMS: FixedProblems = FixedProblems {
    unreadable: Problem {
        reason: "unreadable unit price",
        fix: "write prices like 2.55 or $1,234.50",
    },
    too_precise: Problem {
        reason: "unit price with more than four decimal places",
        fix: "unit prices are read exactly to 0.0001; round the value",
    },
    blank: Problem {
        reason: "blank unit price",
        fix: "fill in the unit price of the line",
    },
};

const REFUND_PROBLEMS: FixedProblems = FixedProblems {
    unreadable: Problem {
        reason: "unreadable refunded amount",
        fix: "write amounts like 30.00 (a blank refund is 0)",
    },
    too_precise: Problem {
        reason: "refunded amount with more than two decimal places",
        fix: "amounts are summed in exact cents; round the value to cents",
    },
    // Never raised: `partner` is the column itself.
    blank: Problem {
        reason: "blank refunded amount",
        fix: "fill in the refunded amount",
    },
};

const LINE_TOO_LARGE: Problem = Problem {
    reason: "line amount (quantity x unit price) beyond exact cents",
    fix: "engage sums exact cents up to 92,233,720,368,547,758.07; check the quantity \
          and the unit price",
};

/// Lines whose quantity x unit price leaves the cents engage sums exactly
/// (see [`line_cents`]): a value of the file, named like a bad cell, not
/// an internal error when the lines are priced.
fn line_range_check(quantities: Vec<usize>) -> Check {
    Check {
        columns: quantities,
        find: Box::new(|df| {
            let q = df.column(QUANTITY)?.i64()?;
            let p = df.column(PRICE)?.i64()?;
            let bad = |(q, p): (Option<i64>, Option<i64>)| match (q, p) {
                (Some(q), Some(p)) => line_cents(q, p).is_none(),
                _ => false,
            };
            if !q.iter().zip(p.iter()).any(bad) {
                return Ok(None);
            }
            Ok(Some(
                q.iter()
                    .zip(p.iter())
                    .map(|v| bad(v).then_some(LINE_TOO_LARGE))
                    .collect(),
            ))
        }),
    }
}

/// Unreadable or too precise values of the number column `name`, and
/// blank ones on rows where `partner` has a value (a quantity without a
/// price, a price without a quantity).
fn fixed_check(
    name: &'static str,
    partner: &'static str,
    columns: Vec<usize>,
    problems: &'static FixedProblems,
) -> Check {
    Check {
        columns,
        find: Box::new(move |df| {
            let found = problem_codes(df, name)?;
            let values = df.column(name)?.i64()?;
            let other = df.column(partner)?;
            let blank_pairs = name != partner && values.null_count() > 0;
            if found.is_none() && !blank_pairs {
                return Ok(None);
            }
            let other = other.is_not_null();
            Ok(Some(
                values
                    .iter()
                    .zip(other.iter())
                    .enumerate()
                    .map(|(i, (v, o))| match found.as_ref().and_then(|p| p[i]) {
                        Some(CellError::Unreadable) => Some(problems.unreadable),
                        Some(CellError::SubCent) => Some(problems.too_precise),
                        Some(CellError::MixedDigits(m)) => Some(m.problem()),
                        None if name != partner && v.is_none() && o == Some(true) => {
                            Some(problems.blank)
                        }
                        None => None,
                    })
                    .collect(),
            ))
        }),
    }
}

/// Unreadable amounts, and with `blanks` blank ones too.
fn cents_check(columns: Vec<usize>, blanks: bool) -> Check {
    Check {
        columns,
        find: Box::new(move |df| {
            let problems = problem_codes(df, CENTS)?;
            let ca = df.column(CENTS)?.i64()?;
            if problems.is_none() && (!blanks || ca.null_count() == 0) {
                return Ok(None);
            }
            Ok(Some(
                ca.iter()
                    .enumerate()
                    .map(|(i, v)| match problems.as_ref().and_then(|p| p[i]) {
                        Some(CellError::Unreadable) => Some(AMOUNT_UNREADABLE),
                        Some(CellError::SubCent) => Some(AMOUNT_SUBCENT),
                        Some(CellError::MixedDigits(m)) => Some(m.problem()),
                        None if blanks && v.is_none() => Some(AMOUNT_BLANK),
                        None => None,
                    })
                    .collect(),
            ))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{filter_owned, gather};
    use polars::prelude::*;

    /// Filtered chunk by chunk in parallel: the rows `DataFrame::filter`
    /// keeps, in order, for columns of several chunks, text and one value.
    #[test]
    fn filtering_chunks_in_parallel_keeps_the_rows_in_order() {
        let part = |from: i64, n: usize| {
            let values: Vec<i64> = (from..from + n as i64).collect();
            let texts: Vec<Option<String>> = values
                .iter()
                .map(|v| (v % 3 != 0).then(|| format!("c{v}")))
                .collect();
            DataFrame::new(
                n,
                vec![
                    Int64Chunked::from_slice("v".into(), &values).into_column(),
                    StringChunked::from_iter(texts.iter().map(|t| t.as_deref()))
                        .with_name("t".into())
                        .into_column(),
                    Column::new_scalar("f".into(), Scalar::from(7u32), n),
                ],
            )
            .unwrap()
        };
        let mut df = part(0, 5);
        df.vstack_mut_owned(part(5, 1)).unwrap();
        df.vstack_mut_owned(part(6, 9)).unwrap();
        assert!(df.column("v").unwrap().n_chunks() > 1);
        let mask: BooleanChunked = (0..15).map(|i| Some(i % 4 != 1)).collect();
        let expected = df.filter(&mask).unwrap();
        let got = filter_owned(df, &mask).unwrap();
        assert_eq!(got.height(), 11);
        assert!(got.equals_missing(&expected));
    }

    /// Gathered in parallel from several chunks: what polars' take gives,
    /// for amounts, days and segment codes, with and without nulls (taken
    /// by polars), rows in any order and repeated.
    #[test]
    fn gathering_rows_from_chunks_is_polars_take() {
        let mut cents = Int64Chunked::from_slice("c".into(), &[5, -7, 9]);
        cents
            .append(&Int64Chunked::from_slice(
                "c".into(),
                &[i64::MAX, 0, 11, 12],
            ))
            .unwrap();
        let days: Int32Chunked = (0..7).map(|d| Some(d * 10)).collect();
        let mut codes = UInt32Chunked::from_slice("s".into(), &[3, 1]);
        codes
            .append(&UInt32Chunked::from_slice("s".into(), &[4, 1, 5, 9, 2]))
            .unwrap();
        let blanks: UInt32Chunked = [Some(1), None, Some(2), Some(3), None, Some(4), Some(5)]
            .into_iter()
            .collect();
        assert_eq!((cents.chunks().len(), codes.chunks().len()), (2, 2));
        let rows: Vec<IdxSize> = vec![6, 0, 3, 3, 2, 5, 1, 4, 0];
        for column in [
            cents.into_column(),
            days.into_column(),
            codes.into_column(),
            blanks.into_column(),
        ] {
            let expected = column
                .take(&IdxCa::from_slice("rows".into(), &rows))
                .unwrap();
            let got = gather(column.clone(), &rows).unwrap();
            assert_eq!(got.name(), column.name());
            assert!(got
                .as_materialized_series()
                .equals_missing(expected.as_materialized_series()));
        }
        assert_eq!(
            gather(
                Int64Chunked::from_slice("c".into(), &[1, 2]).into_column(),
                &[]
            )
            .unwrap()
            .len(),
            0
        );
    }
}
