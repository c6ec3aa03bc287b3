// The pages end users see (sign-in, sign-up, consent, confirming a client…),
// the portal's pages that only show things and those whose forms work as
// plain ones are sent without the portal's WebAssembly: plain HTML forms
// that the server answers with a redirect, and links. This script only makes them kinder:
// - a form is sent once, however impatient the clicks;
// - when the server sends a form back with an error, what was typed (never
//   a password) and ticked is filled in again, and the address loses the
//   error;
// - a field with a rule (`data-check`, naming the check where it is not
//   the field's name) says what is wrong once the person has left it, as
//   the server's check would (the server answers); a client id is
//   previewed from its suffix;
// - rows of addresses (`data-rows`) are added and removed;
// - a confirmation is modal, copy buttons copy, times are local;
// - while a value shown once is on the page, leaving it asks first;
// - the menu button opens the portal's links on a phone.
(() => {
  // Rows of addresses (a client's redirect URIs): "Add" copies the last
  // row, empty, numbered after the highest; "Remove" takes its row away
  // (the only one left is emptied instead).
  const numberOf = (row) => Number((row.querySelector('[name]')?.name.match(/\[(\d+)\]$/) || [0, -1])[1]);
  const addRow = (list, number) => {
    const last = list.lastElementChild;
    if (!last) return null;
    const next = number ?? Math.max(-1, ...Array.from(list.children, numberOf)) + 1;
    const row = last.cloneNode(true);
    for (const el of row.querySelectorAll('[name]')) el.name = el.name.replace(/\[\d+\]$/, `[${next}]`);
    for (const el of row.querySelectorAll('[id]')) el.id = el.id.replace(/\d+(?=(-error)?$)/, String(next));
    for (const el of row.querySelectorAll('label[for]')) el.htmlFor = el.htmlFor.replace(/\d+$/, String(next));
    for (const el of row.querySelectorAll('label')) el.textContent = el.textContent.replace(/\d+$/, String(next + 1));
    for (const el of row.querySelectorAll('[aria-label]')) el.setAttribute('aria-label', el.getAttribute('aria-label').replace(/\d+$/, String(next + 1)));
    for (const input of row.querySelectorAll('input')) {
      input.value = '';
      input.removeAttribute('aria-invalid');
      const described = (input.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && !id.endsWith('-error'));
      if (described.length) input.setAttribute('aria-describedby', described.join(' '));
      else input.removeAttribute('aria-describedby');
    }
    for (const message of row.querySelectorAll('[aria-live]')) message.textContent = '';
    list.append(row);
    return row;
  };
  document.addEventListener('click', (event) => {
    const add = event.target.closest && event.target.closest('button[data-add-row]');
    const list = add && add.closest('fieldset')?.querySelector('[data-rows]');
    if (list) {
      addRow(list)?.querySelector('input')?.focus();
      return;
    }
    const remove = event.target.closest && event.target.closest('button[data-remove-row]');
    const row = remove && remove.closest('li');
    if (!row) return;
    if (row.parentElement.children.length > 1) row.remove();
    else row.querySelector('input').value = '';
  });

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
  // a page can hold several forms with one action, a row each). Its
  // fields are matched by name, in order: the error may have added some
  // (the code field of "confirm it is you").
  const sent = saved && new URLSearchParams(location.search).has('__err') && document.forms[saved.index];
  if (sent && sent.getAttribute('action') === saved.action && Array.isArray(saved.fields)) {
    // Rows added before the form was sent come back, with their numbers.
    for (const [name] of saved.fields.filter(Array.isArray)) {
      const row = typeof name === 'string' && !sent.elements.namedItem(name) && name.match(/^(.*)\[(\d+)\]$/);
      const list = row && Array.from(sent.querySelectorAll('[data-rows]')).find((l) => l.dataset.rows === row[1]);
      if (list) addRow(list, Number(row[2]));
    }
    const left = saved.fields.slice();
    Array.prototype.forEach.call(sent.elements, (field) => {
      const at = left.findIndex((kept) => Array.isArray(kept) && kept[0] === field.name);
      if (!field.name || at < 0) return;
      const was = left.splice(at, 1)[0][1];
      if (ticks(field) && typeof was === 'boolean') field.checked = was;
      else if (typed(field) && typeof was === 'string') field.value = was;
    });
  }
  // The error, or the note of what was done (`?done=`), is on the page
  // now; out of the address, a reload does not show it again.
  const query = new URLSearchParams(location.search);
  if (query.has('__err') || query.has('done')) {
    for (const name of ['__err', '__path', '__sig', '__form', 'done']) query.delete(name);
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
  // A field's check runs once the person has left it, then as they type
  // (from the first key with `data-check-now`); `data-check-with` names
  // the field it depends on (a client's kind). Listened for on the page,
  // so rows added later are checked too.
  const touched = new WeakSet();
  const asked = new WeakMap();
  const check = async (input) => {
    const mine = (asked.get(input) || 0) + 1;
    asked.set(input, mine);
    const fields = { field: input.dataset.check || input.name, value: input.value };
    const other = input.dataset.checkWith && input.form?.elements.namedItem(input.dataset.checkWith);
    if (other) fields.with = other.value;
    try {
      const res = await fetch('/api/ui/check_field', {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: new URLSearchParams(fields),
      });
      if (res.ok && mine === asked.get(input)) show(input, await res.json());
    } catch {}
  };
  const checked = (event) => event.target.matches && event.target.matches('input[data-check]') && event.target;
  document.addEventListener('focusout', (event) => {
    const input = checked(event);
    if (!input) return;
    touched.add(input);
    check(input);
  });
  document.addEventListener('input', (event) => {
    const input = checked(event);
    if (input && (touched.has(input) || input.dataset.checkNow !== undefined)) check(input);
  });
  // What a typed value will make (a client id from its suffix).
  for (const preview of document.querySelectorAll('[data-preview-of]')) {
    const input = document.getElementById(preview.dataset.previewOf);
    if (!input) continue;
    const draw = () => (preview.textContent = preview.dataset.prefix + (input.value || preview.dataset.empty));
    input.addEventListener('input', draw);
    draw();
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
    const fields = Array.prototype.filter.call(form.elements, (field) => field.name).map((field) => [field.name, state(field)]);
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
  // A value shown once (a new secret): following a link, reloading or
  // closing the page asks first, as the app does; sending a form there
  // is the person's own choice.
  if (document.querySelector('[data-shown-once]')) {
    let sending = false;
    document.addEventListener('submit', () => (sending = true));
    addEventListener('click', (event) => {
      const link = event.target.closest && event.target.closest('a[href]');
      if (!link || link.target === '_blank' || event.defaultPrevented) return;
      if (confirm('Leave this page? The value shown once on it cannot be shown again.')) sending = true;
      else event.preventDefault();
    }, true);
    addEventListener('beforeunload', (event) => {
      if (!sending) event.preventDefault();
    });
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
  // Browser tests wait for this before they click: once the page's other
  // scripts have started too (`server_steps.js` waits for the whole page).
  const ready = () => (document.body.dataset.hydrated = 'true');
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
