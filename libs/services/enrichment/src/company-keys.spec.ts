import { companyDomain, domainCandidates, emailDomain, normalizeCompanyName } from './company-keys';

describe('company keys', () => {
  it.each<[string, string]>([
    ['Acme', 'acme'],
    ['ACME Inc.', 'acme'],
    ['Acme, Inc', 'acme'],
    ['Acme Incorporated', 'acme'],
    ['Acme Ltd', 'acme'],
    ['Acme Limited', 'acme'],
    ['Acme GmbH', 'acme'],
    ['Acme GmbH & Co. KG', 'acme'],
    ['Acme S.A.', 'acme'],
    ['Acme B.V.', 'acme'],
    ['Acme LLC', 'acme'],
    ['Acme Corp.', 'acme'],
    ['The Acme Company', 'acme'],
    ['  Blue   Fjord  Analytics  ', 'blue fjord analytics'],
    ['Blue-Fjord Analytics', 'blue fjord analytics'],
    ['Müller Systems AG', 'muller systems'],
    ['Smith & Sons Ltd', 'smith and sons'],
    ["O'Reilly Media", 'oreilly media'],
    ['Inc', 'inc'],
    ['', ''],
  ])('normalizes %j to %j', (name, key) => {
    expect(normalizeCompanyName(name)).toBe(key);
  });

  it('takes the domain of an email, lower-cased', () => {
    expect(emailDomain('Jane.Doe@Acme.Example')).toBe('acme.example');
    expect(emailDomain('jane@acme.example.')).toBe('acme.example');
    expect(emailDomain('no-at-sign')).toBeNull();
    expect(emailDomain('@acme.example')).toBeNull();
    expect(emailDomain('jane@localhost')).toBeNull();
    expect(emailDomain(undefined)).toBeNull();
  });

  it('never uses a free-mail domain as a company domain', () => {
    expect(companyDomain('jane@gmail.com')).toBeNull();
    expect(companyDomain('jane@GMAIL.com')).toBeNull();
    expect(companyDomain('jane@outlook.com')).toBeNull();
    expect(companyDomain('jane@acme.example')).toBe('acme.example');
  });

  it('lists a domain and its parents down to two labels', () => {
    expect(domainCandidates('mail.eu.acme.example')).toEqual([
      'mail.eu.acme.example',
      'eu.acme.example',
      'acme.example',
    ]);
    expect(domainCandidates('acme.example')).toEqual(['acme.example']);
  });
});
