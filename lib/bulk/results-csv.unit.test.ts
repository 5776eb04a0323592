import { describe, expect, it } from "vitest";
import { resultCsvRow, resultsCsvHeader } from "./results-csv";
import type { BulkItemRow } from "./types";

const item = (over: Partial<BulkItemRow>): BulkItemRow => ({
  seq: 1,
  input: "a@x.example",
  userId: "00u1",
  login: "a@x.example",
  email: "a@x.example",
  fromRealmId: null,
  status: "MOVED",
  attempts: 1,
  message: null,
  oktaRequestId: null,
  changedAt: new Date("2026-01-01T00:00:00Z"),
  ...over,
});

describe("bulk results CSV", () => {
  it("neutralises formula prefixes a spreadsheet would run", () => {
    const row = resultCsvRow(item({ input: "=HYPERLINK(\"http://evil\")", login: "+1", email: "-2", message: "@SUM(A1)" }));
    const cells = row.trimEnd().split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    expect(cells[1]).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(cells[3]).toBe("'+1");
    expect(cells[4]).toBe("'-2");
    expect(cells[8]).toBe("'@SUM(A1)");
  });

  it("quotes commas, quotes and line breaks, one line per user", () => {
    const row = resultCsvRow(item({ message: 'Okta said "no",\nbecause' }));
    expect(row).toContain('"Okta said ""no"",\nbecause"');
    expect(row.endsWith("\r\n")).toBe(true);
    expect(resultsCsvHeader()).toBe("row,input,userId,login,email,fromRealmId,result,attempts,message,oktaRequestId,at\r\n");
  });
});
