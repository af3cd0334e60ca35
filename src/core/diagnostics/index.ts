// .NET diagnostics in a running container (counters, dumps, traces) through a side container that shares the
// target's process namespace: the public surface for the CLI (`diagnose`) and the extension.
export { DiagnosticsError, explainHelperFailure, explainSideContainerFailure, explainToolFailure } from './errors';
export type { DiagnosticsErrorKind } from './errors';
export { chooseProcess, describeProcess, parseProcessList } from './processes';
export type { DotnetProcess } from './processes';
export { defaultDurationSeconds, diagnose, diagnosticsActions, toolFor } from './session';
export type { CliResult, ContainerCliRunner, DiagnoseDeps, DiagnoseRequest, DiagnoseResult, DiagnosticsAction } from './session';
export { checkContainerName, dumpTypes, sideLabel } from './sideContainer';
export type { DumpType } from './sideContainer';
export { readTarget } from './target';
export type { DiagnosticsTarget } from './target';
export { ensureHelper, ensureTool } from './toolCache';
export type { InstalledTool, ToolCacheOptions } from './toolCache';
export { defaultToolVersions, diagnosticsCacheDir, diagnosticTools, toolCacheVariable } from './tools';
export type { DiagnosticTool } from './tools';
