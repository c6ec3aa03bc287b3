// "Sign in with a passkey" on the sign-in page, or "Use a passkey
// instead" of the code: pages sent without the portal's WebAssembly. The
// server's options (`data-begin`) go to the authenticator the person
// picks, its answer back to the server (`data-finish`), which sets the
// session cookie and says where to go (the portal does the same in Rust).
(() => {
  const button = document.querySelector('[data-passkey-sign-in]');
  const note = document.getElementById('passkey-sign-in-error');
  if (!button || !note) return;
  const say = (text) => {
    note.textContent = text;
    note.hidden = !text;
  };
  // Portico's errors (`AppError` as JSON) in the person's words.
  const message = (error) => {
    if (!error) return 'Portico could not be reached. Check your connection and try again.';
    if (error.errors && error.errors.length) return error.errors[0].message;
    if (error.kind === 'rate_limited') return `Too many attempts. Try again in ${error.retry_after_secs} seconds.`;
    if (error.request_id) return `Something went wrong on our side. If it keeps happening, quote request id ${error.request_id}.`;
    return 'The sign-in did not work. Try again.';
  };
  const call = async (name, fields) => {
    let response;
    try {
      response = await fetch('/api/ui/' + name, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(fields),
      });
    } catch {
      throw new Error(message(null));
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(message(body));
    return body;
  };
  const refusal = (error) =>
    error && error.name === 'NotAllowedError'
      ? 'The passkey prompt was closed or timed out.'
      : 'The authenticator did not answer. Try again.';
  button.addEventListener('click', async () => {
    if (!window.PublicKeyCredential || !PublicKeyCredential.parseRequestOptionsFromJSON) {
      say('This browser cannot use passkeys. Try a current Chrome, Edge, Firefox or Safari.');
      return;
    }
    button.disabled = true;
    say('');
    try {
      const { ceremony, options } = await call(button.dataset.begin, {});
      let credential;
      try {
        const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(options).publicKey);
        credential = await navigator.credentials.get({ publicKey });
      } catch (error) {
        throw new Error(refusal(error));
      }
      const next = button.dataset.next || '';
      const to = await call(button.dataset.finish, { ceremony, credential: JSON.stringify(credential.toJSON()), next });
      location.assign(to);
    } catch (error) {
      say(error.message);
      button.disabled = false;
    }
  });
})();
