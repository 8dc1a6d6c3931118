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
use crate::input::{
    column_counts, read_header, resolve_sources, NothingLeft, Skipped, Source, DATE,
};
use crate::report::lang::{self, Lang, Msg};
use crate::report::{labels, output::Target, render_sheet, Sheet, SheetTable};

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
    let summary = lang::for_people(cfg.output.for_people());
    let mut check = Check::new(&sources, kind, why, summary);
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
fn kind(cfg: &CheckConfig, sources: &[Source]) -> Result<(Kind, Msg)> {
    if let Some(k) = cfg.kind {
        return Ok((k, Msg::new("chk_why_kind", &[])));
    }
    let presets = &cfg.orders.input.presets;
    if let Some(name) = cfg.orders.input.preset.as_deref() {
        return match presets.get(name).map(|p| p.kind) {
            Some(presets::Kind::Orders) => Ok((Kind::Orders, preset_why(name))),
            Some(presets::Kind::Surveys) => Ok((Kind::Surveys, preset_why(name))),
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
            return Ok((k, Msg::new("chk_why_header", &[("name", &chosen.name)])));
        }
    }
    let Some(first) = sources.first() else {
        bail!("no input files");
    };
    let header = read_header(first)?;
    // An error here is a name two columns share: the kind would be a guess.
    let found = |role: &Role| columns::find(&first.name, &header, role, None);
    if let (Some(q), Some(p), None) = (
        found(&columns::QUANTITY)?,
        found(&columns::UNIT_PRICE)?,
        found(&columns::AMOUNT)?,
    ) {
        return Ok((
            Kind::Orders,
            Msg::new(
                "chk_why_lines",
                &[
                    ("quantity", &crate::text::shorten(&header[q])),
                    ("price", &crate::text::shorten(&header[p])),
                ],
            ),
        ));
    }
    if let Some(i) = found(&columns::AMOUNT)? {
        let column = crate::text::shorten(&header[i]);
        return Ok((
            Kind::Orders,
            Msg::new("chk_why_amounts", &[("column", &column)]),
        ));
    }
    if let Some(i) = found(&columns::NPS)?.or(found(&columns::CSAT)?) {
        let column = crate::text::shorten(&header[i]);
        return Ok((
            Kind::Surveys,
            Msg::new("chk_why_scores", &[("column", &column)]),
        ));
    }
    bail!(
        "{}: neither an order amount nor an NPS or CSAT column (found: {}); give --kind orders or --kind surveys and map the columns",
        first.name,
        columns::list(&header)
    )
}

/// `preset NAME`.
fn preset_why(name: &str) -> Msg {
    Msg::new("chk_why_preset", &[("name", name)])
}

/// Why a role got its column: a flag, the preset, a known name, or a word
/// of its header; `missing` (a `chk_missing_` message): `not found` and
/// what a missing column means.
fn why(
    role: &Role,
    header: &[String],
    column: Option<usize>,
    flag_given: bool,
    preset: Option<&Chosen>,
    missing: &'static str,
) -> (String, Msg) {
    let Some(i) = column else {
        return ("-".into(), Msg::new(missing, &[]));
    };
    let name = header[i].clone();
    let reason = if flag_given {
        Msg::new("chk_why_flag", &[("flag", role.flag)])
    } else if let Some(p) = preset {
        preset_why(&p.name)
    } else if role.aliases.contains(&normalize(&name).as_str()) {
        Msg::new("chk_why_known", &[]).column("role", role.name)
    } else {
        match role.contains.iter().find(|c| normalize(&name).contains(*c)) {
            Some(c) => Msg::new("chk_why_contains", &[("word", c)]),
            None => Msg::new("chk_why_question", &[]),
        }
    };
    (name, reason)
}

/// What a check found, as it is gathered. The summary's labels and values
/// are in `lang` (`--lang` for people, English for the CSV); the JSON is
/// English.
struct Check {
    files: Vec<String>,
    kind: Kind,
    kind_why: Msg,
    preset: Option<Chosen>,
    lang: Lang,
    summary: Vec<(String, String)>,
    mapping: Vec<(String, String, Msg)>,
    json: Map<String, serde_json::Value>,
    skipped: Skipped,
    skipped_at: std::collections::BTreeMap<String, Vec<String>>,
    error: Option<String>,
}

impl Check {
    fn new(sources: &[Source], kind: Kind, kind_why: Msg, lang: Lang) -> Check {
        Check {
            files: sources.iter().map(|s| s.name.clone()).collect(),
            kind,
            kind_why,
            preset: None,
            lang,
            summary: Vec::new(),
            mapping: Vec::new(),
            json: Map::new(),
            skipped: Skipped::new(),
            skipped_at: Default::default(),
            error: None,
        }
    }

