import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useLayoutEffect, useState } from 'react';

/** The console lives under /admin (vite `base`); routes below are written relative to it. */
export const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

const NAVIGATED = 'leadflow:navigated';

/** The path below /admin, always starting with "/" and ending with "/" (like the API's URLs). */
export function currentPath(): string {
  const path = window.location.pathname.startsWith(BASE)
    ? window.location.pathname.slice(BASE.length)
    : window.location.pathname;
  const withSlash = path.endsWith('/') ? path : `${path}/`;
  return withSlash.startsWith('/') ? withSlash : `/${withSlash}`;
}

/** What the editors with unsaved changes say before the console leaves them (several criteria forms at once). */
const leaveWarnings = new Set<{ warning: string }>();
const leaveWarning = (): string | undefined => leaveWarnings.values().next().value?.warning;

/**
 * While `warning` is set (unsaved changes), leaving asks first: console links and `navigate` with a
 * confirmation, the browser's back and forward buttons likewise (installHistoryGuard), closing or
 * reloading the tab with the browser's own prompt. The one guard every editor uses.
 */
export function useLeaveGuard(warning: string | undefined): void {
  // a layout effect: the guard is up when the edit's render commits, before a back press can come in
  useLayoutEffect(() => {
    if (warning === undefined) return;
    const entry = { warning };
    leaveWarnings.add(entry);
    // preventDefault is what asks the browser to prompt (it shows its own words, not ours)
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      leaveWarnings.delete(entry);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [warning]);
}

/** The position of the history entry on screen; every entry the console makes carries its own in `idx`. */
let shownIndex = 0;
/** Its URL, to return to when an entry without an index (one the console did not make) was popped to. */
let shownUrl = '';
const indexOf = (state: unknown): number =>
  typeof state === 'object' && state !== null && typeof (state as { idx?: unknown }).idx === 'number'
    ? (state as { idx: number }).idx
    : 0;

/**
 * Back and forward under the leave guard. The browser has moved already when `popstate` arrives, so a
 * refusal moves back by the distance the entries' indexes give, and stops the event before the console
 * re-renders (which would unmount the editor and lose the edit): react-router's blocker does the same for
 * a POP. Installed once, before the app renders, so that it runs before useLocation's listener.
 */
export function installHistoryGuard(): void {
  shownIndex = indexOf(window.history.state);
  shownUrl = window.location.href;
  window.history.replaceState({ ...(window.history.state as object | null), idx: shownIndex }, '');
  let returning = false;
  window.addEventListener('popstate', (event) => {
    if (returning) {
      // our own step back to the entry the person stayed on
      returning = false;
      event.stopImmediatePropagation();
      return;
    }
    const target = indexOf(event.state);
    const warning = leaveWarning();
    if (warning !== undefined && !window.confirm(warning)) {
      event.stopImmediatePropagation();
      const distance = shownIndex - target;
      // go(0) would reload the page (and lose the edit): an unindexed entry gets the editor's URL back
      if (distance === 0) window.history.pushState({ idx: shownIndex }, '', shownUrl);
      else {
        returning = true;
        window.history.go(distance);
      }
      return;
    }
    shownIndex = target;
    shownUrl = window.location.href;
  });
}

/** `force` leaves without asking: the editor's own moves after a save or a delete. */
export function navigate(to: string, options: { replace?: boolean; force?: boolean } = {}): void {
  const warning = options.force ? undefined : leaveWarning();
  if (warning !== undefined && !window.confirm(warning)) return;
  const url = `${BASE}${to}`;
  if (options.replace) window.history.replaceState({ idx: shownIndex }, '', url);
  else {
    shownIndex += 1;
    window.history.pushState({ idx: shownIndex }, '', url);
  }
  shownUrl = window.location.href;
  window.dispatchEvent(new Event(NAVIGATED));
  window.scrollTo(0, 0);
}

export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => {
      setTick((tick) => tick + 1);
    };
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, []);
  return { path: currentPath(), search: new URLSearchParams(window.location.search) };
}

/** `pattern` like "/leads/:id/" against `path`; the params when it matches. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return undefined;
  }
  return params;
}

/** An ordinary link (open in new tab works) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={`${BASE}${to}`} onClick={handle} {...rest} />;
}
