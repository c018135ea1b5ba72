import { X509Certificate } from 'node:crypto';
import type { Docker } from '../../engine/docker.js';
import { ProxyError } from '../../core/edge-errors.js';
import { CONFIG_DIR, type ProxyControl } from '../../haproxy.js';
import { certificateInfo, checkCertificate, pemBlocks, type CertificateInfo, type CertificatePair } from '../../../settings/certificate.js';
import { CRT_LIST } from './config.js';
import { selfSignedCertificate } from './default-cert.js';

export type { CertificateInfo, CertificatePair } from '../../../settings/certificate.js';

/** The host proxy as the certificate functions reach it: its container through the engine and its runtime API. */
export interface HostProxyContext {
  docker: Docker;
  control: ProxyControl;
  now?: () => Date;
}

const CERT_FILE_DEFAULT = 'tls-default.pem';
export const certFile = (app: string) => `tls-app-${app}.pem`;
const certPath = (file: string) => `${CONFIG_DIR}/${file}`;
export const DEFAULT_CERT_PATH = certPath(CERT_FILE_DEFAULT);

/** HAProxy shows a no-SNI client the first certificate of the crt-list: the default one stays first. */
export function crtListText(appFiles: string[]): string {
  return `${[DEFAULT_CERT_PATH, ...[...new Set(appFiles)].filter((f) => f !== DEFAULT_CERT_PATH).sort()].join('\n')}\n`;
}

const crtListFiles = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((f) => f !== '' && !f.startsWith('#') && f !== DEFAULT_CERT_PATH);

/** The uid/gid HAProxy runs as in its container, so a 0600 file is still readable by it. */
async function proxyUser(ctx: HostProxyContext): Promise<{ uid: number; gid: number }> {
  const r = await ctx.docker.exec(ctx.control.container, ['bash', '-c', 'echo "$UID ${GROUPS[0]}"'], 10_000);
  const [uid, gid] = r.stdout.trim().split(/\s+/).map(Number);
  if (r.exitCode !== 0 || !Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new ProxyError(`could not learn the user ${ctx.control.container} runs as (exit ${r.exitCode})`);
  }
  return { uid: uid!, gid: gid! };
}

async function putSecret(ctx: HostProxyContext, file: string, text: string): Promise<void> {
  await ctx.docker.putFile(ctx.control.container, CONFIG_DIR, file, text, { mode: 0o600, ...(await proxyUser(ctx)) });
}

/**
 * The files a new host proxy needs before its first start: a self-signed default certificate (for
 * clients without SNI; routing is by Host anyway) and the crt-list naming it. Returns them; the
 * caller writes them with the config.
 */
export function initialCertificateFiles(): { file: string; content: string; mode: number }[] {
  const d = selfSignedCertificate('shipshape default certificate');
  return [
    { file: CERT_FILE_DEFAULT, content: `${d.certPem}${d.keyPem}`, mode: 0o644 },
    { file: CRT_LIST.slice(CONFIG_DIR.length + 1), content: crtListText([]), mode: 0o644 },
  ];
}

/** Writes the default certificate and crt-list into a created, not yet started host proxy (owned by its user). */
export async function writeInitialCertificates(docker: Docker, container: string, user: { uid: number; gid: number }): Promise<void> {
  for (const f of initialCertificateFiles()) await docker.putFile(container, CONFIG_DIR, f.file, f.content, { mode: f.mode, ...user });
}

function expectAnswer(command: string, answer: string, ok: RegExp): void {
  if (!ok.test(answer)) throw new ProxyError(`HAProxy runtime API "${command}" did not succeed: ${answer.split('\n').slice(0, 3).join(' ').slice(0, 300)}`);
}

/**
 * Stores the app's certificate and key on the host (in the host proxy's state, mode 0600, owned by
 * HAProxy's user; never in the record or the log) and loads it into the running proxy through its
 * runtime API without a reload: a new certificate is `new ssl cert` + `set ssl cert` + `commit ssl
 * cert` + `add ssl crt-list`, a renewed one `set` + `commit`. SNI picks it by its names; the crt-list
 * file is rewritten too, so a restart or reload loads the same. Call under the host-wide lock.
 */
export async function installCertificate(ctx: HostProxyContext, app: string, pair: CertificatePair): Promise<CertificateInfo> {
  const checked = checkCertificate(pair, [], ctx.now?.() ?? new Date());
  await loadCertificate(ctx, app, checked.pem);
  return { names: checked.names, notAfter: checked.notAfter };
}

