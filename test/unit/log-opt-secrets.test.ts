import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/settings/index.js';
import { RecordWriter } from '../../src/record/record.js';
import { logOptionSecrets } from '../../src/secret-forms.js';
import { appRecord } from '../../src/steps/deploy-app-record.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOKEN = '6f1c2a9e-splunk-hec-token-0b7d';
const LOKI_PW = 's3cr3t-loki-pw';

describe('log-opts in the record and the log', () => {
  it('credential-like values are found: options named like one, and URL userinfo (raw and decoded)', () => {
    expect(logOptionSecrets({ 'splunk-token': TOKEN, 'splunk-url': 'https://hec.example:8088', 'max-size': '10m', tag: '{{.Name}}' })).toEqual([TOKEN]);
    expect(logOptionSecrets({ 'loki-url': `https://team:${LOKI_PW}@loki.example/loki/api/v1/push` })).toEqual([`team:${LOKI_PW}`, LOKI_PW]);
    expect(logOptionSecrets({ 'loki-url': 'https://u:p%40ss-word@loki.example/push' })).toEqual(['u:p%40ss-word', 'p%40ss-word', 'p@ss-word']);
    expect(logOptionSecrets({ 'awslogs-credentials-endpoint': '/creds', 'gelf-address': 'udp://graylog:12201', 'syslog-tls-key': '/k.pem' })).toEqual(['/creds', '/k.pem']);
    expect(logOptionSecrets({ 'max-file': '3' })).toEqual([]);
  });

  it('the record of a deploy with splunk-token and a loki URL with a password holds the option names, never a value', async () => {
    const get = (v: Record<string, string>) => (name: string) => v[name] ?? '';
    const settings = readSettings(
      get({
        image: `r/app@sha256:${'a'.repeat(64)}`,
        'shipshape-entry': 'deploy',
        'deploy-host': 'unix:///var/run/docker.sock',
        'log-driver': 'splunk',
        'log-opts': `splunk-token=${TOKEN}\nsplunk-url=https://hec.example:8088\nloki-url=https://team:${LOKI_PW}@loki.example/push`,
      }),
      {},
    );
    // What main.ts does before anything is logged or recorded.
    settings.secrets.push(...logOptionSecrets(settings.deploy!.service.log.options));
    const section = appRecord(settings.deploy!, {});
    expect(section.log).toEqual({ driver: 'splunk', option_names: ['loki-url', 'splunk-token', 'splunk-url'] });
    const dir = mkdtempSync(join(tmpdir(), 'i24-record-'));
    try {
      const record = await RecordWriter.start(dir, 'deploy', {}, settings.secrets);
      await record.update((r) => void (r.deploy = { ...(r.deploy ?? {}), ...section } as typeof r.deploy));
      // An engine error quoting the driver's config is scrubbed too.
      await record.finish('failed', new Error(`create: log driver splunk: splunk-token=${TOKEN} loki-url=https://team:${LOKI_PW}@loki.example/push`));
      const text = readFileSync(record.path, 'utf8');
      expect(text).toContain('splunk-token');
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(LOKI_PW);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
