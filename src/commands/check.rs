//! `engage check`: a data-quality report on order or survey files before
//! they are used: which kind they are and why, which column plays which
//! role and why, the date range, and every row `engage orders`/`survey`
//! would skip, by reason, with its first lines. The files are read by the
//! same loaders as the other commands, with every problem counted instead
//! of stopping at the first.

use std::fmt;

use anyhow::{bail, Result};
use polars::prelude::{ChunkAgg, DataFrame};
use serde_json::{json, Map};

use super::{day, unicode};
use crate::cli::{GuestOrders, Kind, Revenue};
use crate::config::{CheckConfig, OrdersConfig, StatusRule, SurveyConfig};
use crate::input::columns::{self, normalize, Role};
use crate::input::presets::{self, Chosen};
use crate::input::{column_counts, read_header, resolve_sources, Skipped, Source, DATE};
use crate::report::{output::Target, render_sheet, Sheet, SheetTable};

/// The files would not be read as they are: exit code 1, after the report
/// is written.
#[derive(Debug)]
pub struct NotUsable(pub String);

impl fmt::Display for NotUsable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotUsable {}

/// Alternative names of a response id column, for duplicate answers.
const RESPONSE_IDS: &[&str] = &[
    "response_id",
    "ResponseId",
    "Response ID",
    "Respondent ID",
    "#",
    "id",
];

pub fn run(cfg: CheckConfig) -> Result<()> {
    let target = Target::open(cfg.output.path.as_deref(), &cfg.orders.files)?;
    let sources = resolve_sources(&cfg.orders.files, &cfg.orders.input)?;
    let (kind, why) = kind(&cfg, &sources)?;
    let mut check = Check::new(&sources, kind, why);
    match kind {
        Kind::Orders => check_orders(&cfg.orders, sources, &mut check)?,
        Kind::Surveys => check_surveys(&cfg.surveys, sources, &mut check)?,
    }
    let sheet = check.finish(cfg.accept_skipped);
    let bytes = render_sheet(&sheet.0, cfg.output.format, unicode(&target))?;
    target.write_sheet(cfg.output.sheet, |w| Ok(w.write_all(&bytes)?))?;
    match sheet.1 {
        None => Ok(()),
        Some(why) => Err(NotUsable(why).into()),
    }
}

/// Orders or surveys, and why: `--kind`, the preset, or the columns.
fn kind(cfg: &CheckConfig, sources: &[Source]) -> Result<(Kind, String)> {
    if let Some(k) = cfg.kind {
        return Ok((k, "given with --kind".into()));
    }
    let presets = &cfg.orders.input.presets;
    if let Some(name) = cfg.orders.input.preset.as_deref() {
        return match presets.get(name).map(|p| p.kind) {
            Some(presets::Kind::Orders) => Ok((Kind::Orders, format!("preset {name}"))),
            Some(presets::Kind::Surveys) => Ok((Kind::Surveys, format!("preset {name}"))),
            None => Err(crate::config::usage(format!(
                "--preset {name}: no such preset; known: {}",
                presets.keys().cloned().collect::<Vec<_>>().join(", ")
            ))),
        };
    }
    for (k, pk) in [
        (Kind::Orders, presets::Kind::Orders),
        (Kind::Surveys, presets::Kind::Surveys),
    ] {
        if let Some((chosen, _)) = presets::choose(presets, pk, None, sources)? {
            return Ok((k, format!("the header is a {} export", chosen.name)));
        }
    }
    let Some(first) = sources.first() else {
        bail!("no input files");
    };
    let header = read_header(first)?;
    let found = |role: &Role| {
        columns::find(&first.name, &header, role, None)
            .ok()
            .flatten()
    };
    if let (Some(q), Some(p), None) = (
        found(&columns::QUANTITY),
        found(&columns::UNIT_PRICE),
        found(&columns::AMOUNT),
    ) {
        return Ok((
            Kind::Orders,
            format!(
                "columns '{}' and '{}' hold quantities and unit prices",
                crate::text::shorten(&header[q]),
                crate::text::shorten(&header[p])
            ),
        ));
    }
    if let Some(i) = found(&columns::AMOUNT) {
        return Ok((
            Kind::Orders,
            format!(
                "column '{}' holds amounts",
                crate::text::shorten(&header[i])
            ),
        ));
    }
    if let Some(i) = found(&columns::NPS).or_else(|| found(&columns::CSAT)) {
        return Ok((
            Kind::Surveys,
            format!("column '{}' holds scores", crate::text::shorten(&header[i])),
        ));
    }
    bail!(
        "{}: neither an order amount nor an NPS or CSAT column (found: {}); give --kind orders or --kind surveys and map the columns",
        first.name,
        columns::list(&header)
    )
}

