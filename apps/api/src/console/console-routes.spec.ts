import { isClientRoute, routeOf } from './console-routes';

describe('console routes', () => {
  it.each([
    ['/admin', 'redirect'],
    ['/admin/', 'serve'],
    ['/admin/lead_qualification/', 'serve'],
    ['/admin/assets/index-1a2b.js', 'serve'],
    ['/admin/queues', 'pass'],
    ['/admin/queues/', 'pass'],
    ['/admin/queues/api/queues', 'pass'],
    ['/admin/queuesque', 'serve'],
    ['/administrator', 'pass'],
    ['/api/health', 'pass'],
  ])('%s -> %s', (path, route) => {
    expect(routeOf(path)).toBe(route);
  });

  it('tells client routes from file names', () => {
    expect(isClientRoute('/admin/lead_qualification/scoring-rules/12')).toBe(true);
    expect(isClientRoute('/admin/')).toBe(true);
    expect(isClientRoute('/admin/assets/index-1a2b.js')).toBe(false);
    expect(isClientRoute('/admin/favicon.svg')).toBe(false);
  });
});
