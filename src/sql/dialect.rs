//! Every difference between the SQL dialects engage writes, in one place:
//! identifier quoting, string literals, type names, days since 1970-01-01
//! and back, the day of the year, modulo, and byte-order text sorting.
//! Everything else the statements use (CTEs, CASE, NULLIF, window MIN,
//! ROW_NUMBER, RANK, EXTRACT of YEAR/MONTH/DAY, LPAD, CONCAT, FLOOR, SQRT,
//! LIKE, NULLS LAST) reads the same on all seven engines.

use crate::cli::Dialect;

impl Dialect {
    /// A quoted identifier: `"name"` (standard) or `` `name` `` (Spark,
    /// BigQuery), the quote doubled inside.
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Spark | Dialect::Bigquery => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A string literal. Spark, BigQuery and Snowflake read backslash
    /// escapes inside quotes (and Spark joins `'a' 'b'`, so `''` is not a
    /// quote there); the others double the quote.
    pub fn string(self, s: &str) -> String {
        match self {
            Dialect::Spark | Dialect::Bigquery => {
                format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
            }
            Dialect::Snowflake => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''")),
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }

    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::Spark | Dialect::Bigquery => "STRING",
            _ => "VARCHAR",
        }
    }

    pub fn double_type(self) -> &'static str {
        match self {
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::Bigquery => "FLOAT64",
            _ => "DOUBLE",
        }
    }

    pub fn bigint_type(self) -> &'static str {
        match self {
            Dialect::Bigquery => "INT64",
            _ => "BIGINT",
        }
    }

    /// Exact money, two decimals.
    pub fn decimal_type(self) -> &'static str {
        match self {
            Dialect::Postgres => "NUMERIC(18,2)",
            Dialect::Bigquery => "NUMERIC",
            Dialect::Snowflake => "NUMBER(18,2)",
            _ => "DECIMAL(18,2)",
        }
    }

    /// Days since 1970-01-01 of a DATE, as an integer.
    pub fn day_number(self, date: &str) -> String {
        match self {
            Dialect::Duckdb | Dialect::Trino => {
                format!("date_diff('day', DATE '1970-01-01', {date})")
            }
            Dialect::Postgres => format!("({date} - DATE '1970-01-01')"),
            Dialect::Spark => format!("datediff({date}, DATE '1970-01-01')"),
            Dialect::Datafusion => format!("CAST(CAST({date} AS INT) AS BIGINT)"),
            Dialect::Bigquery => format!("UNIX_DATE({date})"),
            Dialect::Snowflake => format!("DATEDIFF(day, DATE '1970-01-01', {date})"),
        }
    }

    /// The DATE of a day number.
    pub fn date_of(self, days: &str) -> String {
        match self {
            Dialect::Duckdb | Dialect::Postgres => {
                format!("(DATE '1970-01-01' + CAST({days} AS INTEGER))")
            }
            Dialect::Spark => format!("date_add(DATE '1970-01-01', CAST({days} AS INT))"),
            Dialect::Datafusion => format!("CAST(CAST({days} AS INT) AS DATE)"),
            Dialect::Bigquery => format!("DATE_FROM_UNIX_DATE({days})"),
            Dialect::Snowflake => format!("DATEADD(day, {days}, DATE '1970-01-01')"),
            Dialect::Trino => format!("date_add('day', {days}, DATE '1970-01-01')"),
        }
    }

    /// Day of the year (1-366) of a DATE.
    pub fn day_of_year(self, date: &str) -> String {
        match self {
            Dialect::Bigquery => format!("EXTRACT(DAYOFYEAR FROM {date})"),
            Dialect::Snowflake => format!("DAYOFYEAR({date})"),
            Dialect::Trino => format!("day_of_year({date})"),
            _ => format!("EXTRACT(DOY FROM {date})"),
        }
    }

    /// `a mod b` for `a >= 0`.
    pub fn modulo(self, a: &str, b: i64) -> String {
        match self {
            Dialect::Bigquery | Dialect::Snowflake => format!("MOD({a}, {b})"),
            _ => format!("(({a}) % {b})"),
        }
    }

    /// A text expression that sorts in byte order (engage's order): only
    /// PostgreSQL sorts by the database's locale unless told.
    pub fn byte_order(self, e: &str) -> String {
        match self {
            Dialect::Postgres => format!("{e} COLLATE \"C\""),
            _ => e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_escaped_the_way_each_dialect_reads_them() {
        assert_eq!(Dialect::Postgres.ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
        assert_eq!(Dialect::Duckdb.string("Can't"), "'Can''t'");
        assert_eq!(Dialect::Spark.string("Can't \\"), "'Can\\'t \\\\'");
        assert_eq!(Dialect::Snowflake.string("a'\\"), "'a''\\\\'");
    }
}
