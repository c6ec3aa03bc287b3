use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

use super::{BUTTON, CARD, H1, MUTED};
use crate::api::keys::{RotateKeys, signing_keys};
use crate::components::{
    ConfirmButton, Confirmation, ErrorView, FormErrors, FormMessage, RequireAdmin, format_time,
    succeeded,
};
use crate::ids;
use crate::model::SigningKeyInfo;

/// `/admin/keys`: the keys in the JWKS, and rotating them.
#[component]
pub fn AdminKeysPage() -> impl IntoView {
    view! {
        <Title text="Signing keys" />
        <RequireAdmin children=|| view! { <Keys /> } />
    }
}

fn state(key: &SigningKeyInfo) -> String {
    match (key.current, key.retired_at, key.published_until) {
        (true, Some(retires), _) => format!("signs new tokens until {}", format_time(retires)),
        (true, None, _) => "signs new tokens".into(),
        (false, None, _) => format!("published; signs from {}", format_time(key.activates_at)),
        (false, Some(_), Some(until)) => {
            format!("retired; published until {}", format_time(until))
        }
        (false, Some(_), None) => "published".into(),
    }
}

#[component]
fn Keys() -> impl IntoView {
    let rotate = ServerAction::<RotateKeys>::new();
    let keys = Resource::new(move || rotate.version().get(), |_| signing_keys());
    let rotated = succeeded(rotate);
    let done = Signal::derive(move || {
        rotated.get().then(|| {
            "New keys are published now and sign new tokens within seconds; the old ones stay published until their tokens expire."
                .to_owned()
        })
    });
    view! {
        <div class="space-y-6">
            <h1 class=H1>"Signing keys"</h1>
            <section class=CARD>
                <p class=MUTED>"Tokens are signed with the current ES256 and RS256 keys; clients verify them with the JWKS at /oauth2/jwks. Rotating publishes new keys at once; they sign from a few seconds later, when every replica publishes them too, and the old ones stay published for an hour and ten minutes, longer than any token they signed lives; "<code class="font-mono">"portico keys rotate"</code>" does the same from the command line."</p>
                <ActionForm action=rotate attr:class="mt-4">
                    <ConfirmButton label="Rotate signing keys" key="rotate-keys" class=BUTTON
                        disabled=Signal::derive(move || rotate.pending().get())
                        confirmation=Confirmation {
                            question: "Rotate the signing keys?".into(),
                            consequence: "New ES256 and RS256 keys are published now and sign every new token within seconds. Tokens already issued stay valid until they expire: the old keys stay published until then.".into(),
                            verb: "Rotate keys".into(),
                        } />
                </ActionForm>
                <div class="mt-4"><FormMessage error=FormErrors::of(rotate) success=done /></div>
            </section>
            <section class=CARD>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match keys.await {
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                            Ok(rows) => view! {
                                <div class="relative overflow-x-auto">
                                    <table data-testid=ids::KEYS_TABLE class="min-w-full divide-y divide-gray-200 text-left text-sm dark:divide-gray-800">
                                        <thead><tr class="text-gray-700 dark:text-gray-300">
                                            <th scope="col" class="py-2 pr-4">"Key id (kid)"</th>
                                            <th scope="col" class="py-2 pr-4">"Algorithm"</th>
                                            <th scope="col" class="py-2 pr-4">"Created"</th>
                                            <th scope="col" class="py-2 pr-4">"State"</th>
                                        </tr></thead>
                                        <tbody class="divide-y divide-gray-200 dark:divide-gray-800">
                                            {rows.into_iter().map(|k| view! {
                                                <tr class="text-gray-900 dark:text-gray-100">
                                                    <td class="py-2 pr-4 font-mono text-xs">{k.kid.clone()}</td>
                                                    <td class="py-2 pr-4">{k.alg.clone()}</td>
                                                    <td class="py-2 pr-4 whitespace-nowrap">{format_time(k.created_at)}</td>
                                                    <td class="py-2 pr-4">{state(&k)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}
