//! Command-line arguments, as clap derive types only. The doc comments are
//! the help text. Nothing here validates beyond what clap does; turning these
//! into a run configuration is `config.rs`'s job.

use std::path::PathBuf;

use clap::builder::TypedValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Customer engagement metrics from the order and survey exports you have.
#[derive(Debug, Parser)]
#[command(name = "engage", version, max_term_width = 100)]
pub struct Cli {
    /// Read defaults and presets from this file [default: engage.toml in
    /// the working directory, when there is one]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The language of labels, titles and notes in tables, Markdown, HTML
    /// and XLSX (CSV and JSON keys and error messages stay English)
    /// [default: en, or `lang` in engage.toml]
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// Digits of numbers for people: western (0-9) or native (Arabic-Indic
    /// for ar, Thai for th) [default: western, or `digits` in engage.toml]
    #[arg(long, global = true, value_enum, value_name = "DIGITS")]
    pub digits: Option<Digits>,

    #[command(subcommand)]
    pub command: Command,
}

/// clap's error for an argument a command does not take, with a tip for
/// the misuses a new user makes: files given to `report` without
/// `--orders`/`--surveys`, and `--fail-if` on another command. `args` are
/// the process arguments (the first is the program).
pub fn with_tip(mut err: clap::Error, args: &[std::ffi::OsString]) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    use clap::CommandFactory;
    if err.kind() != ErrorKind::UnknownArgument {
        return err;
    }
    let Some(ContextValue::String(arg)) = err.get(ContextKind::InvalidArg) else {
        return err;
    };
    let cli = Cli::command();
    let command = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| cli.get_subcommands().any(|c| c.get_name() == *a));
    let tip = match command {
        Some("report") if !arg.starts_with('-') => format!(
            "`engage report` takes its files with --orders and --surveys: \
             engage report --orders {arg}"
        ),
        Some(name) if arg.split('=').next() == Some("--fail-if") => format!(
            "only `engage report` takes --fail-if: engage report --orders FILE --fail-if EXPR \
             (`engage {name}` has no thresholds)"
        ),
        _ => return err,
    };
    let mut tips = match err.get(ContextKind::Suggested) {
        Some(ContextValue::StyledStrs(tips)) => tips.clone(),
        _ => Vec::new(),
    };
    tips.insert(0, tip.into());
    err.insert(ContextKind::Suggested, ContextValue::StyledStrs(tips));
    err
}

// Parsed once per run: the size of the largest variant (report's flags)
// costs nothing worth boxing it for.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Order metrics: orders, customers, revenue, AOV, purchase frequency,
    /// repeat-purchase and returning-customer rates
    Orders(OrdersArgs),
    /// Survey metrics: NPS with its margin of error, CSAT with its Wilson
    /// interval, and the answer distribution
    Survey(SurveyArgs),
    /// The whole picture for a period: order and survey metrics, the change
    /// from the previous period, per-period and per-segment tables, charts
    /// in HTML, and thresholds that fail a cron job
    Report(ReportArgs),
    /// One row per customer: first and last order, orders, revenue, AOV,
    /// lifetimes' frequency/recency/T/monetary_value, RFM scores and a
    /// named segment; or with --summary one row per segment
    Customers(CustomersArgs),
    /// Data-quality check of order or survey files: the columns engage
    /// would use and why, the date range, and every row it would skip, by
    /// reason and line; exit 0 when `engage orders`/`survey` reads them as
    /// they are, 1 when not
    Check(CheckArgs),
    /// Retention and revenue by acquisition cohort: customers grouped by
    /// the period of their first order, followed period by period
    Cohorts(CohortsArgs),
    /// Predicted customer lifetime value: BG/NBD and Gamma-Gamma models
    /// fitted by maximum likelihood, with P(alive), expected purchases and
    /// discounted CLV per customer
    Clv(ClvArgs),
    /// SQL for the engine the data is in: engage's definitions as one
    /// statement per KIND (orders, survey, customers, cohorts) for DuckDB,
    /// PostgreSQL, Spark, BigQuery, Snowflake, Trino or DataFusion
    Sql(SqlArgs),
    /// Check a warehouse's result CSV against engage's own output on a
    /// sample export, cell by cell; exit 0 when equal, 1 with the
    /// differences
    Compare(CompareArgs),
    /// Print a completion script for a shell: bash, zsh, fish, powershell
    /// or elvish (README, "Shell completions and man page")
    Completions(CompletionsArgs),
    /// Print the manual page (roff) of engage, or of one of its commands
    Man(ManArgs),
    /// Print the metric definitions: every key of the output, its formula
    /// and when it is undefined (the README's definition tables)
    Metrics,
}

