import { effectiveKeyRole } from './api-key-role';

describe('effectiveKeyRole', () => {
  it("is the lesser of the key's role and its active owner's role", () => {
    expect(effectiveKeyRole('admin', { role: 'viewer', is_active: true })).toBe('viewer');
    expect(effectiveKeyRole('viewer', { role: 'admin', is_active: true })).toBe('viewer');
    expect(effectiveKeyRole('editor', { role: 'admin', is_active: true })).toBe('editor');
    expect(effectiveKeyRole('admin', { role: 'admin', is_active: true })).toBe('admin');
  });

  it('is none for a deactivated or deleted owner', () => {
    expect(effectiveKeyRole('admin', { role: 'admin', is_active: false })).toBeNull();
    expect(effectiveKeyRole('viewer', null)).toBeNull();
  });
});
