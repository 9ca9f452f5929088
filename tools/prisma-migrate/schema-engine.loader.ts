import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as SchemaEngineRuntime from '@prisma/schema-engine-wasm/schema_engine_bg';

export type SchemaEngine = SchemaEngineRuntime.SchemaEngine;

// Node has WebAssembly globally, but the ES lib typings do not declare it.
type WasmExports = Record<string, unknown>;
interface WasmGlobal {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: WasmExports };
}
const { WebAssembly: Wasm } = globalThis as unknown as { WebAssembly: WasmGlobal };

// The package is ESM; TypeScript compiling to CommonJS would turn a plain
// import() into require(), so the import is kept as a real dynamic import.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

declare global {
  // The WASM module reports Rust panics through this global (the Prisma CLI defines it).
  var PRISMA_WASM_PANIC_REGISTRY: { message: string; set_message(message: string): void };
}

/**
 * Loads Prisma's schema engine compiled to WebAssembly (wasm-bindgen's
 * bundler target, as @prisma/internals does), so migrations need no
 * downloaded binary.
 */
export async function loadSchemaEngineRuntime(): Promise<typeof SchemaEngineRuntime> {
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: '',
    set_message(message: string) {
      this.message = message;
    },
  };
  const runtime = (await importEsm('@prisma/schema-engine-wasm/schema_engine_bg')) as typeof SchemaEngineRuntime & {
    __wbg_set_wasm(exports: WasmExports): void;
  };
  const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm');
  const module = new Wasm.Module(await fs.readFile(wasmPath));
  const instance = new Wasm.Instance(module, { './schema_engine_bg.js': runtime });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return runtime;
}