/// Why a role got its column: a flag, the preset, a known name, or a word
/// of its header.
fn why(
    role: &Role,
    header: &[String],
    column: Option<usize>,
    flag_given: bool,
    preset: Option<&Chosen>,
    missing: &str,
) -> (String, String) {
    let Some(i) = column else {
        return ("-".into(), format!("not found: {missing}"));
    };
    let name = header[i].clone();
    let reason = if flag_given {
        format!("given with {}", role.flag)
    } else if let Some(p) = preset {
        format!("preset {}", p.name)
    } else if role.aliases.contains(&normalize(&name).as_str()) {
        format!("a known name for {}", role.name)
    } else {
        match role.contains.iter().find(|c| normalize(&name).contains(*c)) {
            Some(c) => format!("its header contains '{c}'"),
            None => "question text of the header rows".into(),
        }
    };
    (name, reason)
}

/// `1 order`, `2 orders`.
fn count(n: u64, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// What a check found, as it is gathered.
struct Check {
    files: Vec<String>,
    kind: Kind,
    kind_why: String,
    preset: Option<Chosen>,
    summary: Vec<(String, String)>,
    mapping: Vec<(String, String, String)>,
    json: Map<String, serde_json::Value>,
    skipped: Skipped,
    skipped_at: std::collections::BTreeMap<String, Vec<String>>,
    error: Option<String>,
}

impl Check {
    fn new(sources: &[Source], kind: Kind, kind_why: String) -> Check {
        Check {
            files: sources.iter().map(|s| s.name.clone()).collect(),
            kind,
            kind_why,
            preset: None,
            summary: Vec::new(),
            mapping: Vec::new(),
            json: Map::new(),
            skipped: Skipped::new(),
            skipped_at: Default::default(),
            error: None,
        }
    }

    /// A line of the summary, and the same value in JSON.
    fn item(&mut self, label: &str, key: &str, text: String, value: serde_json::Value) {
        self.summary.push((label.to_string(), text));
        self.json.insert(key.to_string(), value);
    }

    /// The column of each role, and why, as the table lists them: `roles`
    /// are (role, column name after the preset, name given by a flag, what
    /// a missing column means). Returns each role's column.
    fn map_roles(
        &mut self,
        header: &[String],
        preset: Option<&Chosen>,
        roles: &[(&Role, &Option<String>, &Option<String>, &str)],
        file: &str,
    ) -> Vec<Option<usize>> {
        roles
            .iter()
            .map(|&(role, mapped, flag, missing)| {
                let column = columns::find(file, header, role, mapped.as_deref())
                    .ok()
                    .flatten();
                let preset = preset.filter(|_| flag.is_none() && mapped.is_some());
                let (name, why) = why(role, header, column, flag.is_some(), preset, missing);
                self.mapping.push((role.name.to_string(), name, why));
                column
            })
            .collect()
    }

    fn count(&mut self, label: &str, key: &str, n: u64) {
        self.item(label, key, n.to_string(), json!(n));
    }

    fn date_range(&mut self, frame: &DataFrame) {
        let range = frame
            .column(DATE)
            .ok()
            .and_then(|c| c.i32().ok().and_then(|d| d.min().zip(d.max())));
        let (text, value) = match range {
            Some((a, b)) => (
                format!("{} to {}", day(a), day(b)),
                json!({ "first": day(a), "last": day(b) }),
            ),
            None => ("no date column".into(), serde_json::Value::Null),
        };
        self.item("date range", "date_range", text, value);
    }

    /// A `calendar` line when every date looks Buddhist-era and no
    /// `--calendar` was given.
    fn calendar(&mut self, frame: &DataFrame, input: &crate::config::InputOptions) {
        if let Some(hint) = super::buddhist_hint(frame, input) {
            self.item("calendar", "calendar", hint.clone(), json!(hint));
        }
    }

    /// The verdict and the sheet; `Some(reason)` when the files are not
    /// usable as they are.
    fn finish(mut self, accept_skipped: bool) -> (Sheet, Option<String>) {
        let kind = match self.kind {
            Kind::Orders => "orders",
            Kind::Surveys => "surveys",
        };
        let command = match self.kind {
            Kind::Orders => "engage orders",
            Kind::Surveys => "engage survey",
        };
        let skipped: u64 = self.skipped.values().sum();
        let (usable, verdict) = match (&self.error, skipped) {
            (Some(e), _) => (false, format!("not usable: {e}")),
            (None, 0) => (true, format!("usable: {command} reads the files as they are")),
            (None, n) if accept_skipped => (
                true,
                format!("usable with --skip-invalid: {n} row(s) would be skipped"),
            ),
            (None, n) => (
                false,
                format!("not usable as they are: {n} row(s) have a problem; fix them or pass --skip-invalid"),
            ),
        };
        let mut head = vec![
            ("files".to_string(), self.files.join(", ")),
            ("kind".into(), format!("{kind} ({})", self.kind_why)),
            (
                "preset".into(),
                match &self.preset {
                    Some(p) if p.detected => format!("{} (detected from the header)", p.name),
                    Some(p) => p.name.clone(),
                    None => "none".into(),
                },
            ),
        ];
        head.append(&mut self.summary);
        head.push(("verdict".into(), verdict.clone()));
        let mut tables = vec![SheetTable {
            title: "Summary".into(),
            header: vec!["item".into(), "value".into()],
            rows: head.into_iter().map(|(a, b)| vec![a, b]).collect(),
        }];
        if !self.mapping.is_empty() {
            tables.push(SheetTable {
                title: format!(
                    "Columns ({})",
                    self.files.first().map_or("", |s| s.as_str())
                ),
                header: vec!["role".into(), "column".into(), "why".into()],
                rows: self
                    .mapping
                    .iter()
                    .map(|(a, b, c)| vec![a.clone(), b.clone(), c.clone()])
                    .collect(),
            });
        }
        if !self.skipped.is_empty() {
            tables.push(SheetTable {
                title: "Rows that would be skipped".into(),
                header: vec!["reason".into(), "rows".into(), "first lines".into()],
                rows: self
                    .skipped
                    .iter()
                    .map(|(reason, n)| {
                        let lines = self.skipped_at.get(reason).cloned().unwrap_or_default();
                        vec![reason.clone(), n.to_string(), lines.join(", ")]
                    })
                    .collect(),
            });
        }
        let mut json = Map::new();
        json.insert("files".into(), json!(self.files));
        json.insert("kind".into(), json!(kind));
        json.insert("kind_reason".into(), json!(self.kind_why));
        json.insert(
            "preset".into(),
            json!(self
                .preset
                .as_ref()
                .map(|p| json!({ "name": p.name, "detected": p.detected }))),
        );
        json.insert(
            "columns".into(),
            self.mapping
                .iter()
                .map(|(role, column, why)| json!({ "role": role, "column": column, "why": why }))
                .collect(),
        );
        json.extend(std::mem::take(&mut self.json));
        json.insert(
            "skipped".into(),
            self.skipped
                .iter()
                .map(|(reason, n)| {
                    let lines = self.skipped_at.get(reason).cloned().unwrap_or_default();
                    (reason.clone(), json!({ "rows": n, "first_lines": lines }))
                })
                .collect::<Map<_, _>>()
                .into(),
        );
        json.insert("error".into(), json!(self.error));
        json.insert("usable".into(), json!(usable));
        json.insert("verdict".into(), json!(verdict));
        let sheet = Sheet {
            command: "check",
            title: format!("engage check: {}", self.files.join(", ")),
            tables,
            json,
            notes: Vec::new(),
        };
        (sheet, (!usable).then_some(verdict))
    }
}

fn check_orders(cfg: &OrdersConfig, sources: Vec<Source>, check: &mut Check) -> Result<()> {
    let given = cfg.columns.clone();
    let (mut cfg, sources, chosen) = crate::input::orders::prepare_sources(cfg, sources)?;
    check.preset = chosen.clone();
    let first = &sources[0];
    let header = read_header(first)?;
    let find = |role: &Role, mapped: &Option<String>| {
        columns::find(&first.name, &header, role, mapped.as_deref())
    };
    let c = cfg.columns.clone();
    // The amount column, or quantity and unit price, as the reader takes
    // them (the first file's).
    let by_line = crate::input::orders::amount_columns(&cfg, first, &header)
        .is_ok_and(|(_, quantity)| quantity.is_some());
    let mut roles: Vec<(&Role, &Option<String>, &Option<String>, &str)> = vec![
        (
            &columns::ORDER_ID,
            &c.order_id,
            &given.order_id,
            "each row is one order",
        ),
        (
            &columns::CUSTOMER_ID,
            &c.customer,
            &given.customer,
            "required",
        ),
        (
            &columns::ORDER_DATE,
            &c.date,
            &given.date,
            "no periods or date filters",
        ),
    ];
    match by_line {
        true => roles.extend([
            (
                &columns::QUANTITY,
                &c.quantity,
                &given.quantity,
                "required with a unit price",
            ),
            (
                &columns::UNIT_PRICE,
                &c.unit_price,
                &given.unit_price,
                "required with a quantity",
            ),
        ]),
        false => roles.push((&columns::AMOUNT, &c.amount, &given.amount, "required")),
    }
    roles.push((
        &columns::STATUS,
        &c.status,
        &given.status,
        "every order counts",
    ));
    if cfg.revenue == Revenue::Net {
        roles.push((
            &columns::REFUND,
            &c.refund,
            &given.refund,
            "required with --revenue net",
        ));
    }
    check.map_roles(&header, chosen.as_ref(), &roles, &first.name);
    cfg.scope.read_dates = find(&columns::ORDER_DATE, &c.date).ok().flatten().is_some();
    let loaded = match crate::input::orders::check_sources(&cfg, &sources) {
        Ok(l) => l,
        Err(e) => {
            check.error = Some(format!("{e:#}"));
            return Ok(());
        }
    };
    check.count("rows read", "rows_read", loaded.rows_read);
    let frame = &loaded.frame;
    check.count("orders counted", "orders", frame.height() as u64);
    let rule = match &cfg.status {
        StatusRule::Exclude(l) if l.is_empty() => "none excluded".to_string(),
        StatusRule::Exclude(l) => format!("excluded: {}", l.join(", ")),
        StatusRule::Include(l) => format!("counted: {}", l.join(", ")),
    };
    check.item(
        "orders excluded by status",
        "orders_excluded_by_status",
        format!("{} ({rule})", loaded.excluded_by_status),
        json!(loaded.excluded_by_status),
    );
    check.date_range(frame);
    check.calendar(frame, &cfg.input);
    let facts = &loaded.facts;
    if facts.by_line {
        check.item(
            "amounts",
            "amounts",
            "quantity x unit price per row (rounded to the cent, half to even), summed per order"
                .into(),
            json!("quantity_x_unit_price"),
        );
        check.item(
            "return lines (negative quantity)",
            "return_lines",
            match facts.return_lines {
                0 => "0".into(),
                n => format!("{n} (they count and lower their order's amount)"),
            },
            json!(facts.return_lines),
        );
    }
    if let Some(prefix) = &cfg.cancel_id_prefix {
        check.item(
            "cancellations (order id prefix)",
            "orders_cancelled",
            format!(
                "{} ({}) whose id starts with \"{}\": left out",
                count(facts.cancelled_orders, "order"),
                count(facts.cancelled_rows, "row"),
                crate::text::shorten(prefix)
            ),
            json!(facts.cancelled_orders),
        );
    }
    let blank_customers = loaded
        .skipped
        .get("blank customer id")
        .copied()
        .unwrap_or(0);
    let (guests, what) = match cfg.guest_orders {
        GuestOrders::Include => (facts.guest_orders, "included in orders and revenue"),
        GuestOrders::Skip => (facts.guests_skipped, "left out (--guest-orders skip)"),
        GuestOrders::Error => (
            blank_customers,
            "an error; --guest-orders include counts them in orders and revenue",
        ),
    };
    if guests > 0 || cfg.guest_orders != GuestOrders::Error {
        check.item(
            "guest orders (blank customer id)",
            "guest_orders",
            format!("{guests}: {what}"),
            json!(guests),
        );
    }
    let customers = frame
        .column(crate::input::orders::CUSTOMER)
        .ok()
        .and_then(|c| c.n_unique().ok())
        .unwrap_or(0) as u64;
    check.count("customers", "customers", customers);
    let cents = frame
        .column(crate::input::orders::CENTS)
        .ok()
        .and_then(|c| c.i64().ok().cloned());
    let (zero, negative) = cents.map_or((0, 0), |c| {
        c.iter().flatten().fold((0u64, 0u64), |(z, n), v| {
            (z + u64::from(v == 0), n + u64::from(v < 0))
        })
    });
    check.count("orders with a zero amount", "zero_amounts", zero);
    check.item(
        "orders with a negative amount",
        "negative_amounts",
        if negative > 0 {
            format!("{negative} (refund rows: they count and lower revenue)")
        } else {
            "0".into()
        },
        json!(negative),
    );
    let f = &loaded.folding;
    check.count(
        "rows repeating an earlier row exactly",
        "duplicate_rows",
        f.duplicate_rows,
    );
    check.item(
        "orders with different amounts on their rows",
        "orders_with_conflicting_amounts",
        match &f.conflict_example {
            Some(id) => format!(
                "{} (first: order {})",
                f.conflicting_orders,
                crate::text::shorten(id)
            ),
            None => f.conflicting_orders.to_string(),
        },
        json!(f.conflicting_orders),
    );
    check.skipped = loaded.skipped;
    check.skipped_at = loaded.skipped_at;
    Ok(())
}

fn check_surveys(cfg: &SurveyConfig, sources: Vec<Source>, check: &mut Check) -> Result<()> {
    let given = cfg.columns.clone();
    let (mut cfg, sources, chosen) = crate::input::surveys::prepare_sources(cfg, sources)?;
    check.preset = chosen.clone();
    let first = &sources[0];
    let header = read_header(first)?;
    let find = |role: &Role, mapped: &Option<String>| {
        columns::find(&first.name, &header, role, mapped.as_deref())
    };
    let c = cfg.columns.clone();
    let found = check.map_roles(
        &header,
        chosen.as_ref(),
        &[
            (&columns::NPS, &c.nps, &given.nps, "no NPS"),
            (&columns::CSAT, &c.csat, &given.csat, "no CSAT"),
            (
                &columns::SUBMITTED_AT,
                &c.date,
                &given.date,
                "no periods or date filters",
            ),
            (
                &columns::CUSTOMER_ID,
                &c.customer,
                &given.customer,
                "not needed",
            ),
        ],
        &first.name,
    );
    let customer = found[3].map(|i| header[i].clone());
    cfg.scope.read_dates = find(&columns::SUBMITTED_AT, &c.date)
        .ok()
        .flatten()
        .is_some();
    let loaded = match crate::input::surveys::check_sources(&cfg, &sources) {
        Ok(l) => l,
        Err(e) => {
            check.error = Some(format!("{e:#}"));
            return Ok(());
        }
    };
    check.count("rows read", "rows_read", loaded.rows_read);
    check.count("responses kept", "responses", loaded.frame.height() as u64);
    let answers = |name: &str| {
        loaded
            .frame
            .column(name)
            .map(|c| (c.len() - c.null_count()) as u64)
            .unwrap_or(0)
    };
    check.count(
        "NPS answers",
        "nps_answers",
        answers(crate::input::surveys::NPS),
    );
    check.count(
        "CSAT answers",
        "csat_answers",
        answers(crate::input::surveys::CSAT),
    );
    match &loaded.csat_labels {
        Some(m) => check.item(
            "CSAT labels",
            "csat_labels",
            format!(
                "set '{}' ({}; satisfied from {}){}",
                m.set.name,
                m.set.range(),
                m.set.satisfied_from,
                if m.complete {
                    ""
                } else {
                    "; some answers are not in it"
                }
            ),
            json!(m.set.name),
        ),
        None if loaded.has_csat => check.item(
            "CSAT labels",
            "csat_labels",
            "none (answers are numbers)".into(),
            serde_json::Value::Null,
        ),
        None => {}
    }
    check.count("blank NPS answers", "blank_nps", loaded.blank_nps);
    check.count("blank CSAT answers", "blank_csat", loaded.blank_csat);
    check.date_range(&loaded.frame);
    check.calendar(&loaded.frame, &cfg.input);
    let id = RESPONSE_IDS
        .iter()
        .find_map(|n| columns::find_named(&header, n).map(|i| header[i].clone()));
    match id {
        Some(id) => {
            let (filled, _, distinct) = column_counts(&sources, &id)?;
            check.item(
                "duplicate response ids",
                "duplicate_response_ids",
                format!("{} (column '{id}')", filled - distinct),
                json!(filled - distinct),
            );
        }
        None => check.item(
            "duplicate response ids",
            "duplicate_response_ids",
            "no response id column".into(),
            serde_json::Value::Null,
        ),
    }
    if let Some(customer) = customer {
        let (_, blank, _) = column_counts(&sources, &customer)?;
        check.count("responses with no customer id", "no_customer_id", blank);
    }
    check.skipped = loaded.skipped;
    check.skipped_at = loaded.skipped_at;
    Ok(())
}
