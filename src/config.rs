//! Turns parsed arguments into a validated, typed run configuration.
//! Everything a user can get wrong on the command line is caught here, before
//! any file is read, and reported as a [`UsageError`] (exit code 2).

use std::fmt;
use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{
    CheckArgs, CohortMetric, CohortsArgs, Compare, CustomerGrouping, CustomersArgs, Format,
    GuestOrders, InputArgs, LastPeriod, LineItems, OrderMapArgs, OrdersArgs, OutputArgs,
    OutputFormat, Period, ReportArgs, Revenue, ScopeArgs, ScoreArgs, SurveyArgs, TimeUnit,
};
use crate::input::labels::{LabelSet, LabelSets};
use crate::input::parse::{parse_day_arg, Calendar, DateOrder, DateRules};
use crate::metrics::rfm::{SegmentRule, SegmentRules};
use crate::report::spreadsheet::Spreadsheet;

/// A mistake in the command line rather than in the data: exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    UsageError(msg.into()).into()
}

/// Which rows count and how they are grouped.
#[derive(Debug, Clone)]
pub struct Scope {
    pub by: Option<Period>,
    /// Read dates even without periods or a range (`engage check`).
    pub read_dates: bool,
    pub segments: Vec<String>,
    /// Inclusive bounds, in days since 1970-01-01.
    pub since: Option<i32>,
    pub until: Option<i32>,
    pub skip_invalid: bool,
    /// `--period-dates`: each period's `from` and `to` as key columns.
    pub period_dates: bool,
}

impl Scope {
    /// Every order read, with its date, ungrouped: the history of a
    /// per-customer computation (`clv`, `survey --orders`).
    pub fn every_dated_order(skip_invalid: bool) -> Self {
        Scope {
            by: None,
            read_dates: true,
            segments: Vec::new(),
            since: None,
            until: None,
            skip_invalid,
            period_dates: false,
        }
    }

    /// Dates are read only when something uses them.
    pub fn needs_dates(&self) -> bool {
        self.read_dates || self.by.is_some() || self.since.is_some() || self.until.is_some()
    }
}

/// How input files are read.
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    /// `--preset` (or the config file's default for the command's kind).
    pub preset: Option<String>,
    /// Every preset known: built-in and from the config file.
    pub presets: std::sync::Arc<Presets>,
    /// `None`: detected per file.
    pub delimiter: Option<u8>,
    pub decimal_comma: bool,
    /// `None`: UTF-8.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// How slash dates are read; `None`: not given (a preset may set it).
    pub date_order: Option<DateOrder>,
    /// `--calendar`; `None`: not given (Gregorian, with a warning when
    /// every date looks Buddhist-era).
    pub calendar: Option<Calendar>,
    /// `--two-digit-years`: read `5/1/24` (see `parse::TWO_DIGIT_PIVOT`).
    pub two_digit_years: bool,
    /// `--timezone`: the zone timestamps with an offset are converted to.
    pub zone: Option<chrono_tz::Tz>,
    /// `None`: from each file's extension.
    pub input_format: Option<crate::cli::InputFormat>,
    /// Long reads show their progress on stderr (see `input::progress`).
    pub progress: bool,
}

impl InputOptions {
    /// How every date cell of these inputs is read.
    pub fn date_rules(&self) -> DateRules {
        DateRules {
            order: self.date_order.unwrap_or_default(),
            calendar: self.calendar.unwrap_or_default(),
            two_digit_years: self.two_digit_years,
            zone: self.zone,
            utc_column: false,
        }
    }

    /// These options, with progress shown when `output` allows it: on a
    /// terminal's stderr, without `-q`.
    fn with_progress(self, output: &OutputConfig) -> Self {
        InputOptions {
            progress: !output.quiet && std::io::stderr().is_terminal(),
            ..self
        }
    }

    /// [`Self::date_rules`] for the date column `header`: when no date
    /// order is given, one the header spells out is taken
    /// (`Timestamp (mm/dd/yyyy)`, `Date (DD.MM.YYYY)`); a header with the
    /// word UTC (`Created (UTC)`, `created_utc`) marks its times as UTC.
    pub fn date_rules_for(&self, header: &str) -> DateRules {
        let mut rules = self.date_rules();
        rules.utc_column = header
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("utc"));
        if self.date_order.is_none() {
            let h = header.to_ascii_lowercase();
            let spelled = |a: &str, b: &str| {
                ["/", ".", "-"]
                    .iter()
                    .any(|s| h.contains(&format!("{a}{s}{b}{s}yy")))
            };
            if spelled("mm", "dd") || spelled("m", "d") {
                rules.order = DateOrder::Mdy;
            } else if spelled("dd", "mm") || spelled("d", "m") {
                rules.order = DateOrder::Dmy;
            }
        }
        rules
    }
}

/// `engage.toml`: defaults for flags not given, and the user's presets.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    pub defaults: Defaults,
    #[serde(default)]
    pub presets: Presets,
    #[serde(default)]
    pub customers: CustomersFile,
    /// `[csat_labels.NAME]`: satisfaction label sets beside the built-in
    /// ones (see `input::labels`).
    #[serde(default)]
    pub csat_labels: std::collections::BTreeMap<String, LabelSetFile>,
}

/// One `[csat_labels.NAME]` of `engage.toml`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelSetFile {
    /// Worst to best.
    pub labels: Vec<String>,
    /// The first satisfied label [default: the top two, or the top one of
    /// three or fewer].
    pub satisfied_from: Option<String>,
    /// Only for a CSAT column whose header contains this word.
    pub question: Option<String>,
}

/// `[customers]` of `engage.toml`: the RFM segment rule table
/// (`[[customers.segments]]`, replacing the default) and the name of the
/// segment no rule matches.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomersFile {
    pub segments: Option<Vec<SegmentRule>>,
    pub other: Option<String>,
}

/// Values used when the command line does not give them.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub orders_preset: Option<String>,
    pub surveys_preset: Option<String>,
    pub delimiter: Option<String>,
    pub decimal_comma: Option<bool>,
    pub encoding: Option<String>,
    pub date_order: Option<DateOrder>,
    pub calendar: Option<Calendar>,
    pub two_digit_years: Option<bool>,
    pub timezone: Option<String>,
    pub exclude_status: Option<Vec<String>>,
    pub include_status: Option<Vec<String>>,
    pub csat_scale: Option<u8>,
    pub csat_satisfied: Option<u8>,
    /// Orders whose id starts with this are cancellations (as a preset's).
    pub cancel_id_prefix: Option<String>,
    pub guest_orders: Option<GuestOrders>,
    /// `--lang` and `--digits`.
    pub lang: Option<crate::cli::Lang>,
    pub digits: Option<crate::cli::Digits>,
}

/// The config file in effect: `--config FILE` (which must exist), else
/// `engage.toml` in the working directory when there is one.
pub struct Settings {
    /// The config file read, if any.
    pub path: Option<PathBuf>,
    pub file: ConfigFile,
    /// Built-in presets plus the file's.
    pub presets: std::sync::Arc<Presets>,
}

