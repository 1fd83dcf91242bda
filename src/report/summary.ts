// The job summary, read at a glance: a heading that names the result, the site and the commit;
// why it failed, with the file it is about linked at this commit; what the site now holds that
// is not live; the counts in one line (the same numbers as the log and the outputs); then the
// files, the errors and warnings, and the publish log, long lists folded.
//
// It always fits: GitHub drops a step summary over 1 MiB, so every part has a budget, and
// whatever is cut says that the step's log has the whole of it.
import { formatDuration } from '../format.js';
import type { AnnotationPlace } from '../log.js';
import type { RecordedAnnotation } from './actions-log.js';
import { countFiles, formatCounts, plural, type FileCounts } from './counts.js';
import { findFileMention } from './file-annotation.js';
import { cutText, type RunReport, type RunStatus } from './run-report.js';

/** The commit the run published, from the runner's environment: for links to it and its files. */
export interface CommitContext {
  /** `https://github.com`, or a GitHub Enterprise server's origin. */
  readonly serverUrl: string;
  /** `owner/name` */
  readonly repository: string;
  readonly sha: string;
  /** The branch or tag (`main`, `v1.2.0`, `12/merge`), when known. */
  readonly ref?: string;
}

export interface SummaryOptions {
  /** The end of the run, when `finishedAt` is not set yet (a run stopped by a bad input). */
  readonly now?: number;
  readonly commit?: CommitContext;
}

/** GitHub drops a step summary larger than this. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

// Budgets, in UTF-8 bytes of Markdown, that add up to well under the limit (redaction may
// lengthen a text by a few characters; the margin covers it).
const BUDGET = {
  failure: 4_000,
  problem: 1_000,
  problems: 150_000,
  files: 400_000,
  fileName: 300,
  publishLog: 200_000,
  logLine: 1_000,
  title: 120
} as const;

/** Lists longer than this are folded in a <details> block. */
const FOLD_AFTER = 10;

const HEADINGS: Record<RunStatus, string> = {
  complete: '✅ Siteleaf publish complete',
  failed: '❌ Siteleaf publish failed',
  queued: '🕒 Siteleaf publish queued',
  skipped: '✅ Siteleaf upload complete, publish skipped',
  'dry-run': '📝 Siteleaf publish dry run'
};

/** The commit from GitHub's variables; undefined outside a runner or when one looks wrong. */
export function commitFromEnv(env: NodeJS.ProcessEnv): CommitContext | undefined {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const sha = env.GITHUB_SHA ?? '';
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  // Each goes into a URL in Markdown: anything odd, and there is no link rather than a broken one.
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) {
    return undefined;
  }
  if (!/^https?:\/\/[^\s()<>]+$/.test(serverUrl)) return undefined;
  const ref = env.GITHUB_REF_NAME || env.GITHUB_REF?.replace(/^refs\/(heads|tags)\//, '');
  return { serverUrl, repository, sha, ...(ref ? { ref } : {}) };
}

export function renderSummary(report: RunReport, options: SummaryOptions = {}): string {
  const status = report.verdict?.status ?? 'failed';
  const dryRun = status === 'dry-run';
  const counts = countFiles(report, dryRun);
  const links = new Links(options.commit);
  const blocks = [
    renderHeading(report, status, links),
    renderFailure(report, links),
    renderNotLive(report, status, counts),
    report.plan ? `**${formatCounts(counts)}**` : '',
    renderFacts(report, options.now ?? Date.now()),
    dryRun ? renderDryRunNote(report) : '',
    renderFiles(report, dryRun),
    renderProblems(report, links),
    renderPublishLog(report)
  ].filter(Boolean);
  const markdown = `${blocks.join('\n\n')}\n`;
  if (byteLength(markdown) <= SUMMARY_LIMIT_BYTES - 64 * 1024) return markdown;
  // The budgets make this unreachable; if they ever do not, the result still reaches GitHub.
  const essentials = blocks.slice(0, 5).map(block => cutText(block, 20_000));
  return `${[...essentials, "_The rest of this summary was too large for GitHub; the step's log has all of it._"].join('\n\n')}\n`;
}

// --- heading, failure, facts --------------------------------------------------------------

