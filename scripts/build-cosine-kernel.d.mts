/** The cosine kernel's module bytes, compiled from packages/server/src/search/engine/cosine-kernel.wat. */
export function compileCosineKernel(): Promise<Buffer>;
