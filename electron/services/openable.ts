/**
 * What a workspace, a project or the settings may make TraceLens open: what the user could pick in
 * a file dialog to read as a log. Regular files only, never FIFOs, devices, folders or the kernel's
 * pseudo-files (/proc, /sys, /dev: /proc files claim to be regular and empty), checked on the
 * real path (a symlink to /dev/zero is /dev/zero). Small files are read through one descriptor:
 * opened without blocking (a FIFO would block the open), checked with fstat, then read with a
 * bound, so a file that grows or lies about its size cannot exhaust memory.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { ServiceError } from './errors';

const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

function underPseudoRoot(real: string): boolean {
  return process.platform !== 'win32' && PSEUDO_ROOTS.some((root) => real === root || real.startsWith(root + sep));
}

/** Why `path` may not be opened as a file, or null when it may (it exists and is a regular file). */
export function notOpenable(path: string): string | null {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return 'it does not exist';
  }
  if (underPseudoRoot(real)) return 'it is a system pseudo-file, not a log';
  try {
    if (!statSync(real).isFile()) return 'it is not a regular file (a folder, a pipe or a device)';
  } catch {
    return 'it cannot be read';
  }
  return null;
}

/** Reads a small text file, refusing anything but a regular file of at most `maxBytes`. */
export function readSmallFile(path: string, maxBytes: number, what: string, name: string): string {
  const why = notOpenable(path);
  if (why) throw new ServiceError(why === 'it does not exist' ? 'not-found' : 'invalid-request', `The ${what} ${name} cannot be opened: ${why}.`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new ServiceError('not-found', `The ${what} ${name} cannot be opened (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ServiceError('invalid-request', `The ${what} ${name} cannot be opened: it is not a regular file.`);
    if (st.size > maxBytes) throw new ServiceError('too-large', `The ${what} ${name} is ${st.size} bytes; a ${what} is at most ${maxBytes}.`);
    const buf = Buffer.alloc(maxBytes + 1);
    let n = 0;
    for (;;) {
      const got = n < buf.length ? readSync(fd, buf, n, buf.length - n, null) : 0;
      if (got === 0) break;
      n += got;
    }
    if (n > maxBytes) throw new ServiceError('too-large', `The ${what} ${name} is larger than ${maxBytes} bytes, the most a ${what} may be.`);
    return buf.toString('utf8', 0, n).replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}