/** Stores `pem` (chain then key) as the app's certificate and loads it into the running proxy (installCertificate, unchecked). */
async function loadCertificate(ctx: HostProxyContext, app: string, pem: string): Promise<void> {
  const file = certFile(app);
  const path = certPath(file);
  await putSecret(ctx, file, pem);
  const loaded = (await ctx.control.runtime('show ssl cert')).split('\n').some((l) => l.trim() === path);
  if (!loaded) expectAnswer('new ssl cert', await ctx.control.runtime(`new ssl cert ${path}`), /New empty certificate store/i);
  expectAnswer('set ssl cert', await ctx.control.runtimePayload(`set ssl cert ${path}`, path), /Transaction (created|updated)/i);
  const commit = await ctx.control.runtime(`commit ssl cert ${path}`);
  if (!/Success!/.test(commit)) {
    await ctx.control.runtime(`abort ssl cert ${path}`).catch(() => undefined);
    expectAnswer('commit ssl cert', commit, /Success!/);
  }
  const list = await ctx.control.runtime(`show ssl crt-list ${CRT_LIST}`);
  if (!list.split('\n').some((l) => l.trim().split(/\s+/)[0] === path)) {
    expectAnswer('add ssl crt-list', await ctx.control.runtime(`add ssl crt-list ${CRT_LIST} ${path}`), /Success!/);
  }
  await writeCrtList(ctx, (files) => [...files, path]);
}

const backupFile = (app: string) => `${certFile(app)}.previous`;

/**
 * Before a deploy changes the app's certificate: keeps the one it has (0600 beside it, never in the
 * journal or the log), so an undo can load it again. Returns whether there was one.
 */
export async function keepCertificate(ctx: HostProxyContext, app: string): Promise<'file' | 'none'> {
  const text = await ctx.docker.getFile(ctx.control.container, certPath(certFile(app)));
  if (!text || !text.includes('PRIVATE KEY')) return 'none';
  await putSecret(ctx, backupFile(app), text);
  return 'file';
}

/** The undo of a certificate change: the kept certificate loaded again ('file'), or the app's removed ('none'). */
export async function restoreCertificate(ctx: HostProxyContext, app: string, had: 'file' | 'none'): Promise<void> {
  if (had === 'none') return removeCertificate(ctx, app);
  const text = await ctx.docker.getFile(ctx.control.container, certPath(backupFile(app)));
  if (!text) throw new ProxyError(`the certificate of ${app} kept before the deploy (${backupFile(app)}) is gone; deploy again to install one`);
  await loadCertificate(ctx, app, text);
}

/** Forgets the kept certificate once the deploy is settled. */
export async function dropKeptCertificate(ctx: HostProxyContext, app: string): Promise<void> {
  await emptyFile(ctx, certPath(backupFile(app)));
}

async function emptyFile(ctx: HostProxyContext, path: string): Promise<void> {
  if ((await ctx.docker.getFile(ctx.control.container, path)) === undefined) return;
  // The stand-in image has no rm: an emptied file keeps no key and is named by no crt-list line.
  await ctx.docker.exec(ctx.control.container, ['bash', '-c', 'rm -f -- "$1" 2>/dev/null || : >"$1"', 'rm', path], 10_000);
}

/** Unloads the app's certificate (crt-list entry, then the certificate) and empties its file on the host. */
export async function removeCertificate(ctx: HostProxyContext, app: string): Promise<void> {
  const file = certFile(app);
  const path = certPath(file);
  const list = await ctx.control.runtime(`show ssl crt-list ${CRT_LIST}`);
  if (list.split('\n').some((l) => l.trim().split(/\s+/)[0] === path)) {
    expectAnswer('del ssl crt-list', await ctx.control.runtime(`del ssl crt-list ${CRT_LIST} ${path}`), /deleted|Success/i);
  }
  if ((await ctx.control.runtime('show ssl cert')).split('\n').some((l) => l.trim() === path)) {
    expectAnswer('del ssl cert', await ctx.control.runtime(`del ssl cert ${path}`), /deleted|Success/i);
  }
  await writeCrtList(ctx, (files) => files.filter((f) => f !== path));
  await emptyFile(ctx, path);
}

/** Names and expiry of the app's stored certificate; undefined when it has none. */
export async function readCertificate(ctx: HostProxyContext, app: string): Promise<CertificateInfo | undefined> {
  const text = await ctx.docker.getFile(ctx.control.container, certPath(certFile(app)));
  const first = pemBlocks(text ?? '').find((b) => b.label === 'CERTIFICATE');
  return first ? certificateInfo(new X509Certificate(first.pem)) : undefined;
}

async function writeCrtList(ctx: HostProxyContext, change: (files: string[]) => string[]): Promise<void> {
  const current = crtListFiles(await ctx.docker.getFile(ctx.control.container, CRT_LIST));
  await ctx.docker.putFile(ctx.control.container, CONFIG_DIR, CRT_LIST.slice(CONFIG_DIR.length + 1), crtListText(change(current)));
}
