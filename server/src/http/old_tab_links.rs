//! A client's and an organisation's tabs were once `/clients/:id?tab=…`
//! and `/orgs/:id?tab=…`; they are addresses of their own now
//! (`/clients/:id/secrets`, `/orgs/:id/members`). Links in emails already
//! sent and in bookmarks are sent on, with the rest of their query.

use std::sync::LazyLock;

use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Each page with tabs: its address prefix and its tabs besides the
/// overview, as the app names them.
static PAGES: LazyLock<[(&str, Vec<&str>); 2]> = LazyLock::new(app::pages::tabbed_pages);

pub async fn redirect_old_links(req: Request, next: Next) -> Response {
    if req.method() == Method::GET
        && let Some(to) = new_address(req.uri().path(), req.uri().query())
    {
        return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response();
    }
    next.run(req).await
}

/// Where `/clients/:id?tab=…&rest` (or an organisation's) lives now, or
/// `None` for anything else.
fn new_address(path: &str, query: Option<&str>) -> Option<String> {
    let (id, tabs) = PAGES
        .iter()
        .find_map(|(prefix, tabs)| Some((path.strip_prefix(prefix)?, tabs)))?;
    if id.is_empty() || id.contains('/') || id == "new" {
        return None;
    }
    let pairs: Vec<&str> = query?.split('&').filter(|p| !p.is_empty()).collect();
    let tab = pairs.iter().find_map(|p| p.strip_prefix("tab="))?;
    let rest: Vec<&str> = pairs
        .iter()
        .copied()
        .filter(|p| !p.starts_with("tab="))
        .collect();
    let mut to = match tab {
        "overview" | "" => path.to_owned(),
        tab if tabs.contains(&tab) => format!("{path}/{tab}"),
        _ => return None,
    };
    if !rest.is_empty() {
        to.push('?');
        to.push_str(&rest.join("&"));
    }
    Some(to)
}

#[cfg(test)]
mod tests {
    use super::new_address;

    #[test]
    fn old_tab_links_find_the_tab() {
        let to = |path, query| new_address(path, Some(query));
        assert_eq!(
            to("/clients/a.b", "tab=secrets").as_deref(),
            Some("/clients/a.b/secrets")
        );
        assert_eq!(
            to("/clients/a.b", "tab=history&before=42").as_deref(),
            Some("/clients/a.b/history?before=42")
        );
        assert_eq!(
            to("/clients/a.b", "after=x&tab=secrets").as_deref(),
            Some("/clients/a.b/secrets?after=x")
        );
        assert_eq!(
            to("/clients/a.b", "tab=overview").as_deref(),
            Some("/clients/a.b")
        );
        // Anything else is left to the pages (a 404 where nothing is).
        assert_eq!(to("/clients/a.b", "tab=nonsense"), None);
        assert_eq!(to("/clients/a.b", "after=x"), None);
        assert_eq!(new_address("/clients/a.b", None), None);
        assert_eq!(to("/clients/new", "tab=secrets"), None);
        assert_eq!(to("/clients/a.b/secrets", "tab=test"), None);
        assert_eq!(to("/systems/s1", "tab=clients"), None);
        // An organisation's, alike.
        assert_eq!(
            to("/orgs/o1", "tab=history&before=7").as_deref(),
            Some("/orgs/o1/history?before=7")
        );
        assert_eq!(
            to("/orgs/o1", "tab=members").as_deref(),
            Some("/orgs/o1/members")
        );
        assert_eq!(to("/orgs/new", "tab=members"), None);
        assert_eq!(to("/orgs/o1", "tab=secrets"), None);
    }
}