function renderHeading(report: RunReport, status: RunStatus, links: Links): string {
  const title = report.cancelled ? '🛑 Siteleaf publish cancelled' : HEADINGS[status];
  const url = webOrigin(report.siteUrl);
  const name = cutText(report.siteTitle.trim() || (url ? new URL(url).host : ''), BUDGET.title);
  const site = name ? (url ? `[${escapeMarkdown(name)}](${url})` : escapeMarkdown(name)) : '';
  const commit = links.commit();
  return `## ${title}${site ? `: ${site}` : ''}${commit ? ` · ${commit}` : ''}`;
}

/** The verdict's failure, quoted, with the file it is about linked on its line. */
function renderFailure(report: RunReport, links: Links): string {
  const failure = report.verdict?.failure;
  if (!failure) return '';
  const place = report.verdict?.failurePlace ?? report.jobErrorPlace;
  return `> ${links.textWithFile(cutText(failure, BUDGET.failure), place)}`;
}

/**
 * After a failed publish or sync that changed files on Siteleaf: those changes are not live,
 * and the next publish, whoever starts it, makes them so.
 */
function renderNotLive(report: RunReport, status: RunStatus, counts: FileCounts): string {
  if (counts.dryRun || (counts.uploaded === 0 && counts.pruned === 0)) return '';
  const changes = [
    counts.uploaded ? `${counts.uploaded} uploaded` : '',
    counts.pruned ? `${counts.pruned} pruned` : ''
  ]
    .filter(Boolean)
    .join(', ');
  const changed = `This run changed files on Siteleaf (${changes})`;
  if (status === 'skipped') {
    return `ℹ️ ${changed} without publishing them (publish: false): the next publish, by anyone, makes the changes live.`;
  }
  if (status !== 'failed') return '';
  const jobId = report.jobIds[report.jobIds.length - 1];
  const result = report.publish?.result;
  // A job started after the uploads whose end is not known may still publish them.
  const jobMayFinish =
    jobId !== undefined &&
    (result === 'timeout' || result === 'not-found' || (report.cancelled && !report.publish));
  if (jobMayFinish) {
    return (
      `⚠️ ${changed}; they go live when publish job \`${jobId}\` finishes, if it does, ` +
      'or else with the next publish, by anyone.'
    );
  }
  return `⚠️ ${changed}, but the site was not published: the changes are not live. The next publish, by anyone, makes them live.`;
}

function renderFacts(report: RunReport, now: number): string {
  const facts: string[] = [];
  if (report.apiVersion) facts.push(`Siteleaf API ${report.apiVersion}`);
  if (report.jobIds.length) {
    const ids = report.jobIds.map(id => `\`${id.replace(/`/g, '')}\``).join(' → ');
    facts.push(`${report.jobIds.length > 1 ? 'publish jobs' : 'publish job'} ${ids}`);
  }
  const took = formatDuration((report.finishedAt ?? now) - report.startedAt);
  const job = report.jobEvents;
  const jobTime =
    job && job.jobId === report.jobId
      ? ` (the publish job ${formatDuration(job.lastAt - job.firstAt)})`
      : '';
  facts.push(`took ${took}${jobTime}`);
  if (report.retriedRequests > 0) {
    facts.push(`${plural(report.retriedRequests, 'request', 'requests')} retried (see the log)`);
  }
  return facts.join(' · ');
}

function renderDryRunNote(report: RunReport): string {
  const then =
    report.publishAsked === false
      ? 'would not publish (publish: false)'
      : report.publishAsked
        ? 'would then publish the site'
        : '';
  return `Nothing on Siteleaf was changed${then ? `; a run without dry-run ${then}` : ''}.`;
}

// --- files --------------------------------------------------------------------------------