#[derive(Debug, Args)]
#[command(subcommand_required = false)]
#[command(subcommand_value_name = "KIND", subcommand_help_heading = "Kinds")]
pub struct SqlArgs {
    #[command(subcommand)]
    pub kind: Option<SqlKind>,

    /// Print the definitions the statements implement, in words (the
    /// README's "Beyond one machine" text)
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Subcommand)]
pub enum SqlKind {
    /// The metrics of `engage orders`, per period and segment
    Orders(SqlOrdersArgs),
    /// The metrics of `engage survey`, per period and segment
    Survey(SqlSurveyArgs),
    /// The per-customer table of `engage customers` (lifetimes'
    /// frequency, recency, T, monetary_value, RFM scores), which `engage
    /// clv --summary` reads back
    Customers(SqlCustomersArgs),
    /// The long form of `engage cohorts`
    Cohorts(SqlCohortsArgs),
}

/// The dialect and the table a statement reads.
#[derive(Debug, Args)]
pub struct SqlTableArgs {
    /// The SQL dialect to write
    #[arg(long, value_enum, value_name = "DIALECT")]
    pub dialect: Dialect,

    /// The table or view holding the rows, optionally qualified
    /// (db.schema.table) [default: orders, or surveys for survey]
    #[arg(long, value_name = "NAME")]
    pub table: Option<String>,

    /// Refused with a message (see `sql::config::check_table`): hidden.
    #[arg(long, value_name = "ZONE", hide = true)]
    pub timezone: Option<String>,
}

/// How order rows are read by `engage sql`.
#[derive(Debug, Args)]
pub struct SqlRowArgs {
    /// Column giving the rows' order in the export (a line number): an
    /// order spread over several rows then takes each field from its first
    /// row where it is not blank, as engage does with a file [default: the
    /// smallest non-blank value of its rows]
    #[arg(long, value_name = "COLUMN")]
    pub row_order_col: Option<String>,

    /// The platform the table was exported from: shopify, woocommerce,
    /// stripe, or a preset of the config file (its first column names and
    /// its status rule)
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
}

#[derive(Debug, Args)]
#[command(mut_args(sql_help))]
pub struct SqlOrdersArgs {
    #[command(flatten)]
    pub table: SqlTableArgs,

    #[command(flatten)]
    pub scope: ScopeArgs,

    #[command(flatten)]
    pub rows: SqlRowArgs,

    #[command(flatten)]
    pub map: OrderMapArgs,
}

#[derive(Debug, Args)]
#[command(mut_args(sql_help))]
pub struct SqlSurveyArgs {
    #[command(flatten)]
    pub table: SqlTableArgs,

    #[command(flatten)]
    pub scope: ScopeArgs,

    /// The survey tool the table was exported from (its first column
    /// names)
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,

    #[command(flatten)]
    pub scores: ScoreArgs,

    /// Column holding the response date or timestamp
    #[arg(long, value_name = "COLUMN")]
    pub date_col: Option<String>,
}

#[derive(Debug, Args)]
#[command(mut_args(sql_help))]
pub struct SqlCustomersArgs {
    #[command(flatten)]
    pub table: SqlTableArgs,

    /// The observation end (YYYY-MM-DD): orders after it are left out
    /// [default: the last counted order date]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// The unit of `recency` and `T`
    #[arg(long, value_enum, default_value_t = TimeUnit::Day, value_name = "UNIT")]
    pub time_unit: TimeUnit,

