//! `engage sql` arguments resolved into what a statement reads, through the
//! run configuration of the matching command (`OrdersConfig`,
//! `SurveyConfig`, `CustomersConfig`, `CohortsConfig`), so that every
//! option means what it means there: flags, then the preset, then
//! `engage.toml`'s defaults, then the built-in defaults. A table has no
//! header to detect a preset from; a named one (or the config file's
//! default) gives its first column name of each role and its status rule.

use anyhow::Result;

use super::orders::OrderTable;
use super::survey::SurveyTable;
use super::Sql;
use crate::cli::{
    CohortMetric, CohortsArgs, CustomersArgs, GuestOrders, InputArgs, OrderMapArgs, OrdersArgs,
    OutputArgs, OutputFormat, Period, Revenue, ScopeArgs, SqlArgs, SqlKind, SqlRowArgs,
    SqlTableArgs, SurveyArgs, TimeUnit,
};
use crate::config::{
    usage, CohortsConfig, CustomersConfig, Kind, OrdersConfig, Preset, Scope, Settings,
    SurveyConfig,
};
use crate::input::presets::{choose, status_rule};
use crate::metrics::rfm::SegmentRules;

/// One `engage sql` run.
#[derive(Debug)]
pub enum SqlJob {
    Explain,
    Orders(Sql, OrderTable, Scope),
    Survey(Sql, SurveyTable, Scope),
    Customers {
        sql: Sql,
        table: OrderTable,
        /// Observation end (days); `None`: the last counted order date.
        as_of: Option<i32>,
        unit: TimeUnit,
        rules: SegmentRules,
    },
    Cohorts {
        sql: Sql,
        table: OrderTable,
        by: Period,
        since: Option<i32>,
        until: Option<i32>,
    },
}

/// No input options: a table is already typed.
fn no_input() -> InputArgs {
    InputArgs {
        delimiter: None,
        decimal_comma: false,
        encoding: None,
        input_format: None,
        date_order: None,
        calendar: None,
        two_digit_years: false,
        timezone: None,
    }
}

fn no_output() -> OutputArgs {
    OutputArgs {
        format: Some(OutputFormat::Csv),
        output: None,
        quiet: true,
        color: crate::cli::ColorChoice::Never,
    }
}

/// The `engage orders` arguments of a table: no files, no input or output
/// options.
fn orders_args(scope: ScopeArgs, rows: &SqlRowArgs, map: OrderMapArgs) -> OrdersArgs {
    OrdersArgs {
        files: Vec::new(),
        scope,
        input: no_input(),
        preset: rows.preset.clone(),
        map,
        shape: Default::default(),
        output: no_output(),
    }
}

/// The named preset of `kind`, if any (an unknown name is a usage error).
fn preset(cfg_preset: &Option<String>, settings: &Settings, kind: Kind) -> Result<Option<Preset>> {
    Ok(match cfg_preset {
        Some(name) => choose(&settings.presets, kind, Some(name), &[])?.map(|(_, p)| p.clone()),
        None => None,
    })
}

/// The column of a role: the flag `name`, else the preset's first name,
/// else engage's canonical name.
fn column(
    (name, flag): (&str, &Option<String>),
    preset: &[String],
    canonical: &str,
) -> Result<String> {
    Ok(named((name, flag))?
        .or_else(|| preset.first().cloned())
        .unwrap_or_else(|| canonical.to_string()))
}

/// The column the flag `name` gives: a blank one is a usage error (the
/// statement would read the column `""`, which no engine has).
fn named((name, flag): (&str, &Option<String>)) -> Result<Option<String>> {
    match flag {
        Some(f) if f.trim().is_empty() => Err(usage(format!("{name} needs a column name"))),
        _ => Ok(flag.clone()),
    }
}

/// The column of an optional role; an empty flag (`--status-col ''`)
/// says the table has none.
fn optional(flag: &Option<String>, preset: &[String], canonical: &str) -> Option<String> {
    match flag.as_deref() {
        Some(f) if f.trim().is_empty() => None,
        _ => Some(
            flag.clone()
                .or_else(|| preset.first().cloned())
                .unwrap_or_else(|| canonical.to_string()),
        ),
    }
}

fn order_table(
    cfg: &OrdersConfig,
    table: Option<String>,
    rows: SqlRowArgs,
    settings: &Settings,
) -> Result<OrderTable> {
    let p = preset(&cfg.input.preset, settings, Kind::Orders)?;
    let empty = Vec::new();
    let names = |f: fn(&Preset) -> &Vec<String>| p.as_ref().map_or(&empty, f);
    let c = &cfg.columns;
    if c.quantity.is_some() || c.unit_price.is_some() {
        return Err(usage(
            "engage sql reads the amount from an amount column; quantity x unit price \
             (--quantity-col, --unit-price-col) is not computed in SQL: give --amount-col, \
             or a view with the amount",
        ));
    }
    if c.amount.is_none() && p.as_ref().is_some_and(|p| p.amount.is_empty()) {
        return Err(usage(
            "this preset makes amounts from quantity x unit price, which engage sql does not \
             compute: give --amount-col, or a view with the amount",
        ));
    }
    let refund = match cfg.revenue {
        Revenue::Gross => None,
        Revenue::Net => Some(
            named(("--refund-col", &c.refund))?
                .or_else(|| names(|p| &p.refund).first().cloned())
                .ok_or_else(|| usage("--revenue net needs a refund column: give --refund-col"))?,
        ),
    };
    let rule = match (&p, cfg.status_given) {
        (Some(p), false) => status_rule(p).unwrap_or_else(|| cfg.status.clone()),
        _ => cfg.status.clone(),
    };
    Ok(OrderTable {
        table: table.unwrap_or_else(|| "orders".into()),
        row_order: named(("--row-order-col", &rows.row_order_col))?,
        order_id: optional(&c.order_id, names(|p| &p.order_id), "order_id"),
        customer: column(
            ("--customer-col", &c.customer),
            names(|p| &p.customer),
            "customer_id",
        )?,
        date: column(("--date-col", &c.date), names(|p| &p.date), "order_date")?,
        amount: column(("--amount-col", &c.amount), names(|p| &p.amount), "amount")?,
        status: optional(&c.status, names(|p| &p.status), "status"),
        segments: cfg.scope.segments.clone(),
        rule,
        line_items: cfg.line_items,
        refund,
        guests: cfg.guest_orders == GuestOrders::Include,
        // A preset's prefix wins over the config file's default, as in
        // engage's reader.
        cancel_prefix: p
            .as_ref()
            .and_then(|p| p.cancel_id_prefix.clone())
            .filter(|x| !x.trim().is_empty())
            .or_else(|| cfg.cancel_id_prefix.clone()),
    })
}

