/** Stable ids shared by package.json, the extension and the tests (a unit test cross-checks them). */
export const extensionId = 'dotnet-containers.dotnet-containers';
export const outputChannelName = '.NET Containers';

export const commandIds = {
  checkEnvironment: 'dotnetContainers.checkEnvironment',
  generateDockerfile: 'dotnetContainers.generateDockerfile',
  generateDockerfileWithOptions: 'dotnetContainers.generateDockerfileWithOptions',
  buildImage: 'dotnetContainers.buildImage',
  runContainer: 'dotnetContainers.runContainer',
  pushImage: 'dotnetContainers.pushImage',
  // The Images and Registries views (their node actions are hidden from the palette).
  refreshImages: 'dotnetContainers.images.refresh',
  runImage: 'dotnetContainers.images.run',
  tagImage: 'dotnetContainers.images.tag',
  pushLocalImage: 'dotnetContainers.images.push',
  removeImage: 'dotnetContainers.images.remove',
  copyImageReference: 'dotnetContainers.images.copyReference',
  inspectImage: 'dotnetContainers.images.inspect',
  addRegistry: 'dotnetContainers.registries.add',
  refreshRegistries: 'dotnetContainers.registries.refresh',
  removeRegistry: 'dotnetContainers.registries.remove',
  logInToRegistry: 'dotnetContainers.registries.logIn',
  logOutOfRegistry: 'dotnetContainers.registries.logOut',
  addRepository: 'dotnetContainers.registries.addRepository',
  removeRepository: 'dotnetContainers.registries.removeRepository',
  filterTags: 'dotnetContainers.registries.filterTags',
  clearTagFilter: 'dotnetContainers.registries.clearFilter',
  loadMore: 'dotnetContainers.registries.loadMore',
  pullTag: 'dotnetContainers.registries.pull',
  copyTagReference: 'dotnetContainers.registries.copyReference',
  deleteTag: 'dotnetContainers.registries.deleteTag',
  retag: 'dotnetContainers.registries.retag',
  openInBrowser: 'dotnetContainers.registries.openInBrowser',
  retry: 'dotnetContainers.retry',
  // The Containers view.
  refreshContainers: 'dotnetContainers.containers.refresh',
  containerLogs: 'dotnetContainers.containers.logs',
  containerShell: 'dotnetContainers.containers.shell',
  startContainer: 'dotnetContainers.containers.start',
  stopContainer: 'dotnetContainers.containers.stop',
  restartContainer: 'dotnetContainers.containers.restart',
  removeContainer: 'dotnetContainers.containers.remove',
  inspectContainer: 'dotnetContainers.containers.inspect',
  openContainerPort: 'dotnetContainers.containers.openPort',
  collectCounters: 'dotnetContainers.containers.collectCounters',
  collectDump: 'dotnetContainers.containers.collectDump',
  collectTrace: 'dotnetContainers.containers.collectTrace',
  // Compose for a solution, and the compose file's lenses.
  generateCompose: 'dotnetContainers.generateCompose',
  composeUp: 'dotnetContainers.compose.up',
  composeDown: 'dotnetContainers.compose.down',
  composeLogs: 'dotnetContainers.compose.logs',
} as const;

/** The "Containers (.NET)" view container in the activity bar and its two views. */
export const viewIds = {
  container: 'dotnetContainers',
  images: 'dotnetContainers.images',
  registries: 'dotnetContainers.registries',
  containers: 'dotnetContainers.containers',
} as const;

/**
 * Not in the palette: the build problem matchers in package.json name these as `${command:…}` variables to
 * learn where the build has its Dockerfile and context (build output names neither; see buildLocations.ts).
 */
export const buildLocationCommandIds = {
  dockerfile: 'dotnetContainers.buildLocation.dockerfile',
  dockerfileFolder: 'dotnetContainers.buildLocation.dockerfileFolder',
  context: 'dotnetContainers.buildLocation.context',
} as const;