impl Settings {
    pub fn load(path: Option<&std::path::Path>) -> anyhow::Result<Settings> {
        let default = std::path::Path::new("engage.toml");
        let path = match path {
            Some(p) => Some(p),
            None => default.is_file().then_some(default),
        };
        let file = match path {
            None => ConfigFile::default(),
            Some(p) => {
                let text = read_config(p)?;
                toml::from_str(&text).map_err(|e| {
                    let at = e.span().map_or(String::new(), |s| {
                        let before = &text.as_bytes()[..s.start.min(text.len())];
                        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
                        let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
                        format!(":{line}:{column}")
                    });
                    let why = e.message().trim().replace('\n', " ");
                    usage(format!(
                        "{}{at}: not a valid engage config: {}",
                        p.display(),
                        crate::text::shorten(&why)
                    ))
                })?
            }
        };
        let mut presets = builtin_presets()?;
        presets.extend(file.presets.clone());
        Ok(Settings {
            path: path.map(std::path::Path::to_path_buf),
            file,
            presets: std::sync::Arc::new(presets),
        })
    }

    /// The output's language and digits: the flags, else `[defaults]`, else
    /// English with Western digits.
    pub fn language(
        &self,
        lang: Option<crate::cli::Lang>,
        digits: Option<crate::cli::Digits>,
    ) -> (crate::cli::Lang, crate::cli::Digits) {
        let d = &self.file.defaults;
        (
            lang.or(d.lang).unwrap_or_default(),
            digits.or(d.digits).unwrap_or_default(),
        )
    }
}

/// The largest config file read: far above any real one, and a bound on
/// what `--config /dev/zero` can make engage read.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The text of a config file, read up to `MAX_CONFIG_BYTES`.
fn read_config(p: &std::path::Path) -> anyhow::Result<String> {
    use std::io::Read;
    let cannot =
        |e: &dyn fmt::Display| usage(format!("--config {}: cannot read it: {e}", p.display()));
    let file = std::fs::File::open(p).map_err(|e| cannot(&e))?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(&e))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(usage(format!(
            "--config {}: larger than {} MB; an engage config is a short TOML file",
            p.display(),
            MAX_CONFIG_BYTES / (1024 * 1024)
        )));
    }
    String::from_utf8(bytes).map_err(|_| cannot(&"not UTF-8 text"))
}

/// Where a setting came from, for messages: the flag (`--delimiter 'ab'`)
/// or the config file's key (`engage.toml: delimiter = "ab"`); numbers
/// unquoted.
fn origin(settings: &Settings, from_file: bool, flag: &str, key: &str, value: &str) -> String {
    let number = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    let value = crate::text::shorten(value);
    match (&settings.path, from_file, number) {
        (Some(p), true, true) => format!("{}: {key} = {value}", p.display()),
        (Some(p), true, false) => format!("{}: {key} = \"{value}\"", p.display()),
        (_, _, true) => format!("{flag} {value}"),
        _ => format!("{flag} '{value}'"),
    }
}

// ---- presets: the definitions `input::presets` applies ----

/// Which command a preset is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Orders,
    Surveys,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Orders => "orders",
            Kind::Surveys => "surveys",
        }
    }
}

/// One preset. Column keys are alternatives, tried in order.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub kind: Kind,
    #[serde(default)]
    pub description: String,
    /// Headers that must all be present for the preset to be detected; an
    /// entry may be a list of alternatives (any one of them).
    #[serde(default)]
    pub detect: Vec<Detect>,
    #[serde(default)]
    pub order_id: Vec<String>,
    #[serde(default)]
    pub customer: Vec<String>,
    #[serde(default)]
    pub date: Vec<String>,
    #[serde(default)]
    pub amount: Vec<String>,
    #[serde(default)]
    pub status: Vec<String>,
    /// Quantity and unit price: used when no `amount` column is present
    /// (the amount is then quantity x unit price per row, summed per order).
    #[serde(default)]
    pub quantity: Vec<String>,
    #[serde(default)]
    pub unit_price: Vec<String>,
    /// The amount refunded on an order (`--revenue net`).
    #[serde(default)]
    pub refund: Vec<String>,
    /// Orders whose id starts with this are cancellations: excluded and
    /// counted (the Online Retail data's `C` invoices).
    pub cancel_id_prefix: Option<String>,
    /// A customer value of `0` or blank takes the value of the next
    /// `customer` column present (WooCommerce writes customer id 0 for
    /// guests; their billing e-mail tells them apart).
    #[serde(default)]
    pub customer_fallback: bool,
    pub include_status: Option<Vec<String>>,
    pub exclude_status: Option<Vec<String>>,
    #[serde(default)]
    pub nps: Vec<String>,
    #[serde(default)]
    pub csat: Vec<String>,
    /// A word of the NPS question's text, looked for in the header and the
    /// extra header rows (Qualtrics puts the text under a column id).
    pub nps_question: Option<String>,
    pub csat_question: Option<String>,
    /// Rows between the header and the data.
    #[serde(default)]
    pub header_rows: usize,
    pub date_order: Option<DateOrder>,
    pub decimal_comma: Option<bool>,
    /// The CSAT answers' labels, worst to best, tried before every other
    /// label set (see `input::labels`).
    pub csat_labels: Option<Vec<String>>,
}

/// One `detect` entry: a header, or alternatives of which one must be there.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
pub enum Detect {
    One(String),
    Any(Vec<String>),
}

impl Detect {
    /// The alternatives (one for a plain header).
    pub fn names(&self) -> &[String] {
        match self {
            Detect::One(n) => std::slice::from_ref(n),
            Detect::Any(l) => l,
        }
    }
}

/// Every preset by name: the built-in ones, then a config file's (which may
/// replace a built-in one of the same name).
pub type Presets = std::collections::BTreeMap<String, Preset>;

const BUILTIN: &str = include_str!("input/presets.toml");

/// The built-in presets.
pub fn builtin_presets() -> anyhow::Result<Presets> {
    toml::from_str(BUILTIN)
        .map_err(|e| anyhow::anyhow!("internal error in the built-in presets: {e}"))
}

