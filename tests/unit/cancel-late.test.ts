/**
 * A cancel the session accepts always ends the load as cancelled, also when it arrives after the
 * parse read the last byte (while the index is being built): under load that window is wide, and
 * a file that turned up "loaded" after the user was told it stopped failed the e2e cancel test.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../electron/engine/load-file';

const SAMPLES = resolve(__dirname, '../../assets/samples');

describe('a late cancel', () => {
  for (const name of ['app01_orderservice.svclog', 'app01_u_ex261120.log']) {
    it(`stops ${name} even after its last byte was read`, async () => {
      const path = join(SAMPLES, name);
      const size = statSync(path).size;
      const abort = new AbortController();
      let sawEnd = false;
      const outcome = await loadFile({
        path,
        fileId: 'f',
        signal: abort.signal,
        onProgress: (bytesRead) => {
          if (bytesRead >= size && !sawEnd) {
            sawEnd = true;
            abort.abort();
          }
        },
      });
      expect(sawEnd).toBe(true);
      expect(outcome).toMatchObject({ ok: false, cancelled: true, problem: { message: 'Loading was cancelled.' } });
    });
  }

  it('a file cancelled before it was sniffed is not parsed', async () => {
    const abort = new AbortController();
    abort.abort();
    let progressed = false;
    const outcome = await loadFile({ path: join(SAMPLES, 'web01_orderportal.svclog'), fileId: 'f', signal: abort.signal, onProgress: () => (progressed = true) });
    expect(outcome).toMatchObject({ ok: false, cancelled: true });
    expect(progressed).toBe(false);
  });
});