function renderFiles(report: RunReport, dryRun: boolean): string {
  const plan = report.plan;
  if (!plan) return '';
  const sync = report.sync;
  const replaced = new Set(sync?.replaced);
  const done = new Set([...(sync?.uploaded ?? []), ...(sync?.failed ?? []).map(f => f.filename)]);
  const planned = [...plan.upload, ...plan.replace.map(r => r.file)].map(f => f.filename);
  // Failed files are not listed here: each has its error, with a link, below.
  const lists: Array<[label: string, files: string[]]> = dryRun
    ? [
        ['Would upload (new)', plan.upload.map(f => f.filename)],
        ['Would replace', plan.replace.map(r => r.file.filename)],
        ['Would prune', plan.prune.map(f => f.filename)],
        ['Would remove (duplicate copies)', plan.duplicates.map(f => f.filename)],
        ['Content kept', plan.kept.map(k => k.file.filename)],
        ['Unchanged', plan.unchanged.map(u => u.file.filename)]
      ]
    : [
        ['New', (sync?.uploaded ?? []).filter(f => !replaced.has(f))],
        ['Replaced', sync?.replaced ?? []],
        ['Pruned', sync?.pruned ?? []],
        ['Duplicate copies removed', [...new Set(sync?.duplicatesRemoved)]],
        ['Not uploaded (the run stopped first)', planned.filter(f => !done.has(f))],
        ['Content kept', plan.kept.map(k => k.file.filename)],
        ['Unchanged', plan.unchanged.map(u => u.file.filename)]
      ];
  const budget = new Budget(BUDGET.files);
  const open: string[] = [];
  const folded: string[] = [];
  for (const [label, files] of lists) {
    if (files.length === 0) continue;
    const names = files.map(f => codeSpan(cutText(f, BUDGET.fileName)));
    if (files.length > FOLD_AFTER || label === 'Unchanged') {
      const items = budget.takeLines(names.map(n => `- ${n}`));
      const more = files.length - items.length;
      if (more) items.push(`- … and ${more} more (the step's log lists every file)`);
      folded.push(details(`${label} (${files.length})`, items.join('\n')));
    } else {
      const line = budget.takeLines([`- **${label}:** ${names.join(', ')}`]);
      open.push(line[0] ?? `- **${label}:** ${files.length} (the step's log lists them)`);
    }
  }
  return [open.join('\n'), ...folded].filter(Boolean).join('\n\n');
}

// --- errors and warnings ------------------------------------------------------------------

function renderProblems(report: RunReport, links: Links): string {
  const jobError = report.verdict?.jobError;
  // The job's error is the failure quoted at the top: not said again here.
  const problems = report.problems.filter(
    p => !(jobError !== undefined && p.kind === 'error' && p.message === jobError)
  );
  if (problems.length === 0) return '';
  const order: Record<RecordedAnnotation['kind'], number> = { error: 0, warning: 1, notice: 2 };
  const sorted = [...problems].sort((a, b) => order[a.kind] - order[b.kind]);
  const icon = { error: '❌', warning: '⚠️', notice: 'ℹ️' } as const;
  const budget = new Budget(BUDGET.problems);
  const items = budget.takeLines(
    sorted.map(
      p => `- ${icon[p.kind]} ${links.textWithFile(cutText(p.message, BUDGET.problem), p)}`
    )
  );
  const more = problems.length - items.length + report.problemsLeftOut;
  if (more > 0) items.push(`- … and ${more} more (see the step's log)`);
  const count = problems.length + report.problemsLeftOut;
  // Named for what is there: "Warnings", "Errors and warnings", "Errors, warnings and notices".
  const kinds = (['error', 'warning', 'notice'] as const)
    .filter(kind => problems.some(p => p.kind === kind))
    .map(kind => `${kind}s`);
  const named =
    kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}` : kinds[0];
  const title = `${named?.[0]?.toUpperCase() ?? ''}${named?.slice(1) ?? ''}`;
  return count > FOLD_AFTER
    ? details(`${title} (${count})`, items.join('\n'))
    : `### ${title}\n\n${items.join('\n')}`;
}

// --- publish log --------------------------------------------------------------------------

