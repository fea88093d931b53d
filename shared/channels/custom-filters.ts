/**
 * Custom (XPath) filters: the nodes of one trace to build one from, and reading and saving
 * Service Trace Viewer `.stvcf` files. Applying one is part of the filter value (filter.ts).
 */
import { z } from 'zod';
import type { Saved } from './files-io';
import { fileId } from './core';
import { customFilterSchema, type CustomFilter } from './filter';

export const customFilterSchemas = {
  /** The selected trace's elements and attributes, each with its XPath. */
  'customFilters.nodes': z.object({ fileId, index: z.number().int().min(0) }).strict(),
  /** Reads a `.stvcf` file's text (the page read it from a file the user picked). */
  'customFilters.read': z.object({ name: z.string().min(1).max(1024), text: z.string().max(512 * 1024) }).strict(),
  /** Writes filters as a `.stvcf` file (a download in the browser host). */
  'customFilters.save': z.object({ filters: z.array(customFilterSchema).min(1).max(200) }).strict(),
} as const;

export interface TraceNode {
  /** XPath selecting exactly this node. */
  path: string;
  name: string;
  /** Text of a leaf element, or the attribute's value ('' for elements with children). */
  value: string;
  attribute: boolean;
  depth: number;
}

export interface TraceNodes {
  nodes: TraceNode[];
  /** Prefixes the paths use beyond the predeclared E2E, System, ApplicationData, TraceRecord. */
  namespaces: Record<string, string>;
  problem?: string;
}

export interface CustomFilterResponses {
  'customFilters.nodes': TraceNodes;
  'customFilters.read': { filters: CustomFilter[]; problems: string[] };
  'customFilters.save': Saved;
}
