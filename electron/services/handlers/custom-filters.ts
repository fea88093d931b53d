/** Handlers of the custom filter channels (shared/channels/custom-filters.ts). */
import { writeFile } from 'node:fs/promises';
import type { CustomFilterResponses } from '../../../shared/channels/custom-filters';
import { ServiceError } from '../errors';
import { parseStvcf, writeStvcf } from '../filter/stvcf';
import { traceNodes } from '../filter/trace-nodes';
import { saveTo } from './files-io';
import type { HandlersFor } from './types';

export const customFilterHandlers: HandlersFor<keyof CustomFilterResponses> = {
  async 'customFilters.nodes'(req, ctx) {
    const info = ctx.session.list().find((f) => f.id === req.fileId);
    if (!info || info.format !== 'svclog') throw new ServiceError('not-found', 'Custom filters are built from a WCF trace; select a trace in the trace list.');
    const detail = await ctx.session.detail(req.fileId, req.index);
    return traceNodes(detail.raw);
  },
  'customFilters.read': (req) => parseStvcf(req.text, req.name),
  'customFilters.save': (req, ctx) =>
    saveTo(ctx, 'filters.stvcf', [{ name: 'Service Trace Viewer custom filters', extensions: ['stvcf'] }], async (path) => {
      await writeFile(path, writeStvcf(req.filters), 'utf8');
    }),
};
