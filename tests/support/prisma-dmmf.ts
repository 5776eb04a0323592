// Prisma's own reading of prisma/schema.prisma (its DMMF), straight from the schema wasm that ships
// inside the `prisma` CLI package. The schema-drift test compares the migrated database against
// this, so it needs no hand-written parser of the schema language. The wasm is wasm-bindgen
// output; the few host functions it imports are provided here (matched by name prefix, because
// the suffixes are hashes that change between Prisma releases).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};
export type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[]; primaryKey: { fields: string[] } | null };
export type DmmfEnum = { name: string; dbName?: string | null; values: { name: string; dbName: string | null }[] };
export type DmmfIndex = { model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: { name: string }[]; dbName?: string | null };
export type Datamodel = { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };

type Exports = {
  memory: WebAssembly.Memory;
  __wbindgen_externrefs: WebAssembly.Table;
  __wbindgen_start(): void;
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
  __externref_table_dealloc(index: number): void;
  get_dmmf(ptr: number, len: number): [number, number, number, number];
};

const wasmPath = () =>
  path.join(path.dirname(createRequire(__filename).resolve("prisma/package.json")), "build", "prisma_schema_build_bg.wasm");

function instantiate(): { exports: Exports; panic: () => string | undefined } {
  const wasmModule = new WebAssembly.Module(readFileSync(wasmPath()));
  // Filled in after instantiation; the host functions below only run once it is set.
  const state: { exports?: Exports; panic?: string } = {};
  const text = (ptr = 0, len = 0) => {
    if (!state.exports) throw new Error("wasm not started");
    return new TextDecoder().decode(new Uint8Array(state.exports.memory.buffer, ptr, len));
  };
  const hosts: [string, (...args: number[]) => unknown][] = [
    ["__wbg_set_message_", (ptr, len) => void (state.panic = text(ptr, len))],
    ["__wbg_Error_", (ptr, len) => new Error(text(ptr, len))],
    [
      "__wbg___wbindgen_throw_",
      (ptr, len) => {
        throw new Error(text(ptr, len));
      },
    ],
    [
      "__wbindgen_init_externref_table",
      () => {
        // Mirrors wasm-bindgen's generated glue: reserve the well-known slots.
        const table = state.exports?.__wbindgen_externrefs;
        if (!table) return;
        const base = table.grow(4);
        table.set(0, undefined);
        [undefined, null, true, false].forEach((value, i) => table.set(base + i, value));
      },
    ],
  ];
  const imports: Record<string, Record<string, (...args: number[]) => unknown>> = {};
  for (const { module: from, name } of WebAssembly.Module.imports(wasmModule)) {
    const host = hosts.find(([prefix]) => name.startsWith(prefix));
    if (!host) throw new Error(`Prisma's schema wasm needs an unknown import ${name}; update tests/support/prisma-dmmf.ts`);
    (imports[from] ??= {})[name] = host[1];
  }
  const exports = new WebAssembly.Instance(wasmModule, imports).exports as unknown as Exports;
  state.exports = exports;
  exports.__wbindgen_start();
  return { exports, panic: () => state.panic };
}

/** The wasm reports errors as JSON `{ error_code, message }` inside an Error. */
function errorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(raw) as { message?: unknown };
    return typeof parsed.message === "string" ? parsed.message : raw;
  } catch {
    return raw;
  }
}

/** Prisma's datamodel for `schema` (the text of a .prisma file); throws Prisma's validation errors. */
export function getDatamodel(schema: string, fileName = "schema.prisma"): Datamodel {
  const { exports: wasm, panic } = instantiate();
  const input = new TextEncoder().encode(JSON.stringify({ prismaSchema: [[fileName, schema]], noColor: true }));
  const ptr = wasm.__wbindgen_malloc(input.length, 1);
  new Uint8Array(wasm.memory.buffer, ptr, input.length).set(input);
  let result: [number, number, number, number];
  try {
    result = wasm.get_dmmf(ptr, input.length);
  } catch (error) {
    throw new Error(`Prisma's schema wasm crashed: ${panic() ?? String(error)}`);
  }
  const [outPtr, outLen, errIndex, isError] = result;
  if (isError) {
    const error: unknown = wasm.__wbindgen_externrefs.get(errIndex);
    wasm.__externref_table_dealloc(errIndex);
    throw new Error(`Prisma rejected the schema: ${errorMessage(error)}`);
  }
  const json = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, outPtr, outLen));
  wasm.__wbindgen_free(outPtr, outLen, 1);
  return (JSON.parse(json) as { datamodel: Datamodel }).datamodel;
}
