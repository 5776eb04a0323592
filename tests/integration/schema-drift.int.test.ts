// The database built by prisma/migrations must be exactly what prisma/schema.prisma describes,
// because the client is generated from the schema while the tables come from hand-written SQL.
// Adding a field, index, enum value or model to the schema without a migration fails here.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { testDatabaseUrl } from "../support/database-url";
import { getDatamodel, type DmmfField, type DmmfModel } from "../support/prisma-dmmf";

const datamodel = getDatamodel(readFileSync(path.resolve(__dirname, "../../prisma/schema.prisma"), "utf8"));
const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
const columnOf = (model: DmmfModel, fieldName: string) => {
  const field = model.fields.find((f) => f.name === fieldName);
  return field?.dbName ?? fieldName;
};
const enumDbName = (name: string) => datamodel.enums.find((e) => e.name === name)?.dbName ?? name;

/** Postgres type (udt_name, with precision for timestamps) that Prisma's migrations use for a field. */
function expectedType(field: DmmfField): string {
  if (field.nativeType) throw new Error(`${field.name} uses @db.${field.nativeType[0]}: teach schema-drift.int.test.ts its mapping`);
  const scalar: Record<string, string> = {
    String: "text",
    Int: "int4",
    BigInt: "int8",
    Float: "float8",
    Decimal: "numeric",
    Boolean: "bool",
    DateTime: "timestamp(3)",
    Json: "jsonb",
    Bytes: "bytea",
  };
  const base = field.kind === "enum" ? enumDbName(field.type) : scalar[field.type];
  if (!base) throw new Error(`No Postgres mapping for ${field.type}`);
  return field.isList ? `${base}[]` : base;
}

type Column = { table_name: string; column_name: string; nullable: boolean; type: string };
type Index = { table_name: string; columns: string[]; is_unique: boolean; is_primary: boolean };

let client: pg.Client;
let columns: Column[];
let indexes: Index[];

beforeAll(async () => {
  client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  // udt_name of an array is "_text"; render it as "text[]" and add timestamp precision.
  columns = (
    await client.query<Column>(`
      SELECT table_name::text, column_name::text, is_nullable = 'YES' AS nullable,
             CASE WHEN data_type = 'ARRAY' THEN substr(udt_name, 2) || '[]'
                  WHEN udt_name = 'timestamp' THEN 'timestamp(' || datetime_precision || ')'
                  ELSE udt_name::text END AS type
      FROM information_schema.columns WHERE table_schema = current_schema()`)
  ).rows;
  indexes = (
    await client.query<Index>(`
      SELECT t.relname::text AS table_name, i.indisunique AS is_unique, i.indisprimary AS is_primary,
             array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns
      FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relnamespace = current_schema()::regnamespace`)
  ).rows;
});
afterAll(async () => {
  await client.end();
});

const describeIndex = (i: Index) => `${i.table_name}(${i.columns.join(",")})`;

describe("migrated database matches prisma/schema.prisma", () => {
  test("has a table for every model and no others (besides _prisma_migrations)", async () => {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    const expected = [...datamodel.models.map(tableOf), "_prisma_migrations"].sort();
    expect(rows.map((r) => r.table_name).sort()).toEqual(expected);
  });

  test.each(datamodel.models.map((m) => [m.name, m] as const))("%s: columns, types and nullability", (_name, model) => {
    const expected = model.fields
      .filter((f) => f.kind === "scalar" || f.kind === "enum")
      // Prisma creates list columns without NOT NULL.
      .map((f) => ({ column: f.dbName ?? f.name, type: expectedType(f), nullable: !f.isRequired || f.isList }))
      .sort((a, b) => a.column.localeCompare(b.column));
    const actual = columns
      .filter((c) => c.table_name === tableOf(model))
      .map((c) => ({ column: c.column_name, type: c.type, nullable: c.nullable }))
      .sort((a, b) => a.column.localeCompare(b.column));
    expect(actual).toEqual(expected);
  });

  test("primary keys, unique constraints and indexes are exactly @id/@@id, @unique/@@unique and @@index", () => {
    const expected = datamodel.indexes.map((index) => {
      const model = datamodel.models.find((m) => m.name === index.model);
      if (!model) throw new Error(`index on unknown model ${index.model}`);
      const kind = index.type === "id" ? "primary" : index.type === "unique" ? "unique" : "index";
      return `${kind} ${tableOf(model)}(${index.fields.map((f) => columnOf(model, f.name)).join(",")})`;
    });
    const actual = indexes
      .filter((i) => i.table_name !== "_prisma_migrations")
      .map((i) => `${i.is_primary ? "primary" : i.is_unique ? "unique" : "index"} ${describeIndex(i)}`);
    expect(actual.sort()).toEqual(expected.sort());
  });

  test("enums exist with the same values in the same order, and no others", async () => {
    const { rows } = await client.query<{ name: string; values: string[] }>(`
      SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.typnamespace = current_schema()::regnamespace GROUP BY t.typname`);
    const expected = datamodel.enums.map((e) => ({ name: e.dbName ?? e.name, values: e.values.map((v) => v.dbName ?? v.name) }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(rows.sort(byName)).toEqual(expected.sort(byName));
  });

  test("every relation has its foreign key with the schema's onDelete", async () => {
    const { rows } = await client.query<{ table_name: string; columns: string[]; target: string; target_columns: string[]; on_delete: string }>(`
      SELECT c.conrelid::regclass::text AS table_name, c.confrelid::regclass::text AS target, c.confdeltype::text AS on_delete,
             array(SELECT attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS columns,
             array(SELECT attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS target_columns
      FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`);
    const actions: Record<string, string> = { Cascade: "c", SetNull: "n", Restrict: "r", NoAction: "a", SetDefault: "d" };
    const quoted = (name: string) => `"${name}"`; // regclass::text quotes mixed-case names
    const expected = datamodel.models.flatMap((model) =>
      model.fields
        .filter((f) => f.kind === "object" && (f.relationFromFields?.length ?? 0) > 0)
        .map((f) => {
          const target = datamodel.models.find((m) => m.name === f.type);
          if (!target) throw new Error(`relation to unknown model ${f.type}`);
          const from = f.relationFromFields ?? [];
          // Prisma's default: Restrict when the relation is required, SetNull when optional.
          const onDelete = f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull");
          return `${quoted(tableOf(model))}(${from.map((n) => columnOf(model, n)).join(",")}) -> ${quoted(tableOf(target))}(${(f.relationToFields ?? []).map((n) => columnOf(target, n)).join(",")}) on delete ${actions[onDelete] ?? onDelete}`;
        }),
    );
    const actual = rows.map((r) => `${r.table_name}(${r.columns.join(",")}) -> ${r.target}(${r.target_columns.join(",")}) on delete ${r.on_delete}`);
    expect(actual.sort()).toEqual(expected.sort());
  });
});
