// The shape of a section's results and how BENCHMARKS.md renders them.

export type Verdict = 'pass' | 'fail' | 'info';

export interface Row {
  metric: string;
  value: string;
  target?: string;
  verdict: Verdict;
}

export interface SectionResult {
  id: string;
  title: string;
  /** What was run, in a sentence or two. */
  setup: string[];
  rows: Row[];
  /** Extra tables (already rendered markdown), e.g. per-mode details or RSS over time. */
  extra?: string[];
  /** Findings: why a target is missed, and what to change. */
  notes?: string[];
}

export function verdictMark(verdict: Verdict): string {
  return verdict === 'pass' ? '✅' : verdict === 'fail' ? '❌' : '—';
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderSection(section: SectionResult, index: number): string {
  const parts = [`## ${index}. ${section.title}`, '', ...section.setup, ''];
  parts.push(
    table(
      ['Metric', 'Value', 'Target', 'Verdict'],
      section.rows.map(row => [row.metric, row.value, row.target ?? '—', verdictMark(row.verdict)])
    ),
    ''
  );
  for (const extra of section.extra ?? []) parts.push(extra, '');
  if (section.notes?.length) {
    parts.push(...section.notes.map(note => `- ${note}`), '');
  }
  return parts.join('\n');
}

export function pass(condition: boolean): Verdict {
  return condition ? 'pass' : 'fail';
}