fn input(
    mut args: InputArgs,
    settings: &Settings,
    preset: Option<String>,
) -> anyhow::Result<InputOptions> {
    let d = &settings.file.defaults;
    let delimiter_from_file = args.delimiter.is_none() && d.delimiter.is_some();
    let encoding_from_file = args.encoding.is_none() && d.encoding.is_some();
    let zone_from_file = args.timezone.is_none() && d.timezone.is_some();
    args.delimiter = args.delimiter.or_else(|| d.delimiter.clone());
    args.decimal_comma |= d.decimal_comma.unwrap_or(false);
    args.encoding = args.encoding.or_else(|| d.encoding.clone());
    args.date_order = args.date_order.or(d.date_order);
    args.calendar = args.calendar.or(d.calendar);
    args.two_digit_years |= d.two_digit_years.unwrap_or(false);
    args.timezone = args.timezone.or_else(|| d.timezone.clone());
    let delimiter = match args.delimiter.as_deref() {
        None => None,
        Some("tab" | "\\t" | "\t") => Some(b'\t'),
        Some(d) if d.len() == 1 && d != "\"" && d != "\n" && d != "\r" => Some(d.as_bytes()[0]),
        Some(d) => {
            return Err(usage(format!(
                "{}: give one ASCII character other than a quote or line break, or `tab`",
                origin(settings, delimiter_from_file, "--delimiter", "delimiter", d)
            )))
        }
    };
    let encoding = match args.encoding.as_deref() {
        None => None,
        Some(name) => match encoding_rs::Encoding::for_label(name.trim().as_bytes()) {
            Some(e) if e == encoding_rs::UTF_8 => None,
            Some(e) => Some(e),
            None => {
                return Err(usage(format!(
                    "{}: unknown encoding; try latin1, windows-1252, utf-16 or utf-8",
                    origin(settings, encoding_from_file, "--encoding", "encoding", name)
                )))
            }
        },
    };
    let zone = match args.timezone.as_deref() {
        None => None,
        Some(name) => Some(time_zone(name).map_err(|tip| {
            let given = origin(settings, zone_from_file, "--timezone", "timezone", name);
            usage(format!("{given}: unknown time zone; {tip}"))
        })?),
    };
    Ok(InputOptions {
        preset,
        presets: settings.presets.clone(),
        delimiter,
        decimal_comma: args.decimal_comma,
        encoding,
        date_order: args.date_order,
        calendar: args.calendar,
        two_digit_years: args.two_digit_years,
        zone,
        input_format: args.input_format,
        progress: false,
    })
}

/// Today's date: in `zone` (`--timezone`), else on this machine's clock.
fn today(zone: Option<chrono_tz::Tz>) -> chrono::NaiveDate {
    match zone {
        Some(zone) => chrono::Utc::now().with_timezone(&zone).date_naive(),
        None => chrono::Local::now().date_naive(),
    }
}

/// The IANA time zone `name` (any case); else a tip naming the zones it
/// may have meant (same city, or the same first four letters of it).
fn time_zone(name: &str) -> Result<chrono_tz::Tz, String> {
    use chrono_tz::TZ_VARIANTS;
    let name = name.trim();
    if let Some(z) = TZ_VARIANTS
        .iter()
        .find(|z| z.name().eq_ignore_ascii_case(name))
    {
        return Ok(*z);
    }
    let key = |s: &str| -> String {
        let city = s.rsplit('/').next().unwrap_or(s);
        city.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = key(name);
    let near: Vec<&str> = TZ_VARIANTS
        .iter()
        .map(|z| z.name())
        .filter(|z| {
            let k = key(z);
            !wanted.is_empty()
                && (k.contains(&wanted)
                    || wanted.contains(&k) && k.len() >= 4
                    || k.chars().take(4).eq(wanted.chars().take(4)) && wanted.len() >= 4)
        })
        .take(5)
        .collect();
    if near.is_empty() {
        Err("give an IANA name such as America/New_York, Europe/Berlin or UTC".into())
    } else {
        Err(format!("did you mean {}?", near.join(", ")))
    }
}

/// The statuses an order may have and still count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusRule {
    /// Everything counts except these (lower-case); a blank status counts.
    Exclude(Vec<String>),
    /// Only these count (lower-case); a blank status does not.
    Include(Vec<String>),
}

/// Statuses excluded when neither `--exclude-status` nor `--include-status`
/// is given (matched exactly, case-insensitively).
pub const DEFAULT_EXCLUDED_STATUSES: &[&str] =
    &["refunded", "cancelled", "canceled", "voided", "failed"];

impl StatusRule {
    /// Whether an order with this status counts; `None` is a blank status.
    pub fn counts(&self, status: Option<&str>) -> bool {
        match (self, status) {
            (StatusRule::Exclude(list), Some(s)) => !listed(list, s),
            (StatusRule::Exclude(_), None) => true,
            (StatusRule::Include(list), Some(s)) => listed(list, s),
            (StatusRule::Include(_), None) => false,
        }
    }
}

/// Whether `status` is in `list` (lower-case), ignoring case and
/// surrounding space; allocation-free for ASCII, since it runs on every row.
/// A WooCommerce `wc-` prefix is the status it prefixes (`wc-cancelled`
/// is `cancelled`), in the data and in the lists.
fn listed(list: &[String], status: &str) -> bool {
    let s = without_wc(status.trim());
    if s.is_ascii() {
        list.iter().any(|x| without_wc(x).eq_ignore_ascii_case(s))
    } else {
        let lower = s.to_lowercase();
        list.iter().any(|x| without_wc(x) == lower)
    }
}

/// `s` without a leading `wc-` (any case).
fn without_wc(s: &str) -> &str {
    match s.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("wc-") => &s[3..],
        _ => s,
    }
}

/// `--*-col` overrides for the order columns.
#[derive(Debug, Clone, Default)]
pub struct OrderColumns {
    pub order_id: Option<String>,
    pub customer: Option<String>,
    pub date: Option<String>,
    pub amount: Option<String>,
    pub status: Option<String>,
    pub quantity: Option<String>,
    pub unit_price: Option<String>,
    pub refund: Option<String>,
    /// The column a customer value of `0` or blank falls back to (set by
    /// a preset with `customer_fallback`).
    pub customer_fallback: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OrdersConfig {
    pub files: Vec<String>,
    pub scope: Scope,
    pub input: InputOptions,
    pub columns: OrderColumns,
    pub status: StatusRule,
    /// Whether the status rule came from the command line or config file
    /// (else a preset's rule replaces the default).
    pub status_given: bool,
    pub line_items: LineItems,
    /// Whether `--line-items` was given (a quantity column sums rows, and
    /// refuses `first`).
    pub line_items_given: bool,
    pub revenue: Revenue,
    pub guest_orders: GuestOrders,
    /// Orders whose id starts with this are cancellations.
    pub cancel_id_prefix: Option<String>,
    pub output: OutputConfig,
    /// Keep the text of every customer id (`engage customers` shows them;
    /// the other commands need only codes).
    pub customer_ids: bool,
    /// Keep the customer encoder's tables, to look up the code of a survey
    /// response's customer value (the feedback link).
    pub customer_lookup: bool,
}

#[derive(Debug, Clone)]
pub struct OutputConfig {
    /// What the renderer writes (`Csv` for a spreadsheet).
    pub format: Format,
    /// `--format tsv|xlsx`: the CSV carried into this container.
    pub sheet: Option<Spreadsheet>,
    pub path: Option<PathBuf>,
    pub quiet: bool,
    pub color: crate::cli::ColorChoice,
    /// `--layout wide` (orders, survey): a row per period, with this many
    /// key columns naming the period (`period`, and `from`, `to`).
    pub wide: Option<usize>,
}

impl OutputConfig {
    /// Whether people read this output (terminal table, Markdown, HTML,
    /// XLSX) rather than programs (CSV, TSV, JSON, Parquet): only then are
    /// values such as the RFM segment names in `--lang`.
    pub fn for_people(&self) -> bool {
        matches!(self.format, Format::Table | Format::Markdown | Format::Html)
            || matches!(self.sheet, Some(Spreadsheet::Xlsx))
    }

