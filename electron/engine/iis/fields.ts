/**
 * W3C field names and the store column each one fills. Field names are matched case-insensitively;
 * anything not listed here is a custom field (X-Forwarded-For, x-session, streamid, …) and gets its
 * own interned string column.
 */

/** Columns holding numbers. */
export type NumCol = 'status' | 'substatus' | 'win32' | 'timeTaken' | 'scBytes' | 'csBytes' | 'port' | 'cPort';
/** Columns holding interned strings. */
export type StrCol =
  | 'site'
  | 'computer'
  | 'sIp'
  | 'cIp'
  | 'method'
  | 'stem'
  | 'query'
  | 'user'
  | 'userAgent'
  | 'referer'
  | 'host'
  | 'version'
  | 'cookie'
  | 'reason'
  | 'queue';

export const NUM_COLS: readonly NumCol[] = ['status', 'substatus', 'win32', 'timeTaken', 'scBytes', 'csBytes', 'port', 'cPort'];
export const STR_COLS: readonly StrCol[] = [
  'site', 'computer', 'sIp', 'cIp', 'method', 'stem', 'query', 'user', 'userAgent', 'referer', 'host', 'version', 'cookie', 'reason', 'queue',
];

/** What a field does with its value. `uri` is a full URI (HTTPERR `cs-uri`, Oracle `cs-uri`) split at '?'. */
export type Role =
  | { kind: 'date'; local: boolean }
  | { kind: 'time'; local: boolean }
  | { kind: 'nativeDate' }
  | { kind: 'num'; col: NumCol }
  | { kind: 'str'; col: StrCol }
  | { kind: 'uri' }
  | { kind: 'custom'; name: string };

const KNOWN: Record<string, Role> = {
  date: { kind: 'date', local: false },
  time: { kind: 'time', local: false },
  'date-local': { kind: 'date', local: true },
  'time-local': { kind: 'time', local: true },
  's-sitename': { kind: 'str', col: 'site' },
  's-siteid': { kind: 'str', col: 'site' },
  's-computername': { kind: 'str', col: 'computer' },
  's-ip': { kind: 'str', col: 'sIp' },
  'c-ip': { kind: 'str', col: 'cIp' },
  'cs-method': { kind: 'str', col: 'method' },
  'cs-uri-stem': { kind: 'str', col: 'stem' },
  'cs-uri-query': { kind: 'str', col: 'query' },
  'cs-uri': { kind: 'uri' },
  's-port': { kind: 'num', col: 'port' },
  'c-port': { kind: 'num', col: 'cPort' },
  'cs-username': { kind: 'str', col: 'user' },
  'c-auth-id': { kind: 'str', col: 'user' },
  'cs(user-agent)': { kind: 'str', col: 'userAgent' },
  'cs(referer)': { kind: 'str', col: 'referer' },
  'cs(referrer)': { kind: 'str', col: 'referer' },
  'cs(cookie)': { kind: 'str', col: 'cookie' },
  'cs-host': { kind: 'str', col: 'host' },
  'cs(host)': { kind: 'str', col: 'host' },
  'cs-version': { kind: 'str', col: 'version' },
  'sc-status': { kind: 'num', col: 'status' },
  'sc-substatus': { kind: 'num', col: 'substatus' },
  'sc-win32-status': { kind: 'num', col: 'win32' },
  'time-taken': { kind: 'num', col: 'timeTaken' },
  'sc-bytes': { kind: 'num', col: 'scBytes' },
  bytes: { kind: 'num', col: 'scBytes' },
  'cs-bytes': { kind: 'num', col: 'csBytes' },
  's-reason': { kind: 'str', col: 'reason' },
  's-queuename': { kind: 'str', col: 'queue' },
};

export function roleOf(field: string): Role {
  return KNOWN[field.toLowerCase()] ?? { kind: 'custom', name: field };
}

/** Field names that say "this is a web server log", used by the sniffer (date/time alone are not enough). */
export const WEB_FIELDS = new Set([
  'cs-method', 'cs-uri-stem', 'cs-uri', 'sc-status', 'c-ip', 's-ip', 'cs(user-agent)', 'time-taken', 's-sitename',
  'cs-username', 'sc-bytes', 's-reason', 'x-session',
]);
/** Fields only HTTP.sys error logs have. */
export const HTTPERR_FIELDS = new Set(['s-reason', 's-queuename']);

const W3C_DEFAULT = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';

/**
 * Field sets a headerless file may have been written with, by value count. The shape of each value is
 * checked too (see guess.ts), so two sets with the same count can both be listed.
 */
export const GUESS_SETS: readonly { format: 'iis-w3c' | 'httperr'; name: string; fields: readonly string[] }[] = [
  { format: 'iis-w3c', name: 'IIS default', fields: W3C_DEFAULT.split(' ') },
  {
    format: 'iis-w3c',
    name: 'IIS default with bytes',
    fields: 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken'.split(' '),
  },
  {
    format: 'iis-w3c',
    name: 'IIS with cookie and X-Forwarded-For',
    fields: 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Cookie) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken X-Forwarded-For'.split(' '),
  },
  {
    format: 'iis-w3c',
    name: 'IIS all standard fields',
    fields: 'date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken'.split(' '),
  },
  {
    format: 'iis-w3c',
    name: 'IIS FTP',
    fields: 'date time c-ip cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus x-session x-fullpath'.split(' '),
  },
  {
    format: 'httperr',
    name: 'HTTP.sys error log',
    fields: 'date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename'.split(' '),
  },
  {
    format: 'httperr',
    name: 'HTTP.sys error log with streamid',
    fields: 'date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename'.split(' '),
  },
  {
    format: 'httperr',
    name: 'HTTP.sys error log (Windows Server 2022)',
    fields: 'date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid streamid_ex sc-status s-siteid s-reason s-queuename transport fault-code extended-fault-code'.split(' '),
  },
];

/**
 * The IIS native (comma-separated) log's fixed fields. Its date is MM/DD/YY in server-local time;
 * the trailing comma leaves an empty last value.
 */
export const NATIVE_FIELDS: readonly string[] = [
  'c-ip', 'cs-username', 'date-native', 'time-local', 's-sitename', 's-computername', 's-ip', 'time-taken', 'cs-bytes',
  'sc-bytes', 'sc-status', 'sc-win32-status', 'cs-method', 'cs-uri-stem', 'cs-uri-query',
];

export function nativeRole(field: string): Role {
  return field === 'date-native' ? { kind: 'nativeDate' } : roleOf(field);
}
