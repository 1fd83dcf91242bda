// The job summary: result first, then what changed on the site, then the publish log.
import type { RunReport } from './run-report.js';
import { outputsOf } from './outputs.js';
import { formatDuration } from '../format.js';

const HEADINGS: Record<string, string> = {
  complete: '✅ Siteleaf publish complete',
  failed: '❌ Siteleaf publish failed',
  queued: '🕒 Siteleaf publish queued',
  skipped: '✅ Siteleaf theme uploaded (publish skipped)',
  'dry-run': '📝 Siteleaf publish dry run'
};

/** Lists longer than this are folded in a <details> block. */
const FOLD_AFTER = 10;

export function renderSummary(report: RunReport, now = Date.now()): string {
  const outputs = outputsOf(report);
  const status = outputs.status as string;
  const lines: string[] = [
    `## ${report.cancelled ? '🛑 Siteleaf publish cancelled' : HEADINGS[status]}`,
    ''
  ];
  const failure = report.verdict?.failure;
  if (failure) lines.push(`> ${escapeMarkdown(failure)}`, '');

  const facts: Array<[string, string]> = [];
  if (report.siteUrl) facts.push(['Site', `[${report.siteUrl}](${report.siteUrl})`]);
  if (report.jobIds.length)
    facts.push(['Publish job', report.jobIds.map(id => `\`${id}\``).join(' → ')]);
  facts.push(['Result', `\`${status}\``]);
  if (report.apiVersion) facts.push(['Siteleaf API', report.apiVersion]);
  facts.push(['Duration', formatDuration((report.finishedAt ?? now) - report.startedAt)]);
  lines.push('| | |', '| --- | --- |', ...facts.map(([k, v]) => `| ${k} | ${v} |`), '');

  lines.push(...renderSync(report, status === 'dry-run'));

  if (report.problems.length) {
    lines.push('### Errors and warnings', '');
    for (const p of report.problems) {
      const where = p.file ? `\`${p.file}${p.line ? `:${p.line}` : ''}\`: ` : '';
      lines.push(
        `- ${p.kind === 'error' ? '❌' : p.kind === 'notice' ? 'ℹ️' : '⚠️'} ${where}${escapeMarkdown(p.message)}`
      );
    }
    if (report.problemsLeftOut) lines.push(`- … and ${report.problemsLeftOut} more (see the log)`);
    lines.push('');
  }

  if (report.jobLog.length) {
    lines.push('### Publish log', '', '```text');
    const half = report.jobLogDropped ? report.jobLog.length / 2 : report.jobLog.length;
    lines.push(...report.jobLog.slice(0, half).map(fence));
    if (report.jobLogDropped) {
      lines.push(
        `… ${report.jobLogDropped} lines left out …`,
        ...report.jobLog.slice(half).map(fence)
      );
    }
    lines.push('```', '');
  }
  return lines.join('\n');
}

function renderSync(report: RunReport, dryRun: boolean): string[] {
  const plan = report.plan;
  if (!plan) return [];
  const sync = report.sync;
  const replaced = new Set(sync?.replaced);
  const rows: Array<[string, string[]]> = dryRun
    ? [
        ['Would upload', plan.upload.map(f => f.filename)],
        ['Would replace', plan.replace.map(r => r.file.filename)],
        ['Would prune', plan.prune.map(a => a.filename)],
        ['Content kept', plan.kept.map(k => k.file.filename)],
        ['Unchanged', plan.unchanged.map(u => u.file.filename)]
      ]
    : [
        ['Uploaded', (sync?.uploaded ?? []).filter(f => !replaced.has(f))],
        ['Replaced', sync?.replaced ?? []],
        ['Pruned', sync?.pruned ?? []],
        ['Failed', (sync?.failed ?? []).map(f => `${f.filename}: ${f.message}`)],
        ['Content kept', plan.kept.map(k => k.file.filename)],
        ['Unchanged', plan.unchanged.map(u => u.file.filename)]
      ];
  const lines = ['### Theme files', '', '| | Files |', '| --- | ---: |'];
  lines.push(...rows.map(([label, files]) => `| ${label} | ${files.length} |`), '');
  for (const [label, files] of rows) {
    if (!files.length) continue;
    const list = files.map(f => `- \`${f.replace(/`/g, "'")}\``);
    if (files.length > FOLD_AFTER || label === 'Unchanged') {
      lines.push(
        `<details><summary>${label} (${files.length})</summary>`,
        '',
        ...list,
        '',
        '</details>',
        ''
      );
    } else {
      lines.push(`**${label}**`, '', ...list, '');
    }
  }
  return lines;
}

function fence(line: string): string {
  return line.replace(/```/g, "'''");
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/\n/g, ' ');
}
