/**
 * A folder as a zip file (fflate's streaming Zip), for the browser host: a Parquet export is a
 * folder of datasets, and a page can only download a file. Entries are stored, not deflated: the
 * Parquet pages are compressed already. Files are read in chunks, so memory stays small.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join, relative, sep } from 'node:path';
import { Zip, ZipPassThrough } from 'fflate';

export async function zipFolder(dir: string, zipPath: string): Promise<void> {
  const out = createWriteStream(zipPath, { flags: 'wx' });
  let failed: Error | null = null;
  const zip = new Zip((err, chunk, final) => {
    if (err) failed = err;
    else out.write(chunk);
    if (final || err) out.end();
  });
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const paths = entries.map((e) => join(e.parentPath, e.name)).sort();
  for (const path of paths) {
    const entry = new ZipPassThrough(relative(dir, path).split(sep).join('/'));
    zip.add(entry);
    for await (const chunk of createReadStream(path)) entry.push(chunk as Uint8Array);
    entry.push(new Uint8Array(0), true);
  }
  zip.end();
  if (!out.writableFinished) await once(out, 'finish');
  if (failed) throw failed;
}
