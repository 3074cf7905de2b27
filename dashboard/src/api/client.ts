/** REST calls with the API token in the Authorization header (never in a URL). */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** Fetch a file and hand it to the browser as a download. */
  download(path: string, filename: string): Promise<void>;
}

async function fail(res: Response, path: string): Promise<never> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    if (body.error?.message) message = body.error.message;
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiError(res.status, message, path);
}

/**
 * @example const api = createApi(token); const { hosts } = await api.get<HostsResponse>('/api/v1/hosts');
 */
export function createApi(token: string, onUnauthorized: () => void = () => undefined): Api {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 401) onUnauthorized();
    if (!res.ok) await fail(res, path);
    return res;
  };
  return {
    async get<T>(path: string) {
      return (await (await call('GET', path)).json()) as T;
    },
    async send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown) {
      const res = await call(method, path, body);
      const text = await res.text();
      return (text ? JSON.parse(text) : {}) as T;
    },
    async download(path, filename) {
      const blob = await (await call('GET', path)).blob();
      saveBlob(blob, filename);
    },
  };
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
