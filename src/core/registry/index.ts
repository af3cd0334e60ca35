// The registry client's public surface, for the CLI and the tree views.
export { createRegistryClient, RegistryClient } from './registryClient';
export type { CallOptions, DeletedTag, DeleteTagOptions, RegistryClientOptions, SharedManifest } from './registryClient';
export type { RetryPolicy } from './registryTransport';
export type {
  ImagePlatform, ManifestHead, PageCursor, PageOptions, RegistryCredentials, RegistryError, RegistryErrorCategory,
  RegistryResult, RepositoryPage, TagDetails, TagPage,
} from './registryTypes';
export { compareTags, filterTags, sortTags } from './tagOrder';
export { isLoopbackHost, normalizeRegistryHost, registryBaseUrl, usesPlainHttp } from './registryHost';
export { dockerConfigCredentials } from './dockerCredentials';
