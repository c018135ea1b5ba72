import { Evaluator, Lexer, Parser, data } from '@actions/expressions';

// `runs.post-if` as the runner evaluates it (actions/runner StepsRunner.cs): GitHub's own expression
// library, the contexts a step condition sees (`env`: the job's environment with what earlier steps
// wrote to GITHUB_ENV; `github.action`: the step's name, the main step's GITHUB_ACTION) and the status
// functions of the job so far.

/** The named values a step's `if` may use (workflow schema, `step-if-result`). */
const CONTEXTS = ['github', 'inputs', 'vars', 'needs', 'strategy', 'matrix', 'steps', 'job', 'runner', 'env'];

export interface JobStatus {
  /** Whether a step of the job so far failed. */
  failed: boolean;
  cancelled: boolean;
}

type Fn = { name: string; description: string; minArgs: number; maxArgs: number; call: (...args: data.ExpressionData[]) => data.ExpressionData };

function statusFunctions(status: JobStatus): Fn[] {
  const fn = (name: string, value: boolean, minArgs = 0, maxArgs = 0): Fn => ({ name, description: name, minArgs, maxArgs, call: () => new data.BooleanData(value) });
  return [
    fn('always', true),
    fn('success', !status.failed && !status.cancelled),
    fn('failure', status.failed && !status.cancelled),
    fn('cancelled', status.cancelled),
    { name: 'hashFiles', description: 'hashFiles', minArgs: 1, maxArgs: 255, call: () => new data.StringData('') },
  ];
}

function parse(expression: string, functions: Fn[]) {
  const lexed = new Lexer(expression).lex();
  return new Parser(lexed.tokens, CONTEXTS, functions).parse();
}

/** Throws when the expression does not parse as a step condition (what GitHub reports at load). */
export function checkCondition(expression: string): void {
  parse(expression, statusFunctions({ failed: false, cancelled: false }));
}

const dictionary = (values: Record<string, string>) => new data.Dictionary(...Object.entries(values).map(([key, value]) => ({ key, value: new data.StringData(value) })));

/** Whether the runner runs the post step: `condition` with the job's env and the step's name. */
export function postIfHolds(condition: string, env: Record<string, string>, githubAction: string, status: JobStatus): boolean {
  const functions = statusFunctions(status);
  const context = new data.Dictionary({ key: 'env', value: dictionary(env) }, { key: 'github', value: dictionary({ action: githubAction }) });
  const result = new Evaluator(parse(condition, functions), context, new Map(functions.map((f) => [f.name.toLowerCase(), f]))).evaluate();
  if (!(result instanceof data.BooleanData)) throw new Error(`post-if ${JSON.stringify(condition)} gave ${result.coerceString()}, not a boolean`);
  return result.value;
}
