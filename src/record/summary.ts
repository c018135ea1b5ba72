import type { BuildRecord } from './schema.js';
import { summaryCharts } from './summary-charts.js';

export interface SummaryArtifact {
  name: string;
  url?: string;
}

const PHASES = ['fingerprint', 'resolve_base', 'layers', 'push', 'pull', 'health', 'switch', 'soak'];

/** One table-cell line: no row breaks, no column breaks. */
function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** Table cell text: no row or column breaks, no HTML, and no markdown (a peer's `![x](…)` or `[link](…)` stays text). */
function cell(text: string): string {
  return oneLine(noHtml(text).replace(/[\\`[\]()!]/g, (c) => `\\${c}`));
}

function noHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A code span: what a peer said (an error, an app's answer) shows as code, never as markup. */
function code(text: string): string {
  return '`' + oneLine(noHtml(text)).replace(/`/g, "'") + '`';
}

function shortDigest(digest: string): string {
  return digest.startsWith('sha256:') ? digest.slice(0, 19) : digest;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function totalMs(record: BuildRecord): number | undefined {
  if (!record.finished_at) return undefined;
  return Date.parse(record.finished_at) - Date.parse(record.started_at);
}

function fence(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(Math.max(3, longestRun + 1));
  return `${marks}text\n${text}\n${marks}`;
}

const DAY_MS = 86_400_000;

/** Hosts and prefix, TLS mode, and the certificate's expiry (a warning under 14 days). */
function routeCell(r: NonNullable<NonNullable<BuildRecord['deploy']>['route']>, at: string): string {
  const parts = [`${r.hosts.map((h) => code(`${h}${r.path_prefix ?? ''}`)).join(' ')} · TLS ${cell(r.tls)}`];
  if (r.certificate) {
    const days = Math.floor((Date.parse(r.certificate.not_after) - Date.parse(at)) / DAY_MS);
    parts.push(`certificate for ${r.certificate.names.map(cell).join(', ')} until ${cell(r.certificate.not_after)}${days < 14 ? ` ⚠️ ${days} days left` : ''}`);
  }
  return parts.join('<br>');
}

/** The job summary as GitHub-flavoured markdown. */
export function renderSummary(record: BuildRecord, artifact: SummaryArtifact | undefined): string {
  const rows: [string, string][] = [];
  const build = record.build;
  if (build?.image) rows.push(['Image', code(build.image)]);
  if (build?.index_digest) rows.push(['Digest', code(build.index_digest)]);
  if (build?.manifests && Object.keys(build.manifests).length > 0) {
    const platforms = Object.entries(build.manifests).map(([platform, digest]) => `${cell(platform)} ${code(shortDigest(digest))}`);
    rows.push(['Platforms', platforms.join('<br>')]);
  }
  if (build?.fingerprint) rows.push(['Fingerprint', code(build.fingerprint)]);
  if (build?.cache_hit !== undefined) rows.push(['Cache hit', build.cache_hit ? 'yes (build and push skipped)' : 'no']);
  if (build?.push) {
    const { pushed, mounted, skipped, bytes_sent } = build.push;
    rows.push(['Bytes pushed', `${formatBytes(bytes_sent)} (${pushed} blobs pushed, ${mounted} mounted, ${skipped} already there)`]);
  }
  if (build?.tags && build.tags.length > 0) rows.push(['Tags', build.tags.map(code).join('<br>')]);
  const att = build?.attestations;
  if (att?.sbom) {
    const lines = Object.entries(att.sbom).map(([platform, e]) => `${cell(platform)}: ${e.packages ?? '?'} packages ${code(shortDigest(e.digest))}`);
    rows.push(['SBOM (SPDX 2.3)', `${lines.join('<br>')}<br>${cell(att.mode)}`]);
  }
  if (att?.provenance) rows.push(['Provenance (SLSA v1)', `${code(att.provenance.digest)} · ${cell(att.mode)}`]);
  const deploy = record.deploy;
  if (deploy && record.kind === 'renew') {
    rows.push(['Host', code(deploy.host)]);
    if (!record.certificates?.length) rows.push(['Certificates', 'none (no app on this host has tls: acme)']);
  } else if (deploy) {
    const side = (end?: { color: string; digest: string }) => (end ? `${end.color} ${code(shortDigest(end.digest))}` : '(none)');
    rows.push(['Deploy', `${side(deploy.from)} → ${side(deploy.to)} — app ${code(deploy.app)} on ${code(deploy.host)}`]);
    if (deploy.rollback_reason) rows.push(['Rolled back', code(deploy.rollback_reason)]);
    if (deploy.route) rows.push(['Route', routeCell(deploy.route, record.finished_at ?? record.started_at)]);
    if (deploy.removed) rows.push(['Removed', deploy.removed.length > 0 ? deploy.removed.map(code).join('<br>') : 'nothing (not on this host)']);
  }
  for (const c of record.certificates ?? []) {
    const expiry = c.not_after ? `expires ${cell(c.not_after)} (${c.days_left} days left)` : 'none stored';
    rows.push([`Certificate ${code(c.app)}`, `${c.names.map(code).join(', ')} — ${c.action}, ${expiry}${c.warning ? `<br>⚠️ ${cell(c.warning)}` : ''}${c.error ? `<br>${cell(c.error)}` : ''}`]);
  }
  const phases = [...PHASES.filter((p) => p in record.timings), ...Object.keys(record.timings).filter((p) => !PHASES.includes(p))];
  if (phases.length > 0) {
    rows.push(['Duration', phases.map((p) => `${cell(p)} ${formatDuration(record.timings[p]!)}`).join(' · ')]);
  }
  const total = totalMs(record);
  if (total !== undefined && Number.isFinite(total)) rows.push(['Total', formatDuration(total)]);
  if (artifact) {
    const label = `${cell(artifact.name)}`;
    rows.push(['Record', artifact.url ? `[${label}](${artifact.url})` : `${label} (not uploaded)`]);
  }

  const lines = [`## shipshape ${record.kind} ${record.status}`, '', `Record \`${record.id}\` · source ${cell(record.source)}`, ''];
  lines.push('| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`), '');
  lines.push(...summaryCharts(record));
  if (record.status === 'failed' || record.status === 'canceled') {
    if (record.error) lines.push('**Error**', '', fence(record.error), '');
  }
  return lines.join('\n');
}
