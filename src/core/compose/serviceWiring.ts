import * as path from 'node:path';
import { AppSettings, environmentName, localUrl } from './appSettings';
import { LaunchSettings } from './launchSettings';

/** An environment variable of a service, with what it was inferred from (said in a comment of the compose file). */
export interface ServiceEnvironment {
  readonly name: string;
  readonly value: string;
  readonly reason: string;
}

export interface WiredService {
  readonly environment: readonly ServiceEnvironment[];
  readonly dependsOn: readonly string[];
}

interface ServiceFacts {
  readonly service: { readonly name: string; readonly projectName: string; readonly containerPort?: number };
  readonly settings: AppSettings;
  readonly launch: LaunchSettings;
}

const ownEndpointUrl = /^Kestrel:Endpoints:[^:]+:Url$/i;
const protocolsKey = /^Kestrel:(?:EndpointDefaults|Endpoints:[^:]+):Protocols$/i;

/**
 * What each service must be told to find the others in the compose network: a setting that points at a localhost
 * port where another app of the solution listens during development (its launch profile) now points at that
 * service's name and container port. Also what a container would otherwise get wrong: a Kestrel endpoint bound
 * to localhost (unreachable from outside the container) and HTTP/2-only protocols set only for Development (a
 * gRPC service would fall back to HTTP/1.1 in the container, which runs as Production).
 */
export function wireServices(services: readonly ServiceFacts[], directory: string): Map<string, WiredService> {
  const relative = (file: string) => path.relative(directory, file) || path.basename(file);
  const wired = new Map<string, WiredService>();
  for (const { service, settings } of services) {
    const environment: ServiceEnvironment[] = [];
    const dependsOn = new Set<string>();
    for (const setting of settings.values) {
      const development = /appsettings\.Development\.json$/i.test(setting.file);
      if (protocolsKey.test(setting.key)) {
        if (development) environment.push({ name: environmentName(setting.key), value: setting.value, reason: `${setting.key} is set only in ${relative(setting.file)}, and the container runs as Production` });
        continue;
      }
      const url = localUrl(setting.value);
      if (!url) continue;
      if (ownEndpointUrl.test(setting.key)) {
        // The app's own endpoint on localhost would not be reachable through the published port.
        if (service.containerPort !== undefined) environment.push({ name: environmentName(setting.key), value: `http://+:${service.containerPort}`, reason: `${setting.key} in ${relative(setting.file)} binds localhost, which is unreachable from outside the container` });
        continue;
      }
      const target = services.find(other => other.service !== service && other.launch.endpoints.some(endpoint => endpoint.port === url.port));
      if (!target) continue;
      const endpoint = target.launch.endpoints.find(e => e.port === url.port)!;
      if (target.service.containerPort === undefined) continue;
      const scheme = url.scheme === 'ws' || url.scheme === 'wss' ? 'ws' : 'http';
      const plain = url.scheme === 'https' || url.scheme === 'wss' ? '; the container serves plain HTTP' : '';
      environment.push({
        name: environmentName(setting.key),
        value: `${scheme}://${target.service.name}:${target.service.containerPort}${url.rest}`,
        reason: `${setting.key} in ${relative(setting.file)} is ${setting.value}, where ${target.service.projectName} listens (${relative(target.launch.file!)}, profile "${endpoint.profile}")${plain}`,
      });
      dependsOn.add(target.service.name);
    }
    wired.set(service.name, { environment: environment.sort((a, b) => a.name.localeCompare(b.name)), dependsOn: [...dependsOn].sort() });
  }
  return wired;
}
