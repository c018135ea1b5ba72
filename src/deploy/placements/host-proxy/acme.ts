import * as acme from 'acme-client';
import { AsyncLocalStorage } from 'node:async_hooks';
import * as https from 'node:https';
import { peerBounds, withDeadline } from '../../../bounds.js';
import { now as clockNow } from '../../../clock.js';
import { errorMessage, peerText, type Logger } from '../../../log.js';
import { HostStateError, NamedError } from '../../core/edge-errors.js';
import { hostName } from '../../../settings/route.js';
import { acmeTotalMs, accountKeyFile, datesOf, parseStored, whyNotReusable } from './acme-due.js';
import { ACME_MAP } from './config.js';

// TLS `acme` on the host proxy: HTTP-01, the challenge answered by the proxy itself (its runtime-API
// challenge map, served by the `http-request return` rule of config.ts), the account key and the
// certificate kept on the host. The directory's TLS is verified as any HTTPS peer is (Node's roots plus
// NODE_EXTRA_CA_CERTS); it is never turned off.

/** ACME failed: the CA's own words (its problem detail) or the transport's, with the directory. */
export class AcmeError extends NamedError {}

/** Registry of the host's ACME certificates, so `renew` knows what to renew without a deploy's inputs. */
export const ACME_APPS_FILE = 'acme-apps.json';

/** What ACME needs of the host proxy: its runtime API and files in its state (on the host). */
export interface AcmeHost {
  /** One HAProxy runtime API command; HAProxy's answer. */
  runtime(command: string): Promise<string>;
  /** A file of the proxy's state, undefined when absent. */
  readFile(name: string): Promise<string | undefined>;
  /** Writes a file of the proxy's state at mode 0600 (keys; never logged). */
  writeSecret(name: string, text: string): Promise<void>;
  /** Writes a file HAProxy reads (mode 0644): the challenge map, so a reload meanwhile keeps its entries. */
  writeFile(name: string, text: string): Promise<void>;
  /** The app's stored certificate file (chain then key) as the certificate store keeps it. */
  storedCertificate(app: string): Promise<string | undefined>;
  /** Runs `fn` under the host-wide lock: the challenge map is shared by every app's orders and reloads. */
  locked<T>(fn: () => Promise<T>): Promise<T>;
  /** Where ACME_APPS_FILE lives on the host, for errors (e.g. `/usr/local/etc/haproxy/acme-apps.json in the host proxy shipshape-host-proxy`). */
  where?: string;
}

export interface AcmeSettings {
  /** Contact for the account (expiry mail from the CA); optional in ACME. */
  email?: string;
  directory: string;
}

export interface AcmeRequest extends AcmeSettings {
  app: string;
  hosts: string[];
  log: Logger;
  now?: Date;
  /** Bound on the whole exchange (default acmeTotalMs()). */
  timeoutMs?: number;
}

export interface AcmeCertificate {
  certPem: string;
  keyPem: string;
  action: 'obtained' | 'renewed' | 'reused';
  names: string[];
  notBefore: string;
  notAfter: string;
}

/** The app's ACME entry in ACME_APPS_FILE: what a renewal asks for. */
export interface AcmeApp extends AcmeSettings {
  hosts: string[];
}

/** The ACME apps recorded on the host, each entry checked (parseAcmeApps): a tampered file is refused, never used. */
export async function listAcmeApps(host: AcmeHost): Promise<Record<string, AcmeApp>> {
  const text = await host.readFile(ACME_APPS_FILE);
  return text ? parseAcmeApps(text, host.where ?? `${ACME_APPS_FILE} in the host proxy's state`) : {};
}

const APP_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
const shown = (v: unknown) => JSON.stringify(v ?? null).slice(0, 120);
const isHost = (h: unknown) => typeof h === 'string' && isValid(() => hostName('hosts', h) === h);
const isValid = (check: () => boolean) => {
  try {
    return check();
  } catch {
    return false;
  }
};

/**
 * ACME_APPS_FILE as read back from the host (`where` names the file there), checked as the inputs it was
 * written from are: its app names become file names and runtime-API arguments, its hosts the order's
 * names, its directory the URL fetched and logged. Only the known fields are kept.
 */
