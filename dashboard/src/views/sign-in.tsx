/** Sign-in with the API token: checked against the API before it is kept (in sessionStorage only). */
import { useState } from 'hono/jsx/dom';
import { ApiError, createApi } from '../api/client.js';

export function SignIn(props: { notice: string | null; onSignedIn: (token: string) => void }) {
  const [error, setError] = useState<string | null>(props.notice);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
    const token = input.value.trim();
    if (!token) return setError('Enter the API token (aura serve prints it on first start, or set AURA_API_TOKEN).');
    setBusy(true);
    performance.mark('aura:sign-in');
    try {
      await createApi(token).get('/api/v1/hosts');
      props.onSignedIn(token);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'That token was refused: check it and try again.' : `Could not reach the server: ${(err as Error).message}`);
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <form onSubmit={submit} aria-describedby="sign-in-help">
        <h1>AURA</h1>
        <p id="sign-in-help">Sign in with an API token. It is kept only for this browser tab.</p>
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required autofocus />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