    /// The message `key` in the summary's language.
    fn say(&self, key: &'static str, args: &[(&'static str, &str)]) -> String {
        lang::fill_in(self.lang, key, args)
    }

    /// A count in the summary: in the run's digits for people
    /// (`--digits native`), as it is for the CSV.
    fn number(&self, n: u64) -> String {
        match self.lang {
            Lang::En => n.to_string(),
            _ => lang::digits(n.to_string()),
        }
    }

    /// `1 order`, `2 orders`: the message `one` or `many` (with `{n}`).
    fn count_of(&self, n: u64, one: &'static str, many: &'static str) -> String {
        match n {
            1 => self.say(one, &[]),
            n => self.say(many, &[("n", &self.number(n))]),
        }
    }

    /// A line of the summary, labelled by its `chk_KEY` message, and the
    /// same value in JSON under `key`.
    fn item(&mut self, key: &str, text: String, value: serde_json::Value) {
        let label = self.lang.find(&format!("chk_{key}")).unwrap_or(key);
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
        roles: &[(&Role, &Option<String>, &Option<String>, &'static str)],
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

    /// The files could not be read: the error is the verdict. When every
    /// row was skipped as invalid, the rows read, none left as `counted`
    /// (`orders`, `responses`) and the skipped-rows table are shown too, as
    /// when some rows are left.
    fn failed(&mut self, e: anyhow::Error, counted: &str) {
        if let Some(left) = e.downcast_ref::<NothingLeft>() {
            self.count("rows_read", left.rows_read);
            self.count(counted, 0);
            self.skipped = left.skipped.clone();
            self.skipped_at = left.skipped_at.clone();
        }
        self.error = Some(format!("{e:#}"));
    }

    fn count(&mut self, key: &str, n: u64) {
        self.item(key, self.number(n), json!(n));
    }

    fn date_range(&mut self, frame: &DataFrame) {
        let range = frame
            .column(DATE)
            .ok()
            .and_then(|c| c.i32().ok().and_then(|d| d.min().zip(d.max())));
        let (text, value) = match range {
            Some((a, b)) => (
                self.say("chk_range", &[("first", &day(a)), ("last", &day(b))]),
                json!({ "first": day(a), "last": day(b) }),
            ),
            None => (self.say("chk_no_dates", &[]), serde_json::Value::Null),
        };
        self.item("date_range", text, value);
    }

    /// A `calendar` line when every date looks Buddhist-era and no
    /// `--calendar` was given.
    fn calendar(&mut self, frame: &DataFrame, input: &crate::config::InputOptions) {
        if let Some(hint) = super::calendar_hint(frame, input) {
            self.item("calendar", hint.clone(), json!(hint));
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
        let n = skipped.to_string();
        let (usable, verdict) = match (&self.error, skipped) {
            (Some(e), _) => (false, Msg::new("chk_unusable_error", &[("error", e)])),
            (None, 0) => (true, Msg::new("chk_usable", &[("command", command)])),
            (None, _) if accept_skipped => (
                true,
                Msg::new(
                    lang::one_or_many(skipped, "chk_usable_skipping_one", "chk_usable_skipping"),
                    &[("n", &n)],
                ),
            ),
            (None, _) => (
                false,
                Msg::new(
                    lang::one_or_many(skipped, "chk_unusable_row", "chk_unusable_rows"),
                    &[("n", &n)],
                ),
            ),
        };
        let why = self.kind_why.text(self.lang);
        let kind_key = match self.kind {
            Kind::Orders => "chk_kind_orders",
            Kind::Surveys => "chk_kind_surveys",
        };
        let mut head = vec![
            (self.say("chk_files", &[]), self.files.join(", ")),
            (
                self.say("chk_kind", &[]),
                self.say(kind_key, &[("why", &why)]),
            ),
            (
                self.say("chk_preset", &[]),
                match &self.preset {
                    Some(p) if p.detected => self.say("chk_detected", &[("name", &p.name)]),
                    Some(p) => p.name.clone(),
                    None => self.say("chk_none", &[]),
                },
            ),
        ];
        head.append(&mut self.summary);
        head.push((self.say("chk_verdict", &[]), verdict.text(self.lang)));
        let verdict = verdict.text(Lang::En);
        // The other tables are for people only (the CSV is the summary).
        let mut tables = vec![SheetTable {
            title: lang::text("chk_summary").into(),
            header: vec!["item".into(), "value".into()],
            rows: head.into_iter().map(|(a, b)| vec![a, b]).collect(),
            numeric: Vec::new(),
        }];
        if !self.mapping.is_empty() {
            let file = self.files.first().map_or("", |s| s.as_str());
            tables.push(SheetTable {
                title: lang::fill("chk_columns", &[("file", file)]),
                header: vec!["role".into(), "column".into(), "why".into()],
                rows: self
                    .mapping
                    .iter()
                    .map(|(a, b, c)| vec![labels::column(a), b.clone(), c.text(lang::current())])
                    .collect(),
                numeric: Vec::new(),
            });
        }
        if !self.skipped.is_empty() {
            tables.push(SheetTable {
                title: lang::text("chk_skipped").into(),
                header: vec!["reason".into(), "rows".into(), "first lines".into()],
                rows: self
                    .skipped
                    .iter()
                    .map(|(reason, n)| {
                        let lines = self.skipped_at.get(reason).cloned().unwrap_or_default();
                        vec![labels::value(reason), self.number(*n), lines.join(", ")]
                    })
                    .collect(),
                numeric: vec![false, true],
            });
        }
        let mut json = Map::new();
        json.insert("files".into(), json!(self.files));
        json.insert("kind".into(), json!(kind));
        json.insert("kind_reason".into(), json!(self.kind_why.text(Lang::En)));
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
                .map(|(role, column, why)| {
                    json!({ "role": role, "column": column, "why": why.text(Lang::En) })
                })
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
            title: lang::fill("chk_title", &[("files", &self.files.join(", "))]),
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
    let mut roles: Vec<(&Role, &Option<String>, &Option<String>, &'static str)> = vec![
        (
            &columns::ORDER_ID,
            &c.order_id,
            &given.order_id,
            "chk_missing_order_id",
        ),
        (
            &columns::CUSTOMER_ID,
            &c.customer,
            &given.customer,
            "chk_missing_required",
        ),
        (
            &columns::ORDER_DATE,
            &c.date,
            &given.date,
            "chk_missing_dates",
        ),
    ];
    match by_line {
        true => roles.extend([
            (
                &columns::QUANTITY,
                &c.quantity,
                &given.quantity,
                "chk_missing_with_price",
            ),
            (
                &columns::UNIT_PRICE,
                &c.unit_price,
                &given.unit_price,
                "chk_missing_with_quantity",
            ),
        ]),
        false => roles.push((
            &columns::AMOUNT,
            &c.amount,
            &given.amount,
            "chk_missing_required",
        )),
    }
    roles.push((
        &columns::STATUS,
        &c.status,
        &given.status,
        "chk_missing_status",
    ));
    if cfg.revenue == Revenue::Net {
        roles.push((
            &columns::REFUND,
            &c.refund,
            &given.refund,
            "chk_missing_refund",
        ));
    }
    check.map_roles(&header, chosen.as_ref(), &roles, &first.name);
    cfg.scope.read_dates = find(&columns::ORDER_DATE, &c.date).ok().flatten().is_some();
    let loaded = match crate::input::orders::check_sources(&cfg, &sources) {
        Ok(l) => l,
        Err(e) => {
            check.failed(e, "orders");
            return Ok(());
        }
    };
    check.count("rows_read", loaded.rows_read);
    let frame = &loaded.frame;
    check.count("orders", frame.height() as u64);
    let rule = match &cfg.status {
        StatusRule::Exclude(l) if l.is_empty() => check.say("chk_status_none", &[]),
        StatusRule::Exclude(l) => check.say("chk_status_excluded", &[("list", &l.join(", "))]),
        StatusRule::Include(l) => check.say("chk_status_counted", &[("list", &l.join(", "))]),
    };
    let excluded = check.number(loaded.excluded_by_status);
    check.item(
        "orders_excluded_by_status",
        check.say("chk_with_rule", &[("n", &excluded), ("rule", &rule)]),
        json!(loaded.excluded_by_status),
    );
    check.date_range(frame);
    check.calendar(frame, &cfg.input);
    let facts = &loaded.facts;
    if facts.by_line {
        check.item(
            "amounts",
            check.say("chk_amounts_lines", &[]),
            json!("quantity_x_unit_price"),
        );
        check.item(
            "return_lines",
            match facts.return_lines {
                0 => check.number(0),
                n => check.say("chk_returns", &[("n", &check.number(n))]),
            },
            json!(facts.return_lines),
        );
    }
    if let Some(prefix) = &cfg.cancel_id_prefix {
        check.item(
            "orders_cancelled",
            check.say(
                "chk_cancelled",
                &[
                    (
                        "orders",
                        &check.count_of(facts.cancelled_orders, "chk_order_one", "chk_order_many"),
                    ),
                    (
                        "rows",
                        &check.count_of(facts.cancelled_rows, "chk_row_one", "chk_row_many"),
                    ),
                    ("prefix", &crate::text::shorten(prefix)),
                ],
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
        GuestOrders::Include => (facts.guest_orders, "chk_guests_included"),
        GuestOrders::Skip => (facts.guests_skipped, "chk_guests_skipped"),
        GuestOrders::Error => (blank_customers, "chk_guests_error"),
    };
    if guests > 0 || cfg.guest_orders != GuestOrders::Error {
        let what = check.say(what, &[]);
        let text = check.say(
            "chk_guests",
            &[("n", &check.number(guests)), ("what", &what)],
        );
        check.item("guest_orders", text, json!(guests));
    }
    let customers = frame
        .column(crate::input::orders::CUSTOMER)
        .ok()
        .and_then(|c| c.n_unique().ok())
        .unwrap_or(0) as u64;
    check.count("customers", customers);
    let cents = frame
        .column(crate::input::orders::CENTS)
        .ok()
        .and_then(|c| c.i64().ok().cloned());
    let (zero, negative) = cents.map_or((0, 0), |c| {
        c.iter().flatten().fold((0u64, 0u64), |(z, n), v| {
            (z + u64::from(v == 0), n + u64::from(v < 0))
        })
    });
    check.count("zero_amounts", zero);
    check.item(
        "negative_amounts",
        if negative > 0 {
            check.say("chk_negative", &[("n", &check.number(negative))])
        } else {
            check.number(0)
        },
        json!(negative),
    );
    let f = &loaded.folding;
    check.count("duplicate_rows", f.duplicate_rows);
    check.item(
        "orders_with_conflicting_amounts",
        match &f.conflict_example {
            Some(id) => check.say(
                "chk_conflicting",
                &[
                    ("n", &check.number(f.conflicting_orders)),
                    ("id", &crate::text::shorten(id)),
                ],
            ),
            None => check.number(f.conflicting_orders),
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
            (&columns::NPS, &c.nps, &given.nps, "chk_missing_nps"),
            (&columns::CSAT, &c.csat, &given.csat, "chk_missing_csat"),
            (
                &columns::SUBMITTED_AT,
                &c.date,
                &given.date,
                "chk_missing_dates",
            ),
            (
                &columns::CUSTOMER_ID,
                &c.customer,
                &given.customer,
                "chk_missing_customer",
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
            check.failed(e, "responses");
            return Ok(());
        }
    };
    check.count("rows_read", loaded.rows_read);
    check.count("responses", loaded.frame.height() as u64);
    let answers = |name: &str| {
        loaded
            .frame
            .column(name)
            .map(|c| (c.len() - c.null_count()) as u64)
            .unwrap_or(0)
    };
    check.count("nps_answers", answers(crate::input::surveys::NPS));
    check.count("csat_answers", answers(crate::input::surveys::CSAT));
    match &loaded.csat_labels {
        Some(m) => {
            let incomplete = match m.complete {
                true => String::new(),
                false => check.say("chk_labels_incomplete", &[]),
            };
            let text = check.say(
                "chk_labels_set",
                &[
                    ("name", &m.set.name),
                    ("range", &m.set.range()),
                    ("from", &m.set.satisfied_from.to_string()),
                    ("incomplete", &incomplete),
                ],
            );
            check.item("csat_labels", text, json!(m.set.name))
        }
        None if loaded.has_csat => check.item(
            "csat_labels",
            check.say("chk_labels_numbers", &[]),
            serde_json::Value::Null,
        ),
        None => {}
    }
    check.count("blank_nps", loaded.blank_nps);
    check.count("blank_csat", loaded.blank_csat);
    check.date_range(&loaded.frame);
    check.calendar(&loaded.frame, &cfg.input);
    let id = RESPONSE_IDS
        .iter()
        .find_map(|n| columns::find_named(&header, n).map(|i| header[i].clone()));
    match id {
        Some(id) => {
            let (filled, _, distinct) = column_counts(&sources, &id)?;
            check.item(
                "duplicate_response_ids",
                check.say(
                    "chk_ids",
                    &[("n", &check.number(filled - distinct)), ("column", &id)],
                ),
                json!(filled - distinct),
            );
        }
        None => check.item(
            "duplicate_response_ids",
            check.say("chk_no_ids", &[]),
            serde_json::Value::Null,
        ),
    }
    if let Some(customer) = customer {
        let (_, blank, _) = column_counts(&sources, &customer)?;
        check.count("no_customer_id", blank);
    }
    check.skipped = loaded.skipped;
    check.skipped_at = loaded.skipped_at;
    Ok(())
}