/// Checks the table name, and refuses a time zone: engage sql takes the
/// DATE of each timestamp as the engine casts it, since converting zones is
/// spelled differently on every engine (and not at all on some).
fn check_table(t: &SqlTableArgs, settings: &Settings) -> Result<()> {
    if t.table.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(usage("--table needs a table name"));
    }
    let zone = match (
        &t.timezone,
        &settings.file.defaults.timezone,
        &settings.path,
    ) {
        (Some(z), ..) => format!("--timezone '{z}'"),
        (None, Some(z), Some(p)) => format!("{}: timezone = \"{z}\"", p.display()),
        _ => return Ok(()),
    };
    Err(usage(format!(
        "{zone}: engage sql does not convert time zones; convert in the view the statement \
         reads (PostgreSQL: CAST(created_at AT TIME ZONE 'America/New_York' AS DATE) AS \
         order_date), or run without it"
    )))
}

impl SqlJob {
    pub fn from_args(args: SqlArgs, settings: &Settings) -> Result<Self> {
        if args.explain && args.kind.is_some() {
            return Err(usage(
                "--explain prints the definitions of every KIND: give it alone (engage sql --explain)",
            ));
        }
        let Some(kind) = args.kind else {
            if args.explain {
                return Ok(SqlJob::Explain);
            }
            return Err(usage(
                "engage sql needs a KIND (orders, survey, customers or cohorts) and --dialect, \
                 or --explain; e.g. engage sql orders --dialect duckdb --by week",
            ));
        };
        match kind {
            SqlKind::Orders(a) => {
                check_table(&a.table, settings)?;
                let cfg = OrdersConfig::from_args(orders_args(a.scope, &a.rows, a.map), settings)?;
                let table = order_table(&cfg, a.table.table, a.rows, settings)?;
                Ok(SqlJob::Orders(Sql(a.table.dialect), table, cfg.scope))
            }
            SqlKind::Survey(a) => {
                check_table(&a.table, settings)?;
                let cfg = SurveyConfig::from_args(
                    SurveyArgs {
                        files: Vec::new(),
                        scope: a.scope,
                        input: no_input(),
                        preset: a.preset,
                        scores: a.scores,
                        date_col: a.date_col,
                        customer_col: None,
                        feedback: Default::default(),
                        shape: Default::default(),
                        output: no_output(),
                    },
                    settings,
                )?;
                let p = preset(&cfg.input.preset, settings, Kind::Surveys)?;
                let empty = Vec::new();
                let names = |f: fn(&Preset) -> &Vec<String>| p.as_ref().map_or(&empty, f);
                let c = &cfg.columns;
                let table = SurveyTable {
                    table: a.table.table.unwrap_or_else(|| "surveys".into()),
                    nps: optional(&c.nps, names(|p| &p.nps), "nps"),
                    csat: optional(&c.csat, names(|p| &p.csat), "csat"),
                    date: column(("--date-col", &c.date), names(|p| &p.date), "submitted_at")?,
                    segments: cfg.scope.segments.clone(),
                    csat_scale: cfg.csat_scale,
                    csat_satisfied: cfg.csat_satisfied,
                };
                Ok(SqlJob::Survey(Sql(a.table.dialect), table, cfg.scope))
            }
            SqlKind::Customers(a) => {
                check_table(&a.table, settings)?;
                let cfg = CustomersConfig::from_args(
                    CustomersArgs {
                        files: Vec::new(),
                        as_of: a.as_of,
                        time_unit: a.time_unit,
                        segment: a.segment,
                        summary: false,
                        skip_invalid: true,
                        input: no_input(),
                        preset: a.rows.preset.clone(),
                        map: a.map,
                        output: no_output(),
                    },
                    settings,
                )?;
                let table = order_table(&cfg.orders, a.table.table, a.rows, settings)?;
                Ok(SqlJob::Customers {
                    sql: Sql(a.table.dialect),
                    table,
                    as_of: cfg.as_of,
                    unit: cfg.time_unit,
                    rules: cfg.rules,
                })
            }
            SqlKind::Cohorts(a) => {
                check_table(&a.table, settings)?;
                let cfg = CohortsConfig::from_args(
                    CohortsArgs {
                        orders: orders_args(a.scope, &a.rows, a.map),
                        metric: CohortMetric::Retention,
                    },
                    settings,
                )?;
                let table = order_table(&cfg.orders, a.table.table, a.rows, settings)?;
                Ok(SqlJob::Cohorts {
                    sql: Sql(a.table.dialect),
                    table,
                    by: cfg.by,
                    since: cfg.orders.scope.since,
                    until: cfg.orders.scope.until,
                })
            }
        }
    }
}
