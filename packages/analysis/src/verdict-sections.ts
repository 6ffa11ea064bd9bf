/**
 * The verdict lines grouped under one heading per setting, for reading: "budget 5,000 · 1 layer: no significant
 * difference between gru and lstm …" repeated the whole setting (task options included) on every line. Each heading
 * names only what tells this sweep's settings apart; what they all share is said once, as the context.
 */
import type { SweepAnalysis } from './analyze-sweep.js';
import { PART, settingNames } from './setting-names.js';

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

export function groupVerdicts(analysis: Pick<SweepAnalysis, 'verdicts' | 'comparisons'>): GroupedVerdicts {
  const names = settingNames(analysis.comparisons.map((comparison) => comparison.setting));
  const labels = [...new Set(analysis.comparisons.map((comparison) => comparison.setting.label))];
  // Longest first, so a label that extends another ("… · lr=0.1" after "…") is matched whole.
  const byLength = [...labels].sort((a, b) => b.length - a.length);
  const sections: VerdictSection[] = [];
  for (const line of analysis.verdicts) {
    const label = byLength.find((candidate) => line.startsWith(`${candidate}: `));
    const text =
      label === undefined ? withoutSharedPrefix(line, names.shared, names.task) : line.slice(label.length + 2);
    const title = label === undefined ? null : names.short(label) || null;
    const last = sections[sections.length - 1];
    if (last && last.heading === title) last.lines.push(text);
    else sections.push({ heading: title, lines: [text] });
  }
  return { context: names.context.length === 0 ? null : names.context.join(PART), sections };
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
