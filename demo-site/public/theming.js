// Drives the widget through its public JS API. Loaded as a file so the page needs no 'unsafe-inline'.
const log = document.getElementById('event-log');

function record(name, detail) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()}  ${name}${detail ? '  ' + JSON.stringify(detail) : ''}`;
  log.prepend(item);
  while (log.children.length > 12) log.lastElementChild.remove();
}

function withParley(fn) {
  if (window.Parley) fn(window.Parley);
  else window.addEventListener('parley-ready', () => fn(window.Parley), { once: true });
}

document.addEventListener('click', (event) => {
  const button = event.target.closest('button');
  if (!button) return;
  const action = button.dataset.action;
  const theme = button.dataset.theme;
  if (theme) {
    document.body.dataset.parleyTheme = theme;
    record('theme', { theme });
  }
  if (!action) return;
  withParley((parley) => {
    if (action === 'open') parley.open();
    if (action === 'close') parley.close();
    if (action === 'toggle') parley.toggle();
    if (action === 'send') parley.send('What are your opening hours?');
    if (action === 'user') parley.setUser({ name: 'Ada Lovelace' });
  });
});

withParley((parley) => {
  for (const name of ['open', 'close', 'message', 'escalate', 'connection-change', 'unread']) {
    parley.on(name, (event) => record(`parley-${name}`, summarize(event)));
  }
});

function summarize(event) {
  const d = event && event.detail;
  if (!d) return undefined;
  if (d.message)
    return { author: d.message.author && d.message.author.role, type: d.message.content && d.message.content.type };
  return d;
}
