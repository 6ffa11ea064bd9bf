/** Table headings of `compare`: one table per task × layers × hyperparameters, whatever the size. */
import type { Setting } from '@cellsweep/analysis';

/** The setting's label without its size part ("budget 5,000" / "hidden 16"). */
export function headingOf(group: { setting: Pick<Setting, 'label'> }): string {
  return group.setting.label
    .split(' · ')
    .filter((part) => !/^(budget|hidden) [\d,]+$/.test(part))
    .join(' · ');
}
