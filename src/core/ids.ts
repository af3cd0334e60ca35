/** Stable ids shared by package.json, the extension and the tests (a unit test cross-checks them). */
export const extensionId = 'dotnet-containers.dotnet-containers';
export const outputChannelName = '.NET Containers';

export const commandIds = {
  checkEnvironment: 'dotnetContainers.checkEnvironment',
  generateDockerfile: 'dotnetContainers.generateDockerfile',
  generateDockerfileWithOptions: 'dotnetContainers.generateDockerfileWithOptions',
} as const;
