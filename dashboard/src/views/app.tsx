/** The shell: sign-in until there is a token, then navigation, stream status and the routed view. */
import { useState } from 'hono/jsx/dom';
import { formatRoute, parseRoute, type Route } from '../lib/route.js';
import { openSession, saveToken, savedToken, type Session } from '../session.js';
import { applyTheme, initialTheme, type Theme } from '../theme.js';
import { AlertsView } from './alerts.js';
import { FleetView } from './fleet.js';
import { HostView } from './host.js';
import { SignIn } from './sign-in.js';
import { TopologyView } from './topology.js';
import { useSafeEffect } from '../lib/effect.js';

/**
 * A view is built afresh when this changes (another host, range or alert tab; a theme, whose
 * colours the charts read once): the fleet keeps its state across searches and sorts.
 */
function viewKey(r: Route, theme: Theme): string {
  if (r.view === 'host') return `host|${r.id}|${r.range}|${theme}`;
  if (r.view === 'alerts') return `alerts|${r.state}`;
  return r.view;
}

export function App() {
  const [token, setToken] = useState<string | null>(savedToken());
  const [session, setSession] = useState<Session | null>(null);
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  const [theme, setTheme] = useState<Theme>(initialTheme());
  const [, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  useSafeEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useSafeEffect(() => {
    if (!token) return;
    const s = openSession(token, () => {
      saveToken(null);
      setNotice('The API token was refused (revoked or wrong); sign in again.');
      setToken(null);
    });
    const redraw = () => setVersion((v) => v + 1);
    s.onChange.add(redraw);
    setSession(s);
    return () => {
      s.onChange.delete(redraw);
      s.close();
      setSession(null);
    };
  }, [token]);

  if (!token) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(t) => {
          saveToken(t);
          setNotice(null);
          setToken(t);
        }}
      />
    );
  }
  if (!session) return <main class="loading">Connecting…</main>;

  const firing = session.alerts.firing();
  const nav = (label: string, r: Route, active: boolean) => (
    <a href={formatRoute(r)} aria-current={active ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <div class="shell">
      <header class="top">
        <a class="brand" href="#/">
          AURA
        </a>
        <nav aria-label="Views">
          {nav('Fleet', { view: 'fleet', q: '', sort: 'status', filter: 'all' }, route.view === 'fleet' || route.view === 'host')}
          {nav('Topology', { view: 'topology' }, route.view === 'topology')}
          <a href={formatRoute({ view: 'alerts', state: 'firing' })} aria-current={route.view === 'alerts' ? 'page' : undefined} aria-label={firing.total > 0 ? `Alerts: ${firing.total} firing, ${firing.unacknowledged} not acknowledged` : undefined}>
            Alerts{' '}
            {firing.total > 0 && (
              <span class={`count${firing.unacknowledged > 0 ? ' count-open' : ''}`} data-testid="firing-count">
                {String(firing.total)}
              </span>
            )}
          </a>
        </nav>
        <span class={`stream stream-${session.status}`} data-testid="stream-status" title={session.statusDetail ?? ''}>
          {session.status === 'live' ? 'live' : session.status === 'unauthorized' ? 'token refused' : `${session.status}…`}
        </span>
        <button
          type="button"
          onClick={() => {
            const t = theme === 'dark' ? 'light' : 'dark';
            applyTheme(t);
            setTheme(t);
          }}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          {theme === 'dark' ? 'Light' : 'Dark'}
        </button>
        <button
          type="button"
          onClick={() => {
            saveToken(null);
            setToken(null);
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main">
        <div class="view" key={viewKey(route, theme)}>
          {route.view === 'fleet' && <FleetView session={session} route={route} />}
          {route.view === 'host' && <HostView session={session} id={route.id} range={route.range} />}
          {route.view === 'topology' && <TopologyView session={session} />}
          {route.view === 'alerts' && <AlertsView session={session} state={route.state} />}
        </div>
      </main>
    </div>
  );
}
