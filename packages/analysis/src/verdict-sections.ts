/**
 * The verdict lines grouped under one heading per setting, for reading: "budget 5,000 · 1 layer: no significant
 * difference between gru and lstm …" repeated the whole setting (task options included) on every line. Each heading
 * names only what tells this sweep's settings apart; what they all share is said once, as the context.
 */
import type { SweepAnalysis } from './analyze-sweep.js';

export interface VerdictSection {
  /** What sets this section's setting apart; null for sweep-wide lines (counts, trends, frontiers). */
  heading: string | null;
  lines: string[];
}

export interface GroupedVerdicts {
  /** The setting parts every comparison shares ("adding(sequenceLength=50, …) · 1 layer"), or null. */
  context: string | null;
  /** In the verdict lines' reading order; consecutive lines of one heading form one section. */
  sections: VerdictSection[];
}

const PART = ' · ';

export function groupVerdicts(analysis: Pick<SweepAnalysis, 'verdicts' | 'comparisons'>): GroupedVerdicts {
  const labels = [...new Set(analysis.comparisons.map((comparison) => comparison.setting.label))];
  const partsOf = new Map(labels.map((label) => [label, label.split(PART)]));
  const common =
    labels.length === 0
      ? []
      : (partsOf.get(labels[0]!) ?? []).filter((part) => labels.every((label) => partsOf.get(label)!.includes(part)));
  const tasks = taskShortener([...new Set(analysis.comparisons.map((comparison) => comparison.setting.task))]);
  const heading = (label: string): string | null => {
    const own = partsOf
      .get(label)!
      .filter((part) => !common.includes(part))
      .map(tasks.short);
    return own.length === 0 ? null : own.join(PART);
  };
  const context = [...(tasks.shared === null ? [] : [tasks.shared]), ...common];
  // Longest first, so a label that extends another ("… · lr=0.1" after "…") is matched whole.
  const byLength = [...labels].sort((a, b) => b.length - a.length);
  const sections: VerdictSection[] = [];
  for (const line of analysis.verdicts) {
    const label = byLength.find((candidate) => line.startsWith(`${candidate}: `));
    const text = label === undefined ? withoutSharedPrefix(line, common, tasks.short) : line.slice(label.length + 2);
    const title = label === undefined ? null : heading(label);
    const last = sections[sections.length - 1];
    if (last && last.heading === title) last.lines.push(text);
    else sections.push({ heading: title, lines: [text] });
  }
  return { context: context.length === 0 ? null : context.join(PART), sections };
}

/**
 * Tasks of one dataset that differ in some options ("adding(sequenceLength=10, testSize=1000)" and "…=40, …") are
 * named by those options alone ("sequenceLength=10"); the options they share are said once (`shared`). Labels are
 * analysis's own `name(key=value, …)` (from-record's taskLabel); anything else is left as it is.
 */
function taskShortener(labels: readonly string[]): { short: (part: string) => string; shared: string | null } {
  const parsed = new Map(
    labels.flatMap((label) => {
      const match = /^([^(]+)\((.*)\)$/.exec(label);
      return match ? [[label, { name: match[1]!, options: match[2]!.split(', ') }] as const] : [];
    }),
  );
  const names = new Set([...parsed.values()].map((task) => task.name));
  if (labels.length < 2 || parsed.size !== labels.length || names.size !== 1)
    return { short: (part) => part, shared: null };
  const all = [...parsed.values()];
  const sharedOptions = all[0]!.options.filter((option) => all.every((task) => task.options.includes(option)));
  return {
    short: (part) => {
      const task = parsed.get(part);
      return task === undefined ? part : task.options.filter((option) => !sharedOptions.includes(option)).join(', ');
    },
    shared: `${[...names][0]}${sharedOptions.length === 0 ? '' : `(${sharedOptions.join(', ')})`}`,
  };
}

/**
 * A sweep-wide line drops the shared parts it names: a frontier's "adding(…): best at budget 5,000: …" its task, a
 * trend's "gru (adding(…) · 1 layer): …" the parts in its parentheses.
 */
function withoutSharedPrefix(line: string, common: readonly string[], shortTask: (part: string) => string): string {
  const prefix = common.find((part) => line.startsWith(`${part}: `));
  if (prefix !== undefined) return line.slice(prefix.length + 2);
  const colon = line.indexOf('): ');
  if (colon > 0 && shortTask(line.slice(0, colon + 1)) !== line.slice(0, colon + 1)) {
    return `${shortTask(line.slice(0, colon + 1))}${line.slice(colon + 1)}`;
  }
  const open = line.indexOf(' (');
  const close = line.indexOf('): ');
  if (open < 0 || close < open) return line;
  const parts = line.slice(open + 2, close).split(PART);
  const own = parts.filter((part) => !common.includes(part)).map(shortTask);
  if (own.length === parts.length) return line;
  return `${line.slice(0, open)}${own.length === 0 ? '' : ` (${own.join(PART)})`}${line.slice(close + 1)}`;
}
