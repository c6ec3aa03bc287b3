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
// - adding a passkey (`data-passkey-add`, a form with its name): the
//   server's options (`data-begin`) go to the authenticator, its answer
//   and the name back (`data-finish`), and the page comes back with the
//   new passkey; when the server wants "confirm it is you" first, the form
//   is sent as a plain post instead, which comes back with that box.
// Each button's messages go to the element its `data-note` names.
// The first copy on a page runs, once the whole page is there (a copy may
// sit before the buttons it serves).
(() => {
  if (window.porticoServerSteps) return;
  window.porticoServerSteps = true;
  const start = () => {
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
      if (!response.ok) {
        const failure = new Error(message(body));
        failure.kind = body && body.kind;
        throw failure;
      }
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

    const UNSUPPORTED = 'This browser cannot use passkeys. Try a current Chrome, Edge, Firefox or Safari.';

    for (const form of document.querySelectorAll('form[data-passkey-add]')) {
      const button = form.querySelector('button[type="submit"]');
      button.dataset.note = form.dataset.note;
      form.addEventListener('submit', (event) => {
        if (form.dataset.plain) return;
        event.preventDefault();
        event.stopPropagation();
        run(button, async () => {
          if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
            throw new Error(UNSUPPORTED);
          }
          const name = form.elements.namedItem('name').value;
          let begun;
          try {
            begun = await call(form.dataset.begin, {});
          } catch (error) {
            if (error.kind !== 'second_factor_required') throw error;
            form.dataset.plain = 'true';
            form.requestSubmit();
            return;
          }
          let credential;
          try {
            const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(JSON.parse(begun.options).publicKey);
            credential = await navigator.credentials.create({ publicKey });
          } catch (error) {
            throw new Error(refusal(error));
          }
          await call(form.dataset.finish, { ceremony: begun.ceremony, name, credential: JSON.stringify(credential.toJSON()) });
          location.assign(location.pathname + '?done=' + encodeURIComponent(form.dataset.finish) + '#passkeys');
        });
      });
    }

    for (const button of document.querySelectorAll('[data-passkey]')) {
      button.addEventListener('click', () =>
        run(button, async () => {
          if (!window.PublicKeyCredential || !PublicKeyCredential.parseRequestOptionsFromJSON) {
            throw new Error(UNSUPPORTED);
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
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
