// Steps that talk to the server from a page sent without the portal's
// WebAssembly (the portal does the same in Rust):
// - a passkey (`data-passkey`): the server's options (`data-begin`) go to
//   the authenticator the person picks, its answer back to the server
//   (`data-finish`); a sign-in then goes where the server says, a
//   "confirm it is you" says it is done;
// - "confirm it is you" with a code (`data-step-up-code`): the code goes to
//   the server (`data-finish`) and the note says it is done, the form around it stays as
//   typed (without this script the button posts the form to the server
//   instead, which comes back to the page).
// Each button's messages go to the element its `data-note` names.
(() => {
  if (window.porticoServerSteps) return;
  window.porticoServerSteps = true;
  const say = (button, text) => {
    const note = document.getElementById(button.dataset.note);
    if (!note) return;
    note.textContent = text;
    note.hidden = !text;
  };
  // Portico's errors (`AppError` as JSON) in the person's words.
  const message = (error) => {
    if (!error) return 'Portico could not be reached. Check your connection and try again.';
    if (error.errors && error.errors.length) return error.errors[0].message;
    if (error.kind === 'rate_limited') return `Too many attempts. Try again in ${error.retry_after_secs} seconds.`;
    if (error.request_id) return `Something went wrong on our side. If it keeps happening, quote request id ${error.request_id}.`;
    return 'That did not work. Try again.';
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
  // A "confirm it is you" box that was answered: it says so, and asks no more.
  const confirmed = (button) => {
    const box = button.closest('[data-step-up]');
    box.querySelector('[data-step-up-ask]').hidden = true;
    box.querySelector('[data-step-up-done]').hidden = false;
  };
  // Runs `step` for `button`: one at a time, its error in its note.
  const run = async (button, step) => {
    button.disabled = true;
    say(button, '');
    try {
      await step();
    } catch (error) {
      say(button, error.message);
      button.disabled = false;
    }
  };

  for (const button of document.querySelectorAll('[data-passkey]')) {
    button.addEventListener('click', () =>
      run(button, async () => {
        if (!window.PublicKeyCredential || !PublicKeyCredential.parseRequestOptionsFromJSON) {
          throw new Error('This browser cannot use passkeys. Try a current Chrome, Edge, Firefox or Safari.');
        }
        const { ceremony, options } = await call(button.dataset.begin, {});
        let credential;
        try {
          const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(options).publicKey);
          credential = await navigator.credentials.get({ publicKey });
        } catch (error) {
          throw new Error(refusal(error));
        }
        const fields = { ceremony, credential: JSON.stringify(credential.toJSON()) };
        if (button.dataset.next !== undefined) fields.next = button.dataset.next;
        const to = await call(button.dataset.finish, fields);
        if (typeof to === 'string') location.assign(to);
        else confirmed(button);
      }),
    );
  }

  for (const button of document.querySelectorAll('[data-step-up-code]')) {
    const code = document.getElementById(button.dataset.code);
    const send = () =>
      run(button, async () => {
        await call(button.dataset.finish, { code: code.value });
        confirmed(button);
      });
    button.addEventListener('click', (event) => {
      event.preventDefault();
      send();
    });
    // Enter confirms the code, not the form around it.
    code.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      send();
    });
  }
})();
