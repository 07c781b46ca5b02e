// meshgov explorer: one page over the public GraphQL API (POST /graphql, and /graphql-ws for the
// inbox). Everything shown is built as DOM nodes from text, never as HTML from data.
'use strict';

const TOKEN_KEY = 'meshgov.token';
// minPosition: the store position of this page's last write, so that what it reads next shows it
const state = { token: null, person: null, domains: null, socket: null, view: 0, minPosition: null };

// ---------- small DOM helpers ----------

const $ = (selector, root = document) => root.querySelector(selector);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  applyAttrs(node, attrs);
  append(node, children);
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  applyAttrs(node, attrs);
  append(node, children);
  return node;
}

function applyAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
}

function append(node, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

function link(path, text, attrs) {
  return el('a', Object.assign({ href: path, 'data-nav': true }, attrs || {}), text);
}

const productPath = id => '/products/' + encodeURIComponent(id);
const teamPath = id => '/teams/' + encodeURIComponent(id);
const productLink = id => (id ? link(productPath(id), id) : el('span', { class: 'muted' }, 'none'));
const teamLink = id => (id ? link(teamPath(id), id) : el('span', { class: 'muted' }, 'none'));

function time(iso) {
  if (!iso) return el('span', { class: 'muted' }, '—');
  return el('time', { datetime: iso, title: iso }, new Date(iso).toLocaleString());
}

function table(headers, rows, attrs) {
  return el('table', attrs || {},
    el('thead', null, el('tr', null, headers.map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', null, rows.length ? rows.map(cells => el('tr', null, cells.map(c => el('td', null, c))))
      : el('tr', null, el('td', { colspan: headers.length, class: 'muted' }, 'None.'))));
}

function card(title, ...children) {
  const id = 'h-' + title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return el('section', { class: 'card', 'aria-labelledby': id }, el('h2', { id }, title), children);
}

// ---------- messages ----------

class PageError extends Error {
  constructor(code, message, extensions) {
    super(message);
    this.code = code;
    this.extensions = extensions || {};
  }
}

function say(text, ok) {
  const box = $('#message');
  const dismiss = el('button', { type: 'button', class: 'secondary dismiss', 'aria-label': 'Dismiss the message', onclick: clearMessage }, 'Dismiss');
  box.replaceChildren(dismiss, ...[text].flat());
  box.className = ok ? 'message ok' : 'message';
  box.hidden = false;
}

function sayError(error) {
  if (error instanceof PageError) {
    const parts = [el('strong', null, error.code), ': ', error.message];
    const details = Object.entries(error.extensions)
      .filter(([key]) => !['code', 'classification'].includes(key));
    if (details.length) {
      // lists (violations, the subscriptions a change would break) one item a line
      const show = value => (typeof value === 'string' ? value : JSON.stringify(value));
      parts.push(el('ul', { class: 'details' }, details.map(([key, value]) =>
        el('li', { 'data-detail': key }, key + ': ', Array.isArray(value)
          ? (value.length ? el('ul', null, value.map(v => el('li', null, show(v)))) : 'none')
          : show(value)))));
    }
    say(parts);
  } else {
    say('Something went wrong: ' + error.message);
  }
}

function clearMessage() {
  $('#message').hidden = true;
}

// ---------- the token ----------

function readToken() {
  if (location.hash.startsWith('#token=')) {
    // handed over once in the fragment (never sent to the server in a URL): kept for this tab only,
    // and never in place of a person already signed in here (a link must not switch who acts)
    let handed = null;
    try {
      handed = decodeURIComponent(location.hash.slice('#token='.length));
    } catch (e) {
      handed = null;
    }
    history.replaceState(null, '', location.pathname + location.search);
    if (sessionStorage.getItem(TOKEN_KEY)) {
      say('This tab is signed in already: the token in the link was not used. Sign out first to use it.');
    } else if (handed) {
      sessionStorage.setItem(TOKEN_KEY, handed);
    }
  }
  signInWith(sessionStorage.getItem(TOKEN_KEY));
}

function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch (e) {
    return null;
  }
}

function signInWith(token) {
  const claims = token ? claimsOf(token.trim()) : null;
  if (!claims || !claims.sub) {
    state.token = null;
    state.person = null;
    if (token) say('That is not a token: paste the whole output of bin/token or your issuer.');
  } else if (claims.exp && claims.exp * 1000 < Date.now()) {
    state.token = null;
    state.person = null;
    sessionStorage.removeItem(TOKEN_KEY);
    say('That token has expired: make a new one.');
  } else {
    state.token = token.trim();
    state.person = claims.sub;
    sessionStorage.setItem(TOKEN_KEY, state.token);
  }
  $('#signed-in').textContent = state.person ? 'Signed in as ' + state.person : '';
  $('#sign-out').hidden = !state.person;
  $('#inbox-button').hidden = !state.person;
  if (state.person) startInbox();
}

function signOut(text) {
  sessionStorage.removeItem(TOKEN_KEY);
  stopInbox();
  signInWith(null);
  if (text) say(text);
  route();
}

// ---------- GraphQL ----------

async function gql(query, variables) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json',
        Authorization: 'Bearer ' + state.token,
      },
      body: JSON.stringify({ query, variables: variables || {} }),
    });
  } catch (e) {
    throw new PageError('UNAVAILABLE', 'The server cannot be reached.');
  }
  if (response.status === 401) {
    signOut('The server refused the token (expired or not valid here): sign in again.');
    throw new PageError('UNAUTHENTICATED', 'Sign in again.');
  }
  let body;
  try {
    body = await response.json();
  } catch (e) {
    throw new PageError('HTTP_' + response.status, 'The server answered ' + response.status + '.');
  }
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    const extensions = first.extensions || {};
    throw new PageError(extensions.code || 'ERROR', first.message, extensions);
  }
  if (!response.ok || !body.data) {
    throw new PageError('HTTP_' + response.status, 'The server answered ' + response.status + ' without data.');
  }
  return body.data;
}

