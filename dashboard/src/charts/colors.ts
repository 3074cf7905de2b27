/** Chart colours from the theme's CSS variables, so charts follow dark and light themes. */
export function cssColor(name: string, fallback = '#888'): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** A palette for series without a colour of their own. */
export const PALETTE_VARS = ['--c-1', '--c-2', '--c-3', '--c-4', '--c-5', '--c-6'];
