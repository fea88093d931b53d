import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_BYTES, maxFileBytesFromEnv, parseSize } from '../../electron/services/size-limit';

describe('file size limit', () => {
  it('parses sizes with units', () => {
    expect(parseSize('500M')).toBe(500 * 1024 ** 2);
    expect(parseSize('1.5GB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('123456')).toBe(123456);
    expect(parseSize('2 t')).toBe(2 * 1024 ** 4);
    for (const bad of ['', 'lots', '-5M', '0', '5 X']) expect(parseSize(bad)).toBeUndefined();
  });

  it('reads the environment, falling back to the default', () => {
    expect(maxFileBytesFromEnv({ TRACELENS_MAX_FILE_SIZE: '10M' })).toBe(10 * 1024 ** 2);
    expect(maxFileBytesFromEnv({ TRACELENS_MAX_FILE_SIZE: 'nonsense' })).toBe(DEFAULT_MAX_FILE_BYTES);
    expect(maxFileBytesFromEnv({})).toBe(DEFAULT_MAX_FILE_BYTES);
  });
});