    /// Whether the output carries a report's sections beyond its rows
    /// (feedback by customer, cohorts): the terminal table, Markdown, HTML
    /// and JSON do; CSV is one table of rows, and TSV and XLSX carry that
    /// CSV.
    pub fn carries_sections(&self) -> bool {
        self.format != Format::Csv
    }
}

impl OrdersConfig {
    pub fn from_args(args: OrdersArgs, settings: &Settings) -> anyhow::Result<Self> {
        let preset = args
            .preset
            .or_else(|| settings.file.defaults.orders_preset.clone());
        let scope = shaped(args.scope, &args.shape)?;
        let input = input(args.input, settings, preset)?;
        let output = laid_out(output(args.output)?, &scope, args.shape.layout)?;
        Self::from_parts(args.files, scope, input, args.map, output, settings)
    }

    fn from_parts(
        files: Vec<String>,
        scope: Scope,
        input: InputOptions,
        mut map: OrderMapArgs,
        output: OutputConfig,
        settings: &Settings,
    ) -> anyhow::Result<Self> {
        let input = input.with_progress(&output);
        let d = &settings.file.defaults;
        if map.include_status.is_none() && map.exclude_status.is_none() {
            map.include_status = d.include_status.as_ref().map(|l| l.join(","));
            map.exclude_status = d.exclude_status.as_ref().map(|l| l.join(","));
        }
        let status_given = map.include_status.is_some() || map.exclude_status.is_some();
        let status = match (&map.include_status, &map.exclude_status) {
            (Some(list), _) => {
                let list = status_list(list);
                if list.is_empty() {
                    return Err(usage("--include-status needs at least one status"));
                }
                StatusRule::Include(list)
            }
            (None, Some(list)) => StatusRule::Exclude(status_list(list)),
            (None, None) => StatusRule::Exclude(
                DEFAULT_EXCLUDED_STATUSES
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
        };
        Ok(OrdersConfig {
            files,
            scope,
            input,
            columns: OrderColumns {
                order_id: map.order_id_col,
                customer: map.customer_col,
                date: map.date_col,
                amount: map.amount_col,
                status: map.status_col,
                quantity: map.quantity_col,
                unit_price: map.unit_price_col,
                refund: map.refund_col,
                customer_fallback: None,
            },
            status,
            status_given,
            line_items: map.line_items.unwrap_or(LineItems::First),
            line_items_given: map.line_items.is_some(),
            revenue: map.revenue,
            guest_orders: map
                .guest_orders
                .or(d.guest_orders)
                .unwrap_or(GuestOrders::Error),
            cancel_id_prefix: d.cancel_id_prefix.clone().filter(|p| !p.trim().is_empty()),
            output,
            customer_ids: false,
            customer_lookup: false,
        })
    }
}

/// `engage customers`: the orders read as `engage orders` reads them, and
/// the per-customer table's options.
#[derive(Debug, Clone)]
pub struct CustomersConfig {
    pub orders: OrdersConfig,
    /// Observation end (days); `None`: the last counted order date.
    pub as_of: Option<i32>,
    pub time_unit: TimeUnit,
    pub summary: bool,
    pub rules: SegmentRules,
}

impl CustomersConfig {
    pub fn from_args(args: CustomersArgs, settings: &Settings) -> anyhow::Result<Self> {
        let as_of = args
            .as_of
            .as_deref()
            .map(|s| parse_day_arg(s).map_err(|e| usage(format!("--as-of: {e}"))))
            .transpose()?;
        let preset = args
            .preset
            .or_else(|| settings.file.defaults.orders_preset.clone());
        let scope = scope(ScopeArgs {
            by: None,
            segment: args.segment,
            since: None,
            until: None,
            skip_invalid: args.skip_invalid,
        })?;
        let scope = Scope {
            read_dates: true,
            ..scope
        };
        let mut orders = OrdersConfig::from_parts(
            args.files,
            scope,
            input(args.input, settings, preset)?,
            args.map,
            output(args.output)?,
            settings,
        )?;
        orders.customer_ids = !args.summary;
        Ok(CustomersConfig {
            orders,
            as_of,
            time_unit: args.time_unit,
            summary: args.summary,
            rules: segment_rules(settings)?,
        })
    }
}

/// The RFM segment rule table: the config file's, or the default (with
/// the config file's name for the rest, when it gives one).
fn segment_rules(settings: &Settings) -> anyhow::Result<SegmentRules> {
    let file = &settings.file.customers;
    Ok(match &file.segments {
        Some(rules) => SegmentRules::new(rules.clone(), file.other.clone()).map_err(usage)?,
        None => SegmentRules {
            other: file
                .other
                .clone()
                .unwrap_or_else(|| SegmentRules::default().other),
            ..SegmentRules::default()
        },
    })
}

/// `--*-col` overrides for the survey columns.
#[derive(Debug, Clone, Default)]
pub struct SurveyColumns {
    pub nps: Option<String>,
    pub csat: Option<String>,
    pub date: Option<String>,
    pub customer: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SurveyConfig {
    pub files: Vec<String>,
    pub scope: Scope,
    pub input: InputOptions,
    pub columns: SurveyColumns,
    /// CSAT answers run from 1 to this (5, 7 or 10).
    pub csat_scale: u8,
    /// CSAT answers from this up are satisfied.
    pub csat_satisfied: u8,
    /// Whether the scale / the threshold were given (flag or config file),
    /// rather than defaults a label set may replace.
    pub csat_scale_given: bool,
    pub csat_satisfied_given: bool,
    /// The satisfaction label sets CSAT answers may be written in.
    pub labels: std::sync::Arc<LabelSets>,
    pub output: OutputConfig,
    /// Read each response's customer value (id or lower-cased e-mail),
    /// to link responses to orders.
    pub customer_ids: bool,
}

impl SurveyConfig {
    pub fn from_args(args: SurveyArgs, settings: &Settings) -> anyhow::Result<Self> {
        let preset = args
            .preset
            .or_else(|| settings.file.defaults.surveys_preset.clone());
        let columns = SurveyColumns {
            nps: None,
            csat: None,
            date: args.date_col,
            customer: args.customer_col,
        };
        let scope = shaped(args.scope, &args.shape)?;
        let input = input(args.input, settings, preset)?;
        let output = laid_out(output(args.output)?, &scope, args.shape.layout)?;
        Self::from_parts(
            args.files,
            scope,
            input,
            columns,
            args.scores,
            output,
            settings,
        )
    }

