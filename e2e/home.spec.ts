import { expect, test } from "@playwright/test";

test("the home page shows the product and a healthy system", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Okta Realms Connections" })).toBeVisible();
  const status = page.getByRole("region", { name: "System status" });
  await expect(status.getByText("Connected")).toBeVisible();
  await expect(status.getByText("up to date")).toBeVisible();
});

test("health answers 200 with the app version and up-to-date migrations", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body: unknown = await res.json();
  expect(body).toMatchObject({ ok: true, database: "ok", migrations: "up to date" });
  expect(JSON.stringify(body)).not.toMatch(/postgres(ql)?:\/\//);
});
