/**
 * The one error idiom of cellsweep, for every package and app:
 * - an error class extends CellsweepError (directly, or through its package's base such as StoreError); `name` is
 *   the class's own name, set here from `new.target`, so no class writes it out (three spellings of it drifted);
 * - the facts a caller reacts to are `readonly` constructor fields, not only words in the message; a wrapped
 *   failure goes in `cause`;
 * - a message about something the user can change reads `<field>: <problem>; <fix>`, built with fieldMessage, so
 *   it names where to look, what is wrong, and what to do, always punctuated the same way;
 * - one `errors.ts` per package holds its classes; a plain `Error` is only for a broken invariant (a bug of ours,
 *   never a user's input).
 * The dashboard's browser bundle is minified (class names are renamed there), so its one error, `ApiError`, names
 * itself and does not import this.
 */
export class CellsweepError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** `<field>: <problem>; <fix>` (the fix left out when there is none to give). */
export function fieldMessage(field: string, problem: string, fix?: string): string {
  return `${field}: ${problem}${fix ? `; ${fix}` : ''}`;
}
