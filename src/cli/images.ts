import { connectEngine, formatAge, formatImageSize, LocalImages } from '../core/engine';
import { CliCommand, stringOption } from './command';
import { CommandIo, exitCode } from './output';

// The same core as the Images view.

export const imagesCommand: CliCommand = {
  name: 'images',
  operandCount: { min: 0, max: 0 },
  options: {
    format: { type: 'string', value: 'text|json', description: 'text (default) or JSON' },
  },
  summary: 'Local images of the container engine, by repository (tags newest first), and the untagged ones.',
  exits: '0 listed, 1 the engine failed (one line on stderr), 2 a bad argument.',
  async run(args, io) {
    const format = stringOption(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') {
      io.err(`dotnet-containers images: --format must be text or json, not "${format}"`);
      return exitCode.usage;
    }
    const engine = await connectEngine({ env: io.env });
    if (!engine.ok) {
      io.err(`dotnet-containers images: ${engine.error.message}`);
      return exitCode.findings;
    }
    try {
      const images = await engine.value.listImages();
      if (!images.ok) {
        io.err(`dotnet-containers images: ${images.error.message}`);
        return exitCode.findings;
      }
      io.out(format === 'json' ? JSON.stringify(images.value, null, 2) : imagesAsText(images.value, io).join('\n'));
      return exitCode.ok;
    } finally {
      engine.value.close();
    }
  },
};

/** One block per repository, its tags indented in aligned columns: tag, image id, age, size. */
function imagesAsText(images: LocalImages, { now }: CommandIo): string[] {
  const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);
  const rows = (entries: ReadonlyArray<readonly string[]>) => {
    const widths = entries[0]!.map((_, column) => Math.max(...entries.map(entry => entry[column]!.length)));
    return entries.map(entry => `  ${entry.map((cell, column) => (column === entry.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`);
  };
  const lines: string[] = [];
  for (const repository of images.repositories) {
    lines.push(repository.repository);
    lines.push(...rows(repository.tags.map(tag => [tag.tag, shortId(tag.id), formatAge(tag.created, now), formatImageSize(tag.size)])));
  }
  if (images.untagged.length) {
    lines.push('<untagged>');
    lines.push(...rows(images.untagged.map(image => [shortId(image.id), image.repository ?? '<none>', formatAge(image.created, now), formatImageSize(image.size)])));
  }
  return lines.length ? lines : ['no images'];
}
