import { describe, expect, test } from "vitest";
import { getDatamodel } from "./prisma-dmmf";

const schema = `
datasource db {
  provider = "postgresql"
}
enum Colour {
  RED
  GREEN
}
model Paint {
  id     Int      @id
  name   String   @unique
  tags   String[]
  colour Colour?
  shop   String
  @@unique([shop, colour])
  @@index([shop])
}`;

describe("getDatamodel (Prisma's schema wasm)", () => {
  test("reads models, fields, enums and every kind of index the way Prisma does", () => {
    const dm = getDatamodel(schema);
    const paint = dm.models.find((m) => m.name === "Paint");
    expect(paint?.fields.map((f) => [f.name, f.type, f.isRequired, f.isList])).toEqual([
      ["id", "Int", true, false],
      ["name", "String", true, false],
      ["tags", "String", true, true],
      ["colour", "Colour", false, false],
      ["shop", "String", true, false],
    ]);
    expect(dm.enums).toEqual([expect.objectContaining({ name: "Colour", values: [expect.objectContaining({ name: "RED" }), expect.objectContaining({ name: "GREEN" })] })]);
    expect(dm.indexes.map((i) => [i.type, i.fields.map((f) => f.name)]).sort()).toEqual([
      ["id", ["id"]],
      ["normal", ["shop"]],
      ["unique", ["name"]],
      ["unique", ["shop", "colour"]],
    ]);
  });

  test("reports Prisma's own validation error for an invalid schema", () => {
    expect(() => getDatamodel(`${schema}\nmodel Broken {\n  id Nope @id\n}\n`)).toThrow(/Type "Nope" is neither a built-in type/);
  });
});
