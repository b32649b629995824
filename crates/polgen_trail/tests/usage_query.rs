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