    /// Add a column with this column's value on the customer's first
    /// counted order (repeatable)
    #[arg(long, value_name = "COLUMN")]
    pub segment: Vec<String>,

    #[command(flatten)]
    pub rows: SqlRowArgs,

    #[command(flatten)]
    pub map: OrderMapArgs,
}

#[derive(Debug, Args)]
#[command(mut_args(|a| sql_help(cohort_help(a))))]
pub struct SqlCohortsArgs {
    #[command(flatten)]
    pub table: SqlTableArgs,

    #[command(flatten)]
    pub scope: ScopeArgs,

    #[command(flatten)]
    pub rows: SqlRowArgs,

    #[command(flatten)]
    pub map: OrderMapArgs,
}

/// The SQL dialects `engage sql` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dialect {
    Duckdb,
    Postgres,
    Spark,
    Bigquery,
    Snowflake,
    Trino,
    Datafusion,
}

/// What a warehouse result holds, for `engage compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultKind {
    Orders,
    Survey,
    Customers,
    Cohorts,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// What the result holds: the output of `engage sql KIND`
    #[arg(value_enum, value_name = "KIND")]
    pub kind: ResultKind,

    /// The warehouse's result, as CSV with a header row
    #[arg(value_name = "RESULT.csv")]
    pub result: PathBuf,

    /// The options and the sample export, as for `engage KIND` (e.g.
    /// `--by week sample.csv`); engage's own output is `engage KIND
    /// --format csv` with them
    #[arg(
        value_name = "OPTIONS/FILE",
        trailing_var_arg = true,
        allow_hyphen_values = true,
        required = true
    )]
    pub args: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,

    /// Write to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (`report` prints engage-report(1))
    /// [default: engage(1), which lists the commands]
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,

    /// Write to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ClvArgs {
    /// Order export(s) in CSV or Parquet; several files, a glob or a
    /// Parquet folder are one data set, `-` reads standard input
    #[arg(
        value_name = "FILE",
        required_unless_present = "summary",
        conflicts_with = "summary"
    )]
    pub files: Vec<String>,

    /// Fit from a per-customer summary instead of orders (CSV or Parquet
    /// with customer_id, frequency, recency, T and optionally
    /// monetary_value, as `engage customers` writes them; recency and T in
    /// --time-unit units)
    #[arg(long, value_name = "FILE")]
    pub summary: Option<String>,

    /// End of the calibration data (YYYY-MM-DD): orders after it are left
    /// out [default: the last counted order date read]
    #[arg(long, value_name = "DATE", conflicts_with = "summary")]
    pub as_of: Option<String>,

    /// Validate: fit on the orders up to --as-of, then compare predicted
    /// with actual purchases up to this day (YYYY-MM-DD), per calibration
    /// frequency and week by week
    #[arg(long, value_name = "DATE", requires = "as_of")]
    pub holdout_until: Option<String>,

    /// Unit of recency, T and --horizon: day, week (7 days) or month
    /// (30.4375 days) [default: day]
    #[arg(long, value_enum, value_name = "UNIT")]
    pub time_unit: Option<TimeUnit>,

    /// How far ahead to predict, in time units [default: one year: 365
    /// days, 52 weeks or 12 months]
    #[arg(long, value_name = "N")]
    pub horizon: Option<f64>,

    /// Annual discount rate of CLV; it is applied month by month at the
    /// rate that compounds to it, (1 + R)^(1/12) - 1
    #[arg(long, value_name = "R", default_value_t = 0.10)]
    pub discount_rate: f64,

    /// One row per customer (the summary's columns, p_alive,
    /// expected_purchases, expected_avg_value, clv) instead of the models
    /// and totals
    #[arg(long)]
    pub customers: bool,

    /// Skip rows with a blank or unreadable value instead of failing, and
    /// report how many were skipped, by reason, on stderr
    #[arg(long)]
    pub skip_invalid: bool,

    #[command(flatten)]
    pub input: InputArgs,

    /// The platform the files come from: shopify, woocommerce, stripe, or
    /// a preset of the config file [default: detected from the header]
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,

    #[command(flatten)]
    pub map: OrderMapArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Order or survey export(s) in CSV or Parquet; several files, a glob
    /// or a Parquet folder are one data set, `-` reads standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,

    /// What the files hold [default: detected from the preset or the
    /// columns]
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<Kind>,

    /// The platform or survey tool the files come from [default: detected
    /// from the header]
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,

    /// Count rows with a blank or unreadable value as skipped rather than
    /// as a reason the files are not usable (as --skip-invalid does for
    /// the other commands)
    #[arg(long)]
    pub skip_invalid: bool,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub map: OrderMapArgs,

    #[command(flatten)]
    pub scores: ScoreArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
