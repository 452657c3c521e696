import { isIP } from 'node:net';
import { classifyAddress } from './address-classification';
import type { OutboundProblem } from './errors';

/**
 * Where outbound calls may go. Comes in as configuration; the production default allows no private host.
 *
 * - `allowPrivateHosts`: `host:port` entries (`127.0.0.1:8080`, `[::1]:9000`, `hooks.internal:443`) that may
 *   be reached even though they are (or resolve to) non-public addresses. The host is matched as written in
 *   the URL, so allowing `127.0.0.1:8080` does not allow `localhost:8080`.
 * - `allowedHosts`: when non-empty, only these hosts may be called (`api.example.com`, or `*.example.com` for
 *   any subdomain); entries of `allowPrivateHosts` are always allowed.
 * - `allowedPorts`: ports allowed for hosts that are not in `allowPrivateHosts` (default 80, 443, 8080, 8443).
 */
export interface OutboundPolicy {
  allowPrivateHosts: readonly string[];
  allowedHosts?: readonly string[];
  allowedPorts?: readonly number[];
}

export const DEFAULT_OUTBOUND_POLICY: OutboundPolicy = { allowPrivateHosts: [] };

/**
 * The policy of every outbound call a deployment makes (webhooks, HTTP enrichment sources), from its
 * configuration: the production default with the private `host:port` entries of OUTBOUND_ALLOW_PRIVATE_HOSTS
 * allowed. Built here once, so that webhooks and enrichment cannot disagree on what they may reach. Pure.
 */
export function outboundPolicyFromConfig(config: {
  readonly OUTBOUND_ALLOW_PRIVATE_HOSTS: readonly string[];
}): OutboundPolicy {
  return { ...DEFAULT_OUTBOUND_POLICY, allowPrivateHosts: [...config.OUTBOUND_ALLOW_PRIVATE_HOSTS] };
}
export const DEFAULT_ALLOWED_PORTS: readonly number[] = [80, 443, 8080, 8443];

/** `example.com`, `127.0.0.1`, `::1`: the URL's hostname lower-cased and without IPv6 brackets. */
export function urlHost(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

export function urlPort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function normalizeHostPort(entry: string): string {
  const trimmed = entry.trim().toLowerCase();
  const separator = trimmed.lastIndexOf(':');
  if (separator < 0) return trimmed;
  const host = trimmed.slice(0, separator).replace(/^\[(.*)\]$/, '$1');
  return `${host}:${trimmed.slice(separator + 1)}`;
}

/** Whether `host:port` (host as in the URL) is one of the policy's explicit private allowances. */
export function isPrivateHostAllowed(host: string, port: number, policy: OutboundPolicy): boolean {
  const wanted = `${host.toLowerCase()}:${port}`;
  return policy.allowPrivateHosts.some((entry) => normalizeHostPort(entry) === wanted);
}

function hostMatches(host: string, pattern: string): boolean {
  const wanted = pattern.trim().toLowerCase();
  if (wanted.startsWith('*.')) return host.endsWith(wanted.slice(1));
  return host === wanted;
}

/**
 * Everything wrong with a URL as a destination, before any DNS lookup: scheme, credentials, port, host
 * allowlist, and IP literals that are not public. An empty list means "may be tried"; the addresses a name
 * resolves to are checked again when connecting (`guardedFetch`), which is what stops DNS rebinding. Pure.
 */
export function checkOutboundUrl(url: string | URL, policy: OutboundPolicy): OutboundProblem[] {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return [{ code: 'invalid_url', message: 'not a valid absolute URL' }];
  }
  const problems: OutboundProblem[] = [];
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    problems.push({
      code: 'scheme',
      message: `scheme ${parsed.protocol} is not allowed (http or https only)`,
    });
    return problems;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    problems.push({ code: 'credentials', message: 'credentials in the URL are not allowed' });
  }
  const host = urlHost(parsed);
  const port = urlPort(parsed);
  if (isPrivateHostAllowed(host, port, policy)) return problems;

  const allowedPorts = policy.allowedPorts ?? DEFAULT_ALLOWED_PORTS;
  if (!allowedPorts.includes(port)) {
    problems.push({ code: 'port', message: `port ${port} is not allowed (${allowedPorts.join(', ')})` });
  }
  const allowedHosts = policy.allowedHosts ?? [];
  if (allowedHosts.length > 0 && !allowedHosts.some((pattern) => hostMatches(host, pattern))) {
    problems.push({ code: 'host_not_allowed', message: `host ${host} is not in the allowed hosts` });
  }
  if (isIP(host) !== 0) {
    const category = classifyAddress(host);
    if (category !== 'public') {
      problems.push({ code: 'private_address', message: `address ${host} is ${category}, not public` });
    }
  }
  return problems;
}
