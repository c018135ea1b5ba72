// How each client reads the file commands (GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV) and names a step,
// ported from their sources so the harness hands an action exactly what they would:
//  - actions/runner 2.336.0 (258d6c8): src/Runner.Worker/FileCommandManager.cs EnvFileKeyValuePairs;
//    src/Sdk/DTPipelines/Pipelines/ObjectTemplating/PipelineTemplateConverter.cs and ReferenceNameBuilder.cs.
//  - nektos/act v0.2.87 (bd86152): pkg/container/parse_env_file.go; pkg/runner/step.go (a file that fails to
//    parse sets nothing); pkg/runner/run_context.go (github.action is the step's id or its index).

export type Client = 'runner' | 'act';

export interface ParsedFile {
  /** What the client takes from the file. */
  values: Record<string, string>;
  /** Why the client stopped reading it (the runner keeps what came before; act keeps nothing). */
  error?: string;
}

/** The runner's EnvFileKeyValuePairs (Linux: lines end at `\n` only): entries before an error are kept. */
export function parseRunnerFile(text: string): ParsedFile {
  const values: Record<string, string> = {};
  let index = 0;
  const readLine = (): { line: string; newline: boolean } | undefined => {
    if (index >= text.length) return undefined;
    const lf = text.indexOf('\n', index);
    const start = index;
    if (lf < 0) {
      index = text.length;
      return { line: text.slice(start), newline: false };
    }
    index = lf + 1;
    return { line: text.slice(start, lf), newline: true };
  };
  for (let read = readLine(); read; read = readLine()) {
    const { line } = read;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      values[line.slice(0, eq)] = line.slice(eq + 1);
    } else if (heredoc >= 0) {
      const [key, delimiter] = [line.slice(0, heredoc), line.slice(heredoc + 2)];
      if (!key || !delimiter) return { values, error: `Invalid format '${line}'. Name must not be empty and delimiter must not be empty` };
      const start = index;
      let end = index;
      let next = readLine();
      while (next?.line !== delimiter) {
        if (!next) return { values, error: `Invalid value. Matching delimiter not found '${delimiter}'` };
        if (!next.newline) return { values, error: 'Invalid value. EOF marker missing new line.' };
        end = index - 1;
        next = readLine();
      }
      values[key] = end > start ? text.slice(start, end) : '';
    } else {
      return { values, error: `Invalid format '${line}'` };
    }
  }
  return { values };
}

/** act's parseEnvFile (bufio.Scanner lines: `\n`, a trailing `\r` dropped; a UTF-8 BOM skipped) and step.go's all-or-nothing use of it. */
export function parseActFile(text: string): ParsedFile {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const scanned = lines.map((l) => l.replace(/\r$/, ''));
  const values: Record<string, string> = {};
  for (let i = 0; i < scanned.length; i++) {
    const line = scanned[i];
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq !== -1 && (heredoc === -1 || eq < heredoc)) {
      values[line.slice(0, eq)] = line.slice(eq + 1);
    } else if (heredoc !== -1) {
      const delimiter = line.slice(heredoc + 2);
      let content = '';
      let found = false;
      for (i++; i < scanned.length; i++) {
        if (scanned[i] === delimiter) {
          found = true;
          break;
        }
        // act's own join: a value's leading empty lines are lost
        if (content !== '') content += '\n';
        content += scanned[i];
      }
      if (!found) return { values: {}, error: `invalid format delimiter '${delimiter}' not found before end of file` };
      values[line.slice(0, heredoc)] = content;
    } else {
      return { values: {}, error: `invalid format '${line}', expected a line with '=' or '<<'` };
    }
  }
  return { values };
}

export const parseFileFor = (client: Client, text: string): ParsedFile => (client === 'act' ? parseActFile(text) : parseRunnerFile(text));

/** A step of a job, as far as its name goes. */
export interface StepRef {
  id?: string;
  /** `owner/repo[/path]@ref`, `./path` or `docker://image`. */
  uses: string;
}

/** GITHUB_ACTION of each step on GitHub's runner: its id, else `__` and the repository (path dropped), `__self` for a local action, `_2`… for repeats. */
export function runnerStepNames(steps: StepRef[]): string[] {
  const taken = new Set<string>(steps.flatMap((s) => (s.id ? [s.id.toLowerCase()] : [])));
  return steps.map((step) => {
    if (step.id) return step.id;
    let name: string;
    if (step.uses.startsWith('docker://')) name = step.uses.slice('docker://'.length);
    else if (step.uses.startsWith('./') || step.uses.startsWith('.\\') || step.uses === '.') name = 'self';
    else {
      const segments = step.uses.split('@')[0].split(/[/\\]/).filter(Boolean);
      name = `${segments[0]}/${segments[1]}`;
    }
    const original = `__${name}`.replace(/[^A-Za-z0-9_-]/g, '_');
    for (let attempt = 1; attempt < 1000; attempt++) {
      const suffix = attempt === 1 ? '' : `_${attempt}`;
      const candidate = original.slice(0, 100 - suffix.length) + suffix;
      if (!taken.has(candidate.toLowerCase())) {
        taken.add(candidate.toLowerCase());
        return candidate;
      }
    }
    throw new Error('Unable to create a unique name');
  });
}

/** GITHUB_ACTION of each step under act: its id, else its index in the job. */
export const actStepNames = (steps: StepRef[]): string[] => steps.map((s, i) => s.id ?? String(i));

export const stepNamesFor = (client: Client, steps: StepRef[]): string[] => (client === 'act' ? actStepNames(steps) : runnerStepNames(steps));