#[command(mut_args(cohort_help))]
pub struct CohortsArgs {
    #[command(flatten)]
    pub orders: OrdersArgs,

    /// What the triangle of tables, Markdown and HTML shows (CSV and JSON
    /// carry every metric)
    #[arg(long, value_enum, default_value_t = CohortMetric::Retention, value_name = "NAME")]
    pub metric: CohortMetric,
}

/// The help of the flags whose meaning changes on a table (`engage sql`).
fn sql_help(a: clap::Arg) -> clap::Arg {
    let help = match a.get_id().as_str() {
        "skip_invalid" => {
            "Accepted as in the matching command: the statement always leaves out \
             rows with a blank customer, amount or needed date, or an answer off its scale"
        }
        "order_id_col" => {
            "Column holding the order id; '' when the table has none (each row is one order)"
        }
        "status_col" => "Column holding the order status; '' when the table has none",
        "nps_col" => "Column holding the NPS answer (0-10); '' when the table has none",
        "csat_col" => "Column holding the CSAT answer; '' when the table has none",
        _ => return a,
    };
    a.help(help)
}

/// The help of the scope flags where they choose cohorts (`engage
/// cohorts`, `engage sql cohorts`).
fn cohort_help(a: clap::Arg) -> clap::Arg {
    let help = match a.get_id().as_str() {
        "by" => "Cohort period: week, month, quarter or year [default: month]",
        "segment" => {
            "Split cohorts by this column's value on each customer's first order (repeatable)"
        }
        "since" => "Show the cohorts whose period ends on or after this day (YYYY-MM-DD)",
        "until" => "Show the cohorts whose period starts on or before this day (YYYY-MM-DD)",
        _ => return a,
    };
    a.help(help)
}

/// A per-(cohort, period) metric of `engage cohorts`, named as its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum CohortMetric {
    ActiveCustomers,
    Retention,
    Orders,
    Revenue,
    RevenuePerCustomer,
    CumulativeRevenuePerCustomer,
    RepeatCustomersCumulative,
    RepeatRateCumulative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Csv,
    Parquet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Orders,
    Surveys,
}

#[derive(Debug, Args)]
pub struct SurveyArgs {
    /// Survey export(s) in CSV or Parquet; several files, a glob or a
    /// Parquet folder are one data set, `-` reads standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,

    #[command(flatten)]
    pub scope: ScopeArgs,

    #[command(flatten)]
    pub input: InputArgs,

    /// The survey tool the files come from: qualtrics, surveymonkey,
    /// typeform, or a preset of the config file [default: detected from
    /// the header]
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,

    #[command(flatten)]
    pub scores: ScoreArgs,

    /// Column holding the response date or timestamp
    #[arg(long, value_name = "COLUMN")]
    pub date_col: Option<String>,

    /// Column holding the respondent's customer id or e-mail (links
    /// responses to --orders; otherwise only reported in the metadata)
    #[arg(long, value_name = "COLUMN", visible_alias = "surveys-customer-col")]
    pub customer_col: Option<String>,

    #[command(flatten)]
    pub feedback: FeedbackArgs,

    #[command(flatten)]
    pub shape: ShapeArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// `engage survey --orders`: responses linked to the respondents' orders.
#[derive(Debug, Default, Args)]
pub struct FeedbackArgs {
    /// Order export(s) to link responses to by customer id or e-mail: NPS
    /// and CSAT by customer group, and what respondents bought after
    /// answering
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub orders: Vec<String>,

