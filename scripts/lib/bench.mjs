// What the benchmark scripts share: the built CLI and running it, a seeded random stream (so every run seeds the
// same sweep), the machine's load to print next to figures (the machine is shared), and a dashboard child process.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../apps/cli/bin/cellsweep.js', import.meta.url));

/** Runs `cellsweep <args>`; resolves with its stdout, rejects with its stderr when it exits non-zero. */
export function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`cellsweep ${args.join(' ')} exited ${code}:\n${stderr}`)),
    );
  });
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** "load average 1.20 0.90 0.50; 2 CPUs": the 1, 5 and 15 minute load averages and the core count. */
export function machineLoad() {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; ${cpus().length} CPUs`;
}

/**
 * `cellsweep dashboard --port 0` with `token`, on the store `env` names (its DATABASE_URL, or else its
 * CELLSWEEP_HOME): `url` resolves once it listens, `stop` ends it with SIGTERM.
 */
export function startDashboard(env, token) {
  const childEnv = { ...process.env, ...env, CELLSWEEP_DASHBOARD_TOKEN: token };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, [CLI, 'dashboard', '--port', '0'], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const url = new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /dashboard on (http:\/\/\S+?)\/? /.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`dashboard exited (${code}): ${stderr}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  return { url, stop, stderr: () => stderr, pid: child.pid };
}