// ---------- routing ----------

function go(path) {
  clearMessage(); // a message belongs to the page it was said on
  history.pushState(null, '', path);
  route();
}

function params() {
  return new URLSearchParams(location.search);
}

async function route() {
  const view = ++state.view;
  const target = $('#view');
  target.replaceChildren();
  $('#sign-in').hidden = !!state.token;
  if (!state.token) {
    document.title = 'Sign in · meshgov explorer';
    return;
  }
  try {
    const path = decodeURIComponent(location.pathname);
    let match;
    if ((match = path.match(/^\/products\/(.+)$/))) await productView(match[1], target, view);
    else if ((match = path.match(/^\/teams\/(.+)$/))) await teamView(match[1], target, view);
    else await homeView(target, view);
  } catch (error) {
    if (view === state.view) sayError(error);
  }
}

// ---------- find ----------

async function domainsList() {
  if (!state.domains) {
    state.domains = (await gql('{ domains(first: 1000) { id name teams products } }')).domains;
  }
  return state.domains;
}

const CLASSIFICATIONS = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED'];
const LIFECYCLES = ['ACTIVE', 'DEPRECATED', 'RETIRED'];

function select(id, label, options, value) {
  return el('span', null,
    el('label', { for: id }, label),
    el('select', { id, name: id },
      el('option', { value: '' }, 'any'),
      options.map(o => el('option', { value: o, selected: o === value }, o))));
}

async function homeView(target, view) {
  document.title = 'Find · meshgov explorer';
  const q = params();
  const text = q.get('q') || '';
  $('#search').value = text;
  const domains = await domainsList();
  if (view !== state.view) return;
  const filters = el('form', { class: 'filters', id: 'filters', 'aria-label': 'Filters' },
    select('filter-domain', 'Domain', domains.map(d => d.id), q.get('domain')),
    el('span', null, el('label', { for: 'filter-team' }, 'Team'),
      el('input', { id: 'filter-team', type: 'text', value: q.get('team') || '', size: 14 })),
    el('span', null, el('label', { for: 'filter-tag' }, 'Tag'),
      el('input', { id: 'filter-tag', type: 'text', value: q.get('tag') || '', size: 12 })),
    select('filter-classification', 'Classification', CLASSIFICATIONS, q.get('classification')),
    select('filter-lifecycle', 'Lifecycle', LIFECYCLES, q.get('lifecycle')),
    el('button', { type: 'submit', class: 'secondary' }, 'Apply'));
  filters.addEventListener('submit', e => { e.preventDefault(); search(); });
  filters.addEventListener('change', e => { if (e.target.tagName === 'SELECT') search(); });
  const results = el('ul', { id: 'results', class: 'results', 'aria-label': 'Results' });
  append(target, 
    el('h1', null, 'Find'),
    card('Search', filters, el('p', { id: 'result-count', class: 'muted', 'aria-live': 'polite' }), results),
    card('Domains', el('ul', { class: 'results' }, domains.map(d =>
      el('li', null, link('/?domain=' + encodeURIComponent(d.id), [
        el('span', { class: 'kind' }, 'Domain'), (d.name || d.id) + ' ',
        el('span', { class: 'muted' }, `${d.teams.length} teams, ${d.products.length} products`)]))))));
  const filter = {
    domain: q.get('domain'), team: q.get('team'), tag: q.get('tag'),
    classification: q.get('classification'), lifecycle: q.get('lifecycle'),
  };
  await showResults(text, filter, domains, results, view);
}

async function showResults(text, filter, domains, results, view) {
  const items = [];
  const narrowed = Object.values(filter).some(v => v);
  if (!text && !narrowed) {
    $('#result-count').textContent = 'Type in the search box above, or choose a filter.';
    return;
  }
  const fields = 'id domain description tags classification lifecycle owningTeam';
  let products;
  if (text) {
    products = (await gql(`query($t: String!) { search(text: $t, first: 100) { ${fields} } }`, { t: text })).search;
  } else {
    const f = { domain: filter.domain || null, owningTeam: filter.team || null, tag: filter.tag || null };
    products = (await gql(`query($f: DataProductFilter) { dataProducts(filter: $f, first: 200) { edges { node { ${fields} } } } }`,
      { f })).dataProducts.edges.map(e => e.node);
  }
  products = products.filter(p =>
    (!filter.domain || p.domain === filter.domain) && (!filter.team || p.owningTeam === filter.team) &&
    (!filter.tag || p.tags.includes(filter.tag)) &&
    (!filter.classification || p.classification === filter.classification) &&
    (!filter.lifecycle || p.lifecycle === filter.lifecycle));
  for (const p of products) {
    items.push(el('li', null, link(productPath(p.id), [el('span', { class: 'kind' }, 'Product'), p.id, ' ',
      el('span', { class: 'muted' }, [p.owningTeam ? 'owned by ' + p.owningTeam : 'no owner', p.description ? ' · ' + p.description : ''])])));
  }
  if (text) {
    const needle = text.toLowerCase();
    const teams = new Set();
    for (const d of domains) {
      if (filter.domain && d.id !== filter.domain) continue;
      if (!narrowed && ((d.name || '').toLowerCase().includes(needle) || d.id.toLowerCase().includes(needle))) {
        items.push(el('li', null, link('/?domain=' + encodeURIComponent(d.id), [el('span', { class: 'kind' }, 'Domain'), d.name || d.id])));
      }
      d.teams.filter(t => t.toLowerCase().includes(needle)).forEach(t => teams.add(t));
    }
    if (!filter.tag && !filter.classification && !filter.lifecycle) {
      for (const t of teams) items.push(el('li', null, link(teamPath(t), [el('span', { class: 'kind' }, 'Team'), t])));
      const datasets = (await gql('query($t: String) { datasets(text: $t, first: 20) { edges { node { namespace name product } } } }',
        { t: text })).datasets.edges.map(e => e.node);
      for (const d of datasets) {
        const label = [el('span', { class: 'kind' }, 'Dataset'), d.namespace + ' / ' + d.name + ' ',
          el('span', { class: 'muted' }, d.product ? 'part of ' + d.product : 'unowned')];
        items.push(el('li', null, d.product ? link(productPath(d.product), label) : el('span', { class: 'unowned' }, label)));
      }
    }
  }
  if (view !== state.view) return;
  results.replaceChildren(...items);
  $('#result-count').textContent = items.length ? `${items.length} found` : 'Nothing matches.';
}