    /// How respondents are grouped, judged at each response's date from
    /// the orders before that day [default: history]
    #[arg(long, value_enum, value_name = "GROUPING", requires = "orders")]
    pub by_customer: Option<CustomerGrouping>,

    /// Days after the response day whose orders are its behaviour
    /// [default: 90]
    #[arg(long, value_name = "N", requires = "orders")]
    pub after: Option<u32>,

    /// Preset of the order files [default: detected from the header]
    #[arg(long, value_name = "NAME", requires = "orders")]
    pub orders_preset: Option<String>,

    /// Column of the order files holding the customer id or e-mail
    #[arg(long, value_name = "COLUMN", requires = "orders")]
    pub orders_customer_col: Option<String>,

    /// Column of the order files holding the order date
    #[arg(long, value_name = "COLUMN", requires = "orders")]
    pub orders_date_col: Option<String>,

    /// Column of the order files holding the order total
    #[arg(long, value_name = "COLUMN", requires = "orders")]
    pub orders_amount_col: Option<String>,

    /// How an order of the order files spanning several rows gets its
    /// amount, as `engage orders --line-items`: `first` or `sum`
    #[arg(long, value_enum, value_name = "HOW", requires = "orders")]
    pub orders_line_items: Option<LineItems>,

    /// Column of the order files holding each row's quantity (amount =
    /// quantity x unit price), as `engage orders --quantity-col`
    #[arg(long, value_name = "COLUMN", requires = "orders")]
    pub orders_quantity_col: Option<String>,

    /// Column of the order files holding the unit price (with a quantity
    /// column)
    #[arg(
        long,
        value_name = "COLUMN",
        requires = "orders",
        conflicts_with = "orders_amount_col"
    )]
    pub orders_unit_price_col: Option<String>,
}

/// How `engage survey --orders` groups respondents, judged at the
/// response date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CustomerGrouping {
    /// new (no order before), one-time, repeat (2+ orders)
    History,
    /// The RFM segment as of the day before (as `engage customers`)
    Rfm,
    /// Quartile of revenue to date among every customer with an order
    Spend,
    /// Acquisition cohort: the --by period of the first order
    Cohort,
}

#[derive(Debug, Args)]
pub struct OrdersArgs {
    /// Order export(s) in CSV or Parquet; several files, a glob or a
    /// Parquet folder are one data set, `-` reads standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,

    #[command(flatten)]
    pub scope: ScopeArgs,

    #[command(flatten)]
    pub shape: ShapeArgs,

    #[command(flatten)]
    pub input: InputArgs,

    /// The platform the files come from: shopify, woocommerce, stripe, or
    /// a preset of the config file [default: detected from the header]
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,

    #[command(flatten)]
    pub map: OrderMapArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CustomersArgs {
    /// Order export(s) in CSV or Parquet; several files, a glob or a
    /// Parquet folder are one data set, `-` reads standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,

    /// The observation end (YYYY-MM-DD): orders after it are left out
    /// [default: the last counted order date read]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// The unit of `recency` and `T`: days, weeks (7 days) or months
    /// (30.4375 days)
    #[arg(long, value_enum, default_value_t = TimeUnit::Day, value_name = "UNIT")]
    pub time_unit: TimeUnit,

    /// Add a column with this column's value on the customer's first
    /// counted order (repeatable), e.g. the acquisition channel
    #[arg(long, value_name = "COLUMN")]
    pub segment: Vec<String>,

    /// One row per RFM segment instead of one per customer
    #[arg(long, conflicts_with = "segment")]
    pub summary: bool,

    /// Skip rows with a blank or unreadable value instead of failing, and
    /// report how many were skipped, by reason, on stderr
    #[arg(long)]
    pub skip_invalid: bool,

    #[command(flatten)]
    pub input: InputArgs,

    /// The platform the files come from: shopify, woocommerce, stripe, or
    /// a preset of the config file [default: detected from the header]
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,

    #[command(flatten)]
    pub map: OrderMapArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// The unit `recency`, `T` and clv horizons are counted in (a pure scale of days, as
/// lifetimes' `freq="D"` with `freq_multiplier` 1, 7 or 30.4375).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimeUnit {
    Day,
    Week,
    Month,
}

/// How order columns are mapped and which orders count; shared by `orders`
/// and `report`.
#[derive(Debug, Args)]
pub struct OrderMapArgs {
    /// Column holding the order id (rows sharing one are one order)
    #[arg(long, value_name = "COLUMN")]
    pub order_id_col: Option<String>,

