//! The SQL of `polgen usage-query`, per engine, as reviewed snapshots: a change to the query
//! shows in review as a diff of the SQL.

use polgen_trail::{Engine, Principal, UsageQuery, parse_time_bound, usage_query};

fn query(engine: Engine, projection: bool) -> String {
    usage_query(&UsageQuery {
        engine,
        principal: Principal::role("arn:aws:iam::111122223333:role/team/app_worker")
            .expect("test input is valid"),
        since: Some(parse_time_bound("2024-05-01", false).expect("test input is valid")),
        until: Some(parse_time_bound("2024-05-31", true).expect("test input is valid")),
        table: "cloudtrail_logs".to_owned(),
        projection,
    })
    .expect("test input is valid")
}

#[test]
fn athena_with_partition_projection() {
    insta::assert_snapshot!(query(Engine::Athena, true));
}

#[test]
fn trino() {
    insta::assert_snapshot!(query(Engine::Trino, false));
}

#[test]
fn spark_with_partition_projection() {
    insta::assert_snapshot!(query(Engine::Spark, true));
}

#[test]
fn a_user_and_no_window() {
    let sql = usage_query(&UsageQuery {
        engine: Engine::Athena,
        principal: Principal::user("arn:aws:iam::111122223333:user/alice").expect("valid"),
        since: None,
        until: None,
        table: "audit.cloudtrail".to_owned(),
        projection: false,
    })
    .expect("test input is valid");
    assert!(sql.contains("WHERE useridentity.arn = 'arn:aws:iam::111122223333:user/alice'\n"));
    assert!(sql.contains("FROM audit.cloudtrail\n"));
    assert!(!sql.contains("substr(eventtime"));
    // The projection needs a window to bound.
    let err = usage_query(&UsageQuery {
        engine: Engine::Athena,
        principal: Principal::user("arn:aws:iam::111122223333:user/alice").expect("valid"),
        since: None,
        until: None,
        table: "t".to_owned(),
        projection: true,
    })
    .expect_err("must fail");
    assert!(err.contains("--since"), "{err}");
}

/// The SQL parses in the matching dialect of `sqlparser`: Spark's for Spark; for Athena and
/// Trino, which `sqlparser` has no dialect of, DuckDB's, which reads the same constructs
/// (double-quoted identifiers, `x -> expr` lambdas, `LIKE ... ESCAPE`).
#[test]
fn the_sql_parses() {
    use sqlparser::dialect::{Dialect, DuckDbDialect, SparkSqlDialect};
    use sqlparser::parser::Parser;
    let cases: [(Engine, &dyn Dialect); 3] = [
        (Engine::Spark, &SparkSqlDialect {}),
        (Engine::Athena, &DuckDbDialect {}),
        (Engine::Trino, &DuckDbDialect {}),
    ];
    for (engine, dialect) in cases {
        let sql = query(engine, true);
        let parsed = Parser::parse_sql(dialect, &sql);
        assert!(
            parsed
                .as_ref()
                .is_ok_and(|statements| statements.len() == 1),
            "{engine:?}: {parsed:?}"
        );
    }
    // The check can fail: a broken query does not parse.
    let broken = query(Engine::Spark, true).replace("GROUP BY", "GROUP");
    assert!(Parser::parse_sql(&SparkSqlDialect {}, &broken).is_err());
}
