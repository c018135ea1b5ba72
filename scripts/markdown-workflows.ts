/** The complete workflows shown in a Markdown file: each ```yaml block with a top-level `jobs:` (given an `on:` if it shows none). */
export function markdownWorkflows(markdown: string): { text: string; lineOffset: number }[] {
  const blocks: { text: string; lineOffset: number }[] = [];
  for (const m of markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)) {
    const body = m[1];
    if (!/^jobs:/m.test(body)) continue;
    const firstLine = markdown.slice(0, m.index).split('\n').length + 1;
    if (/^on:/m.test(body)) blocks.push({ text: body, lineOffset: firstLine - 1 });
    else blocks.push({ text: `on: workflow_dispatch\n${body}`, lineOffset: firstLine - 2 });
  }
  return blocks;
}
