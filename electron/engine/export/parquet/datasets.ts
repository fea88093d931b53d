/**
 * The Parquet export's datasets and their columns: the stable schema (README "Fleet scale"). A
 * column is only ever added at the end; renaming or retyping one is a breaking change.
 * Every dataset is partitioned by `day` (UTC day of its adjusted time) and `machine` (the machine
 * identity, names joined as in the Machines panel), which live in the path, not in the files.
 */
import type { ColumnDef, DatasetSpec } from './schema';

const time: ColumnDef = { name: 'time', kind: 'timestamp', doc: 'clock-adjusted time (raw − the machine\'s offset; raw with --raw-time)' };
const rawTime: ColumnDef = { name: 'raw_time', kind: 'timestamp', doc: 'time as the machine wrote it' };
const file: ColumnDef = { name: 'file', kind: 'string', doc: 'path of the file it came from' };
const record: ColumnDef = { name: 'record', kind: 'int64', doc: 'record number in the file (0-based, as the app counts)' };
const offset: ColumnDef = { name: 'byte_offset', kind: 'int64', doc: 'byte offset of the record in the file' };
const host: ColumnDef = { name: 'host', kind: 'string', doc: 'computer name as the file wrote it (the `machine` partition is its joined identity)' };
const s = (name: string, doc: string): ColumnDef => ({ name, kind: 'string', doc });
const i32 = (name: string, doc: string): ColumnDef => ({ name, kind: 'int32', doc });
const i64 = (name: string, doc: string): ColumnDef => ({ name, kind: 'int64', doc });

export const SVCLOG_EVENTS: DatasetSpec = {
  name: 'svclog_events',
  doc: 'one row per WCF trace (E2ETraceEvent) the filter keeps',
  columns: [
    time, rawTime, i32('tick', '7th fractional digit of the time (100 ns)'), file, record, offset, host,
    s('process', 'process name'), i32('pid', 'process id'), i32('thread', 'thread id'),
    s('level', 'Critical, Error, Warning, Information, Verbose or ActivityTracing'), s('type', 'SubType (Start, Stop, Transfer, …)'),
    s('source', 'trace source'), i64('event_id', 'EventID'), s('activity_id', 'ActivityID (joins svclog_activities.activity_id)'),
    s('related_activity_id', 'RelatedActivityID (a transfer\'s target)'), s('activity_name', 'ActivityName'),
    s('description', 'description'), s('exception_type', 'outermost exception type'), s('exception_message', 'outermost exception message'),
  ],
};

export const SVCLOG_ACTIVITIES: DatasetSpec = {
  name: 'svclog_activities',
  doc: 'one row per activity with at least one trace the filter keeps; partitioned by its first trace',
  columns: [
    s('activity_id', 'ActivityID GUID'), s('name', 'activity name'), s('type', 'activity type (listen, receive bytes, process action, …)'),
    { name: 'start', kind: 'timestamp', doc: 'first trace, adjusted' }, { name: 'end', kind: 'timestamp', doc: 'last trace, adjusted' },
    { name: 'raw_start', kind: 'timestamp', doc: 'first trace, raw' }, { name: 'raw_end', kind: 'timestamp', doc: 'last trace, raw' },
    i64('duration_us', 'end − start, µs'), i64('traces', 'traces the filter keeps'), i64('total_traces', 'all its traces'),
    s('worst_level', 'worst level of its traces'), s('hosts', 'computers, comma-separated'), s('processes', 'processes, comma-separated'),
    i32('transfers_in', 'transfers into it'), i32('transfers_out', 'transfers out of it'), { name: 'unbalanced', kind: 'boolean', doc: 'starts and stops do not pair up' },
  ],
};

export const SVCLOG_MESSAGES: DatasetSpec = {
  name: 'svclog_messages',
  doc: 'one row per logged message (MessageLogTraceRecord) whose trace the filter keeps',
  columns: [
    time, rawTime, file, record, offset, host, s('process', 'process name'), s('direction', 'sent or received'), s('layer', 'ServiceLevel, TransportLevel, …'),
    s('source', 'message log source'), s('type', 'message type'), s('action', 'SOAP Action'), s('message_id', 'WS-Addressing MessageID'), s('relates_to', 'RelatesTo'),
    s('to', 'To address'), s('activity_id', 'activity of its trace'), s('correlation_id', 'ActivityId header CorrelationId'),
    s('http_method', 'HTTP method'), s('http_status', 'HTTP status'), i64('body_size', 'body bytes (−1: no body)'),
  ],
};

