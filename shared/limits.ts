/**
 * The longest names the contract carries, set to the longest legal value of each field so that no
 * name a real file holds is refused when it is picked in a filter (the views shorten long names for
 * display instead). The whole request is still bounded by MAX_REQUEST_BYTES.
 */
/** A computer: a DNS name is at most 255 characters (a NetBIOS name, 15). */
export const MAX_COMPUTER_CHARS = 255;
/** A process: its image path, up to Windows' long-path limit. */
export const MAX_PROCESS_CHARS = 32_767;
/** "process on computer", as the filters and the graph label processes. */
export const MAX_PROCESS_LABEL_CHARS = MAX_PROCESS_CHARS + ' on '.length + MAX_COMPUTER_CHARS;
/** A trace source name (a .NET string; kept to the same bound as a process). */
export const MAX_SOURCE_CHARS = 32_767;
/** A URI stem or an address: HTTP.sys accepts request lines up to 64 KiB (MaxFieldLength 65534). */
export const MAX_URI_CHARS = 65_534;