export function parseAcmeApps(text: string, where: string): Record<string, AcmeApp> {
  const fix = 'fix or remove the entry on the host (a deploy with tls: acme records it again)';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new HostStateError(`${where} is not JSON (${errorMessage(e)}); fix or remove it, then deploy the ACME apps again`, { cause: e });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HostStateError(`${where} is not an object of apps; fix or remove it, then deploy the ACME apps again`);
  const out: Record<string, AcmeApp> = {};
  for (const [app, entry] of Object.entries(parsed as Record<string, unknown>)) {
    const bad = (what: string, value: unknown) => new HostStateError(`${where}: ${what} ${shown(value)}, which shipshape never writes; ${fix}`);
    if (!APP_NAME.test(app)) throw bad('an entry has the app name', app);
    const e = entry as Partial<Record<keyof AcmeApp, unknown>> | null;
    if (!e || typeof e !== 'object') throw bad(`the entry of ${app} is`, entry);
    if (!Array.isArray(e.hosts) || e.hosts.length === 0 || !e.hosts.every(isHost)) throw bad(`the app ${app} has the hosts`, e.hosts);
    const directory = e.directory;
    if (typeof directory !== 'string' || !/^https:\/\/[\x21-\x7e]+$/.test(directory) || !isValid(() => new URL(directory).protocol === 'https:')) throw bad(`the app ${app} has the ACME directory`, directory);
    const email = e.email;
    if (email !== undefined && (typeof email !== 'string' || !/^[\x21-\x3f\x41-\x7e]+@[\x21-\x3f\x41-\x7e]+\.[\x21-\x3f\x41-\x7e]+$/.test(email))) throw bad(`the app ${app} has the e-mail`, email);
    out[app] = { hosts: e.hosts as string[], directory, ...(email !== undefined && { email }) };
  }
  return out;
}

/** Records (or, with `entry` undefined, forgets) the app's ACME settings for `renew`. Call under the host-wide lock. */
export async function setAcmeApp(host: AcmeHost, app: string, entry: AcmeApp | undefined): Promise<void> {
  const apps = await listAcmeApps(host);
  if (entry) apps[app] = { hosts: entry.hosts, directory: entry.directory, ...(entry.email && { email: entry.email }) };
  else delete apps[app];
  await host.writeSecret(ACME_APPS_FILE, `${JSON.stringify(apps, null, 2)}\n`);
}

/** The running order's signal, aborted at its deadline: every ACME request of that order carries it. */
const orderSignal = new AsyncLocalStorage<AbortSignal>();

let axiosBounded = false;
/**
 * Each ACME request bounded by the peer wait and destroyed at its order's deadline; transport retries
 * few and short (the whole is bounded too). A request made after the deadline is refused before it is
 * sent, with an error that has no `config`, so acme-client's retry interceptor passes it on at once.
 */
function boundAxios(): void {
  if (axiosBounded) return;
  acme.axios.defaults.timeout = peerBounds().waitMs;
  const s = (acme.axios.defaults as { acmeSettings?: { retryMaxAttempts: number; retryDefaultDelay: number } }).acmeSettings;
  if (s) Object.assign(s, { retryMaxAttempts: 2, retryDefaultDelay: 1 });
  acme.axios.interceptors.request.use((config) => {
    const signal = orderSignal.getStore();
    if (!signal) return config;
    if (signal.aborted) throw new Error('the ACME order passed its deadline');
    config.signal = signal;
    return config;
  });
  axiosBounded = true;
}

/**
 * The app's certificate for `hosts`: the stored one when it covers them and more than a third of its
 * lifetime is left, else a new one from the ACME directory (HTTP-01 through the proxy). The caller
 * loads it (installCertificate) before the switch; a failure throws AcmeError with the CA's words.
 */
