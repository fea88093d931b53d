/**
 * Interning shared by the engines: the byte interner (IIS columns and svclog values, with the
 * layout its WebAssembly twin in the IIS row kernel shares), its value hash, and the string table
 * that merges the parts parsed by workers.
 */
export { ByteInterner, DEFAULT_LIMITS, EMPTY_ID, LAZY_ID, decodeValues, type InternLimits, type Interner, type InternerDump } from './byte-interner';
export { HASH_SEED, HASH_SEED_ODD, finishHash, hashRange, mixWord } from './value-hash';
export { StringTable, hashString, hashStrings } from './string-table';
export { DICT_BYTES, DICT_FIELD } from './layout';
