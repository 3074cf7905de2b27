/**
 * Who is acting in this browser: the name acknowledgements and silences are recorded under (the
 * API asks who). Kept in localStorage, like the theme: it is not a secret.
 */
const KEY = 'aura.name';

export function savedName(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveName(name: string): void {
  try {
    if (name.trim()) localStorage.setItem(KEY, name.trim());
    else localStorage.removeItem(KEY);
  } catch {
    // storage disabled: the name lasts for this page only
  }
}
