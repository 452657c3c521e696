import { expandUrlTemplate } from './http-provider';

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