    fn from_parts(
        files: Vec<String>,
        scope: Scope,
        input: InputOptions,
        columns: SurveyColumns,
        scores: ScoreArgs,
        output: OutputConfig,
        settings: &Settings,
    ) -> anyhow::Result<Self> {
        let input = input.with_progress(&output);
        let d = &settings.file.defaults;
        let scale_given = scores.csat_scale.or(d.csat_scale).is_some();
        let satisfied_given = scores.csat_satisfied.or(d.csat_satisfied).is_some();
        let scale = scores.csat_scale.or(d.csat_scale).unwrap_or(5);
        if ![5, 7, 10].contains(&scale) {
            let file = settings
                .path
                .as_ref()
                .map_or("the config file".into(), |p| p.display().to_string());
            return Err(usage(format!(
                "{file}: csat_scale = {scale}: use 5, 7 or 10"
            )));
        }
        // Top two boxes by default.
        let satisfied = scores
            .csat_satisfied
            .or(d.csat_satisfied)
            .unwrap_or(scale - 1);
        if !(1..=scale).contains(&satisfied) {
            let from_file = scores.csat_satisfied.is_none();
            return Err(usage(format!(
                "{}: must be an answer on the 1-{scale} scale",
                origin(
                    settings,
                    from_file,
                    "--csat-satisfied",
                    "csat_satisfied",
                    &satisfied.to_string()
                )
            )));
        }
        Ok(SurveyConfig {
            files,
            scope,
            input,
            columns: SurveyColumns {
                nps: scores.nps_col,
                csat: scores.csat_col,
                ..columns
            },
            csat_scale: scale,
            csat_satisfied: satisfied,
            csat_scale_given: scale_given,
            csat_satisfied_given: satisfied_given,
            labels: label_sets(settings)?,
            output,
            customer_ids: false,
        })
    }
}

/// `engage survey --orders`: the responses (with dates and customer
/// values) and the orders (with dates and customer ids) they link to.
#[derive(Debug, Clone)]
pub struct FeedbackConfig {
    pub surveys: SurveyConfig,
    /// Read whole: `--since`/`--until` choose responses, never history.
    pub orders: OrdersConfig,
    pub grouping: CustomerGrouping,
    /// The cohort period of `--by-customer cohort`.
    pub cohort_by: Period,
    /// Days after the response day whose orders are its behaviour.
    pub after: u32,
    pub rules: SegmentRules,
}

/// `--after` when not given: 90 days.
pub const DEFAULT_AFTER_DAYS: u32 = 90;

impl FeedbackConfig {
    pub fn from_args(mut args: SurveyArgs, settings: &Settings) -> anyhow::Result<Self> {
        let f = std::mem::take(&mut args.feedback);
        let grouping = f.by_customer.unwrap_or(CustomerGrouping::History);
        let cohort_by = match (grouping, args.scope.by.take()) {
            (CustomerGrouping::Cohort, Some(Period::Day)) => {
                return Err(usage(
                    "--by day: cohorts are by week, month, quarter or year",
                ))
            }
            (CustomerGrouping::Cohort, by) => by.unwrap_or(Period::Month),
            (_, Some(_)) => {
                return Err(usage(
                    "--by with --orders: responses are grouped by customer (--by-customer); \
                     --by sets only the cohort period of --by-customer cohort",
                ))
            }
            (_, None) => Period::Month,
        };
        if !args.scope.segment.is_empty() {
            return Err(usage(
                "--segment with --orders: responses are grouped by customer (--by-customer); \
                 run engage survey without --orders for segments",
            ));
        }
        if args.shape.period_dates || args.shape.layout != crate::cli::Layout::Long {
            return Err(usage(
                "--period-dates and --layout shape the per-period table of engage survey \
                 without --orders",
            ));
        }
        let after = f.after.unwrap_or(DEFAULT_AFTER_DAYS);
        if after == 0 {
            return Err(usage("--after 0: give a window of at least one day"));
        }
        let skip_invalid = args.scope.skip_invalid;
        let input_args = args.input.clone();
        let mut surveys = SurveyConfig::from_args(args, settings)?;
        surveys.scope.read_dates = true;
        surveys.customer_ids = true;
        let preset = f
            .orders_preset
            .or_else(|| settings.file.defaults.orders_preset.clone());
        let scope = Scope::every_dated_order(skip_invalid);
        let map = OrderMapArgs {
            order_id_col: None,
            customer_col: f.orders_customer_col,
            date_col: f.orders_date_col,
            amount_col: f.orders_amount_col,
            status_col: None,
            exclude_status: None,
            include_status: None,
            line_items: f.orders_line_items,
            quantity_col: f.orders_quantity_col,
            unit_price_col: f.orders_unit_price_col,
            refund_col: None,
            revenue: Revenue::Gross,
            guest_orders: None,
        };
        let output = surveys.output.clone();
        let mut orders = OrdersConfig::from_parts(
            f.orders,
            scope,
            input(input_args, settings, preset)?,
            map,
            output,
            settings,
        )?;
        orders.customer_lookup = true;
        Ok(FeedbackConfig {
            surveys,
            orders,
            grouping,
            cohort_by,
            after,
            rules: segment_rules(settings)?,
        })
    }
}

/// The label sets of the config file (in name order), then the built-in
/// ones; a bad set is a usage error naming the file and set.
fn label_sets(settings: &Settings) -> anyhow::Result<std::sync::Arc<LabelSets>> {
    let file = || {
        settings
            .path
            .as_ref()
            .map_or("the config file".into(), |p| p.display().to_string())
    };
    let sets = settings
        .file
        .csat_labels
        .iter()
        .map(|(name, s)| {
            let labels: Vec<&str> = s.labels.iter().map(String::as_str).collect();
            LabelSet::new(
                name,
                &labels,
                s.satisfied_from.as_deref(),
                s.question.as_deref(),
            )
            .map_err(|e| usage(format!("{}: {e}", file())))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(std::sync::Arc::new(LabelSets::new(sets).map_err(|e| {
        anyhow::anyhow!("internal error in the built-in label sets: {e}")
    })?))
}

/// Which period the report's headline shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Headline {
    /// The last complete period of this unit before `as_of` (days).
    LastComplete { unit: Period, as_of: i32 },
    /// The latest period of `--by` that has data.
    Latest(Period),
    /// The whole `--since`/`--until` range (or all the data).
    Range,
}

/// A comparison operator of `--fail-if`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    pub fn holds(self, value: f64, limit: f64) -> bool {
        match self {
            Op::Lt => value < limit,
            Op::Le => value <= limit,
            Op::Gt => value > limit,
            Op::Ge => value >= limit,
        }
    }
}

/// One `--fail-if METRIC<LIMIT`: breached when the headline's value of
/// `metric` satisfies the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// As the user wrote it, for messages.
    pub text: String,
    pub metric: String,
    pub op: Op,
    pub limit: f64,
}

impl Threshold {
    /// `nps<30`, `change_pct_revenue <= -10`, `repeat_purchase_rate<20%`.
    pub fn parse(text: &str) -> anyhow::Result<Threshold> {
        let bad = || {
            usage(format!(
                "--fail-if '{}': expected METRIC OP NUMBER with OP one of < <= > >=, e.g. 'nps<30'",
                crate::text::shorten(text)
            ))
        };
        const OP_CHARS: [char; 4] = ['<', '>', '=', '!'];
        let at = text.find(OP_CHARS).ok_or_else(bad)?;
        let (metric, rest) = text.split_at(at);
        let end = rest.find(|c| !OP_CHARS.contains(&c)).unwrap_or(rest.len());
        let (op, number) = rest.split_at(end);
        let op = match op {
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            _ => {
                return Err(usage(format!(
                    "--fail-if '{}': unknown operator {}; use one of < <= > >=, e.g. 'nps<30'",
                    crate::text::shorten(text),
                    crate::text::shorten(op)
                )))
            }
        };
        let number = number.trim();
        let number = number.strip_suffix('%').unwrap_or(number).trim();
        let limit: f64 = number.parse().map_err(|_| bad())?;
        let metric = metric.trim();
        if metric.is_empty() || !limit.is_finite() {
            return Err(bad());
        }
        Ok(Threshold {
            text: text.trim().to_string(),
            metric: metric.to_ascii_lowercase(),
            op,
            limit,
        })
    }
}

#[derive(Debug, Clone)]
pub struct ReportConfig {
    /// Each with the report's scope; its segments are the requested ones
    /// until the report learns which of them each kind of file has.
    pub orders: Option<OrdersConfig>,
    pub surveys: Option<SurveyConfig>,
    pub scope: Scope,
    pub headline: Headline,
    pub compare: bool,
    pub thresholds: Vec<Threshold>,
    /// `--allow-many-periods`: no cap on the per-period table.
    pub allow_many_periods: bool,
    /// `--allow-empty`: a `--period` headline without data is a warning,
    /// not an error.
    pub allow_empty: bool,
    /// `--min-responses`: survey thresholds and significance verdicts on
    /// fewer answers are skipped (0: none).
    pub min_responses: u64,
    /// `--title`: a heading for people.
    pub title: Option<String>,
    pub output: OutputConfig,
    /// `--cohorts`: the cohort period of the cohort section.
    pub cohorts: Option<Period>,
    /// `--customers`: the segment summary section, with this rule table.
    pub customers: Option<SegmentRules>,
    /// The feedback-by-customer section is wanted: orders and surveys are
    /// both read and the output carries the section (a CSV report reads
    /// nothing for it).
    pub feedback: bool,
}

impl ReportConfig {
    pub fn from_args(args: ReportArgs, settings: &Settings) -> anyhow::Result<Self> {
        let mut scope = scope(args.scope)?;
        let defaults = &settings.file.defaults;
        let orders_input = input(
            args.input.clone(),
            settings,
            args.orders_preset
                .or_else(|| defaults.orders_preset.clone()),
        )?;
        let headline = match (args.period, scope.by) {
            (Some(p), _) => {
                let as_of = match args.as_of.as_deref() {
                    Some(s) => parse_day_arg(s).map_err(|e| usage(format!("--as-of: {e}")))?,
                    None => crate::input::parse::days_from_date(today(orders_input.zone)),
                };
                Headline::LastComplete {
                    unit: p.unit(),
                    as_of,
                }
            }
            (None, Some(by)) => Headline::Latest(by),
            (None, None) => Headline::Range,
        };
        scope.by = scope.by.or(args.period.map(LastPeriod::unit));
        let compare = args.compare == Some(Compare::Previous);
        if compare
            && headline == Headline::Range
            && (scope.since.is_none() || scope.until.is_none())
        {
            return Err(usage(
                "--compare previous needs a period to compare: give --by or --period, \
                 or both --since and --until (the previous range is as long, just before)",
            ));
        }
        let thresholds = args
            .fail_if
            .iter()
            .map(|t| Threshold::parse(t))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let output = output(args.output)?;
        no_parquet(&output, "report")?;
        let feedback =
            !args.orders.is_empty() && !args.surveys.is_empty() && output.carries_sections();
        if args.cohorts && args.orders.is_empty() {
            return Err(usage("--cohorts needs order files: give --orders FILE"));
        }
        let cohorts = args.cohorts.then_some(match scope.by {
            Some(Period::Day) | None => Period::Month,
            Some(by) => by,
        });
        let surveys_input = InputOptions {
            preset: args
                .surveys_preset
                .or_else(|| defaults.surveys_preset.clone()),
            ..orders_input.clone()
        };
        if args.customers && args.orders.is_empty() {
            return Err(usage("--customers needs --orders"));
        }
        let orders = if args.orders.is_empty() {
            None
        } else {
            // Cohorts need every order's date.
            let scope = Scope {
                read_dates: scope.read_dates || args.cohorts,
                ..scope.clone()
            };
            let mut orders = OrdersConfig::from_parts(
                args.orders,
                Scope {
                    read_dates: scope.read_dates || args.customers,
                    ..scope
                },
                orders_input,
                args.map,
                output.clone(),
                settings,
            )?;
            // The feedback section links responses to order customer ids.
            orders.customer_lookup = feedback;
            Some(orders)
        };
        let surveys = if args.surveys.is_empty() {
            None
        } else {
            let columns = SurveyColumns {
                date: args.survey_date_col,
                customer: args.surveys_customer_col,
                ..SurveyColumns::default()
            };
            Some(SurveyConfig::from_parts(
                args.surveys,
                scope.clone(),
                surveys_input,
                columns,
                args.scores,
                output.clone(),
                settings,
            )?)
        };
        Ok(ReportConfig {
            orders,
            surveys,
            scope,
            headline,
            compare,
            thresholds,
            allow_many_periods: args.allow_many_periods,
            allow_empty: args.allow_empty,
            min_responses: args.min_responses,
            title: args.title,
            output,
            cohorts,
            customers: args
                .customers
                .then(|| segment_rules(settings))
                .transpose()?,
            feedback,
        })
    }
}

/// `engage check`: the files read as orders and as surveys (the kind is
/// decided from the files unless given).
#[derive(Debug, Clone)]
pub struct CheckConfig {
    pub kind: Option<crate::cli::Kind>,
    /// `--skip-invalid`: files with rows to skip still pass.
    pub accept_skipped: bool,
    pub orders: OrdersConfig,
    pub surveys: SurveyConfig,
    pub output: OutputConfig,
}

impl CheckConfig {
    pub fn from_args(args: CheckArgs, settings: &Settings) -> anyhow::Result<Self> {
        let output = output(args.output)?;
        no_parquet(&output, "check")?;
        // Every row is read and every problem counted; whether skipped rows
        // make the files unusable is `accept_skipped`.
        let scope = Scope {
            by: None,
            read_dates: false,
            segments: Vec::new(),
            since: None,
            until: None,
            skip_invalid: true,
            period_dates: false,
        };
        let d = &settings.file.defaults;
        let named = args.preset.clone();
        let orders_input = input(
            args.input.clone(),
            settings,
            named.clone().or_else(|| d.orders_preset.clone()),
        )?;
        let surveys_input = InputOptions {
            preset: named.or_else(|| d.surveys_preset.clone()),
            ..orders_input.clone()
        };
        let survey_columns = SurveyColumns {
            date: args.map.date_col.clone(),
            customer: args.map.customer_col.clone(),
            ..SurveyColumns::default()
        };
        let orders = OrdersConfig::from_parts(
            args.files.clone(),
            scope.clone(),
            orders_input,
            args.map,
            output.clone(),
            settings,
        )?;
        let surveys = SurveyConfig::from_parts(
            args.files,
            scope,
            surveys_input,
            survey_columns,
            args.scores,
            output.clone(),
            settings,
        )?;
        Ok(CheckConfig {
            kind: args.kind,
            accept_skipped: args.skip_invalid,
            orders,
            surveys,
            output,
        })
    }
}

/// `engage cohorts`: the orders read whole (dates always; `--since` and
/// `--until` stay in the scope, where they choose the cohorts shown, not
/// the orders read).
#[derive(Debug, Clone)]
pub struct CohortsConfig {
    /// Its scope's `by` is the cohort period.
    pub orders: OrdersConfig,
    pub by: Period,
    pub metric: CohortMetric,
}

impl CohortsConfig {
    pub fn from_args(args: CohortsArgs, settings: &Settings) -> anyhow::Result<Self> {
        let mut orders = OrdersConfig::from_args(args.orders, settings)?;
        let by = orders.scope.by.unwrap_or(Period::Month);
        if by == Period::Day {
            return Err(usage(
                "--by day: cohorts are by week, month, quarter or year",
            ));
        }
        orders.scope.by = Some(by);
        orders.scope.read_dates = true;
        Ok(CohortsConfig {
            orders,
            by,
            metric: args.metric,
        })
    }
}

/// Where `engage clv` reads its customers from.
#[derive(Debug)]
pub enum ClvSource {
    /// Order files, read as `engage orders` reads them (with dates).
    Orders(Box<OrdersConfig>),
    /// Per-customer summary files, and how to read them.
    Summary(Vec<String>, InputOptions),
}

/// `engage clv`: where the customers come from, the time unit, the
/// horizon and the discount rate.
#[derive(Debug)]
pub struct ClvConfig {
    pub source: ClvSource,
    /// End of the calibration data (days); `None`: the last order date.
    pub as_of: Option<i32>,
    /// End of the holdout (days), after `as_of`.
    pub holdout_until: Option<i32>,
    pub time_unit: crate::cli::TimeUnit,
    /// In time units.
    pub horizon: f64,
    /// Annual.
    pub discount_rate: f64,
    /// One row per customer instead of the summary.
    pub customers: bool,
    pub output: OutputConfig,
}

impl ClvConfig {
    pub fn from_args(args: crate::cli::ClvArgs, settings: &Settings) -> anyhow::Result<Self> {
        use crate::cli::TimeUnit;
        let time_unit = args.time_unit.unwrap_or(TimeUnit::Day);
        let horizon = args.horizon.unwrap_or(match time_unit {
            TimeUnit::Day => 365.0,
            TimeUnit::Week => 52.0,
            TimeUnit::Month => 12.0,
        });
        if !(horizon.is_finite() && horizon > 0.0) {
            return Err(usage(format!(
                "--horizon {horizon}: give a positive number of time units"
            )));
        }
        let rate = args.discount_rate;
        if !(rate.is_finite() && rate >= 0.0) {
            return Err(usage(format!(
                "--discount-rate {rate}: give an annual rate >= 0, e.g. 0.10 for 10%"
            )));
        }
        let day = |flag: &str, v: Option<&str>| {
            v.map(|s| parse_day_arg(s).map_err(|e| usage(format!("{flag}: {e}"))))
                .transpose()
        };
        let as_of = day("--as-of", args.as_of.as_deref())?;
        let holdout_until = day("--holdout-until", args.holdout_until.as_deref())?;
        if let (Some(a), Some(h)) = (as_of, holdout_until) {
            if h <= a {
                return Err(usage(format!(
                    "--holdout-until {} is not after --as-of {}: the holdout is the time after the calibration data",
                    args.holdout_until.unwrap_or_default(),
                    args.as_of.unwrap_or_default()
                )));
            }
        }
        let output = output(args.output)?;
        let source = match args.summary {
            Some(file) => ClvSource::Summary(vec![file], input(args.input, settings, None)?),
            None => {
                let preset = args
                    .preset
                    .or_else(|| settings.file.defaults.orders_preset.clone());
                let scope = Scope::every_dated_order(args.skip_invalid);
                let mut orders = OrdersConfig::from_parts(
                    args.files,
                    scope,
                    input(args.input.clone(), settings, preset)?,
                    args.map,
                    output.clone(),
                    settings,
                )?;
                // Per-customer rows need the ids' text.
                orders.customer_ids = args.customers;
                ClvSource::Orders(Box::new(orders))
            }
        };
        Ok(ClvConfig {
            source,
            as_of,
            holdout_until,
            time_unit,
            horizon,
            discount_rate: rate,
            customers: args.customers,
            output,
        })
    }
}

fn status_list(list: &str) -> Vec<String> {
    list.split(',')
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

fn scope(args: ScopeArgs) -> anyhow::Result<Scope> {
    let day = |flag: &str, v: &Option<String>| -> anyhow::Result<Option<i32>> {
        v.as_deref()
            .map(|s| parse_day_arg(s).map_err(|e| usage(format!("{flag}: {e}"))))
            .transpose()
    };
    let since = day("--since", &args.since)?;
    let until = day("--until", &args.until)?;
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return Err(usage(format!(
                "--since {} is after --until {}: no day is in that range",
                args.since.unwrap_or_default(),
                args.until.unwrap_or_default()
            )));
        }
    }
    let mut segments: Vec<String> = Vec::new();
    for s in args.segment {
        if s.trim().is_empty() {
            return Err(usage("--segment needs a column name"));
        }
        if segments.iter().any(|t| t.eq_ignore_ascii_case(&s)) {
            return Err(usage(format!("--segment {s} is given twice")));
        }
        segments.push(s);
    }
    Ok(Scope {
        by: args.by,
        read_dates: false,
        segments,
        since,
        until,
        skip_invalid: args.skip_invalid,
        period_dates: false,
    })
}