export async function obtainCertificate(host: AcmeHost, req: AcmeRequest): Promise<AcmeCertificate> {
  const now = req.now ?? clockNow();
  const stored = parseStored(await host.storedCertificate(req.app));
  const why = whyNotReusable(stored?.leaf, req.hosts, now);
  if (!why && stored) {
    const d = datesOf(stored.leaf);
    req.log.info(`ACME: reusing the stored certificate of ${req.app} (valid until ${d.notAfter.toISOString()}; renewed once under a third of its lifetime is left)`);
    return { certPem: stored.certPem, keyPem: stored.keyPem, action: 'reused', names: req.hosts, notBefore: d.notBefore.toISOString(), notAfter: d.notAfter.toISOString() };
  }
  req.log.info(`ACME: ordering a certificate for ${req.hosts.join(', ')} from ${req.directory}: ${why}`);
  const ms = req.timeoutMs ?? acmeTotalMs();
  const deadline = new AbortController();
  const issued = await withDeadline(
    ms,
    () => `ACME (${req.directory}) did not issue a certificate for ${req.hosts.join(', ')} within ${Math.round(ms / 1000)} s; check that the names resolve to this host and that its HTTP port is reachable`,
    () => orderSignal.run(deadline.signal, () => order(host, req, deadline.signal)),
    () => deadline.abort(),
  ).catch((e: unknown) => {
    if (e instanceof AcmeError) throw e;
    // The deadline's own message already names the directory.
    throw new AcmeError(deadline.signal.aborted ? errorMessage(e) : `ACME (${req.directory}): ${peerText(errorMessage(e), 1000)}`, { cause: e });
  });
  const parsed = parseStored(`${issued.certPem}${issued.keyPem}`);
  if (!parsed) throw new AcmeError(`ACME (${req.directory}) returned no readable certificate for ${req.hosts.join(', ')}`);
  const d = datesOf(parsed.leaf);
  req.log.info(`ACME: certificate for ${req.hosts.join(', ')} issued, valid until ${d.notAfter.toISOString()}`);
  return { ...issued, action: stored ? 'renewed' : 'obtained', names: req.hosts, notBefore: d.notBefore.toISOString(), notAfter: d.notAfter.toISOString() };
}

/** The account key for the directory: the one kept on the host, or a new one stored there first. */
async function accountKey(host: AcmeHost, directory: string, log: Logger): Promise<{ key: string; kept: boolean }> {
  const file = accountKeyFile(directory);
  const kept = await host.readFile(file);
  if (kept && kept.includes('PRIVATE KEY')) {
    log.info(`ACME: using the account key kept on the host (${file})`);
    return { key: kept, kept: true };
  }
  const key = (await acme.crypto.createPrivateEcdsaKey('P-256')).toString();
  await host.writeSecret(file, key);
  log.info(`ACME: new account key stored on the host (${file}, mode 0600)`);
  return { key, kept: false };
}

const MAP_FILE = ACME_MAP.slice(ACME_MAP.lastIndexOf('/') + 1);

async function editMapFile(host: AcmeHost, change: (lines: string[]) => string[]): Promise<void> {
  const lines = ((await host.readFile(MAP_FILE)) ?? '').split('\n').filter((l) => l.trim() !== '');
  const next = change(lines);
  await host.writeFile(MAP_FILE, next.length > 0 ? `${next.join('\n')}\n` : '');
}

async function expectEmpty(host: AcmeHost, command: string, what: string): Promise<void> {
  const answer = (await host.runtime(command)).trim();
  if (answer !== '') throw new AcmeError(`the host proxy refused to ${what}: ${peerText(answer, 300)}`);
}

/**
 * The directory, fetched once before the client: a wrong URL, a refused connection or an untrusted
 * certificate is told in the transport's own words (acme-client, after its retries, reports a request
 * that got no response as a TypeError about `config`).
 */
