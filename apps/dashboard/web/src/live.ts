/**
 * Live updates of one sweep over Server-Sent Events. EventSource reconnects by itself; `since` makes the server
 * send only what changed after the data the page already shows.
 */
import type { ChangeBatch } from './api.js';

export interface LiveFeed {
  close(): void;
}

export function followSweep(
  sweepId: string,
  since: string,
  onChanges: (batch: ChangeBatch) => void,
  onState: (connected: boolean) => void,
): LiveFeed {
  let cursor = since;
  let source: EventSource | undefined;
  const open = () => {
    source = new EventSource(`/api/sweeps/${encodeURIComponent(sweepId)}/events?since=${encodeURIComponent(cursor)}`);
    source.addEventListener('ready', () => onState(true));
    source.addEventListener('changes', (event) => {
      const batch = JSON.parse((event as MessageEvent<string>).data) as ChangeBatch;
      cursor = batch.cursor;
      onChanges(batch);
    });
    source.addEventListener('error', () => onState(false));
  };
  open();
  return { close: () => source?.close() };
}