/// The scope of a per-period table with its layout flags.
fn shaped(args: ScopeArgs, shape: &crate::cli::ShapeArgs) -> anyhow::Result<Scope> {
    let scope = scope(args)?;
    if shape.period_dates && scope.by.is_none() {
        return Err(usage(
            "--period-dates adds the dates of each period: it needs --by (day, week, month, quarter or year)",
        ));
    }
    Ok(Scope {
        period_dates: shape.period_dates,
        ..scope
    })
}

/// The output of a per-period table in `layout`: the wide one needs a
/// segment to spread into columns.
fn laid_out(
    output: OutputConfig,
    scope: &Scope,
    layout: crate::cli::Layout,
) -> anyhow::Result<OutputConfig> {
    if layout == crate::cli::Layout::Long {
        return Ok(output);
    }
    if scope.segments.is_empty() {
        return Err(usage(
            "--layout wide makes a column per segment value: it needs --segment COLUMN",
        ));
    }
    let period_keys = match (scope.by, scope.period_dates) {
        (None, _) => 0,
        (Some(_), false) => 1,
        (Some(_), true) => 3,
    };
    Ok(OutputConfig {
        wide: Some(period_keys),
        ..output
    })
}

fn output(args: OutputArgs) -> anyhow::Result<OutputConfig> {
    let chosen = match (args.format, &args.output) {
        (Some(f), _) => f,
        (None, Some(path)) => format_from_extension(path)?,
        (None, None) if std::io::stdout().is_terminal() => OutputFormat::Table,
        (None, None) => OutputFormat::Csv,
    };
    // A binary file on a terminal is noise that can upset it (gzip refuses
    // the same way); redirected or with -o it is written.
    if let (OutputFormat::Xlsx | OutputFormat::Parquet, None) = (chosen, &args.output) {
        if std::io::stdout().is_terminal() {
            let ext = match chosen {
                OutputFormat::Xlsx => "xlsx",
                _ => "parquet",
            };
            return Err(usage(format!(
                "-f {ext}: a binary file is not written to a terminal; give -o FILE.{ext}, \
                 or redirect the output (> FILE.{ext})"
            )));
        }
    }
    // A spreadsheet container carries the command's CSV.
    let (format, sheet) = match chosen {
        OutputFormat::Table => (Format::Table, None),
        OutputFormat::Csv => (Format::Csv, None),
        OutputFormat::Tsv => (Format::Csv, Some(Spreadsheet::Tsv)),
        OutputFormat::Json => (Format::Json, None),
        OutputFormat::Markdown => (Format::Markdown, None),
        OutputFormat::Html => (Format::Html, None),
        OutputFormat::Parquet => (Format::Parquet, None),
        OutputFormat::Xlsx => (Format::Csv, Some(Spreadsheet::Xlsx)),
    };
    if let Some(path) = &args.output {
        if path.as_os_str().is_empty() || path.is_dir() {
            return Err(usage(format!(
                "-o {}: give a file name to write, not a folder",
                path.display()
            )));
        }
    }
    Ok(OutputConfig {
        format,
        sheet,
        path: args.output,
        quiet: args.quiet,
        color: args.color,
        wide: None,
    })
}

