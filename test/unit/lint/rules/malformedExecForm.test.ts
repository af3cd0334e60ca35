import * as assert from 'node:assert/strict';
import { malformedExecForm } from '../../../../src/core/lint/rules/malformedExecForm';
import { fixTable, lintTree, ruleTable } from '../../../support/lintTable';

const base = 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nWORKDIR /app\n';
const withLine = (line: string) => `${base}${line}\n`;

describe('rule dockerfile/malformed-exec-form', function () {
  ruleTable(malformedExecForm, [
    { name: 'a stray closing bracket', dockerfile: withLine('CMD ["dotnet", "App.dll"]]'), expect: ['3:5-3:27'], message: ['not valid JSON', 'a stray ] after the array', '/bin/sh -c', 'write ["dotnet", "App.dll"]'] },
    { name: 'single and double quotes mixed', dockerfile: withLine('ENTRYPOINT [\'dotnet\', "App.dll"]'), expect: ['3:12-3:33'], message: ['single quotes where JSON needs double quotes'] },
    { name: 'no closing bracket', dockerfile: withLine('ENTRYPOINT ["dotnet", "App.dll"'), expect: ['3:12-3:32'], message: ['no closing ]'] },
    { name: 'a missing comma', dockerfile: withLine('CMD ["dotnet" "App.dll"]'), expect: ['3:5-3:25'], message: ['a missing comma'] },
    { name: 'a comma before the bracket', dockerfile: withLine('RUN ["dotnet", "--info",]'), expect: ['3:5-3:26'], message: ['a comma before ]'] },
    { name: 'text after the array: reported, no guess', dockerfile: withLine('RUN ["dotnet", "--info"] && ls'), expect: ['3:5-3:31'], message: ['"&& ls" after the closing ]'] },
    { name: 'health check', dockerfile: withLine('HEALTHCHECK CMD ["/app/probe", "--ready"]]'), expect: ['3:17-3:43'] },
    { name: 'valid exec form', dockerfile: withLine('ENTRYPOINT ["dotnet", "App.dll"]'), expect: [] },
    { name: 'shell form', dockerfile: withLine('CMD dotnet App.dll'), expect: [] },
    { name: 'the shell\'s [ test command', dockerfile: withLine('RUN [ -f /app/App.dll ] && echo ok'), expect: [] },
    { name: 'only single quotes: dockerfile/json-in-single-quotes says it', dockerfile: withLine("ENTRYPOINT ['dotnet', 'App.dll']"), expect: [] },
    { name: 'an array over continuation lines', dockerfile: withLine('ENTRYPOINT ["dotnet", \\\n    "App.dll"]]'), expect: ['3:12-4:16'] },
  ]);

  fixTable(malformedExecForm, [
    { name: 'the stray bracket goes', dockerfile: withLine('CMD ["dotnet", "App.dll"]]'), fix: 'Write valid JSON: CMD ["dotnet", "App.dll"]', expected: withLine('CMD ["dotnet", "App.dll"]') },
    { name: 'single quotes become double quotes', dockerfile: withLine('ENTRYPOINT [\'dotnet\', "App.dll"]'), fix: 'Write valid JSON: ENTRYPOINT ["dotnet", "App.dll"]', expected: withLine('ENTRYPOINT ["dotnet", "App.dll"]') },
    { name: 'a quote inside a single-quoted word is escaped', dockerfile: withLine('CMD ["echo", \'say "hi"\']'), fix: 'Write valid JSON: CMD ["echo", "say \\"hi\\""]', expected: withLine('CMD ["echo", "say \\"hi\\""]') },
    { name: 'the closing bracket is added', dockerfile: withLine('ENTRYPOINT ["dotnet", "App.dll"'), fix: 'Write valid JSON: ENTRYPOINT ["dotnet", "App.dll"]', expected: withLine('ENTRYPOINT ["dotnet", "App.dll"]') },
    { name: 'RUN flags stay', dockerfile: withLine('RUN --mount=type=cache,target=/root/.nuget ["dotnet" "restore"]'), fix: 'Write valid JSON: RUN ["dotnet", "restore"]', expected: withLine('RUN --mount=type=cache,target=/root/.nuget ["dotnet", "restore"]') },
  ]);

  it('the all-single-quotes array is reported once, by dockerfile-utils', function () {
    const { findings } = lintTree(withLine("ENTRYPOINT ['dotnet', 'App.dll']"), undefined, 'Dockerfile', { genericChecks: true });
    assert.deepEqual(findings.filter(f => f.range.start.line === 2).map(f => f.rule), ['dockerfile/json-in-single-quotes']);
  });
});
