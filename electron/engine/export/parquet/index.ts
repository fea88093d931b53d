/** The Parquet export's engine side: dataset schemas and the partitioned, streaming writer. */
export { DATASETS, EVTX_RECORDS, FREB_EVENTS, FREB_REQUESTS, HTTPERR_ENTRIES, IIS_REQUESTS, SVCLOG_ACTIVITIES, SVCLOG_EVENTS, SVCLOG_MESSAGES, SVCLOG_PAIRS } from './datasets';
export { dayOf, partitionName, PartitionedDataset } from './partitioned-writer';
export type { Cell, ColumnDef, DatasetSpec } from './schema';
