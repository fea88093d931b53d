export interface Kernel {
  source: string;
  module: string;
  name: string;
}
export declare const KERNELS: readonly Kernel[];
export declare function compileKernel(source: string): Promise<Buffer>;
export declare function kernelModuleText(kernel: Kernel, bytes: Buffer): string;
