import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { directoryEntries, tarHeader, writeTar } from '../../../src/core/diagnostics/tar';

async function tarBytes(entries: Parameters<typeof writeTar>[0]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', chunk => chunks.push(chunk as Buffer));
  await writeTar(entries, out, 1_764_900_000);
  return Buffer.concat(chunks);
}

describe('diagnostics: the tar stream that carries the tools into the side container', () => {
  it('writes ustar headers: name, octal mode and size, root owner, a checksum over the header', () => {
    const header = tarHeader({ path: 'a/b.dll', type: 'file', mode: 0o644, size: 1234, mtime: 1_764_900_000 });
    assert.equal(header.length, 512);
    assert.equal(header.toString('utf8', 0, 7), 'a/b.dll');
    assert.equal(header.toString('ascii', 100, 107), '0000644');
    assert.equal(header.toString('ascii', 124, 135), (1234).toString(8).padStart(11, '0'));
    assert.equal(header.toString('ascii', 156, 157), '0');
    assert.equal(header.toString('ascii', 257, 262), 'ustar');
    const stored = parseInt(header.toString('ascii', 148, 154), 8);
    const copy = Buffer.from(header);
    copy.write('        ', 148, 8, 'ascii');
    assert.equal(stored, copy.reduce((sum, byte) => sum + byte, 0));
    const dir = tarHeader({ path: 'out', type: 'dir', mode: 0o1777, size: 0, mtime: 0 });
    assert.equal(dir.toString('utf8', 0, 4), 'out/');
    assert.equal(dir.toString('ascii', 100, 107), '0001777');
    assert.equal(dir.toString('ascii', 156, 157), '5');
  });

  it('puts a long path\'s folders in the prefix field, and refuses absolute paths, `..` and what does not fit', () => {
    const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/file.dll`;
    const header = tarHeader({ path: long, type: 'file', mode: 0o644, size: 0, mtime: 0 });
    assert.equal(header.toString('utf8', 0, 100).replace(/\0+$/, ''), `${'e'.repeat(60)}/file.dll`);
    assert.equal(header.toString('utf8', 345, 500).replace(/\0+$/, ''), 'd'.repeat(60));
    for (const bad of ['/etc/passwd', 'a/../b', '']) assert.throws(() => tarHeader({ path: bad, type: 'file', mode: 0o644, size: 0, mtime: 0 }), /not a relative path/);
    assert.throws(() => tarHeader({ path: 'x'.repeat(101), type: 'file', mode: 0o644, size: 0, mtime: 0 }), /too long/);
  });

  it('streams a folder and bytes that GNU tar lists back with the modes and owners we gave, content intact', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-tar-'));
    try {
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.writeFileSync(path.join(dir, 'tool.dll'), Buffer.alloc(1500, 7));
      fs.writeFileSync(path.join(dir, 'sub', 'empty.json'), '');
      const bytes = await tarBytes([
        { path: 'root', type: 'dir', mode: 0o755 },
        { path: 'root/out', type: 'dir', mode: 0o1777 },
        { path: 'root/note.txt', type: 'file', mode: 0o600, source: Buffer.from('hello\n') },
        ...directoryEntries(dir, 'root/tool'),
      ]);
      assert.equal(bytes.length % 512, 0);
      const archive = path.join(dir, 'x.tar');
      fs.writeFileSync(archive, bytes);
      let listing: string;
      try {
        listing = execFileSync('tar', ['--numeric-owner', '-tvf', archive], { encoding: 'utf8' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') this.skip();
        throw error;
      }
      const lines = listing.trim().split('\n').map(line => line.split(/\s+/));
      assert.deepEqual(lines.map(parts => [parts[0], parts[1], parts[2], parts[parts.length - 1]]), [
        ['drwxr-xr-x', '0/0', '0', 'root/'],
        ['drwxrwxrwt', '0/0', '0', 'root/out/'],
        ['-rw-------', '0/0', '6', 'root/note.txt'],
        ['drwxr-xr-x', '0/0', '0', 'root/tool/'],
        ['drwxr-xr-x', '0/0', '0', 'root/tool/sub/'],
        ['-rw-r--r--', '0/0', '0', 'root/tool/sub/empty.json'],
        ['-rw-r--r--', '0/0', '1500', 'root/tool/tool.dll'],
      ]);
      assert.equal(execFileSync('tar', ['-xOf', archive, 'root/note.txt'], { encoding: 'utf8' }), 'hello\n');
      assert.ok(execFileSync('tar', ['-xOf', archive, 'root/tool/tool.dll']).equals(Buffer.alloc(1500, 7)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
