/**
 * The router's health check result in the user's words. The router's `detail` is HAProxy's as
 * haproxy.ts `describeStat` writes it: `<status> <check status>[ <code>][ (<last check text>)]`,
 * e.g. `DOWN L4CON (Connection refused)` or `DOWN 1/2 L7STS 500 (HTTP status check returned code <3C>500<3E>)`.
 */
export interface CheckTarget {
  path: string;
  port: number;
}

export interface CheckReading {
  /** HAProxy's check status (L4CON, L7STS, …), when the detail has one. */
  code?: string;
  /** What the check saw, short (a progress line). */
  seen: string;
  /** What to look at, when HAProxy's code points at one input. */
  hint?: string;
}

const CHECK = /^(.*?)\s*\b(L[4-7][A-Z]+|SOCKERR|INI|UNK|HANA|CHECKED)\b(?:\s+(\d{3}))?(?:\s+\((.*)\))?\s*$/;

export function readCheck(detail: string, t: CheckTarget): CheckReading {
  const m = CHECK.exec(detail);
  if (!m) {
    if (/no server row/.test(detail)) return { seen: 'the proxy has no server for it yet' };
    if (/MAINT/.test(detail)) return { seen: 'the proxy has not resolved its address yet' };
    return { seen: detail || 'no check result yet' };
  }
  const [, , code, status, text] = m;
  const port = `port ${t.port}`;
  const listening = `is the app listening on \`container-port\` (${t.port})?`;
  switch (code) {
    case 'L4CON':
      return { code, seen: `connection refused on ${port}`, hint: listening };
    case 'L4TOUT':
      return { code, seen: `no connection to ${port} within the check's timeout`, hint: `${listening.slice(0, -1)}, on 0.0.0.0 rather than 127.0.0.1?` };
    case 'SOCKERR':
      return { code, seen: `socket error reaching ${port}${text ? ` (${text})` : ''}`, hint: listening };
    case 'L6TOUT':
    case 'L6RSP':
      return { code, seen: `TLS error on ${port}`, hint: `the check speaks plain HTTP: does the app serve plain HTTP on \`container-port\` (${t.port})?` };
    case 'L7TOUT':
      return { code, seen: `GET ${t.path} did not answer within the check's timeout`, hint: `does the app answer \`health-path\` (${t.path}) quickly, without waiting on something else?` };
    case 'L7RSP':
      return { code, seen: `GET ${t.path} on ${port} answered something that is not HTTP`, hint: `is \`container-port\` (${t.port}) the app's HTTP port?` };
    case 'L7STS': {
      const seen = `GET ${t.path} answered ${status ?? 'a non-2xx status'}`;
      if (status === '404') return { code, seen, hint: `does the app serve \`health-path\` (${t.path})?` };
      if (status?.startsWith('5')) return { code, seen, hint: 'the app reports an error on its health path: see its log lines' };
      return { code, seen, hint: `the check wants a 2xx answer on \`health-path\` (${t.path})` };
    }
    case 'INI':
      return { code, seen: 'the first check has not finished yet' };
    default:
      return { code, seen: `${code}${status ? ` ${status}` : ''}${text ? ` (${text})` : ''}` };
  }
}

/** One line for the log or an error: `connection refused on port 8080 (L4CON): is the app listening …?` */
export function checkWords(detail: string, t: CheckTarget, o: { hint?: boolean } = {}): string {
  const r = readCheck(detail, t);
  return `${r.seen}${r.code ? ` (${r.code})` : ''}${o.hint && r.hint ? `: ${r.hint}` : ''}`;
}