function search() {
  const q = new URLSearchParams();
  const text = $('#search').value.trim();
  if (text) q.set('q', text);
  for (const [id, key] of [['filter-domain', 'domain'], ['filter-team', 'team'], ['filter-tag', 'tag'],
    ['filter-classification', 'classification'], ['filter-lifecycle', 'lifecycle']]) {
    const input = document.getElementById(id);
    const value = input ? input.value.trim() : params().get(key);
    if (value) q.set(key, value);
  }
  go('/' + (q.toString() ? '?' + q : ''));
}

// arrow keys move through the results; Enter follows the focused link
document.addEventListener('keydown', e => {
  if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName)) {
    e.preventDefault();
    $('#search').focus();
    return;
  }
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const links = [...document.querySelectorAll('#results a')];
  if (!links.length) return;
  const at = links.indexOf(document.activeElement);
  if (document.activeElement !== $('#search') && at < 0) return;
  e.preventDefault();
  const next = e.key === 'ArrowDown' ? Math.min(links.length - 1, at + 1) : at - 1;
  (next < 0 ? $('#search') : links[next]).focus();
});

// ---------- a product ----------

function asOfParam() {
  const value = params().get('asOf');
  return value && !isNaN(Date.parse(value)) ? new Date(value).toISOString() : null;
}

