/** The verdict as text: what every comparison shares said once, then one heading per setting (analysis's grouping). */
import { groupVerdicts, type SweepAnalysis } from '@cellsweep/analysis';

export function renderVerdictText(analysis: Pick<SweepAnalysis, 'verdicts' | 'comparisons'>): string {
  const { context, sections } = groupVerdicts(analysis);
  const lines = [`Verdict${context === null ? '' : ` (${context})`}:`];
  for (const section of sections) {
    if (section.heading === null) {
      lines.push(...section.lines.map((line) => `  - ${line}`));
    } else {
      lines.push(`  ${section.heading}:`, ...section.lines.map((line) => `    - ${line}`));
    }
  }
  return lines.join('\n');
}
