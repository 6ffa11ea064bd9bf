/** The dataset summary `cellsweep plan` prints for each data file before anything trains. */
import type { DataFileReport } from '@cellsweep/datasets';

const count = (n: number): string => n.toLocaleString('en-US');

/** A few indented lines: file and hash, shapes, lengths, split sizes and, for classes, their counts per split. */
export function describeDataFile(file: DataFileReport): string {
  const { summary, lengths, splitSizes } = file;
  const lines = [
    `data ${file.path} (sha256 ${file.sha256.slice(0, 16)}…)`,
    `  ${count(summary.sequences)} sequences × ${summary.inputSize} feature${summary.inputSize === 1 ? '' : 's'} per step; ` +
      `lengths min ${lengths.min}, median ${lengths.median}, max ${lengths.max}`,
    `  splits: train ${count(splitSizes.train)}, validation ${count(splitSizes.validation)}, test ${count(splitSizes.test)}`,
  ];
  if (summary.classes && file.classCounts) {
    const shown = summary.classes.slice(0, 20);
    lines.push(`  ${summary.classes.length} classes (train / validation / test):`);
    shown.forEach((label, i) => {
      const per = (['train', 'validation', 'test'] as const).map((split) => count(file.classCounts?.[split][i] ?? 0));
      lines.push(`    ${JSON.stringify(label)}: ${per.join(' / ')}`);
    });
    if (summary.classes.length > shown.length) lines.push(`    … ${summary.classes.length - shown.length} more`);
  }
  return lines.join('\n');
}
