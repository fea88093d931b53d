export declare const KERNEL_SOURCE: string;
export declare const KERNEL_MODULE: string;
export declare function compileRowKernel(): Promise<Buffer>;
export declare function kernelModuleText(bytes: Buffer): string;
