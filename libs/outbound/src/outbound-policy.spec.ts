import {
  checkOutboundUrl,
  isPrivateHostAllowed,
  type OutboundPolicy,
  outboundPolicyFromConfig,
} from './outbound-policy';

const production: OutboundPolicy = { allowPrivateHosts: [] };
const codes = (url: string, policy: OutboundPolicy = production): string[] =>
  checkOutboundUrl(url, policy).map((problem) => problem.code);

describe('checkOutboundUrl', () => {
  it.each([
    'https://api.example.com/v1/find?domain=acme.example',
    'http://api.example.com/',
    'https://api.example.com:8443/',
    'https://8.8.8.8/',
    'https://[2606:4700:4700::1111]/',
  ])('accepts %s', (url) => {
    expect(codes(url)).toEqual([]);
  });

  it.each<[string, string[]]>([
    ['not a url', ['invalid_url']],
    ['/relative/path', ['invalid_url']],
    ['ftp://files.example.com/', ['scheme']],
    ['file:///etc/passwd', ['scheme']],
    ['gopher://example.com:70/', ['scheme']],
    ['https://user:secret@api.example.com/', ['credentials']],
    ['https://token@api.example.com/', ['credentials']],
    ['https://api.example.com:22/', ['port']],
    ['http://127.0.0.1/', ['private_address']],
    ['http://169.254.169.254/latest/meta-data/', ['private_address']],
    ['http://[::1]/', ['private_address']],
    ['http://[::ffff:127.0.0.1]/', ['private_address']],
    ['http://[::ffff:169.254.169.254]/', ['private_address']],
    ['http://0.0.0.0/', ['private_address']],
    // The URL parser's other spellings of 127.0.0.1 are normalized before the check.
    ['http://2130706433/', ['private_address']],
    ['http://0x7f.1/', ['private_address']],
    ['http://127.1/', ['private_address']],
    ['http://10.0.0.5:6379/', ['port', 'private_address']],
  ])('refuses %s (%j)', (url, expected) => {
    expect(codes(url)).toEqual(expected);
  });

  it('allows a private host:port only when it is listed, as written in the URL', () => {
    const policy: OutboundPolicy = { allowPrivateHosts: ['127.0.0.1:4010', '[::1]:4011'] };
    expect(codes('http://127.0.0.1:4010/hook', policy)).toEqual([]);
    expect(codes('http://[::1]:4011/hook', policy)).toEqual([]);
    expect(codes('http://127.0.0.1:4012/hook', policy)).toEqual(['port', 'private_address']);
    expect(codes('http://user:pw@127.0.0.1:4010/hook', policy)).toEqual(['credentials']);
    expect(isPrivateHostAllowed('localhost', 4010, policy)).toBe(false);
  });

  it('applies the host allowlist, with *. for subdomains', () => {
    const policy: OutboundPolicy = {
      allowPrivateHosts: [],
      allowedHosts: ['api.example.com', '*.hooks.example'],
    };
    expect(codes('https://api.example.com/', policy)).toEqual([]);
    expect(codes('https://a.hooks.example/', policy)).toEqual([]);
    expect(codes('https://hooks.example/', policy)).toEqual(['host_not_allowed']);
    expect(codes('https://evil.example.net/', policy)).toEqual(['host_not_allowed']);
  });

  it('applies the port policy', () => {
    const policy: OutboundPolicy = { allowPrivateHosts: [], allowedPorts: [443] };
    expect(codes('https://api.example.com/', policy)).toEqual([]);
    expect(codes('http://api.example.com/', policy)).toEqual(['port']);
  });
});

describe('outboundPolicyFromConfig', () => {
  it('allows exactly the configured private host:port entries, and no private host when none is listed', () => {
    const policy = outboundPolicyFromConfig({ OUTBOUND_ALLOW_PRIVATE_HOSTS: ['127.0.0.1:8080'] });
    expect(codes('http://127.0.0.1:8080/hook', policy)).toEqual([]);
    expect(codes('http://127.0.0.1:8081/hook', policy)).toEqual(['port', 'private_address']);
    expect(outboundPolicyFromConfig({ OUTBOUND_ALLOW_PRIVATE_HOSTS: [] })).toEqual(production);
  });
});
