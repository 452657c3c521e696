/** The console's mount point; the guide's admin steps start here. */
export const CONSOLE_BASE = '/admin';

/** Paths under /admin that other parts of the API serve (Bull Board), which the console must never answer. */
const FOREIGN_PREFIXES = ['/admin/queues'];

/** What the console should do with a GET for `path`. */
export type ConsoleRoute =
  /** not the console's: let the next handler (or the API's 404) answer */
  | 'pass'
  /** `/admin` without its slash: redirect, so that relative URLs resolve under /admin/ */
  | 'redirect'
  /** a file of the build (asset), or index.html for a client-side route */
  | 'serve';

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

export function routeOf(path: string): ConsoleRoute {
  if (!under(path, CONSOLE_BASE)) return 'pass';
  if (FOREIGN_PREFIXES.some((prefix) => under(path, prefix))) return 'pass';
  return path === CONSOLE_BASE ? 'redirect' : 'serve';
}

/**
 * A deep link (`/admin/leads/12`) gets index.html and the client router takes over; a path that names a
 * file (`/admin/assets/x.js`) and is missing gets a 404, so a stale asset never turns into HTML.
 */
export function isClientRoute(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}
