import { isIPv4, isIPv6 } from 'node:net';

/**
 * What kind of address an IP is, for the SSRF guard. Only `public` may be reached without an explicit
 * allowance. The tables follow the IANA special-purpose registries (RFC 6890 and its updates); IPv6 is
 * public only inside global unicast 2000::/3, so an unassigned or future special range is refused by default.
 */
export type AddressCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'documentation'
  | 'reserved'
  | 'invalid';

interface Ipv4Range {
  base: number;
  bits: number;
  category: AddressCategory;
}

const ipv4 = (dotted: string, bits: number, category: AddressCategory): Ipv4Range => ({
  base: ipv4ToNumber(dotted) ?? 0,
  bits,
  category,
});

// First match wins, so the narrower ranges come before the ranges that contain them.
const IPV4_RANGES: readonly Ipv4Range[] = [
  ipv4('169.254.169.254', 32, 'metadata'),
  ipv4('255.255.255.255', 32, 'broadcast'),
  ipv4('0.0.0.0', 8, 'unspecified'),
  ipv4('10.0.0.0', 8, 'private'),
  ipv4('100.64.0.0', 10, 'cgnat'),
  ipv4('127.0.0.0', 8, 'loopback'),
  ipv4('169.254.0.0', 16, 'link-local'),
  ipv4('172.16.0.0', 12, 'private'),
  ipv4('192.0.0.0', 24, 'reserved'),
  ipv4('192.0.2.0', 24, 'documentation'),
  ipv4('192.88.99.0', 24, 'reserved'),
  ipv4('192.168.0.0', 16, 'private'),
  ipv4('198.18.0.0', 15, 'reserved'),
  ipv4('198.51.100.0', 24, 'documentation'),
  ipv4('203.0.113.0', 24, 'documentation'),
  ipv4('224.0.0.0', 4, 'multicast'),
  ipv4('240.0.0.0', 4, 'reserved'),
];

/** Classifies an IPv4 or IPv6 address (no brackets; an IPv6 zone such as `%eth0` is ignored). Pure. */
export function classifyAddress(ip: string): AddressCategory {
  const address = ip.trim();
  if (isIPv4(address)) return classifyIpv4(ipv4ToNumber(address) ?? 0);
  const withoutZone = address.split('%')[0] ?? '';
  if (isIPv6(withoutZone)) return classifyIpv6(withoutZone);
  return 'invalid';
}

export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip) === 'public';
}

function classifyIpv4(value: number): AddressCategory {
  for (const range of IPV4_RANGES) {
    const mask = range.bits === 0 ? 0 : (0xffffffff << (32 - range.bits)) >>> 0;
    if ((value & mask) >>> 0 === range.base) return range.category;
  }
  return 'public';
}

function ipv4ToNumber(dotted: string): number | undefined {
  const parts = dotted.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) {
    return undefined;
  }
  return parts.reduce((value, part) => value * 256 + part, 0);
}

function classifyIpv6(address: string): AddressCategory {
  const words = ipv6ToWords(address);
  if (!words) return 'invalid';
  const word = (index: number): number => words[index] ?? 0;
  const zeroUpTo = (end: number): boolean => words.slice(0, end).every((w) => w === 0);
  const embeddedIpv4 = (high: number, low: number): number => ((word(high) << 16) >>> 0) + word(low);

  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && word(7) === 1) return 'loopback';
  // ::ffff:a.b.c.d reaches the IPv4 host a.b.c.d, so it is whatever that address is.
  if (zeroUpTo(5) && word(5) === 0xffff) return classifyIpv4(embeddedIpv4(6, 7));
  // Deprecated IPv4-compatible ::a.b.c.d and the rest of ::/8.
  if (word(0) === 0) return 'reserved';
  // NAT64 well-known prefix 64:ff9b::/96 translates to the embedded IPv4 address.
  if (word(0) === 0x64 && word(1) === 0xff9b && words.slice(2, 6).every((w) => w === 0)) {
    return classifyIpv4(embeddedIpv4(6, 7));
  }
  // AWS's IPv6 instance metadata endpoint fd00:ec2::254.
  if (
    word(0) === 0xfd00 &&
    word(1) === 0x0ec2 &&
    words.slice(2, 7).every((w) => w === 0) &&
    word(7) === 0x254
  ) {
    return 'metadata';
  }
  if ((word(0) & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((word(0) & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((word(0) & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  if (word(0) === 0x2001 && word(1) === 0x0db8) return 'documentation'; // 2001:db8::/32
  if (word(0) === 0x3fff && (word(1) & 0xf000) === 0) return 'documentation'; // 3fff::/20
  // 6to4 2002::/16 tunnels to the embedded IPv4 address.
  if (word(0) === 0x2002) return classifyIpv4(embeddedIpv4(1, 2));
  // 2001::/23 holds IETF protocol assignments (Teredo, ORCHID, benchmarking ...): not a plain host.
  if (word(0) === 0x2001 && word(1) < 0x0200) return 'reserved';
  if ((word(0) & 0xe000) === 0x2000) return 'public'; // 2000::/3 global unicast
  return 'reserved';
}

/** Expands an IPv6 address (already checked by `isIPv6`) into its eight 16-bit words. */
function ipv6ToWords(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4ToNumber(tail);
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((w) => parseInt(w, 16)));
  const headWords = parse(head);
  if (rest === undefined) return headWords.length === 8 ? headWords : undefined;
  const restWords = parse(rest);
  const missing = 8 - headWords.length - restWords.length;
  if (missing < 1) return undefined;
  return [...headWords, ...new Array<number>(missing).fill(0), ...restWords];
}
