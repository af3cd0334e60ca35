import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

const iptables = '/usr/sbin/iptables';

/**
 * Runs `body` with the host's iptables FORWARD policy at DROP, as a stock dockerd (iptables on) or Podman
 * leaves it on a user's machine, then puts the policy back. Containers of the test engine must still reach
 * each other then. Where iptables cannot be changed (not root, no iptables), `body` runs as the host is,
 * and the returned flag says the policy was not in force.
 */
export async function withForwardDrop<T>(body: () => Promise<T>): Promise<{ result: T; enforced: boolean }> {
  let previous: string | undefined;
  try {
    if (process.getuid?.() === 0 && fs.existsSync(iptables)) {
      previous = /^-P FORWARD (\S+)/m.exec(execFileSync(iptables, ['-w', '-S', 'FORWARD'], { encoding: 'utf8' }))?.[1];
      if (previous) execFileSync(iptables, ['-w', '-P', 'FORWARD', 'DROP']);
    }
  } catch {
    previous = undefined;
  }
  try {
    return { result: await body(), enforced: previous !== undefined };
  } finally {
    if (previous) execFileSync(iptables, ['-w', '-P', 'FORWARD', previous]);
  }
}
