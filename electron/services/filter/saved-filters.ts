/**
 * The filter a workspace file brings (its `filters` object: the filter bar's parts, `sort`, and
 * the custom filter `library`) is untrusted JSON: each part is checked against the contract's
 * schema and a bad part is dropped with a sentence, so a hand-edited or hostile workspace can
 * never make every view's request invalid.
 */
import { customFilterSchema, traceFilterSchema } from '../../../shared/channels/filter';

export function sanitizeSavedFilters(filters: Record<string, unknown>, name: string): { filters: Record<string, unknown>; problems: string[] } {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  const shape = traceFilterSchema.shape;
  for (const [key, value] of Object.entries(filters)) {
    if (key === 'sort') out.sort = value;
    else if (key === 'library') {
      const list = Array.isArray(value) ? value : [];
      const ok = list.map((f) => customFilterSchema.safeParse(f)).filter((r) => r.success).map((r) => r.data);
      if (ok.length < list.length || !Array.isArray(value)) problems.push(`${name}: ${Array.isArray(value) ? list.length - ok.length : 'its'} custom filter(s) could not be read and were left out.`);
      out.library = ok;
    } else if (key in shape) {
      const r = shape[key as keyof typeof shape].safeParse(value);
      if (r.success) out[key] = r.data;
      else problems.push(`${name}: its saved filter part "${key}" is not valid and was left out.`);
    }
  }
  return { filters: out, problems };
}
