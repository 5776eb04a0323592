/**
 * Prisma passes `contains`/`startsWith` to (I)LIKE as is: escape LIKE's wildcards (and the escape
 * character) so a search for "%" or "_" matches those characters, not everything.
 */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, "\\$&");
