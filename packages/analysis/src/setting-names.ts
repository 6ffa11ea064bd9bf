/**
 * Names that say only what varies. A setting's label is analysis's `part · part · …` ("adding(sequenceLength=50,
 * testSize=1000) · 1 layer · budget 5,000"): printed whole on every row, the one part that differs is buried. Each
 * view that lists settings (the verdict headings, the report's and the dashboard's tables) names a setting by the
 * parts no other shares and says the shared ones once; tasks of one dataset are named by the options that differ.
 * Dependency-free, so the dashboard's browser bundle imports it (`@cellsweep/analysis/setting-names`).
 */

/** How a setting label joins its parts. */
export const PART = ' · ';

interface TaskNames {
  /** The dataset and the options every task shares ("adding(testSize=1000)"), or null when tasks are not alike. */
  shared: string | null;
  /** A task label's own options ("sequenceLength=10"); any other text is returned as it is. */
  short(part: string): string;
}

/**
 * Tasks of one dataset that differ in some options ("adding(sequenceLength=10, testSize=1000)" and "…=40, …") are
 * named by those options alone; the options they share are said once (`shared`). Labels are analysis's own
 * `name(key=value, …)` (from-record's taskLabel); anything else is left as it is.
 */
function taskNames(tasks: readonly string[]): TaskNames {
  const labels = [...new Set(tasks)];
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

export interface SettingNames {
  /** The label parts every setting shares. */
  shared: readonly string[];
  /** What to say once for all of them: the tasks' shared dataset and options (when tasks differ), then `shared`. */
  context: readonly string[];
  /** A setting label's own parts, tasks shortened; '' when it has none (every setting alike). */
  short(label: string): string;
  /** Shortens a task label that is not part of `common`. */
  task(part: string): string;
}

export function settingNames(settings: readonly { label: string; task: string }[]): SettingNames {
  const labels = [...new Set(settings.map((setting) => setting.label))];
  const partsOf = new Map(labels.map((label) => [label, label.split(PART)]));
  const shared =
    labels.length === 0
      ? []
      : (partsOf.get(labels[0]!) ?? []).filter((part) => labels.every((label) => partsOf.get(label)!.includes(part)));
  const tasks = taskNames(settings.map((setting) => setting.task));
  return {
    shared,
    context: [...(tasks.shared === null ? [] : [tasks.shared]), ...shared],
    short: (label) =>
      (partsOf.get(label) ?? label.split(PART))
        .filter((part) => !shared.includes(part))
        .map(tasks.short)
        .join(PART),
    task: tasks.short,
  };
}