    /// Column holding the customer id or e-mail
    #[arg(long, value_name = "COLUMN")]
    pub customer_col: Option<String>,

    /// Column holding the order date or timestamp
    #[arg(long, value_name = "COLUMN")]
    pub date_col: Option<String>,

    /// Column holding the order total
    #[arg(long, value_name = "COLUMN")]
    pub amount_col: Option<String>,

    /// Column holding the order status
    #[arg(long, value_name = "COLUMN")]
    pub status_col: Option<String>,

    /// Statuses to exclude, comma-separated, replacing the default
    /// refunded,cancelled,canceled,voided,failed; "" excludes none
    #[arg(long, value_name = "LIST", conflicts_with = "include_status")]
    pub exclude_status: Option<String>,

    /// Count only orders with one of these statuses, comma-separated
    #[arg(long, value_name = "LIST")]
    pub include_status: Option<String>,

    /// How an order spanning several rows gets its amount: `first` non-blank
    /// amount (Shopify-style totals) or the `sum` of its rows (line totals)
    /// [default: first; always sum with a quantity column]
    #[arg(long, value_enum, value_name = "HOW")]
    pub line_items: Option<LineItems>,

    /// Column holding each row's quantity: the row's amount is then
    /// quantity x unit price, an order's the sum of its rows
    #[arg(long, value_name = "COLUMN")]
    pub quantity_col: Option<String>,

    /// Column holding the unit price (with a quantity column)
    #[arg(long, value_name = "COLUMN", conflicts_with = "amount_col")]
    pub unit_price_col: Option<String>,

    /// Column holding the amount refunded on an order (--revenue net)
    #[arg(long, value_name = "COLUMN")]
    pub refund_col: Option<String>,

    /// Revenue as charged (`gross`) or less the refunded amount (`net`)
    #[arg(long, value_enum, default_value_t = Revenue::Gross, value_name = "HOW")]
    pub revenue: Revenue,

    /// Orders with a blank customer id: an `error`, `skip` them, or
    /// `include` them in orders, revenue and AOV (not in customer metrics)
    /// [default: error]
    #[arg(long, value_enum, value_name = "HOW")]
    pub guest_orders: Option<GuestOrders>,
}

/// Which columns hold the survey scores and how CSAT is read; shared by
/// `survey` and `report`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Column holding the NPS answer (0-10)
    #[arg(long, value_name = "COLUMN")]
    pub nps_col: Option<String>,

    /// Column holding the CSAT answer
    #[arg(long, value_name = "COLUMN")]
    pub csat_col: Option<String>,

    /// CSAT scale: answers run from 1 to 5, 7 or 10 [default: 5]
    #[arg(long, value_name = "N",
          value_parser = clap::builder::PossibleValuesParser::new(["5", "7", "10"])
              .map(|s| s.parse::<u8>().unwrap_or(5)))]
    pub csat_scale: Option<u8>,

    /// Lowest CSAT answer that counts as satisfied [default: the top two
    /// boxes: 4 on 1-5, 6 on 1-7, 9 on 1-10]
    #[arg(long, value_name = "N")]
    pub csat_satisfied: Option<u8>,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("inputs").required(true).multiple(true).args(["orders", "surveys"]))]
#[command(mut_arg("customer_col", |a| a.visible_alias("orders-customer-col")))]
pub struct ReportArgs {
    /// Order export(s) in CSV or Parquet (several files, a glob or a Parquet
    /// folder are one data set)
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub orders: Vec<String>,

    /// Survey export(s) in CSV or Parquet (several files, a glob or a Parquet
    /// folder are one data set)
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub surveys: Vec<String>,

