//! Lists read a page at a time by key: clients (developers' and admins'),
//! the approval queue. No row is skipped or repeated while rows are added
//! between two pages; search finds a row by part of its id or name.

use app::model::{AdminClient, AuditPage, ClientSummary, ListPage, PendingClient};
use reqwest::{Client, StatusCode};
use server::store::{
    Backend, accounts, clients, consents, credentials, orgs, sessions, systems, two_step, webhooks,
};

use crate::helpers::{ClientForm, TestApp, field_message};
use crate::on_both_backends;

on_both_backends!(
    client_pages_neither_skip_nor_repeat_and_search,
    clients_sorted_by_name_page_by_key,
    admins_page_and_search_every_client_and_the_queue,
    histories_reach_every_row_a_page_at_a_time,
    every_list_query_walks_an_index,
);

/// Every page of a list, following `next_after`, calling `between` after
/// each page.
async fn walk<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    who: &Client,
    function: &str,
    key: &str,
    mut between: impl AsyncFnMut(usize),
) -> Vec<T> {
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    for round in 0..20 {
        let mut form = vec![];
        if let Some(a) = &after {
            form.push((key, a.as_str()));
        }
        let page: ListPage<T> = app.call_ok(who, function, &form).await;
        assert!(page.rows.len() <= 50);
        seen.extend(page.rows);
        between(round).await;
        match page.next_after {
            Some(next) => after = Some(next),
            None => return seen,
        }
    }
    panic!("more than 20 pages");
}

