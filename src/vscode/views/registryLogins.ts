import * as vscode from 'vscode';
import { normalizeRegistryHost, RegistryCredentials } from '../../core/registry';

// Logins typed into "Log in…", kept in VS Code's SecretStorage (the OS keychain), one per registry host.
// The registry client asks for them only when docker's own config.json has nothing for that host, so a
// registry docker is logged in to never needs a second login here. Nothing here logs a secret.

const keyPrefix = 'dotnetContainers.registryLogin:';

interface StoredLogin {
  readonly username: string;
  readonly password: string;
}

export class RegistryLogins {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Never rejects (the registry client calls it mid-request): an unreadable keychain is no login. */
  async get(host: string): Promise<RegistryCredentials | undefined> {
    try {
      const stored = await this.secrets.get(keyPrefix + normalizeRegistryHost(host));
      if (!stored) return undefined;
      const login = JSON.parse(stored) as Partial<StoredLogin>;
      if (typeof login.username !== 'string' || typeof login.password !== 'string') return undefined;
      return { kind: 'basic', username: login.username, password: login.password };
    } catch {
      return undefined;
    }
  }

  async has(host: string): Promise<boolean> {
    return (await this.get(host)) !== undefined;
  }

  async store(host: string, login: StoredLogin): Promise<void> {
    await this.secrets.store(keyPrefix + normalizeRegistryHost(host), JSON.stringify({ username: login.username, password: login.password }));
  }

  async forget(host: string): Promise<void> {
    await this.secrets.delete(keyPrefix + normalizeRegistryHost(host));
  }
}
