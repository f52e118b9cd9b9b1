import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import { ReportCharts } from './reportCharts';

const DISTROS = [
  'Ubuntu',
  'Debian',
  'RHEL',
  'Alpine',
  'Rocky',
  'SUSE',
  'Amazon',
  'Fedora',
  'Arch',
  'Gentoo',
  'Alma',
  'Mint',
];

function server(i: number): InventoryRecord {
  return {
    id: `id-${i}`,
    kind: 'Server',
    name: `srv-${i}`,
    owner: 'group:default/platform',
    spec: {
      hostname: `host-${i}.example.com`,
      cpu: i % 4 === 0 ? 2 : 20,
      environment: i < 20 ? 'production' : 'staging',
      os: { distro: DISTROS[i % DISTROS.length] },
      ...(i % 2 ? { tags: { team: 'a', cost: 'x' } } : { tags: { team: 'b' } }),
      ...(i < 3 ? { services: [{ name: 'nginx' }, { name: 'node' }] } : {}),
    },
    version: 1,
    active: i !== 0,
    source: 'manual',
    createdAt: i < 10 ? '2026-11-02T10:00:00.000Z' : '2026-11-16T10:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    createdBy: 'user:default/alice',
    updatedBy: 'user:default/alice',
  };
}

describe('automatic report charts', () => {
  const charts = new ReportCharts('Server');
  for (let i = 0; i < 40; i++) charts.add(server(i));
  const byField = new Map(charts.charts().map(c => [c.field, c]));

  it("puts the charts that tell most first: several values before one, the kind's fields before the record's", () => {
    const order = charts.charts().map(c => c.field);
    const rank = (field: string) => order.indexOf(field);
    expect(rank('spec.environment')).toBeLessThan(rank('active'));
    expect(rank('active')).toBeLessThan(rank('owner')); // active has two values, every server has one owner
    expect(byField.get('owner')?.points).toHaveLength(1);
    expect(rank('owner')).toBeGreaterThan(rank('spec.os.distro'));
  });

  it('draws a pie for a field with few values and a bar with the top 10 and "other" for more', () => {
    expect(byField.get('spec.environment')).toEqual({
      field: 'spec.environment',
      type: 'pie',
      points: [
        { label: 'production', count: 20 },
        { label: 'staging', count: 20 },
      ],
      missing: 0,
    });
    const distros = byField.get('spec.os.distro')!;
    expect(distros.type).toBe('bar');
    expect(distros.points).toHaveLength(11);
    expect(distros.points[10]).toEqual({ label: 'other', count: 6 });
    expect(distros.points.reduce((sum, p) => sum + p.count, 0)).toBe(40);
    expect(byField.get('active')).toMatchObject({
      type: 'pie',
      points: [
        { label: 'true', count: 39 },
        { label: 'false', count: 1 },
      ],
    });
  });

  it('counts list values and tag keys per record, and leaves out fields whose values are all different', () => {
    expect(byField.get('spec.services.name')).toMatchObject({
      points: [
        { label: 'nginx', count: 3 },
        { label: 'node', count: 3 },
      ],
      missing: 37,
    });
    expect(byField.get('spec.tags (keys)')).toMatchObject({
      points: [
        { label: 'team', count: 40 },
        { label: 'cost', count: 20 },
      ],
    });
    expect(byField.has('spec.hostname')).toBe(false);
    expect(byField.has('name')).toBe(false);
  });

  it('draws numbers as a histogram and creations per week as a line', () => {
    const cpu = byField.get('spec.cpu')!;
    expect(cpu.type).toBe('histogram');
    expect(cpu.points[0]).toEqual({ label: '2–3.8', count: 10 });
    expect(cpu.points[9]).toEqual({ label: '18.2–20', count: 30 });
    expect(cpu.missing).toBe(0);
    expect(byField.get('createdAt')).toEqual({
      field: 'createdAt',
      type: 'line',
      points: [
        { label: '2026-11-02', count: 10 },
        { label: '2026-11-16', count: 30 },
      ],
      missing: 0,
    });
  });
});
