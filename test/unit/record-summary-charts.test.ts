import { describe, expect, it } from 'vitest';
import { RECORD_SCHEMA, type BuildRecord } from '../../src/record/record.js';
import { renderSummary } from '../../src/record/summary.js';
import { colorsChart, timelineChart } from '../../src/record/summary-charts.js';

const deployRecord = (overrides: Partial<BuildRecord> = {}): BuildRecord => ({
  schema: RECORD_SCHEMA,
  id: 'r1',
  kind: 'deploy',
  status: 'succeeded',
  source: 'push',
  started_at: '2026-11-22T19:00:00.000Z',
  finished_at: '2026-11-22T19:00:20.000Z',
  github: {},
  deploy: {
    host: 'ssh://root@127.0.0.1:2222',
    engine_version: '27.5.1',
    app: 'web',
    from: { color: 'blue', digest: 'sha256:' + 'd'.repeat(64) },
    to: { color: 'green', digest: 'sha256:' + 'a'.repeat(64) },
  },
  timings: { soak: 10_000, fingerprint: 120, layers: 800, push: 2_400, pull: 300, health: 900, switch: 150 },
  ...overrides,
});

describe('job summary charts', () => {
  it('draws the phases as a gantt in the order they ran, each starting where the previous ended', () => {
    expect(timelineChart(deployRecord())).toBe(
      [
        'gantt',
        '  title shipshape deploy succeeded, 14.7 s in phases',
        '  dateFormat x',
        '  axisFormat %M:%S',
        '  section build',
        '  fingerprint 120 ms : 0, 120',
        '  layers 800 ms : 120, 920',
        '  push 2.4 s : 920, 3320',
        '  section deploy',
        '  pull 300 ms : 3320, 3620',
        '  health 900 ms : 3620, 4520',
        '  switch 150 ms : 4520, 4670',
        '  soak 10.0 s : 4670, 14670',
      ].join('\n'),
    );
    expect(timelineChart(deployRecord({ timings: {} }))).toBeUndefined();
  });

  it('shows the colors before and after a deploy, the live one filled', () => {
    const chart = colorsChart(deployRecord().deploy)!;
    expect(chart).toContain('before["before: blue dddddddddddd"] -->|switch| after["live: green aaaaaaaaaaaa"]');
    expect(chart).toContain('style after fill:#1a7f37');
    const first = colorsChart({ ...deployRecord().deploy!, from: undefined })!;
    expect(first).toContain('before["before: nothing live"]');
    const reverted = colorsChart({ ...deployRecord().deploy!, to: { color: 'blue', digest: 'sha256:' + 'd'.repeat(64) }, rollback_reason: 'soak failed' })!;
    expect(reverted).toContain('-->|switched back| after["live: blue dddddddddddd"]');
    expect(colorsChart(undefined)).toBeUndefined();
  });

  it('adds both as mermaid fences after the text table, which stays', () => {
    const md = renderSummary(deployRecord(), undefined);
    const table = md.indexOf('| Duration |');
    const gantt = md.indexOf('```mermaid\ngantt');
    const flow = md.indexOf('```mermaid\nflowchart LR');
    expect(table).toBeGreaterThan(0);
    expect(gantt).toBeGreaterThan(table);
    expect(flow).toBeGreaterThan(gantt);
    const build = renderSummary(deployRecord({ kind: 'build', deploy: undefined, timings: { fingerprint: 5 } }), undefined);
    expect(build).toContain('```mermaid\ngantt');
    expect(build).not.toContain('flowchart');
  });
});
