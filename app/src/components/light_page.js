// The pages end users see (sign-in, sign-up, consent, confirming a client…),
// the portal's pages that only show things and those whose forms work as
// plain ones are sent without the portal's WebAssembly: plain HTML forms
// that the server answers with a redirect, and links. This script only makes them kinder:
// - a form is sent once, however impatient the clicks;
// - when the server sends a form back with an error, what was typed (never
//   a password) and ticked is filled in again, and the address loses the
//   error;
// - a field with a rule (`data-check`) says what is wrong once the person
//   has left it, as the server's check would (the server answers);
// - a confirmation is modal, copy buttons copy, times are local;
// - the menu button opens the portal's links on a phone.
(() => {
  const key = 'portico-form:' + location.pathname;
  // What a field keeps across the error: the typed text (never a
  // password, nor what the server fills in), or whether a box is ticked.
  const ticks = (field) => field.type === 'checkbox' || field.type === 'radio';
  const typed = (field) => field.name && !['password', 'hidden', 'submit', 'button', 'file'].includes(field.type) && !ticks(field);
  const state = (field) => (ticks(field) ? field.checked : typed(field) ? field.value : null);
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(key) || 'null');
    sessionStorage.removeItem(key);
  } catch {}
  // The form that was sent (the same place on the page, the same action:
  // a page can hold several forms with one action, a row each).
  const sent = saved && new URLSearchParams(location.search).has('__err') && document.forms[saved.index];
  if (sent && sent.getAttribute('action') === saved.action && sent.elements.length === saved.fields.length) {
    Array.prototype.forEach.call(sent.elements, (field, i) => {
      const was = saved.fields[i];
      if (ticks(field) && typeof was === 'boolean') field.checked = was;
      else if (typed(field) && typeof was === 'string') field.value = was;
    });
  }
  // The error, or the note of what was done (`?done=`), is on the page
  // now; out of the address, a reload does not show it again.
  const query = new URLSearchParams(location.search);
  if (query.has('__err') || query.has('done')) {
    for (const name of ['__err', '__path', '__sig', 'done']) query.delete(name);
    const rest = query.toString();
    history.replaceState(history.state, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
  }

  const show = (input, message) => {
    const error = document.getElementById(input.id + '-error');
    if (!error) return;
    error.textContent = message || '';
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && id !== error.id);
    if (message) ids.push(error.id);
    if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
    else input.removeAttribute('aria-describedby');
  };
  for (const input of document.querySelectorAll('input[data-check]')) {
    let touched = false;
    let asked = 0;
    const check = async () => {
      const mine = ++asked;
      try {
        const res = await fetch('/api/ui/check_field', {
          method: 'POST',
          headers: { accept: 'application/json' },
          body: new URLSearchParams({ field: input.name, value: input.value }),
        });
        if (res.ok && mine === asked) show(input, await res.json());
      } catch {}
    };
    input.addEventListener('blur', () => {
      touched = true;
      check();
    });
    input.addEventListener('input', () => touched && check());
  }

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = 'true';
    form.setAttribute('aria-busy', 'true');
    const index = Array.prototype.indexOf.call(document.forms, form);
    const fields = Array.prototype.map.call(form.elements, state);
    try {
      sessionStorage.setItem(key, JSON.stringify({ index, action: form.getAttribute('action'), fields }));
    } catch {}
  });
  // Back to a page from the browser's cache: its forms can be sent again.
  addEventListener('pageshow', () => {
    for (const form of document.forms) {
      delete form.dataset.sent;
      form.removeAttribute('aria-busy');
    }
  });
  // A confirmation the server sent open becomes modal: the page behind
  // cannot be reached, focus starts on Cancel, and Escape leads where
  // Cancel does.
  for (const dialog of document.querySelectorAll('dialog[open][role="alertdialog"]')) {
    const cancel = dialog.querySelector('a[data-noscroll]');
    dialog.close();
    dialog.showModal();
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      if (cancel) location.replace(cancel.href);
    });
  }
  // Copy buttons, and times in the viewer's own zone (as the app does).
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(button.dataset.copy);
      } catch {
        return;
      }
      button.textContent = 'Copied';
      setTimeout(() => (button.textContent = 'Copy'), 2000);
    });
  }
  for (const time of document.querySelectorAll('time[data-local]')) {
    const style = { dateStyle: 'medium' };
    if (time.dataset.local === 'time') style.timeStyle = 'short';
    time.textContent = new Date(time.dateTime).toLocaleString(undefined, style);
  }
  // On a phone the portal's links fold into a menu behind a button (the
  // hydrated app's own button does the same).
  const menu = document.getElementById('main-menu');
  for (const button of document.querySelectorAll('button[aria-controls="main-menu"]')) {
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', String(open));
      menu?.classList.toggle('hidden', !open);
      menu?.classList.toggle('flex', open);
    });
  }
  // Browser tests wait for this before they click.
  document.body.dataset.hydrated = 'true';
})();
