import type { InputReader } from './parsers.js';

/**
 * The declared default of every input that has one, exactly as action.yml (and, for a deploy input,
 * deploy/action.yml) says it: those files are the source, since a runner passes a declared default
 * whenever an input is not given. The readers fall back to the same text for an empty input (a test
 * calls readSettings without a runner); test/unit/action-metadata.test.ts checks this table against
 * both files, entry by entry, both ways. An input declared with `default: ""` has no entry: its
 * empty value means what its reader says (e.g. `app` is the image's last path part).
 */
export const DEFAULTS = {
  context: '.',
  platforms: 'linux/amd64,linux/arm64',
  workdir: '/app',
  'ignore-file': '.dockerignore',
  push: 'true',
  cache: 'true',
  sbom: 'true',
  provenance: 'true',
  command: 'deploy',
  'docker-socket': '/var/run/docker.sock',
  'public-port': '80',
  'health-path': '/',
  'health-timeout-seconds': '60',
  'proxy-image': 'haproxy:lts',
  'soak-seconds': '10',
  rollback: 'false',
  'history-limit': '20',
  'deploy-mode': 'auto',
  'stop-timeout-seconds': '10',
  'log-driver': 'json-file',
  role: 'web',
  'ready-seconds': '5',
  overlap: 'true',
  retain: '5',
  tls: 'off',
  'acme-directory': 'https://acme-v02.api.letsencrypt.org/directory',
  'http-port': '80',
  'https-port': '443',
  remove: 'false',
  renew: 'false',
} as const;

export type DefaultedInput = keyof typeof DEFAULTS;

/** The declared default of `name`, or '' for an input that has none. */
export const declaredDefault = (name: string): string => (DEFAULTS as Record<string, string>)[name] ?? '';

/** `get` as a runner gives it: an empty (or blank) input reads as its declared default; idempotent. */
export const withDefaults =
  (get: InputReader): InputReader =>
  (name) => {
    const value = get(name);
    return value.trim() === '' ? declaredDefault(name) : value;
  };
