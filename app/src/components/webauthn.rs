//! The browser's side of passkeys on hydrated pages: the server's options
//! (JSON) handed to `navigator.credentials`, the authenticator's answer
//! handed back as JSON (`PublicKeyCredential.toJSON()`). The sign-in page,
//! sent without the WebAssembly, does the same in `server_steps.js`.

/// Asks the authenticator for a signature with one of its passkeys for
/// this Portico (`options`: the server's `{"publicKey": …}`).
pub async fn get_credential(options: &str) -> Result<String, String> {
    imp::ceremony(options, "parseRequestOptionsFromJSON", "get").await
}

#[cfg(feature = "hydrate")]
mod imp {
    use js_sys::{Function, JSON, Object, Promise, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    const UNSUPPORTED: &str =
        "This browser cannot use passkeys. Try a current Chrome, Edge, Firefox or Safari.";

    fn get(target: &JsValue, key: &str) -> Result<JsValue, String> {
        Reflect::get(target, &JsValue::from_str(key)).map_err(|_| UNSUPPORTED.to_owned())
    }

    fn function(target: &JsValue, key: &str) -> Result<Function, String> {
        get(target, key)?
            .dyn_into::<Function>()
            .map_err(|_| UNSUPPORTED.to_owned())
    }

    pub async fn ceremony(options: &str, parse: &str, call: &str) -> Result<String, String> {
        let global = js_sys::global();
        let options = JSON::parse(options).map_err(|_| UNSUPPORTED.to_owned())?;
        let class = get(&global, "PublicKeyCredential")?;
        let parsed = function(&class, parse)?
            .call1(&class, &get(&options, "publicKey")?)
            .map_err(|_| UNSUPPORTED.to_owned())?;
        let request = Object::new();
        Reflect::set(&request, &"publicKey".into(), &parsed).map_err(|_| UNSUPPORTED.to_owned())?;
        let credentials = get(&get(&global, "navigator")?, "credentials")?;
        let promise: Promise = function(&credentials, call)?
            .call1(&credentials, &request)
            .and_then(JsCast::dyn_into)
            .map_err(|_| UNSUPPORTED.to_owned())?;
        let credential = JsFuture::from(promise).await.map_err(|e| refusal(&e))?;
        let json = function(&credential, "toJSON")?
            .call0(&credential)
            .map_err(|_| UNSUPPORTED.to_owned())?;
        JSON::stringify(&json)
            .map(String::from)
            .map_err(|_| UNSUPPORTED.to_owned())
    }

    /// What the browser's refusal means to the person.
    fn refusal(error: &JsValue) -> String {
        let name = Reflect::get(error, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        match name.as_str() {
            "NotAllowedError" | "AbortError" => {
                "The passkey prompt was closed or timed out.".to_owned()
            }
            "InvalidStateError" => {
                "This authenticator already holds a passkey for your account.".to_owned()
            }
            "SecurityError" => {
                "The browser refused passkeys for this address (it must be HTTPS or localhost)."
                    .to_owned()
            }
            _ => "The authenticator did not answer. Try again.".to_owned(),
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    /// Only the browser has authenticators.
    pub async fn ceremony(_: &str, _: &str, _: &str) -> Result<String, String> {
        Err("Passkeys need the page to run in a browser.".to_owned())
    }
}