function renderPublishLog(report: RunReport): string {
  if (report.jobLog.length === 0) return '';
  const lines = report.jobLog.map(line => fence(cutText(line, BUDGET.logLine)));
  // The job's final error is quoted at the top: its line here says so rather than repeat it.
  const jobError = report.verdict?.jobError;
  const last = report.jobLog[report.jobLog.length - 1] ?? '';
  const at = jobError ? last.indexOf(jobError.slice(0, 200)) : -1;
  if (jobError && at > 0) lines[lines.length - 1] = `${last.slice(0, at)}(quoted at the top)`;
  // The first lines and the latest, each up to half the budget; what is between is left out
  // (where the report already left lines out, between its two halves).
  const gapAt = report.jobLogDropped ? Math.floor(lines.length / 2) : lines.length;
  const head = new Budget(BUDGET.publishLog / 2).takeLines(lines.slice(0, gapAt));
  const tail = new Budget(BUDGET.publishLog / 2)
    .takeLines(lines.slice(head.length).reverse())
    .reverse();
  const left = lines.length - head.length - tail.length + report.jobLogDropped;
  const gap = left
    ? [`… ${left.toLocaleString('en-US')} lines left out here (the step's log has them all) …`]
    : [];
  const body = ['```text', ...head, ...gap, ...tail, '```'].join('\n');
  const count = lines.length + report.jobLogDropped;
  return count > FOLD_AFTER
    ? details(`Publish log (${count.toLocaleString('en-US')} lines)`, body)
    : `### Publish log\n\n${body}`;
}

// --- Markdown -----------------------------------------------------------------------------

/** Links to this commit and to files at it; plain text where the commit is not known. */
class Links {
  constructor(private readonly context: CommitContext | undefined) {}

  /** `` [`1a2b3c4`](…/commit/sha) on `main` `` */
  commit(): string {
    const c = this.context;
    if (!c) return '';
    const link = `[\`${c.sha.slice(0, 7)}\`](${c.serverUrl}/${c.repository}/commit/${c.sha})`;
    return c.ref ? `${link} on ${codeSpan(cutText(c.ref, BUDGET.title))}` : link;
  }

  fileUrl(place: AnnotationPlace & { file: string }): string | undefined {
    const c = this.context;
    if (!c) return undefined;
    const path = place.file.split('/').map(encodeUrlSegment).join('/');
    return `${c.serverUrl}/${c.repository}/blob/${c.sha}/${path}${place.line ? `#L${place.line}` : ''}`;
  }

  /**
   * `text`, escaped, its mention of the place's file made a link to it at this commit (on its
   * line); a text that does not name the file is led by the linked path instead.
   */
  textWithFile(text: string, place: AnnotationPlace | undefined): string {
    if (!place?.file) return escapeMarkdown(text);
    const file = place.file;
    const where = `${file}${place.line ? `:${place.line}` : ''}`;
    const url = this.fileUrl({ ...place, file });
    const mention = findFileMention(text, file);
    if (!mention) {
      const lead = url ? `[${escapeMarkdown(where)}](${url})` : codeSpan(where);
      return `${lead}: ${escapeMarkdown(text)}`;
    }
    // The mention itself points at the file: a link at this commit, or (with no commit to
    // link to) the path from the repository root.
    const pointer = url
      ? `[${escapeMarkdown(text.slice(mention.start, mention.end))}](${url})`
      : codeSpan(file);
    return (
      escapeMarkdown(text.slice(0, mention.start)) +
      pointer +
      escapeMarkdown(text.slice(mention.end))
    );
  }
}

/** Takes lines while they fit in a number of bytes. */
class Budget {
  constructor(private left: number) {}

  takeLines(lines: readonly string[]): string[] {
    const taken: string[] = [];
    for (const line of lines) {
      const size = byteLength(line) + 1;
      if (size > this.left) break;
      this.left -= size;
      taken.push(line);
    }
    return taken;
  }
}

function details(summary: string, body: string): string {
  return `<details><summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`;
}

/** Inline code that holds any text: a fence longer than any run of backticks inside it. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, match => (match === '\r' ? '\\r' : '\\n'));
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map(run => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** Plain text that stays plain in Markdown, on one line. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|&~])/g, '\\$1').replace(/\r\n|\r|\n/g, ' ');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A code block line that cannot close the block. */
function fence(line: string): string {
  return line.replace(/```/g, "'''");
}

/** Everything but unreserved characters percent-encoded, so no `(`, `)` or space ends a link. */
function encodeUrlSegment(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  );
}

/** The site's address as a link can hold it, or '' when it is not an http(s) address. */
function webOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed.origin : '';
  } catch {
    return '';
  }
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