    #[command(flatten)]
    pub scope: ScopeArgs,

    /// Report the last complete period before --as-of (default: today);
    /// sets --by to the same unit unless --by is given
    #[arg(long, value_enum, value_name = "PERIOD", conflicts_with = "until")]
    pub period: Option<LastPeriod>,

    /// The day --period counts back from (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", requires = "period")]
    pub as_of: Option<String>,

    /// Add, for every metric, the previous period's value, the change and
    /// the relative change (`prev_`, `delta_`, `change_pct_` columns)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub compare: Option<Compare>,

    /// Add the customers per RFM segment as of the headline's last day (as
    /// `engage customers --summary`; needs order dates)
    #[arg(long)]
    pub customers: bool,

    /// Exit with code 3 when the headline breaks this threshold, e.g.
    /// 'nps<30' or 'change_pct_revenue<=-10' (repeatable; < <= > >=)
    #[arg(long, value_name = "EXPR")]
    pub fail_if: Vec<String>,

    /// Allow a per-period table of more than 10,000 periods (a data range
    /// that long is usually a placeholder date such as 0000-01-01)
    #[arg(long)]
    pub allow_many_periods: bool,

    /// Report a --period headline that has no data (the export ends
    /// before it) instead of failing with exit code 1
    #[arg(long, requires = "period")]
    pub allow_empty: bool,

    /// Skip a --fail-if on an NPS or CSAT metric, and the verdict on its
    /// change, when it rests on fewer than N answers (a cron alert does
    /// not fire on 2 answers)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub min_responses: u64,

    /// A heading for the report (a shop's name), shown above it in every
    /// format for people
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub map: OrderMapArgs,

    /// Preset of the order files [default: detected from the header]
    #[arg(long, value_name = "NAME")]
    pub orders_preset: Option<String>,

    /// Preset of the survey files [default: detected from the header]
    #[arg(long, value_name = "NAME")]
    pub surveys_preset: Option<String>,

    #[command(flatten)]
    pub scores: ScoreArgs,

    /// Column of the survey files holding the response date or timestamp
    #[arg(long, value_name = "COLUMN")]
    pub survey_date_col: Option<String>,

    /// Column of the survey files holding the respondent's customer id or
    /// e-mail (links responses to order customers)
    #[arg(long, value_name = "COLUMN")]
    pub surveys_customer_col: Option<String>,

    /// Add the retention triangle of the last 12 acquisition cohorts (by
    /// the --by period from week to year, else by month)
    #[arg(long)]
    pub cohorts: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Flags that choose which rows count and how they are grouped; shared by
/// every metrics command.
#[derive(Debug, Args)]
pub struct ScopeArgs {
    /// One row per period
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub by: Option<Period>,

    /// One row per value of this column (repeatable; any column)
    #[arg(long, value_name = "COLUMN")]
    pub segment: Vec<String>,

    /// Keep only rows dated on or after this day (YYYY-MM-DD, inclusive)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Keep only rows dated on or before this day (YYYY-MM-DD, inclusive)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Skip rows with a blank or unreadable value instead of failing, and
    /// report how many were skipped, by reason, on stderr
    #[arg(long)]
    pub skip_invalid: bool,
}

/// How the per-period table of `orders` and `survey` is laid out.
#[derive(Debug, Default, Args)]
pub struct ShapeArgs {
    /// With --by: add each period's first and last day as columns `from`
    /// and `to` after `period` (cut to --since/--until)
    #[arg(long)]
    pub period_dates: bool,

    /// long: a row per period and segment value; wide: a row per period
    /// and a column per metric and segment value (`orders:web`), with
    /// --segment
    #[arg(long, value_enum, value_name = "LAYOUT", default_value_t = Layout::Long)]
    pub layout: Layout,
}

/// The shape of a per-period, per-segment table (`--layout`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Layout {
    #[default]
    Long,
    Wide,
}

