import { formatAge, stringRecord } from './imageGroups';

/** A published port of a container: `0.0.0.0:5000->8080/tcp`. */
export interface PublishedPort {
  readonly hostIp?: string;
  readonly hostPort?: number;
  readonly containerPort: number;
  readonly protocol: string;
}

/** One container, as `GET /containers/json` lists it. */
export interface ContainerSummary {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  /** `running`, `exited`, `created`, `paused`, `restarting`, `dead`. */
  readonly state: string;
  /** The engine's own words: `Up 3 minutes`, `Exited (0) 2 hours ago`. */
  readonly status: string;
  readonly created: string;
  readonly ports: readonly PublishedPort[];
  readonly labels: Readonly<Record<string, string>>;
  /** The Compose project and service, from Compose's labels (v1, v2 and podman-compose set them). */
  readonly composeProject?: string;
  readonly composeService?: string;
}

export interface ContainerGroup {
  /** The Compose project; undefined for containers started without Compose. */
  readonly project?: string;
  readonly containers: readonly ContainerSummary[];
}

/** A container of the list, from the engine's JSON; undefined for an entry without an id. */
export function containerSummary(raw: Record<string, unknown>): ContainerSummary | undefined {
  const id = typeof raw.Id === 'string' ? raw.Id : undefined;
  if (!id) return undefined;
  const names = Array.isArray(raw.Names) ? raw.Names.filter((n): n is string => typeof n === 'string') : [];
  const labels = stringRecord(raw.Labels);
  const ports = (Array.isArray(raw.Ports) ? raw.Ports : []).flatMap((port: unknown): PublishedPort[] => {
    if (typeof port !== 'object' || port === null) return [];
    const p = port as Record<string, unknown>;
    if (typeof p.PrivatePort !== 'number') return [];
    return [{
      containerPort: p.PrivatePort, protocol: typeof p.Type === 'string' ? p.Type : 'tcp',
      ...(typeof p.PublicPort === 'number' && p.PublicPort > 0 ? { hostPort: p.PublicPort } : {}),
      ...(typeof p.IP === 'string' && p.IP ? { hostIp: p.IP } : {}),
    }];
  });
  const project = labels['com.docker.compose.project'] ?? labels['io.podman.compose.project'];
  const service = labels['com.docker.compose.service'];
  return {
    id, name: (names[0] ?? id.slice(0, 12)).replace(/^\//, ''),
    image: typeof raw.Image === 'string' ? raw.Image : '',
    state: typeof raw.State === 'string' ? raw.State.toLowerCase() : 'unknown',
    status: typeof raw.Status === 'string' ? raw.Status : '',
    created: typeof raw.Created === 'number' ? new Date(raw.Created * 1000).toISOString() : String(raw.Created ?? ''),
    ports: dedupePorts(ports),
    labels,
    ...(project ? { composeProject: project } : {}),
    ...(service ? { composeService: service } : {}),
  };
}

/** Engines list a port once per address family (0.0.0.0 and ::): the same host port is shown once. */
function dedupePorts(ports: readonly PublishedPort[]): PublishedPort[] {
  const seen = new Set<string>();
  return ports.filter(port => {
    const key = `${port.hostPort ?? ''}:${port.containerPort}/${port.protocol}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).sort((a, b) => a.containerPort - b.containerPort);
}

/** Compose projects first (by name), their containers by service; then the containers of no project, by name. */
export function groupContainers(containers: readonly ContainerSummary[]): ContainerGroup[] {
  const byProject = new Map<string, ContainerSummary[]>();
  const loose: ContainerSummary[] = [];
  for (const container of containers) {
    if (container.composeProject) {
      const list = byProject.get(container.composeProject) ?? [];
      list.push(container);
      byProject.set(container.composeProject, list);
    } else {
      loose.push(container);
    }
  }
  const byName = (a: ContainerSummary, b: ContainerSummary) => (a.composeService ?? a.name).localeCompare(b.composeService ?? b.name) || a.name.localeCompare(b.name);
  return [
    ...[...byProject.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([project, list]) => ({ project, containers: list.sort(byName) })),
    ...(loose.length ? [{ containers: loose.sort(byName) }] : []),
  ];
}

/** `0.0.0.0:5000->8080/tcp, 8081/tcp`: the ports as `docker ps` shows them. */
export function describePorts(ports: readonly PublishedPort[]): string {
  return ports.map(port => port.hostPort !== undefined
    ? `${port.hostIp ?? '0.0.0.0'}:${port.hostPort}->${port.containerPort}/${port.protocol}`
    : `${port.containerPort}/${port.protocol}`).join(', ');
}

/** The URL a published TCP port opens in the browser: loopback for an all-addresses binding. */
export function portUrl(port: PublishedPort): string | undefined {
  if (port.hostPort === undefined || port.protocol !== 'tcp') return undefined;
  const host = !port.hostIp || port.hostIp === '0.0.0.0' || port.hostIp === '::' ? 'localhost' : port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp;
  return `http://${host}:${port.hostPort}/`;
}

export { formatAge };
