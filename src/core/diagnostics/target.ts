import { DiagnosticsError } from './errors';

// The target container, read from `docker|podman inspect --type container` (the JSON array it prints): what the
// side container must match (image, user), and what rules diagnostics out before any container is started.

export interface DiagnosticsTarget {
  /** The full container id: what `--pid container:` joins, so a renamed container stays the same target. */
  readonly id: string;
  /** The name without its leading slash. */
  readonly name: string;
  /** The image id the container runs (`sha256:…`): the side container runs the very same image. */
  readonly image: string;
  /** The image as the container was created from it, for messages. */
  readonly imageName: string;
  /** The user its processes run as (`Config.User`), empty for the image's default (root). */
  readonly user: string;
  /** The folder the target's runtime publishes its diagnostics socket in: TMPDIR, else /tmp. */
  readonly tempDir: string;
}

const diagnosticsSwitches = ['DOTNET_EnableDiagnostics', 'COMPlus_EnableDiagnostics', 'DOTNET_EnableDiagnostics_IPC', 'COMPlus_EnableDiagnostics_IPC'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the inspect JSON of the container the user named. Refuses (DiagnosticsError) a container that is not
 * running, a Windows container, and one whose runtime was told to open no diagnostics socket.
 */
export function readTarget(inspectJson: string, named: string): DiagnosticsTarget {
  let parsed: unknown;
  try {
    parsed = JSON.parse(inspectJson);
  } catch {
    throw new DiagnosticsError('engine', `the container CLI's inspect of "${named}" is not JSON`);
  }
  const raw = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!isRecord(raw) || typeof raw.Id !== 'string' || !raw.Id) throw new DiagnosticsError('no-container', `no container "${named}"`);
  const state = isRecord(raw.State) ? raw.State : {};
  const config = isRecord(raw.Config) ? raw.Config : {};
  const name = typeof raw.Name === 'string' && raw.Name ? raw.Name.replace(/^\//, '') : named;
  const status = typeof state.Status === 'string' ? state.Status : undefined;
  if (state.Running !== true || state.Paused === true || state.Restarting === true) {
    const how = state.Paused === true ? 'paused' : state.Restarting === true ? 'restarting' : `not running${status ? ` (${status})` : ''}`;
    throw new DiagnosticsError('not-running', `container "${name}" is ${how}: diagnostics need a running container`);
  }
  const platform = typeof raw.Platform === 'string' ? raw.Platform : typeof raw.Os === 'string' ? raw.Os : '';
  if (platform.toLowerCase() === 'windows') {
    throw new DiagnosticsError('windows', `container "${name}" is a Windows container: diagnostics through a side container work for Linux containers only`);
  }
  const env = new Map<string, string>();
  for (const entry of Array.isArray(config.Env) ? config.Env : []) {
    if (typeof entry !== 'string') continue;
    const equals = entry.indexOf('=');
    if (equals > 0) env.set(entry.slice(0, equals), entry.slice(equals + 1));
  }
  const off = diagnosticsSwitches.find(variable => env.get(variable)?.trim() === '0');
  if (off) {
    throw new DiagnosticsError('diagnostics-disabled', `container "${name}" runs with ${off}=0, so its .NET runtime opens no diagnostics socket: `
      + `restart it without ${off} to collect counters, dumps or traces`);
  }
  const image = typeof raw.Image === 'string' && raw.Image ? raw.Image : typeof config.Image === 'string' ? config.Image : '';
  if (!image) throw new DiagnosticsError('engine', `the inspect of "${name}" names no image`);
  const tmp = env.get('TMPDIR')?.trim();
  return {
    id: raw.Id,
    name,
    image,
    imageName: typeof config.Image === 'string' && config.Image ? config.Image : typeof raw.ImageName === 'string' ? raw.ImageName : image,
    user: typeof config.User === 'string' ? config.User.trim() : '',
    // The runtime takes TMPDIR as it is; a relative one is relative to its working folder, which we cannot see.
    tempDir: tmp && tmp.startsWith('/') ? tmp.replace(/\/+$/, '') || '/' : '/tmp',
  };
}
