// Counts what an admin does in the UI (each click, each field filled, each option chosen), so a
// task's cost is a number the e2e can hold to a target.
import type { Locator } from "@playwright/test";

export class ActionCounter {
  count = 0;
  readonly steps: string[] = [];

  private note(what: string): void {
    this.count += 1;
    this.steps.push(what);
  }

  async click(target: Locator, what = "click"): Promise<void> {
    this.note(what);
    await target.click();
  }

  async fill(target: Locator, value: string, what = "fill"): Promise<void> {
    this.note(what);
    await target.fill(value);
  }

  async choose(target: Locator, value: string | { label: string }, what = "choose"): Promise<void> {
    this.note(what);
    await target.selectOption(value);
  }
}
