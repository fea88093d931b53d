/**
 * electron-builder.yml, loaded and validated by electron-builder's own code (app-builder-lib's
 * getConfig and validateConfiguration, against its scheme.json) as `npm run dist` would, so a
 * typo fails here instead of on a release machine; and what the installers must do: open our
 * file types, and run with Electron's fuses set as the README says.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';

const REPO = resolve(__dirname, '../..');
const scheme = (await import('app-builder-lib/scheme.json', { with: { type: 'json' } })).default as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };

interface BuilderConfig {
  extraMetadata?: { main?: string };
  /** electron-builder normalises the list into one pattern set. */
  files?: { filter: string[] }[];
  electronFuses?: Record<string, boolean>;
  fileAssociations?: { ext: string; name?: string; role?: string; mimeType?: string }[];
}

const load = async (): Promise<BuilderConfig> => (await getConfig(REPO, join(REPO, 'electron-builder.yml'), null)) as BuilderConfig;
const validate = (c: BuilderConfig): Promise<void> => validateConfiguration(c as Configuration, new DebugLogger(false));

describe('electron-builder.yml', () => {
  it('is valid for electron-builder', async () => {
    await expect(validate(await load())).resolves.toBeUndefined();
  });

  it('is really checked: an unknown option or a misspelt fuse is refused', async () => {
    const typo = await load();
    typo.fileAssociations![0] = { ...typo.fileAssociations![0], ...{ extension: 'svclog' } };
    await expect(validate(typo)).rejects.toThrow(/fileAssociations\.0 has an unknown property 'extension'/);
    const fuse = await load();
    fuse.electronFuses = { ...fuse.electronFuses, runAsNod: false };
    await expect(validate(fuse)).rejects.toThrow(/electronFuses/);
  });

  it('associates the trace, Service Trace Viewer project and workspace extensions', async () => {
    const assoc = (await load()).fileAssociations ?? [];
    expect(assoc.map((a) => a.ext).sort()).toEqual(['e2e', 'stvproj', 'svclog', 'tracelens']);
    for (const a of assoc) {
      expect(a.name, a.ext).toBeTruthy();
      expect(a.mimeType, `${a.ext}: Linux desktop files need a MIME type`).toMatch(/^application\/x-[\w.-]+$/);
    }
    expect(assoc.find((a) => a.ext === 'tracelens')?.role).toBe('Editor');
  });

  it('sets every Electron fuse electron-builder knows, as the README says', async () => {
    const fuses = (await load()).electronFuses ?? {};
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
    // A fuse added to electron-builder gets a decision here (resetAdHocDarwinSignature is a
    // signing option, not a fuse).
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties).filter((k) => k !== 'resetAdHocDarwinSignature');
    expect(Object.keys(fuses).sort()).toEqual(known.sort());
  });

  it('packages the built app without source maps or benchmarks, starting at out/main.cjs', async () => {
    const c = await load();
    expect(c.extraMetadata?.main).toBe('out/main.cjs');
    expect(c.files?.[0].filter).toEqual(expect.arrayContaining(['out/**/*', '!out/**/*.map', '!out/bench/**']));
  });
});
