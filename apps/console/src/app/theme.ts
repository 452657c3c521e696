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

/** Mantine's "dimmed" text (gray 6) is below AA contrast on white: captions and headings use gray 7. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
