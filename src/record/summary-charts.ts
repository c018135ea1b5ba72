import type { BuildRecord, DeploySection } from './schema.js';

// Mermaid blocks for the job summary (GitHub renders ```mermaid fences there): where the time went and
// what is live, at a glance. The text table above them stays for screen readers and the record.

const BUILD_PHASES = ['fingerprint', 'resolve_base', 'layers', 'push'];
const DEPLOY_PHASES = ['pull', 'health', 'switch', 'soak'];

const COLOR_FILL: Record<string, string> = { blue: '#0969da', green: '#1a7f37' };

/** Mermaid label text: no quotes, brackets or line breaks that would end the label or the statement. */
function label(text: string): string {
  return text.replace(/["\n\r;#:[\]{}()<>`]/g, ' ').replace(/\s+/g, ' ').trim();
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A gantt of the phases in the order they ran (each starts where the previous ended: the steps are
 * sequential), build phases and deploy phases in their own sections. Undefined without timings.
 */
export function timelineChart(record: BuildRecord): string | undefined {
  const known = [...BUILD_PHASES, ...DEPLOY_PHASES];
  const others = Object.keys(record.timings).filter((p) => !known.includes(p));
  const sections: [string, string[]][] = [
    ['build', [...BUILD_PHASES, ...others].filter((p) => record.timings[p])],
    ['deploy', DEPLOY_PHASES.filter((p) => record.timings[p])],
  ];
  if (sections.every(([, phases]) => phases.length === 0)) return undefined;
  const total = Object.values(record.timings).reduce((sum: number, ms) => sum + (ms ?? 0), 0);
  const lines = ['gantt', `  title shipshape ${record.kind} ${record.status}, ${seconds(total)} in phases`, '  dateFormat x', '  axisFormat %M:%S'];
  let at = 0;
  for (const [name, phases] of sections) {
    if (phases.length === 0) continue;
    lines.push(`  section ${name}`);
    for (const phase of phases) {
      const ms = Math.max(1, Math.round(record.timings[phase]!));
      lines.push(`  ${label(phase)} ${seconds(ms)} : ${at}, ${at + ms}`);
      at += ms;
    }
  }
  return lines.join('\n');
}

/** The colors before and after a deploy, the live one filled in its color. Undefined without a deploy target. */
export function colorsChart(deploy: DeploySection | undefined): string | undefined {
  if (!deploy?.to) return undefined;
  const node = (end: { color: string; digest: string } | undefined) =>
    end ? `${label(end.color)} ${label(end.digest.replace(/^sha256:/, '').slice(0, 12))}` : 'nothing live';
  const lines = [
    'flowchart LR',
    `  before["before: ${node(deploy.from)}"] -->|${deploy.rollback_reason ? 'switched back' : 'switch'}| after["live: ${node(deploy.to)}"]`,
  ];
  const fill = COLOR_FILL[deploy.to.color];
  if (fill) lines.push(`  style after fill:${fill},color:#ffffff`);
  const before = deploy.from && COLOR_FILL[deploy.from.color];
  if (before) lines.push(`  style before stroke:${before},stroke-dasharray: 4 4`);
  return lines.join('\n');
}

/** Both charts as markdown fences (empty when neither applies). */
export function summaryCharts(record: BuildRecord): string[] {
  return [timelineChart(record), colorsChart(record.deploy)].filter((c): c is string => !!c).flatMap((c) => ['```mermaid', c, '```', '']);
}
