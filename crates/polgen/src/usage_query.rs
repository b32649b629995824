//! `polgen usage-query`: prints the SQL of the usage aggregate for one role or user, for the
//! engine where the CloudTrail table lives.

use crate::output::errln;
use clap::{Args, ValueEnum};
use polgen_trail::{Engine, Principal, UsageQuery, usage_query};

use crate::exit::Exit;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// Amazon Athena (engine v3).
    Athena,
    /// Trino (or Presto) over the same table.
    Trino,
    /// Spark SQL (Databricks, EMR, Glue).
    Spark,
}

#[derive(Args, Debug)]
pub struct UsageQueryArgs {
    /// The SQL dialect.
    #[arg(long, value_enum)]
    pub engine: EngineArg,
    /// The role whose calls to aggregate (its sessions and anything issued by it).
    #[arg(
        long,
        value_name = "ARN",
        required_unless_present = "user",
        conflicts_with = "user"
    )]
    pub role: Option<String>,
    /// The IAM user whose calls to aggregate.
    #[arg(long, value_name = "ARN")]
    pub user: Option<String>,
    #[command(flatten)]
    pub window: crate::cli::WindowArgs,
    /// The CloudTrail table (as documented for Athena), optionally `catalog.schema.table`.
    #[arg(long, value_name = "NAME", default_value = "cloudtrail_logs")]
    pub table: String,
    /// The table uses the documented partition projection (`timestamp` as `yyyy/MM/dd`):
    /// bound the partition too, so that only the days in the window are read.
    #[arg(long)]
    pub projection: bool,
}

pub fn run(args: &UsageQueryArgs) -> Exit {
    match build(args).and_then(|q| usage_query(&q)) {
        Ok(sql) => {
            let _ = crate::output::stdout(&sql);
            Exit::Clean
        }
        Err(message) => {
            errln!("error: {message}");
            Exit::Error
        }
    }
}

fn build(args: &UsageQueryArgs) -> Result<UsageQuery, String> {
    let principal = match Principal::from_options(args.role.as_deref(), args.user.as_deref())? {
        Principal::Any => return Err("give --role or --user".to_owned()),
        named => named,
    };
    let (since, until) = args.window.bounds()?;
    polgen_trail::query::check_table_name(&args.table).map_err(|e| format!("--table: {e}"))?;
    Ok(UsageQuery {
        engine: match args.engine {
            EngineArg::Athena => Engine::Athena,
            EngineArg::Trino => Engine::Trino,
            EngineArg::Spark => Engine::Spark,
        },
        principal,
        since,
        until,
        table: args.table.clone(),
        projection: args.projection,
    })
}