/// Parquet holds one table: a command whose output is several (the report,
/// the check) cannot be written as Parquet.
fn no_parquet(output: &OutputConfig, command: &str) -> anyhow::Result<()> {
    match output.format {
        Format::Parquet => Err(usage(format!(
            "engage {command} does not write Parquet (it writes several tables, or a layout \
             for people); use --format csv or json"
        ))),
        _ => Ok(()),
    }
}

fn format_from_extension(path: &std::path::Path) -> anyhow::Result<OutputFormat> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => Ok(OutputFormat::Csv),
        Some("tsv" | "tab") => Ok(OutputFormat::Tsv),
        Some("json") => Ok(OutputFormat::Json),
        Some("md" | "markdown") => Ok(OutputFormat::Markdown),
        Some("html" | "htm") => Ok(OutputFormat::Html),
        Some("txt") => Ok(OutputFormat::Table),
        Some("parquet" | "pq") => Ok(OutputFormat::Parquet),
        Some("xlsx") => Ok(OutputFormat::Xlsx),
        _ => Err(usage(format!(
            "-o {}: cannot tell the format from the extension; use .csv, .tsv, .xlsx, .json, .parquet, .md, .html or .txt, or give --format",
            path.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_status_rule_excludes_refunds_and_cancellations_in_any_case() {
        let rule = StatusRule::Exclude(
            DEFAULT_EXCLUDED_STATUSES
                .iter()
                .map(|s| s.to_string())
                .collect(),
        );
        assert!(rule.counts(Some("paid")));
        assert!(rule.counts(None));
        assert!(!rule.counts(Some("Refunded")));
        assert!(!rule.counts(Some(" CANCELED ")));
        // Exact match: a partial refund is not a refund.
        assert!(rule.counts(Some("partially_refunded")));
    }

    #[test]
    fn include_rule_drops_blank_statuses() {
        let rule = StatusRule::Include(vec!["paid".into()]);
        assert!(rule.counts(Some("PAID")));
        assert!(!rule.counts(None));
        assert!(!rule.counts(Some("pending")));
    }

    #[test]
    fn thresholds_read_every_operator() {
        let t = |s: &str| Threshold::parse(s).map(|t| (t.metric, t.op, t.limit)).ok();
        assert_eq!(t("nps<30"), Some(("nps".into(), Op::Lt, 30.0)));
        assert_eq!(t(" NPS <= 30 "), Some(("nps".into(), Op::Le, 30.0)));
        assert_eq!(t("aov>100.5"), Some(("aov".into(), Op::Gt, 100.5)));
        assert_eq!(
            t("change_pct_revenue>=-10"),
            Some(("change_pct_revenue".into(), Op::Ge, -10.0))
        );
        assert_eq!(
            t("repeat_purchase_rate<20%"),
            Some(("repeat_purchase_rate".into(), Op::Lt, 20.0))
        );
        for bad in [
            "nps",
            "nps=30",
            "<30",
            "nps<",
            "nps<thirty",
            "nps<inf",
            "nps<<3",
        ] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }

    #[test]
    fn thresholds_name_an_unknown_operator() {
        for (text, op) in [
            ("nps=<20", "=<"),
            ("nps==20", "=="),
            ("nps!=20", "!="),
            ("nps=20", "="),
        ] {
            let err = Threshold::parse(text).err().map(|e| e.to_string());
            let expected =
                format!("--fail-if '{text}': unknown operator {op}; use one of < <= > >=");
            assert!(
                err.as_deref().is_some_and(|e| e.starts_with(&expected)),
                "{text}: {err:?}"
            );
        }
    }

    #[test]
    fn format_follows_the_output_extension() {
        let f = |p: &str| format_from_extension(std::path::Path::new(p)).ok();
        assert_eq!(f("a.CSV"), Some(OutputFormat::Csv));
        assert_eq!(f("a.json"), Some(OutputFormat::Json));
        assert_eq!(f("a.md"), Some(OutputFormat::Markdown));
        assert_eq!(f("a.tsv"), Some(OutputFormat::Tsv));
        assert_eq!(f("a.XLSX"), Some(OutputFormat::Xlsx));
        assert_eq!(f("a.xls"), None);
    }
}
