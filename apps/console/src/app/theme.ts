import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * Mantine's defaults with a blue dark enough for AA contrast on white (axe checks it in the browser tests)
 * and a visible focus ring on every control, keyboard or not.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  focusRing: 'auto',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});

/**
 * Mantine's "dimmed" text (gray 6) and its error text (red 8, at the small sizes of the condition builder)
 * are below AA contrast on white: captions and headings use gray 7, errors red 9.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
