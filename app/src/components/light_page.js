// The pages end users see (sign-in, sign-up, consent, confirming a client…)
// and the portal's pages that only show things are sent without the
// portal's WebAssembly: plain HTML forms that the server answers with a
// redirect, and links. This script only makes them kinder:
// - a form is sent once, however impatient the clicks;
// - when the server sends a form back with an error, what was typed (never
//   a password) is filled in again, and the address loses the error;
// - a field with a rule (`data-check`) says what is wrong once the person
//   has left it, as the server's check would (the server answers);
// - the menu button opens the portal's links on a phone.
(() => {
  const key = 'portico-form:' + location.pathname;
  const kept = (field) =>
    field.name && !['password', 'hidden', 'submit', 'button', 'checkbox', 'radio'].includes(field.type);
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(key) || 'null');
    sessionStorage.removeItem(key);
  } catch {}
  if (saved && new URLSearchParams(location.search).has('__err')) {
    for (const form of document.forms) {
      const values = saved[form.getAttribute('action')] || {};
      for (const field of form.elements) {
        if (kept(field) && !field.value && typeof values[field.name] === 'string') field.value = values[field.name];
      }
    }
  }
  if (location.search.includes('__err=')) {
    const query = new URLSearchParams(location.search);
    query.delete('__err');
    query.delete('__path');
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
    const values = {};
    for (const field of form.elements) if (kept(field)) values[field.name] = field.value;
    try {
      sessionStorage.setItem(key, JSON.stringify({ [form.getAttribute('action')]: values }));
    } catch {}
  });
  // Back to a page from the browser's cache: its forms can be sent again.
  addEventListener('pageshow', () => {
    for (const form of document.forms) {
      delete form.dataset.sent;
      form.removeAttribute('aria-busy');
    }
  });
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
