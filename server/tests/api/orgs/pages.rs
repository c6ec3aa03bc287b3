use reqwest::{Client, StatusCode};

use crate::helpers::TestApp;
use crate::on_both_backends;

on_both_backends!(each_tab_of_an_organisation_has_its_own_address);

async fn get(app: &TestApp, who: &Client, path: &str) -> (StatusCode, String) {
    let res = who.get(app.url(path)).send().await.unwrap();
    let status = res.status();
    (status, res.text().await.unwrap())
}

async fn each_tab_of_an_organisation_has_its_own_address(app: TestApp) {
    let owner = app.new_person("ada@example.com").await;
    let org = app.create_org(&owner, "Acme Health", "").await;
    let base = format!("/orgs/{}", org.org_id);
    // Each tab is drawn on the server at its own address, marked current.
    for (tab, text) in [
        ("", "Client-id prefix"),
        ("/members", "Members"),
        ("/invitations", "Invitations"),
        ("/webhooks", "Webhooks"),
        ("/settings", "data-testid=\"org-save\""),
        ("/history", "Every change to the organisation"),
    ] {
        let (status, body) = get(&app, &owner, &format!("{base}{tab}")).await;
        assert_eq!(status, StatusCode::OK, "{tab}");
        assert!(body.contains(text), "{tab}: {text}");
        assert!(
            body.contains(&format!("href=\"{base}{tab}\" aria-current=\"page\"")),
            "{tab} is the current tab"
        );
    }

    // Every tab goes without the bundle: the ones that only show things
    // (the history with its rows drawn on the server) and the ones whose
    // forms work as plain ones.
    for tab in [
        "",
        "/history",
        "/settings",
        "/members",
        "/invitations",
        "/webhooks",
    ] {
        let (_, body) = get(&app, &owner, &format!("{base}{tab}")).await;
        assert!(!body.contains(".wasm"), "{tab}: without the bundle");
    }
    let (_, body) = get(&app, &owner, &format!("{base}/history")).await;
    assert!(body.contains("org.created"), "the history's rows");

    // A member who is not an owner sees the overview and the members; the
    // owners' tabs are neither offered nor shown.
    let reader = app
        .member(&owner, &org.org_id, "carol@example.com", "viewer")
        .await;
    let (status, body) = get(&app, &reader, &format!("{base}/members")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains(&format!("href=\"{base}/settings\"")));
    for tab in ["/invitations", "/webhooks", "/settings", "/history"] {
        let (status, body) = get(&app, &reader, &format!("{base}{tab}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{tab}");
        assert!(!body.contains("org-save"), "{tab}");
    }

    // Someone outside finds nothing at any of them.
    let stranger = app.new_person("eve@example.com").await;
    for tab in ["", "/members", "/settings"] {
        let (status, body) = get(&app, &stranger, &format!("{base}{tab}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{tab}");
        assert!(!body.contains("Acme Health"), "{tab}");
    }

    // Links from before (emails already sent, bookmarks) find the tab.
    let res = owner
        .get(app.url(&format!("{base}?tab=history&before=9")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        res.headers()["location"],
        format!("{base}/history?before=9").as_str()
    );
}
