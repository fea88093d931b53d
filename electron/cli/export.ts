/** `tracelens export FILES… --format F -o OUT`: loads the files headless, then exports what the filter keeps. */
import { exportSession, type ExportOptions, type ExportOutcome } from '../services/export-service';
import { loadAll } from './load-all';
import { APP_VERSION } from './paths';

export { EXPORT_FORMATS, type ExportFormat } from '../services/export-formats';

export async function exportFiles(paths: readonly string[], o: Omit<ExportOptions, 'version'>): Promise<ExportOutcome> {
  const { infos, session, problems } = await loadAll(paths);
  const failed = [...problems, ...infos.filter((f) => f.state !== 'loaded').map((f) => `${f.path}: ${f.problems[0]?.message ?? f.state}`)];
  const r = await exportSession(session, { ...o, version: APP_VERSION });
  return { ...r, problems: [...failed, ...r.problems] };
}
