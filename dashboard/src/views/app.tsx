/** The shell: sign-in until there is a token, then navigation, stream status and the routed view. */
import { useEffect, useState } from 'hono/jsx/dom';
import { formatRoute, parseRoute, type Route } from '../lib/route.js';
import { openSession, saveToken, savedToken, type Session } from '../session.js';
import { applyTheme, initialTheme, type Theme } from '../theme.js';
import { AlertsView } from './alerts.js';
import { FleetView } from './fleet.js';
import { HostView } from './host.js';
import { SignIn } from './sign-in.js';
import { TopologyView } from './topology.js';

export function App() {
  const [token, setToken] = useState<string | null>(savedToken());
  const [session, setSession] = useState<Session | null>(null);
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  const [theme, setTheme] = useState<Theme>(initialTheme());
  const [, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
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
          {nav('Alerts', { view: 'alerts', state: 'firing' }, route.view === 'alerts')}
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
        {route.view === 'fleet' && <FleetView session={session} route={route} />}
        {route.view === 'host' && <HostView key={`${route.id}|${route.range}|${theme}`} session={session} id={route.id} range={route.range} />}
        {route.view === 'topology' && <TopologyView session={session} />}
        {route.view === 'alerts' && <AlertsView session={session} state={route.state} />}
      </main>
    </div>
  );
}
