// The console's shell: hash routing between pages, the token field, and one place that shows
// a page's failure as a readable message.
import { token, setToken } from './api.js';
import { clear, message } from './dom.js';
import { componentsPage } from './pages/components.js';
import { routesPage } from './pages/routes.js';
import { eventsPage, eventPage } from './pages/events.js';
import { replaysPage, replayPage } from './pages/replays.js';
import { deadLettersPage, deadLetterPage } from './pages/deadletters.js';
import { shadowsPage, shadowPage } from './pages/shadows.js';
import { rolloutsPage, rolloutPage } from './pages/rollouts.js';

// page functions take (element, page, argument); page.alive turns false when the user navigates away
const ROUTES = [
  [/^#\/components$/, componentsPage, 'components'],
  [/^#\/routes(?:\/([^/]+))?$/, routesPage, 'routes'],
  [/^#\/events\/([^?]+)$/, eventPage, 'events'],
  [/^#\/events(?:\?(.*))?$/, eventsPage, 'events'],
  [/^#\/replays\/([^?]+)$/, replayPage, 'replays'],
  [/^#\/replays(?:\?(.*))?$/, replaysPage, 'replays'],
  [/^#\/dlq\/([^/?]+\/[^/?]+)$/, deadLetterPage, 'dlq'],
  [/^#\/dlq(?:\/(.*))?$/, deadLettersPage, 'dlq'],
  [/^#\/shadows\/([^?]+)$/, shadowPage, 'shadows'],
  [/^#\/shadows$/, shadowsPage, 'shadows'],
  [/^#\/rollouts\/([^?]+)$/, rolloutPage, 'rollouts'],
  [/^#\/rollouts(?:\?(.*))?$/, rolloutsPage, 'rollouts'],
];

let current = { alive: false };

async function render() {
  const hash = location.hash || '#/components';
  current.alive = false;
  const page = { alive: true };
  current = page;
  const el = document.getElementById('page');
  clear(el);
  for (const [re, show, name] of ROUTES) {
    const m = hash.match(re);
    if (!m) continue;
    document.querySelectorAll('header nav a').forEach((a) => a.classList.toggle('active', a.dataset.page === name));
    try {
      await show(el, page, m[1]); // raw: a path segment or a query string, each page decodes its own
    } catch (e) {
      el.append(message('error', e.describe ? e.describe() : `The console failed to show this page: ${e.message}`));
    }
    return;
  }
  el.append(message('error', `No page at ${hash}.`));
}

function initToken() {
  const input = document.getElementById('token');
  const state = document.getElementById('token-state');
  const show = () => { state.textContent = token() ? 'token set' : ''; };
  input.value = token();
  show();
  document.getElementById('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    setToken(input.value.trim());
    show();
    render();
  });
}

window.addEventListener('hashchange', render);
initToken();
render();
