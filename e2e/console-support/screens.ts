// Every screen and dialog of the console, for the accessibility and screenshot e2e: each entry
// brings the page to that state from scratch.
import { expect, type Page } from "@playwright/test";

export type Screen = { name: string; open: (page: Page) => Promise<void> };

async function openRowMenu(page: Page, nickname: string): Promise<void> {
  await page.goto(`/connections?${new URLSearchParams({ q: nickname }).toString()}`);
  await page.getByRole("button", { name: `Actions for ${nickname}` }).click();
  await expect(page.getByRole("menu")).toBeVisible();
}

async function rowDialog(page: Page, nickname: string, item: string, dialog: string): Promise<void> {
  await openRowMenu(page, nickname);
  await page.getByRole("menuitem", { name: item, exact: true }).click();
  await expect(page.getByRole("dialog", { name: dialog })).toBeVisible();
}

/** A realm's Assignments tab with the assignment `name` (which targets the realm) listed. */
async function realmAssignments(page: Page, path: string, name: string): Promise<void> {
  await page.goto(`${path}?tab=assignments`);
  await expect(page.getByRole("rowheader", { name: new RegExp(`^${name}`) })).toBeVisible();
}

async function assignmentMenu(page: Page, path: string, name: string): Promise<void> {
  await realmAssignments(page, path, name);
  await page.getByRole("button", { name: `Actions for ${name}` }).click();
  await expect(page.getByRole("menu")).toBeVisible();
}

/**
 * `c.id` is the console's connection (made through the New connection dialog, default scopes);
 * `c.assignmentsId` a connection to the same org that may also read and manage realm assignments.
 */
export function consoleScreens(c: { id: string; nickname: string; realmId: string; realmName: string; login: string; assignmentName: string; assignmentsId: string }): Screen[] {
  const base = `/connections/${c.id}`;
  const realmWithAssignments = `/connections/${c.assignmentsId}/realms/${c.realmId}`;
  const go = (path: string, ready: (page: Page) => Promise<void>) => async (page: Page) => {
    await page.goto(path);
    await ready(page);
  };
  const h1 = (name: string | RegExp) => (page: Page) => expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return [
    { name: "connections", open: go("/connections", h1("Connections")) },
    {
      name: "connections-new-dialog",
      open: async (page) => {
        await page.goto("/connections");
        await page.getByRole("button", { name: "New connection" }).click();
        await expect(page.getByRole("dialog", { name: "New connection" })).toBeVisible();
      },
    },
    { name: "connections-row-menu", open: (page) => openRowMenu(page, c.nickname) },
    { name: "connections-reauthorize-dialog", open: (page) => rowDialog(page, c.nickname, "Reauthorize", `Reauthorize “${c.nickname}”`) },
    { name: "connections-rename-dialog", open: (page) => rowDialog(page, c.nickname, "Rename", `Rename “${c.nickname}”`) },
    { name: "connections-delete-dialog", open: (page) => rowDialog(page, c.nickname, "Delete", `Delete “${c.nickname}”?`) },
    { name: "realms", open: go(`${base}/realms`, h1("Realms")) },
    { name: "realm-new", open: go(`${base}/realms/new`, h1(/realm/i)) },
    { name: "realm", open: go(`${base}/realms/${c.realmId}`, (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible()) },
    { name: "realm-users", open: go(`${base}/realms/${c.realmId}?tab=users`, (page) => expect(page.getByTestId("stream-count")).toHaveText(/user/)) },
    { name: "realm-assignments", open: (page) => realmAssignments(page, realmWithAssignments, c.assignmentName) },
    { name: "realm-assignment-row-menu", open: (page) => assignmentMenu(page, realmWithAssignments, c.assignmentName) },
    {
      name: "realm-assignment-edit-dialog",
      open: async (page) => {
        await assignmentMenu(page, realmWithAssignments, c.assignmentName);
        await page.getByRole("menuitem", { name: "Edit", exact: true }).click();
        await expect(page.getByRole("dialog", { name: `Edit “${c.assignmentName}”` })).toBeVisible();
      },
    },
    {
      name: "realm-assignment-new-dialog",
      open: async (page) => {
        await realmAssignments(page, realmWithAssignments, c.assignmentName);
        await page.getByRole("button", { name: "New assignment for this realm" }).click();
        await expect(page.getByRole("dialog", { name: `New assignment for ${c.realmName}` })).toBeVisible();
      },
    },
    { name: "realm-user-new", open: go(`${base}/realms/${c.realmId}/users/new`, (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible()) },
    {
      name: "move-user",
      open: go(`${base}/users/move?${new URLSearchParams({ userId: c.login }).toString()}`, (page) => expect(page.getByRole("form", { name: "Move to another realm" })).toBeVisible()),
    },
    { name: "assignments", open: go(`${base}/assignments`, (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible()) },
    {
      name: "assignments-granted",
      open: go(`/connections/${c.assignmentsId}/assignments`, (page) => expect(page.getByRole("rowheader", { name: new RegExp(`^${c.assignmentName}`) })).toBeVisible()),
    },
    { name: "bulk", open: go(`${base}/bulk`, (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible()) },
    { name: "audit", open: go("/audit", h1("Audit log")) },
    { name: "members", open: go("/members", h1("Members")) },
  ];
}
