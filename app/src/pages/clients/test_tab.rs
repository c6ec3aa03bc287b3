use leptos::prelude::*;

use super::test_run::RunTest;
use crate::components::{CopyButton, percent_encode};
use crate::domain::{AuthMethod, ClientKind, GrantType};
use crate::ids;
use crate::model::ClientDetail;
use crate::pages::{CARD, LINK, MUTED};

/// A curl command and an `.http` file for the ETT check: client
/// credentials at the token endpoint, then `GET /api/v1/consents`.
#[component]
pub fn TestTab(detail: ClientDetail, base: String) -> impl IntoView {
    if detail.kind == ClientKind::Public
        || !detail.grant_types.contains(&GrantType::ClientCredentials)
    {
        return view! {
            <section class=CARD>
                <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Test"</h2>
                <p class=format!("mt-2 {MUTED}")>
                    "The ready-made test uses the client_credentials grant. Add that grant (confidential clients only) in Settings to test this client from the command line."
                </p>
            </section>
        }
        .into_any();
    }
    let client_id = detail.client_id.clone();
    view! {
        <div class="space-y-6">
            <RunTest client_id />
            <Snippets detail base />
        </div>
    }
    .into_any()
}

fn curl(detail: &ClientDetail, base: &str) -> String {
    let id = &detail.client_id;
    let auth = if detail.token_endpoint_auth_method == AuthMethod::ClientSecretPost {
        format!("-d client_id='{id}' -d client_secret=\"$CLIENT_SECRET\"")
    } else {
        format!("-u '{id}':\"$CLIENT_SECRET\"")
    };
    format!(
        "CLIENT_SECRET='<paste a secret from the Secrets tab>'\n\
         TOKEN=$(curl -s {auth} \\\n  -d grant_type=client_credentials -d scope=consents:read \\\n  {base}/oauth2/token | jq -r .access_token)\n\
         curl -s -H \"Authorization: Bearer $TOKEN\" {base}/api/v1/consents"
    )
}

fn http_file(detail: &ClientDetail, base: &str) -> String {
    let (auth_header, body_auth) =
        if detail.token_endpoint_auth_method == AuthMethod::ClientSecretPost {
            (
                String::new(),
                "&client_id={{clientId}}&client_secret={{clientSecret}}",
            )
        } else {
            (
                "Authorization: Basic {{clientId}} {{clientSecret}}\n".to_owned(),
                "",
            )
        };
    format!(
        "# Test for {name} — open in VS Code (REST Client) or a JetBrains IDE.\n\
         @base = {base}\n@clientId = {id}\n@clientSecret = <paste a secret from the Secrets tab>\n\n\
         ### 1. Get an access token (client_credentials)\n# @name token\n\
         POST {{{{base}}}}/oauth2/token\nContent-Type: application/x-www-form-urlencoded\n{auth_header}\n\
         grant_type=client_credentials&scope=consents:read{body_auth}\n\n\
         ### 2. List the consents end users granted to this client ([] for a new client)\n\
         GET {{{{base}}}}/api/v1/consents\nAuthorization: Bearer {{{{token.response.body.access_token}}}}\n",
        name = detail.display_name,
        id = detail.client_id,
    )
}

/// The `.http` file as a `data:` URL for the download link.
fn data_url(text: &str) -> String {
    format!(
        "data:text/plain;charset=utf-8,{}",
        percent_encode(text, b"")
    )
}

#[component]
fn Snippets(detail: ClientDetail, base: String) -> impl IntoView {
    let curl = curl(&detail, &base);
    let http = http_file(&detail, &base);
    view! {
        <section class=CARD>
            <h2 class="text-lg font-semibold text-gray-900 dark:text-white">"Test from your machine"</h2>
            <p class=format!("mt-1 {MUTED}")>
                "The same test with curl or an .http file: get a token with client credentials and list the consents end users granted to this client — "
                <code>"[]"</code> " for a new client. Paste one of your secrets into the command; it stays on your machine."
            </p>
            <div class="mt-4 flex items-center justify-between gap-2">
                <h3 class="text-sm font-medium text-gray-900 dark:text-gray-100">"curl"</h3>
                <CopyButton text=curl.clone() label="Copy curl command" />
            </div>
            <pre data-testid=ids::TEST_CURL class="mt-2 overflow-x-auto rounded bg-gray-100 p-3 font-mono text-xs text-gray-900 dark:bg-gray-800 dark:text-gray-100">{curl}</pre>
            <p class="mt-4">
                <a data-testid=ids::TEST_HTTP_DOWNLOAD class=LINK download="portico-client-test.http" href=data_url(&http)>
                    "Download the .http file"
                </a>
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SigningAlg;
    use crate::model::ClientStatus;

    fn detail(method: AuthMethod) -> ClientDetail {
        ClientDetail {
            links: Default::default(),
            client_id: format!("{}.svc", "a".repeat(64)),
            suffix: "svc".into(),
            display_name: "Svc".into(),
            description: String::new(),
            kind: ClientKind::Confidential,
            grant_types: vec![GrantType::ClientCredentials],
            redirect_uris: vec![],
            post_logout_redirect_uris: vec![],
            token_endpoint_auth_method: method,
            id_token_signed_response_alg: SigningAlg::Rs256,
            jwks: None,
            status: ClientStatus::Active,
            status_reason: None,
            org_id: "o".into(),
            org_name: "Org".into(),
            org_number: None,
            created_by: Some("a@example.com".into()),
            system_name: None,
            confirmed_by: Some("a@example.com".into()),
            created_at: 0,
            updated_at: 0,
            scopes: vec![],
            active_secrets: 0,
            next_secret_expiry: None,
        }
    }

    #[test]
    fn snippets_use_the_clients_auth_method_and_a_placeholder_for_the_secret() {
        let placeholder = "<paste a secret from the Secrets tab>";
        let basic = curl(
            &detail(AuthMethod::ClientSecretBasic),
            "https://id.example.com",
        );
        assert!(basic.contains("-u '") && basic.contains("https://id.example.com/oauth2/token"));
        assert!(basic.contains("/api/v1/consents"));
        assert!(basic.contains(&format!("CLIENT_SECRET='{placeholder}'")));
        let post = curl(
            &detail(AuthMethod::ClientSecretPost),
            "https://id.example.com",
        );
        assert!(post.contains("-d client_secret=\"$CLIENT_SECRET\""));
        let http = http_file(
            &detail(AuthMethod::ClientSecretPost),
            "https://id.example.com",
        );
        assert!(http.contains("@clientId = aaaa") && http.contains("POST {{base}}/oauth2/token"));
        assert!(http.contains(&format!("@clientSecret = {placeholder}")));
        assert!(http.contains("client_secret={{clientSecret}}"));
        assert!(http.contains("{{token.response.body.access_token}}"));
    }
}
