/** A page of the app: renders into the main element and cleans up (charts, streams, timers) when left. */
export interface View {
  dispose(): void;
}

export function errorBox(error: unknown): HTMLElement {
  const box = document.createElement('p');
  box.className = 'error';
  box.textContent = error instanceof Error ? error.message : String(error);
  return box;
}