async function checkDirectory(directory: string, signal: AbortSignal): Promise<void> {
  let got: { status: number; text: string };
  try {
    got = await new Promise((resolve, reject) => {
      // `timeout` ends a silent peer; `signal` a trickling one (a byte now and then) at the order's deadline.
      const req = https.get(directory, { headers: { accept: 'application/json' }, timeout: peerBounds().waitMs, signal }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text = (text + d).slice(0, 20_000)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${Math.round(peerBounds().waitMs / 1000)} s`)));
      req.on('error', reject);
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = `${errorMessage(e)}${code && !errorMessage(e).includes(code) ? ` (${code})` : ''}`;
    throw new AcmeError(`ACME (${directory}): the directory could not be fetched: ${peerText(why, 500)}; check acme-directory (a private CA is trusted through NODE_EXTRA_CA_CERTS)`, { cause: e });
  }
  let dir: { newOrder?: unknown; newNonce?: unknown } | undefined;
  try {
    dir = JSON.parse(got.text) as typeof dir;
  } catch {
    dir = undefined;
  }
  const ok = got.status >= 200 && got.status < 300;
  if (!ok || typeof dir?.newOrder !== 'string' || typeof dir?.newNonce !== 'string') {
    throw new AcmeError(`ACME (${directory}) is not an ACME directory: it answered HTTP ${got.status}${ok ? ' without newOrder/newNonce' : ''}: ${peerText(got.text.trim(), 200)}; check acme-directory`);
  }
}

async function order(host: AcmeHost, req: AcmeRequest, signal: AbortSignal): Promise<{ certPem: string; keyPem: string }> {
  boundAxios();
  await checkDirectory(req.directory, signal);
  const step = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    // Past the deadline the caller has already failed: nothing more is asked of the CA or the host.
    if (signal.aborted) throw new AcmeError(`ACME (${req.directory}): stopped at the deadline before ${what}`);
    try {
      return await fn();
    } catch (e) {
      if (e instanceof AcmeError) throw e;
      const text = e instanceof TypeError && /reading 'config'/.test(e.message) ? 'the directory stopped answering (no response after retries)' : errorMessage(e);
      throw new AcmeError(`ACME (${req.directory}) ${what} failed: ${peerText(text, 1000)}`, { cause: e });
    }
  };
  const account = await accountKey(host, req.directory, req.log);
  const client = new acme.Client({
    directoryUrl: req.directory,
    accountKey: account.key,
    // Status polls: 0.5 s doubling to 4 s, 12 tries (about 40 s), inside the whole exchange's bound.
    backoffAttempts: 12,
    backoffMin: 500,
    backoffMax: 4000,
  });
  const create = () => client.createAccount({ termsOfServiceAgreed: true, ...(req.email && { contact: [`mailto:${req.email}`] }) });
  // A kept key's account is looked up, not updated (an update naming nothing is refused by the CA);
  // one the CA no longer knows (a reset test CA) gets a new account for the same key.
  await step('account', () => (account.kept ? client.createAccount({ onlyReturnExisting: true }).catch(create) : create()));
  const created = await step('new order', () => client.createOrder({ identifiers: req.hosts.map((value) => ({ type: 'dns', value })) }));
  const authzs = await step('authorizations', () => client.getAuthorizations(created));
  for (const authz of authzs) {
    const name = authz.identifier.value;
    if (authz.status === 'valid') {
      req.log.info(`ACME: ${name} is already authorized for this account`);
      continue;
    }
    const challenge = authz.challenges.find((c) => c.type === 'http-01');
    if (!challenge) throw new AcmeError(`ACME (${req.directory}) offers no http-01 challenge for ${name} (offered: ${authz.challenges.map((c) => c.type).join(', ')})`);
    const keyAuth = await client.getChallengeKeyAuthorization(challenge);
    // Tokens are base64url (RFC 8555 §8.1), so they are safe as a map key; check anyway, the map is the proxy's.
    if (!/^[A-Za-z0-9_-]+$/.test(challenge.token) || !/^[A-Za-z0-9_.-]+$/.test(keyAuth)) {
      throw new AcmeError(`ACME (${req.directory}) sent a challenge token that is not base64url for ${name}`);
    }
    // Also in the file: another app's hitless reload meanwhile starts a worker from it, not from the running map.
    await host.locked(async () => {
      await expectEmpty(host, `add map ${ACME_MAP} ${challenge.token} ${keyAuth}`, `add the ACME challenge for ${name} to its map`);
      await editMapFile(host, (lines) => [...lines, `${challenge.token} ${keyAuth}`]);
    });
    try {
      req.log.info(`ACME: ${name}: the host proxy answers the http-01 challenge; waiting for the CA to validate it`);
      await step(`challenge for ${name}`, () => client.completeChallenge(challenge));
      await step(`validation of ${name}`, () => client.waitForValidStatus(challenge));
      req.log.info(`ACME: ${name} validated`);
    } finally {
      await host
        .locked(async () => {
          await host.runtime(`del map ${ACME_MAP} ${challenge.token}`).catch(() => undefined);
          await editMapFile(host, (lines) => lines.filter((l) => l.split(' ')[0] !== challenge.token));
        })
        .catch(() => undefined);
    }
  }
  const [key, csr] = await acme.crypto.createCsr({ commonName: req.hosts[0]!, altNames: req.hosts }, await acme.crypto.createPrivateEcdsaKey('P-256'));
  const finalized = await step('finalize', () => client.finalizeOrder(created, csr));
  const certPem = await step('certificate download', () => client.getCertificate(finalized));
  return { certPem: certPem.endsWith('\n') ? certPem : `${certPem}\n`, keyPem: key.toString() };
}
