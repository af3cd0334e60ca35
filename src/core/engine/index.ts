// The Engine API client's public surface, for the CLI and the tree views.
export { clientApiVersion, connectEngine, EngineClient } from './engineClient';
export type { CallOptions, EngineConnectOptions, EventStream } from './engineClient';
export type {
  EngineError, EngineErrorCategory, EngineEvent, EngineResult, ImageInspection, LocalImages, LocalImageTag, LocalRepository,
  RemovedImageEntry, UntaggedImage,
} from './engineTypes';
export { formatAge, formatImageSize, groupImages } from './imageGroups';
export { debounce } from './debounce';
