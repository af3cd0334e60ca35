import * as assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { contextCopy, copyWordRanges } from '../../../src/core/lint/copyInstructions';

// What a COPY/ADD takes from the context, as Docker reads its words, and where each word is written.

function copyOf(line: string) {
  const instruction = DockerfileParser.parse(`FROM scratch\n${line}\n`).getInstructions()[1]!;
  return contextCopy(instruction);
}

describe('COPY sources as Docker reads them', function () {
  const cases: Array<[string, readonly string[] | undefined, string?]> = [
    ['COPY "src/A/A.csproj" "src/A/"', ['src/A/A.csproj'], 'src/A/'],
    ["COPY 'src/A/A.csproj' ./", ['src/A/A.csproj'], './'],
    ['COPY src/"A"/A.csproj ./', ['src/A/A.csproj']],
    ['COPY ["src/My App/A.csproj", "src/My App/"]', ['src/My App/A.csproj'], 'src/My App/'],
    ['COPY --chown=app:app "a.csproj" "b.csproj" ./', ['a.csproj', 'b.csproj'], './'],
    // An unpaired quote is left as written: Docker refuses the line, there is nothing better to read.
    ['COPY "src/A.csproj ./', ['"src/A.csproj']],
    ['COPY --from=build "/app" .', undefined],
    ['COPY <<EOF /app/x\nx\nEOF', undefined],
  ];
  for (const [line, sources, destination] of cases) {
    it(`${JSON.stringify(line)} copies ${JSON.stringify(sources)}`, function () {
      const copy = copyOf(line);
      assert.deepEqual(copy?.sources, sources);
      if (destination !== undefined) assert.equal(copy?.destination, destination);
    });
  }
});

describe('where the words of a COPY are written', function () {
  const cases: Array<[string, readonly string[]]> = [
    ['COPY "src/A/A.csproj" "src/A/"', ['"src/A/A.csproj"', '"src/A/"']],
    ['COPY ["src/My App/A.csproj", "src/My App/"]', ['"src/My App/A.csproj"', '"src/My App/"']],
    ['COPY --link --chown=app ["a.csproj","b\\"c.csproj", "./"]', ['"a.csproj"', '"b\\"c.csproj"', '"./"']],
    ['COPY a.csproj \\\n  b.csproj ./', ['a.csproj', 'b.csproj', './']],
    ['COPY ["a.csproj", \\\n  "./"]', ['"a.csproj"', '"./"']],
  ];
  for (const [line, words] of cases) {
    it(JSON.stringify(line), function () {
      const text = `FROM scratch\n${line}\n`;
      const instruction = DockerfileParser.parse(text).getInstructions()[1]!;
      const ranges = copyWordRanges(contextCopy(instruction)!);
      const lines = text.split('\n');
      const written = ranges?.map(r => {
        assert.equal(r.start.line, r.end.line);
        return lines[r.start.line]!.slice(r.start.character, r.end.character);
      });
      assert.deepEqual(written, words);
    });
  }
});
