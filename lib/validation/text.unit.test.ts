import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isMultiLineText, isSingleLineText, multiLine, singleLine, SINGLE_LINE_MESSAGE } from "./text";

describe("text fields", () => {
  it("accept ordinary and international text, emoji included", () => {
    for (const s of ["Acme production", "Ünïcødé 名前", "👩‍👩‍👧‍👦 team", "' OR '1'='1", "<b>x</b>", ""]) {
      expect(isSingleLineText(s), s).toBe(true);
      expect(isMultiLineText(s), s).toBe(true);
    }
  });

  it("refuse NUL, other control characters and lone surrogates", () => {
    for (const s of ["a\u0000b", "\u001b[31m", "x\u007f", "\u0085", "\uD800", "a\uDFFFb", "\uD83Dx"]) {
      expect(isSingleLineText(s), JSON.stringify(s)).toBe(false);
      expect(isMultiLineText(s), JSON.stringify(s)).toBe(false);
    }
  });

  it("let line breaks and tabs through only where a field spans lines", () => {
    for (const s of ["a\nb", "a\r\nb", "a\tb", "a\u2028b"]) expect(isSingleLineText(s), JSON.stringify(s)).toBe(false);
    for (const s of ["login\nalice@example.com\r\n", "a\tb"]) expect(isMultiLineText(s), JSON.stringify(s)).toBe(true);
  });

  it("keep the wrapped schema's own checks and name the problem", () => {
    const name = singleLine(z.string().trim().min(1, "Enter a name").max(5));
    expect(name.parse("  abc ")).toBe("abc");
    expect(name.safeParse("").error?.issues.map((i) => i.message)).toEqual(["Enter a name"]);
    expect(name.safeParse("a\u0000").error?.issues.map((i) => i.message)).toEqual([SINGLE_LINE_MESSAGE]);
    expect(multiLine().safeParse("a\nb").success).toBe(true);
  });
});