/// How input files are read; shared by every command.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Field separator: `,` `;` `tab` `|` or any one character [default:
    /// detected from each file's header line]
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,

    /// Amounts use a decimal comma and dot thousands (`1.234,50`)
    #[arg(long)]
    pub decimal_comma: bool,

    /// Text encoding of the files, e.g. latin1, windows-1252, utf-16
    /// [default: UTF-8]
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,

    /// Read the files as CSV or Parquet [default: Parquet for `.parquet`
    /// and `.pq` files and folders, CSV otherwise]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// How dates with slashes are read: `mdy` (US, 01/15/2024) or `dmy`
    /// (15/01/2024, 15.01.2024, 15-01-2024) [default: ISO dates only]
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<crate::input::parse::DateOrder>,

    /// The calendar of the dates' years: `buddhist` reads Thai
    /// Buddhist-era years (2567 = 2024) [default: gregorian]
    #[arg(long, value_enum, value_name = "CALENDAR")]
    pub calendar: Option<crate::input::parse::Calendar>,

    /// Read two-digit years (5/1/24): 00-68 are 2000-2068, 69-99 are
    /// 1969-1999 (25yy with --calendar buddhist) [default: an error]
    #[arg(long)]
    pub two_digit_years: bool,

    /// Convert timestamps with an offset (`-0500`, `Z`) or in a column
    /// marked UTC (`Created (UTC)`) to this IANA zone (America/New_York)
    /// before taking their date; others are taken as local [default: the
    /// date as written]
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
}

/// Where and how the report is written; shared by every command.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format [default: table on a terminal, csv otherwise, or from
    /// the -o file's extension]
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,

    /// Write to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Do not print warnings on stderr
    #[arg(short, long)]
    pub quiet: bool,

    /// Colour the changes in terminal tables (green better, red worse):
    /// auto (only on a terminal without NO_COLOR), always or never
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// The language of the output for people (`--lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English
    #[default]
    En,
    /// Hebrew (HTML right to left)
    He,
    /// Arabic (HTML right to left)
    Ar,
    /// Thai
    Th,
}

/// The digits of numbers for people (`--digits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    /// 0-9
    #[default]
    Western,
    /// The language's own: Arabic-Indic for ar, Thai for th (en and he
    /// have none in use: 0-9)
    Native,
}

/// When terminal tables are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Period {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// The last complete period before a day (`last-week`...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[allow(clippy::enum_variant_names)] // the names are the flag's values
pub enum LastPeriod {
    /// Yesterday
    LastDay,
    /// The last complete ISO week (Monday to Sunday)
    LastWeek,
    LastMonth,
    LastQuarter,
    LastYear,
}

impl LastPeriod {
    pub fn unit(self) -> Period {
        match self {
            LastPeriod::LastDay => Period::Day,
            LastPeriod::LastWeek => Period::Week,
            LastPeriod::LastMonth => Period::Month,
            LastPeriod::LastQuarter => Period::Quarter,
            LastPeriod::LastYear => Period::Year,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Compare {
    /// The period just before the headline period (or, without periods,
    /// the range of the same length just before --since)
    Previous,
}

/// The values of `--format`: a renderer's [`Format`], or a spreadsheet
/// container for the CSV (`config.rs` resolves which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Csv,
    /// The CSV's cells, tab-separated
    Tsv,
    Json,
    Markdown,
    /// One self-contained HTML file with charts (no network)
    Html,
    /// Apache Parquet (tables: orders, survey, customers)
    Parquet,
    /// An Excel workbook: typed cells, one sheet per table of a report
    Xlsx,
}

/// What a renderer writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
    /// One self-contained HTML file with charts (no network)
    Html,
    /// Apache Parquet (tables: orders, survey, customers)
    Parquet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LineItems {
    First,
    Sum,
}

/// Which revenue counts: as charged, or less refunds (`--revenue`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Revenue {
    Gross,
    Net,
}

/// What becomes of orders with a blank customer id (`--guest-orders`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GuestOrders {
    #[default]
    Error,
    Skip,
    Include,
}

/// The name a closed set of values has on the command line (`week`).
pub fn flag_value(v: &impl ValueEnum) -> Option<String> {
    v.to_possible_value().map(|p| p.get_name().to_string())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
