// A remote engine over SSH, on this machine: Debian's openssh-server on a free loopback port with a private
// config (its own host key, key-only login, an authorized_keys of its own), whose sessions see DOCKER_HOST
// set to the test engine. The client side is private too: a key, a known_hosts with that host key, and an
// ssh_config, given to ssh through an `ssh` on a private PATH (ssh reads the passwd home, not $HOME, so a
// temporary HOME alone would not keep it off the machine's own ~/.ssh). Nothing outside the temp dir changes,
// but /run/sshd, which sshd needs for privilege separation.
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './net.mjs';

const SSHD = '/usr/sbin/sshd';
const SSH = '/usr/bin/ssh';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';

/**
 * @param {{ dockerHost: string, log?: (line: string) => void }} options dockerHost is what the remote docker uses.
 * @returns {Promise<{ address: string, env: { PATH: string }, dir: string, logTail: () => string, stop: () => Promise<void> }>}
 *   address is `ssh://root@127.0.0.1:PORT`; env.PATH puts the private ssh first.
 */
export async function startSshd({ dockerHost, log = () => {} }) {
  for (const file of [SSHD, SSH, SSH_KEYGEN]) {
    if (!fs.existsSync(file)) throw new Error(`${file} not found: install Debian's openssh-server and openssh-client (scripts/provision.sh)`);
  }
  if (process.getuid?.() !== 0) throw new Error('sshd on loopback needs root here');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-ssh-'));
  let child;
  try {
    fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    await run(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
    await run(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'client_key')]);
    fs.copyFileSync(path.join(dir, 'client_key.pub'), path.join(dir, 'authorized_keys'));
    const port = await freePort();
    fs.writeFileSync(path.join(dir, 'sshd_config'), [
      `Port ${port}`, 'ListenAddress 127.0.0.1',
      `HostKey ${path.join(dir, 'host_key')}`, `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password', 'UsePAM no', 'StrictModes no',
      `SetEnv DOCKER_HOST=${dockerHost}`,
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8')}`);
    fs.writeFileSync(path.join(dir, 'ssh_config'), [
      'Host *', `  IdentityFile ${path.join(dir, 'client_key')}`, '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${path.join(dir, 'known_hosts')}`, '  StrictHostKeyChecking yes', '',
    ].join('\n'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin', 'ssh'), `#!/bin/sh\nexec ${SSH} -F '${path.join(dir, 'ssh_config')}' "$@"\n`, { mode: 0o755 });

    const logFile = path.join(dir, 'sshd.log');
    const out = fs.openSync(logFile, 'a');
    child = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    child.unref();
    const deadline = Date.now() + 15_000;
    while (!fs.readFileSync(logFile, 'utf8').includes('Server listening')) {
      if (child.exitCode !== null) throw new Error(`sshd exited: ${fs.readFileSync(logFile, 'utf8').trim()}`);
      if (Date.now() > deadline) throw new Error('sshd did not start listening within 15 s');
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    log(`sshd: 127.0.0.1:${port} (remote docker uses ${dockerHost})`);
    const logTail = () => fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-20).join('\n');
    return {
      address: `ssh://root@127.0.0.1:${port}`,
      env: { PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}` },
      dir,
      logTail,
      async stop() {
        try { process.kill(-child.pid, 'SIGTERM'); } catch { try { child.kill('SIGTERM'); } catch { /* gone */ } }
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function run(file, args) {
  return new Promise((resolve, reject) => execFile(file, args, (error, stdout, stderr) => (error ? reject(new Error(`${file} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout))));
}

