// Records what the app serves to the browser (HTML, RSC payloads, server-action responses, JSON),
// so the secret scan can look for client secrets and tokens in it.
import type { Page, Response } from "@playwright/test";

export class ServedBodies {
  private readonly bodies: string[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly appOrigin: string) {}

  attach(page: Page): void {
    page.on("response", (response) => {
      const task = this.record(response).finally(() => this.pending.delete(task));
      this.pending.add(task);
    });
  }

  private async record(response: Response): Promise<void> {
    if (new URL(response.url()).origin !== this.appOrigin) return;
    const body = await response.text().catch(() => "");
    this.bodies.push(`${response.url()}\n${body}`);
  }

  async all(): Promise<{ count: number; text: string }> {
    await Promise.all([...this.pending]);
    return { count: this.bodies.length, text: this.bodies.join("\n") };
  }
}