function localValue(iso) {
  const d = new Date(iso);
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function asOfControl(path) {
  const asOf = asOfParam();
  const input = el('input', { id: 'as-of', type: 'datetime-local', step: 1, value: asOf ? localValue(asOf) : '' });
  const form = el('form', { class: 'inline', id: 'as-of-form', 'aria-label': 'Time shown' },
    el('label', { for: 'as-of' }, 'As of'), input,
    el('button', { type: 'submit', class: 'secondary' }, 'Show then'),
    el('button', { type: 'button', class: 'secondary', id: 'as-of-now', onclick: () => go(path) }, 'Now'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    if (!input.value) return go(path);
    go(path + '?asOf=' + encodeURIComponent(new Date(input.value).toISOString()));
  });
  return form;
}

const PRODUCT = `query($id: ID!, $asOf: DateTime, $min: Long) {
  dataProduct(id: $id, asOf: $asOf, minPosition: $min) {
    id domain description tags classification lifecycle owningTeam steward latestSchemaVersion outputPort
    sla { version effectiveFrom terms { freshness availability supportHours contact retentionDays noticeDays } }
    datasets { namespace name }
    subscriptions { id consumerTeam consumingProduct status purpose fieldsUsed requestedBy requestedAt approvedBy }
  }
  schemaVersions(id: $id, asOf: $asOf) { version publishedAt publishedBy checkedUnder fields { name type optional } }
  ownershipHistory(id: $id, asOf: $asOf) {
    currentOwner currentSteward
    owners { team since until transferId requestedBy approvedBy }
    stewards { person since until }
    transfers { id fromTeam toTeam status reason requestedBy requestedAt expiresAt endedBy endedAt }
  }
}`;

async function productView(id, target, view) {
  const asOf = asOfParam();
  // everything the page needs is read before it draws: a slower earlier view never lands on a newer
  const [data, audit] = await Promise.all([gql(PRODUCT, { id, asOf, min: state.minPosition }), auditCard(id).catch(() => null)]);
  if (view !== state.view) return;
  const p = data.dataProduct;
  document.title = id + ' · meshgov explorer';
  if (!p) {
    append(target, el('h1', null, id), asOfControl(productPath(id)),
      el('p', null, asOf ? 'This product was not registered yet at that time.' : 'No data product has this id.'));
    return;
  }
  const versions = data.schemaVersions;
  const latest = versions.length ? versions[versions.length - 1] : null;
  append(target, 
    el('h1', null, 'Data product ', el('span', { id: 'product-id' }, p.id)),
    asOfControl(productPath(id)),
    asOf ? el('p', { class: 'asof-banner', id: 'as-of-banner' }, 'Shown as it was at ', time(asOf), ': owners, lineage and schema of that time.') : null,
    el('div', { class: 'grid' },
      card('Overview', el('dl', { class: 'facts', id: 'overview' },
        el('dt', null, 'Owner'), el('dd', { id: 'owner' }, teamLink(p.owningTeam)),
        el('dt', null, 'Steward'), el('dd', { id: 'steward' }, p.steward || el('span', { class: 'muted' }, 'none')),
        el('dt', null, 'Domain'), el('dd', null, p.domain || '—'),
        el('dt', null, 'Lifecycle'), el('dd', null, p.lifecycle || '—'),
        el('dt', null, 'Classification'), el('dd', null, p.classification || '—'),
        el('dt', null, 'Tags'), el('dd', null, p.tags.length ? p.tags.map(t => el('span', { class: 'tag' }, t)) : '—'),
        el('dt', null, 'Description'), el('dd', null, p.description || '—'),
        el('dt', null, 'Output port'), el('dd', null, p.outputPort || '—',
          p.datasets.length ? el('ul', null, p.datasets.map(d => el('li', null, d.namespace + ' / ' + d.name))) : null),
        el('dt', null, 'SLA'), el('dd', null, p.sla ? slaText(p.sla) : el('span', { class: 'muted' }, 'none published')),
        el('dt', null, 'Schema'), el('dd', null, latest ? 'version ' + latest.version : 'none published'))),
      ownershipCard(p, data.ownershipHistory, asOf)),
    lineageCard(p, asOf, latest),
    el('div', { class: 'grid' }, schemaCard(p, versions, asOf), subscriptionsCard(p, asOf)),
    audit);
}

function slaText(sla) {
  const t = sla.terms;
  return `v${sla.version}: fresh within ${t.freshness}, ${t.availability}% available, ${t.supportHours}, ` +
    `${t.retentionDays} days kept, ${t.noticeDays} days notice (contact ${t.contact})`;
}

async function act(mutation, input, done) {
  clearMessage();
  try {
    const data = await gql(`mutation($input: ${mutation.type}!) { ${mutation.name}(input: $input) { id position createdId } }`, { input });
    state.minPosition = data[mutation.name].position;
    say(done, true);
    state.domains = null;
    route();
  } catch (error) {
    sayError(error);
  }
}

const M = {
  request: { name: 'requestOwnershipTransfer', type: 'RequestOwnershipTransferInput' },
  accept: { name: 'acceptOwnershipTransfer', type: 'TransferInput' },
  reject: { name: 'rejectOwnershipTransfer', type: 'TransferInput' },
  cancel: { name: 'cancelOwnershipTransfer', type: 'TransferInput' },
  approve: { name: 'approveSubscription', type: 'SubscriptionInput' },
  refuse: { name: 'rejectSubscription', type: 'SubscriptionInput' },
  publish: { name: 'publishSchemaVersion', type: 'PublishSchemaVersionInput' },
};

function ownershipCard(p, history, asOf) {
  const owners = (history ? history.owners : []).slice().reverse();
  const timeline = el('ol', { class: 'timeline', id: 'owner-timeline', 'aria-label': 'Owners, newest first' },
    owners.map(o => el('li', null, el('strong', null, teamLink(o.team)), ' from ', time(o.since),
      o.until ? [' until ', time(o.until)] : asOf ? ' (at that time)' : ' (now)',
      o.requestedBy ? el('div', { class: 'muted' }, `asked by ${o.requestedBy}, approved by ${o.approvedBy || '—'}`) : null)));
  const stewards = (history ? history.stewards : []).map(s =>
    el('li', null, s.person, ' from ', time(s.since), s.until ? [' until ', time(s.until)] : asOf ? ' (at that time)' : ' (now)'));
  const transfers = (history ? history.transfers : []).slice().reverse().map(t => [
    t.id, `${t.fromTeam} → ${t.toTeam}`, el('span', { class: 'status' }, t.status), t.reason || '',
    [t.requestedBy || '', ' ', time(t.requestedAt)],
    !asOf && ['REQUESTED', 'PENDING'].includes(t.status) ? el('div', { class: 'actions' },
      el('button', { type: 'button', 'data-action': 'accept', onclick: () => act(M.accept, { productId: p.id, transferId: t.id }, 'Transfer accepted.') }, 'Accept'),
      el('button', { type: 'button', class: 'danger', 'data-action': 'reject', onclick: () => act(M.reject, { productId: p.id, transferId: t.id }, 'Transfer rejected.') }, 'Reject'),
      el('button', { type: 'button', class: 'secondary', 'data-action': 'cancel', onclick: () => act(M.cancel, { productId: p.id, transferId: t.id }, 'Transfer cancelled.') }, 'Cancel'))
      : (t.endedBy ? `by ${t.endedBy}` : '')]);
  const targetTeam = el('input', { id: 'transfer-team', type: 'text', required: true, size: 14 });
  const transferReason = el('input', { id: 'transfer-reason', type: 'text', required: true, size: 24 });
  const request = asOf ? null : el('form', { class: 'inline', id: 'transfer-form', 'aria-label': 'Request an ownership transfer' },
    el('label', { for: 'transfer-team' }, 'Transfer to team'), targetTeam,
    el('label', { for: 'transfer-reason' }, 'Reason'), transferReason,
    el('button', { type: 'submit' }, 'Request transfer'));
  if (request) {
    request.addEventListener('submit', e => {
      e.preventDefault();
      act(M.request, { productId: p.id, targetTeam: targetTeam.value.trim(), reason: transferReason.value.trim() },
        'Transfer requested: a lead of the receiving team accepts it.');
    });
  }
  return card('Ownership', timeline,
    el('h3', null, 'Stewards'), stewards.length ? el('ul', null, stewards) : el('p', { class: 'muted' }, 'None.'),
    el('h3', null, 'Transfer requests'),
    table(['Id', 'From → to', 'Status', 'Reason', 'Asked', ''], transfers, { id: 'transfers' }), request);
}

function schemaCard(p, versions, asOf) {
  const list = table(['Version', 'Published', 'By', 'Checked under', 'Fields'],
    versions.slice().reverse().map(v => [String(v.version), time(v.publishedAt), v.publishedBy || '', v.checkedUnder || '',
      el('span', { class: 'fields' }, v.fields.map(f => el('code', null, `${f.name}: ${typeText(f.type)}${f.optional ? '?' : ''}`)))]));
  const diff = el('div', { id: 'schema-diff', 'aria-live': 'polite' });
  const numbers = versions.map(v => String(v.version));
  // the selects by reference: the card is drawn before it is in the document
  const from = el('select', { id: 'diff-from' }, numbers.map((n, i) => el('option', { selected: i === numbers.length - 2 }, n)));
  const to = el('select', { id: 'diff-to' }, numbers.map((n, i) => el('option', { selected: i === numbers.length - 1 }, n)));
  const compare = versions.length > 1 ? el('form', { class: 'inline', 'aria-label': 'Compare two versions' },
    el('label', { for: 'diff-from' }, 'Compare'), from, el('label', { for: 'diff-to' }, 'with'), to)
    : null;
  const showDiff = () => {
    const a = versions.find(v => String(v.version) === from.value);
    const b = versions.find(v => String(v.version) === to.value);
    diff.replaceChildren(table(['Field', 'In ' + a.version, 'In ' + b.version, 'Change'], schemaDiff(a.fields, b.fields)));
  };
  if (compare) compare.addEventListener('change', showDiff);
  const newSchema = el('textarea', { id: 'publish-schema', rows: 5, required: true, spellcheck: 'false' });
  const publishReason = el('input', { id: 'publish-reason', type: 'text', size: 30 });
  const publish = asOf ? null : el('form', { id: 'publish-form', 'aria-label': 'Publish a schema version' },
    el('label', { for: 'publish-schema' }, 'New schema (Avro JSON)'),
    newSchema,
    el('div', { class: 'inline' }, el('label', { for: 'publish-reason' }, 'Reason'), publishReason,
      el('button', { type: 'submit' }, 'Publish')));
  if (publish) {
    publish.addEventListener('submit', e => {
      e.preventDefault();
      act(M.publish, { productId: p.id, avroSchema: newSchema.value, reason: publishReason.value || null }, 'Schema version published.');
    });
  }
  if (compare) showDiff();
  return card('Schema versions', list, compare, diff, publish);
}

// a field's Avro type as the API gives it (JSON): a plain name without its quotes
function typeText(type) {
  try {
    const parsed = JSON.parse(type);
    return typeof parsed === 'string' ? parsed : type;
  } catch (e) {
    return type;
  }
}

function schemaDiff(before, after) {
  const a = new Map(before.map(f => [f.name, f]));
  const b = new Map(after.map(f => [f.name, f]));
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const show = f => (f ? `${typeText(f.type)}${f.optional ? ' (optional)' : ''}` : '—');
  const rows = [];
  for (const name of names) {
    const x = a.get(name);
    const y = b.get(name);
    let change = 'same';
    if (!x) change = 'added';
    else if (!y) change = 'removed';
    else if (x.type !== y.type || x.optional !== y.optional) change = 'changed';
    if (change === 'same') continue;
    rows.push([el('code', null, name), show(x), show(y), el('span', { class: 'diff-' + change }, change)]);
  }
  return rows;
}

function subscriptionsCard(p, asOf) {
  const rows = p.subscriptions.map(s => [s.id, teamLink(s.consumerTeam), el('span', { class: 'status' }, s.status), s.purpose || '',
    s.fieldsUsed.length ? s.fieldsUsed.join(', ') : 'all fields',
    !asOf && s.status === 'PENDING' ? el('div', { class: 'actions' },
      el('button', { type: 'button', 'data-action': 'approve', onclick: () => act(M.approve, { subscriptionId: s.id }, 'Subscription approved.') }, 'Approve'),
      el('button', { type: 'button', class: 'danger', 'data-action': 'refuse', onclick: () => act(M.refuse, { subscriptionId: s.id }, 'Subscription rejected.') }, 'Reject'))
      : (s.approvedBy ? 'approved by ' + s.approvedBy : '')]);
  return card('Subscriptions', table(['Id', 'Consumer', 'Status', 'Purpose', 'Fields', ''], rows, { id: 'subscriptions' }));
}

async function auditCard(aggregateId) {
  const trail = (await gql('query($id: ID!) { auditTrail(aggregateId: $id, first: 200) { events { sequence type time actor reason correlationId } hasMore } }',
    { id: aggregateId })).auditTrail;
  return card('Audit trail', table(['#', 'What', 'When', 'Who', 'Why'],
    trail.events.slice().reverse().map(e => [String(e.sequence), e.type.replace(/Event$/, ''), time(e.time), e.actor || '', e.reason || '']),
    { id: 'audit-trail' }), trail.hasMore ? el('p', { class: 'muted' }, 'The first 200 events are shown; GraphQL auditTrail pages through the rest.') : null);
}

// ---------- the lineage picture ----------

const LINEAGE = `query($id: ID!, $depth: Int, $asOf: DateTime) {
  up: lineage(id: $id, direction: UPSTREAM, depth: $depth, asOf: $asOf) { nodes { id depth } edges { from to sources } complete depthLimit }
  down: lineage(id: $id, direction: DOWNSTREAM, depth: $depth, asOf: $asOf) { nodes { id depth } edges { from to sources } complete depthLimit }
}`;

function lineageCard(p, asOf, latest) {
  const depthSelect = el('select', { id: 'depth' }, ['1', '2', '3', '5', '10', 'all'].map(d =>
    el('option', { value: d, selected: d === (params().get('depth') || '3') }, d === 'all' ? 'all levels' : d + (d === '1' ? ' level' : ' levels'))));
  const picture = el('div', { class: 'picture', id: 'lineage-picture', 'aria-label': 'Lineage picture' });
  const status = el('p', { id: 'lineage-status', 'aria-live': 'polite' });
  const impact = impactPanel(p, asOf, latest, picture);
  const ownView = state.view;
  const draw = async () => {
    const depth = depthSelect.value === 'all' ? null : Number(depthSelect.value);
    status.textContent = 'Drawing…';
    try {
      const data = await gql(LINEAGE, { id: p.id, depth, asOf });
      drawLineage(picture, p.id, data.up, data.down, asOf);
      const nodes = data.up.nodes.length + data.down.nodes.length;
      const cut = !data.up.complete || !data.down.complete;
      status.replaceChildren(`${data.up.nodes.length} upstream, ${data.down.nodes.length} downstream. `,
        cut ? el('span', { class: 'cut', id: 'lineage-cut' }, `complete: false — more products lie beyond ${depth === null ? 'the server\'s limit of ' + data.down.depthLimit : depth} level${depth === 1 ? '' : 's'}.`) : '');
      picture.dataset.nodes = String(nodes);
      picture.dataset.drawn = String(performance.now());
    } catch (error) {
      status.textContent = '';
      if (ownView === state.view) sayError(error);
    }
  };
  depthSelect.addEventListener('change', draw);
  setTimeout(draw);
  return card('Lineage',
    el('div', { class: 'toolbar' },
      el('span', null, el('label', { for: 'depth' }, 'Depth'), depthSelect),
      el('span', { class: 'legend' },
        el('span', null, legendLine('declared'), ' declared'),
        el('span', null, legendLine('observed'), ' observed'),
        el('span', null, legendLine('both'), ' declared and observed'),
        el('span', null, 'Click a product to go there; hover over an edge for its field mappings.'))),
    status, picture, impact);
}

function legendLine(kind) {
  return svg('svg', { class: 'lineage', width: 34, height: 10, 'aria-hidden': 'true' },
    svg('line', { x1: 2, y1: 5, x2: 32, y2: 5, class: 'edge ' + kind }));
}

const NODE_W = 214;
const NODE_H = 30;
const COLUMN = 290;
const ROW = 42;

function drawLineage(picture, rootId, up, down, asOf) {
  // columns by depth: upstream to the left of the product, downstream to the right
  const column = new Map([[rootId, 0]]);
  for (const n of up.nodes) if (n.id !== rootId) column.set(n.id, -n.depth);
  for (const n of down.nodes) if (n.id !== rootId && !column.has(n.id)) column.set(n.id, n.depth);
  const columns = new Map();
  for (const [id, c] of column) {
    if (!columns.has(c)) columns.set(c, []);
    columns.get(c).push(id);
  }
  const keys = [...columns.keys()].sort((a, b) => a - b);
  const left = keys[0];
  const tallest = Math.max(...[...columns.values()].map(ids => ids.length));
  const width = (keys[keys.length - 1] - left) * COLUMN + NODE_W + 40;
  const height = tallest * ROW + 50;
  const position = new Map();
  for (const c of keys) {
    const ids = columns.get(c).sort();
    const offset = (tallest - ids.length) * ROW / 2;
    ids.forEach((id, i) => position.set(id, { x: 20 + (c - left) * COLUMN, y: 36 + offset + i * ROW }));
  }
  const edges = new Map();
  for (const e of [...up.edges, ...down.edges]) {
    if (position.has(e.from) && position.has(e.to)) edges.set(e.from + '\u0000' + e.to, e);
  }
  const root = svg('svg', { class: 'lineage', width, height, role: 'group', 'aria-label': `Lineage of ${rootId}: ${column.size - 1} related products` });
  for (const c of keys) {
    root.append(svg('text', { class: 'depth-label', x: 20 + (c - left) * COLUMN, y: 18 },
      c === 0 ? 'this product' : c < 0 ? `${-c} up` : `${c} down`));
  }
  for (const e of edges.values()) {
    const a = position.get(e.from);
    const b = position.get(e.to);
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const y2 = b.y + NODE_H / 2;
    let d;
    if (b.x > a.x) {
      const mid = (x1 + b.x) / 2;
      d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${b.x},${y2}`;
    } else {
      // both in one column (or drawn backwards): an arc out to the right and back in
      const out = x1 + 30 + Math.min(60, Math.abs(y2 - y1) / 4);
      d = `M${x1},${y1} C${out},${y1} ${out},${y2} ${b.x + NODE_W},${y2}`;
    }
    const kind = e.sources.length > 1 ? 'both' : e.sources[0] === 'OBSERVED' ? 'observed' : 'declared';
    const label = `${e.from} feeds ${e.to} (${e.sources.join(' and ').toLowerCase()})`;
    root.append(svg('path', { d, class: 'edge ' + kind, 'data-from': e.from, 'data-to': e.to }));
    const hit = svg('path', { d, class: 'edge-hit', tabindex: 0, role: 'img', 'aria-label': label, 'data-from': e.from, 'data-to': e.to });
    hit.addEventListener('mouseenter', ev => showMappings(e, asOf, ev.clientX, ev.clientY));
    hit.addEventListener('focus', () => { const r = hit.getBoundingClientRect(); showMappings(e, asOf, r.x + r.width / 2, r.y + r.height / 2); });
    hit.addEventListener('mouseleave', hideTooltip);
    hit.addEventListener('blur', hideTooltip);
    root.append(hit);
  }
  for (const [id, at] of position) {
    const c = column.get(id);
    const name = id.length > 30 ? id.slice(0, 29) + '…' : id;
    const node = svg('g', { class: 'node' + (id === rootId ? ' root' : ''), transform: `translate(${at.x},${at.y})`, tabindex: 0, role: 'link',
      'data-id': id, 'aria-label': id === rootId ? `${id} (this product)` : `${id}, ${Math.abs(c)} ${c < 0 ? 'up' : 'down'}stream` },
    svg('title', null, id), svg('rect', { width: NODE_W, height: NODE_H, rx: 5 }), svg('text', { x: 10, y: 19 }, name));
    const open = () => go(productPath(id) + (asOf ? '?asOf=' + encodeURIComponent(asOf) : ''));
    node.addEventListener('click', open);
    node.addEventListener('keydown', ev => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(); } });
    root.append(node);
  }
  picture.replaceChildren(root);
}

let tooltipFor = null;

async function showMappings(edge, asOf, x, y) {
  const key = edge.from + '>' + edge.to;
  tooltipFor = key;
  const tip = tooltip(x, y, `${edge.from} → ${edge.to}: loading field mappings…`);
  try {
    const data = await gql('query($u: ID!, $d: ID!, $asOf: DateTime) { fieldMappings(upstream: $u, downstream: $d, asOf: $asOf, first: 50) { inputField outputField transformation source } }',
      { u: edge.from, d: edge.to, asOf });
    if (tooltipFor !== key) return;
    const maps = data.fieldMappings;
    tip.replaceChildren(el('strong', null, `${edge.from} → ${edge.to}`),
      maps.length ? el('table', { id: 'mapping-table' }, maps.map(m => el('tr', null,
        el('td', null, m.inputField), el('td', null, '→'), el('td', null, m.outputField),
        el('td', null, (m.transformation ? m.transformation + ' · ' : '') + m.source.toLowerCase()))))
        : el('div', null, 'No field mappings named.'));
  } catch (error) {
    if (tooltipFor === key) tip.textContent = 'Field mappings could not be read: ' + error.message;
  }
}

function tooltip(x, y, text) {
  let tip = $('#tooltip');
  if (!tip) {
    tip = el('div', { id: 'tooltip', class: 'tooltip', role: 'tooltip' });
    document.body.append(tip);
  }
  tip.replaceChildren(text);
  tip.style.left = Math.min(x + 14, window.innerWidth - 430) + 'px';
  tip.style.top = y + 14 + 'px';
  tip.hidden = false;
  return tip;
}

function hideTooltip() {
  tooltipFor = null;
  const tip = $('#tooltip');
  if (tip) tip.hidden = true;
}

// ---------- impact ----------

function impactPanel(p, asOf, latest, picture) {
  const fields = latest ? latest.fields : [];
  const result = el('div', { id: 'impact-result', 'aria-live': 'polite' });
  const proposedSchema = el('textarea', { id: 'proposed-schema', rows: 5, spellcheck: 'false' });
  const form = el('form', { id: 'impact-form', 'aria-labelledby': 'impact-title' },
    el('h3', { id: 'impact-title' }, 'Impact of a change'),
    fields.length ? el('fieldset', null, el('legend', null, 'Fields to remove'),
      el('div', { class: 'fields' }, fields.map(f => el('label', { class: 'field-choice' },
        el('input', { type: 'checkbox', name: 'remove', value: f.name }), ' ' + f.name))))
      : el('p', { class: 'muted' }, 'No schema published: paste a proposed one.'),
    el('details', null, el('summary', null, 'or paste a proposed Avro schema'),
      el('label', { for: 'proposed-schema', class: 'visually-hidden' }, 'Proposed Avro schema'),
      proposedSchema),
    el('button', { type: 'submit' }, 'Show impact'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    clearMessage();
    const removed = [...form.querySelectorAll('input[name=remove]:checked')].map(i => i.value);
    const proposed = proposedSchema.value.trim();
    if (!removed.length && !proposed) {
      say('Choose the fields to remove, or paste a proposed schema.');
      return;
    }
    try {
      const data = await gql(`query($id: ID!, $removed: [String!], $proposed: String, $asOf: DateTime) {
        impact(id: $id, removedFields: $removed, proposedSchema: $proposed, asOf: $asOf) {
          product changedFields unknownFields fields { product field depth } products { id depth path }
          subscriptions { id product consumerTeam affectedFieldsUsed } possiblyAffectedProducts teamsToNotify stewardsToNotify } }`,
      { id: p.id, removed: proposed ? null : removed, proposed: proposed || null, asOf });
      showImpact(data.impact, result, picture);
    } catch (error) {
      sayError(error);
    }
  });
  return el('div', null, form, result);
}

function showImpact(impact, result, picture) {
  const affected = new Set(impact.products.map(x => x.id));
  picture.querySelectorAll('.node').forEach(n => n.classList.toggle('affected', affected.has(n.dataset.id)));
  picture.querySelectorAll('.edge').forEach(e => e.classList.toggle('affected', affected.has(e.dataset.to) &&
    (affected.has(e.dataset.from) || e.dataset.from === impact.product)));
  const lines = [
    `Changing ${impact.changedFields.join(', ') || 'nothing'} of ${impact.product}`,
    `Affected products: ${impact.products.map(x => x.id).join(', ') || 'none'}`,
    `Affected fields: ${impact.fields.map(f => f.product + '.' + f.field).join(', ') || 'none'}`,
    `Subscriptions: ${impact.subscriptions.map(s => `${s.id} (${s.consumerTeam})`).join(', ') || 'none'}`,
    `Teams to tell: ${impact.teamsToNotify.join(', ') || 'none'}`,
    `Stewards to tell: ${impact.stewardsToNotify.join(', ') || 'none'}`,
  ];
  if (impact.possiblyAffectedProducts.length) lines.push(`Possibly affected (no field mappings named): ${impact.possiblyAffectedProducts.join(', ')}`);
  const copy = el('button', { type: 'button', class: 'secondary', id: 'impact-copy' }, 'Copy the list');
  copy.addEventListener('click', async () => {
    const text = lines.join('\n');
    try {
      await navigator.clipboard.writeText(text);
      say('The list is copied.', true);
    } catch (e) {
      const area = $('#impact-text');
      area.hidden = false;
      area.select();
      say('Select and copy the list below (the browser did not allow copying).', true);
    }
  });
  result.replaceChildren(
    el('dl', { class: 'facts', id: 'impact-facts' },
      el('dt', null, 'Affected products'), el('dd', { id: 'impact-products' }, impact.products.length ? impact.products.map(x => el('span', { class: 'tag' }, productLink(x.id))) : 'none'),
      el('dt', null, 'Affected fields'), el('dd', { id: 'impact-fields' }, impact.fields.map(f => el('code', null, f.product + '.' + f.field + ' ')), impact.fields.length ? '' : 'none'),
      el('dt', null, 'Subscriptions'), el('dd', { id: 'impact-subscriptions' }, impact.subscriptions.map(s => s.id + ' (' + s.consumerTeam + ') ').join('') || 'none'),
      el('dt', null, 'Teams to tell'), el('dd', { id: 'impact-teams' }, impact.teamsToNotify.length ? impact.teamsToNotify.map(t => el('span', { class: 'tag' }, teamLink(t))) : 'none'),
      el('dt', null, 'Stewards to tell'), el('dd', { id: 'impact-stewards' }, impact.stewardsToNotify.join(', ') || 'none'),
      impact.unknownFields.length ? [el('dt', null, 'Not in the schema'), el('dd', null, impact.unknownFields.join(', '))] : null),
    copy, el('textarea', { id: 'impact-text', rows: lines.length, readonly: true, hidden: true, 'aria-label': 'The list to copy' }, lines.join('\n')));
}

// ---------- a team ----------

async function teamView(id, target, view) {
  const asOf = asOfParam();
  const [data, audit] = await Promise.all([
    gql('query($id: ID!, $asOf: DateTime, $min: Long) { team(id: $id, asOf: $asOf, minPosition: $min) { id name domain members { person role since } products } }',
      { id, asOf, min: state.minPosition }),
    auditCard(id).catch(() => null)]);
  if (view !== state.view) return;
  document.title = id + ' · meshgov explorer';
  const t = data.team;
  append(target, el('h1', null, 'Team ', t ? (t.name || id) : id), asOfControl(teamPath(id)));
  if (!t) {
    append(target, el('p', null, asOf ? 'This team was not registered yet at that time.' : 'No team has this id.'));
    return;
  }
  append(target, el('div', { class: 'grid' },
    card('Members', el('p', null, 'Domain: ', t.domain ? link('/?domain=' + encodeURIComponent(t.domain), t.domain) : '—'),
      table(['Person', 'Role', 'Since'], t.members.map(m => [m.person, m.role.toLowerCase(), time(m.since)]), { id: 'members' })),
    card('Products', t.products.length ? el('ul', { id: 'team-products' }, t.products.map(pid => el('li', null, productLink(pid)))) : el('p', { class: 'muted' }, 'None.'))),
  audit);
}

// ---------- the inbox (live over graphql-transport-ws) ----------

async function loadInbox() {
  try {
    const data = await gql('{ inbox(first: 30) { unreadCount edges { node { id kind message product actor time read } } } }');
    $('#inbox-count').textContent = String(data.inbox.unreadCount);
    $('#inbox-items').replaceChildren(...data.inbox.edges.map(e => inboxItem(e.node)));
  } catch (error) {
    // the page works without its inbox
  }
}

function inboxItem(item) {
  return el('li', { class: item.read ? '' : 'unread', 'data-kind': item.kind },
    el('div', null, item.message), el('div', { class: 'muted' }, time(item.time),
      item.product ? [' · ', productLink(item.product)] : null));
}

function startInbox() {
  if (state.socket) return;
  loadInbox();
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  let socket;
  try {
    socket = new WebSocket(scheme + location.host + '/graphql-ws', 'graphql-transport-ws');
  } catch (e) {
    return;
  }
  state.socket = socket;
  socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: 'Bearer ' + state.token } }));
  socket.onmessage = message => {
    const frame = JSON.parse(message.data);
    if (frame.type === 'connection_ack') {
      socket.send(JSON.stringify({ id: 'inbox', type: 'subscribe', payload: { query: 'subscription { inboxItems { id kind message product actor time read } }' } }));
    } else if (frame.type === 'next' && frame.payload && frame.payload.data) {
      const item = frame.payload.data.inboxItems;
      $('#inbox-items').prepend(inboxItem(item));
      const count = $('#inbox-count');
      count.textContent = String(Number(count.textContent) + 1);
    } else if (frame.type === 'error') {
      // the stream was refused (a token the server no longer takes): what arrives is read on opening
      socket.close();
    } else if (frame.type === 'ping') {
      socket.send(JSON.stringify({ type: 'pong' }));
    }
  };
  socket.onclose = () => {
    if (state.socket === socket) {
      state.socket = null;
      // the stream ends when the token expires or the server restarts: what was missed is in the inbox
      if (state.token) setTimeout(() => { if (state.token && !state.socket) startInbox(); }, 5000);
    }
  };
}

function stopInbox() {
  const socket = state.socket;
  state.socket = null;
  if (socket) socket.close();
}

// ---------- start ----------

function start() {
  readToken();
  $('#sign-in-form').addEventListener('submit', e => {
    e.preventDefault();
    clearMessage();
    signInWith($('#token').value);
    $('#token').value = '';
    route();
  });
  $('#sign-out').addEventListener('click', () => signOut());
  $('#search-form').addEventListener('submit', e => { e.preventDefault(); search(); });
  $('#inbox-button').addEventListener('click', () => {
    const box = $('#inbox');
    box.hidden = !box.hidden;
    $('#inbox-button').setAttribute('aria-expanded', String(!box.hidden));
    if (!box.hidden) {
      loadInbox();
      $('#inbox-read').focus();
    }
  });
  $('#inbox-close').addEventListener('click', () => { $('#inbox').hidden = true; $('#inbox-button').focus(); });
  $('#inbox').addEventListener('keydown', e => {
    if (e.key === 'Escape') {
      $('#inbox').hidden = true;
      $('#inbox-button').focus();
    }
  });
  $('#inbox-read').addEventListener('click', async () => {
    try {
      const data = await gql('mutation { markRead(input: {all: true}) { unreadCount } }');
      $('#inbox-count').textContent = String(data.markRead.unreadCount);
      loadInbox();
    } catch (error) {
      sayError(error);
    }
  });
  document.addEventListener('click', e => {
    const a = e.target.closest('a[data-nav]');
    if (a && e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      e.preventDefault();
      clearMessage();
      go(a.getAttribute('href'));
    }
  });
  window.addEventListener('popstate', route);
  route();
}

start();
