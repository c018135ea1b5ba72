import { InputError } from './parsers.js';

/** The suffixes shipshape appends to an app's name, and what it names with each. */
const SUFFIXES: Record<string, string> = {
  '-blue': 'blue container',
  '-green': 'green container',
  '-proxy': 'proxy (container or Swarm service)',
  '-release': 'release command (container or Swarm job)',
};

/**
 * The input `app`, checked so that no two apps, and no app and shipshape itself, are given the same
 * name. From an app shipshape derives `<app>-blue`, `<app>-green` (instanceName), `<app>-proxy`
 * (proxyName, proxyServiceName), `<app>-release` (releaseName), `shipshape-lock-<app>` (lockName) and
 * `shipshape-state-<app>` (stateContainer, stateVolume); in swarm mode `<app>` itself is a service. Its
 * own names are `shipshape-host-proxy` (hostProxyName, its `-state` volume and its lease) and
 * `shipshape-overlay`. So an app name is refused when it ends in one of SUFFIXES (app `web-proxy`
 * would be app `web`'s proxy service) or is `shipshape` or starts with `shipshape-`; with both rules
 * no derived name can equal another app's name or derived name, nor one of shipshape's own.
 */
export function parseAppName(app: string, defaulted: boolean): string {
  const fix = defaulted ? `; it is the default (the last path part of input 'image'), so set the input app to another name` : '; choose another name';
  if (!/^[a-z0-9][a-z0-9_.-]{0,62}$/.test(app)) {
    throw new InputError('app', `"${app}" must be lowercase letters, digits, '.', '_' or '-' (at most 63)${defaulted ? fix : ''}`);
  }
  if (app === 'shipshape' || app.startsWith('shipshape-')) {
    throw new InputError(
      'app',
      `"${app}" is reserved: names starting with "shipshape-" are shipshape's own (the leases shipshape-lock-<app>, the host state shipshape-state-<app>, the host-wide proxy shipshape-host-proxy, the network shipshape-overlay)${fix}`,
    );
  }
  const suffix = Object.keys(SUFFIXES).find((x) => app.endsWith(x));
  if (suffix) {
    const base = app.slice(0, -suffix.length);
    throw new InputError('app', `"${app}" is reserved: it is the name shipshape gives app ${base}'s ${SUFFIXES[suffix]}; an app name must not end in -blue, -green, -proxy or -release${fix}`);
  }
  return app;
}
