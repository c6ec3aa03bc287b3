//! The admins' audit log: pages that neither skip nor repeat rows while
//! rows are added, filters by action and dates, and the CSV download.

use app::model::AuditPage;
use reqwest::StatusCode;

use crate::helpers::{ClientForm, PASSWORD, TestApp, new_client};
use crate::on_both_backends;

on_both_backends!(
    audit_pages_filters_and_csv,
    the_audit_log_finds_clients_by_part_of_their_id,
);

const DAY: i64 = 86_400;
/// 2026-01-01T00:00:00Z.
const NEW_YEAR: i64 = 1_767_225_600;

async fn add_rows(app: &TestApp, count: usize, action: &str, at: i64) {
    for i in 0..count {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_email, action, client_id, before, after) \
             VALUES ($1, 'bulk@example.com', $2, $3, NULL, $4)",
        )
        .bind(at + i as i64)
        .bind(action)
        .bind(format!("client-{i}"))
        .bind(format!("{{\"n\":{i},\"note\":\"=cmd, \\\"quoted\\\"\"}}"))
        .execute(app.state.db.pool())
        .await
        .unwrap();
    }
}

async fn audit_pages_filters_and_csv(app: TestApp) {
    app.make_admin("root@example.com").await;
    let admin = new_client();
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    add_rows(&app, 70, "bulk.first", NEW_YEAR).await;
    add_rows(&app, 60, "bulk.second", NEW_YEAR + 10 * DAY).await;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();

    // Every row once, newest first, while rows keep arriving.
    let mut seen: Vec<i64> = Vec::new();
    let mut before: Option<i64> = None;
    loop {
        let b = before.map(|b| b.to_string());
        let mut form = vec![];
        if let Some(b) = &b {
            form.push(("before", b.as_str()));
        }
        let page: AuditPage = app.call_ok(&admin, "audit_log", &form).await;
        assert!(page.entries.len() <= 50);
        seen.extend(page.entries.iter().map(|e| e.id));
        add_rows(&app, 3, "bulk.meanwhile", NEW_YEAR + 20 * DAY).await;
        match page.next_before {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, total, "every row that was there, once");
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first");

    // Filters: one action, a date range (the last day included).
    let page: AuditPage = app
        .call_ok(&admin, "audit_log", &[("query[action]", "bulk.second")])
        .await;
    assert_eq!(page.entries.len(), 50);
    assert!(page.entries.iter().all(|e| e.action == "bulk.second"));
    let page: AuditPage = app
        .call_ok(
            &admin,
            "audit_log",
            &[("query[from]", "2026-01-01"), ("query[to]", "2026-01-01")],
        )
        .await;
    assert!(!page.entries.is_empty());
    assert!(page.entries.iter().all(|e| e.action == "bulk.first"));
    let res = app
        .call(
            &admin,
            "audit_log",
            &[("query[from]", "2026-02-01"), ("query[to]", "2026-01-01")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .call(&admin, "audit_log", &[("query[from]", "yesterday")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // The CSV: admins only, every matching row, quoted, formulas defused.
    let csv = |who: &reqwest::Client, query: &str| {
        who.get(app.url(&format!("/admin/audit.csv?{query}")))
            .send()
    };
    assert_eq!(
        csv(&new_client(), "").await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let developer = app.new_person("dev@example.com").await;
    assert_eq!(
        csv(&developer, "").await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        csv(&admin, "from=soon").await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
    let res = csv(&admin, "action=bulk.first").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "id,time,actor,action,client_id,before,after");
    assert_eq!(lines.len(), 71, "a header and 70 rows");
    assert!(
        lines[1].contains(",2026-01-01T00:01:09Z,bulk@example.com,bulk.first,client-69,,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with("\"{\"\"n\"\":69,\"\"note\"\":\"\"=cmd, \\\"\"quoted\\\"\"\"\"}\""),
        "{}",
        lines[1]
    );
    let all = csv(&admin, "").await.unwrap().text().await.unwrap();
    let rows = all.lines().count() as i64 - 1;
    let now: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(rows, now, "more than one chunk, every row");
}

/// The client ids of the rows `query` finds (first page).
async fn clients_found(app: &TestApp, admin: &reqwest::Client, query: &str) -> Vec<String> {
    let page: AuditPage = app
        .call_ok(admin, "audit_log", &[("query[client_id]", query)])
        .await;
    page.entries
        .into_iter()
        .filter_map(|e| e.client_id)
        .collect()
}

async fn the_audit_log_finds_clients_by_part_of_their_id(app: TestApp) {
    app.make_admin("root@example.com").await;
    let admin = new_client();
    app.sign_in_with(&admin, "root@example.com", PASSWORD).await;
    app.sign_up("dev@example.com").await;
    let mut ids = std::collections::BTreeMap::new();
    for suffix in ["shopfront", "shopback", "billing"] {
        let client = app
            .create_client(&app.client, &ClientForm::service(suffix))
            .await;
        ids.insert(suffix, client.client_id);
    }
    // More clients share ".bulk" than are looked up one by one.
    for i in 0..23 {
        app.create_client(&app.client, &ClientForm::service(&format!("bulk{i:02}")))
            .await;
    }

    // The whole id: that client only. Its suffix, or part of it: the
    // clients whose id contains it, case aside.
    let found = clients_found(&app, &admin, &ids["shopfront"]).await;
    assert!(!found.is_empty());
    assert!(found.iter().all(|c| c == &ids["shopfront"]), "{found:?}");
    let found = clients_found(&app, &admin, "SHOPB").await;
    assert!(!found.is_empty());
    assert!(found.iter().all(|c| c == &ids["shopback"]), "{found:?}");
    let found = clients_found(&app, &admin, ".shop").await;
    for suffix in ["shopfront", "shopback"] {
        assert!(found.contains(&ids[suffix]), "{suffix} in {found:?}");
    }
    assert!(!found.contains(&ids["billing"]), "{found:?}");
    // A part that 23 clients share: every one of them, nothing else.
    let found = clients_found(&app, &admin, ".bulk").await;
    let mut unique = found.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 23, "{unique:?}");
    assert!(found.iter().all(|c| c.contains(".bulk")), "{found:?}");
    // Wildcards are taken literally; no match finds nothing.
    assert!(clients_found(&app, &admin, "%").await.is_empty());
    assert!(
        clients_found(&app, &admin, "nothing-like-it")
            .await
            .is_empty()
    );

    // The CSV finds the same rows.
    let text = admin
        .get(app.url("/admin/audit.csv?client_id=shop"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert!(rows.len() >= 2, "{text}");
    assert!(
        rows.iter()
            .all(|r| r.contains(".shopfront") || r.contains(".shopback")),
        "{text}"
    );
}
