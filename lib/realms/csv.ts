// CSV for the realm users export (RFC 4180), safe to open in a spreadsheet. Pure.
import { displayName, type UserView } from "./views";

/**
 * A cell spreadsheet programs won't run: values starting with = + - @ (or a tab / carriage return,
 * which some programs skip before evaluating) get a leading apostrophe (OWASP's CSV injection
 * advice), then quotes, commas and line breaks are quoted as RFC 4180 says.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: readonly (string | number | boolean | null | undefined)[]): string => `${cells.map(csvCell).join(",")}\r\n`;

export const USER_CSV_HEADER = ["id", "login", "email", "name", "status", "created", "lastLogin"] as const;

export function userCsvRow(u: UserView): string {
  return csvRow([u.id, u.login, u.email, displayName(u), u.status, u.created, u.lastLogin]);
}

export function usersToCsv(users: readonly UserView[]): string {
  return csvRow(USER_CSV_HEADER) + users.map(userCsvRow).join("");
}
