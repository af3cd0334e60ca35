import * as assert from 'node:assert/strict';
import { publishOptions } from '../../../src/core/lint/appShape';
import { commandLineWords, commandOf, containerCommand, execFormText, wordsText } from '../../../src/core/lint/commandWords';
import { createLintContext, finalStage } from '../../../src/core/lint/lintContext';
import { now } from '../../support/lintTable';

/** The command of the Dockerfile's last instruction. */
function lastCommand(text: string) {
  const context = createLintContext(text, { now });
  const instructions = context.dockerfile.getInstructions();
  return commandOf(instructions[instructions.length - 1]!, context.lines);
}

describe('lint: command words', function () {
  it('reads JSON strings from the text: spaces and escapes kept', function () {
    const command = lastCommand('FROM x\nENTRYPOINT ["dotnet", "Web App.dll", "a\\"b", "c\\u0041"]\n');
    assert.equal(command?.form, 'exec');
    assert.deepEqual(command?.words.map(w => w.value), ['dotnet', 'Web App.dll', 'a"b', 'cA']);
    assert.deepEqual(command?.words[1]?.range, { start: { line: 1, character: 22 }, end: { line: 1, character: 35 } });
  });

  it('reads a JSON array continued over lines, with either escape character', function () {
    assert.deepEqual(lastCommand('FROM x\nCMD ["a", \\\n  "b"]\n')?.words.map(w => [w.value, w.range.start.line]), [['a', 1], ['b', 2]]);
    assert.deepEqual(lastCommand('# escape=`\nFROM x\nCMD ["a", `\n  "b"]\n')?.words.map(w => w.value), ['a', 'b']);
  });

  it('takes invalid JSON as shell form, as Docker does', function () {
    assert.equal(lastCommand(`FROM x\nCMD ["a", 'b']\n`)?.form, 'shell');
    assert.equal(lastCommand('FROM x\nCMD ["a", 1]\n')?.form, 'shell');
    assert.equal(lastCommand('FROM x\nCMD ["a"\n')?.form, 'shell');
  });

  it('splits shell form into words, quotes removed, and tells when a shell is needed', function () {
    const plain = lastCommand(`FROM x\nCMD exec dotnet "My App.dll" --urls 'http://+:8080'\n`);
    assert.deepEqual(plain?.words.map(w => w.value), ['exec', 'dotnet', 'My App.dll', '--urls', 'http://+:8080']);
    assert.equal(plain?.shellSyntax, false);
    for (const needsShell of ['dotnet $APP', 'a && b', 'a | b', 'a > log', 'A=1 dotnet x', 'dotnet *.dll', 'echo "$HOME"', 'echo `date`', 'a\\ b', 'echo "open']) {
      assert.equal(lastCommand(`FROM x\nCMD ${needsShell}\n`)?.shellSyntax, true, needsShell);
    }
  });

  it('reads HEALTHCHECK CMD after its flags, and nothing for HEALTHCHECK NONE', function () {
    assert.deepEqual(lastCommand('FROM x\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]\n')?.words.map(w => w.value), ['curl', '-f', 'http://localhost/']);
    assert.equal(lastCommand('FROM x\nHEALTHCHECK NONE\n'), undefined);
  });

  it('combines ENTRYPOINT and CMD as Docker does', function () {
    const words = (text: string) => {
      const context = createLintContext(text, { now });
      return commandLineWords(containerCommand(finalStage(context)!, context.lines)).map(w => w.value);
    };
    assert.deepEqual(words('FROM x\nCMD ["App.dll"]\nENTRYPOINT ["dotnet"]\n'), ['dotnet', 'App.dll']);
    assert.deepEqual(words('FROM x\nENTRYPOINT dotnet App.dll\nCMD ["ignored"]\n'), ['dotnet', 'App.dll']);
    assert.deepEqual(words('FROM x AS base\nCMD ["reset.dll"]\nFROM base\nENTRYPOINT ["dotnet"]\n'), ['dotnet']);
    assert.deepEqual(words('FROM x AS base\nENTRYPOINT ["dotnet"]\nFROM base\nCMD ["App.dll"]\n'), ['dotnet', 'App.dll']);
  });

  it('writes words back in the command\'s form', function () {
    assert.equal(execFormText(['dotnet', 'My "App".dll']), '["dotnet", "My \\"App\\".dll"]');
    assert.equal(wordsText('exec', ['dotnet', 'App.dll']), '"dotnet", "App.dll"');
    assert.equal(wordsText('shell', ['App.dll'], '"Old.dll"'), '"App.dll"');
    assert.equal(wordsText('shell', ['Web App.dll']), `'Web App.dll'`);
  });
});

describe('lint: publish options', function () {
  const options = (publish: string) => publishOptions(createLintContext(`FROM sdk AS build\nRUN dotnet publish ${publish}\nFROM runtime\n`, { now }));
  it('reads the self-contained switches', function () {
    assert.equal(options('--self-contained').selfContained, true);
    assert.equal(options('--self-contained false -o /app').selfContained, false);
    assert.equal(options('--sc:false').selfContained, false);
    assert.equal(options('--no-self-contained').selfContained, false);
    assert.equal(options('-o /app').selfContained, undefined);
  });
  it('reads MSBuild properties in every spelling', function () {
    assert.deepEqual(options('-p:UseAppHost=false /p:PublishAot=true --property:AssemblyName=Shop "-p:InvariantGlobalization=true" -p SelfContained=true'), {
      useAppHost: false, publishAot: true, assemblyName: 'Shop', invariantGlobalization: true, selfContained: true,
    });
  });
  it('stops at the end of the command', function () {
    assert.equal(options('-o /app && dotnet test -p:UseAppHost=false').useAppHost, undefined);
  });
});
