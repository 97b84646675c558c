// The version of the numbers the engine produces: part of every cache key and result file, so a
// change to any number (a kernel, a quadrature, a default) must bump it.
export const ENGINE_VERSION = '1.3.0';