export const SVCLOG_PAIRS: DatasetSpec = {
  name: 'svclog_pairs',
  doc: 'matched messages: a send and its receive, a request and its reply; kept when either end\'s trace is kept; partitioned by the `from` end',
  columns: [
    s('kind', 'send-receive or request-reply'), s('matched_by', 'correlation-id, message-id, activity-action, relates-to, exchange'),
    s('from_file', 'file of the send / request (joins svclog_events.file)'), i64('from_record', 'its record (joins svclog_events.record)'), s('from_host', 'its computer'),
    { name: 'from_time', kind: 'timestamp', doc: 'its adjusted time' }, { name: 'from_raw_time', kind: 'timestamp', doc: 'its raw time' },
    s('to_file', 'file of the receive / reply'), i64('to_record', 'its record'), s('to_host', 'its computer'),
    { name: 'to_time', kind: 'timestamp', doc: 'its adjusted time' }, { name: 'to_raw_time', kind: 'timestamp', doc: 'its raw time' },
    i64('latency_us', 'to_time − from_time, µs (adjusted)'),
  ],
};

/** IIS and HTTPERR share their columns: every field the engine knows, null where a log lacks it. */
const requestColumns = (what: string): ColumnDef[] => [
  time, rawTime, file, record, offset, host, s('format', 'iis-w3c, iis-native or httperr'),
  s('site', 's-sitename'), s('server_ip', 's-ip'), i32('port', 's-port'), s('client_ip', 'c-ip'), i32('client_port', 'c-port'),
  s('method', 'cs-method'), s('uri_stem', 'cs-uri-stem'), s('uri_query', 'cs-uri-query'), s('user', 'cs-username'), s('user_agent', 'cs(User-Agent)'),
  s('referer', 'cs(Referer)'), s('cs_host', 'cs-host'), s('protocol_version', 'cs-version / protocol'), s('cookie', 'cs(Cookie)'),
  i32('status', 'sc-status'), i32('substatus', 'sc-substatus'), i64('win32_status', 'sc-win32-status'), i64('time_taken_ms', 'time-taken, ms'),
  i64('sc_bytes', 'sc-bytes'), i64('cs_bytes', 'cs-bytes'), s('reason', 'HTTPERR s-reason'), s('queue', 'HTTPERR s-queuename'),
  s('extra', `other fields of the ${what} as a JSON object`),
  s('wcf_activity_id', 'the WCF activity that served it, as the request pane links it (joins svclog_activities.activity_id)'),
];

export const IIS_REQUESTS: DatasetSpec = { name: 'iis_requests', doc: 'one row per IIS request (W3C and IIS native logs) the filter keeps', columns: requestColumns('log line') };
export const HTTPERR_ENTRIES: DatasetSpec = { name: 'httperr_entries', doc: 'one row per HTTP.sys error log (HTTPERR) entry the filter keeps', columns: requestColumns('entry') };

export const FREB_REQUESTS: DatasetSpec = {
  name: 'freb_requests',
  doc: 'one row per failed-request trace (FREB file) with at least one event the filter keeps',
  columns: [
    { name: 'start', kind: 'timestamp', doc: 'first event' }, { name: 'end', kind: 'timestamp', doc: 'last event' }, file, host,
    s('url', 'url'), s('verb', 'verb'), i32('status', 'statusCode'), i32('substatus', 'subStatus'), i64('time_taken_ms', 'timeTaken'),
    s('failure_reason', 'failureReason'), s('activity_id', 'activityId'), s('site_id', 'siteId'), s('process_id', 'processId'), i32('events', 'events in the file'),
  ],
};

export const FREB_EVENTS: DatasetSpec = {
  name: 'freb_events',
  doc: 'one row per event of a failed-request trace the filter keeps',
  columns: [time, rawTime, file, record, offset, host, s('provider', 'provider'), s('name', 'opcode name or event id'), i32('level', 'ETW level 0–5'), s('process_id', 'process id'), s('activity_id', 'ActivityID (joins freb_requests.activity_id)'), s('data', 'event data as a JSON object')],
};

export const EVTX_RECORDS: DatasetSpec = {
  name: 'evtx_records',
  doc: 'one row per Windows event log (.evtx) record the filter keeps',
  columns: [
    time, rawTime, i32('tick', '7th fractional digit (100 ns)'), file, record, offset, host, i64('record_id', 'EventRecordID'), i32('event_id', 'EventID'), i32('level', 'level 0–5'),
    i32('task', 'task'), i32('opcode', 'opcode'), i32('pid', 'process id'), i32('tid', 'thread id'), s('provider', 'provider'), s('channel', 'channel'), s('user', 'user SID'),
    s('activity_id', 'ActivityID (WCF activity for ServiceModel events)'), s('related_activity_id', 'RelatedActivityID'), s('keywords', 'keywords'), s('text', 'EventData / UserData, one line'),
  ],
};

export const DATASETS: readonly DatasetSpec[] = [SVCLOG_EVENTS, SVCLOG_ACTIVITIES, SVCLOG_MESSAGES, SVCLOG_PAIRS, IIS_REQUESTS, HTTPERR_ENTRIES, FREB_REQUESTS, FREB_EVENTS, EVTX_RECORDS];
