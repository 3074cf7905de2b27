/** Dark and light themes: the system's preference until the user picks one (kept in localStorage; not a secret). */
export type Theme = 'dark' | 'light';
const KEY = 'aura.theme';

export function initialTheme(): Theme {
  try {
    const t = localStorage.getItem(KEY);
    if (t === 'dark' || t === 'light') return t;
  } catch {
    // storage disabled
  }
  return matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export function applyTheme(t: Theme): void {
  document.documentElement.dataset.theme = t;
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // storage disabled
  }
}