async fn client_pages_neither_skip_nor_repeat_and_search(app: TestApp) {
    app.sign_up("dev@example.com").await;
    for i in 0..120 {
        let form = ClientForm::service(&format!("svc{i:03}"));
        app.create_client(&app.client, &form).await;
    }
    // Clients made in the same second tie on time; the id breaks the tie.
    let app_ref = &app;
    let seen: Vec<ClientSummary> = walk(
        app_ref,
        &app.client,
        "list_clients",
        "after",
        async |round| {
            let form = ClientForm::service(&format!("new{round}"));
            app_ref.create_client(&app_ref.client, &form).await;
        },
    )
    .await;
    let ids: Vec<&str> = seen.iter().map(|c| c.client_id.as_str()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "none repeated");
    for i in 0..120 {
        let suffix = format!(".svc{i:03}");
        assert!(
            ids.iter().any(|id| id.ends_with(&suffix)),
            "{suffix} skipped"
        );
    }

    // Search: part of the id or the name, case-insensitive, wildcards literal.
    let page: ListPage<ClientSummary> = app
        .call_ok(&app.client, "list_clients", &[("q", "SVC11")])
        .await;
    assert_eq!(page.rows.len(), 10);
    assert!(page.rows.iter().all(|c| c.client_id.contains(".svc11")));
    let page: ListPage<ClientSummary> = app
        .call_ok(&app.client, "list_clients", &[("q", "billing")])
        .await;
    assert_eq!(page.rows.len(), 50, "names match too");
    let page: ListPage<ClientSummary> = app
        .call_ok(&app.client, "list_clients", &[("q", "_")])
        .await;
    assert!(page.rows.is_empty(), "_ is not a wildcard");

    // A renamed client is found by its new name, not its old one.
    let id = ids
        .iter()
        .find(|id| id.ends_with(".svc007"))
        .unwrap()
        .to_string();
    let renamed = ClientForm::service("svc007").set("display_name", "Ledger Ümlaut");
    let _: app::model::ClientDetail = app
        .call_ok(&app.client, "update_client", &renamed.update_pairs(&id))
        .await;
    let page: ListPage<ClientSummary> = app
        .call_ok(&app.client, "list_clients", &[("q", "LEDGER üm")])
        .await;
    assert_eq!(page.rows.len(), 1);
    assert_eq!(page.rows[0].client_id, id);
    let mut after: Option<String> = None;
    loop {
        let mut form = vec![("q", "billing backend")];
        if let Some(a) = &after {
            form.push(("after", a.as_str()));
        }
        let page: ListPage<ClientSummary> = app.call_ok(&app.client, "list_clients", &form).await;
        assert!(
            page.rows.iter().all(|c| c.client_id != id),
            "not by its old name"
        );
        match page.next_after {
            Some(next) => after = Some(next),
            None => break,
        }
    }

    // A page link that was tampered with is a clear 400.
    let res = app
        .call(&app.client, "list_clients", &[("after", "not-a-cursor")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = res.json().await.unwrap();
    let message = field_message(&body, "after").unwrap_or_default();
    assert!(message.contains("first page"), "{body}");
    let res = app
        .call(&app.client, "list_clients", &[("q", &"x".repeat(201))])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Someone else sees none of them, on any page or search.
    let mallory = app.new_person("mallory@example.com").await;
    let page: ListPage<ClientSummary> =
        app.call_ok(&mallory, "list_clients", &[("q", "svc")]).await;
    assert!(page.rows.is_empty());
}

/// `?sort=name`: A to Z by lower-cased name, the id breaking ties; a
/// client added between pages shows when it sorts after the cursor.
async fn clients_sorted_by_name_page_by_key(app: TestApp) {
    app.sign_up("dev@example.com").await;
    let names = ["delta", "Alpha", "charlie", "Bravo", "echo"];
    for i in 0..110 {
        let name = format!("{} service", names[i % names.len()]);
        let form = ClientForm::service(&format!("svc{i:03}")).set("display_name", &name);
        app.create_client(&app.client, &form).await;
    }
    let mut seen: Vec<ClientSummary> = Vec::new();
    let mut after: Option<String> = None;
    for round in 0..20 {
        let mut form = vec![("sort", "name")];
        if let Some(a) = &after {
            form.push(("after", a.as_str()));
        }
        let page: ListPage<ClientSummary> = app.call_ok(&app.client, "list_clients", &form).await;
        assert!(page.rows.len() <= 50);
        seen.extend(page.rows);
        for (suffix, name) in [
            (format!("aaa{round}"), "aaa"),
            (format!("zzz{round}"), "zzz"),
        ] {
            let form = ClientForm::service(&suffix).set("display_name", name);
            app.create_client(&app.client, &form).await;
        }
        match page.next_after {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let lowered: Vec<String> = seen.iter().map(|c| c.display_name.to_lowercase()).collect();
    let mut in_order = lowered.clone();
    in_order.sort();
    assert_eq!(lowered, in_order, "A to Z, whatever the case");
    let mut ids: Vec<&str> = seen.iter().map(|c| c.client_id.as_str()).collect();
    let shown = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), shown, "none repeated");
    for i in 0..110 {
        let suffix = format!(".svc{i:03}");
        assert!(
            ids.iter().any(|id| id.ends_with(&suffix)),
            "{suffix} skipped"
        );
    }
    assert!(
        !lowered.contains(&"aaa".to_owned()),
        "added above the cursor"
    );
    assert!(
        lowered.contains(&"zzz".to_owned()),
        "added below the cursor"
    );

    // Searched and sorted at once; a newest-first link does not page it.
    let page: ListPage<ClientSummary> = app
        .call_ok(
            &app.client,
            "list_clients",
            &[("sort", "name"), ("q", "BRAVO")],
        )
        .await;
    assert_eq!(page.rows.len(), 22);
    assert!(
        page.rows
            .windows(2)
            .all(|w| w[0].client_id < w[1].client_id)
    );
    let res = app
        .call(
            &app.client,
            "list_clients",
            &[("sort", "name"), ("after", "1700000000.acme.billing")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .call(&app.client, "list_clients", &[("sort", "oldest")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(
        field_message(&body, "sort")
            .unwrap_or_default()
            .contains("newest, name"),
        "{body}"
    );
}

async fn admins_page_and_search_every_client_and_the_queue(app: TestApp) {
    let admin = app.admin_with_approval_scope("wallet:create").await;
    app.sign_up("dev@example.com").await;
    for i in 0..60 {
        let form = ClientForm::service(&format!("wallet{i:02}")).scopes(&["wallet:create"]);
        app.create_client(&app.client, &form).await;
    }
    for i in 0..55 {
        app.create_client(&app.client, &ClientForm::service(&format!("plain{i:02}")))
            .await;
    }

    let app_ref = &app;
    let all: Vec<AdminClient> = walk(app_ref, &admin, "admin_clients", "after", async |round| {
        let form = ClientForm::service(&format!("added{round}"));
        app_ref.create_client(&app_ref.client, &form).await;
    })
    .await;
    let ids: Vec<&str> = all.iter().map(|c| c.client_id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, ids, "by id, none repeated");
    assert!(ids.len() >= 115, "{}", ids.len());
    let page: ListPage<AdminClient> = app
        .call_ok(&admin, "admin_clients", &[("q", "PLAIN5")])
        .await;
    assert_eq!(page.rows.len(), 5);

    // The queue: 60 clients wait, oldest first, 20 clients a page (each
    // with its scopes).
    let queue: Vec<PendingClient> =
        walk(app_ref, &admin, "pending_clients", "after", async |_| {}).await;
    assert_eq!(queue.len(), 60);
    assert!(queue.iter().all(|c| {
        let scopes: Vec<&str> = c.pending_scopes.iter().map(|s| s.scope.as_str()).collect();
        scopes == ["wallet:create"]
    }));
    let mut unique: Vec<&str> = queue.iter().map(|c| c.client_id.as_str()).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 60);

    // Developers may not look.
    let res = app.call(&app.client, "admin_clients", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// The plan of `sql` with `binds` (text, or integers when they parse).
/// PostgreSQL is told not to use sequential scans, so a plan that still
/// has one had no index to use.
async fn plan(app: &TestApp, sql: &str, binds: &[&str]) -> String {
    let mut conn = app.state.db.acquire().await.unwrap();
    let postgres = app.state.db.backend() == Backend::Postgres;
    let explain = if postgres {
        sqlx::query("SET enable_seqscan = off")
            .execute(&mut *conn)
            .await
            .unwrap();
        format!("EXPLAIN {sql}")
    } else {
        format!("EXPLAIN QUERY PLAN {sql}")
    };
    let mut query = sqlx::query(sqlx::AssertSqlSafe(explain));
    for b in binds {
        query = match b.parse::<i64>() {
            Ok(n) => query.bind(n),
            Err(_) => query.bind(b.to_string()),
        };
    }
    let rows = query.fetch_all(&mut *conn).await.unwrap();
    if postgres {
        sqlx::query("RESET enable_seqscan")
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    rows.iter()
        .map(|r| {
            use sqlx::Row as _;
            // SQLite: (id, parent, notused, detail); PostgreSQL: one text column.
            let column = if postgres { 0 } else { 3 };
            r.get::<String, _>(column)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A full scan of a table that grows with use, in either database's words.
fn full_scan(plan: &str) -> bool {
    // A subquery's rows read back ("CO-ROUTINE m" … "SCAN m") are not a table.
    let co_routines: Vec<&str> = plan
        .lines()
        .filter_map(|l| l.trim().strip_prefix("CO-ROUTINE "))
        .collect();
    plan.lines().any(|l| {
        let l = l.trim().trim_start_matches("->").trim();
        // An FTS5 table scanned for a MATCH reads its index ("…:M…").
        let fts_match = l.contains("VIRTUAL TABLE INDEX") && l.contains(":M");
        let co_routine = l
            .strip_prefix("SCAN ")
            .is_some_and(|name| co_routines.contains(&name));
        l.starts_with("Seq Scan on")
            || (l.starts_with("SCAN ") && !l.contains(" USING ") && !fts_match && !co_routine)
    })
}

async fn every_list_query_walks_an_index(app: TestApp) {
    let max = i64::MAX.to_string();
    let min = i64::MIN.to_string();
    let secrets = credentials::page_sql(credentials::Kind::ClientSecret);
    let api_keys = credentials::page_sql(credentials::Kind::ApiKey);
    let systems = systems::page_sql();
    let orgs = orgs::search_sql();
    let live_counts = sessions::live_counts_sql(3);
    let authenticators = two_step::with_authenticator_sql(3);
    let checks: Vec<(&str, &str, Vec<&str>)> = vec![
        ("accounts", accounts::PAGE, vec!["", "a@example.com", "51"]),
        (
            "an account's sessions",
            sessions::LIST_FOR,
            vec!["a", "0", "100"],
        ),
        (
            "live sessions of a page of accounts",
            &live_counts,
            vec!["0", "a", "b", "c"],
        ),
        (
            "which accounts of a page have an authenticator",
            &authenticators,
            vec!["a", "b", "c"],
        ),
        (
            "searched accounts",
            accounts::PAGE,
            vec!["bill", "a@example.com", "51"],
        ),
        (
            "accounts, newest first",
            accounts::PAGE_NEWEST,
            vec!["bill", &max, "", "51"],
        ),
        (
            "clients by name",
            clients::PAGE_IN_ORG_BY_NAME,
            vec!["org", "bill", "", "", "51", "0"],
        ),
        (
            "every client, searched",
            clients::PAGE_ALL,
            vec!["bill", "", "51"],
        ),
        (
            "an organisation's clients",
            clients::PAGE_IN_ORG,
            vec!["org", "", &max, "", "51", "0"],
        ),
        (
            "searched clients",
            clients::PAGE_IN_ORG,
            vec!["org", "bill", &max, "", "51", "0"],
        ),
        ("every client", clients::PAGE_ALL, vec!["", "", "51"]),
        (
            "the approval queue",
            clients::PENDING_PAGE,
            vec![&min, "", "51"],
        ),
        (
            "a system's clients",
            clients::PAGE_BY_SYSTEM,
            vec!["sys", &max, "", "51"],
        ),
        (
            "a client's secrets",
            &secrets,
            vec!["client", &max, "", "51"],
        ),
        (
            "a system's API keys",
            &api_keys,
            vec!["sys", &max, "", "51"],
        ),
        (
            "an organisation's systems",
            &systems,
            vec!["0", "org", &max, "", "51"],
        ),
        ("organisations by name", &orgs, vec!["", "org", "51"]),
        (
            "apps with access",
            consents::PAGE_FOR_ACCOUNT,
            vec!["account", &max, "", "51"],
        ),
        (
            "webhook deliveries",
            webhooks::ATTEMPTS_PAGE,
            vec!["endpoint", &max, "", "51"],
        ),
        (
            "drafts a person answered",
            server::store::clients::ANSWERED_BY,
            vec!["account", &max, "", "51"],
        ),
    ];
    for (what, sql, binds) in checks {
        let plan = plan(&app, sql, &binds).await;
        assert!(!full_scan(&plan), "{what}: a full scan\n{plan}");
    }

    // An account search with few matches, through the trigram index.
    let backend = app.state.db.backend();
    let term = match backend {
        Backend::Sqlite => "\"bill\"",
        Backend::Postgres => "bill",
    };
    let sparse: Vec<(&str, String, Vec<&str>)> = vec![
        ("counted matches", accounts::count_sql(backend), vec![term]),
        (
            "few matching accounts",
            accounts::sparse_page_sql(backend, false),
            vec![term, "a@example.com", "51"],
        ),
        (
            "few matching accounts, newest first",
            accounts::sparse_page_sql(backend, true),
            vec![term, &max, "", "51"],
        ),
    ];
    for (what, sql, binds) in sparse {
        let plan = plan(&app, &sql, &binds).await;
        assert!(!full_scan(&plan), "{what}: a full scan\n{plan}");
    }

    // The audit log by each filter, and a date range.
    use server::store::audit::{Arg, CLIENT_IDS_LIKE, Filter, list_sql};
    let few_clients = ["acme.billing".to_owned(), "acme.shop".to_owned()];
    // A part of a client id: the ids' index, not the table.
    let plan_of_ids = plan(&app, CLIENT_IDS_LIKE, &["shop", "21"]).await;
    assert!(
        !full_scan(&plan_of_ids),
        "client ids: a full scan\n{plan_of_ids}"
    );
    let filters = [
        Filter {
            client_id: Some("acme.billing"),
            ..Default::default()
        },
        Filter {
            client_ids: Some(&few_clients),
            ..Default::default()
        },
        Filter {
            actor_email: Some("ada@example.com"),
            ..Default::default()
        },
        Filter {
            org_id: Some("org"),
            ..Default::default()
        },
        Filter {
            action: Some("secret.created"),
            before_id: Some(1000),
            ..Default::default()
        },
        Filter {
            from: Some(1_700_000_000),
            until: Some(1_700_086_400),
            ..Default::default()
        },
    ];
    // A part many clients share walks the log newest first and stops at a
    // page: in id order, never sorted whole.
    let (sql, _) = list_sql(&Filter {
        client_id_like: Some(".shop"),
        ..Default::default()
    });
    let walk = plan(&app, &sql, &[".shop", "51"]).await;
    assert!(
        !walk.contains("TEMP B-TREE") && !walk.contains("Sort"),
        "audit log by part of a client id: sorted\n{walk}"
    );
    for filter in filters {
        let (sql, args) = list_sql(&filter);
        let mut binds: Vec<String> = args
            .iter()
            .map(|a| match a {
                Arg::Text(t) => (*t).to_owned(),
                Arg::Int(n) => n.to_string(),
            })
            .collect();
        binds.push("51".into());
        let binds: Vec<&str> = binds.iter().map(String::as_str).collect();
        let plan = plan(&app, &sql, &binds).await;
        assert!(!full_scan(&plan), "audit log {sql}: a full scan\n{plan}");
    }
}

/// A client's and an organisation's history: pages of 50, newest first,
/// following `next_before` to the very first row.
async fn histories_reach_every_row_a_page_at_a_time(app: TestApp) {
    let viewer = app.sign_up("dev@example.com").await;
    let org = viewer["active_org_id"].as_str().unwrap().to_owned();
    let client = app
        .create_client(&app.client, &ClientForm::service("busy"))
        .await;
    for i in 0..130 {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_email, action, client_id, org_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(1_700_000_000_i64 + i)
        .bind("dev@example.com")
        .bind("client.updated")
        .bind(&client.client_id)
        .bind(&org)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    }
    for (function, key, value) in [
        ("client_history", "client_id", client.client_id.as_str()),
        ("org_history", "org_id", org.as_str()),
    ] {
        let mut ids = Vec::new();
        let mut before: Option<String> = None;
        for _ in 0..10 {
            let mut form = vec![(key, value)];
            if let Some(b) = &before {
                form.push(("before", b.as_str()));
            }
            let page: AuditPage = app.call_ok(&app.client, function, &form).await;
            assert!(page.entries.len() <= 50);
            ids.extend(page.entries.iter().map(|e| e.id));
            match page.next_before {
                Some(b) => before = Some(b.to_string()),
                None => break,
            }
        }
        assert!(
            ids.windows(2).all(|w| w[0] > w[1]),
            "{function}: newest first, none repeated"
        );
        assert!(ids.len() >= 131, "{function}: {} rows", ids.len());
    }
}
