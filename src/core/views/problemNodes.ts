import type { EngineError } from '../engine/engineTypes';
import type { RegistryError } from '../registry/registryTypes';

// What a tree node says when a load fails: a short label, the whole message for the description and
// tooltip, and which actions fit ("Log in…" only where credentials can help; "Retry" everywhere).

export interface ProblemNode {
  readonly label: string;
  /** The client's own one-line message (never contains a credential). */
  readonly detail: string;
  readonly canLogIn: boolean;
  /** For rate limits: how long the registry asked to wait. */
  readonly retryAfterSeconds?: number;
}

export function registryProblem(error: RegistryError): ProblemNode {
  const node = (label: string, canLogIn = false): ProblemNode => ({ label, detail: error.message, canLogIn });
  switch (error.category) {
    case 'unauthorized':
      return node('Unauthorized (401): log in', true);
    case 'forbidden':
      return node('Access denied (403)', true);
    case 'not-found':
      return node('Not found (404)');
    case 'rate-limited': {
      const wait = error.retryAfterSeconds !== undefined ? `retry in ${formatWait(error.retryAfterSeconds)}` : 'retry later';
      return { ...node(`Rate limited (429): ${wait}`), ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}) };
    }
    case 'server':
      return node(`Registry error${error.status ? ` (HTTP ${error.status})` : ''}`);
    case 'timeout':
      return node('Timeout: no answer in time');
    case 'malformed':
      return node('Unusable answer from the registry');
    case 'network':
      return node('Cannot reach the registry');
    case 'unsupported':
      return node('Not allowed by the registry');
    case 'invalid':
      return node(`Request refused${error.status ? ` (HTTP ${error.status})` : ''}`);
    case 'cancelled':
      return node('Cancelled');
  }
}

export function engineProblem(error: EngineError): ProblemNode {
  const label = error.category === 'no-engine' || error.category === 'network'
    ? 'No container engine answers: start Docker or Podman, then Retry'
    : error.category === 'timeout' ? 'The container engine did not answer in time' : 'The container engine failed';
  return { label, detail: error.message, canLogIn: false };
}

/** `45 s`, `3 min`, `2 h`: how long to wait, in the unit a person reads. */
export function formatWait(seconds: number): string {
  if (seconds < 120) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
