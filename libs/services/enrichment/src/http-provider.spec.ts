import { expandUrlTemplate, retryDelay } from './http-provider';

describe('expandUrlTemplate', () => {
  const template = 'https://api.example.com/find?domain={domain}';

  it('fills placeholders URL-encoded', () => {
    expect(expandUrlTemplate(template, { email: 'Ann@BlueFjord.example' })).toBe(
      'https://api.example.com/find?domain=bluefjord.example',
    );
    expect(
      expandUrlTemplate('https://api.example.com/c?name={company}&email={email}', {
        company: 'Smith & Sons',
        email: 'a+b@x.example',
      }),
    ).toBe('https://api.example.com/c?name=Smith%20%26%20Sons&email=a%2Bb%40x.example');
  });

  it('gives null when the lead lacks a value, or only has a free-mail domain', () => {
    expect(expandUrlTemplate(template, {})).toBeNull();
    expect(expandUrlTemplate(template, { email: 'ann@gmail.com', company: 'Blue Fjord' })).toBeNull();
    expect(expandUrlTemplate('https://api.example.com/c?name={company}', { company: '  ' })).toBeNull();
  });

  it('leaves a template without placeholders as it is', () => {
    expect(expandUrlTemplate('https://api.example.com/static', {})).toBe('https://api.example.com/static');
  });
});

describe('retryDelay', () => {
  const policy = { retries: 3, backoffMs: 250, maxBackoffMs: 5000 };

  it('doubles the wait from backoffMs for each retry, then gives up after the last one', () => {
    expect([0, 1, 2, 3].map((attempt) => retryDelay(attempt, policy))).toEqual([250, 500, 1000, null]);
  });

  it('never waits longer than maxBackoffMs', () => {
    const many = { retries: 10, backoffMs: 1000, maxBackoffMs: 5000 };
    expect([2, 3, 9].map((attempt) => retryDelay(attempt, many))).toEqual([4000, 5000, 5000]);
  });

  it('does not retry at all with retries: 0', () => {
    expect(retryDelay(0, { ...policy, retries: 0 })).toBeNull();
  });
});
