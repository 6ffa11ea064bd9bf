/**
 * Who holds a lease or writes a temp file in a dataset cache folder, in a form any process sharing the folder can
 * judge: `<pid>@<pid namespace>`. A pid alone means nothing across hosts or containers (each container counts from
 * 1, and a cache volume may be shared by several), so a process tells a dead holder from a live one only when the
 * holder ran in its own pid namespace. The namespace is named by the kernel's boot id (one per host and boot) and the
 * inode of /proc/self/ns/pid (one per namespace on that kernel); where /proc is missing (macOS), by the host name.
 *
 * A holder in another namespace cannot be asked: its lease counts as live while it keeps touching it (every
 * LEASE_HEARTBEAT_MS) and is stale once untouched for FOREIGN_STALE_MS; its temp files likewise once untouched that
 * long. A holder in ours is asked directly (signal 0), so a crashed process's leases go at once.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/** How often a holder touches its lease, so processes in other namespaces see it is still there. */
export const LEASE_HEARTBEAT_MS = 60_000;
/**
 * A lease or temp file from another namespace untouched this long is a dead holder's: ten heartbeats, so a holder
 * whose event loop stalls for minutes (a loaded machine) keeps its lease.
 */
export const FOREIGN_STALE_MS = 10 * LEASE_HEARTBEAT_MS;

/** This process's pid namespace, named so that it differs between hosts, boots and containers. */
export const PID_NAMESPACE = pidNamespace();

function pidNamespace(): string {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')
      .replace(/[^0-9a-f]/g, '')
      .slice(0, 16);
    const inode = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1];
    if (boot.length > 0 && inode !== undefined) return `${boot}-${inode}`;
  } catch {
    // No /proc (macOS, some sandboxes): the host name, where processes of one host share one pid namespace.
  }
  return `h-${
    hostname()
      .toLowerCase()
      .replace(/[^0-9a-z]/g, '') || 'unknown'
  }`;
}

/** This process, as it appears in lease and temp file names. */
export function holderTag(): string {
  return `${process.pid}@${PID_NAMESPACE}`;
}

/** The pattern of a holder tag in a name: group 1 the pid, group 2 the namespace (absent in older names). */
export const HOLDER_PATTERN = String.raw`(\d+)(?:@([0-9a-z-]+))?`;

/**
 * Whether the holder of a lease or temp file may still be using it. `namespace` undefined: a name from before
 * namespaces were recorded, judged as one of ours. `lastTouchedMs`: the file's latest mtime or ctime.
 */
export function holderAlive(pid: number, namespace: string | undefined, lastTouchedMs: number, nowMs: number): boolean {
  if (namespace === undefined || namespace === PID_NAMESPACE) return processAlive(pid);
  return nowMs - lastTouchedMs < FOREIGN_STALE_MS;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
