//! `engage sql`: prints the statement of a KIND for a dialect, or the
//! definitions in words (`--explain`). Writes stdout only; reads no file.

use anyhow::Result;

use crate::report::output::Target;
use crate::sql::config::SqlJob;
use crate::sql::{cohorts, customers, orders, survey, EXPLAIN};

pub fn run(job: SqlJob) -> Result<()> {
    let text = match job {
        SqlJob::Explain => EXPLAIN.to_string(),
        SqlJob::Orders(sql, table, scope) => orders::statement(&sql, &table, &scope),
        SqlJob::Survey(sql, table, scope) => survey::statement(&sql, &table, &scope),
        SqlJob::Customers {
            sql,
            table,
            as_of,
            unit,
            rules,
        } => customers::statement(&sql, &table, as_of, unit, &rules),
        SqlJob::Cohorts {
            sql,
            table,
            by,
            since,
            until,
        } => cohorts::statement(&sql, &table, by, since, until),
    };
    Target::Stdout.write(text.as_bytes())
}
